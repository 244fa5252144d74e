"""The checks of one data row, one function per rule. Each takes what it needs, adds what it
finds to ``found`` (errors, warnings) and says whether the row can go on being read."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from lib.core import fmt, settings, texts
from lib.core.normalise import BIDI_CONTROLS
from lib.core.problems import Problem
from lib.upload.cells import Cell, cell_text, quoted_text
from lib.upload.columns import IGNORE, Table, column_of
from lib.upload.display import count, rows_text
from lib.upload.periods import row_period
from lib.upload.problems import Findings, fault
from lib.upload.text import clean, codes, key, short
from lib.upload.units import UNIT_SYNONYMS, report_problem

_INTEGER = re.compile(r"[-+]?\d+")
_DIGITS = re.compile(r"\d+")


def too_long_cells(rowno: int, cells: list[Cell], table: Table, found: Findings) -> bool:
    """Cells too long to be a note, let alone a number: each is an error; True if any."""
    too_long = False
    for idx, c in enumerate(cells):
        if c.kind == "text" and len(c.text) > settings.MAX_FIELD_CHARS:
            found.error("ERR_UPLOAD_FIELD_TOO_LONG", rowno, table.heading_at(idx) or None, n=count(len(c.text)),
                        limit=count(settings.MAX_FIELD_CHARS))
            too_long = True
    return too_long


def split_number(rowno: int, cells: list[Cell], table: Table, found: Findings) -> bool:
    """A decimal comma in a comma-separated file splits the number over two cells (845 | 5)."""
    if not (table.is_csv and table.delimiter == ","):
        return False
    vi = table.columns["value"]
    if vi + 1 >= len(cells):
        return False
    v, nxt = cells[vi], cells[vi + 1]
    next_heading = table.heading_at(vi + 1) or ""
    if (not v.quoted and not nxt.quoted and _INTEGER.fullmatch(clean(v.text))
            and _DIGITS.fullmatch(clean(nxt.text)) and column_of(next_heading) != IGNORE):
        joined = f"{clean(v.text)},{clean(nxt.text)}"
        found.error("ERR_UPLOAD_SPLIT_NUMBER", rowno, table.heading("value"), value=clean(v.text),
                    next=clean(nxt.text), joined=joined)
        return True
    return False


def extra_fields(rowno: int, cells: list[Cell], width: int, table: Table, found: Findings) -> bool:
    """A CSV row with more filled cells than the header has columns."""
    extra = [c for c in cells[width:] if not c.blank] if table.is_csv else []
    if extra:
        found.error("ERR_UPLOAD_EXTRA_FIELDS", rowno, n=len(cells), m=width,
                    extra=short("; ".join(clean(c.text) for c in extra), 40))
    return bool(extra)


def broken_cells(rowno: int, cells: list[Cell], table: Table, found: Findings) -> set[str]:
    """The columns used whose cell is an Excel error value or a formula without a cached value."""
    broken: set[str] = set()
    for canon in table.columns:
        c = table.cell(cells, canon)
        if c.kind == "error":
            found.error("ERR_UPLOAD_XLSX_ERROR_CELL", rowno, table.heading(canon), cell=c.ref, found=c.text)
            broken.add(canon)
        elif c.kind == "formula":
            found.error("ERR_UPLOAD_XLSX_FORMULA", rowno, table.heading(canon), cell=c.ref)
            broken.add(canon)
    return broken


def skipped_row(rowno: int, cells: list[Cell], table: Table, broken: set, found: Findings) -> bool:
    """A row without code, value or total (said when it holds a name or a note), and a template
    row left empty (code, no value, no note: not reported this month; it is listed with the
    missing indicators, and whatever was stored for it stays)."""
    if broken or not table.cell(cells, "value").blank or not table.cell(cells, "cumulative").blank:
        return False
    if not cell_text(table.cell(cells, "indicator_code")):
        shown = [clean(table.cell(cells, c).text) for c in ("name_vi", "note") if table.cell(cells, c).kind == "text"]
        shown = [s for s in shown if s]
        if shown:
            found.warn(texts.WARN_UPLOAD_SKIPPED_ROW.format(row=rowno, text=short(" · ".join(shown))))
        return True
    return "note" not in table.columns or table.cell(cells, "note").blank


@dataclass
class RowPeriods:
    """The period cells read another way than written (“6/2025”: text → rows), and the blank ones."""

    read_as: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    blank: list[int] = field(default_factory=list)

    def warnings(self, chosen: str | None, found: Findings) -> None:
        for written, (canon, rows) in self.read_as.items():
            found.warn(texts.WARN_UPLOAD_PERIOD_READ_AS.format(found=written, rows=rows_text(rows), period=canon))
        if self.blank and chosen:
            found.warn(texts.WARN_UPLOAD_PERIOD_BLANK.format(rows=rows_text(self.blank),
                                                             label=fmt.period_label(chosen)))


def check_period(rowno: int, pc: Cell, column: str, chosen: str | None, periods: RowPeriods,
                 found: Findings) -> None:
    """The row's period must be the chosen month (blank: the chosen month, said once)."""
    if pc.blank:
        periods.blank.append(rowno)
        return
    written = quoted_text(pc)
    canon, how = row_period(pc)
    example = chosen or "2025-06"
    if how == "day":
        found.error("ERR_UPLOAD_PERIOD_DAY", rowno, column, found=written, period=example)
    elif canon is None:
        found.error("ERR_UPLOAD_PERIOD_BAD", rowno, column, found=written, period=example)
    elif chosen and canon != chosen:
        found.error("ERR_UPLOAD_PERIOD_OTHER", rowno, column, found=written, found_label=fmt.period_label(canon),
                    label=fmt.period_label(chosen), period=chosen)
    elif how == "read_as":
        periods.read_as.setdefault(written, (canon, []))[1].append(rowno)


def suggest_code(written: str, rowno: int, column: str, by_code: dict) -> Problem:
    """An unknown indicator code, with the code it was probably meant to be (by name or spelling)."""
    candidates = [c for c, r in by_code.items() if not r["derived"]]
    names = {key(r["name_vi"]): c for c, r in by_code.items() if not r["derived"]}
    close = difflib.get_close_matches(written.lower(), candidates, n=1, cutoff=0.6)
    suggestion = names.get(key(written)) or (close[0] if close else None)
    if suggestion:
        return fault("ERR_UPLOAD_CODE_UNKNOWN_SUGGEST", rowno, column, code=written, suggestion=suggestion)
    return fault("ERR_UPLOAD_CODE_UNKNOWN_LIST", rowno, column, code=written)


@dataclass
class RowUnit:
    """The row's reporting unit: its code ("" = the ward), the unit, whether it could not be known."""

    code: str = ""
    unit: dict | None = None
    failed: bool = False


def check_code(rowno: int, cells: list[Cell], table: Table, by_code: dict, seen: dict, unit: RowUnit,
               found: Findings) -> dict | None:
    """The row's indicator (None when it cannot be stored): known, not derived, once per unit
    (``seen``: (indicator, unit) → first row), reportable by the row's unit (else ``unit.failed``)."""
    code_text = cell_text(table.cell(cells, "indicator_code"))
    code, column = code_text.lower(), table.heading("indicator_code")
    if not code:
        value_cell = table.cell(cells, "value")
        found.error("ERR_UPLOAD_CODE_MISSING", rowno, column, value=quoted_text(value_cell) or value_cell.ref or "?")
        return None
    if code not in by_code:
        found.add(suggest_code(code_text, rowno, column, by_code))
        return None
    if by_code[code]["derived"]:
        parts = [r["code"] for r in by_code.values() if r.get("parent") == code and r.get("relation") == "component"]
        found.error("ERR_UPLOAD_CODE_DERIVED", rowno, column, code=code, name=by_code[code]["name_vi"],
                    parts=", ".join(parts))
        return None
    if unit.failed:  # an unknown unit: the row is judged (value) but belongs to no one
        return by_code[code]
    if (code, unit.code) in seen:
        if unit.code:
            found.error("ERR_UPLOAD_UNIT_DUPLICATE", rowno, table.unit_heading(), code=code,
                        unit=unit.unit["display_name"], first=seen[code, unit.code], second=rowno)
        else:
            found.error("ERR_UPLOAD_CODE_DUPLICATE", rowno, column, code=code, first=seen[code, unit.code],
                        second=rowno)
        return None
    seen[code, unit.code] = rowno
    ind = by_code[code]
    why = report_problem(ind, unit.unit, rowno, table.unit_heading()) if unit.unit is not None else None
    if why:
        unit.failed = True
        found.add(why)
    return ind


def check_measure(rowno: int, ind: dict, unit_cell: Cell, table: Table, broken: set, found: Findings) -> None:
    """A unit of measure written in the row must be the indicator's (or a synonym of it)."""
    if "unit" not in table.columns or "unit" in broken or unit_cell.blank:
        return
    written = quoted_text(unit_cell)
    k = key(written)
    allowed = {key(ind["unit"])} | {key(u) for u in UNIT_SYNONYMS.get(ind["unit"], ())}
    if k not in allowed and k.strip("()") not in allowed:
        found.error("ERR_UPLOAD_UNIT", rowno, table.heading("unit"), found=written, name=ind["name_vi"],
                    unit=ind["unit"])


def check_name(rowno: int, ind: dict, name_cell: Cell, table: Table, broken: set, found: Findings) -> None:
    """A name written in the row that is not the indicator's: a warning (the code decides)."""
    if "name_vi" not in table.columns or "name_vi" in broken or name_cell.kind != "text" or name_cell.blank:
        return
    written = clean(name_cell.text).lstrip("'")
    if key(written).rstrip(".") != key(ind["name_vi"]).rstrip("."):
        found.warn(texts.WARN_UPLOAD_NAME_MISMATCH.format(row=rowno, found=short(written, 80), code=ind["code"],
                                                          name=ind["name_vi"]))


def read_note(rowno: int, note_cell: Cell, table: Table, found: Findings) -> str:
    """The note as stored: bidi controls removed (with a warning naming the cell)."""
    note = "" if note_cell.kind == "empty" else cell_text(note_cell)
    if any(c in BIDI_CONTROLS for c in note):
        shown = codes(note, BIDI_CONTROLS)
        note = clean("".join(c for c in note if c not in BIDI_CONTROLS))
        found.warn_at("WARN_UPLOAD_NOTE_BIDI", rowno, table.heading("note"), codes=shown, note=short(note, 80))
    return note
