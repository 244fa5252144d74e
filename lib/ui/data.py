"""The Streamlit side of the data: the sidebar upload flow and the blocks of the Dữ liệu page.

Checking a file is ``lib.upload.check_file``, storing it ``lib.storage.month_store``; this module only asks,
shows and confirms. Nothing is written before the explicit confirm, the uploader is cleared
after it, and a file is never stored twice from one session. Text that came from a user's file
(error details, notes, column names) is shown in tables or as plain text, never as Markdown.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import streamlit as st

from lib.analytics import datastore, formulas
from lib.core import fmt, settings, texts
from lib.readers import org_units as units_mod
from lib.readers.catalogue import Catalogue, CatalogueError, load_catalogue
from lib.storage import month_store
from lib.ui import auth as ui_auth
from lib.ui import state as ui_state
from lib.upload import CheckResult, check_file, stored_months
from lib.views import templates

_PERIOD = "_upload_period"             # the month an upload is for
_UPLOADER_ROUND = "_upload_round"      # bumped after a confirm: a new, empty uploader
_STORED_FILES = "_upload_stored"       # sha256 of files stored from this session
_OPEN_PREVIEW = "_upload_open_preview"
_FLASH = "_upload_flash"               # the message shown once after an upload
_RESTORE_FLASH = "_restore_flash"      # … and after a restore


@st.cache_resource(show_spinner=False)
def _recovered(root: str) -> list[str]:
    """Once per server process and data folder: finish or undo writes a killed process left."""
    return month_store.recover(root)


@st.cache_resource(max_entries=4, show_spinner=False)
def _catalogue(targets: str, version: str) -> Catalogue:
    return load_catalogue(targets)


@st.cache_resource(max_entries=4, show_spinner=False)
def _units(path: str, version: str) -> pd.DataFrame | None:
    """The reporting units (units.csv), or None when the file is unusable (check_file then says why
    if a file needs them)."""
    try:
        return units_mod.load_units(path)
    except units_mod.UnitsError:
        return None


def _current_units() -> pd.DataFrame | None:
    path = units_mod.units_path()
    try:
        return _units(str(path), _targets_version(path))
    except OSError:
        return None


@st.cache_data(max_entries=32, show_spinner=False)
def _check(content: bytes, name: str, period: str, targets: str, version: str, units_version: str,
           stored: pd.DataFrame) -> CheckResult:
    """``stored``: the months stored before ``period`` (year-to-date totals need them; part of the key)."""
    return check_file(content, name, period, _catalogue(targets, version), units=_current_units(), stored=stored)


def _targets_version(targets: Path) -> str:
    st_ = targets.stat()
    return f"{st_.st_size}:{st_.st_mtime_ns}"


def _units_version() -> str:
    try:
        return _targets_version(units_mod.units_path())
    except OSError:
        return ""


def _periods() -> list[str]:
    return [f"{datastore.PLAN_YEAR}-{m:02d}" for m in range(1, 13)]


def _default_period(root: Path) -> str:
    """The month after the latest one stored (staff upload the month just ended)."""
    stored = [p for p in month_store.months(root) if p.startswith(str(datastore.PLAN_YEAR))]
    if not stored:
        return _periods()[0]
    year, month = map(int, stored[-1].split("-"))
    return f"{year}-{min(month + 1, 12):02d}"


def upload_sidebar() -> None:
    """Sidebar: choose the month, download its template, upload a file, preview, confirm.
    Only for users allowed to upload (editors, admins, local mode)."""
    if not ui_auth.can("upload"):
        return
    root = datastore.data_dir()
    _recovered(str(root))
    targets = datastore.targets_path()
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
        stored = stored_months(root, period)  # the template's reference figures, the check's year to date
        st.download_button(texts.UPLOAD_TEMPLATE_XLSX, data=lambda: templates.template_xlsx(catalogue, period, stored),
                           file_name=f"mau-so-lieu-{period}.xlsx", on_click="ignore", width="stretch",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           icon=":material/download:")
        st.download_button(texts.UPLOAD_TEMPLATE_CSV, data=lambda: templates.template_csv(catalogue, period, stored),
                           file_name=f"mau-so-lieu-{period}.csv", mime="text/csv", on_click="ignore",
                           width="stretch", icon=":material/download:")
        _unit_template_buttons(catalogue, period, stored)
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
        result = _check(content, uploaded.name, period, str(targets), version, _units_version(), stored)
        if result.accepted:
            st.success(texts.UPLOAD_ACCEPTED.format(n=result.indicator_count), icon=":material/task_alt:")
        else:
            st.error(texts.UPLOAD_REJECTED_SHORT.format(n=len(result.errors)), icon=":material/block:")
        open_now = st.session_state.pop(_OPEN_PREVIEW, False)
        if st.button(texts.UPLOAD_PREVIEW, icon=":material/preview:", width="stretch") or open_now:
            _preview(result, period, uploaded.name, digest, root, catalogue)


def _unit_template_buttons(catalogue: Catalogue, period: str, stored: pd.DataFrame | None = None) -> None:
    """The template by residential group, when some indicator is collected per tổ dân phố."""
    units = _current_units()
    if units is None or not any(units_mod.by_unit(r) for r in catalogue.indicators.to_dict("records")):
        return
    st.download_button(texts.UPLOAD_TEMPLATE_UNITS_XLSX,
                       data=lambda: templates.unit_template_xlsx(catalogue, units, period, stored),
                       file_name=f"mau-so-lieu-theo-to-{period}.xlsx", on_click="ignore", width="stretch",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", help=texts.UPLOAD_TEMPLATE_UNITS_HELP)
    st.download_button(texts.UPLOAD_TEMPLATE_UNITS_CSV,
                       data=lambda: templates.unit_template_csv(catalogue, units, period, stored),
                       file_name=f"mau-so-lieu-theo-to-{period}.csv", mime="text/csv", on_click="ignore",
                       width="stretch", icon=":material/download:", help=texts.UPLOAD_TEMPLATE_UNITS_HELP)


def _plain_table(frame: pd.DataFrame) -> None:
    st.dataframe(frame, hide_index=True, width="stretch")


def _unit_frame(rows: list[dict], period: str) -> pd.DataFrame:
    year, month = map(int, period.split("-"))
    return pd.DataFrame([{"year": year, "month": month, "unit": r["unit"], "code": r["indicator_code"],
                          "value": r["value"], "note": r["note"]} for r in rows if r.get("unit")],
                        columns=["year", "month", "unit", "code", "value", "note"])


def _ward_values(rows: list[dict], period: str, catalogue: Catalogue, units: pd.DataFrame) -> dict[str, dict]:
    """code → the ward row (value, note, n_units) derived from the unit rows of a whole month."""
    frame = _unit_frame(rows, period)
    if frame.empty:
        return {}
    return {r["code"]: r for r in datastore.derive_ward(frame, catalogue, units).to_dict("records")}


def changes_table(result: CheckResult, root: Path, period: str, catalogue: Catalogue,
                  units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per row of the file: the stored value, the new one (exactly as stored, not rounded for
    display), and the note. A file with groups' figures gets a column “Đơn vị báo cáo”, and after
    each by-unit indicator's groups the ward's figure derived from them, before and after (the
    stored groups the file does not mention count too: they are kept). “Before” of a ward figure
    is what the dashboard shows now: the stored ward row, or the one derived from stored groups.
    From February on, a column “Lũy kế từ đầu năm (sau khi lưu)” gives a summed indicator's
    year-to-date total with this month (whichever of the two the file gave), when the year's
    earlier months are stored."""
    stored = month_store.current_rows(root, period)
    with_ytd = int(period[5:7]) > 1 and bool(result.year_to_date)
    old = {(r["indicator_code"], r.get("unit", "")): r for r in stored}
    with_units = bool(result.unit_rows) and units is not None
    names = dict(zip(units["code"], units["display_name"])) if with_units else {}
    derived_before = (_ward_values(stored, period, catalogue, units)
                      if units is not None and any(r.get("unit") for r in stored) else {})
    if with_units:
        ward_after = _ward_values(month_store.merge(stored, result.rows), period, catalogue, units)
        n_groups = len(units_mod.residential(units))
    rows = []

    def add(ind: dict, unit_label: str | None, old_text: str, new_text: str, note: str, unit_code: str | None = None) -> None:
        row = {texts.COL_NAME: ind["name_vi"]}
        if with_units:
            row[texts.COL_REPORTING_UNIT] = unit_label
        row.update({
            texts.COL_UNIT: fmt.unit_label(ind["unit"]),
            texts.COL_OLD: old_text,
            texts.COL_NEW: new_text if new_text != old_text else f"{new_text} ({texts.CHANGE_KEPT})",
        })
        if with_ytd:
            ytd = result.year_to_date.get((ind["code"], unit_code)) if unit_code is not None else None
            row[texts.COL_YEAR_TO_DATE] = fmt.exact(ytd) if ytd is not None else "—"
        row[texts.COL_NOTE] = note
        rows.append(row)

    def ward_before(ind: dict, exact: bool) -> str:
        """The ward figure shown now: exactly as stored, or a derived one as the dashboard writes it
        (its decimals; the unit is in the ĐVT column)."""
        if (ind["code"], "") in old:
            value = old[ind["code"], ""]["value"]
            return fmt.exact(value) if exact else fmt.of(ind, value, with_unit=False)
        if ind["code"] in derived_before:
            return fmt.of(ind, derived_before[ind["code"]]["value"], with_unit=False)
        return "—"

    for code in dict.fromkeys(r["indicator_code"] for r in result.rows):
        ind = catalogue.get(code)
        mine = [r for r in result.rows if r["indicator_code"] == code]
        for r in mine:
            if r.get("unit"):
                before = old.get((code, r["unit"]))
                add(ind, names.get(r["unit"], r["unit"]), fmt.exact(before["value"]) if before else "—",
                    fmt.exact(r["value"]), r["note"], r["unit"])
            else:
                add(ind, texts.UNIT_WARD, ward_before(ind, exact=True), fmt.exact(r["value"]), r["note"], "")
        if with_units and mine[0].get("unit"):
            after = ward_after[code]
            label = texts.UNIT_WARD_DERIVED.format(rule=texts.UNIT_RULES[units_mod.by_unit(ind)],
                                                   n=after["n_units"], total=n_groups)
            add(ind, label, ward_before(ind, exact=False), fmt.of(ind, after["value"], with_unit=False), "")
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
        st.success(texts.UPLOAD_ACCEPTED.format(n=result.indicator_count), icon=":material/task_alt:")
        if result.unit_rows:
            st.caption(texts.UPLOAD_ACCEPTED_UNITS.format(
                k=len({r["indicator_code"] for r in result.unit_rows}), rows=len(result.unit_rows)))
    if result.warnings:
        long = sum(len(w) for w in result.warnings) > 400
        with st.expander(f"{texts.UPLOAD_WARNINGS} ({len(result.warnings)})", expanded=not long,
                         icon=":material/info:"):
            for warning in result.warnings:
                st.text(f"• {warning}")
    if not result.accepted:
        return
    st.markdown(f"**{texts.UPLOAD_CHANGES.format(period=label)}**")
    _plain_table(changes_table(result, root, period, catalogue, _current_units()))
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
                entry = month_store.import_rows(root, period, result.rows, user=ui_auth.user_name(), source=file_name)
            except month_store.StorageError as exc:
                st.error(str(exc), icon=":material/error:")
                return
            stored.add(digest)
            st.session_state[_FLASH] = (texts.UPLOAD_UNCHANGED.format(period=label) if entry.get("unchanged")
                                        else texts.UPLOAD_SAVED.format(period=label, version=entry["version"]))
        ui_state.show_month(*map(int, period.split("-")))  # the pages now show the saved month
        st.session_state[_UPLOADER_ROUND] = st.session_state.get(_UPLOADER_ROUND, 0) + 1
        st.rerun()


# --- the Dữ liệu page -------------------------------------------------------------------------

def completeness_grid(store: datastore.Store, year: int) -> None:
    st.subheader(texts.DATA_COMPLETENESS)
    st.caption(texts.DATA_COMPLETENESS_HELP)
    grid = formulas.completeness(store, year)
    shown = pd.DataFrame({
        texts.COL_NAME: grid["name_vi"],
        **{fmt.month_tick(m): ["✔" if v else "—" for v in grid[m]] for m in range(1, 13)},
    })
    st.dataframe(shown, hide_index=True, width="stretch", height=35 * (len(shown) + 1) + 3,
                 column_config={texts.COL_NAME: st.column_config.TextColumn(width=360)})


def _changes_frame(changes: list[dict], catalogue: Catalogue, before: str = texts.HIST_COL_BEFORE,
                   after: str = texts.HIST_COL_AFTER) -> pd.DataFrame:
    """One row per changed row of a version (indicator, and group when a group's): the value
    before → after, exactly as stored, and the note after the change."""
    with_units = any(c.get("unit") for c in changes)
    units = _current_units() if with_units else None
    names = dict(zip(units["code"], units["display_name"])) if units is not None else {}
    rows = []
    for c in changes:
        try:
            ind = catalogue.get(c["indicator_code"])
            name, unit = ind["name_vi"], fmt.unit_label(ind["unit"])
        except KeyError:
            name, unit = c["indicator_code"], ""
        row = {texts.COL_NAME: name}
        if with_units:
            unit_code = c.get("unit")
            row[texts.COL_REPORTING_UNIT] = names.get(unit_code, unit_code) if unit_code else texts.UNIT_WARD
        row.update({texts.COL_UNIT: unit, before: fmt.exact(c.get("old")), after: fmt.exact(c.get("new")),
                    texts.HIST_COL_NOTE_AFTER: c.get("new_note") or ""})
        rows.append(row)
    return pd.DataFrame(rows)


def _action_label(entry: dict) -> str:
    action = texts.ACTION_LABELS.get(entry["action"], entry["action"])
    if entry.get("restored_from"):
        action += texts.DATA_RESTORED_FROM.format(version=entry["restored_from"])
    return action


def _versions_frame(versions: list[dict]) -> pd.DataFrame:
    """The versions of a month, newest first, one row each, every column saying what it holds."""
    return pd.DataFrame([{
        texts.HIST_COL_VERSION: int(e["version"]),
        texts.HIST_COL_TIME: fmt.timestamp(e["time"]),
        texts.HIST_COL_USER: e["user"],
        texts.HIST_COL_ACTION: _action_label(e),
        texts.HIST_COL_SOURCE: e.get("source") or "",
        texts.HIST_COL_COUNT: len({c["indicator_code"] for c in e.get("changes") or []}),  # by-unit counts once
    } for e in reversed(versions)])


def history_block(catalogue: Catalogue) -> None:
    """Versions of one month (a table: version, time, who, what, file, how many indicators),
    each version's changes (before → after), and restoring one of them after a preview."""
    st.subheader(texts.DATA_HISTORY)
    flash = st.session_state.pop(_RESTORE_FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    root = datastore.data_dir()
    months = month_store.months(root)
    if not months:
        st.info(texts.DATA_DEMO)
        return
    period = st.selectbox(texts.DATA_HISTORY_MONTH, months, index=len(months) - 1,
                          format_func=fmt.period_label, key="_history_period")
    versions = month_store.history(root, period)
    if not versions:
        st.info(texts.DATA_NO_HISTORY)
        return
    st.caption(texts.HIST_VERSIONS_HELP)
    _plain_table(_versions_frame(versions))
    for e in reversed(versions):
        changes = e.get("changes") or []
        n_changed = len({c["indicator_code"] for c in changes})
        title = (f"{texts.COL_VERSION} {e['version']} · {fmt.timestamp(e['time'])} · {e['user']} · "
                 f"{_action_label(e)} · "
                 f"{texts.DATA_CHANGED_COUNT.format(n=n_changed, indicators=texts.INDICATOR_COUNT)}")
        with st.expander(fmt.md_escape(title), expanded=e is versions[-1]):
            if changes:
                _plain_table(_changes_frame(changes, catalogue))
            else:
                st.caption(texts.UPLOAD_NO_CHANGES)
    choices = [e["version"] for e in versions[:-1]]
    if not choices or not ui_auth.can("restore"):
        return
    _restore_block(root, period, versions, choices, catalogue)


_RESTORE_PENDING = "_restore_pending"  # {"period", "version", "latest"} while a preview is open


def _version_rows(entry: dict) -> list[dict]:
    """The rows of a stored version, refused (StorageError) when the file is gone or altered."""
    try:
        content = Path(entry["path"]).read_bytes()
    except OSError:
        raise month_store.StorageError(texts.ERR_STORAGE_VERSION_MISSING.format(
            version=entry["version"], period=entry["period"])) from None
    if hashlib.sha256(content).hexdigest() != entry.get("sha256"):
        raise month_store.StorageError(texts.ERR_STORAGE_VERSION_CORRUPT.format(
            version=entry["version"], period=entry["period"]))
    return month_store.read_rows(entry["path"])


def _restore_block(root: Path, period: str, versions: list[dict], choices: list[int],
                   catalogue: Catalogue) -> None:
    """Pick a version, see what restoring it changes (old → new), then confirm or cancel."""
    st.markdown(f"**{texts.DATA_RESTORE}**")
    st.caption(texts.DATA_RESTORE_HELP)
    version = st.selectbox(texts.DATA_RESTORE_PICK, list(reversed(choices)), key="_restore_version")
    latest = versions[-1]["version"]
    if st.button(texts.DATA_RESTORE_BUTTON.format(version=version), icon=":material/history:"):
        st.session_state[_RESTORE_PENDING] = {"period": period, "version": version, "latest": latest}
    pending = st.session_state.get(_RESTORE_PENDING)
    if not pending or pending["period"] != period or pending["version"] != version:
        st.session_state.pop(_RESTORE_PENDING, None)
        return
    label = fmt.period_label(period)
    seen = pending["latest"]  # the version the preview on screen was computed against
    if seen != latest:  # someone saved the month since: show the new changes, confirm again
        st.warning(texts.DATA_RESTORE_STALE.format(period=label, version=latest), icon=":material/sync_problem:")
        pending["latest"] = latest
    entry = next(e for e in versions if e["version"] == version)
    try:
        changes = month_store.diff(month_store.current_rows(root, period), _version_rows(entry))
    except month_store.StorageError as exc:
        st.session_state.pop(_RESTORE_PENDING, None)
        st.error(str(exc), icon=":material/error:")
        return
    with st.container(border=True, key="restore_preview"):
        if changes:
            st.markdown(f"**{texts.DATA_RESTORE_PREVIEW_TITLE.format(version=version, period=label)}**")
            _plain_table(_changes_frame(changes, catalogue, before=texts.DATA_RESTORE_COL_NOW.format(version=latest),
                                        after=texts.DATA_RESTORE_COL_AFTER))
        else:
            st.info(texts.DATA_RESTORE_PREVIEW_NONE.format(version=version, period=label))
        confirm, cancel = st.columns(2)
        if cancel.button(texts.DATA_RESTORE_CANCEL, width="stretch"):
            st.session_state.pop(_RESTORE_PENDING, None)
            st.session_state[_RESTORE_FLASH] = texts.DATA_RESTORE_CANCELLED.format(period=label)
            st.rerun()
        if confirm.button(texts.DATA_RESTORE_CONFIRM.format(version=version), type="primary", width="stretch",
                          icon=":material/history:") and seen == latest:
            _confirm_restore(root, period, version, latest)


def _confirm_restore(root: Path, period: str, version: int, latest: int) -> None:
    """Write the restore (checked again: the right to restore, and that nobody saved since)."""
    if not ui_auth.can("restore"):
        st.error(texts.LOGIN_FORBIDDEN, icon=":material/block:")
        return
    label = fmt.period_label(period)
    now = month_store.history(root, period)[-1]["version"]
    if now != latest:
        st.session_state[_RESTORE_PENDING]["latest"] = now
        st.warning(texts.DATA_RESTORE_STALE.format(period=label, version=now), icon=":material/sync_problem:")
        return
    try:
        entry = month_store.restore(root, period, version, user=ui_auth.user_name())
    except month_store.StorageError as exc:
        st.session_state.pop(_RESTORE_PENDING, None)
        st.error(str(exc), icon=":material/error:")
        return
    st.session_state.pop(_RESTORE_PENDING, None)
    st.session_state[_RESTORE_FLASH] = (texts.UPLOAD_UNCHANGED.format(period=label) if entry.get("unchanged")
                                        else texts.DATA_RESTORED.format(period=label, restored=version,
                                                                        version=entry["version"]))
    ui_state.show_month(*map(int, period.split("-")))
    st.rerun()
