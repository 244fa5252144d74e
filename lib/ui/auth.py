"""The Streamlit side of access: the sign-in gate every page passes first, the user box, logout.

The rules (accounts, roles, password hashing, throttling and lock-out) are ``lib.access.auth``; this
module asks for credentials, remembers who is signed in for the browser session, ends idle
sessions and shows the red banner of local mode. Nothing of the data is drawn before
``require`` has returned.
"""
from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from lib.access import auth
from lib.analytics import datastore
from lib.core import texts

_USER = "_auth_user"            # {"username", "name", "role", "via"}
_LAST_SEEN = "_auth_last_seen"  # time of the last run of a signed-in session
_NOTICE = "_auth_notice"        # a message for the sign-in screen (idle timeout, signed out)


@st.cache_resource(show_spinner=False)
def _guard(path: str, max_failures: int, lock_minutes: int) -> auth.LoginGuard:
    """One guard per server process: every session counts failures against the same names."""
    return auth.LoginGuard(Path(path), max_failures=max_failures, lock_minutes=lock_minutes)


@st.cache_data(max_entries=4, show_spinner=False)
def _config(path: str, stamp: str) -> auth.AuthConfig:
    return auth.load_config(auth.read_secrets(Path(path)))


def config() -> auth.AuthConfig:
    """The accounts and sign-in settings, re-read whenever the secrets file changes."""
    path = auth.secrets_path()
    try:
        st_ = path.stat()
        stamp = f"{st_.st_size}:{st_.st_mtime_ns}"
    except FileNotFoundError:
        stamp = "missing"
    try:
        return _config(str(path), stamp)
    except auth.SecretsError as exc:  # a broken secrets file keeps the app closed, and says why
        st.error(str(exc), icon=":material/error:")
        st.stop()


def current_user() -> dict | None:
    return st.session_state.get(_USER)


def user_name() -> str:
    user = current_user()
    return user["name"] if user else texts.LOCAL_USER


def can(action: str) -> bool:
    user = current_user()
    return bool(user) and auth.can(user["role"], action)


def _sign_out(notice: str | None = None) -> None:
    user = st.session_state.pop(_USER, None)
    st.session_state.pop(_LAST_SEEN, None)
    if notice:
        st.session_state[_NOTICE] = notice
    if user and user.get("via") == "oidc":
        st.logout()  # ends the identity provider's cookie too; reruns by itself


def require(action: str = "view") -> dict:
    """The gate: returns the signed-in user allowed to ``action``, or draws the sign-in screen
    (or a refusal) and stops the page. Called first by every page."""
    cfg = config()
    if cfg.local_mode:
        st.error(texts.LOCAL_MODE_BANNER, icon=":material/lock_open:")
        user = {"username": "local", "name": texts.LOCAL_USER, "role": "editor", "via": "local"}
        st.session_state[_USER] = user
        return user

    user = current_user()
    if user and user.get("via") == "local":  # secrets appeared since: sign in for real
        user = None
        st.session_state.pop(_USER, None)
    now = time.time()
    if user and auth.is_idle(st.session_state.get(_LAST_SEEN, now), now, cfg.idle_minutes):
        _sign_out(texts.LOGIN_IDLE.format(minutes=cfg.idle_minutes))
        user = None
    if user is None and cfg.oidc and st.user.get("is_logged_in"):
        role = auth.role_for_email(cfg, st.user.get("email"))
        if role is None:
            st.error(texts.LOGIN_NO_ROLE.format(email=st.user.get("email") or "?"), icon=":material/block:")
            st.button(texts.LOGOUT, on_click=st.logout)
            st.stop()
        user = {"username": st.user.get("email"), "name": st.user.get("name") or st.user.get("email"),
                "role": role, "via": "oidc"}
        st.session_state[_USER] = user
    if user is None:
        _sign_in_screen(cfg)
        st.stop()

    st.session_state[_LAST_SEEN] = now
    _user_box(user)
    if not auth.can(user["role"], action):
        st.error(texts.LOGIN_FORBIDDEN, icon=":material/block:")
        st.stop()
    return user


def _sign_in_screen(cfg: auth.AuthConfig) -> None:
    st.title(texts.LOGIN_TITLE)
    st.caption(f"{texts.APP_TITLE} · {texts.WARD}")
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(notice, icon=":material/info:")
    if cfg.oidc:
        st.button(texts.LOGIN_OIDC, type="primary", icon=":material/badge:", on_click=st.login)
    if not cfg.accounts:
        return
    with st.form("login", enter_to_submit=True):
        username = st.text_input(texts.LOGIN_USERNAME, autocomplete="username")
        password = st.text_input(texts.LOGIN_PASSWORD, type="password", autocomplete="current-password")
        submitted = st.form_submit_button(texts.LOGIN_SUBMIT, type="primary", icon=":material/login:")
    if not submitted:
        return
    guard = _guard(str(datastore.data_dir() / ".login_state.json"), cfg.max_failures, cfg.lock_minutes)
    result = guard.attempt(cfg, username.strip(), password)
    if not result.ok:
        st.error(result.message, icon=":material/error:")
        return
    account = result.account
    st.session_state[_USER] = {"username": account.username, "name": account.name or account.username,
                               "role": account.role, "via": "password"}
    st.session_state[_LAST_SEEN] = time.time()
    st.rerun()  # the same URL: the view that was asked for opens


def _user_box(user: dict) -> None:
    with st.sidebar.container(border=True):
        st.markdown(f"**{texts.LOGIN_SIGNED_IN}**")
        st.text(f"{user['name']} · {texts.ROLE_LABELS.get(user['role'], user['role'])}")
        if user.get("via") != "local":
            st.button(texts.LOGOUT, icon=":material/logout:", width="stretch",
                      on_click=_sign_out, args=(texts.LOGOUT_DONE,))
