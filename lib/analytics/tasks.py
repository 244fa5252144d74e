"""The plan's works, lines of work and criteria (``tasks_2025.csv``): reading, checking, lateness.

Half of the 2025 plan is not numbers: the 16 lines of work of section II.1, the construction works
of II.2.3 and the criteria of a civilised urban ward (II.2.4.c). Each is one row of
``tasks_2025.csv`` with its owner, dates, status, progress and milestones. This module says where
the file is and reads it with ``lib.readers.tasks`` (which checks it: every problem by row and
column, nothing guessed), decides which items are late as of a date and builds the tables the
page and the monthly report show.
Writing the file (versions, audit log) is ``lib.storage.task_store``. No Streamlit.

Where the file is: ``<data dir>/tasks_2025.csv`` (``lib.analytics.datastore.data_dir()``, ``$TQT_DATA_DIR``)
once it exists there, else the shipped ``data/tasks_2025.csv`` of the repository — the plan's
items only, nothing reported yet — which the first edit copies into the data folder
(``tasks_path``). The invented demo list and its dated history are ``data/demo/tasks_2025.csv``
and ``data/demo/tasks_log_2025.csv`` (``lib.readers.demo``), shown only in demo mode; the state of every
item as of a month is ``lib.storage.task_store.tasks_as_of``.

Late, as of a date D (``late_info``): an item not ``hoan_thanh`` is late when
  1. its deadline is before D (overdue), or
  2. its status is ``cham`` (an editor reported it late), or
  3. it has a start date and its progress is more than ``BEHIND_MARGIN`` (25) percentage points
     below the linear schedule, (D − start) / (deadline − start) × 100, capped to 0–100.
A deadline on D itself is not yet overdue; before its start an item is never behind schedule.
An item that nobody has updated by D (``reported`` False in ``lib.storage.task_store.tasks_as_of``'s
table) is never late: nothing is known of it, and it is shown as “Chưa cập nhật tiến độ”.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from lib.core import fmt, settings, texts
from lib.readers import org_units
from lib.readers.tasks import (  # noqa: F401  (the tasks file's names, where callers of lib.analytics.tasks find them)
    COLUMNS,
    DONE,
    FILE_NAME,
    KINDS,
    MAX_ROWS,
    MAX_TEXT,
    NOT_STARTED,
    OPTIONAL,
    REQUIRED,
    STATUSES,
    TasksError,
    check_item,
    format_milestones,
    parse_milestones,
    parse_tasks,
    read_tasks_file,
    record_strings,
    serialize,
)

LATE_STATUS = "cham"
EDITABLE = ("status", "progress", "note", "milestones", "owner")  # what the page lets editors change
BEHIND_MARGIN = 25  # percentage points behind the linear schedule that make an item late
VN_TZ = settings.VN_TZ
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


# --- where the file is ---------------------------------------------------------------------------

LOG_FILE_NAME = "tasks_log_2025.csv"  # the demo's dated updates (data/demo/)
UNASSIGNED = ""  # an item whose owner the plan does not name, until the ward assigns one


def shipped_path() -> Path:
    """The repository's own ``data/tasks_2025.csv``: the plan's items, nothing reported yet."""
    from lib.analytics.datastore import DEFAULT_DATA_DIR

    return DEFAULT_DATA_DIR / FILE_NAME


def demo_path() -> Path:
    """The demo's list (invented owners, dates, progress): ``data/demo/tasks_2025.csv``."""
    return settings.DEMO_DIR / FILE_NAME


def demo_log_path() -> Path:
    """The demo's dated updates: ``data/demo/tasks_log_2025.csv``."""
    from lib.analytics.datastore import DEMO_DIR

    return DEMO_DIR / LOG_FILE_NAME


def live_path(root: Path | None = None) -> Path:
    """``<data dir>/tasks_2025.csv``: where edits are written, whether it exists yet or not."""
    from lib.analytics.datastore import data_dir

    return Path(root if root is not None else data_dir()) / FILE_NAME


def tasks_path(root: Path | None = None) -> Path:
    """The file to read: the data folder's copy once it exists, else the shipped one."""
    live = live_path(root)
    return live if live.is_file() else shipped_path()


# --- reading ----------------------------------------------------------------------------------

def load_tasks(path: str | Path | None = None, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check a tasks file (default: ``tasks_path()``); see ``lib.readers.tasks.parse_tasks``."""
    return read_tasks_file(path if path is not None else tasks_path(), owners)


# --- late or not ---------------------------------------------------------------------------------

def month_end(year: int, month: int, today: date | None = None) -> date:
    """The “as of” date of a month chosen in the sidebar: its last day, or today when that is
    earlier (a month still running is judged on the days gone, not on the days to come)."""
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
    today = today or datetime.now(VN_TZ).date()
    return min(last, today)


def expected_progress(start: date | None, deadline: date, as_of: date) -> float | None:
    """Where a straight line from 0% at the start to 100% at the deadline stands on ``as_of``
    (0–100), or None without a start date."""
    if start is None:
        return None
    span = (deadline - start).days
    if span <= 0:
        return 100.0 if as_of >= deadline else 0.0
    return min(max((as_of - start).days / span, 0.0), 1.0) * 100


def is_reported(row) -> bool:
    """Whether the item has been updated by the day it is looked at (``reported`` of
    ``lib.storage.task_store.tasks_as_of``; a table without that column counts as reported)."""
    value = row.get("reported", True) if hasattr(row, "get") else True
    return bool(True if value is None else value)


def late_info(row, as_of: date) -> dict:
    """Whether an item is late on ``as_of`` and why (see the module docstring).

    Keys: ``late`` (bool), ``days_overdue`` (int, 0 when not overdue), ``expected`` (linear
    schedule in %, or None), ``reasons`` (Vietnamese, most serious first). An item nobody has
    updated yet is never late (``is_reported``)."""
    expected = expected_progress(row["start"], row["deadline"], as_of)
    info = {"late": False, "days_overdue": 0, "expected": expected, "reasons": []}
    if row["status"] == DONE or not is_reported(row):
        return info
    if row["deadline"] < as_of:
        info["days_overdue"] = (as_of - row["deadline"]).days
        info["reasons"].append(texts.TASKS_LATE_OVERDUE.format(days=info["days_overdue"]))
    if row["status"] == LATE_STATUS:
        info["reasons"].append(texts.TASKS_LATE_REPORTED)
    if expected is not None and row["progress"] < expected - BEHIND_MARGIN:
        info["reasons"].append(texts.TASKS_LATE_BEHIND.format(
            progress=fmt.percent(row["progress"], 0), expected=fmt.percent(expected, 0)))
    info["late"] = bool(info["reasons"])
    return info


def owner_names(owners: pd.DataFrame) -> dict[str, str]:
    """Unit code → the name shown (demo names marked, ``lib.readers.org_units.display_name``); no owner yet →
    “Chưa giao bộ phận chủ trì”."""
    return {UNASSIGNED: texts.TASKS_NO_OWNER, **dict(zip(owners["code"], owners["display_name"]))}


def _section_key(section: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in section.split("."))


def assess(tasks: pd.DataFrame, as_of: date, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """The items with what the page shows about them on ``as_of``, late first.

    Added columns: ``late``, ``days_overdue``, ``expected``, ``late_reason`` (reasons joined by
    “; ”), ``owner_name``, ``milestone_list`` ([(date, text)], by date). The title of an invented
    row (``demo``) in a list that is not wholly invented carries ``texts.TASK_DEMO_TITLE_MARK``. Order: late items (earliest deadline first), then open items, then
    done ones; within each, by deadline, kind (works, lines of work, criteria) and plan section."""
    owners = owners if owners is not None else org_units.load_units()
    names = owner_names(owners)
    out = tasks.copy()
    if len(out) and out["demo"].any() and not out["demo"].all():
        # Invented rows among the ward's own (the plan's list carries assumed criteria): marked in
        # every view built from this table. A wholly invented list is the demo, said by its banner.
        out["title_vi"] = [f"{t}{texts.TASK_DEMO_TITLE_MARK}" if d else t for t, d in zip(out["title_vi"], out["demo"])]
    infos = [late_info(r, as_of) for r in tasks.to_dict("records")]
    out["late"] = [i["late"] for i in infos]
    out["days_overdue"] = [i["days_overdue"] for i in infos]
    out["expected"] = [i["expected"] for i in infos]
    out["late_reason"] = ["; ".join(i["reasons"]) for i in infos]
    out["owner_name"] = [names.get(code, code) for code in tasks["owner"]]
    out["milestone_list"] = [parse_milestones(text) or [] for text in tasks["milestones"]]
    group = [0 if late else (2 if status == DONE else 1) for late, status in zip(out["late"], out["status"])]
    order = sorted(range(len(out)), key=lambda i: (
        group[i], out["deadline"].iat[i], _KIND_ORDER[out["kind"].iat[i]], _section_key(out["section"].iat[i]),
        out["id"].iat[i]))
    return out.iloc[order].reset_index(drop=True)


def demo_notice(view: pd.DataFrame, short: bool = False) -> str | None:
    """What a view of ``view`` must say about invented rows: the demo's banner when every row is
    invented (the demo list), a note on the marked titles when only some are (the assumed
    criteria of the plan's list), None when nothing is."""
    if not len(view) or not view["demo"].any():
        return None
    if view["demo"].all():
        return texts.TASKS_DEMO_SHORT if short else texts.TASKS_DEMO_BANNER
    return texts.TASKS_ASSUMED_ROWS.format(n=int(view["demo"].sum()), mark=texts.TASK_DEMO_TITLE_MARK.strip())


def summary(tasks: pd.DataFrame, as_of: date) -> dict[str, int]:
    """How many items are in each status (``STATUSES`` order), how many are late on ``as_of``
    (``late``; any status but done) and how many there are (``total``)."""
    records = tasks.to_dict("records")
    reported = [is_reported(r) for r in records]
    counts = {s: sum(ok and r["status"] == s for ok, r in zip(reported, records)) for s in STATUSES}
    counts["late"] = sum(late_info(r, as_of)["late"] for r in records)
    counts["not_reported"] = reported.count(False)
    counts["total"] = len(tasks)
    return counts


def status_label(row) -> str:
    """The status word, or “Chưa cập nhật tiến độ” for an item nobody has updated yet."""
    return texts.TASK_STATUS_LABELS[row["status"]] if is_reported(row) else texts.TASKS_NOT_REPORTED


def status_text(row) -> str:
    """The status word, and why the item is late when it is (“Đang thực hiện – quá hạn 61 ngày”;
    “Chậm” alone says it was reported late)."""
    label = status_label(row)
    reasons = [r for r in str(row.get("late_reason") or "").split("; ") if r and r != texts.TASKS_LATE_REPORTED]
    return f"{label} – {'; '.join(reasons)}" if reasons else label


def _progress_column(records: list[dict]) -> pd.Series:
    """Progress as whole numbers; empty (None) for an item nobody has updated yet, never “0%”."""
    values = [int(r["progress"]) if is_reported(r) else None for r in records]
    return pd.Series(values, dtype="Int64" if None in values else "int64")


def list_table(view: pd.DataFrame) -> pd.DataFrame:
    """The page's list, from ``assess``'s table in its order, with Vietnamese headings: the status
    word (drawn as a coloured pill by the page), title, progress (0–100, drawn as a bar), deadline,
    why the item is late, owner; then kind, plan section, start and last update (what fits a
    laptop's width comes first). Dates are written 31/12/2025. An item nobody has updated yet reads
    “Chưa cập nhật tiến độ”, its progress left empty."""
    records = view.to_dict("records")
    return pd.DataFrame({
        texts.TASKS_COL_STATUS: [status_label(r) for r in records],
        texts.TASKS_COL_TITLE: view["title_vi"],
        texts.TASKS_COL_PROGRESS: _progress_column(records),
        texts.TASKS_COL_DEADLINE: [fmt.day(d) for d in view["deadline"]],
        texts.TASKS_COL_WARNING: view["late_reason"],
        texts.TASKS_COL_OWNER: view["owner_name"],
        texts.TASKS_COL_KIND: [texts.TASK_KIND_LABELS[k] for k in view["kind"]],
        texts.TASKS_COL_SECTION: view["section"],
        texts.TASKS_COL_START: [fmt.day(d) if d is not None else "—" for d in view["start"]],
        texts.TASKS_COL_UPDATED: [fmt.day(d) if d is not None else "—" for d in view["updated"]],
    })


def report_table(tasks: pd.DataFrame, as_of: date, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """The table of the monthly report: Nhiệm vụ/Công trình, Bộ phận chủ trì, Thời hạn, Tình trạng
    (with why an item is late), Tiến độ (%) (a whole number), Ghi chú; late items first.

    Notes are the staff's own words, unchanged: an export to a spreadsheet must pass them through
    ``lib.views.templates.spreadsheet_safe``."""
    view = assess(tasks, as_of, owners)
    return pd.DataFrame({
        texts.TASKS_REPORT_COLUMNS["title"]: view["title_vi"],
        texts.TASKS_REPORT_COLUMNS["owner"]: view["owner_name"],
        texts.TASKS_REPORT_COLUMNS["deadline"]: [fmt.day(d) for d in view["deadline"]],
        texts.TASKS_REPORT_COLUMNS["status"]: [status_text(r) for r in view.to_dict("records")],
        texts.TASKS_REPORT_COLUMNS["progress"]: _progress_column(view.to_dict("records")),
        texts.TASKS_REPORT_COLUMNS["note"]: view["note"],
    })


def task_changes(old: dict, new: dict) -> list[dict]:
    """The editable fields that differ between two versions of an item: [{field, old, new}]."""
    return [{"field": f, "old": old[f], "new": new[f]} for f in EDITABLE if old[f] != new[f]]
