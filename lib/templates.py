"""Monthly templates staff fill in (CSV and Excel), and text made safe for spreadsheets.

Two templates: the ward's (one row per indicator entered) and the one by residential group (one
row per by-unit indicator and tổ dân phố, with the group's code and name; the ward's figure of
those indicators is derived from the groups', see lib/data.py).
"""
from __future__ import annotations

import csv
import io

import pandas as pd

from lib import units as units_mod
from lib.catalogue import Catalogue

TEMPLATE_COLUMNS = ["period", "indicator_code", "name_vi", "unit", "value", "note"]
# ``unit`` is the unit of measure (ĐVT), as in the ward's template; ``unit_code`` the tổ dân phố.
UNIT_TEMPLATE_COLUMNS = ["period", "unit_code", "unit_name", "indicator_code", "name_vi", "unit", "value", "note"]
_WIDTHS = {"period": 10, "indicator_code": 26, "name_vi": 60, "unit": 12, "value": 14, "note": 50,
           "unit_code": 18, "unit_name": 34}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text that a spreadsheet will show as text, never run as a formula (=, +, -, @ …)."""
    text = "" if text is None else str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def template_rows(catalogue: Catalogue, period: str) -> list[dict]:
    """One row per indicator staff enter (totals computed from parts are left out)."""
    rows = catalogue.indicators[~catalogue.indicators["derived"]]
    return [{"period": period, "indicator_code": r["code"], "name_vi": r["name_vi"], "unit": r["unit"],
             "value": "", "note": ""} for r in rows.to_dict("records")]


def unit_template_rows(catalogue: Catalogue, units: pd.DataFrame, period: str) -> list[dict]:
    """One row per residential group and by-unit indicator, group by group (each tổ's report is
    one block), indicators in catalogue order. Invented names carry their marker."""
    indicators = [r for r in catalogue.indicators.to_dict("records") if units_mod.by_unit(r) and not r["derived"]]
    return [{"period": period, "unit_code": g["code"], "unit_name": g["display_name"], "indicator_code": r["code"],
             "name_vi": r["name_vi"], "unit": r["unit"], "value": "", "note": ""}
            for g in units_mod.residential(units).to_dict("records") for r in indicators]


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


def _xlsx(columns: list[str], rows: list[dict], period: str) -> bytes:
    """Text columns as text, the value column numeric, the period never turned into a date."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = f"So lieu {period}"
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE68A")
    for row in rows:
        ws.append([spreadsheet_safe(row[c]) if c != "value" else None for c in columns])
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTHS[column]
    value_col, period_col = columns.index("value") + 1, columns.index("period") + 1
    for (cell,) in ws.iter_rows(min_row=2, min_col=value_col, max_col=value_col):
        cell.number_format = "#,##0.##"
    for (cell,) in ws.iter_rows(min_row=2, min_col=period_col, max_col=period_col):
        cell.number_format = "@"  # the period stays text (2025-06), never a date
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_csv(catalogue: Catalogue, period: str) -> bytes:
    """UTF-8 with a BOM (so Excel shows the Vietnamese names), comma-separated."""
    return _csv(TEMPLATE_COLUMNS, template_rows(catalogue, period))


def template_xlsx(catalogue: Catalogue, period: str) -> bytes:
    """The same template as an Excel workbook: text columns as text, the value column numeric."""
    return _xlsx(TEMPLATE_COLUMNS, template_rows(catalogue, period), period)


def unit_template_csv(catalogue: Catalogue, units: pd.DataFrame, period: str) -> bytes:
    """The template by residential group, as CSV (UTF-8 with a BOM)."""
    return _csv(UNIT_TEMPLATE_COLUMNS, unit_template_rows(catalogue, units, period))


def unit_template_xlsx(catalogue: Catalogue, units: pd.DataFrame, period: str) -> bytes:
    """The template by residential group, as an Excel workbook."""
    return _xlsx(UNIT_TEMPLATE_COLUMNS, unit_template_rows(catalogue, units, period), period)
