"""Reporting units in a month file: a row with a unit (a residential group, “Tổ dân phố”) is that
unit's figure of a by-unit indicator. The list of units is ``units.csv``
(``lib.readers.org_units.load_units``), read only when the file has a unit column."""
from __future__ import annotations

from lib.core import texts
from lib.core.problems import Problem
from lib.readers import org_units
from lib.upload.cells import Cell, cell_text
from lib.upload.problems import Findings, fault, placed
from lib.upload.text import key

WARD_WORDS = {"toàn phường", "phường", "ward"}  # a unit cell meaning “the ward as a whole”

# Units of measure written in a unit column that agree with the catalogue's unit (compared by key).
UNIT_SYNONYMS = {
    "%": {"%", "(%)", "phần trăm", "tỷ lệ %", "tỉ lệ %", "tỷ lệ (%)", "tỉ lệ (%)"},
    "‰": {"‰", "(‰)", "phần nghìn", "phần ngàn", "%o", "o/oo"},
    "tấn": {"tấn", "(tấn)"},
    "triệu đồng": {"triệu đồng", "tr.đồng", "tr. đồng", "trđ", "tr.đ", "triệu"},
    "đạt": {"đạt", "đạt/chưa đạt", "đạt/không đạt", "có/không"},
    "ha": {"ha", "héc-ta", "hécta", "hecta"},
    "học sinh": {"học sinh", "hs"},
}


class ReportingUnits:
    """The units table, loaded once when first needed (``table`` given: that one)."""

    def __init__(self, table=None):
        self._table = table          # None until loaded, False if unusable
        self._problems: list[str] = []
        self._reported = False

    def loaded(self):
        """The table if it was loaded and is usable, else None (never loads it)."""
        return None if self._table is None or self._table is False else self._table

    def get(self, found: Findings | None = None):
        """The table, loaded once; None if unusable (and, with ``found``, one error said once)."""
        if self._table is None:
            try:
                self._table = org_units.load_units()
            except org_units.UnitsError as exc:
                self._table = False
                self._problems = exc.messages
        if self._table is False:
            if found is not None and not self._reported:
                self._reported = True
                found.error("ERR_UPLOAD_UNITS_UNUSABLE", msg="; ".join(self._problems))
            return None
        return self._table

    def name(self, code: str) -> str:
        """The unit's display name (its code when the table does not know it)."""
        table = self.loaded()
        if table is None:
            return code
        unit = org_units.find(table, code)
        return unit["display_name"] if unit is not None else code


def unit_heading_kind(values: list[str], measures: set[str], units: ReportingUnits) -> str:
    """“Đơn vị” / ``unit`` holding ``values``: "unit_code" (the reporting unit) when more of them
    name units of ``units.csv`` (or come close to one) than units of measure, else "unit" (ĐVT).
    ``measures``: the keys of the catalogue's units of measure."""
    if not values:
        return "unit"
    measures = measures | {key(u) for synonyms in UNIT_SYNONYMS.values() for u in synonyms}
    is_measure = [key(v) in measures or key(v).strip("()") in measures for v in values]
    table = units.get()
    if table is None:
        return "unit"
    n_unit = sum(not measure and (key(v) in WARD_WORDS or org_units.find(table, v) is not None
                                  or org_units.closest(table, v) is not None)
                 for v, measure in zip(values, is_measure))
    return "unit_code" if n_unit > sum(is_measure) else "unit"


def _unknown_unit(rowno: int, column: str, written: str, table) -> Problem:
    close = org_units.closest(table, written)
    if close:
        return fault("ERR_UPLOAD_UNIT_UNKNOWN_SUGGEST", rowno, column, found=written, code=close["code"],
                     name=close["display_name"])
    residential = org_units.residential(table)
    example = residential["code"].iloc[0] if len(residential) else table["code"].iloc[0]
    return fault("ERR_UPLOAD_UNIT_UNKNOWN_LIST", rowno, column, found=written, example=example)


def read_unit(rowno: int, code_cell: Cell, name_cell: Cell, headings: dict[str, str], broken: set,
              units: ReportingUnits, found: Findings) -> tuple[str, dict | None] | None:
    """The row's reporting unit: ("", None) for the ward, (code, unit) for a unit, None after
    reporting why the unit cannot be known. ``headings``: the unit columns' headings."""
    code_text = cell_text(code_cell) if "unit_code" not in broken and not code_cell.blank else ""
    name_text = cell_text(name_cell) if "unit_name" not in broken and not name_cell.blank else ""
    written = code_text or name_text
    if not written or key(written) in WARD_WORDS:
        return "", None
    table = units.get(found)
    if table is None:
        return None
    unit = org_units.find(table, written)
    if unit is None:
        found.add(_unknown_unit(rowno, headings["unit_code" if code_text else "unit_name"], written, table))
        return None
    if code_text and name_text:
        named = org_units.find(table, name_text)
        if named is None or named["code"] != unit["code"]:
            found.error("ERR_UPLOAD_UNIT_NAME_MISMATCH", rowno, headings["unit_name"], code=code_text,
                        unit=unit["display_name"], found=name_text)
            return None
    return unit["code"], unit


def report_problem(ind: dict, unit: dict, rowno: int, column: str) -> Problem | None:
    """Why ``unit`` may not report indicator ``ind`` on its own, or None: the rule of
    ``lib.readers.org_units.report_check``, placed at the row's unit cell."""
    found = org_units.report_check(ind, unit)
    return placed(found, rowno, column) if found else None


def missing_units(entries: list, catalogue, units: ReportingUnits, found: Findings) -> None:
    """By-unit indicators the file reports for some residential groups only: which groups are
    missing (indicators missing the same groups share one warning)."""
    table = units.loaded()
    reported: dict[str, set[str]] = {}
    for e in entries:
        if e.unit and e.ind is not None and not e.unit_error:
            reported.setdefault(e.code, set()).add(e.unit)
    if table is None or not reported:
        return
    groups = org_units.residential(table)
    by_missing: dict[tuple[str, ...], list[str]] = {}
    for code, done in reported.items():
        missing = tuple(c for c in groups["code"] if c not in done)
        if missing:
            by_missing.setdefault(missing, []).append(catalogue.get(code)["name_vi"])
    names = dict(zip(groups["code"], groups["display_name"]))
    for missing, indicators in by_missing.items():
        found.warn(texts.WARN_UPLOAD_UNITS_MISSING.format(
            names=", ".join(f"“{n}”" for n in indicators), units=", ".join(names[c] for c in missing),
            n=len(groups) - len(missing), total=len(groups)))
