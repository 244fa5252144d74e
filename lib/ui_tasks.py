"""The Streamlit side of Nhiệm vụ – Công trình: cached loading, the page's blocks, editing, history.

Reading and checking the file, lateness and the tables are ``lib.tasks``; writing it (versions,
audit) ``lib.tasks_store``; the Gantt chart ``lib.figures.task_timeline``. Results are cached per
version of the tasks file and of the units file (size and mtime), so an edit, or a file replaced
by hand, is seen on the next click. Text from the file (titles, notes, milestones) is shown as
plain text or Markdown-escaped, never as HTML.

Editing needs the ``upload`` right (editors and admins: the staff who enter the monthly figures);
it is checked when the form is drawn and again at the moment of writing. An edit is previewed
(old → new) and written only after the explicit confirm.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from lib import data, figures, fmt, storage, tasks, tasks_store, texts, ui, ui_auth, units

EDIT_ACTION = "upload"          # who may edit: the roles that may enter monthly figures
_PICK = "_tasks_pick"           # the item whose details are shown
_PENDING = "_tasks_pending"     # an edit waiting for its confirm: {"id", "changes", "base", "stamp"}
_FLASH = "_tasks_flash"         # the message shown once after a save
_ROW_PX = 35
OVERVIEW_LATE_LINES = 5
_COLUMNS = {
    texts.TASKS_COL_STATUS: st.column_config.MultiselectColumn(
        width=125, options=list(texts.TASK_STATUS_LABELS.values()),
        color=list(texts.TASK_STATUS_COLORS.values())),
    texts.TASKS_COL_TITLE: st.column_config.TextColumn(width=340),
    texts.TASKS_COL_PROGRESS: st.column_config.ProgressColumn(width=100, min_value=0, max_value=100, format="%d%%"),
    texts.TASKS_COL_DEADLINE: st.column_config.TextColumn(width=90),
    texts.TASKS_COL_WARNING: st.column_config.TextColumn(width=250),
    texts.TASKS_COL_OWNER: st.column_config.TextColumn(width=200),
    texts.TASKS_COL_KIND: st.column_config.TextColumn(width=110),
    texts.TASKS_COL_SECTION: st.column_config.TextColumn(width=70),
    texts.TASKS_COL_START: st.column_config.TextColumn(width=90),
    texts.TASKS_COL_UPDATED: st.column_config.TextColumn(width=90),
}


@dataclass(frozen=True)
class TasksKey:
    """The files the page depends on and their versions (size and mtime)."""

    path: str
    stamp: str
    units_path: str
    units_stamp: str


@dataclass(frozen=True)
class TasksContext:
    key: TasksKey
    as_of: date
    view: pd.DataFrame  # lib.tasks.assess: late first

    def item(self, task_id: str) -> dict:
        return self.view[self.view["id"] == task_id].iloc[0].to_dict()


def _stamp(path: Path) -> str:
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return "missing"
    return f"{st_.st_size}:{st_.st_mtime_ns}"


def current_key() -> TasksKey:
    path = tasks.tasks_path()
    units_path = units.units_path()
    return TasksKey(str(path), _stamp(path), str(units_path), _stamp(units_path))


# --- cached loading ---------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _recovered(root: str) -> list[str]:
    """Once per server process and data folder: undo a write of the tasks file a killed process left."""
    return tasks_store.recover(root)


@st.cache_data(max_entries=4, show_spinner=False)
def _owners(units_path: str, units_stamp: str) -> pd.DataFrame:
    return units.load_units(units_path)


def owners(key: TasksKey) -> pd.DataFrame:
    return _owners(key.units_path, key.units_stamp)


@st.cache_data(max_entries=4, show_spinner=False)
def _tasks(key: TasksKey) -> pd.DataFrame:
    return tasks.load_tasks(key.path, owners(key))


@st.cache_data(max_entries=32, show_spinner=False)
def _view(key: TasksKey, as_of: date) -> pd.DataFrame:
    return tasks.assess(_tasks(key), as_of, owners(key))


@st.cache_data(max_entries=32, show_spinner=False)
def _list(key: TasksKey, as_of: date) -> pd.DataFrame:
    table = tasks.list_table(_view(key, as_of))
    return table.assign(**{texts.TASKS_COL_STATUS: [[s] for s in table[texts.TASKS_COL_STATUS]]})  # pills


@st.cache_resource(max_entries=32, show_spinner=False)
def _timeline(key: TasksKey, as_of: date) -> go.Figure:
    return figures.task_timeline(_view(key, as_of), as_of, data.PLAN_YEAR)


@st.cache_data(max_entries=64, show_spinner=False)
def _history(root: str, audit_stamp: str, task_id: str) -> list[dict]:
    return tasks_store.history(root, task_id)


def _context(ctx: ui.PageContext) -> TasksContext | None:
    """The items judged at the end of the chosen month; None, with the file's problems shown in
    Vietnamese, when the list cannot be read."""
    key = current_key()
    as_of = tasks.month_end(ctx.year, ctx.month)
    try:
        return TasksContext(key, as_of, _view(key, as_of))
    except (tasks.TasksError, units.UnitsError) as exc:
        st.error(texts.TASKS_UNREADABLE + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages),
                 icon=":material/error:")
        return None


def load(ctx: ui.PageContext) -> TasksContext:
    """The items as of the end of the month chosen in the sidebar; stops the page with the
    file's problems, in Vietnamese, when it cannot be read."""
    try:
        _recovered(str(data.data_dir()))
    except storage.StorageError:  # the lock is busy: the next write recovers under it
        pass
    tc = _context(ctx)
    if tc is None:
        st.stop()
    return tc


# --- the page's blocks ------------------------------------------------------------------------------

def header(tc: TasksContext) -> None:
    """The as-of date, the demo banner when the file's figures are invented, the counts."""
    st.caption(texts.TASKS_AS_OF.format(date=fmt.day(tc.as_of)))
    if tc.view["demo"].any():
        st.warning(texts.TASKS_DEMO_BANNER, icon=":material/science:")
    columns = st.columns(6)
    columns[0].metric(texts.TASKS_METRIC_TOTAL, len(tc.view))
    for column, (status, label) in zip(columns[1:5], texts.TASK_STATUS_LABELS.items()):
        column.metric(label, int((tc.view["status"] == status).sum()))
    columns[5].metric(texts.TASKS_METRIC_LATE, int(tc.view["late"].sum()),
                      help=texts.TASKS_METRIC_LATE_HELP.format(margin=tasks.BEHIND_MARGIN))


def _late_line(row: dict) -> str:
    return texts.TASKS_LATE_LINE.format(
        title=fmt.md_escape(row["title_vi"]), owner=fmt.md_escape(row["owner_name"]),
        deadline=fmt.day(row["deadline"]), progress=fmt.percent(row["progress"], 0),
        reason=fmt.md_escape(row["late_reason"]))


def late_block(tc: TasksContext) -> None:
    """The late items first of all, each with why."""
    st.subheader(texts.TASKS_LATE_TITLE)
    late = tc.view[tc.view["late"]]
    if late.empty:
        st.success(texts.TASKS_NONE_LATE, icon=":material/task_alt:")
        return
    st.markdown("\n".join(f"- {_late_line(r)}" for r in late.to_dict("records")))


def timeline(tc: TasksContext) -> None:
    st.subheader(texts.TASKS_TIMELINE_TITLE)
    st.caption(texts.TASKS_TIMELINE_CAPTION)
    st.plotly_chart(_timeline(tc.key, tc.as_of), config=ui.PLOTLY_CONFIG, width="stretch",
                    alt=texts.TASKS_TIMELINE_TITLE)


def task_list(tc: TasksContext) -> None:
    st.subheader(texts.TASKS_LIST_TITLE)
    table = _list(tc.key, tc.as_of)
    st.dataframe(table, hide_index=True, width="stretch", height=_ROW_PX * (len(table) + 1) + 3,
                 column_config=_COLUMNS)


def details(tc: TasksContext) -> None:
    """One item at a time: its facts, milestones, latest note, change history and, for editors,
    the update form."""
    st.subheader(texts.TASKS_DETAIL_TITLE)
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    ids = tc.view["id"].tolist()
    titles = dict(zip(tc.view["id"], tc.view["title_vi"]))
    if st.session_state.get(_PICK) not in ids:
        st.session_state[_PICK] = ids[0]
    task_id = st.selectbox(texts.TASKS_PICK, ids, key=_PICK, format_func=titles.get)
    row = tc.item(task_id)
    _facts(row)
    _history_block(task_id)
    if ui_auth.can(EDIT_ACTION):
        _edit_form(tc, row)
    else:
        st.caption(texts.TASKS_VIEW_ONLY)


def _facts(row: dict) -> None:
    dates = (texts.TASKS_DATES.format(start=fmt.day(row["start"]), deadline=fmt.day(row["deadline"]))
             if row["start"] is not None else texts.TASKS_DEADLINE_ONLY.format(deadline=fmt.day(row["deadline"])))
    status = texts.TASK_STATUS_LABELS[row["status"]]
    st.markdown(f":{texts.TASK_STATUS_BADGE[row['status']]}-badge[{status}]"
                + (f" :red-badge[{fmt.md_escape(row['late_reason'])}]" if row["late"] else ""))
    st.caption(fmt.md_escape(texts.TASKS_FACTS.format(
        kind=texts.TASK_KIND_LABELS[row["kind"]], section=row["section"], owner=row["owner_name"], dates=dates,
        progress=fmt.percent(row["progress"], 0))))
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{texts.TASKS_MILESTONES}**")
        if row["milestone_list"]:
            st.text("\n".join(f"{fmt.day(when)}  {what}" for when, what in row["milestone_list"]))
        else:
            st.caption(texts.TASKS_NO_MILESTONES)
    with right:
        st.markdown(f"**{texts.TASKS_NOTE}**")
        if row["note"]:
            st.text(row["note"])  # the staff's words, as plain text
        else:
            st.caption(texts.TASKS_NO_NOTE)


def _shown(field: str, value) -> str:
    """A field's value as the history and the preview show it."""
    if field == "status":
        return texts.TASK_STATUS_LABELS.get(value, str(value))
    if field == "progress":
        return fmt.percent(value, 0)
    return str(value) if value not in (None, "") else texts.TASKS_EMPTY_VALUE


def _change_lines(changes: list[dict]) -> str:
    return "\n".join(texts.TASKS_CHANGE_LINE.format(field=texts.TASK_FIELD_LABELS.get(c["field"], c["field"]),
                                                   old=_shown(c["field"], c["old"]), new=_shown(c["field"], c["new"]))
                     for c in changes)


def _history_block(task_id: str) -> None:
    root = data.data_dir()
    entries = _history(str(root), _stamp(root / storage.AUDIT_FILE), task_id)
    with st.expander(texts.TASKS_HISTORY_TITLE.format(n=len(entries)), icon=":material/history:"):
        if not entries:
            st.caption(texts.TASKS_HISTORY_EMPTY)
        for e in reversed(entries):
            st.markdown(f"**{fmt.md_escape(texts.TASKS_HISTORY_ENTRY.format(time=fmt.timestamp(e['time']), user=e['user']))}**")
            st.text(_change_lines(e.get("changes") or []))


def _milestone_lines(row: dict) -> str:
    return "\n".join(f"{when.isoformat()} {what}" for when, what in row["milestone_list"])


def _edit_form(tc: TasksContext, row: dict) -> None:
    """Status, progress, note and milestones; a preview of the changes; the confirm writes them."""
    task_id = row["id"]
    version = f"{task_id}_{tc.key.stamp}"  # a saved version gets fresh widgets holding its values
    st.markdown(f"**{texts.TASKS_EDIT_TITLE}**")
    with st.form(f"_task_form_{version}", border=True):
        left, right = st.columns(2)
        status = left.selectbox(texts.TASKS_EDIT_STATUS, tasks.STATUSES, index=tasks.STATUSES.index(row["status"]),
                                format_func=texts.TASK_STATUS_LABELS.get, key=f"_task_status_{version}")
        progress = right.number_input(texts.TASKS_EDIT_PROGRESS, min_value=0, max_value=100, step=5,
                                      value=int(row["progress"]), key=f"_task_progress_{version}")
        note = st.text_area(texts.TASKS_EDIT_NOTE, value=row["note"], max_chars=tasks.MAX_TEXT,
                            key=f"_task_note_{version}")
        milestones = st.text_area(texts.TASKS_EDIT_MILESTONES, value=_milestone_lines(row),
                                  key=f"_task_milestones_{version}")
        submitted = st.form_submit_button(texts.TASKS_EDIT_SUBMIT, icon=":material/preview:")
    if submitted:
        _prepare(tc, row, {"status": status, "progress": int(progress), "note": note,
                           "milestones": "; ".join(line.strip() for line in milestones.splitlines() if line.strip())})
    pending = st.session_state.get(_PENDING)
    if pending and pending["id"] == task_id:
        if pending["stamp"] == tc.key.stamp:
            _confirm(tc, row, pending)
        else:  # someone saved in between: never write a preview made on an older version
            st.session_state.pop(_PENDING, None)
            st.warning(texts.TASKS_PENDING_STALE, icon=":material/warning:")


def _prepare(tc: TasksContext, row: dict, wanted: dict) -> None:
    """Check the edit as the file would hold it; keep it for the confirm, or say what is wrong."""
    st.session_state.pop(_PENDING, None)
    rec = tasks.record_strings(row)
    rec.update({field: str(value) for field, value in wanted.items()})
    new, problems = tasks.check_item(rec, owners(tc.key))
    if problems:
        st.error(texts.TASKS_REJECTED + "\n\n" + "\n".join(f"- {fmt.md_escape(p)}" for p in problems),
                 icon=":material/error:")
        return
    changes = tasks.task_changes(row, new)
    if not changes:
        st.info(texts.TASKS_NO_CHANGE, icon=":material/info:")
        return
    st.session_state[_PENDING] = {"id": row["id"], "stamp": tc.key.stamp,
                                  "changes": {c["field"]: c["new"] for c in changes},
                                  "base": {c["field"]: c["old"] for c in changes}, "shown": changes}


def _confirm(tc: TasksContext, row: dict, pending: dict) -> None:
    with st.container(border=True):
        st.markdown(f"**{texts.TASKS_CONFIRM_TITLE}** {fmt.md_escape(row['title_vi'])}")
        st.text(_change_lines(pending["shown"]))
        confirm, cancel = st.columns(2)
        if cancel.button(texts.TASKS_CANCEL, width="stretch", key="_task_cancel"):
            st.session_state.pop(_PENDING, None)
            st.rerun()
        if not confirm.button(texts.TASKS_CONFIRM, type="primary", width="stretch", icon=":material/save:",
                              key="_task_confirm"):
            return
    if not ui_auth.can(EDIT_ACTION):  # checked again at the moment of writing
        st.error(texts.LOGIN_FORBIDDEN, icon=":material/block:")
        return
    st.session_state.pop(_PENDING, None)
    try:
        entry = tasks_store.update(row["id"], pending["changes"], user=ui_auth.user_name(), base=pending["base"],
                                   owners=owners(tc.key))
    except tasks.TasksError as exc:
        st.error(texts.TASKS_REJECTED + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages),
                 icon=":material/error:")
        return
    st.session_state[_FLASH] = (texts.TASKS_NO_CHANGE if entry.get("unchanged")
                                else texts.TASKS_SAVED.format(title=row["title_vi"], version=entry["version"]))
    st.rerun()


# --- the overview's block -----------------------------------------------------------------------------

def overview_block(ctx: ui.PageContext) -> None:
    """Tổng quan: how many items are in each status, how many are late, the late ones by name."""
    st.subheader(texts.TASKS_OVERVIEW_TITLE)
    tc = _context(ctx)
    if tc is None:
        return
    view, as_of = tc.view, tc.as_of
    badges = " ".join(f":{texts.TASK_STATUS_BADGE[s]}-badge[{label}: {int((view['status'] == s).sum())}]"
                      for s, label in texts.TASK_STATUS_LABELS.items() if (view["status"] == s).any())
    late = view[view["late"]]
    st.markdown(f"{texts.TASKS_OVERVIEW_COUNTS.format(total=len(view))} {badges} "
                f":red-badge[{texts.TASKS_METRIC_LATE}: {len(late)}]")
    st.caption(texts.TASKS_AS_OF.format(date=fmt.day(as_of)))
    if late.empty:
        st.success(texts.TASKS_NONE_LATE, icon=":material/task_alt:")
    else:
        lines = [f"- {_late_line(r)}" for r in late.head(OVERVIEW_LATE_LINES).to_dict("records")]
        if len(late) > OVERVIEW_LATE_LINES:
            lines.append(f"- {texts.TASKS_OVERVIEW_MORE.format(n=len(late) - OVERVIEW_LATE_LINES)}")
        st.markdown("\n".join(lines))
    try:
        st.page_link("pages/tasks.py", label=texts.TASKS_OVERVIEW_LINK, icon=":material/construction:")
    except StreamlitPageNotFoundError:  # the overview run alone, outside dashboard.py's navigation
        pass
