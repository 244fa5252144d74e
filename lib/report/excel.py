"""The monthly report's tables as an Excel workbook (.xlsx, openpyxl).

Numbers are numbers with number formats, so a Vietnamese Excel shows 1.260 and 14,5 as
``lib.core.fmt`` writes them; every text cell goes through ``lib.views.templates.spreadsheet_safe``
(a cell that reads as a formula stays text). Sheets: "Chênh lệch" (the gap table), "Số liệu
tháng" (every month's figures and notes), then the report's other tables. ``lib.report.export.xlsx_bytes``
is the entry.
"""
from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import pandas as pd

from lib.core import fmt, texts
from lib.core.normalise import printable
from lib.report.layout import (
    as_of,
    cell_text,
    column_decimals,
    column_widths,
    extra_tables,
    is_missing,
    is_number,
    status_ink,
)
from lib.views.templates import spreadsheet_safe

if TYPE_CHECKING:  # lib.report.model imports the narrative; the exporters only read a Report's fields
    from lib.report.model import Report

XLSX_HEADER_FILL = "D9E2F3"
XLSX_MAX_WIDTH = 60
PCT_FORMAT = '0.0"%"'           # % of plan: already in percent points (92,3 → 92,3%)


def _decimals_needed(value: float, most: int) -> int:
    """How many decimals ``value`` shows when rounded to ``most``: 14.5 → 1, 1260.0 → 0."""
    text = f"{round(float(value), most):.{most}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def number_format(unit: str, integer: bool = False, decimals: int = 0, value=None) -> str:
    """The Excel number format showing ``value`` as ``lib.core.fmt`` writes it: the unit's decimals
    (fixed for %/‰, only when the value has them for amounts), thousands grouped; '%' and '‰'
    as literal suffixes since the values are already percent numbers (92,3 → 92,3%)."""
    if unit == fmt.BINARY_UNIT:
        return f'[=1]"{texts.YES}";[=0]"{texts.NO}";General'
    pattern = fmt.pattern(unit, integer, decimals)          # the Babel pattern: '#,##0.0' · '#,##0.##'
    whole, _, frac = pattern.partition(".")
    fixed, optional = frac.count("0"), len(frac)
    shown = fixed
    if optional > fixed and not is_missing(value):
        shown = max(fixed, _decimals_needed(value, optional))
    base = whole + ("." + "0" * shown if shown else "")
    if unit in ("%", "‰"):
        base = base.replace("#,##", "") + f'"{unit}"'
    return base


def _signed(format_: str) -> str:
    """The same format with an explicit + on positive values (a gap: + is ahead of the plan)."""
    if format_.startswith("[="):
        return "+0;-0;0"
    return f"+{format_};-{format_};{format_}"


def _xlsx_styles():
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="9CA3AF")
    return {
        "title": Font(bold=True, size=14),
        "subtitle": Font(italic=True, size=11),
        "demo": Font(bold=True, color=texts.STATUS_COLORS["at_risk"].lstrip("#")),
        "header_font": Font(bold=True),
        "header_fill": PatternFill("solid", fgColor=XLSX_HEADER_FILL),
        "header_align": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "top": Alignment(vertical="top"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
    }


def _xlsx_text(value) -> str:
    return spreadsheet_safe(printable(value))


def _xlsx_sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    clean = "".join(" " if c in '[]:*?/\\' else c for c in printable(title)).strip().strip("'")[:31] or texts.EXPORT_SHEET_DEFAULT
    name, n = clean, 2
    while name.casefold() in {u.casefold() for u in used}:
        suffix = f" ({n})"
        name, n = clean[:31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name


def _xlsx_head(ws, title: str, lines: list[tuple[str, str]], styles) -> int:
    """Title and note rows above a table; returns the header row's number (after a blank row)."""
    ws.cell(row=1, column=1, value=_xlsx_text(title)).font = styles["title"]
    for row, (text, style) in enumerate(lines, start=2):
        ws.cell(row=row, column=1, value=_xlsx_text(text)).font = styles[style]
    return len(lines) + 3


def _xlsx_header(ws, row: int, headings, styles) -> None:
    for column, text in enumerate(headings, start=1):
        cell = ws.cell(row=row, column=column, value=_xlsx_text(text))
        cell.font, cell.fill, cell.alignment = styles["header_font"], styles["header_fill"], styles["header_align"]
        cell.border = styles["border"]
    ws.row_dimensions[row].height = 32


def _xlsx_finish(ws, header_row: int, last_row: int, widths: list[float], freeze_columns: int) -> None:
    """Frozen header row (and the first ``freeze_columns`` columns), autofilter, column widths."""
    from openpyxl.utils import get_column_letter

    ws.freeze_panes = ws.cell(row=header_row + 1, column=freeze_columns + 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(max(1, len(widths)))}{max(last_row, header_row)}"
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _xlsx_put(cell, value, styles, *, number_format: str | None = None, wrap: bool = False) -> None:
    """One body cell: text made safe, numbers as numbers (float noise rounded away), missing left empty."""
    cell.border = styles["border"]
    cell.alignment = styles["wrap"] if wrap else styles["top"]
    if is_missing(value):
        return
    if isinstance(value, str):
        cell.value = _xlsx_text(value)
        return
    if isinstance(value, (bool, int)) or (isinstance(value, float) and value.is_integer()):
        cell.value = int(value)
    else:
        cell.value = round(float(value), 9)         # 687.5000000000999 → 687.5
    if number_format:
        cell.number_format = number_format


def _indicator_format(r: dict):
    """The number format of one indicator's values (``lib.core.fmt``'s spelling, per value)."""
    unit, integer, decimals = r["unit"], bool(r["integer"]), int(r.get("decimals", 0) or 0)
    return lambda value: number_format(unit, integer, decimals, value)


# The "Chênh lệch" sheet: (heading, width, how a row's cell is filled: "text" | "amount" | "pct" | "gap" | "int").
_GAP_COLUMNS = (
    (texts.EXPORT_COL_NO, 6, "int", "no"),
    (texts.COL_SECTOR, 18, "text", "sector"),
    (texts.COL_NAME, 48, "text", "name_vi"),
    (texts.COL_UNIT, 11, "text", "unit"),
    (texts.EXPORT_COL_KIND, 20, "text", "direction"),
    (texts.COL_TARGET, 13, "amount", "target"),
    (texts.EXPORT_COL_ACTUAL, 13, "amount", "actual_to_date"),
    (texts.EXPORT_COL_EXPECTED, 13, "amount", "expected_to_date"),
    (texts.COL_PROJECTION, 13, "amount", "projection"),
    (texts.COL_ACHIEVEMENT, 11, "pct", "achievement_pct"),
    (texts.COL_GAP, 13, "gap", "gap"),
    (texts.COL_STATUS, 18, "text", "status"),
    (texts.EXPORT_COL_LAST_MONTH, 14, "text", "last_month"),
    (texts.EXPORT_COL_MONTHS, 11, "int", "months_reported"),
    (texts.COL_GROUP, 20, "text", "group"),
    (texts.EXPORT_COL_CODE, 24, "text", "code"),
)
_GAP_FROZEN = 3     # STT, Lĩnh vực, Chỉ tiêu stay in view


def _gap_cells(report: Report, number: int, r: dict) -> dict:
    """The "Chênh lệch" row of one indicator, by field: words for the coded fields."""
    last = "" if is_missing(r["last_month"]) else fmt.month_label(report.year, int(r["last_month"]))
    return {**r, "no": number, "sector": texts.SECTORS.get(r["sector"], r["sector"]),
            "unit": fmt.unit_label(r["unit"]), "direction": texts.EXPORT_DIRECTIONS[r["direction"]],
            "status": texts.STATUS_LABELS[r["status"]], "last_month": last,
            "group": texts.GROUPS.get(r["group"], r["group"] or ""), "months_reported": int(r["months_reported"] or 0)}


def _xlsx_gaps(wb, report: Report, styles, used: set[str]) -> None:
    """Sheet "Chênh lệch": one row per indicator, every figure a number with its format."""
    from openpyxl.styles import Font

    ws = wb.active
    ws.title = _xlsx_sheet_title(texts.EXPORT_SHEET_GAPS, used)
    lines = [(as_of(report), "subtitle"), (texts.EXPORT_XLSX_GAP_HELP, "subtitle")]
    if report.is_demo:
        lines.append((texts.REPORT_DEMO_NOTE, "demo"))
    header_row = _xlsx_head(ws, texts.EXPORT_XLSX_TITLE.format(year=report.year, ward=texts.WARD), lines, styles)
    _xlsx_header(ws, header_row, [c[0] for c in _GAP_COLUMNS], styles)
    row_no = header_row
    for number, r in enumerate(report.gaps.sort_values("ord").to_dict("records"), start=1):
        row_no += 1
        cells = _gap_cells(report, number, r)
        as_shown = _indicator_format(r)
        for column, (_, _, kind, field) in enumerate(_GAP_COLUMNS, start=1):
            value = cells[field]
            cell = ws.cell(row=row_no, column=column)
            fmt_ = (as_shown(value) if kind == "amount" else _signed(as_shown(value)) if kind == "gap"
                    else PCT_FORMAT if kind == "pct" else "0" if kind == "int" else None)
            _xlsx_put(cell, value, styles, number_format=fmt_, wrap=field == "name_vi")
            if field == "status":
                cell.font = Font(bold=True, color=status_ink(r["status"]).lstrip("#"))
    _xlsx_finish(ws, header_row, row_no, [c[1] for c in _GAP_COLUMNS], _GAP_FROZEN)


def _xlsx_monthly(wb, report: Report, styles, used: set[str]) -> None:
    """Sheet "Số liệu tháng": indicators × months 1..m (each month's own figure), the notes, the code."""
    ws = wb.create_sheet(_xlsx_sheet_title(texts.EXPORT_SHEET_MONTHLY, used))
    lines = [(texts.EXPORT_XLSX_MONTHLY_HELP, "subtitle")]
    if report.is_demo:
        lines.append((texts.REPORT_DEMO_NOTE, "demo"))
    title = texts.EXPORT_XLSX_MONTHLY_TITLE.format(year=report.year, month=report.month, ward=texts.WARD)
    header_row = _xlsx_head(ws, title, lines, styles)
    months = list(range(1, report.month + 1))
    headings = [texts.EXPORT_COL_NO, texts.COL_SECTOR, texts.COL_NAME, texts.COL_UNIT,
                *[texts.EXPORT_MONTH_COLUMN.format(m=m) for m in months], texts.COL_NOTE, texts.EXPORT_COL_CODE]
    _xlsx_header(ws, header_row, headings, styles)
    values = {(r["code"], int(r["month"])): r for r in report.monthly.to_dict("records")}
    row_no = header_row
    for number, r in enumerate(report.gaps.sort_values("ord").to_dict("records"), start=1):
        row_no += 1
        as_shown = _indicator_format(r)
        first = [number, texts.SECTORS.get(r["sector"], r["sector"]), r["name_vi"], fmt.unit_label(r["unit"])]
        for column, value in enumerate(first, start=1):
            _xlsx_put(ws.cell(row=row_no, column=column), value, styles, number_format="0" if column == 1 else None,
                      wrap=column == 3)
        notes = []
        for column, month in enumerate(months, start=len(first) + 1):
            entry = values.get((r["code"], month), {})
            value = entry.get("value")
            _xlsx_put(ws.cell(row=row_no, column=column), value, styles, number_format=as_shown(value))
            note = "" if is_missing(entry.get("note")) else printable(entry["note"]).strip()
            if note:
                notes.append(texts.EXPORT_NOTE_LINE.format(m=month, note=note))
        _xlsx_put(ws.cell(row=row_no, column=len(first) + len(months) + 1), "\n".join(notes) or None, styles,
                  wrap=True)
        _xlsx_put(ws.cell(row=row_no, column=len(headings)), r["code"], styles)
    widths = [6, 18, 48, 11, *[11] * len(months), 60, 24]
    _xlsx_finish(ws, header_row, row_no, widths, 4)


def _xlsx_frame(wb, title: str, frame: pd.DataFrame, styles, used: set[str]) -> None:
    """A titled DataFrame as a sheet (named like the title, in sentence case): text through
    spreadsheet_safe, numbers as numbers."""
    ws = wb.create_sheet(_xlsx_sheet_title(title[:1] + title[1:].lower(), used))
    header_row = _xlsx_head(ws, title, [], styles)
    _xlsx_header(ws, header_row, [str(c) for c in frame.columns], styles)
    row_no = header_row
    decimals = column_decimals(frame)
    for values in frame.itertuples(index=False):
        row_no += 1
        for column, value in enumerate(values, start=1):
            places = decimals[column - 1]
            cell = ws.cell(row=row_no, column=column)
            if isinstance(value, (dt.date, pd.Timestamp)):
                cell.border, cell.alignment = styles["border"], styles["top"]
                cell.value = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
                cell.number_format = "dd/mm/yyyy"
            elif is_number(value):
                number = float(value)
                shape = ("#,##0" + ("." + "0" * places if places else "")) if places is not None else (
                    "#,##0" if number.is_integer() else "#,##0.0#")
                _xlsx_put(cell, number, styles, number_format=shape)
            else:
                _xlsx_put(cell, None if is_missing(value) else cell_text(value), styles, wrap=True)
    widths = [min(XLSX_MAX_WIDTH, max(8.0, w / 2.2)) for w in column_widths(frame, 10_000, 11, 4)]  # mm → chars
    _xlsx_finish(ws, header_row, row_no, widths, 0)


def xlsx_bytes(report: Report) -> bytes:
    """The report's tables as an Excel workbook: "Chênh lệch" (the gap table), "Số liệu tháng"
    (every month's figures and notes), and the report's other tables as further sheets."""
    from openpyxl import Workbook

    wb = Workbook()
    styles = _xlsx_styles()
    used: set[str] = set()
    _xlsx_gaps(wb, report, styles, used)
    _xlsx_monthly(wb, report, styles, used)
    for title, frame in extra_tables(report):
        _xlsx_frame(wb, title, frame, styles, used)
    stamp = dt.datetime(report.issued.year, report.issued.month, report.issued.day)
    wb.properties.creator = wb.properties.lastModifiedBy = texts.EXPORT_AUTHOR
    wb.properties.title = printable(report.subtitle)
    wb.properties.created = wb.properties.modified = stamp
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
