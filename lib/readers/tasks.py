"""The tasks file (``tasks_2025.csv``): reading and checking it, and writing its bytes.

One row per work, line of work or criterion of the plan, with its owner, dates, status, progress
and milestones. ``parse_tasks`` checks the bytes of a file (every problem by row and column,
nothing guessed) and raises one ``TasksError`` listing them; ``check_item`` checks one item edited
on the page (the problems name the field), ``check_logged_item`` one line of the dated log of
updates. ``serialize`` writes the file's bytes. Where the file is and what its items mean (late or
not) is ``lib.analytics.tasks``; writing versions of it is ``lib.storage.task_store``. No Streamlit.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from datetime import date
from pathlib import Path

import pandas as pd

from lib.core import fmt, normalise, settings, texts
from lib.core.problems import Problem, ProblemsError, problem
from lib.readers import org_units

FILE_NAME = "tasks_2025.csv"
REQUIRED = ["id", "kind", "section", "title_vi", "owner", "deadline", "status", "progress"]
OPTIONAL = ["start", "milestones", "note", "updated", "demo"]
COLUMNS = ["id", "kind", "section", "title_vi", "owner", "start", "deadline", "status", "progress",
           "milestones", "note", "updated", "demo"]  # the order the file is written in
KINDS = ("cong_trinh", "nhiem_vu", "tieu_chi")
STATUSES = ("chua_bat_dau", "dang_thuc_hien", "hoan_thanh", "cham")
DONE = "hoan_thanh"
NOT_STARTED = "chua_bat_dau"
MAX_ID = settings.MAX_TASK_ID
MAX_TITLE = settings.MAX_TASK_TITLE
MAX_ROWS = settings.MAX_ROWS
MAX_TEXT = settings.MAX_FIELD_CHARS

ID_RE = re.compile(r"^[a-z0-9_]{1,%d}$" % MAX_ID, re.ASCII)
SECTION_RE = re.compile(r"^[IVX]+(\.\d{1,2}){0,3}(\.[a-z])?$", re.ASCII)
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
PROGRESS_RE = re.compile(r"^\d{1,3}$", re.ASCII)
MILESTONE_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s+(\S.*)$", re.ASCII | re.DOTALL)


class TasksError(ProblemsError):
    """The tasks file (or an update of it) cannot be used; ``problems`` lists every problem
    (``messages``: in Vietnamese)."""


def refused(message: str) -> Problem:
    """Another part's refusal (its message as it said it) as a tasks problem."""
    return problem("TASKS_REFUSED", message=message)


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
        raise TasksError([problem("TASKS_FILE_NUL", file=name)])
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TasksError([problem("TASKS_FILE_ENCODING", file=name)]) from None


def _header(records: list[list[str]], name: str) -> list[str]:
    if not records:
        raise TasksError([problem("TASKS_FILE_EMPTY", file=name)])
    header = [normalise.clean(h).lower() for h in records[0]]
    problems = []
    doubled = sorted({h for h in header if header.count(h) > 1})
    if doubled:
        problems.append(problem("TASKS_FILE_DUPLICATE_COLUMNS", file=name, cols=", ".join(doubled)))
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(problem("TASKS_FILE_MISSING_COLUMNS", file=name, cols=", ".join(missing)))
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append(problem("TASKS_FILE_UNKNOWN_COLUMNS", file=name, cols=", ".join(f"“{h}”" for h in unknown),
                                allowed=", ".join(COLUMNS)))
    if problems:
        raise TasksError(problems)
    return header


class TaskChecker:
    """Collects the problems of one file, each with its row and column.

    ``mode``: ``"file"`` (a row of the tasks file: ``TASKS_CELL_*``, ``TASKS_ROW_*``), ``"item"``
    (one item edited on the page: the problems name the field, ``TASKS_ITEM_*``) or ``"log"`` (a
    line of the dated log of updates ``name``: ``TASKS_LOG_*``, the item's words after the row)."""

    def __init__(self, name: str, owners: pd.DataFrame, *, mode: str = "file"):
        self.name = name
        self.owners = owners
        self.codes = set(owners["code"])
        self.mode = mode
        self.errors: list[Problem] = []
        self.ids: dict[str, int] = {}

    def cell(self, line: int, col: str, reason: str, /, **params) -> None:
        """A problem of one cell; ``reason``: the end of its code (``"REQUIRED"``)."""
        if self.mode == "file":
            self.errors.append(Problem(f"TASKS_CELL_{reason}", {"file": self.name, **params}, line, col))
            return
        field = texts.TASK_FIELD_LABELS.get(col, col)
        if self.mode == "item":
            self.errors.append(Problem(f"TASKS_ITEM_{reason}", {"field": field, **params}))
        else:
            self.errors.append(Problem(f"TASKS_LOG_{reason}", {"file": self.name, "field": field, **params}, line, col))

    def row_problem(self, line: int, reason: str, /, **params) -> None:
        """A problem of a whole row; ``reason``: the end of its code (``"START_AFTER"``)."""
        if self.mode == "file":
            self.errors.append(Problem(f"TASKS_ROW_{reason}", {"file": self.name, **params}, line))
        elif self.mode == "item":
            self.errors.append(Problem(f"TASKS_ITEM_{reason}", params))
        else:
            self.errors.append(Problem(f"TASKS_LOG_{reason}", {"file": self.name, **params}, line))

    def text(self, line: int, col: str, value: str, *, required: bool, limit: int, newlines: bool) -> str:
        if newlines:
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        value = normalise.clean(value)
        if required and not value.strip():
            self.cell(line, col, "REQUIRED")
        elif len(value) > limit:
            self.cell(line, col, "TOO_LONG", n=len(value), max=limit)
        elif _has_control(value, newlines):
            self.cell(line, col, "CONTROL")
        return value

    def date(self, line: int, col: str, value: str, *, required: bool) -> date | None:
        value = value.strip()
        if not value:
            if required:
                self.cell(line, col, "REQUIRED")
            return None
        parsed = _parse_date(value)
        if parsed is None:
            self.cell(line, col, "DATE", value=value)
        return parsed

    def record(self, line: int, rec: dict) -> dict | None:
        before = len(self.errors)
        task_id = rec.get("id", "").strip()
        if not task_id:
            self.cell(line, "id", "REQUIRED")
        elif not ID_RE.match(task_id):
            self.cell(line, "id", "ID", value=task_id, max=MAX_ID)
        elif task_id in self.ids:
            self.cell(line, "id", "ID_DUPLICATE", value=task_id, first=self.ids[task_id])
        else:
            self.ids[task_id] = line
        kind = rec.get("kind", "").strip()
        if kind not in KINDS:
            self.cell(line, "kind", "CHOICE", value=kind, allowed=", ".join(KINDS))
        section = rec.get("section", "").strip()
        if not SECTION_RE.match(section):
            self.cell(line, "section", "SECTION", value=section)
        title = self.text(line, "title_vi", rec.get("title_vi", ""), required=True, limit=MAX_TITLE, newlines=False)
        owner = rec.get("owner", "").strip()
        if owner and owner not in self.codes:  # empty: not assigned yet (the plan names no owner)
            near = org_units.closest(self.owners, owner) if owner else None
            if near:
                self.cell(line, "owner", "OWNER_HINTED", value=owner, code=near["code"], name=near["display_name"])
            else:
                self.cell(line, "owner", "OWNER_PLAIN", value=owner)
        start = self.date(line, "start", rec.get("start", ""), required=False)
        deadline = self.date(line, "deadline", rec.get("deadline", ""), required=True)
        updated = self.date(line, "updated", rec.get("updated", ""), required=False)
        status = rec.get("status", "").strip()
        if status not in STATUSES:
            self.cell(line, "status", "CHOICE", value=status, allowed=", ".join(STATUSES))
        progress_text = rec.get("progress", "").strip()
        progress = int(progress_text) if PROGRESS_RE.match(progress_text) else None
        if progress is None or progress > 100:
            self.cell(line, "progress", "PROGRESS", value=progress_text)
            progress = None
        milestones_text = self.text(line, "milestones", rec.get("milestones", ""), required=False,
                                    limit=MAX_TEXT, newlines=False)
        milestones = parse_milestones(milestones_text)
        if milestones is None:
            self.cell(line, "milestones", "MILESTONES", value=milestones_text)
        note = self.text(line, "note", rec.get("note", ""), required=False, limit=MAX_TEXT, newlines=True)
        demo = rec.get("demo", "").strip().lower()
        if not normalise.is_flag(demo):
            self.cell(line, "demo", "DEMO", value=rec.get("demo", ""))
        if len(self.errors) > before:
            return None
        if start is not None and start > deadline:
            self.row_problem(line, "START_AFTER", start=fmt.day(start), deadline=fmt.day(deadline))
        if status == DONE and progress != 100:
            self.row_problem(line, "DONE_NOT_FULL", progress=fmt.percent(progress, 0))
        elif progress == 100 and status != DONE:
            self.row_problem(line, "FULL_NOT_DONE", status=texts.TASK_STATUS_LABELS[status].lower())
        elif status == NOT_STARTED and progress != 0:
            self.row_problem(line, "NOT_STARTED", progress=fmt.percent(progress, 0))
        if len(self.errors) > before:
            return None
        return {"id": task_id, "kind": kind, "section": section, "title_vi": title, "owner": owner,
                "start": start, "deadline": deadline, "status": status, "progress": progress,
                "milestones": format_milestones(milestones), "note": note, "updated": updated,
                "demo": normalise.flag(demo)}


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
        raise TasksError([problem("TASKS_FILE_CSV", file=name, msg=exc)]) from None
    header = _header(records, name)
    body = [(i, rec) for i, rec in enumerate(records[1:], start=2) if any(cell.strip() for cell in rec)]
    if len(body) > MAX_ROWS:
        raise TasksError([problem("TASKS_FILE_TOO_MANY_ROWS", file=name, n=len(body), max=MAX_ROWS)])
    checker = TaskChecker(name, owners)
    rows = []
    for line, rec in body:
        if len(rec) > len(header):
            checker.row_problem(line, "EXTRA_CELLS", n=len(rec), m=len(header))
            continue
        row = checker.record(line, dict(zip(header, rec + [""] * (len(header) - len(rec)))))
        if row is not None:
            rows.append(row)
    if not body:
        checker.errors.append(problem("TASKS_FILE_NO_ROWS", file=name))
    if checker.errors:
        raise TasksError(checker.errors)
    return pd.DataFrame(rows, columns=COLUMNS)


def read_tasks_file(path: str | Path, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read and check the tasks file at ``path``; see ``parse_tasks``."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise TasksError([problem("TASKS_ERR_FILE", file=path.name, msg=exc.strerror or exc)]) from exc
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


def check_item(rec: dict[str, str], owners: pd.DataFrame) -> tuple[dict | None, list[Problem]]:
    """Check one item given as the file spells it (an edit on the page): the parsed item, or None
    and the problems, each naming the field (“Tiến độ: …”; ``TASKS_ITEM_*``)."""
    checker = TaskChecker(FILE_NAME, owners, mode="item")
    row = checker.record(0, rec)
    return (None, checker.errors) if checker.errors else (row, [])


def check_logged_item(rec: dict[str, str], owners: pd.DataFrame, name: str, line: int
                      ) -> tuple[dict | None, list[Problem]]:
    """``check_item`` for line ``line`` of the dated log of updates ``name``: the parsed item, or
    None and the problems (``TASKS_LOG_*``: the log's row, then the field)."""
    checker = TaskChecker(name, owners, mode="log")
    row = checker.record(line, rec)
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


