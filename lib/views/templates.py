"""Monthly templates staff fill in (CSV and Excel), and text made safe for spreadsheets.

Two templates: the ward's (one row per indicator entered) and the one by residential group (one
row per by-unit indicator and tổ dân phố, with the group's code and name; the ward's figure of
those indicators is derived from the groups', see lib/analytics/datastore.py).

Both are in Vietnamese (``texts.TEMPLATE_HEADINGS``) and keep the machine-readable codes (the
column “Mã chỉ tiêu” holds ``rice_output`` …; ``lib.upload`` reads the Vietnamese headings and
the older English ones). Per row: whether the figure is the month's own amount (“Số trong
tháng”, summed indicators), the level at the month's end (“Mức cuối tháng”) or a yes/no goal
(“1 = đạt, 0 = chưa đạt”); the unit; the latest stored figure before the month and its month;
for summed indicators the stored year-to-date total and a column “Lũy kế từ đầu năm” that may be
filled instead of the month's amount. Columns for reading only are shaded in the workbook and
ignored by the upload.

The CSV is written for Excel with Vietnamese regional settings: UTF-8 with a BOM (no ``sep=``
line: Excel ignores the BOM after one and shows the diacritics garbled), ``;`` between cells
(the list separator of vi-VN Windows, whose decimal symbol is the comma), numbers with a decimal
comma, and the period written “Tháng 7/2025” so that Excel does not turn it into a date.
"""
from __future__ import annotations

import csv
import io

import pandas as pd

from lib.core import fmt, texts
from lib.readers import org_units as units_mod
from lib.readers.catalogue import Catalogue

TEMPLATE_COLUMNS = ["period", "indicator_code", "name_vi", "unit", "kind", "ref_month", "ref_value", "value",
                    "ref_cumulative", "cumulative", "note"]
# ``unit`` is the unit of measure (ĐVT), as in the ward's template; ``unit_code`` the tổ dân phố.
UNIT_TEMPLATE_COLUMNS = ["period", "unit_code", "unit_name", *TEMPLATE_COLUMNS[1:]]
HEADINGS = texts.TEMPLATE_HEADINGS
READ_ONLY = ("period", "indicator_code", "name_vi", "unit", "kind", "ref_month", "ref_value", "ref_cumulative",
             "unit_code", "unit_name")
NUMBER_COLUMNS = ("ref_value", "ref_cumulative", "value", "cumulative")
CSV_DELIMITER = ";"
_WIDTHS = {"period": 14, "indicator_code": 26, "name_vi": 56, "unit": 11, "kind": 20, "ref_month": 14,
           "ref_value": 14, "value": 16, "ref_cumulative": 16, "cumulative": 16, "note": 44,
           "unit_code": 18, "unit_name": 32}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER_PATTERN = "#,##0.##########"


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet will show as text, never run as a formula (=, +, -, @ …)."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def headings(columns: list[str]) -> list[str]:
    """The Vietnamese headings of the template's columns."""
    return [HEADINGS[c] for c in columns]


def kind_label(ind: dict) -> str:
    """What the row asks for: the month's amount, the month-end level, or met / not met."""
    if ind["unit"] == fmt.BINARY_UNIT:
        return texts.TEMPLATE_KIND_BINARY
    return texts.TEMPLATE_KIND_FLOW if ind["aggregation"] == "sum" else texts.TEMPLATE_KIND_LEVEL


def _references(ind: dict, unit: str, index) -> dict:
    """The latest stored figure before the month (and its month) and, for a summed indicator whose
    earlier months of the year are all stored, their total."""
    out = {"ref_month": "", "ref_value": None, "ref_cumulative": None}
    if index is None:
        return out
    flow = ind["aggregation"] == "sum"
    latest = index.latest(ind["code"], unit, sum_units=flow)
    if latest is not None:
        out["ref_month"], out["ref_value"] = fmt.period_label(latest[0]), latest[1]
    if flow and index.month > 1:
        total, missing = index.earlier(ind["code"], unit)
        if not missing:
            out["ref_cumulative"] = float(total)
    return out


def _row(ind: dict, period: str, index, unit: dict | None = None) -> dict:
    row = {"period": fmt.period_label(period)}
    if unit is not None:
        row.update({"unit_code": unit["code"], "unit_name": unit["display_name"]})
    row.update({"indicator_code": ind["code"], "name_vi": ind["name_vi"], "unit": ind["unit"],
                "kind": kind_label(ind), **_references(ind, unit["code"] if unit is not None else "", index),
                "value": "", "cumulative": "", "note": ""})
    return row


def _index(stored, period: str):
    from lib.upload import StoredMonths

    return None if stored is None else StoredMonths(stored, period)


def template_rows(catalogue: Catalogue, period: str, stored: pd.DataFrame | None = None) -> list[dict]:
    """One row per indicator staff enter (totals computed from parts are left out). ``stored``:
    the months already stored (``lib.upload.stored_months``), for the reference columns."""
    index = _index(stored, period)
    rows = catalogue.indicators[~catalogue.indicators["derived"]]
    return [_row(r, period, index) for r in rows.to_dict("records")]


def unit_template_rows(catalogue: Catalogue, units: pd.DataFrame, period: str,
                       stored: pd.DataFrame | None = None) -> list[dict]:
    """One row per residential group and by-unit indicator, group by group (each tổ's report is
    one block), indicators in catalogue order. Invented names carry their marker."""
    index = _index(stored, period)
    indicators = [r for r in catalogue.indicators.to_dict("records") if units_mod.by_unit(r) and not r["derived"]]
    return [_row(r, period, index, g) for g in units_mod.residential(units).to_dict("records") for r in indicators]


def _csv_cell(column: str, value) -> str:
    if column in NUMBER_COLUMNS:
        return "" if value is None or value == "" else fmt.decimal_text(value, _NUMBER_PATTERN)
    return spreadsheet_safe(value)


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(headings(columns))
    for row in rows:
        writer.writerow([_csv_cell(c, row[c]) for c in columns])
    return out.getvalue().encode("utf-8-sig")


def sheet_title(period: str, by_unit: bool = False) -> str:
    """“Số liệu tháng 7-2025”: a sheet name may not hold / \\ ? * [ ] : nor exceed 31 characters."""
    year, month = period.split("-")
    title = (texts.TEMPLATE_SHEET_UNITS if by_unit else texts.TEMPLATE_SHEET).format(month=int(month), year=year)
    for bad in '/\\?*[]:':
        title = title.replace(bad, "-")
    return title[:31]


def _xlsx(columns: list[str], rows: list[dict], period: str, by_unit: bool = False) -> bytes:
    """Text columns as text, number columns numeric, the period never turned into a date; the
    columns for reading only shaded, the year-to-date cell of a level shaded too."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(period, by_unit)
    ws.append(headings(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE68A")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    shade = PatternFill("solid", fgColor="F1F5F9")
    for row in rows:
        ws.append([row[c] if c in NUMBER_COLUMNS and row[c] != "" else None if c in NUMBER_COLUMNS
                   else spreadsheet_safe(row[c]) for c in columns])
        flow = row["kind"] == texts.TEMPLATE_KIND_FLOW
        for i, column in enumerate(columns, start=1):
            cell = ws.cell(row=ws.max_row, column=i)
            if column in NUMBER_COLUMNS:
                cell.number_format = _NUMBER_PATTERN if column.startswith("ref_") else "#,##0.##"
            else:
                cell.number_format = "@"  # text stays text (the period is never a date)
            if column in READ_ONLY or (column == "cumulative" and not flow):
                cell.fill = shade
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS[column]
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv(catalogue: Catalogue, period: str, stored: pd.DataFrame | None = None) -> bytes:
    """The month's template as CSV for Excel with Vietnamese settings (see the module docstring)."""
    return _csv(TEMPLATE_COLUMNS, template_rows(catalogue, period, stored))


def template_xlsx(catalogue: Catalogue, period: str, stored: pd.DataFrame | None = None) -> bytes:
    """The same template as an Excel workbook: text columns as text, number columns numeric."""
    return _xlsx(TEMPLATE_COLUMNS, template_rows(catalogue, period, stored), period)


def unit_template_csv(catalogue: Catalogue, units: pd.DataFrame, period: str,
                      stored: pd.DataFrame | None = None) -> bytes:
    """The template by residential group, as CSV."""
    return _csv(UNIT_TEMPLATE_COLUMNS, unit_template_rows(catalogue, units, period, stored))


def unit_template_xlsx(catalogue: Catalogue, units: pd.DataFrame, period: str,
                       stored: pd.DataFrame | None = None) -> bytes:
    """The template by residential group, as an Excel workbook."""
    return _xlsx(UNIT_TEMPLATE_COLUMNS, unit_template_rows(catalogue, units, period, stored), period, by_unit=True)
