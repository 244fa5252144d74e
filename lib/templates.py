"""Monthly templates staff fill in (CSV and Excel), and text made safe for spreadsheets."""
from __future__ import annotations

import csv
import io

from lib.catalogue import Catalogue

TEMPLATE_COLUMNS = ["period", "indicator_code", "name_vi", "unit", "value", "note"]
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


def template_csv(catalogue: Catalogue, period: str) -> bytes:
    """UTF-8 with a BOM (so Excel shows the Vietnamese names), comma-separated."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TEMPLATE_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in template_rows(catalogue, period):
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(catalogue: Catalogue, period: str) -> bytes:
    """The same template as an Excel workbook: text columns as text, the value column numeric."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = f"So lieu {period}"
    ws.append(TEMPLATE_COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="FDE68A")
    for row in template_rows(catalogue, period):
        ws.append([spreadsheet_safe(row[c]) if c != "value" else None for c in TEMPLATE_COLUMNS])
    for letter, width in zip("ABCDEF", (10, 26, 60, 12, 14, 50)):
        ws.column_dimensions[letter].width = width
    for (cell,) in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.number_format = "#,##0.##"
    for (cell,) in ws.iter_rows(min_row=2, min_col=1, max_col=1):
        cell.number_format = "@"  # the period stays text (2025-06), never a date
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
