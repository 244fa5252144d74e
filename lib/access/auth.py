"""Accounts, roles and sign-in rules, without Streamlit (the Streamlit side is ``lib.ui.auth``).

Where accounts live: ``.streamlit/secrets.toml`` in the repository (never committed: it is in
``.gitignore``), or the file named by the environment variable ``TQT_SECRETS``::

    [accounts.lan]                # user name: ASCII letters, digits and . _ - (stored lower-case)
    name = "Nguyễn Thị Lan"
    role = "editor"               # viewer | editor | admin
    password_hash = "$argon2id$v=19$..."

    [roles_by_email]              # sign-in through the identity provider (st.login)
    "lan@quangngai.gov.vn" = "editor"

    [security]                    # optional; these are the defaults
    idle_minutes = 30
    max_failures = 5
    lock_minutes = 15

    [auth]                        # Streamlit's own st.login settings; only its presence matters here

``python -m lib.cli add-user / remove-user / list-users`` edit the accounts (passwords are stored
as argon2id hashes only). Roles: ``viewer`` sees, ``editor`` also uploads and restores months,
``admin`` also manages accounts (``can(role, action)``).

With no account, no ``[auth]`` and nothing wrong in the file the dashboard runs open (local
mode, under a red banner). As soon as the file configures anything, or has an entry that had to
be skipped, signing in is required: a typo in every account never opens the dashboard.

Failed password sign-ins are counted per user name by ``LoginGuard`` (shared by every session and
process through a JSON file under a file lock): from the second failure on the name must wait
2 s, 4 s, 8 s … before the next try, and after ``max_failures`` it is locked for
``lock_minutes``. Names that do not exist are counted exactly like names that do, and get the
same message, so nothing tells whether an account exists.
"""
from __future__ import annotations

import json
import logging
import math
import os
import re
import secrets as _secrets
import threading
import time
import tomllib
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from filelock import FileLock, Timeout

from lib.core import normalise, settings, texts
from lib.core.settings import REPO, data_dir
from lib.storage import fileio

__all__ = [
    "ROLES", "ACTIONS", "can", "Account", "AuthConfig", "load_config", "read_secrets", "secrets_path",
    "SecretsError", "hash_password", "verify_password", "role_for_email", "is_idle", "redact",
    "valid_username", "LoginResult", "LoginGuard", "atomic_write",
]

ROLES = ("viewer", "editor", "admin")
ACTIONS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view"}),
    "editor": frozenset({"view", "upload", "restore"}),
    "admin": frozenset({"view", "upload", "restore", "manage_accounts"}),
}

SECRETS_ENV = "TQT_SECRETS"
DEFAULT_SECRETS = REPO / ".streamlit" / "secrets.toml"
LOGIN_STATE_FILE = ".login_state.json"

USERNAME_MAX = 64
USERNAME_RE = re.compile(r"[A-Za-z0-9._-]{1,%d}" % USERNAME_MAX, re.ASCII)
PASSWORD_MIN = 10            # characters; enforced when a password is set (the CLI)

DEFAULT_IDLE_MINUTES = 30
DEFAULT_MAX_FAILURES = 5
DEFAULT_LOCK_MINUTES = 15
SECURITY_LIMITS = {          # key: (default, largest accepted)
    "idle_minutes": (DEFAULT_IDLE_MINUTES, 24 * 60),
    "max_failures": (DEFAULT_MAX_FAILURES, 100),
    "lock_minutes": (DEFAULT_LOCK_MINUTES, 24 * 60),
}

GUARD_LOCK_TIMEOUT = settings.GUARD_LOCK_TIMEOUT
GUARD_MAX_NAMES = 10_000     # names remembered at most (a flood of made-up names cannot grow it further)

log = logging.getLogger(__name__)


# --- roles -------------------------------------------------------------------------------------

def can(role: str | None, action: str) -> bool:
    """Whether ``role`` may do ``action`` ("view", "upload", "restore", "manage_accounts");
    False for no role, an unknown role or an unknown action."""
    return action in ACTIONS.get(role, frozenset()) if isinstance(role, str) else False


# --- configuration -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Account:
    username: str
    name: str
    role: str
    password_hash: str

    def __repr__(self) -> str:  # never print a hash into a log by accident
        return f"Account(username={self.username!r}, name={self.name!r}, role={self.role!r})"


@dataclass(frozen=True)
class AuthConfig:
    accounts: dict[str, Account]
    roles_by_email: dict[str, str]
    oidc: bool
    idle_minutes: int = DEFAULT_IDLE_MINUTES
    max_failures: int = DEFAULT_MAX_FAILURES
    lock_minutes: int = DEFAULT_LOCK_MINUTES
    problems: list[str] = field(default_factory=list)  # Vietnamese; entries that were skipped

    @property
    def local_mode(self) -> bool:
        """No account, no identity provider and nothing skipped: the app runs open (red banner)."""
        return not self.accounts and not self.oidc and not self.problems


class SecretsError(ValueError):
    """The secrets file exists but cannot be read or is not valid TOML (message in Vietnamese)."""


def valid_username(name) -> bool:
    """ASCII letters, digits and ``. _ -``, 1–64 characters (checked before lower-casing, so that
    no non-ASCII letter can lower-case into an ASCII one)."""
    return isinstance(name, str) and USERNAME_RE.fullmatch(name) is not None


def secrets_path() -> Path:
    """``$TQT_SECRETS``, else ``.streamlit/secrets.toml`` in the repository."""
    return Path(os.environ.get(SECRETS_ENV) or DEFAULT_SECRETS)


def read_secrets(path=None) -> dict:
    """The secrets file as nested dicts (tomllib); {} if it does not exist.
    Raises SecretsError if it exists but cannot be read or parsed (never runs open on a typo)."""
    path = Path(path) if path is not None else secrets_path()
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise SecretsError(texts.AUTH_SECRETS_UNREADABLE.format(path=path, msg=exc.strerror or exc)) from exc
    try:
        return tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SecretsError(texts.AUTH_SECRETS_UNREADABLE.format(path=path, msg=exc)) from exc


def _is_hash(value) -> bool:
    if not isinstance(value, str) or not value.startswith("$argon2"):
        return False
    try:
        extract_parameters(value)
    except (InvalidHashError, ValueError, TypeError):
        return False
    return True


def _load_accounts(section, problems: list[str]) -> dict[str, Account]:
    accounts: dict[str, Account] = {}
    if section is None:
        return accounts
    if not isinstance(section, Mapping):
        problems.append(texts.AUTH_PROBLEM_ACCOUNTS)
        return accounts
    for key, entry in section.items():
        shown = str(key)[:USERNAME_MAX]
        if not valid_username(key):
            problems.append(texts.AUTH_PROBLEM_USERNAME.format(username=shown))
            continue
        username = key.lower()
        if not isinstance(entry, Mapping):
            problems.append(texts.AUTH_PROBLEM_ENTRY.format(username=shown))
            continue
        role = entry.get("role")
        if role not in ROLES:
            problems.append(texts.AUTH_PROBLEM_ROLE.format(username=shown, role=role))
            continue
        password_hash = entry.get("password_hash")
        if not _is_hash(password_hash):
            problems.append(texts.AUTH_PROBLEM_HASH.format(username=shown))
            continue
        if username in accounts:
            problems.append(texts.AUTH_PROBLEM_DUPLICATE.format(username=shown))
            continue
        name = entry.get("name")
        name = name.strip() if isinstance(name, str) and name.strip() else username
        accounts[username] = Account(username, normalise.nfc(name), role, password_hash)
    return accounts


def _load_roles_by_email(section, problems: list[str]) -> dict[str, str]:
    roles: dict[str, str] = {}
    if section is None:
        return roles
    if not isinstance(section, Mapping):
        problems.append(texts.AUTH_PROBLEM_EMAILS)
        return roles
    for email, role in section.items():
        address = str(email).strip().lower()
        if "@" not in address:
            problems.append(texts.AUTH_PROBLEM_EMAIL.format(email=email))
        elif role not in ROLES:
            problems.append(texts.AUTH_PROBLEM_EMAIL_ROLE.format(email=email, role=role))
        else:
            roles[address] = role
    return roles


def _load_security(section, problems: list[str]) -> dict[str, int]:
    values = {key: default for key, (default, _) in SECURITY_LIMITS.items()}
    if section is None:
        return values
    if not isinstance(section, Mapping):
        problems.append(texts.AUTH_PROBLEM_SECURITY_SECTION)
        return values
    for key, (default, highest) in SECURITY_LIMITS.items():
        if key not in section:
            continue
        value = section[key]
        if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= highest:
            values[key] = value
        else:
            problems.append(texts.AUTH_PROBLEM_SECURITY.format(key=key, value=value, highest=highest,
                                                               default=default))
    return values


def load_config(secrets: Mapping) -> AuthConfig:
    """The sign-in configuration from a nested mapping (``st.secrets`` or ``read_secrets()``).
    Entries that cannot be used (bad user name or role, missing or malformed hash, duplicate
    name) are skipped and described in ``problems`` (Vietnamese)."""
    secrets = secrets if secrets is not None else {}
    problems: list[str] = []
    accounts = _load_accounts(secrets.get("accounts"), problems)
    roles_by_email = _load_roles_by_email(secrets.get("roles_by_email"), problems)
    security = _load_security(secrets.get("security"), problems)
    oidc = "auth" in secrets
    if oidc and not isinstance(secrets.get("auth"), Mapping):
        problems.append(texts.AUTH_PROBLEM_OIDC)
    return AuthConfig(accounts=accounts, roles_by_email=roles_by_email, oidc=oidc, problems=problems,
                      **security)


def redact(config: AuthConfig) -> list[dict]:
    """The accounts for display, sorted by user name: username, name, role; never the hash."""
    return [{"username": a.username, "name": a.name, "role": a.role}
            for _, a in sorted(config.accounts.items())]


def role_for_email(config: AuthConfig, email: str | None) -> str | None:
    """The role ``[roles_by_email]`` gives an address (case-insensitive), or None."""
    if not isinstance(email, str) or not email.strip():
        return None
    return config.roles_by_email.get(email.strip().lower())


def is_idle(last_activity: float, now: float, idle_minutes: int) -> bool:
    """Whether a session last active at ``last_activity`` has been idle ``idle_minutes`` or more."""
    return now - last_activity >= idle_minutes * 60


# --- passwords -----------------------------------------------------------------------------------

_HASHER = PasswordHasher()   # argon2id, RFC 9106 "low memory" profile (t=3, m=64 MiB, p=4)
_DUMMY: tuple[PasswordHasher, str] | None = None


def hash_password(password: str) -> str:
    """An argon2id hash (``$argon2id$v=19$…``) of the password (NFC-normalised first)."""
    if not isinstance(password, str):
        raise TypeError("password must be a str")
    return _HASHER.hash(normalise.nfc(password))  # typed with another input method, it may arrive decomposed


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches the hash; False (never an exception) for a wrong password,
    a malformed or empty hash, or values that are not strings."""
    if not isinstance(password_hash, str) or not isinstance(password, str) or not password_hash:
        return False
    try:
        return _HASHER.verify(password_hash, normalise.nfc(password))
    except (VerificationError, InvalidHashError, ValueError, TypeError):
        return False
    except Exception:  # noqa: BLE001 - a hash that breaks the library is still just "no"
        log.warning("verify_password: unusable hash", exc_info=True)
        return False


def _dummy_hash() -> str:
    """A hash of a random password with the current parameters: unknown names are verified
    against it, so that they take as long as a wrong password."""
    global _DUMMY
    dummy = _DUMMY
    if dummy is None or dummy[0] is not _HASHER:
        dummy = _DUMMY = (_HASHER, _HASHER.hash(_secrets.token_urlsafe(24)))
    return dummy[1]


# --- files ----------------------------------------------------------------------------------------

def _part_path(target: Path) -> Path:
    # Deliberately not lib.storage.month_store's temp-name pattern: its recovery deletes those in the data folder.
    return target.parent / f"{target.name}.{os.getpid()}-{_secrets.token_hex(4)}.part"


def atomic_write(target, content: bytes, *, mode: int = 0o600) -> None:
    """Replace ``target`` with ``content`` all at once: a temp file in the same folder created
    with ``mode``, fsync, ``os.replace``, fsync of the folder. A reader sees the old or the new
    file, never a torn one. Where the process may (root), the file keeps the owner of the file
    it replaces, or takes the folder's owner when new."""
    fileio.atomic_write(target, content, mode=mode, temp_name=_part_path, durable_parents=False,
                        exact_mode=True, keep_owner=True)


# --- failed sign-ins ------------------------------------------------------------------------------

@dataclass(frozen=True)
class LoginResult:
    ok: bool
    account: Account | None
    message: str        # Vietnamese; "" on success
    retry_after: float  # seconds before this name may try again (0: now)


class _GuardLock:
    """Per process and state file: a thread lock, then a FileLock against other processes."""

    def __init__(self, path: str):
        self.thread_lock = threading.Lock()
        self.file_lock = FileLock(path, timeout=GUARD_LOCK_TIMEOUT, thread_local=False,
                                  fallback_to_soft=False, poll_interval=0.01)


_GUARD_LOCKS: dict[tuple[int, str], _GuardLock] = {}
_GUARD_LOCKS_GUARD = threading.Lock()


class _Busy(TimeoutError):
    """The state file stayed locked by another sign-in for GUARD_LOCK_TIMEOUT seconds."""


class LoginGuard:
    """Failed sign-ins slowed down then locked, per account name (also for names that don't exist,
    so responses never reveal whether an account exists), shared by every session of the process
    and persisted in a JSON file (default ``data_dir()/.login_state.json``) under a filelock,
    written atomically.

    Per name: the n-th failure in a row (n ≥ 2) makes the name wait 2^(n-1) s (2, 4, 8 … s)
    before its next try; the ``max_failures``-th locks it for ``lock_minutes``. A try inside the
    wait is refused without looking at the password and counts nothing. A success, the end of
    a lock, ``lock_minutes`` without a failure, or ``unlock`` start the name afresh.

    A try is counted as a failure *before* the password is checked (then undone on success),
    so parallel tries cannot slip past the wait. If the state file cannot be locked or written,
    sign-in is refused (never allowed without counting)."""

    def __init__(self, path: Path | None = None, *, max_failures: int = DEFAULT_MAX_FAILURES,
                 lock_minutes: int = DEFAULT_LOCK_MINUTES, clock: Callable[[], float] = time.time):
        self.path = Path(path) if path is not None else data_dir() / LOGIN_STATE_FILE
        self.max_failures = max(1, int(max_failures))
        self.lock_seconds = max(1, int(lock_minutes)) * 60
        self.clock = clock

    @classmethod
    def for_config(cls, config: AuthConfig, path: Path | None = None, **kwargs) -> "LoginGuard":
        return cls(path, max_failures=config.max_failures, lock_minutes=config.lock_minutes, **kwargs)

    # -- the state file --

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = os.path.realpath(self.path.parent / f"{self.path.name}.lock")
        key = (os.getpid(), lock_path)
        with _GUARD_LOCKS_GUARD:
            lock = _GUARD_LOCKS.get(key)
            if lock is None:
                lock = _GUARD_LOCKS[key] = _GuardLock(lock_path)
        if not lock.thread_lock.acquire(timeout=GUARD_LOCK_TIMEOUT):
            raise _Busy()
        try:
            try:
                lock.file_lock.acquire()
            except Timeout:
                raise _Busy() from None
            try:
                yield
            finally:
                lock.file_lock.release()
        finally:
            lock.thread_lock.release()

    def _load(self) -> dict[str, dict]:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, ValueError):
            log.warning("%s cannot be read; starting from no failed sign-ins", self.path)
            return {}
        names = raw.get("names") if isinstance(raw, dict) else None
        state = {}
        for name, entry in (names.items() if isinstance(names, dict) else ()):
            try:
                state[str(name)] = {"failures": int(entry["failures"]), "last": float(entry["last"]),
                                    "until": float(entry["until"]), "locked": bool(entry["locked"])}
            except (KeyError, TypeError, ValueError):
                continue
        return state

    def _save(self, state: dict[str, dict]) -> None:
        for stale in self.path.parent.glob(f"{self.path.name}.*.part"):  # left by a killed writer
            try:
                stale.unlink()
            except OSError:
                pass
        content = json.dumps({"version": 1, "names": state}, ensure_ascii=False, indent=1, sort_keys=True)
        atomic_write(self.path, (content + "\n").encode("utf-8"), mode=0o600)

    def _prune(self, state: dict[str, dict], now: float) -> None:
        for name in list(state):
            entry = state[name]
            if entry["locked"] and entry["until"] <= now:
                del state[name]  # the lock is over: a fresh start
            elif not entry["locked"] and now - entry["last"] >= self.lock_seconds:
                del state[name]  # failures long ago are forgotten
        if len(state) > GUARD_MAX_NAMES:  # a flood of names: forget the oldest, locked ones last
            order = sorted(state, key=lambda n: (state[n]["locked"] and state[n]["until"] > now, state[n]["last"]))
            for name in order[:len(state) - GUARD_MAX_NAMES]:
                del state[name]

    # -- the rules --

    @staticmethod
    def _key(username) -> str:
        return (username if isinstance(username, str) else "").strip().lower()[:USERNAME_MAX]

    def _failed(self, entry: dict | None, now: float) -> dict:
        failures = (entry["failures"] if entry else 0) + 1
        if failures >= self.max_failures:
            return {"failures": failures, "last": now, "until": now + self.lock_seconds, "locked": True}
        wait = min(2.0 ** (failures - 1), self.lock_seconds) if failures >= 2 else 0.0
        return {"failures": failures, "last": now, "until": now + wait, "locked": False}

    @staticmethod
    def _wait_message(entry: dict, wait: float) -> str:
        if entry["locked"]:
            return texts.LOGIN_LOCKED.format(minutes=max(1, math.ceil(wait / 60)))
        return texts.LOGIN_WAIT.format(seconds=max(1, math.ceil(wait)))

    def attempt(self, config: AuthConfig, username: str, password: str) -> "LoginResult":
        """Check a user name and password, unless the name must wait; see the class docstring."""
        key = self._key(username)
        now = self.clock()
        try:
            with self._locked():
                state = self._load()
                self._prune(state, now)
                entry = state.get(key)
                if entry is not None and entry["until"] > now:
                    wait = entry["until"] - now
                    return LoginResult(False, None, self._wait_message(entry, wait), wait)
                entry = state[key] = self._failed(entry, now)  # counted now, undone on success
                self._prune(state, now)
                self._save(state)
        except _Busy:
            return LoginResult(False, None, texts.LOGIN_BUSY, 1.0)
        except OSError as exc:
            log.error("login state %s: %s", self.path, exc)
            return LoginResult(False, None, texts.LOGIN_STATE_ERROR, 1.0)

        typed = username.strip() if isinstance(username, str) else ""
        account = config.accounts.get(typed.lower()) if valid_username(typed) else None
        ok = verify_password(account.password_hash if account else _dummy_hash(), password)
        if account is not None and ok:
            try:
                with self._locked():
                    state = self._load()
                    if state.pop(key, None) is not None:
                        self._save(state)
            except (_Busy, OSError) as exc:  # the password was right; the counter stays (harmless)
                log.warning("login state %s not reset: %r", self.path, exc)
            return LoginResult(True, account, "", 0.0)
        return LoginResult(False, None, texts.LOGIN_FAILED, max(0.0, entry["until"] - now))

    def unlock(self, username) -> None:
        """Forget the failures of a name (an administrator's decision). Raises OSError
        (TimeoutError when the state file stays locked) if that cannot be saved."""
        key = self._key(username)
        with self._locked():
            state = self._load()
            if state.pop(key, None) is not None:
                self._save(state)

    def status(self) -> dict[str, dict]:
        """The names that have failures now: {name: {"failures", "locked", "retry_after",
        "last_failure"}} (times: seconds; last_failure as the clock gives it)."""
        now = self.clock()
        state = self._load()  # no lock needed: the file is only ever replaced whole
        self._prune(state, now)
        return {name: {"failures": e["failures"], "locked": e["locked"],
                       "retry_after": max(0.0, e["until"] - now), "last_failure": e["last"]}
                for name, e in sorted(state.items())}
