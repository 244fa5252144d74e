"""The header of a month file: which column is which, from the headings staff write
(Vietnamese or English, with or without accents, any case, spaces or underscores)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lib.core import texts
from lib.upload.cells import EMPTY, Cell
from lib.upload.problems import Findings
from lib.upload.text import clean, key, plain

COLUMN_ALIASES: dict[str, list[str]] = {
    "period": ["period", "kỳ", "kỳ báo cáo", "tháng"],
    "indicator_code": ["indicator_code", "code", "mã", "mã chỉ tiêu"],
    "value": ["value", "giá trị", "số liệu", "thực hiện", "thực hiện trong tháng", "số trong tháng",
              "thực hiện tháng", "số liệu tháng"],
    "cumulative": ["cumulative", "lũy kế từ đầu năm", "lũy kế", "lũy kế năm", "lũy kế đến nay",
                   "cộng dồn", "cộng dồn từ đầu năm", "year_to_date", "ytd"],
    "note": ["note", "ghi chú"],
    "name_vi": ["name_vi", "tên chỉ tiêu", "chỉ tiêu"],
    "unit": ["unit", "đvt", "đơn vị", "đơn vị tính"],
    "unit_code": ["unit_code", "mã đơn vị", "tổ dân phố", "mã tổ dân phố", "mã tổ", "tdp", "mã tdp",
                  "đơn vị báo cáo", "mã đơn vị báo cáo", "reporting_unit"],
    "unit_name": ["unit_name", "tên đơn vị", "tên tổ dân phố", "tên tổ", "tên đơn vị báo cáo"],
}
# Headings that are the unit of measure (ĐVT) in older files or the reporting unit in newer ones:
# decided by what the column holds (lib.upload.units.unit_heading_kind).
AMBIGUOUS_UNIT_HEADINGS = ["unit", "đơn vị"]
IGNORED_HEADINGS = ["stt", "tt", "số thứ tự",  # row numbers: ignored silently
                    # the template's columns for reading only (lib/views/templates.py)
                    "loại số liệu", "tháng đã lưu gần nhất", "số đã lưu của tháng đó",
                    "lũy kế đã lưu đến tháng trước", "kind", "ref_month", "ref_value", "ref_cumulative"]
REQUIRED_COLUMNS = ["indicator_code", "value"]
IGNORE = "__ignore__"
COLUMN_LABELS = {**texts.UPLOAD_COLUMN_LABELS, **texts.UPLOAD_UNIT_COLUMN_LABELS}


def column_key(heading: str) -> str:
    """Headings compare without case, spaces or underscores: “Mã chỉ tiêu” = “MÃ_CHỈ_TIÊU” = “mãchỉtiêu”."""
    return key(heading).replace(" ", "")


_ALIASES = {column_key(a): canon for canon, names in COLUMN_ALIASES.items() for a in names}
_ALIASES.update({column_key(a): IGNORE for a in IGNORED_HEADINGS})
_ALIASES_PLAIN = {plain(k): v for k, v in _ALIASES.items()}
_AMBIGUOUS = {column_key(a) for a in AMBIGUOUS_UNIT_HEADINGS}
_AMBIGUOUS |= {plain(a) for a in _AMBIGUOUS}


def column_of(heading: str) -> str | None:
    """The canonical column a heading names (IGNORE for the ignored ones), or None."""
    k = column_key(heading)
    return _ALIASES.get(k) or _ALIASES_PLAIN.get(plain(k))


def is_ambiguous(heading: str) -> bool:
    """“Đơn vị” / ``unit``: the unit of measure or the reporting unit."""
    return plain(column_key(heading)) in _AMBIGUOUS


@dataclass
class Table:
    """The file's header as read: its headings, and the index of each canonical column."""

    headings: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)   # canonical column → index
    is_csv: bool = True
    delimiter: str | None = None     # CSV: "," or ";"
    width: int = 0                   # cells in the header row

    def heading(self, canon: str) -> str:
        return self.headings[self.columns[canon]]

    def heading_at(self, idx: int) -> str | None:
        return self.headings[idx] if idx < len(self.headings) else None

    def cell(self, cells: list[Cell], canon: str) -> Cell:
        """The row's cell of the column ``canon`` (an empty cell when the file has none)."""
        idx = self.columns.get(canon)
        return cells[idx] if idx is not None and idx < len(cells) else EMPTY

    def unit_heading(self) -> str:
        """The heading of the reporting unit's code column, else of its name column."""
        return self.heading("unit_code" if "unit_code" in self.columns else "unit_name")


def map_columns(header_row: int, headings: list[str], found: Findings,
                unit_heading_kind: Callable[[int, dict], str]) -> tuple[dict, list[str], list[int]]:
    """(canonical column → index, headings not known, indexes without a heading). Two headings of
    one column are an error; an ambiguous unit heading is placed by ``unit_heading_kind(idx, columns)``."""
    columns: dict[str, int] = {}
    unknown: list[str] = []
    unnamed: list[int] = []
    ambiguous: list[int] = []
    for idx, heading in enumerate(headings):
        if not heading:
            unnamed.append(idx)
            continue
        canon = column_of(heading)
        if canon == IGNORE:
            continue
        if canon is None:
            unknown.append(heading)
            continue
        if is_ambiguous(heading):
            ambiguous.append(idx)
            continue
        _place(columns, canon, idx, header_row, headings, found)
    for idx in ambiguous:
        _place(columns, unit_heading_kind(idx, columns), idx, header_row, headings, found)
    return columns, unknown, unnamed


def _place(columns: dict, canon: str, idx: int, header_row: int, headings: list[str], found: Findings) -> None:
    if canon in columns:
        found.error("ERR_UPLOAD_DUPLICATE_COLUMN", header_row, headings[idx], first=headings[columns[canon]],
                    second=headings[idx], label=COLUMN_LABELS[canon])
        return
    columns[canon] = idx


def missing_columns(header_row: int, headings: list[str], columns: dict, following: list, codes: set[str],
                    found: Findings) -> bool:
    """Report each required column the header lacks (with where the header may be); True if any."""
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if not missing:
        return False
    code, hint = _header_hint(headings, following, codes)
    for canon in missing:
        found.error(code, header_row, label=COLUMN_LABELS[canon], names=", ".join(COLUMN_ALIASES[canon]), **hint)
    return True


def _header_hint(headings: list[str], following: list, codes: set[str]) -> tuple[str, dict]:
    """The missing column's message: the header looks like data, or a later row looks like it."""
    if any(h.lower() in codes for h in headings):
        return "ERR_UPLOAD_MISSING_COLUMN_HEADER_IS_DATA", {}
    for row, cells in following:
        names = {column_of(clean(c.text)) for c in cells if c.kind == "text"}
        if all(c in names for c in REQUIRED_COLUMNS):
            return "ERR_UPLOAD_MISSING_COLUMN_HEADER_LATER", {"header_row": row}
    return "ERR_UPLOAD_MISSING_COLUMN", {}
