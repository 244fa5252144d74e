"""The plan's works, lines of work and criteria (``tasks_2025.csv``): reading, checking, lateness.

Half of the 2025 plan is not numbers: the 16 lines of work of section II.1, the construction works
of II.2.3 and the criteria of a civilised urban ward (II.2.4.c). Each is one row of
``tasks_2025.csv`` with its owner, dates, status, progress and milestones. This module reads and
checks the file (every problem in Vietnamese, by row and column, nothing guessed), decides which
items are late as of a date and builds the tables the page and the monthly report show.
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

import csv
import io
import re
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from lib.core import fmt, settings, texts
from lib.readers import org_units

FILE_NAME = "tasks_2025.csv"
REQUIRED = ["id", "kind", "section", "title_vi", "owner", "deadline", "status", "progress"]
OPTIONAL = ["start", "milestones", "note", "updated", "demo"]
COLUMNS = ["id", "kind", "section", "title_vi", "owner", "start", "deadline", "status", "progress",
           "milestones", "note", "updated", "demo"]  # the order the file is written in
KINDS = ("cong_trinh", "nhiem_vu", "tieu_chi")
STATUSES = ("chua_bat_dau", "dang_thuc_hien", "hoan_thanh", "cham")
DONE = "hoan_thanh"
LATE_STATUS = "cham"
NOT_STARTED = "chua_bat_dau"
EDITABLE = ("status", "progress", "note", "milestones", "owner")  # what the page lets editors change
BEHIND_MARGIN = 25  # percentage points behind the linear schedule that make an item late
MAX_ID = settings.MAX_TASK_ID
MAX_TITLE = settings.MAX_TASK_TITLE
MAX_ROWS = settings.MAX_ROWS
MAX_TEXT = settings.MAX_FIELD_CHARS
VN_TZ = settings.VN_TZ

ID_RE = re.compile(r"^[a-z0-9_]{1,%d}$" % MAX_ID, re.ASCII)
SECTION_RE = re.compile(r"^[IVX]+(\.\d{1,2}){0,3}(\.[a-z])?$", re.ASCII)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
PROGRESS_RE = re.compile(r"^\d{1,3}$", re.ASCII)
MILESTONE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\S.*)$", re.ASCII | re.DOTALL)
_TRUE = {"true", "1", "yes", "có", "x"}
_FALSE = {"false", "0", "no", "không", ""}
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}


class TasksError(ValueError):
    """The tasks file (or an update of it) cannot be used; ``messages`` lists every problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


# --- where the file is ---------------------------------------------------------------------------

LOG_FILE_NAME = "tasks_log_2025.csv"  # the demo's dated updates (data/demo/)
UNASSIGNED = ""  # an item whose owner the plan does not name, until the ward assigns one


def shipped_path() -> Path:
    """The repository's own ``data/tasks_2025.csv``: the plan's items, nothing reported yet."""
    from lib.analytics.datastore import DEFAULT_DATA_DIR

    return DEFAULT_DATA_DIR / FILE_NAME


def demo_path() -> Path:
    """The demo's list (invented owners, dates, progress): ``data/demo/tasks_2025.csv``."""
    from lib.analytics.datastore import DEMO_DIR

    return DEMO_DIR / FILE_NAME


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


# --- reading and checking ------------------------------------------------------------------------

def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _has_control(text: str, allow_newlines: bool) -> bool:
    allowed = {"\n", "\t"} if allow_newlines else set()
    return any(unicodedata.category(ch) in ("Cc", "Cf") and ch not in allowed for ch in text)


def _parse_date(text: str) -> date | None:
    if not DATE_RE.match(text):
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        return None
    return value if 2000 <= value.year <= 2100 else None


def parse_milestones(text: str) -> list[tuple[date, str]] | None:
    """``2025-03-31 Phê duyệt dự toán; 2025-06-30 Khởi công`` → [(date, text)…] sorted by date;
    None when a part is not “date text”. Empty text → []."""
    out = []
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        m = MILESTONE_RE.match(part)
        when = _parse_date(m.group(1)) if m else None
        if when is None:
            return None
        out.append((when, " ".join(m.group(2).split())))
    return sorted(out, key=lambda item: item[0])


def format_milestones(items: list[tuple[date, str]]) -> str:
    """The file's spelling of a milestone list (the inverse of ``parse_milestones``)."""
    return "; ".join(f"{when.isoformat()} {what}" for when, what in sorted(items, key=lambda item: item[0]))


def _decode(content: bytes, name: str) -> str:
    if b"\x00" in content:
        raise TasksError([texts.TASKS_ERR_FILE.format(file=name, msg=texts.TASKS_ERR_NUL)])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TasksError([texts.TASKS_ERR_FILE.format(file=name, msg=texts.TASKS_ERR_ENCODING)]) from None


def _header(records: list[list[str]], name: str) -> list[str]:
    if not records:
        raise TasksError([texts.TASKS_ERR_FILE.format(file=name, msg=texts.TASKS_ERR_EMPTY)])
    header = [_nfc(h).strip().lower() for h in records[0]]
    problems = []
    doubled = sorted({h for h in header if header.count(h) > 1})
    if doubled:
        problems.append(texts.TASKS_ERR_DUPLICATE_COLUMNS.format(cols=", ".join(doubled)))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(texts.TASKS_ERR_MISSING_COLUMNS.format(cols=", ".join(missing)))
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append(texts.TASKS_ERR_UNKNOWN_COLUMNS.format(cols=", ".join(f"“{h}”" for h in unknown),
                                                               allowed=", ".join(COLUMNS)))
    if problems:
        raise TasksError([texts.TASKS_ERR_FILE.format(file=name, msg=p) for p in problems])
    return header


class _Checker:
    """Collects the problems of one file, each with its row and column."""

    def __init__(self, name: str, owners: pd.DataFrame, *, item: bool = False):
        self.name = name
        self.owners = owners
        self.codes = set(owners["code"])
        self.item = item  # one item edited on the page: messages name the field, not the file's row
        self.errors: list[str] = []
        self.ids: dict[str, int] = {}

    def cell(self, line: int, col: str, msg: str) -> None:
        if self.item:
            self.errors.append(texts.TASKS_ERR_ITEM.format(field=texts.TASK_FIELD_LABELS.get(col, col), msg=msg))
        else:
            self.errors.append(texts.TASKS_ERR_CELL.format(file=self.name, row=line, col=col, msg=msg))

    def row_problem(self, line: int, msg: str) -> None:
        if self.item:
            self.errors.append(msg[:1].upper() + msg[1:])
        else:
            self.errors.append(texts.TASKS_ERR_ROW.format(file=self.name, row=line, msg=msg))

    def text(self, line: int, col: str, value: str, *, required: bool, limit: int, newlines: bool) -> str:
        if newlines:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = _nfc(value).strip()
        if required and not value.strip():
            self.cell(line, col, texts.TASKS_ERR_REQUIRED)
        elif len(value) > limit:
            self.cell(line, col, texts.TASKS_ERR_TOO_LONG.format(n=len(value), max=limit))
        elif _has_control(value, newlines):
            self.cell(line, col, texts.TASKS_ERR_CONTROL)
        return value

    def date(self, line: int, col: str, value: str, *, required: bool) -> date | None:
        value = value.strip()
        if not value:
            if required:
                self.cell(line, col, texts.TASKS_ERR_REQUIRED)
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.cell(line, col, texts.TASKS_ERR_DATE.format(value=value))
        return parsed

    def record(self, line: int, rec: dict) -> dict | None:
        before = len(self.errors)
        task_id = rec.get("id", "").strip()
        if not task_id:
            self.cell(line, "id", texts.TASKS_ERR_REQUIRED)
        elif not ID_RE.match(task_id):
            self.cell(line, "id", texts.TASKS_ERR_ID.format(value=task_id, max=MAX_ID))
        elif task_id in self.ids:
            self.cell(line, "id", texts.TASKS_ERR_ID_DUPLICATE.format(value=task_id, first=self.ids[task_id]))
        else:
            self.ids[task_id] = line
        kind = rec.get("kind", "").strip()
        if kind not in KINDS:
            self.cell(line, "kind", texts.TASKS_ERR_CHOICE.format(value=kind, allowed=", ".join(KINDS)))
        section = rec.get("section", "").strip()
        if not SECTION_RE.match(section):
            self.cell(line, "section", texts.TASKS_ERR_SECTION.format(value=section))
        title = self.text(line, "title_vi", rec.get("title_vi", ""), required=True, limit=MAX_TITLE, newlines=False)
        owner = rec.get("owner", "").strip()
        if owner and owner not in self.codes:  # empty: not assigned yet (the plan names no owner)
            near = org_units.closest(self.owners, owner) if owner else None
            hint = texts.TASKS_ERR_OWNER_HINT.format(code=near["code"], name=near["display_name"]) if near else ""
            self.cell(line, "owner", texts.TASKS_ERR_OWNER.format(value=owner, hint=hint))
        start = self.date(line, "start", rec.get("start", ""), required=False)
        deadline = self.date(line, "deadline", rec.get("deadline", ""), required=True)
        updated = self.date(line, "updated", rec.get("updated", ""), required=False)
        status = rec.get("status", "").strip()
        if status not in STATUSES:
            self.cell(line, "status", texts.TASKS_ERR_CHOICE.format(value=status, allowed=", ".join(STATUSES)))
        progress_text = rec.get("progress", "").strip()
        progress = int(progress_text) if PROGRESS_RE.match(progress_text) else None
        if progress is None or progress > 100:
            self.cell(line, "progress", texts.TASKS_ERR_PROGRESS.format(value=progress_text))
            progress = None
        milestones_text = self.text(line, "milestones", rec.get("milestones", ""), required=False,
                                    limit=MAX_TEXT, newlines=False)
        milestones = parse_milestones(milestones_text)
        if milestones is None:
            self.cell(line, "milestones", texts.TASKS_ERR_MILESTONES.format(value=milestones_text))
        note = self.text(line, "note", rec.get("note", ""), required=False, limit=MAX_TEXT, newlines=True)
        demo = rec.get("demo", "").strip().lower()
        if demo not in _TRUE | _FALSE:
            self.cell(line, "demo", texts.TASKS_ERR_DEMO.format(value=rec.get("demo", "")))
        if len(self.errors) > before:
            return None
        if start is not None and start > deadline:
            self.row_problem(line, texts.TASKS_ERR_START_AFTER.format(start=fmt.day(start), deadline=fmt.day(deadline)))
        if status == DONE and progress != 100:
            self.row_problem(line, texts.TASKS_ERR_DONE_NOT_FULL.format(progress=fmt.percent(progress, 0)))
        elif progress == 100 and status != DONE:
            self.row_problem(line, texts.TASKS_ERR_FULL_NOT_DONE.format(status=texts.TASK_STATUS_LABELS[status].lower()))
        elif status == NOT_STARTED and progress != 0:
            self.row_problem(line, texts.TASKS_ERR_NOT_STARTED.format(progress=fmt.percent(progress, 0)))
        if len(self.errors) > before:
            return None
        return {"id": task_id, "kind": kind, "section": section, "title_vi": title, "owner": owner,
                "start": start, "deadline": deadline, "status": status, "progress": progress,
                "milestones": format_milestones(milestones), "note": note, "updated": updated,
                "demo": demo in _TRUE}


def parse_tasks(content: bytes, name: str = FILE_NAME, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """Check the bytes of a tasks file; the items in file order, or TasksError listing every problem.

    ``owners``: the units a task may belong to (``lib.readers.org_units.load_units()`` by default). Columns
    of the result: ``COLUMNS`` (start/deadline/updated as ``datetime.date`` or None, progress
    int, demo bool, milestones in their canonical spelling)."""
    owners = owners if owners is not None else org_units.load_units()
    text = _decode(content, name)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise TasksError([texts.TASKS_ERR_FILE.format(file=name, msg=texts.TASKS_ERR_CSV.format(msg=exc))]) from None
    header = _header(records, name)
    body = [(i, rec) for i, rec in enumerate(records[1:], start=2) if any(cell.strip() for cell in rec)]
    if len(body) > MAX_ROWS:
        raise TasksError([texts.TASKS_ERR_FILE.format(file=name, msg=texts.TASKS_ERR_TOO_MANY_ROWS.format(
            n=len(body), max=MAX_ROWS))])
    checker = _Checker(name, owners)
    rows = []
    for line, rec in body:
        if len(rec) > len(header):
            checker.row_problem(line, texts.TASKS_ERR_EXTRA_CELLS.format(n=len(rec), m=len(header)))
            continue
        row = checker.record(line, dict(zip(header, rec + [""] * (len(header) - len(rec)))))
        if row is not None:
            rows.append(row)
    if not body:
        checker.errors.append(texts.TASKS_ERR_FILE.format(file=name, msg=texts.TASKS_ERR_NO_ROWS))
    if checker.errors:
        raise TasksError(checker.errors)
    return pd.DataFrame(rows, columns=COLUMNS)


def load_tasks(path: str | Path | None = None, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check a tasks file (default: ``tasks_path()``); see ``parse_tasks``."""
    path = Path(path) if path is not None else tasks_path()
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise TasksError([texts.TASKS_ERR_FILE.format(file=path.name, msg=exc.strerror or exc)]) from exc
    return parse_tasks(content, path.name, owners)


def record_strings(row: dict) -> dict[str, str]:
    """An item as the file spells it (every column a string): what ``serialize`` writes and the
    checker reads back."""
    return {
        "id": row["id"], "kind": row["kind"], "section": row["section"], "title_vi": row["title_vi"],
        "owner": row["owner"], "start": row["start"].isoformat() if row["start"] else "",
        "deadline": row["deadline"].isoformat(), "status": row["status"], "progress": str(int(row["progress"])),
        "milestones": row["milestones"], "note": row["note"],
        "updated": row["updated"].isoformat() if row["updated"] else "", "demo": "true" if row["demo"] else "false",
    }


def check_item(rec: dict[str, str], owners: pd.DataFrame) -> tuple[dict | None, list[str]]:
    """Check one item given as the file spells it (an edit on the page): the parsed item, or None
    and the problems, each naming the field (“Tiến độ: …”)."""
    checker = _Checker(FILE_NAME, owners, item=True)
    row = checker.record(0, rec)
    return (None, checker.errors) if checker.errors else (row, [])


def serialize(tasks: pd.DataFrame) -> bytes:
    """The file's bytes for ``tasks`` (as ``parse_tasks`` returns them): UTF-8, ``\\n``, ``COLUMNS``.

    Text is written verbatim (notes are shown as plain text; exports neutralise formulas)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in tasks.to_dict("records"):
        strings = record_strings(r)
        writer.writerow([strings[c] for c in COLUMNS])
    return buf.getvalue().encode("utf-8")


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
