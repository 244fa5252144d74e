"""The Streamlit side of the data: the sidebar upload flow and the blocks of the Dữ liệu page.

Checking a file is ``lib.upload.check_file``, storing it ``lib.storage``; this module only asks,
shows and confirms. Nothing is written before the explicit confirm, the uploader is cleared
after it, and a file is never stored twice from one session. Text that came from a user's file
(error details, notes, column names) is shown in tables or as plain text, never as Markdown.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from lib import analytics, data, fmt, settings, storage, templates, texts, ui_auth
from lib.catalogue import Catalogue, CatalogueError, load_catalogue
from lib.upload import CheckResult, check_file

_PERIOD = "_upload_period"             # the month an upload is for
_UPLOADER_ROUND = "_upload_round"      # bumped after a confirm: a new, empty uploader
_STORED_FILES = "_upload_stored"       # sha256 of files stored from this session
_OPEN_PREVIEW = "_upload_open_preview"
_FLASH = "_upload_flash"               # the message shown once after an upload
_RESTORE_FLASH = "_restore_flash"      # … and after a restore


@st.cache_resource(show_spinner=False)
def _recovered(root: str) -> list[str]:
    """Once per server process and data folder: finish or undo writes a killed process left."""
    return storage.recover(root)


@st.cache_resource(max_entries=4, show_spinner=False)
def _catalogue(targets: str, version: str) -> Catalogue:
    return load_catalogue(targets)


@st.cache_data(max_entries=32, show_spinner=False)
def _check(content: bytes, name: str, period: str, targets: str, version: str) -> CheckResult:
    return check_file(content, name, period, _catalogue(targets, version))


def _targets_version(targets: Path) -> str:
    st_ = targets.stat()
    return f"{st_.st_size}:{st_.st_mtime_ns}"


def _periods() -> list[str]:
    return [f"{data.PLAN_YEAR}-{m:02d}" for m in range(1, 13)]


def _default_period(root: Path) -> str:
    """The month after the latest one stored (staff upload the month just ended)."""
    stored = [p for p in storage.months(root) if p.startswith(str(data.PLAN_YEAR))]
    if not stored:
        return _periods()[0]
    year, month = map(int, stored[-1].split("-"))
    return f"{year}-{min(month + 1, 12):02d}"


def upload_sidebar() -> None:
    """Sidebar: choose the month, download its template, upload a file, preview, confirm.
    Only for users allowed to upload (editors, admins, local mode)."""
    if not ui_auth.can("upload"):
        return
    root = data.data_dir()
    _recovered(str(root))
    targets = data.targets_path()
    try:
        version = _targets_version(targets)
        catalogue = _catalogue(str(targets), version)
    except (OSError, CatalogueError):
        return  # the page itself says what is wrong with the targets file
    flash = st.session_state.pop(_FLASH, None)
    with st.sidebar.expander(texts.UPLOAD_TITLE, icon=":material/upload_file:", expanded=bool(flash)):
        if flash:
            st.success(flash, icon=":material/check_circle:")
        periods = _periods()
        # The choice lives in plain session state; the widget (a new one on every page) is set
        # from it before it is drawn, so changing page never changes the month of an upload.
        if st.session_state.get(_PERIOD) not in periods:
            st.session_state[_PERIOD] = _default_period(root)
        st.session_state["_upload_period_widget"] = st.session_state[_PERIOD]
        period = st.selectbox(texts.UPLOAD_MONTH, periods, key="_upload_period_widget", format_func=fmt.period_label,
                              on_change=lambda: st.session_state.update(
                                  {_PERIOD: st.session_state["_upload_period_widget"]}))
        st.download_button(texts.UPLOAD_TEMPLATE_XLSX, data=lambda: templates.template_xlsx(catalogue, period),
                           file_name=f"mau-so-lieu-{period}.xlsx", on_click="ignore", width="stretch",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:")
        st.download_button(texts.UPLOAD_TEMPLATE_CSV, data=lambda: templates.template_csv(catalogue, period),
                           file_name=f"mau-so-lieu-{period}.csv", mime="text/csv", on_click="ignore",
                           width="stretch", icon=":material/download:")
        uploaded = st.file_uploader(
            texts.UPLOAD_FILE, type=["csv", "xlsx"], help=texts.UPLOAD_FILE_HELP,
            key=f"_uploader_{st.session_state.get(_UPLOADER_ROUND, 0)}",
            max_upload_size=max(1, settings.MAX_UPLOAD_BYTES // 1_000_000),
            on_change=lambda: st.session_state.update({_OPEN_PREVIEW: True}),
        )
        if uploaded is None:
            return
        content = uploaded.getvalue()
        digest = hashlib.sha256(content).hexdigest()
        if digest in st.session_state.get(_STORED_FILES, set()):
            st.info(texts.UPLOAD_ALREADY)
            return
        result = _check(content, uploaded.name, period, str(targets), version)
        if result.accepted:
            st.success(texts.UPLOAD_ACCEPTED.format(n=len(result.rows)), icon=":material/task_alt:")
        else:
            st.error(texts.UPLOAD_REJECTED_SHORT.format(n=len(result.errors)), icon=":material/block:")
        open_now = st.session_state.pop(_OPEN_PREVIEW, False)
        if st.button(texts.UPLOAD_PREVIEW, icon=":material/preview:", width="stretch") or open_now:
            _preview(result, period, uploaded.name, digest, root, catalogue)


def _plain_table(frame: pd.DataFrame) -> None:
    st.dataframe(frame, hide_index=True, width="stretch")


def changes_table(result: CheckResult, root: Path, period: str, catalogue: Catalogue) -> pd.DataFrame:
    """Per indicator of the file: the stored value, the new one (exactly as stored, not rounded
    for display), and the note."""
    old = {r["indicator_code"]: r for r in storage.current_rows(root, period)}
    rows = []
    for r in result.rows:
        ind = catalogue.get(r["indicator_code"])
        before = old.get(r["indicator_code"])
        old_text = fmt.exact(before["value"]) if before else "—"
        new_text = fmt.exact(r["value"])
        rows.append({
            texts.COL_NAME: ind["name_vi"],
            texts.COL_UNIT: fmt.unit_label(ind["unit"]),
            texts.COL_OLD: old_text,
            texts.COL_NEW: new_text if new_text != old_text else f"{new_text} ({texts.CHANGE_KEPT})",
            texts.COL_NOTE: r["note"],
        })
    return pd.DataFrame(rows)


@st.dialog(texts.UPLOAD_PREVIEW, width="large")
def _preview(result: CheckResult, period: str, file_name: str, digest: str, root: Path,
             catalogue: Catalogue) -> None:
    label = fmt.period_label(period)
    if not result.accepted:
        st.error(texts.UPLOAD_REJECTED, icon=":material/block:")
        with st.container(border=True):
            for problem in result.errors:  # plain text: the file's own words are never Markdown
                st.text(f"• {problem}")
    else:
        st.success(texts.UPLOAD_ACCEPTED.format(n=len(result.rows)), icon=":material/task_alt:")
    if result.warnings:
        long = sum(len(w) for w in result.warnings) > 400
        with st.expander(f"{texts.UPLOAD_WARNINGS} ({len(result.warnings)})", expanded=not long,
                         icon=":material/info:"):
            for warning in result.warnings:
                st.text(f"• {warning}")
    if not result.accepted:
        return
    st.markdown(f"**{texts.UPLOAD_CHANGES.format(period=label)}**")
    _plain_table(changes_table(result, root, period, catalogue))
    confirm, cancel = st.columns(2)
    if cancel.button(texts.UPLOAD_CANCEL, width="stretch"):
        st.rerun()
    if confirm.button(texts.UPLOAD_CONFIRM.format(period=label), type="primary", width="stretch",
                      icon=":material/save:"):
        if not ui_auth.can("upload"):  # checked again at the moment of writing
            st.error(texts.LOGIN_FORBIDDEN, icon=":material/block:")
            return
        stored = st.session_state.setdefault(_STORED_FILES, set())
        if digest not in stored:  # a double click never stores the file twice
            try:
                entry = storage.import_rows(root, period, result.rows, user=ui_auth.user_name(), source=file_name)
            except storage.StorageError as exc:
                st.error(str(exc), icon=":material/error:")
                return
            stored.add(digest)
            st.session_state[_FLASH] = (texts.UPLOAD_UNCHANGED.format(period=label) if entry.get("unchanged")
                                        else texts.UPLOAD_SAVED.format(period=label, version=entry["version"]))
        st.session_state[_UPLOADER_ROUND] = st.session_state.get(_UPLOADER_ROUND, 0) + 1
        st.rerun()


# --- the Dữ liệu page -------------------------------------------------------------------------

def completeness_grid(store: data.Store, year: int) -> None:
    st.subheader(texts.DATA_COMPLETENESS)
    st.caption(texts.DATA_COMPLETENESS_HELP)
    grid = analytics.completeness(store, year)
    shown = pd.DataFrame({
        texts.COL_NAME: grid["name_vi"],
        **{fmt.month_tick(m): ["✔" if v else "—" for v in grid[m]] for m in range(1, 13)},
    })
    st.dataframe(shown, hide_index=True, width="stretch", height=35 * (len(shown) + 1) + 3,
                 column_config={texts.COL_NAME: st.column_config.TextColumn(width=360)})


def _changes_frame(changes: list[dict], catalogue: Catalogue) -> pd.DataFrame:
    """One row per changed indicator of a version: old → new value and note."""
    rows = []
    for c in changes:
        try:
            ind = catalogue.get(c["indicator_code"])
            name, unit = ind["name_vi"], fmt.unit_label(ind["unit"])
        except KeyError:
            name, unit = c["indicator_code"], ""
        rows.append({texts.COL_NAME: name, texts.COL_UNIT: unit,
                     texts.COL_OLD: fmt.exact(c.get("old")), texts.COL_NEW: fmt.exact(c.get("new")),
                     texts.COL_NOTE: c.get("new_note") or ""})
    return pd.DataFrame(rows)


def history_block(catalogue: Catalogue) -> None:
    """Versions of one month, who/when/what, and restoring one of them."""
    st.subheader(texts.DATA_HISTORY)
    flash = st.session_state.pop(_RESTORE_FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    root = data.data_dir()
    months = storage.months(root)
    if not months:
        st.info(texts.DATA_DEMO)
        return
    period = st.selectbox(texts.DATA_HISTORY_MONTH, months, index=len(months) - 1,
                          format_func=fmt.period_label, key="_history_period")
    versions = storage.history(root, period)
    if not versions:
        st.info(texts.DATA_NO_HISTORY)
        return
    for e in reversed(versions):
        action = texts.ACTION_LABELS.get(e["action"], e["action"])
        if e.get("restored_from"):
            action += f" (từ phiên bản {e['restored_from']})"
        changes = e.get("changes") or []
        title = (f"{texts.COL_VERSION} {e['version']} · {fmt.timestamp(e['time'])} · {e['user']} · "
                 f"{action} · {len(changes)} {texts.INDICATOR_COUNT} thay đổi")
        with st.expander(fmt.md_escape(title), expanded=e is versions[-1]):
            if changes:
                _plain_table(_changes_frame(changes, catalogue))
            else:
                st.caption(texts.UPLOAD_NO_CHANGES)
    choices = [e["version"] for e in versions[:-1]]
    if not choices or not ui_auth.can("restore"):
        return
    st.markdown(f"**{texts.DATA_RESTORE}**")
    st.caption(texts.DATA_RESTORE_HELP)
    version = st.selectbox(texts.DATA_RESTORE_PICK, list(reversed(choices)), key="_restore_version")
    if st.button(texts.DATA_RESTORE_BUTTON.format(version=version), icon=":material/history:") \
            and ui_auth.can("restore"):
        try:
            entry = storage.restore(root, period, version, user=ui_auth.user_name())
        except storage.StorageError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        label = fmt.period_label(period)
        st.session_state[_RESTORE_FLASH] = (texts.UPLOAD_UNCHANGED.format(period=label) if entry.get("unchanged")
                                            else texts.DATA_RESTORED.format(period=label, restored=version,
                                                                    version=entry["version"]))
        st.rerun()
