"""The check of one uploaded month file, from its bytes to the rows to store (see ``lib.upload``)."""
from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from lib.core import fmt, settings, texts
from lib.core.periods import normalise_period
from lib.core.problems import Problem, problem
from lib.readers.catalogue import Catalogue
from lib.upload import rules
from lib.upload.cells import cell_text
from lib.upload.columns import map_columns, missing_columns
from lib.upload.context import Context
from lib.upload.csvfile import read_csv
from lib.upload.decode import OLE_MAGIC
from lib.upload.display import count, sizes
from lib.upload.problems import Refused
from lib.upload.stored import ChosenMonth, StoredMonths
from lib.upload.text import key
from lib.upload.totals import check_mixed, check_of_which, check_partners, flows_to_date
from lib.upload.units import ReportingUnits, missing_units, read_unit, unit_heading_kind
from lib.upload.values import Entry, entry_for, resolve_values
from lib.upload.xlsx import read_xlsx


@dataclass
class CheckResult:
    accepted: bool
    period: str                      # "YYYY-MM": the chosen month
    rows: list[dict]                 # {"indicator_code", ["unit",] "value": float, "note"}; [] when rejected
    warnings: list[str]
    errors: list[Problem]
    # (indicator, unit) → the year-to-date total after this month, for summed indicators whose
    # earlier months of the year are all stored (the preview shows it); not part of to_json.
    year_to_date: dict = field(default_factory=dict)

    @property
    def indicator_count(self) -> int:
        """Indicators the file reports (a by-unit indicator counts once, however many groups)."""
        return len({r["indicator_code"] for r in self.rows})

    @property
    def unit_rows(self) -> list[dict]:
        """The rows that are a reporting unit's figure (they have the key ``"unit"``)."""
        return [r for r in self.rows if r.get("unit")]

    def to_json(self) -> dict:
        return {
            "accepted": self.accepted,
            "rows": [dict(r) for r in self.rows],
            "warnings": list(self.warnings),
            "errors": [p.to_json() for p in self.errors],
        }


def check_file(data: bytes, filename: str, period: str, catalogue: Catalogue, units=None,
               stored=None) -> CheckResult:
    """Check an uploaded month file; see ``lib.upload``. Never raises.

    ``units``: the table of ``lib.readers.org_units.load_units`` (None: read ``units.csv`` if the file needs it).
    ``stored``: the months already stored (a frame with ``year, month, code, value`` and optionally
    ``unit``, as ``stored_months`` or ``lib.analytics.datastore.read_actuals`` give it; None = none stored). The
    year's months before ``period`` turn a year-to-date total into the month's amount and flag a
    month figure that looks like a running total."""
    chosen = normalise_period(period)
    shown_period = chosen or ("" if period is None else str(period))
    try:
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError(type(data).__name__)
        month = ChosenMonth(chosen, shown_period)
        ctx = Context(catalogue, month, ReportingUnits(units))
        if stored is not None and chosen is not None:
            month.stored = StoredMonths(stored, chosen)
        rows = check_bytes(ctx, bytes(data), "" if filename is None else str(filename))
        errors, warnings_, ytd = ctx.found.errors, ctx.found.warnings, ctx.year_to_date
    except Exception as exc:  # noqa: BLE001 (garbage in must never crash the page)
        errors = [problem("ERR_UPLOAD_INTERNAL", kind=type(exc).__name__)]
        warnings_, rows, ytd = [], [], {}
    errors = sorted(errors, key=lambda p: (p.row is not None, p.row or 0))
    accepted = not errors
    return CheckResult(accepted=accepted, period=shown_period, rows=rows if accepted else [],
                       warnings=warnings_, errors=errors, year_to_date=ytd if accepted else {})


def check_bytes(ctx: Context, data: bytes, filename: str) -> list[dict]:
    """The file's rows to store (problems and warnings in ``ctx.found``)."""
    found = ctx.found
    name = filename.replace("\\", "/").rsplit("/", 1)[-1] or "?"
    if ctx.month.key is None:
        found.error("ERR_UPLOAD_PERIOD_CHOSEN", period=ctx.month.shown)
    size = len(data)
    if size > settings.MAX_UPLOAD_BYTES:
        shown, limit = sizes(size, settings.MAX_UPLOAD_BYTES)
        found.error("ERR_UPLOAD_TOO_BIG", name=name, size=shown, limit=limit)
        return []
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in ("csv", "txt", "xlsx"):
        if ext == "xls" or (ext not in ("xlsm", "ods") and data.startswith(OLE_MAGIC)):
            found.error("ERR_UPLOAD_OLD_EXCEL", name=name)
        else:
            found.error("ERR_UPLOAD_TYPE", name=name)
        return []
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
        found.error("ERR_UPLOAD_EMPTY", name=name)
        return []
    ctx.table.is_csv = ext != "xlsx"
    try:
        if ctx.table.is_csv:
            records, ctx.table.delimiter = read_csv(data, name, set(ctx.catalogue.codes()))
        else:
            records = read_xlsx(data, name, found.warnings)
    except Refused as refused:
        found.add(refused.problem)
        return []
    body = read_header(ctx, records)
    return [] if body is None else check_rows(ctx, body)


def _unit_column(ctx: Context, idx: int, columns: dict, body: list) -> str:
    """“Đơn vị” / ``unit``: the unit of measure (ĐVT, as in files before reporting units) or
    the reporting unit. The other column's presence decides; else the cells."""
    if "unit" in columns and "unit_code" not in columns:
        return "unit_code"
    if "unit_code" in columns and "unit" not in columns:
        return "unit"
    values = [cell_text(cells[idx]) for _, cells in body if idx < len(cells) and not cells[idx].blank]
    if not values:
        return "unit"
    measures = {key(u) for u in ctx.catalogue.indicators["unit"]}
    return unit_heading_kind(values, measures, ctx.units)


def read_header(ctx: Context, records: list) -> list | None:
    """The header (the first row with content) into ``ctx.table``; the data rows after it, or
    None when the file cannot be read further."""
    found, table = ctx.found, ctx.table
    data_rows = [(r, cells) for r, cells in records if any(not c.blank for c in cells)]
    if not data_rows:
        found.error("ERR_UPLOAD_NO_HEADER")
        return None
    (header_row, header), body = data_rows[0], data_rows[1:]
    table.headings = headings = [cell_text(c) for c in header]
    for cell in header:
        if cell.kind == "text" and len(cell.text) > settings.MAX_FIELD_CHARS:
            found.error("ERR_UPLOAD_FIELD_TOO_LONG", header_row, n=count(len(cell.text)),
                        limit=count(settings.MAX_FIELD_CHARS))
            return None
    columns, unknown, unnamed = map_columns(header_row, headings, found,
                                            lambda idx, cols: _unit_column(ctx, idx, cols, body))
    if missing_columns(header_row, headings, columns, data_rows[1:11], set(ctx.catalogue.codes()), found):
        return None
    if found.has_error_at(header_row):
        return None
    if len(body) > settings.MAX_ROWS:
        found.error("ERR_UPLOAD_TOO_MANY_ROWS", limit=count(settings.MAX_ROWS), count=len(ctx.catalogue.codes()))
        return None
    if unknown:
        found.warn(texts.WARN_UPLOAD_UNKNOWN_COLUMNS.format(columns=", ".join(f"“{h}”" for h in unknown)))
    if not table.is_csv:  # Excel: cells right of the header are columns without a heading
        unnamed += sorted({i for _, cells in body for i in range(len(header), len(cells))})
    for idx in unnamed:
        if any(idx < len(cells) and not cells[idx].blank for _, cells in body):
            found.warn(texts.WARN_UPLOAD_UNNAMED_COLUMN.format(n=idx + 1))
    if "period" not in columns and ctx.month.key:
        found.warn(texts.WARN_UPLOAD_NO_PERIOD_COLUMN.format(label=fmt.period_label(ctx.month.key)))
    table.columns = columns
    table.width = len(header)
    return body


def check_row(ctx: Context, rowno: int, cells: list, by_code: dict, seen: dict, periods: rules.RowPeriods) -> Entry | None:
    """One data row through the rules; its figure, or None when the row has none to read."""
    table, found = ctx.table, ctx.found
    if (rules.too_long_cells(rowno, cells, table, found) or rules.split_number(rowno, cells, table, found)
            or rules.extra_fields(rowno, cells, table.width, table, found)):
        return None
    broken = rules.broken_cells(rowno, cells, table, found)
    if rules.skipped_row(rowno, cells, table, broken, found):
        return None
    if "period" in table.columns and "period" not in broken:
        rules.check_period(rowno, table.cell(cells, "period"), table.heading("period"), ctx.month.key, periods, found)
    unit = rules.RowUnit()
    if "unit_code" in table.columns or "unit_name" in table.columns:
        headings = {c: table.heading(c) for c in ("unit_code", "unit_name") if c in table.columns}
        known = read_unit(rowno, table.cell(cells, "unit_code"), table.cell(cells, "unit_name"), headings, broken,
                          ctx.units, found)
        unit = rules.RowUnit(*known) if known is not None else rules.RowUnit(failed=True)
    code, ind = "", None
    if "indicator_code" not in broken:
        code = cell_text(table.cell(cells, "indicator_code")).lower()
        ind = rules.check_code(rowno, cells, table, by_code, seen, unit, found)
    if ind is not None:
        rules.check_measure(rowno, ind, table.cell(cells, "unit"), table, broken, found)
        rules.check_name(rowno, ind, table.cell(cells, "name_vi"), table, broken, found)
    note = rules.read_note(rowno, table.cell(cells, "note"), table, found)
    return entry_for(ctx, rowno, code, ind, table.cell(cells, "value"), table.cell(cells, "cumulative"), note,
                     unit.code, unit.failed, broken)


def check_rows(ctx: Context, body: list) -> list[dict]:
    """Every data row, then the checks across rows; the rows to store."""
    found, catalogue = ctx.found, ctx.catalogue
    by_code = {r["code"]: r for r in catalogue.indicators.to_dict("records")}
    seen: dict[tuple[str, str], int] = {}   # (indicator, unit) → row
    periods = rules.RowPeriods()
    entries = [e for rowno, cells in body if (e := check_row(ctx, rowno, cells, by_code, seen, periods)) is not None]
    periods.warnings(ctx.month.key, found)
    if not entries and not found.errors:
        found.error("ERR_UPLOAD_NO_DATA")
        return []
    resolve_values(ctx, entries + [e.partner for e in entries if e.partner is not None])
    check_partners(ctx, entries)
    check_mixed(ctx, entries)
    check_of_which(ctx, entries)
    flows_to_date(ctx, entries)
    reported = {code for code, _unit in seen}
    missing = [r for r in catalogue.indicators.to_dict("records") if not r["derived"] and r["code"] not in reported]
    if missing:
        found.warn(texts.WARN_UPLOAD_MISSING_INDICATORS.format(n=len(missing),
                                                               names="; ".join(r["name_vi"] for r in missing)))
    missing_units(entries, catalogue, ctx.units, found)
    return [{"indicator_code": e.code, **({"unit": e.unit} if e.unit else {}), "value": e.value, "note": e.note}
            for e in entries if e.stored]
