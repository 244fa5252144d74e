"""The Streamlit side of Nhiệm vụ – Công trình: cached loading, the page's blocks, editing, history.

Reading and checking the file, lateness and the tables are ``lib.analytics.tasks``; writing it (versions,
audit) and the items as they stood at a month's end ``lib.storage.task_store``; the Gantt chart
``lib.views.figures.task_timeline``. The page, the overview's block and the presentation show the items
as of the last day of the month chosen in the sidebar (``tasks_store.tasks_as_of``: the demo's list
and history in demo mode, while the data folder has no tasks of its own). Results are cached per
version of the tasks file, the audit log (the dated updates) and the units file (size and mtime),
so an edit, or a file replaced by hand, is seen on the next click. Text from the file (titles, notes, milestones) is shown as
plain text or Markdown-escaped, never as HTML.

Editing needs the ``upload`` right (editors and admins: the staff who enter the monthly figures);
it is checked when the form is drawn and again at the moment of writing. An update is dated (today
by default; any day of the plan's year up to today, for a month reported late), starts from the
item as it stood on that day, is previewed (old → new) and written only after the explicit confirm.
It always goes to the ward's own list, never to the demo.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitPageNotFoundError

from lib import ui
from lib.analytics import datastore, tasks
from lib.core import fmt, texts
from lib.core.problems import lines
from lib.readers import org_units
from lib.storage import month_store, task_store
from lib.ui import auth as ui_auth
from lib.views import figures

EDIT_ACTION = "upload"          # who may edit: the roles that may enter monthly figures
_PICK = "_tasks_pick"           # the item whose details are shown
_PENDING = "_tasks_pending"     # an edit waiting for its confirm: {"id", "changes", "base", "stamp"}
_FLASH = "_tasks_flash"         # the message shown once after a save
_ROW_PX = 35
OVERVIEW_LATE_LINES = 5
_COLUMNS = {
    texts.TASKS_COL_STATUS: st.column_config.MultiselectColumn(
        width=125, options=[*texts.TASK_STATUS_LABELS.values(), texts.TASKS_NOT_REPORTED],
        color=[*texts.TASK_STATUS_COLORS.values(), texts.TASK_NOT_REPORTED_COLOR]),
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
    """The files the page depends on and their versions (size and mtime): the list, the dated
    updates (the audit log, or the demo's log), the units; the data folder and whether the demo
    list is shown."""

    path: str
    stamp: str
    units_path: str
    units_stamp: str
    root: str = ""
    log_stamp: str = ""
    demo: bool = False


@dataclass(frozen=True)
class TasksContext:
    key: TasksKey
    as_of: date
    view: pd.DataFrame  # lib.analytics.tasks.assess: late first

    def item(self, task_id: str) -> dict:
        return self.view[self.view["id"] == task_id].iloc[0].to_dict()


def _stamp(path: Path) -> str:
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return "missing"
    return f"{st_.st_size}:{st_.st_mtime_ns}"


def current_key(ctx: ui.PageContext | None = None) -> TasksKey:
    """The key of the list shown with ``ctx``'s data (the demo's while it is the demo's and the
    data folder has no tasks of its own)."""
    root = datastore.data_dir()
    source = datastore.Source(Path(ctx.key.root), ctx.key.is_demo) if ctx is not None else None
    demo = task_store.uses_demo(root, source)
    path = tasks.demo_path() if demo else tasks.tasks_path(root)
    units_path = datastore.units_file(datastore.DEMO_DIR) if demo else org_units.units_path()
    log = tasks.demo_log_path() if demo else root / month_store.AUDIT_FILE
    return TasksKey(str(path), _stamp(path), str(units_path), _stamp(units_path), str(root), _stamp(log), demo)


# --- cached loading ---------------------------------------------------------------------------------

@st.cache_resource(show_spinner=False)
def _recovered(root: str) -> list[str]:
    """Once per server process and data folder: undo a write of the tasks file a killed process left."""
    return task_store.recover(root)


@st.cache_data(max_entries=4, show_spinner=False)
def _owners(units_path: str, units_stamp: str) -> pd.DataFrame:
    return org_units.load_units(units_path)


def owners(key: TasksKey) -> pd.DataFrame:
    return _owners(key.units_path, key.units_stamp)


@st.cache_data(max_entries=32, show_spinner=False)
def _tasks(key: TasksKey, as_of: date) -> pd.DataFrame:
    """The items as they stood at the end of ``as_of`` (``tasks_store.tasks_as_of``)."""
    source = datastore.Source(datastore.DEMO_DIR, True) if key.demo else datastore.Source(Path(key.root), False)
    return task_store.tasks_as_of(as_of, key.root, source=source, owners=owners(key))


@st.cache_data(max_entries=32, show_spinner=False)
def _view(key: TasksKey, as_of: date) -> pd.DataFrame:
    return tasks.assess(_tasks(key, as_of), as_of, owners(key))


@st.cache_data(max_entries=32, show_spinner=False)
def _list(key: TasksKey, as_of: date) -> pd.DataFrame:
    table = tasks.list_table(_view(key, as_of))
    return table.assign(**{texts.TASKS_COL_STATUS: [[s] for s in table[texts.TASKS_COL_STATUS]]})  # pills


@st.cache_resource(max_entries=32, show_spinner=False)
def _timeline(key: TasksKey, as_of: date) -> go.Figure:
    return figures.task_timeline(_view(key, as_of), as_of, datastore.PLAN_YEAR)


@st.cache_data(max_entries=64, show_spinner=False)
def _history(root: str, audit_stamp: str, task_id: str) -> list[dict]:
    return task_store.history(root, task_id)


def _context(ctx: ui.PageContext) -> TasksContext | None:
    """The items judged at the end of the chosen month; None, with the file's problems shown in
    Vietnamese, when the list cannot be read."""
    key = current_key(ctx)
    as_of = tasks.month_end(ctx.year, ctx.month)
    try:
        return TasksContext(key, as_of, _view(key, as_of))
    except (tasks.TasksError, org_units.UnitsError) as exc:
        st.error(texts.TASKS_UNREADABLE + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages),
                 icon=":material/error:")
        return None


def load(ctx: ui.PageContext) -> TasksContext:
    """The items as of the end of the month chosen in the sidebar; stops the page with the
    file's problems, in Vietnamese, when it cannot be read."""
    try:
        _recovered(str(datastore.data_dir()))
    except month_store.StorageError:  # the lock is busy: the next write recovers under it
        pass
    tc = _context(ctx)
    if tc is None:
        st.stop()
    return tc


# --- the page's blocks ------------------------------------------------------------------------------

def header(tc: TasksContext) -> None:
    """The as-of date, the demo banner when the file's figures are invented, the counts."""
    st.caption(texts.TASKS_AS_OF.format(date=fmt.day(tc.as_of)))
    notice = tasks.demo_notice(tc.view)
    if notice:
        st.warning(notice, icon=":material/science:")
    reported_note(tc)
    counts = tasks.summary(tc.view, tc.as_of)
    columns = st.columns(6)
    columns[0].metric(texts.TASKS_METRIC_TOTAL, len(tc.view))
    for column, (status, label) in zip(columns[1:5], texts.TASK_STATUS_LABELS.items()):
        column.metric(label, counts[status])
    columns[5].metric(texts.TASKS_METRIC_LATE, int(tc.view["late"].sum()),
                      help=texts.TASKS_METRIC_LATE_HELP.format(margin=tasks.BEHIND_MARGIN))


def reported_note(tc: TasksContext) -> None:
    """Says, honestly, how many items nobody has updated by the day shown (all of them: the plan's
    list as it starts)."""
    counts = tasks.summary(tc.view, tc.as_of)
    if counts["not_reported"] == counts["total"]:
        st.info(texts.TASKS_NONE_REPORTED.format(date=fmt.day(tc.as_of)), icon=":material/pending:")
    elif counts["not_reported"]:
        st.caption(texts.TASKS_SOME_NOT_REPORTED.format(n=counts["not_reported"], total=counts["total"],
                                                        date=fmt.day(tc.as_of)))


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
    status = tasks.status_label(row)
    badge = texts.TASK_STATUS_BADGE[row["status"]] if tasks.is_reported(row) else "gray"
    st.markdown(f":{badge}-badge[{status}]"
                + (f" :red-badge[{fmt.md_escape(row['late_reason'])}]" if row["late"] else ""))
    progress = fmt.percent(row["progress"], 0) if tasks.is_reported(row) else texts.TASKS_NOT_REPORTED.lower()
    st.caption(fmt.md_escape(texts.TASKS_FACTS.format(
        kind=texts.TASK_KIND_LABELS[row["kind"]], section=row["section"], owner=row["owner_name"], dates=dates,
        progress=progress)))
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


def _shown(field: str, value, names: dict | None = None) -> str:
    """A field's value as the history and the preview show it."""
    if field == "status":
        return texts.TASK_STATUS_LABELS.get(value, texts.TASKS_NOT_REPORTED if value is None else str(value))
    if field == "owner":
        return (names or {}).get(value, texts.TASKS_NO_OWNER if not value else str(value))
    if field == "progress":
        return fmt.percent(value, 0)
    return str(value) if value not in (None, "") else texts.TASKS_EMPTY_VALUE


def _change_lines(changes: list[dict], names: dict | None = None) -> str:
    return "\n".join(texts.TASKS_CHANGE_LINE.format(field=texts.TASK_FIELD_LABELS.get(c["field"], c["field"]),
                                                   old=_shown(c["field"], c["old"], names),
                                                   new=_shown(c["field"], c["new"], names))
                     for c in changes)


def _history_block(task_id: str) -> None:
    root = datastore.data_dir()
    entries = _history(str(root), _stamp(root / month_store.AUDIT_FILE), task_id)
    with st.expander(texts.TASKS_HISTORY_TITLE.format(n=len(entries)), icon=":material/history:"):
        if not entries:
            st.caption(texts.TASKS_HISTORY_EMPTY)
        for e in reversed(entries):
            head = texts.TASKS_HISTORY_ENTRY.format(time=fmt.timestamp(e["time"]), user=e["user"])
            if e.get("on"):
                head += f" · {texts.TASKS_HISTORY_ON.format(on=fmt.day(date.fromisoformat(e['on'])))}"
            st.markdown(f"**{fmt.md_escape(head)}**")
            st.text(_change_lines(e.get("changes") or []))


def _today() -> date:
    return datetime.now(month_store.VN_TZ).date()


def _edit_row(tc: TasksContext, task_id: str, on: date) -> dict:
    """The item of the ward's own list as it stood on ``on``: what the update starts from."""
    items = task_store.real_tasks_as_of(on, tc.key.root, owners=_real_owners())
    return items[items["id"] == task_id].iloc[0].to_dict()


def _real_owners() -> pd.DataFrame:
    path = org_units.units_path()
    return _owners(str(path), _stamp(path))


def _edit_form(tc: TasksContext, row: dict) -> None:
    """The date of the update, then status, progress, owner, note and milestones as they stood on
    that day; a preview of the changes; the confirm writes them."""
    task_id = row["id"]
    version = f"{task_id}_{tc.key.stamp}_{tc.key.log_stamp}"  # a saved version gets fresh widgets
    st.markdown(f"**{texts.TASKS_EDIT_TITLE}**")
    if tc.key.demo:
        st.caption(texts.TASKS_EDIT_DEMO_NOTE)
    today = _today()
    first = date(datastore.PLAN_YEAR, 1, 1)
    on = st.date_input(texts.TASKS_EDIT_ON, value=today, min_value=min(first, today), max_value=today,
                       format="DD/MM/YYYY", help=texts.TASKS_EDIT_ON_HELP, key=f"_task_on_{task_id}")
    try:
        row = _edit_row(tc, task_id, on)
    except (tasks.TasksError, org_units.UnitsError, IndexError) as exc:
        st.error(texts.TASKS_REJECTED + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}"
                                                        for m in getattr(exc, "messages", [str(exc)])),
                 icon=":material/error:")
        return
    owner_codes = [tasks.UNASSIGNED, *_real_owners()["code"]]
    names = tasks.owner_names(_real_owners())
    with st.form(f"_task_form_{version}_{on.isoformat()}", border=True):
        left, middle, right = st.columns(3)
        status = left.selectbox(texts.TASKS_EDIT_STATUS, tasks.STATUSES, index=tasks.STATUSES.index(row["status"]),
                                format_func=texts.TASK_STATUS_LABELS.get, key=f"_task_status_{version}_{on}")
        progress = middle.number_input(texts.TASKS_EDIT_PROGRESS, min_value=0, max_value=100, step=5,
                                       value=int(row["progress"]), key=f"_task_progress_{version}_{on}")
        owner = right.selectbox(texts.TASKS_EDIT_OWNER, owner_codes,
                                index=owner_codes.index(row["owner"]) if row["owner"] in owner_codes else 0,
                                format_func=lambda c: names.get(c, c), key=f"_task_owner_{version}_{on}")
        note = st.text_area(texts.TASKS_EDIT_NOTE, value=row["note"], max_chars=tasks.MAX_TEXT,
                            key=f"_task_note_{version}_{on}")
        milestones = st.text_area(texts.TASKS_EDIT_MILESTONES, value=_milestone_lines(row),
                                  key=f"_task_milestones_{version}_{on}")
        submitted = st.form_submit_button(texts.TASKS_EDIT_SUBMIT, icon=":material/preview:")
    if submitted:
        _prepare(tc, row, on, {"status": status, "progress": int(progress), "owner": owner, "note": note,
                               "milestones": "; ".join(line.strip() for line in milestones.splitlines() if line.strip())})
    pending = st.session_state.get(_PENDING)
    if pending and pending["id"] == task_id:
        if pending["stamp"] == (tc.key.stamp, tc.key.log_stamp):
            _confirm(tc, row, pending, names)
        else:  # someone saved in between: never write a preview made on an older version
            st.session_state.pop(_PENDING, None)
            st.warning(texts.TASKS_PENDING_STALE, icon=":material/warning:")


def _milestone_lines(row: dict) -> str:
    return "\n".join(f"{when.isoformat()} {what}" for when, what in (tasks.parse_milestones(row["milestones"]) or []))


def _prepare(tc: TasksContext, row: dict, on: date, wanted: dict) -> None:
    """Check the update as the file would hold it; keep it for the confirm, or say what is wrong."""
    st.session_state.pop(_PENDING, None)
    rec = tasks.record_strings(row)
    rec.update({field: str(value) for field, value in wanted.items()})
    new, problems = tasks.check_item(rec, _real_owners())
    if problems:
        st.error(texts.TASKS_REJECTED + "\n\n" + "\n".join(f"- {fmt.md_escape(p)}" for p in lines(problems)),
                 icon=":material/error:")
        return
    changes = tasks.task_changes(row, new)
    if not changes and not tasks.is_reported(row):  # “chưa bắt đầu” reported for the first time
        changes = [{"field": "status", "old": None, "new": new["status"]}]
    if not changes:
        st.info(texts.TASKS_NO_CHANGE, icon=":material/info:")
        return
    st.session_state[_PENDING] = {"id": row["id"], "stamp": (tc.key.stamp, tc.key.log_stamp), "on": on,
                                  "changes": {c["field"]: c["new"] for c in changes},
                                  "base": {c["field"]: c["old"] for c in changes if c["old"] is not None},
                                  "shown": changes}


def _confirm(tc: TasksContext, row: dict, pending: dict, names: dict) -> None:
    with st.container(border=True):
        st.markdown(f"**{texts.TASKS_CONFIRM_TITLE}** {fmt.md_escape(row['title_vi'])} "
                    f"({fmt.md_escape(texts.TASKS_HISTORY_ON.format(on=fmt.day(pending['on'])))})")
        st.text(_change_lines(pending["shown"], names))
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
        entry = task_store.update(row["id"], pending["changes"], user=ui_auth.user_name(), base=pending["base"],
                                   on=pending["on"], root=tc.key.root, owners=_real_owners())
    except tasks.TasksError as exc:
        st.error(texts.TASKS_REJECTED + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages),
                 icon=":material/error:")
        return
    saved = texts.TASKS_SAVED.format(title=row["title_vi"], version=entry.get("version"))
    if pending["on"] > tc.as_of:
        saved += texts.TASKS_SAVED_LATER.format(on=fmt.day(pending["on"]), as_of=fmt.day(tc.as_of))
    st.session_state[_FLASH] = texts.TASKS_NO_CHANGE if entry.get("unchanged") else saved
    st.rerun()


# --- the overview's block -----------------------------------------------------------------------------

def overview_block(ctx: ui.PageContext) -> None:
    """Tổng quan: how many items are in each status, how many are late, the late ones by name."""
    st.subheader(texts.TASKS_OVERVIEW_TITLE)
    tc = _context(ctx)
    if tc is None:
        return
    view, as_of = tc.view, tc.as_of
    counts = tasks.summary(view, as_of)
    badges = " ".join(f":{texts.TASK_STATUS_BADGE[s]}-badge[{label}: {counts[s]}]"
                      for s, label in texts.TASK_STATUS_LABELS.items() if counts[s])
    if counts["not_reported"]:
        badges += f" :gray-badge[{texts.TASKS_NOT_REPORTED}: {counts['not_reported']}]"
    late = view[view["late"]]
    st.markdown(f"{texts.TASKS_OVERVIEW_COUNTS.format(total=len(view))} {badges} "
                f":red-badge[{texts.TASKS_METRIC_LATE}: {len(late)}]")
    st.caption(texts.TASKS_AS_OF.format(date=fmt.day(as_of)))
    if tasks.demo_notice(view, short=True):
        st.caption(tasks.demo_notice(view, short=True))
    reported_note(tc)
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
