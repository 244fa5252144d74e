"""Checking an uploaded month file (CSV or Excel .xlsx) before anything is stored.

``check_file(data, filename, period, catalogue)`` reads the bytes staff upload (usually a CSV saved
from Excel on a Vietnamese-locale Windows machine, or an .xlsx) and either accepts the whole file,
with warnings only about what is certain, or rejects it listing every problem found, each with the
row and the column as the user sees them and a Vietnamese message saying how to fix it. It is a
pure function: no file system (but ``units.csv`` when a file with a unit column comes without
a ``units`` table), no Streamlit, never raises.

A value is stored only when its meaning is certain. The hard part is the decimal separator:
Vietnamese Excel writes 845,5 and 1.260 (one thousand two hundred and sixty), English Excel writes
845.5 and 1,260. The file's convention is decided from evidence across all its value cells
(a decimal comma, several dot groups …); a lone "1.260" is stored only when that evidence exists.

A file may carry a reporting-unit column (“Tổ dân phố”, “Mã đơn vị”, ``unit_code`` …): a row with
a unit is that residential group's figure of a by-unit indicator (the targets' ``by_unit``), and the
ward's figure is then derived from the groups' (``lib.analytics.datastore``). “Đơn vị” and ``unit`` also name the
unit of measure (ĐVT) in older files: such a column is the reporting unit when its cells name units
of ``units.csv`` rather than units of measure. The list of units is the ``units`` argument, else
``units.csv`` (``lib.readers.org_units.load_units``), read only when the file has a unit column.

Excel workbooks are inspected with ``zipfile`` before openpyxl touches them (member count,
uncompressed size, compression ratio, DOCTYPE/ENTITY declarations); openpyxl then parses the XML
through defusedxml (``openpyxl.xml.DEFUSEDXML``), so entity-expansion bombs are refused twice.
"""
from __future__ import annotations

import codecs
import datetime as dt
import decimal
import difflib
import io
import math
import re
import unicodedata
import warnings as _warnings
import zipfile
from dataclasses import dataclass, field
from itertools import zip_longest

import defusedxml  # noqa: F401  (installed ⇒ openpyxl parses every XML part through defusedxml)
from defusedxml import DefusedXmlException

from lib.core import fmt, settings, texts
from lib.readers import org_units as units_mod
from lib.readers.catalogue import Catalogue, bounds


# ------------------------------------------------------------------------------------------------
# Public API
# ------------------------------------------------------------------------------------------------
@dataclass
class Problem:
    """One reason to reject the file. ``row``: CSV line number (header = 1) or Excel sheet row,
    None for the whole file; ``column``: the heading as written in the file, None if not one column."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is not None and self.column:
            return texts.PROBLEM_AT_ROW_COLUMN.format(row=self.row, column=self.column, message=self.message)
        if self.row is not None:
            return texts.PROBLEM_AT_ROW.format(row=self.row, message=self.message)
        if self.column:
            return texts.PROBLEM_AT_COLUMN.format(column=self.column, message=self.message)
        return self.message


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
            "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in self.errors],
        }


_PERIOD_YM = re.compile(r"([1-9]\d{3})-(\d{1,2})")
_PERIOD_MY = re.compile(r"(\d{1,2})/([1-9]\d{3})")


def normalise_period(text: str) -> str | None:
    """"2025-3" / "2025-03" / "3/2025" / "03/2025" → "2025-03"; anything else → None."""
    if not isinstance(text, str):
        return None
    t = text.strip()
    m = _PERIOD_YM.fullmatch(t)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
    else:
        m = _PERIOD_MY.fullmatch(t)
        if not m:
            return None
        month, year = int(m.group(1)), int(m.group(2))
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def check_file(data: bytes, filename: str, period: str, catalogue: Catalogue, units=None,
               stored=None) -> CheckResult:
    """Check an uploaded month file; see the module docstring. Never raises.

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
        check = _Check(bytes(data), "" if filename is None else str(filename), chosen, shown_period, catalogue,
                       units=units)
        check.earlier_index(stored)
        check.run()
        errors, warnings_, rows, ytd = check.errors, check.warnings, check.rows, check.year_to_date
    except Exception as exc:  # noqa: BLE001 (garbage in must never crash the page)
        errors = [Problem(None, None, texts.ERR_UPLOAD_INTERNAL.format(kind=type(exc).__name__))]
        warnings_, rows, ytd = [], [], {}
    errors = sorted(errors, key=lambda p: (p.row is not None, p.row or 0))
    accepted = not errors
    return CheckResult(accepted=accepted, period=shown_period, rows=rows if accepted else [],
                       warnings=warnings_, errors=errors, year_to_date=ytd if accepted else {})


def stored_months(root, period: str | None = None):
    """The months stored in the data folder ``root`` (``lib.storage.month_store``'s canonical files) before
    ``period`` (all of them without one), as the frame ``check_file(stored=…)`` and the templates
    take: ``year, month, code, unit, value``. A month file that cannot be read is left out (its
    months then count as not stored, and the upload says so where it needs them)."""
    import pandas as pd

    from lib.storage import month_store

    rows = []
    for month in month_store.months(root):
        if period is not None and month >= period:
            continue
        try:
            found = month_store.current_rows(root, month)
        except month_store.StorageError:
            continue
        year, m = map(int, month.split("-"))
        rows += [{"year": year, "month": m, "code": r["indicator_code"], "unit": r.get("unit", ""),
                  "value": float(r["value"])} for r in found]
    return pd.DataFrame(rows, columns=["year", "month", "code", "unit", "value"])


# ------------------------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------------------------
MAX_CSV_FIELDS = 200   # cells in one CSV line: a month file has a handful of columns
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_SPACE_CHARS = "\u00a0\u202f\u2009\u2007"   # NBSP, narrow NBSP, thin space, figure space
_NUMBER_PATTERN = "#,##0.##########"
_UNITS_WITHOUT_SPACE = ("%", "‰")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _clean(text: str) -> str:
    """NFC, outer whitespace (NBSP too) and invisible characters removed."""
    return _nfc(text).strip().strip(_INVISIBLE).strip()


def _key(text: str) -> str:
    """Comparison key of a heading/unit/name: NFC, casefolded, underscores as spaces, one space."""
    text = _clean(text).casefold().replace("_", " ")
    return " ".join(text.split()).rstrip(":*").strip()


def _plain(text: str) -> str:
    """The key without diacritics (ma chi tieu), for headings typed without accents."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _num(value) -> str:
    """A number written the Vietnamese way with all its decimals: 1.260 · 0,923 · -3,5."""
    with decimal.localcontext() as ctx:
        ctx.prec = 800  # fmt quantizes inside a copy of this context: huge values stay formattable
        return fmt.decimal_text(value, _NUMBER_PATTERN)


def _qty(value, unit: str) -> str:
    """1.260 tấn · 92,3% (no unit for yes/no goals)."""
    text = _num(value)
    if not unit or unit == fmt.BINARY_UNIT:
        return text
    return f"{text}{unit}" if unit in _UNITS_WITHOUT_SPACE else f"{text} {unit}"


def _plain_num(value) -> str:
    """A reading shown without any thousands separator, decimal comma: 1260 · 1,26 · -3,5."""
    d = decimal.Decimal(value)
    d = d.quantize(decimal.Decimal(1)) if d == d.to_integral_value() else d.normalize()
    return format(d, "f").replace(".", ",")


def _intl_decimal(value) -> str:
    """A decimal written the international way so that it cannot be read as thousands: 1.26,
    and 1.2650 rather than 1.265."""
    text = format(decimal.Decimal(value).normalize(), "f")
    if "." in text and len(text.split(".")[1]) == 3:
        text += "0"
    return text


# A rate (%) whose plan figure is at least this is a coverage-type rate: a value of at most 1 may
# be a fraction (0,923 for 92,3%). Below it (poverty 0,17%) small percentages are normal.
FRACTION_TARGET_MIN = 10


def _size(n: int) -> str:
    if n >= 1_000_000:
        return fmt.decimal_text(n / 1_000_000, "#,##0.#") + " MB"
    if n >= 1_000:
        return fmt.decimal_text(n / 1_000, "#,##0.#") + " KB"
    return f"{n} byte"


def _sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes, in bytes when rounding would make them look equal (1 MB > 1 MB)."""
    if _size(size) != _size(limit):
        return _size(size), _size(limit)
    return (fmt.decimal_text(size, "#,##0") + " byte", fmt.decimal_text(limit, "#,##0") + " byte")


def _rows_text(rows: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        shown += " " + texts.UPLOAD_ROWS_MORE.format(n=len(rows))
    return shown


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------------------------------------
# Columns
# ------------------------------------------------------------------------------------------------
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
# decided by what the column holds (_Check.place_unit_heading).
AMBIGUOUS_UNIT_HEADINGS = ["unit", "đơn vị"]
_WARD_WORDS = {"toàn phường", "phường", "ward"}  # a unit cell meaning “the ward as a whole”
IGNORED_COLUMNS = ["stt", "tt", "số thứ tự",  # row numbers: ignored silently
                   # the template's columns for reading only (lib/views/templates.py)
                   "loại số liệu", "tháng đã lưu gần nhất", "số đã lưu của tháng đó",
                   "lũy kế đã lưu đến tháng trước", "kind", "ref_month", "ref_value", "ref_cumulative"]
REQUIRED_COLUMNS = ["indicator_code", "value"]
_IGNORE = "__ignore__"


def _column_key(heading: str) -> str:
    """Headings compare without case, spaces or underscores: “Mã chỉ tiêu” = “MÃ_CHỈ_TIÊU” = “mãchỉtiêu”."""
    return _key(heading).replace(" ", "")


_ALIASES = {_column_key(a): canon for canon, names in COLUMN_ALIASES.items() for a in names}
_ALIASES.update({_column_key(a): _IGNORE for a in IGNORED_COLUMNS})
_ALIASES_PLAIN = {_plain(k): v for k, v in _ALIASES.items()}
_AMBIGUOUS = {_column_key(a) for a in AMBIGUOUS_UNIT_HEADINGS}
_AMBIGUOUS |= {_plain(a) for a in _AMBIGUOUS}
_COLUMN_LABELS = {**texts.UPLOAD_COLUMN_LABELS, **texts.UPLOAD_UNIT_COLUMN_LABELS}


def _column_of(heading: str) -> str | None:
    key = _column_key(heading)
    return _ALIASES.get(key) or _ALIASES_PLAIN.get(_plain(key))


# Units written in a unit column that agree with the catalogue's unit (compared by _key).
_UNIT_SYNONYMS = {
    "%": {"%", "(%)", "phần trăm", "tỷ lệ %", "tỉ lệ %", "tỷ lệ (%)", "tỉ lệ (%)"},
    "‰": {"‰", "(‰)", "phần nghìn", "phần ngàn", "%o", "o/oo"},
    "tấn": {"tấn", "(tấn)"},
    "triệu đồng": {"triệu đồng", "tr.đồng", "tr. đồng", "trđ", "tr.đ", "triệu"},
    "đạt": {"đạt", "đạt/chưa đạt", "đạt/không đạt", "có/không"},
    "ha": {"ha", "héc-ta", "hécta", "hecta"},
    "học sinh": {"học sinh", "hs"},
}

# Yes/no goals (unit "đạt"): words that are certain.
_YES_NO = {"có": 1.0, "không": 0.0, "đạt": 1.0, "chưa đạt": 0.0, "không đạt": 0.0,
           "true": 1.0, "false": 0.0}


# ------------------------------------------------------------------------------------------------
# Cells and records (one model for CSV and Excel)
# ------------------------------------------------------------------------------------------------
@dataclass
class _Cell:
    text: str = ""               # the cell as written (NFC); Excel values converted to text
    kind: str = "text"           # text | number | bool | date | error | formula | empty
    value: object = None         # Excel: the number / bool / date
    quoted: bool = False         # CSV: the field was in quotes
    ref: str | None = None       # Excel: A1-style reference
    percent: bool = False        # Excel: the number format shows a percentage

    @property
    def blank(self) -> bool:
        if self.kind == "empty":
            return True
        return self.kind == "text" and not _clean(self.text)


_EMPTY = _Cell(kind="empty")


def _excel_text(value) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return "" if value is None else str(value)


# ------------------------------------------------------------------------------------------------
# Bytes → text (CSV)
# ------------------------------------------------------------------------------------------------
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # .xls, and password-protected .xlsx
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b",
                 b"PK\x05\x06", b"MZ", b"\x7fELF", b"{\\rtf")
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# Characters that never occur in Vietnamese but that text in the old font encodings shows once
# read as Windows-1258 (or pasted from a .VnTime / VNI-Times document into a Unicode file).
_TCVN3_MARKS = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹¼½¾ÆÇË"
_VNI_MARKS = "øäåëïîöûüñÑÖØÄÅÜÛÏÎ"
_MARKS = _TCVN3_MARKS + _VNI_MARKS
_MARK_IN_WORD = re.compile("(?:(?<=[^\\W\\d_])|(?<=[" + re.escape(_MARKS) + "]))[" + re.escape(_MARKS) + "]")
_LEGACY_MIN_HITS = 2


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.3


def _line_at(data, index: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, index) + 1


def _legacy_font(text: str) -> tuple[str, str] | None:
    """(encoding label, a sample word) when the text looks like TCVN3/VNI, else None."""
    hits = list(_MARK_IN_WORD.finditer(text))
    if len(hits) < _LEGACY_MIN_HITS:
        return None
    tcvn3 = sum(1 for m in hits if m.group(0) in _TCVN3_MARKS)
    vni = len(hits) - tcvn3
    label = texts.LEGACY_TCVN3 if tcvn3 > vni else texts.LEGACY_VNI if vni > tcvn3 else texts.LEGACY_EITHER
    pos = hits[0].start()
    start, end = pos, pos + 1
    stop = set(" \t\r\n,;\"'")
    while start > 0 and pos - start < 20 and text[start - 1] not in stop:
        start -= 1
    while end < len(text) and end - pos < 20 and text[end] not in stop:
        end += 1
    return label, text[start:end]


# ------------------------------------------------------------------------------------------------
# Numbers written as text
# ------------------------------------------------------------------------------------------------
_EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                 "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
_NOT_FINITE = {"nan", "inf", "infinity", "∞", "+inf", "-inf", "-infinity", "+infinity", "-∞", "+∞",
               "-nan", "+nan"}
_P_INT = re.compile(r"\d+")
_P_SPACE_INT = re.compile(r"\d{1,3}(?: \d{3})+")
_P_SPACE_DEC = re.compile(r"(\d{1,3}(?: \d{3})+)([.,])(\d*)")
_P_ONE_SEP = re.compile(r"(\d*)([.,])(\d*)")
_P_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_P_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_P_VN_DEC = re.compile(r"(\d{1,3}(?:\.\d{3})+),(\d*)")
_P_INTL_DEC = re.compile(r"(\d{1,3}(?:,\d{3})+)\.(\d*)")
_P_SCIENTIFIC = re.compile(r"\d*[.,]?\d+[eE][+-]?\d+")
_P_DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\d{1,2}-[A-Za-z]{3}(?:-\d{2,4})?|[A-Za-z]{3}-\d{2,4}")
VN, INTL = "vn", "intl"


class _Invalid(Exception):
    """A value that is not a number; ``message`` says why (Vietnamese)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class _Num:
    value: decimal.Decimal | None     # None when ambiguous
    style: str | None = None          # evidence of the file's convention: VN / INTL / None
    as_group: decimal.Decimal | None = None    # ambiguous: the separator groups thousands
    as_decimal: decimal.Decimal | None = None  # ambiguous: the separator is the decimal mark
    sep: str = ""
    suffix: str = ""                  # "%" or "‰" written after the number
    fullwidth: bool = False           # written with full-width digits (１２６０), read as 1260


# Bidirectional-text controls: they reorder what is shown (“0621” shown as “1260”) without
# changing what is read. Refused in a value, removed from a note (with a warning).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "．": ".", "，": ",", "－": "-", "＋": "+", "％": "%", "\u3000": " "})


def _codes(text: str, chars: str) -> str:
    """“U+202E, U+2066”: the characters of ``chars`` found in ``text``, as code points."""
    return ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in text if c in chars))


def _visible(text: str) -> str:
    """The text with bidi controls written as [U+202E], so that a message never reorders itself."""
    return "".join(f"[U+{ord(c):04X}]" if c in BIDI_CONTROLS else c for c in text)


def _foreign_digits(text: str) -> list[str]:
    """Decimal digits other than 0–9 and their full-width forms (١, २ …)."""
    return [c for c in text if unicodedata.decimal(c, None) is not None
            and not ("0" <= c <= "9" or "\uff10" <= c <= "\uff19")]


def _dec(int_part: str, frac: str = "") -> decimal.Decimal:
    return decimal.Decimal(f"{int_part or '0'}.{frac or '0'}")


def parse_number_text(text: str) -> _Num:
    """Read a number written as text; raises _Invalid with the reason when it is not one."""
    found = _clean(text)
    if any(c in BIDI_CONTROLS for c in found):
        raise _Invalid(texts.ERR_UPLOAD_VALUE_BIDI.format(codes=_codes(found, BIDI_CONTROLS)))
    foreign = _foreign_digits(found)
    if foreign:
        reading = "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c
                          for c in found.translate(_FULLWIDTH))
        raise _Invalid(texts.ERR_UPLOAD_VALUE_FOREIGN_DIGITS.format(
            found=found, reading=reading,
            chars=", ".join(dict.fromkeys(f"{c} U+{ord(c):04X}" for c in foreign))))
    t = found.translate(_FULLWIDTH)
    fullwidth = t != found
    upper = t.upper()
    if upper in _EXCEL_ERRORS:
        raise _Invalid(texts.ERR_UPLOAD_VALUE_EXCEL_ERROR.format(found=upper))
    if t and set(t) == {"#"}:
        raise _Invalid(texts.ERR_UPLOAD_VALUE_HASHES.format(found=t))
    if t.casefold().replace(" ", "") in _NOT_FINITE:
        raise _Invalid(texts.ERR_UPLOAD_VALUE_NOT_FINITE.format(found=found))
    suffix = ""
    if t.endswith(("%", "‰")):
        suffix, t = t[-1], t[:-1].strip()
    negative = False
    if t.startswith("(") and t.endswith(")"):          # accounting style (1.260,5)
        negative, t = True, t[1:-1].strip()
    if t[:1] in ("-", "−", "+"):
        if negative and t[0] != "+":
            raise _Invalid(texts.ERR_UPLOAD_VALUE_MALFORMED.format(found=found))
        negative = negative or t[0] != "+"
        t = t[1:].strip()
    for ch in _SPACE_CHARS:
        t = t.replace(ch, " ")
    num = _classify(t, found)
    num.suffix = suffix
    num.fullwidth = fullwidth
    if negative:
        num.value = -num.value if num.value is not None else None
        num.as_group = -num.as_group if num.as_group is not None else None
        num.as_decimal = -num.as_decimal if num.as_decimal is not None else None
    return num


def _classify(t: str, found: str) -> _Num:
    if _P_INT.fullmatch(t):
        return _Num(decimal.Decimal(t))
    if _P_SPACE_INT.fullmatch(t):
        return _Num(decimal.Decimal(t.replace(" ", "")))
    m = _P_SPACE_DEC.fullmatch(t)
    if m:
        return _Num(_dec(m.group(1).replace(" ", ""), m.group(3)), VN if m.group(2) == "," else INTL)
    m = _P_ONE_SEP.fullmatch(t)
    if m and (m.group(1) or m.group(3)):
        int_part, sep, frac = m.groups()
        if len(frac) == 3 and 1 <= len(int_part) <= 3 and not int_part.startswith("0"):
            return _Num(None, None, as_group=decimal.Decimal(int_part + frac),
                        as_decimal=_dec(int_part, frac), sep=sep)
        return _Num(_dec(int_part, frac), VN if sep == "," else INTL)
    if _P_DOT_GROUPS.fullmatch(t):
        return _Num(decimal.Decimal(t.replace(".", "")), VN)
    if _P_COMMA_GROUPS.fullmatch(t):
        return _Num(decimal.Decimal(t.replace(",", "")), INTL)
    m = _P_VN_DEC.fullmatch(t)
    if m:
        return _Num(_dec(m.group(1).replace(".", ""), m.group(2)), VN)
    m = _P_INTL_DEC.fullmatch(t)
    if m:
        return _Num(_dec(m.group(1).replace(",", ""), m.group(2)), INTL)
    if _P_SCIENTIFIC.fullmatch(t):
        raise _Invalid(texts.ERR_UPLOAD_VALUE_SCIENTIFIC.format(found=found))
    if _P_DATE.fullmatch(t):
        raise _Invalid(texts.ERR_UPLOAD_VALUE_DATE.format(found=found))
    if any(c.isalpha() for c in t) or not t:
        raise _Invalid(texts.ERR_UPLOAD_VALUE_TEXT.format(found=found))
    raise _Invalid(texts.ERR_UPLOAD_VALUE_MALFORMED.format(found=found))


# ------------------------------------------------------------------------------------------------
# Periods written in a row
# ------------------------------------------------------------------------------------------------
_P_THANG = re.compile(r"(?:tháng|th|t)\.?\s*(\d{1,2})\s*(?:/|-|năm)\s*([1-9]\d{3})", re.IGNORECASE)
_P_Y_SLASH_M = re.compile(r"([1-9]\d{3})[/.](\d{1,2})")
_P_M_DASH_Y = re.compile(r"(\d{1,2})[-.]([1-9]\d{3})")
_P_ISO_DATE = re.compile(r"([1-9]\d{3})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_P_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/([1-9]\d{3})")


def _ym(year: int, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def _row_period(cell: _Cell) -> tuple[str | None, str]:
    """(YYYY-MM or None, how it was read: "same" / "read_as" / "bad" / "day")."""
    if cell.kind == "date":
        value = cell.value
        if isinstance(value, (dt.datetime, dt.date)):
            return (_ym(value.year, value.month), "same") if value.day == 1 else (None, "day")
        return None, "bad"
    if cell.kind != "text":
        return None, "bad"
    t = _clean(cell.text)
    canon = normalise_period(t)
    if canon:
        return canon, "same" if t == canon else "read_as"
    for pattern, order in ((_P_THANG, "my"), (_P_Y_SLASH_M, "ym"), (_P_M_DASH_Y, "my")):
        m = pattern.fullmatch(t)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            canon = _ym(b, a) if order == "my" else _ym(a, b)
            if canon and _key(t) == _key(fmt.period_label(canon)):
                return canon, "same"  # “Tháng 6/2025”, as the template writes it
            return (canon, "read_as") if canon else (None, "bad")
    m = _P_ISO_DATE.fullmatch(t)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if day != 1:
            return None, "day"
        canon = _ym(year, month)
        return (canon, "read_as") if canon else (None, "bad")
    m = _P_DMY.fullmatch(t)
    if m:
        # Excel turns a month typed as a date into its first day: 1/6/2025 (Vietnamese) or
        # 6/1/2025 (English) both mean June 2025; a day other than the 1st is not a month.
        a, b, year = (int(g) for g in m.groups())
        months = {x for x, day in ((b, a), (a, b)) if day == 1 and 1 <= x <= 12}
        if len(months) == 1:
            return _ym(year, months.pop()), "read_as"
        return None, "day"
    return None, "bad"


# ------------------------------------------------------------------------------------------------
# The months already stored (year-to-date totals, the template's reference figures)
# ------------------------------------------------------------------------------------------------
def _exact(value) -> decimal.Decimal:
    """A stored float as the decimal it was written as (15 significant digits)."""
    return decimal.Decimal(format(float(value), ".15g"))


class StoredMonths:
    """The months stored before ``period`` (``stored``: the frame of ``stored_months``), by
    (indicator, unit). A ward figure of an indicator stored by its groups is their sum where
    summing is right (``earlier`` serves summed indicators only; ``latest`` is told)."""

    def __init__(self, stored, period: str):
        self.year, self.month = int(period[:4]), int(period[5:7])
        self.by_key: dict[tuple[str, str], dict[tuple[int, int], decimal.Decimal]] = {}
        self.unit_sums: dict[str, dict[tuple[int, int], decimal.Decimal]] = {}
        if stored is None or len(stored) == 0:
            return
        units = stored["unit"] if "unit" in stored.columns else [""] * len(stored)
        for y, m, code, unit, value in zip(stored["year"], stored["month"], stored["code"], units, stored["value"]):
            when = (int(y), int(m))
            if when >= (self.year, self.month):
                continue
            unit = unit.strip().lower() if isinstance(unit, str) else ""
            code, exact = str(code).strip().lower(), _exact(value)
            self.by_key.setdefault((code, unit), {})[when] = exact
            if unit:
                sums = self.unit_sums.setdefault(code, {})
                sums[when] = sums.get(when, decimal.Decimal(0)) + exact

    def _months(self, code: str, unit: str, sum_units: bool) -> dict[tuple[int, int], decimal.Decimal]:
        own = self.by_key.get((code, unit), {})
        if unit or not sum_units:
            return own
        return {**self.unit_sums.get(code, {}), **own}

    def earlier(self, code: str, unit: str = "") -> tuple[decimal.Decimal, list[int]]:
        """The stored total of the year's months before the chosen one, and the months missing."""
        months = self._months(code, unit, True)
        total, missing = decimal.Decimal(0), []
        for m in range(1, self.month):
            if (self.year, m) in months:
                total += months[self.year, m]
            else:
                missing.append(m)
        return total, missing

    def latest(self, code: str, unit: str = "", sum_units: bool = False) -> tuple[str, float] | None:
        """("YYYY-MM", value) of the latest stored month before the chosen one, or None."""
        months = self._months(code, unit, sum_units)
        if not months:
            return None
        (y, m) = max(months)
        return f"{y:04d}-{m:02d}", float(months[y, m])


# ------------------------------------------------------------------------------------------------
# The check
# ------------------------------------------------------------------------------------------------
@dataclass
class _Entry:
    """One data row that names an indicator (known or not) and has a value to read."""

    row: int
    code: str
    ind: dict | None
    cell: _Cell
    column: str
    num: _Num | None = None           # text values
    number: float | None = None       # values already certain (Excel numbers, yes/no words)
    failed: bool = False
    value: float | None = None
    note: str = ""
    unit: str = ""                    # the reporting unit's code; "" = the ward as a whole
    unit_error: bool = False          # the unit is unknown, or may not report this indicator
    cumulative: bool = False          # the cell is the year-to-date total (“lũy kế”), not the month's
    partner: "_Entry | None" = None   # a cumulative given beside the month's amount: checked against it
    earlier: decimal.Decimal | None = None   # cumulative: the stored total of the earlier months


@dataclass
class _Check:
    data: bytes
    filename: str
    chosen: str | None
    shown_period: str
    catalogue: Catalogue
    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)
    name: str = ""                   # the file name without any folder, for messages
    is_csv: bool = True
    delimiter: str | None = None     # CSV: "," or ";"
    has_formulas: bool = False       # Excel: some part has <f> elements (a second openpyxl pass)
    headings: list[str] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)   # canonical column → index
    units: object = None             # the units table (lib.readers.org_units), None until needed, False if unusable
    unit_problems: list[str] = field(default_factory=list)  # why units.csv is unusable
    unit_error_shown: bool = False
    stored_index: "StoredMonths | None" = None     # the months stored before the chosen one
    year_to_date: dict = field(default_factory=dict)
    convention: str | None = None

    # -- entry ------------------------------------------------------------------------------------
    def err(self, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(Problem(row, column, _visible(message)))

    def warn_at(self, row: int, column: str | None, message: str) -> None:
        self.warnings.append(_visible(str(Problem(row, column, message))))

    def earlier_index(self, stored) -> None:
        """Index the stored months before the chosen one."""
        if stored is not None and self.chosen is not None:
            self.stored_index = StoredMonths(stored, self.chosen)

    def earlier(self, code: str, unit: str) -> tuple[decimal.Decimal, list[int]]:
        """The stored total of the chosen year's months before the chosen one, and the months missing."""
        if self.stored_index is None:
            month = int(self.chosen[5:]) if self.chosen else 1
            return decimal.Decimal(0), list(range(1, month))
        return self.stored_index.earlier(code, unit)

    def months_text(self, months: list[int]) -> str:
        """“tháng 1–5/2025” · “tháng 2, 4/2025”."""
        year = self.chosen.split("-")[0] if self.chosen else ""
        if len(months) > 2 and months == list(range(months[0], months[-1] + 1)):
            shown = f"{months[0]}–{months[-1]}"
        else:
            shown = ", ".join(str(m) for m in months)
        return texts.UPLOAD_MONTHS.format(months=shown, year=year)

    def run(self) -> None:
        name = self.filename.replace("\\", "/").rsplit("/", 1)[-1] or "?"
        self.name = name
        if self.chosen is None:
            self.err(None, None, texts.ERR_UPLOAD_PERIOD_CHOSEN.format(period=self.shown_period))
        size = len(self.data)
        if size > settings.MAX_UPLOAD_BYTES:
            shown, limit = _sizes(size, settings.MAX_UPLOAD_BYTES)
            self.err(None, None, texts.ERR_UPLOAD_TOO_BIG.format(name=name, size=shown, limit=limit))
            return
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if ext not in ("csv", "txt", "xlsx"):
            if ext == "xls" or (ext not in ("xlsm", "ods") and self.data.startswith(_OLE_MAGIC)):
                self.err(None, None, texts.ERR_UPLOAD_OLD_EXCEL.format(name=name))
            else:
                self.err(None, None, texts.ERR_UPLOAD_TYPE.format(name=name))
            return
        if not self.data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8):
            self.err(None, None, texts.ERR_UPLOAD_EMPTY.format(name=name))
            return
        self.is_csv = ext != "xlsx"
        self.delimiter = None
        records = self.read_csv() if self.is_csv else self.read_xlsx()
        if records is None:
            return
        self.check_records(records)

    # -- CSV --------------------------------------------------------------------------------------
    def decode_csv(self) -> str | None:
        data, name = self.data, self.name
        if data.startswith(_ZIP_MAGIC):
            try:
                is_excel = "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
            except Exception:  # noqa: BLE001
                is_excel = False
            self.err(None, None, (texts.ERR_UPLOAD_RENAMED_XLSX if is_excel else texts.ERR_UPLOAD_BINARY).format(name=name))
            return None
        if data.startswith(_OLE_MAGIC):
            self.err(None, None, texts.ERR_UPLOAD_OLD_EXCEL.format(name=name))
            return None
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)) or _looks_utf16(data):
            self.err(None, None, texts.ERR_UPLOAD_UTF16)
            return None
        if data.startswith(_BINARY_MAGIC):
            self.err(None, None, texts.ERR_UPLOAD_BINARY.format(name=name))
            return None
        nul = data.find(b"\x00")
        if nul >= 0:
            self.err(_line_at(data, nul), None, texts.ERR_UPLOAD_NUL)
            return None
        data = data.rstrip(b"\x1a")  # DOS end-of-file mark
        control = _CONTROL.search(data)
        if control:
            self.err(_line_at(data, control.start()), None,
                     texts.ERR_UPLOAD_CONTROL_CHAR.format(code=f"0x{control.group(0)[0]:02X}"))
            return None
        body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            replaced = body.decode("utf-8", errors="replace").count("\ufffd")
            valid = len(_UTF8_MULTIBYTE.findall(body))
            if valid >= 2 and valid > replaced:
                self.err(_line_at(body, exc.start), None, texts.ERR_UPLOAD_MIXED_ENCODING)
                return None
            try:
                text = body.decode("cp1258")
            except UnicodeDecodeError:
                self.err(None, None, texts.ERR_UPLOAD_ENCODING)
                return None
        text = _nfc(text).lstrip("\ufeff")
        legacy = _legacy_font(text)
        if legacy:
            self.legacy_error(legacy)
            return None
        return text

    def legacy_error(self, legacy: tuple[str, str]) -> None:
        encoding, sample = legacy
        self.err(None, None, texts.ERR_UPLOAD_LEGACY_FONT.format(
            encoding=encoding, fonts=texts.LEGACY_FONTS[encoding], sample=sample))

    def read_csv(self) -> list | None:
        text = self.decode_csv()
        if text is None:
            return None
        delimiter, text = self.find_delimiter(text)
        if delimiter is None:
            return None
        self.delimiter = delimiter
        records = self.split_records(text, delimiter)
        if records is None:
            return None
        return [(line, [_Cell(text=f, quoted=q) for f, q in zip(fields, quoted)])
                for line, fields, quoted in records]

    def find_delimiter(self, text: str) -> tuple[str | None, str]:
        """The delimiter from the header line (the first line with content); honours Excel's
        ``sep=;`` first line (blanked, so that line numbers stay those of the file)."""
        for m in re.finditer(r"[^\r\n]*", text):
            line = m.group(0)
            if not line.strip(" \t,;"):
                continue
            stripped = line.strip()
            if stripped.lower().startswith("sep=") and len(stripped) == 5:
                sep = stripped[4]
                if sep in ",;":
                    return sep, text[: m.start()] + text[m.end():]
                if sep == "\t":
                    self.err(None, None, texts.ERR_UPLOAD_TAB)
                    return None, text
                continue
            outside = re.sub(r'"[^"]*"', "", line)
            semicolons, commas = outside.count(";"), outside.count(",")
            if semicolons > commas:
                return ";", text
            if commas == 0 and "\t" in outside:
                self.err(None, None, texts.ERR_UPLOAD_TAB)
                return None, text
            return ",", text
        return ",", text

    def split_records(self, text: str, delim: str) -> list | None:
        """CSV records as (first line number, fields, quoted flags); None after reporting a broken quote."""
        quoted_re = re.compile(r'"([^"]*(?:""[^"]*)*)"')
        unquoted_re = re.compile("[^" + re.escape(delim) + "\r\n]*")
        codes = set(self.catalogue.codes())
        records: list = []
        pos, n, line, filled = 0, len(text), 1, 0

        def header_heading(index: int) -> str | None:
            for _, fields, _q in records:
                if any(_clean(f) for f in fields):
                    return _clean(fields[index]) or None if index < len(fields) else None
            return None

        while pos < n:
            start_line = line
            fields: list[str] = []
            quoted: list[bool] = []
            while True:
                j = pos
                while j < n and text[j] in " \t":
                    j += 1
                if j < n and text[j] == '"':
                    quote_line = line
                    m = quoted_re.match(text, j)
                    if not m:
                        self.err(quote_line, header_heading(len(fields)), texts.ERR_UPLOAD_QUOTE_UNCLOSED)
                        return None
                    raw = m.group(1)
                    breaks = raw.count("\n") + raw.count("\r") - raw.count("\r\n")
                    k = m.end()
                    while k < n and text[k] in " \t":
                        k += 1
                    swallowed = breaks and any(
                        any(_clean(tok).lower() in codes for tok in part.split(delim))
                        for part in re.split(r"\r\n|\r|\n", raw)[1:])
                    if swallowed or (k < n and text[k] not in (delim, "\r", "\n") and breaks):
                        self.err(quote_line, header_heading(len(fields)), texts.ERR_UPLOAD_QUOTE_UNCLOSED)
                        return None
                    if k < n and text[k] not in (delim, "\r", "\n"):
                        after = unquoted_re.match(text, k).group(0)
                        self.err(quote_line, header_heading(len(fields)),
                                 texts.ERR_UPLOAD_QUOTE_TRAILING.format(after=_short(after, 20)))
                        return None
                    line += breaks
                    fields.append(raw.replace('""', '"'))
                    quoted.append(True)
                    pos = k
                else:
                    m = unquoted_re.match(text, pos)
                    fields.append(m.group(0))
                    quoted.append(False)
                    pos = m.end()
                if len(fields) > MAX_CSV_FIELDS:
                    self.err(start_line, None, texts.ERR_UPLOAD_TOO_MANY_FIELDS.format(limit=MAX_CSV_FIELDS))
                    return None
                if pos >= n:
                    records.append((start_line, fields, quoted))
                    break
                if text[pos] == delim:
                    pos += 1
                    if pos >= n:  # a trailing delimiter at the very end: one more empty field
                        fields.append("")
                        quoted.append(False)
                        records.append((start_line, fields, quoted))
                        break
                    continue
                pos += 2 if text.startswith("\r\n", pos) else 1
                line += 1
                records.append((start_line, fields, quoted))
                break
            if any(_clean(f) for f in records[-1][1]):
                filled += 1
                if filled > settings.MAX_ROWS + 1:  # header + too many rows: enough to say so
                    break
        return records

    # -- Excel ------------------------------------------------------------------------------------
    def read_xlsx(self) -> list | None:
        data, name = self.data, self.name
        if not data.startswith(_ZIP_MAGIC):
            if data.startswith(_OLE_MAGIC):
                self.err(None, None, texts.ERR_UPLOAD_OLD_EXCEL.format(name=name))
            elif _looks_like_text(data):
                self.err(None, None, texts.ERR_UPLOAD_XLSX_IS_TEXT.format(name=name))
            else:
                self.err(None, None, texts.ERR_UPLOAD_XLSX_INVALID.format(name=name))
            return None
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            infos = archive.infolist()
        except Exception:  # noqa: BLE001 (BadZipFile, and whatever a crafted header provokes)
            self.err(None, None, texts.ERR_UPLOAD_XLSX_INVALID.format(name=name))
            return None
        if len(infos) > settings.MAX_XLSX_MEMBERS:
            self.err(None, None, texts.ERR_UPLOAD_XLSX_MEMBERS.format(
                n=fmt.decimal_text(len(infos), "#,##0"), limit=fmt.decimal_text(settings.MAX_XLSX_MEMBERS, "#,##0")))
            return None
        total = sum(i.file_size for i in infos)
        if total > settings.MAX_XLSX_UNCOMPRESSED:
            shown, limit = _sizes(total, settings.MAX_XLSX_UNCOMPRESSED)
            self.err(None, None, texts.ERR_UPLOAD_XLSX_UNCOMPRESSED.format(size=shown, limit=limit))
            return None
        for info in infos:
            if info.flag_bits & 0x1:
                self.err(None, None, texts.ERR_UPLOAD_XLSX_ENCRYPTED)
                return None
            if info.file_size > ZIP_BOMB_MIN_SIZE and info.file_size > ZIP_BOMB_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                self.err(None, None, texts.ERR_UPLOAD_XLSX_BOMB.format(
                    member=info.filename, ratio=fmt.decimal_text(ratio, "#,##0")))
                return None
        xml_size = sum(i.file_size for i in infos if not i.filename.lower().startswith(_MEDIA_PREFIXES))
        if xml_size > MAX_XLSX_XML:  # what openpyxl parses (twice when there are formulas)
            shown, limit = _sizes(xml_size, MAX_XLSX_XML)
            self.err(None, None, texts.ERR_UPLOAD_XLSX_XML_TOO_LARGE.format(size=shown, limit=limit))
            return None
        if "xl/workbook.xml" not in {i.filename for i in infos}:
            self.err(None, None, texts.ERR_UPLOAD_XLSX_INVALID.format(name=name))
            return None
        self.has_formulas = False
        parts = {}
        for info in infos:  # every part is read once here: sizes and CRCs are checked by zipfile
            try:
                content = archive.read(info)
            except Exception:  # noqa: BLE001
                self.err(None, None, texts.ERR_UPLOAD_XLSX_UNREADABLE.format(name=name))
                return None
            if _unsafe_xml(content):
                self.err(None, None, texts.ERR_UPLOAD_XLSX_UNSAFE_XML)
                return None
            self.has_formulas = self.has_formulas or bool(_FORMULA_TAG.search(content)) or _looks_utf16(content)
            parts[info.filename] = content
        sheet = parts.get(_first_sheet_part(parts) or "")
        if sheet is not None and (sheet.count(b"<c ") + sheet.count(b"<c>") > MAX_SHEET_CELLS
                                  or sheet.count(b"<row") > MAX_SHEET_ROWS):
            # The same limit the streaming read below applies, counted on the raw XML: a sheet of
            # 180.000 formatted empty cells is refused in milliseconds instead of after parsing half.
            self.err(None, None, texts.ERR_UPLOAD_XLSX_SHEET_TOO_LARGE.format(
                cells=fmt.decimal_text(MAX_SHEET_CELLS, "#,##0"), rows=fmt.decimal_text(MAX_SHEET_ROWS, "#,##0")))
            return None
        return self.read_workbook()

    def read_workbook(self) -> list | None:
        import openpyxl  # imported here: the CSV path does not need it
        from openpyxl.utils import get_column_letter

        name = self.name
        books = []
        records: list = []
        try:
            with _warnings.catch_warnings():
                _warnings.simplefilter("ignore")
                values = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True, data_only=True, keep_links=False)
                books.append(values)
                if not values.worksheets:
                    self.err(None, None, texts.ERR_UPLOAD_XLSX_NO_SHEET)
                    return None
                sheet_v = values.worksheets[0]
                if len(values.worksheets) > 1 and any(
                        (ws.max_row or 0) > 1 or (ws.max_column or 0) > 1 for ws in values.worksheets[1:]):
                    self.warnings.append(texts.WARN_UPLOAD_EXTRA_SHEETS.format(
                        n=len(values.worksheets), sheet=sheet_v.title))
                sheet_v.reset_dimensions()  # the <dimension> a tool wrote may be wrong
                rows_f = iter(())
                if self.has_formulas:  # a second pass sees the formulas whose cached value is missing
                    formulas = openpyxl.load_workbook(io.BytesIO(self.data), read_only=True, data_only=False,
                                                      keep_links=False)
                    books.append(formulas)
                    sheet_f = formulas.worksheets[0]
                    sheet_f.reset_dimensions()
                    rows_f = sheet_f.iter_rows()
                budget = MAX_SHEET_CELLS
                for rowno, (row_v, row_f) in enumerate(zip_longest(sheet_v.iter_rows(), rows_f, fillvalue=()), 1):
                    budget -= max(len(row_v), len(row_f), 1)
                    if budget < 0 or rowno > MAX_SHEET_ROWS:
                        self.err(None, None, texts.ERR_UPLOAD_XLSX_SHEET_TOO_LARGE.format(
                            cells=fmt.decimal_text(MAX_SHEET_CELLS, "#,##0"),
                            rows=fmt.decimal_text(MAX_SHEET_ROWS, "#,##0")))
                        return None
                    used = {}
                    for col in range(1, max(len(row_v), len(row_f)) + 1):
                        cv = row_v[col - 1] if col <= len(row_v) else None
                        cf = row_f[col - 1] if col <= len(row_f) else None
                        if getattr(cv, "value", None) is not None or getattr(cf, "data_type", None) == "f":
                            used[col] = _excel_cell(cv, cf, f"{get_column_letter(col)}{rowno}")
                    if not used:
                        continue
                    cells = [used.get(col, _EMPTY) for col in range(1, max(used) + 1)]
                    if any(not c.blank for c in cells):
                        records.append((rowno, cells))
                        if len(records) > settings.MAX_ROWS + 1:
                            break
        except Exception as exc:  # noqa: BLE001 (any damage openpyxl trips over)
            if _caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
                self.err(None, None, texts.ERR_UPLOAD_XLSX_UNSAFE_XML)
            else:
                self.err(None, None, texts.ERR_UPLOAD_XLSX_UNREADABLE.format(name=name))
            return None
        finally:
            for book in books:
                try:
                    book.close()
                except Exception:  # noqa: BLE001
                    pass
        legacy = _legacy_font("\n".join(c.text for _, cells in records for c in cells if c.kind == "text"))
        if legacy:
            self.legacy_error(legacy)
            return None
        return records

    # -- the table --------------------------------------------------------------------------------
    def check_records(self, records: list) -> None:
        data_rows = [(r, cells) for r, cells in records if any(not c.blank for c in cells)]
        if not data_rows:
            self.err(None, None, texts.ERR_UPLOAD_NO_HEADER)
            return
        (header_row, header), body = data_rows[0], data_rows[1:]
        headings = [_clean(c.text) if c.kind == "text" else _clean(_excel_text(c.value)) for c in header]
        self.headings = headings
        for cell in header:
            if cell.kind == "text" and len(cell.text) > settings.MAX_FIELD_CHARS:
                self.err(header_row, None, texts.ERR_UPLOAD_FIELD_TOO_LONG.format(
                    n=fmt.decimal_text(len(cell.text), "#,##0"), limit=fmt.decimal_text(settings.MAX_FIELD_CHARS, "#,##0")))
                return
        columns: dict[str, int] = {}
        unknown: list[str] = []
        unnamed: list[int] = []
        ambiguous: list[int] = []
        for idx, heading in enumerate(headings):
            if not heading:
                unnamed.append(idx)
                continue
            canon = _column_of(heading)
            if canon == _IGNORE:
                continue
            if canon is None:
                unknown.append(heading)
                continue
            if _plain(_column_key(heading)) in _AMBIGUOUS:
                ambiguous.append(idx)
                continue
            self.place_column(columns, canon, idx, header_row, headings)
        for idx in ambiguous:
            self.place_column(columns, self.place_unit_heading(idx, columns, body), idx, header_row, headings)
        missing = [c for c in REQUIRED_COLUMNS if c not in columns]
        if missing:
            hint = self.header_hint(headings, data_rows[1:11])
            for canon in missing:
                self.err(header_row, None, texts.ERR_UPLOAD_MISSING_COLUMN.format(
                    label=_COLUMN_LABELS[canon], names=", ".join(COLUMN_ALIASES[canon])) + hint)
            return
        if any(e.row == header_row for e in self.errors):
            return
        if len(body) > settings.MAX_ROWS:
            self.err(None, None, texts.ERR_UPLOAD_TOO_MANY_ROWS.format(
                limit=fmt.decimal_text(settings.MAX_ROWS, "#,##0"), count=len(self.catalogue.codes())))
            return
        if unknown:
            self.warnings.append(texts.WARN_UPLOAD_UNKNOWN_COLUMNS.format(
                columns=", ".join(f"“{h}”" for h in unknown)))
        if not self.is_csv:  # Excel: cells right of the header are columns without a heading
            unnamed += sorted({i for _, cells in body for i in range(len(header), len(cells))})
        for idx in unnamed:
            if any(idx < len(cells) and not cells[idx].blank for _, cells in body):
                self.warnings.append(texts.WARN_UPLOAD_UNNAMED_COLUMN.format(n=idx + 1))
        if "period" not in columns and self.chosen:
            self.warnings.append(texts.WARN_UPLOAD_NO_PERIOD_COLUMN.format(label=fmt.period_label(self.chosen)))
        self.columns = columns
        self.check_rows(body, len(header))

    def place_column(self, columns: dict, canon: str, idx: int, header_row: int, headings: list[str]) -> None:
        if canon in columns:
            self.err(header_row, headings[idx], texts.ERR_UPLOAD_DUPLICATE_COLUMN.format(
                first=headings[columns[canon]], second=headings[idx], label=_COLUMN_LABELS[canon]))
            return
        columns[canon] = idx

    def place_unit_heading(self, idx: int, columns: dict, body: list) -> str:
        """“Đơn vị” / ``unit``: the unit of measure (ĐVT, as in files before reporting units) or
        the reporting unit. The other column's presence decides; else the cells: units of
        ``units.csv`` (or close to one) rather than units of measure make it the reporting unit."""
        if "unit" in columns and "unit_code" not in columns:
            return "unit_code"
        if "unit_code" in columns and "unit" not in columns:
            return "unit"
        values = [_clean(cells[idx].text if cells[idx].kind == "text" else _excel_text(cells[idx].value))
                  for _, cells in body if idx < len(cells) and not cells[idx].blank]
        if not values:
            return "unit"
        measures = {_key(u) for u in self.catalogue.indicators["unit"]}
        measures |= {_key(u) for synonyms in _UNIT_SYNONYMS.values() for u in synonyms}
        is_measure = [_key(v) in measures or _key(v).strip("()") in measures for v in values]
        table = self.unit_table(report=False)
        if table is None:
            return "unit"
        n_unit = sum(not measure and (_key(v) in _WARD_WORDS or units_mod.find(table, v) is not None
                                      or units_mod.closest(table, v) is not None)
                     for v, measure in zip(values, is_measure))
        return "unit_code" if n_unit > sum(is_measure) else "unit"

    def unit_table(self, report: bool = True):
        """The units table (lib.readers.org_units), loaded once; None (and, with ``report``, one error) if unusable."""
        if self.units is None:
            try:
                self.units = units_mod.load_units()
            except units_mod.UnitsError as exc:
                self.units = False
                self.unit_problems = exc.messages
        if self.units is False:
            if report and not self.unit_error_shown:
                self.unit_error_shown = True
                self.err(None, None, texts.ERR_UPLOAD_UNITS_UNUSABLE.format(msg="; ".join(self.unit_problems)))
            return None
        return self.units

    def read_unit(self, rowno: int, code_cell: _Cell, name_cell: _Cell, broken: set) -> tuple[str, dict | None] | None:
        """The row's reporting unit: ("", None) for the ward, (code, unit) for a unit, None after
        reporting why the unit cannot be known."""
        def text(c: _Cell) -> str:
            return _clean(c.text if c.kind == "text" else _excel_text(c.value)) if not c.blank else ""

        code_text = text(code_cell) if "unit_code" not in broken else ""
        name_text = text(name_cell) if "unit_name" not in broken else ""
        written = code_text or name_text
        if not written or _key(written) in _WARD_WORDS:
            return "", None
        table = self.unit_table()
        if table is None:
            return None
        column = self.heading("unit_code" if code_text else "unit_name")
        unit = units_mod.find(table, written)
        if unit is None:
            close = units_mod.closest(table, written)
            residential = units_mod.residential(table)
            hint = (texts.HINT_UPLOAD_UNIT_SUGGEST.format(code=close["code"], name=close["display_name"]) if close
                    else texts.HINT_UPLOAD_UNIT_LIST.format(
                        example=residential["code"].iloc[0] if len(residential) else table["code"].iloc[0]))
            self.err(rowno, column, texts.ERR_UPLOAD_UNIT_UNKNOWN.format(found=written) + hint)
            return None
        if code_text and name_text:
            named = units_mod.find(table, name_text)
            if named is None or named["code"] != unit["code"]:
                self.err(rowno, self.heading("unit_name"), texts.ERR_UPLOAD_UNIT_NAME_MISMATCH.format(
                    code=code_text, unit=unit["display_name"], found=name_text))
                return None
        return unit["code"], unit

    def header_hint(self, headings: list[str], following: list) -> str:
        codes = set(self.catalogue.codes())
        if any(h.lower() in codes for h in headings):
            return texts.HINT_UPLOAD_HEADER_IS_DATA
        for row, cells in following:
            names = {_column_of(_clean(c.text)) for c in cells if c.kind == "text"}
            if all(c in names for c in REQUIRED_COLUMNS):
                return texts.HINT_UPLOAD_HEADER_LATER.format(row=row)
        return ""

    def heading(self, canon: str) -> str:
        return self.headings[self.columns[canon]]

    def check_rows(self, body: list, width: int) -> None:
        cols = self.columns
        catalogue = self.catalogue
        by_code = {r["code"]: r for r in catalogue.indicators.to_dict("records")}
        entries: list[_Entry] = []
        seen: dict[tuple[str, str], int] = {}   # (indicator, unit) → row
        period_read_as: dict[str, tuple[str, list[int]]] = {}
        period_blank: list[int] = []

        for rowno, cells in body:
            def cell(canon: str, cells=cells) -> _Cell:
                idx = cols.get(canon)
                return cells[idx] if idx is not None and idx < len(cells) else _EMPTY

            # Cells too long to be a note, let alone a number.
            too_long = False
            for idx, c in enumerate(cells):
                if c.kind == "text" and len(c.text) > settings.MAX_FIELD_CHARS:
                    heading = self.headings[idx] if idx < len(self.headings) else None
                    self.err(rowno, heading or None, texts.ERR_UPLOAD_FIELD_TOO_LONG.format(
                        n=fmt.decimal_text(len(c.text), "#,##0"),
                        limit=fmt.decimal_text(settings.MAX_FIELD_CHARS, "#,##0")))
                    too_long = True
            if too_long:
                continue
            # A decimal comma in a comma-separated file splits the number over two cells.
            if self.is_csv and self.delimiter == ",":
                vi = cols["value"]
                if vi + 1 < len(cells):
                    v, nxt = cells[vi], cells[vi + 1]
                    next_heading = self.headings[vi + 1] if vi + 1 < len(self.headings) else ""
                    if (not v.quoted and not nxt.quoted and re.fullmatch(r"[-+]?\d+", _clean(v.text))
                            and re.fullmatch(r"\d+", _clean(nxt.text)) and _column_of(next_heading) != _IGNORE):
                        joined = f"{_clean(v.text)},{_clean(nxt.text)}"
                        self.err(rowno, self.heading("value"), texts.ERR_UPLOAD_SPLIT_NUMBER.format(
                            value=_clean(v.text), next=_clean(nxt.text), joined=joined))
                        continue
            extra = [c for c in cells[width:] if not c.blank] if self.is_csv else []
            if extra:
                self.err(rowno, None, texts.ERR_UPLOAD_EXTRA_FIELDS.format(
                    n=len(cells), m=width, extra=_short("; ".join(_clean(c.text) for c in extra), 40)))
                continue
            # Excel error values and formulas without a cached value, in the columns used.
            broken: set[str] = set()
            for canon in cols:
                c = cell(canon)
                if c.kind == "error":
                    self.err(rowno, self.heading(canon), texts.ERR_UPLOAD_XLSX_ERROR_CELL.format(cell=c.ref, found=c.text))
                    broken.add(canon)
                elif c.kind == "formula":
                    self.err(rowno, self.heading(canon), texts.ERR_UPLOAD_XLSX_FORMULA.format(cell=c.ref))
                    broken.add(canon)
            code_cell, value_cell = cell("indicator_code"), cell("value")
            code_text = _clean(code_cell.text if code_cell.kind == "text" else _excel_text(code_cell.value))
            no_cumulative = cell("cumulative").blank
            if not code_text and value_cell.blank and no_cumulative and not broken:
                shown = [_clean(cell(c).text) for c in ("name_vi", "note") if cell(c).kind == "text"]
                shown = [s for s in shown if s]
                if shown:
                    self.warnings.append(texts.WARN_UPLOAD_SKIPPED_ROW.format(row=rowno, text=_short(" · ".join(shown))))
                continue
            # A template row left empty (code, no value, no note): not reported this month. It is
            # listed with the missing indicators, and whatever was stored for it stays.
            if (code_text and value_cell.blank and no_cumulative and not broken
                    and ("note" not in cols or cell("note").blank)):
                continue
            # Period.
            if "period" in cols and "period" not in broken:
                pc = cell("period")
                if pc.blank:
                    period_blank.append(rowno)
                else:
                    found = _clean(pc.text) if pc.kind == "text" else _excel_text(pc.value)
                    canon, how = _row_period(pc)
                    example = self.chosen or "2025-06"
                    if how == "day":
                        self.err(rowno, self.heading("period"), texts.ERR_UPLOAD_PERIOD_DAY.format(found=found, period=example))
                    elif canon is None:
                        self.err(rowno, self.heading("period"), texts.ERR_UPLOAD_PERIOD_BAD.format(found=found, period=example))
                    elif self.chosen and canon != self.chosen:
                        self.err(rowno, self.heading("period"), texts.ERR_UPLOAD_PERIOD_OTHER.format(
                            found=found, found_label=fmt.period_label(canon), label=fmt.period_label(self.chosen),
                            period=self.chosen))
                    elif how == "read_as":
                        period_read_as.setdefault(found, (canon, []))[1].append(rowno)
            # Reporting unit (a residential group), when the file has a unit column.
            unit_code, unit, unit_failed = "", None, False
            if "unit_code" in cols or "unit_name" in cols:
                found_unit = self.read_unit(rowno, cell("unit_code"), cell("unit_name"), broken)
                unit_failed = found_unit is None
                unit_code, unit = found_unit or ("", None)
            # Indicator code.
            ind = None
            if "indicator_code" not in broken:
                code = code_text.lower()
                if not code:
                    shown = _clean(value_cell.text) if value_cell.kind == "text" else _excel_text(value_cell.value)
                    shown = shown or value_cell.ref or "?"
                    self.err(rowno, self.heading("indicator_code"), texts.ERR_UPLOAD_CODE_MISSING.format(value=shown))
                elif code not in by_code:
                    self.err(rowno, self.heading("indicator_code"),
                             texts.ERR_UPLOAD_CODE_UNKNOWN.format(code=code_text) + self.suggest(code_text, by_code))
                elif by_code[code]["derived"]:
                    parts = [r["code"] for r in by_code.values() if r.get("parent") == code and r.get("relation") == "component"]
                    self.err(rowno, self.heading("indicator_code"), texts.ERR_UPLOAD_CODE_DERIVED.format(
                        code=code, name=by_code[code]["name_vi"], parts=", ".join(parts)))
                elif unit_failed:  # an unknown unit: the row is judged (value) but belongs to no one
                    ind = by_code[code]
                elif (code, unit_code) in seen and unit_code:
                    self.err(rowno, self.heading("unit_code" if "unit_code" in cols else "unit_name"),
                             texts.ERR_UPLOAD_UNIT_DUPLICATE.format(code=code, unit=unit["display_name"],
                                                                    first=seen[code, unit_code], row=rowno))
                elif (code, unit_code) in seen:
                    self.err(rowno, self.heading("indicator_code"), texts.ERR_UPLOAD_CODE_DUPLICATE.format(
                        code=code, first=seen[code, unit_code], row=rowno))
                else:
                    seen[code, unit_code] = rowno
                    ind = by_code[code]
                    problem = units_mod.report_problem(ind, unit) if unit is not None else None
                    if problem:
                        unit_failed = True
                        self.err(rowno, self.heading("unit_code" if "unit_code" in cols else "unit_name"), problem)
            else:
                code = ""
            if ind is not None:
                self.check_unit_and_name(rowno, ind, cell("unit"), cell("name_vi"), broken)
            # Value: read now, judged once the whole file's number convention is known.
            entries.append(self.entry_for(rowno, code, ind, value_cell, cell("cumulative"), self.read_note(rowno, cell("note")),
                                          unit_code, unit_failed, broken))

        for found, (canon, rows) in period_read_as.items():
            self.warnings.append(texts.WARN_UPLOAD_PERIOD_READ_AS.format(found=found, rows=_rows_text(rows), period=canon))
        if period_blank and self.chosen:
            self.warnings.append(texts.WARN_UPLOAD_PERIOD_BLANK.format(
                rows=_rows_text(period_blank), label=fmt.period_label(self.chosen)))
        if not entries and not self.errors:
            self.err(None, None, texts.ERR_UPLOAD_NO_DATA)
            return
        self.resolve_values(entries + [e.partner for e in entries if e.partner is not None])
        self.check_partners(entries)
        self.check_mixed(entries)
        self.check_of_which(entries)
        self.flows_to_date(entries)
        reported = {code for code, _unit in seen}
        missing = [r for r in catalogue.indicators.to_dict("records") if not r["derived"] and r["code"] not in reported]
        if missing:
            self.warnings.append(texts.WARN_UPLOAD_MISSING_INDICATORS.format(
                n=len(missing), names="; ".join(r["name_vi"] for r in missing)))
        self.warn_missing_units(entries)
        self.rows = [{"indicator_code": e.code, **({"unit": e.unit} if e.unit else {}), "value": e.value,
                      "note": e.note}
                     for e in entries
                     if e.ind is not None and not e.failed and not e.unit_error and e.value is not None]

    def read_note(self, rowno: int, note_cell: _Cell) -> str:
        """The note as stored: bidi controls removed (with a warning naming the cell)."""
        note = "" if note_cell.kind == "empty" else _clean(
            note_cell.text if note_cell.kind == "text" else _excel_text(note_cell.value))
        if any(c in BIDI_CONTROLS for c in note):
            codes = _codes(note, BIDI_CONTROLS)
            note = _clean("".join(c for c in note if c not in BIDI_CONTROLS))
            self.warn_at(rowno, self.heading("note"), texts.WARN_UPLOAD_NOTE_BIDI.format(codes=codes, note=_short(note, 80)))
        return note

    def entry_for(self, rowno: int, code: str, ind: dict | None, value_cell: _Cell, cum_cell: _Cell, note: str,
                  unit_code: str, unit_failed: bool, broken: set) -> _Entry:
        """The row's figure: the month's amount (or level), or, when only the year-to-date column
        is filled, that total (turned into the month's amount once stored months are known).
        Both filled: the month's amount, with the total as a partner checked against it."""
        has_cum = "cumulative" in self.columns and not cum_cell.blank
        use_cum = has_cum and value_cell.blank
        column = self.heading("cumulative" if use_cum else "value")
        entry = _Entry(rowno, code, ind, cum_cell if use_cum else value_cell, column, note=note, unit=unit_code,
                       unit_error=unit_failed, cumulative=use_cum)
        if "value" in broken or "indicator_code" in broken or (has_cum and "cumulative" in broken):
            entry.failed = True
            return entry
        if has_cum and ind is not None and ind["aggregation"] != "sum":
            entry.failed = True
            self.err(rowno, self.heading("cumulative"), texts.ERR_UPLOAD_CUMULATIVE_LEVEL.format(
                name=ind["name_vi"], value_column=self.heading("value")))
            return entry
        self.read_value(entry)
        if has_cum and not use_cum:
            partner = _Entry(rowno, code, ind, cum_cell, self.heading("cumulative"), unit=unit_code,
                             unit_error=unit_failed, cumulative=True, partner=entry)
            self.read_value(partner)
            entry.partner = partner
            if partner.failed:
                entry.failed = True
        return entry

    def check_mixed(self, entries: list[_Entry]) -> None:
        """An indicator is reported either for the ward or by its groups, never both in one file."""
        known = [e for e in entries if e.ind is not None and not e.unit_error]
        by_units = {e.code for e in known if e.unit}
        for code in dict.fromkeys(e.code for e in known if not e.unit and e.code in by_units):
            ward_rows = [e.row for e in known if e.code == code and not e.unit]
            unit_rows = [e.row for e in known if e.code == code and e.unit]
            for e in known:
                if e.code == code and not e.unit:
                    e.failed = True
            self.err(ward_rows[0], None, texts.ERR_UPLOAD_UNIT_MIXED.format(
                name=self.catalogue.get(code)["name_vi"], ward_rows=_rows_text(ward_rows, 5),
                unit_rows=_rows_text(unit_rows, 5)))

    def warn_missing_units(self, entries: list[_Entry]) -> None:
        """By-unit indicators the file reports for some residential groups only: which groups are
        missing (indicators missing the same groups share one warning)."""
        table = None if self.units is None or self.units is False else self.units
        reported: dict[str, set[str]] = {}
        for e in entries:
            if e.unit and e.ind is not None and not e.unit_error:
                reported.setdefault(e.code, set()).add(e.unit)
        if table is None or not reported:
            return
        groups = units_mod.residential(table)
        by_missing: dict[tuple[str, ...], list[str]] = {}
        for code, done in reported.items():
            missing = tuple(c for c in groups["code"] if c not in done)
            if missing:
                by_missing.setdefault(missing, []).append(self.catalogue.get(code)["name_vi"])
        names = dict(zip(groups["code"], groups["display_name"]))
        for missing, indicators in by_missing.items():
            self.warnings.append(texts.WARN_UPLOAD_UNITS_MISSING.format(
                names=", ".join(f"“{n}”" for n in indicators), units=", ".join(names[c] for c in missing),
                n=len(groups) - len(missing), total=len(groups)))

    def suggest(self, written: str, by_code: dict) -> str:
        candidates = [c for c, r in by_code.items() if not r["derived"]]
        names = {_key(r["name_vi"]): c for c, r in by_code.items() if not r["derived"]}
        by_name = names.get(_key(written))
        close = difflib.get_close_matches(written.lower(), candidates, n=1, cutoff=0.6)
        suggestion = by_name or (close[0] if close else None)
        if suggestion:
            return texts.HINT_UPLOAD_CODE_SUGGEST.format(suggestion=suggestion)
        return texts.HINT_UPLOAD_CODE_LIST

    def check_unit_and_name(self, rowno: int, ind: dict, unit_cell: _Cell, name_cell: _Cell, broken: set) -> None:
        if "unit" in self.columns and "unit" not in broken and not unit_cell.blank:
            written = _clean(unit_cell.text) if unit_cell.kind == "text" else _excel_text(unit_cell.value)
            key = _key(written)
            allowed = {_key(ind["unit"])} | {_key(u) for u in _UNIT_SYNONYMS.get(ind["unit"], ())}
            if key not in allowed and key.strip("()") not in allowed:
                self.err(rowno, self.heading("unit"), texts.ERR_UPLOAD_UNIT.format(
                    found=written, name=ind["name_vi"], unit=ind["unit"]))
        if "name_vi" in self.columns and "name_vi" not in broken and name_cell.kind == "text" and not name_cell.blank:
            written = _clean(name_cell.text).lstrip("'")
            if _key(written).rstrip(".") != _key(ind["name_vi"]).rstrip("."):
                self.warnings.append(texts.WARN_UPLOAD_NAME_MISMATCH.format(
                    row=rowno, found=_short(written, 80), code=ind["code"], name=ind["name_vi"]))

    # -- values -----------------------------------------------------------------------------------
    def read_value(self, e: _Entry) -> None:
        c, ind = e.cell, e.ind
        name = ind["name_vi"] if ind is not None else e.code
        unit = ind["unit"] if ind is not None else ""

        def fail(message: str) -> None:
            e.failed = True
            self.err(e.row, e.column, message)

        if c.blank:
            fail(texts.ERR_UPLOAD_VALUE_BLANK.format(name=name or "?"))
        elif c.kind == "number":
            value = float(c.value)
            if not math.isfinite(value):
                fail(texts.ERR_UPLOAD_VALUE_NOT_FINITE.format(found=str(c.value)))
            elif c.percent and ind is not None and unit != "%":
                fail(texts.ERR_UPLOAD_VALUE_PERCENT_FORMAT.format(found=fmt.percent(value * 100, 1), name=name, unit=unit))
            else:
                e.number = round(value * 100, 9) if c.percent else value
        elif c.kind == "bool":
            if unit == fmt.BINARY_UNIT or ind is None:
                e.number = 1.0 if c.value else 0.0
            else:
                fail(texts.ERR_UPLOAD_VALUE_BOOL.format(found=_excel_text(c.value), name=name))
        elif c.kind == "date":
            shown = c.value.strftime("%d/%m/%Y") if isinstance(c.value, (dt.date, dt.datetime)) else str(c.value)
            fail(texts.ERR_UPLOAD_VALUE_DATE.format(found=shown))
        else:
            text = _clean(c.text)
            word = _YES_NO.get(" ".join(text.casefold().split()))
            if word is not None and unit == fmt.BINARY_UNIT:
                e.number = word
                return
            try:
                e.num = parse_number_text(text)
            except _Invalid as bad:
                fail(bad.message)

    def resolve_values(self, entries: list[_Entry]) -> None:
        styled = {VN: [e for e in entries if e.num and e.num.style == VN],
                  INTL: [e for e in entries if e.num and e.num.style == INTL]}
        convention = None
        if styled[VN] and styled[INTL]:
            vn, intl = styled[VN], styled[INTL]
            wrong = intl if len(intl) < len(vn) else vn if len(vn) < len(intl) else vn + intl
            for e in sorted(wrong, key=lambda x: x.row):
                other = intl if e.num.style == VN else vn
                e.failed = True
                self.err(e.row, e.column, texts.ERR_UPLOAD_VALUE_MIXED.format(
                    found=_clean(e.cell.text),
                    style=texts.NUMBER_STYLE_VN if e.num.style == VN else texts.NUMBER_STYLE_INTL,
                    other_style=texts.NUMBER_STYLE_INTL if e.num.style == VN else texts.NUMBER_STYLE_VN,
                    rows=_rows_text([o.row for o in other], 5), example=_clean(other[0].cell.text)))
        elif styled[VN]:
            convention = VN
        elif styled[INTL]:
            convention = INTL
        self.convention = convention
        for e in entries:
            if e.failed:
                continue
            if e.num is not None:
                num = e.num
                if num.value is None:
                    if convention is None:
                        e.failed = True
                        self.err(e.row, e.column, texts.ERR_UPLOAD_VALUE_AMBIGUOUS.format(
                            found=_clean(e.cell.text), plain=str(num.as_group),
                            fraction=_num(num.as_decimal), sep=num.sep))
                        continue
                    groups = (num.sep == ".") == (convention == VN)
                    if convention == VN or e.ind is None:
                        # Vietnamese writing (1.260 = 1260, 1,260 = 1,26) is also the ward's habit.
                        num.value = num.as_group if groups else num.as_decimal
                    elif not self.pick_reading(e, num, groups, styled[INTL]):
                        e.failed = True
                        continue
                value = float(num.value)
                if not math.isfinite(value):
                    e.failed = True
                    self.err(e.row, e.column, texts.ERR_UPLOAD_VALUE_NOT_FINITE.format(found=_clean(e.cell.text)))
                    continue
                e.number = value
                if num.fullwidth:
                    self.warn_at(e.row, e.column, texts.WARN_UPLOAD_FULLWIDTH_DIGITS.format(
                        found=_clean(e.cell.text), value=_plain_num(num.value)))
            if e.ind is None or e.number is None or (e.cumulative and e.partner is not None):
                continue  # a cumulative beside the month's figure is checked once that is settled
            message, month = self.admissible(e, e.number)
            if message:
                e.failed = True
                self.err(e.row, e.column, message)
                continue
            e.value = float(round(month)) if e.ind["integer"] else float(month)
            if e.value == 0:
                e.value = 0.0  # never -0.0
            if e.cumulative:
                self.warn_at(e.row, e.column, self.cumulative_used(e))

    def pick_reading(self, e: _Entry, num: _Num, groups: bool, evidence: list[_Entry]) -> bool:
        """A “1.260” or “1,260” in a file whose numbers are written the international way: the
        file says one reading, the ward's Vietnamese habit the other. Kept (with a warning) when
        only one of them is possible for the indicator; refused (False) otherwise."""
        file_v, other_v = (num.as_group, num.as_decimal) if groups else (num.as_decimal, num.as_group)
        file_msg, _ = self.admissible(e, float(file_v))
        other_msg, _ = self.admissible(e, float(other_v))
        found = _clean(e.cell.text)
        if file_msg is None and other_msg is None:
            example = evidence[0]
            self.err(e.row, e.column, texts.ERR_UPLOAD_VALUE_TWO_READINGS.format(
                found=found, as_group=_plain_num(num.as_group), as_decimal=_plain_num(num.as_decimal),
                sep=num.sep, name=e.ind["name_vi"], style=texts.NUMBER_STYLE_INTL,
                example=_clean(example.cell.text), example_row=example.row,
                write_group=_plain_num(num.as_group), write_decimal=_intl_decimal(num.as_decimal)))
            return False
        if file_msg is not None and other_msg is not None:
            self.err(e.row, e.column, file_msg)
            return False
        chosen, other, why = (file_v, other_v, other_msg) if file_msg is None else (other_v, file_v, file_msg)
        how = texts.READ_AS_GROUP if chosen is num.as_group else texts.READ_AS_DECIMAL
        self.warn_at(e.row, e.column, texts.WARN_UPLOAD_VALUE_READ_AS.format(
            found=found, value=_plain_num(chosen), how=how.format(sep=num.sep), other=_plain_num(other), why=why))
        num.value = chosen
        return True

    def unit_text(self, e: _Entry) -> str:
        """“ (Tổ dân phố số 1)” for a group's row, "" for the ward's."""
        if not e.unit:
            return ""
        table = self.units if self.units is not None and self.units is not False else None
        name = e.unit
        if table is not None:
            found = units_mod.find(table, e.unit)
            name = found["display_name"] if found is not None else e.unit
        return texts.UPLOAD_CUMULATIVE_UNIT.format(unit=name)

    def admissible(self, e: _Entry, v: float) -> tuple[str | None, float | None]:
        """(why the reading ``v`` of the cell cannot be stored, or None; the month's amount it
        gives): a year-to-date total becomes the month's amount by taking away the stored months."""
        if not e.cumulative:
            message = self.judge(e, v)
            return message, (v if message is None else None)
        message = self.judge_form(e, v)
        if message:
            return message, None
        ind = e.ind
        unit, name = ind["unit"], ind["name_vi"]
        earlier, missing = self.earlier(e.code, e.unit)
        label = fmt.period_label(self.chosen) if self.chosen else self.shown_period
        value_column = self.heading("value")
        if missing:
            return texts.ERR_UPLOAD_CUMULATIVE_MISSING.format(
                cum=_qty(v, unit), label=label, name=name, unit=self.unit_text(e),
                months=self.months_text(missing), value_column=value_column), None
        cum = decimal.Decimal(format(v, ".15g"))
        month = cum - earlier
        month_no = int(self.chosen[5:])
        shown = {"cum": _qty(cum, unit), "earlier": _qty(earlier, unit), "month": _qty(month, unit),
                 "months": self.months_text(list(range(1, month_no))) if month_no > 1 else "—"}
        if month < 0:
            return texts.ERR_UPLOAD_CUMULATIVE_BELOW.format(name=name, unit=self.unit_text(e), **shown), None
        message = self.judge(e, float(month))
        if message:
            return texts.ERR_UPLOAD_CUMULATIVE_DERIVED.format(**shown) + message, None
        e.earlier = earlier
        return None, float(month)

    def cumulative_used(self, e: _Entry) -> str:
        unit = e.ind["unit"]
        label = fmt.period_label(self.chosen)
        month = int(self.chosen[5:])
        if month == 1:
            return texts.WARN_UPLOAD_CUMULATIVE_FIRST.format(month=_qty(e.value, unit), label=label)
        return texts.WARN_UPLOAD_CUMULATIVE_USED.format(
            cum=_qty(e.number, unit), months=self.months_text(list(range(1, month))),
            earlier=_qty(e.earlier, unit), month=_qty(e.value, unit), label=label)

    def judge_form(self, e: _Entry, v: float) -> str | None:
        """What the value's form forbids whatever its size: a wrong sign (%, ‰), not 0/1 for a
        yes/no goal, a fraction of a count, a negative amount."""
        ind = e.ind
        unit, name = ind["unit"], ind["name_vi"]
        found = _clean(e.cell.text) if e.cell.kind == "text" else _num(v)
        suffix = e.num.suffix if e.num is not None else ""
        if suffix and suffix != unit:
            return texts.ERR_UPLOAD_VALUE_SUFFIX.format(found=found, sign=suffix, name=name, unit=unit)
        if unit == fmt.BINARY_UNIT:
            return None if v in (0.0, 1.0) else texts.ERR_UPLOAD_VALUE_BINARY.format(name=name, found=found)
        low, _high = bounds(ind)
        if ind["integer"] and not math.isclose(v, round(v), rel_tol=0, abs_tol=1e-9):
            return texts.ERR_UPLOAD_VALUE_FRACTION.format(name=name, unit=unit, value=_num(v))
        if v < 0 <= low:
            return texts.ERR_UPLOAD_VALUE_NEGATIVE.format(value=_qty(v, unit), name=name, low=_qty(low, unit))
        return None

    def fraction_reading(self, e: _Entry, v: float, low: float, high: float) -> float | None:
        """The percent a value of at most 1 would be if it were a fraction (0,923 → 92,3), when
        that reading is possible: a rate whose plan figure or minimum is well above 1%, no % sign
        written, not an Excel percent cell."""
        ind = e.ind
        if ind["unit"] != "%" or not 0 < v <= 1 or e.cell.percent or (e.num is not None and e.num.suffix):
            return None
        if not (low > 1 or float(ind["target"]) >= FRACTION_TARGET_MIN):
            return None
        percent = round(v * 100, 9)
        return percent if low <= percent <= high else None

    def judge(self, e: _Entry, v: float | None = None) -> str | None:
        """Why the value cannot be stored for its indicator, or None."""
        v = e.number if v is None else v
        message = self.judge_form(e, v)
        ind = e.ind
        unit, name = ind["unit"], ind["name_vi"]
        if message or unit == fmt.BINARY_UNIT:
            return message
        found = _clean(e.cell.text) if e.cell.kind == "text" else _num(v)
        low, high = bounds(ind)
        if unit == "%" and v > 100:
            return texts.ERR_UPLOAD_VALUE_PERCENT_OVER.format(value=_qty(v, unit))
        if unit == "triệu đồng" and v >= 1_000_000:
            return texts.ERR_UPLOAD_VALUE_DONG.format(value=_num(v), hint=_qty(v / 1_000_000, unit))
        fraction = self.fraction_reading(e, v, low, high)
        if low <= v <= high:
            if fraction is None:
                return None
            return texts.ERR_UPLOAD_VALUE_PERCENT_OR_FRACTION.format(
                found=found, value=_num(v), percent=_num(fraction), name=name, low=_qty(low, unit),
                high=_qty(high, unit))
        hint = "" if fraction is None else texts.HINT_UPLOAD_VALUE_FRACTION_PERCENT.format(hint=_num(fraction), found=found)
        if math.isinf(high):
            return texts.ERR_UPLOAD_VALUE_BELOW.format(value=_qty(v, unit), name=name, low=_qty(low, unit)) + hint
        return texts.ERR_UPLOAD_VALUE_RANGE.format(
            value=_qty(v, unit), name=name, low=_qty(low, unit), high=_qty(high, unit)) + hint

    def check_partners(self, entries: list[_Entry]) -> None:
        """A year-to-date total written beside the month's amount must agree with it and the
        stored months; when those months are missing it cannot be checked (said as a warning)."""
        for e in entries:
            p = e.partner
            if p is None or e.failed or e.value is None or p.failed or p.number is None:
                continue
            message = self.judge_form(p, p.number)
            if message:
                e.failed = True
                self.err(p.row, p.column, message)
                continue
            unit = e.ind["unit"]
            earlier, missing = self.earlier(e.code, e.unit)
            if missing:
                self.warn_at(p.row, p.column, texts.WARN_UPLOAD_CUMULATIVE_UNCHECKED.format(
                    months=self.months_text(missing), cum=_qty(p.number, unit), value=_qty(e.value, unit)))
                continue
            expected = earlier + decimal.Decimal(format(e.value, ".15g"))
            cum = decimal.Decimal(format(p.number, ".15g"))
            if abs(cum - expected) > decimal.Decimal("1e-9") * max(1, abs(cum)):
                e.failed = True
                month = int(self.chosen[5:])
                self.err(p.row, p.column, texts.ERR_UPLOAD_CUMULATIVE_MISMATCH.format(
                    cum=_qty(cum, unit), value=_qty(e.value, unit), value_column=e.column,
                    months=self.months_text(list(range(1, month))) if month > 1 else "—",
                    earlier=_qty(earlier, unit), expected=_qty(expected, unit)))

    def flows_to_date(self, entries: list[_Entry]) -> None:
        """The year-to-date total of each summed figure (for the preview), and a warning on a
        month's figure that is at least the stored total of the earlier months: a running total
        typed where the month's amount belongs would be counted twice."""
        month = int(self.chosen[5:]) if self.chosen else 1
        for e in entries:
            if e.ind is None or e.failed or e.unit_error or e.value is None or e.ind["aggregation"] != "sum":
                continue
            earlier, missing = self.earlier(e.code, e.unit)
            if not missing:
                self.year_to_date[(e.code, e.unit)] = float(earlier + decimal.Decimal(format(e.value, ".15g")))
            if e.cumulative or e.partner is not None or month == 1 or earlier <= 0:
                continue
            if decimal.Decimal(format(e.value, ".15g")) >= earlier:
                present = [m for m in range(1, month) if m not in missing]
                unit = e.ind["unit"]
                self.warn_at(e.row, e.column, texts.WARN_UPLOAD_LOOKS_CUMULATIVE.format(
                    value=_qty(e.value, unit), label=fmt.period_label(self.chosen), months=self.months_text(present),
                    earlier=_qty(earlier, unit), name=e.ind["name_vi"], unit=self.unit_text(e),
                    cumulative_column=texts.TEMPLATE_HEADINGS["cumulative"]))

    def check_of_which(self, entries: list[_Entry]) -> None:
        """A part counted “of which” inside another indicator cannot exceed it (a by-unit whole:
        the sum of its groups in the file)."""
        good: dict[str, list[_Entry]] = {}
        for e in entries:
            if e.ind is not None and not e.failed and not e.unit_error and e.value is not None:
                good.setdefault(e.code, []).append(e)
        for parts in good.values():
            e, part = parts[0], sum(p.value for p in parts)
            if e.ind.get("relation") != "of_which" or not e.ind.get("parent"):
                continue
            wholes = good.get(e.ind["parent"])
            if not wholes:
                continue
            whole, total = wholes[0], sum(w.value for w in wholes)
            if part <= total + 1e-9:
                continue
            for p in parts:
                p.failed = True
            self.err(e.row, e.column, texts.ERR_UPLOAD_OF_WHICH.format(
                part_name=e.ind["name_vi"], part=_qty(part, e.ind["unit"]),
                whole_name=whole.ind["name_vi"], whole=_qty(total, whole.ind["unit"]), whole_row=whole.row))


# ------------------------------------------------------------------------------------------------
# Excel helpers
# ------------------------------------------------------------------------------------------------
MAX_XLSX_XML = 2_000_000      # the parts openpyxl parses (all but media); a month workbook has ~50 KB
_MEDIA_PREFIXES = ("xl/media/", "xl/embeddings/", "docprops/thumbnail")
_SHEET_RID = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")


def _first_sheet_part(parts: dict[str, bytes]) -> str | None:
    """The zip member of the workbook's first sheet (the one read), from xl/workbook.xml and its
    relationships; None when it cannot be told (the streaming read then applies the limits alone)."""
    found = _SHEET_RID.search(parts.get("xl/workbook.xml", b""))
    if not found:
        return None
    for rel in _RELATIONSHIP.findall(parts.get("xl/_rels/workbook.xml.rels", b"")):
        if f'Id="{found.group(1).decode("ascii", "replace")}"'.encode() in rel:
            target = re.search(rb'Target="([^"]+)"', rel)
            if not target:
                return None
            path = target.group(1).decode("utf-8", "replace")
            return path.lstrip("/") if path.startswith("/") else "xl/" + path
    return None


MAX_SHEET_CELLS = 100_000      # cells parsed (empty formatted ones too): a month sheet has a few hundred
MAX_SHEET_ROWS = 65_536        # rows, empty ones too
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
ZIP_BOMB_RATIO = 100            # uncompressed / compressed; real sheets compress 5–20×
ZIP_BOMB_MIN_SIZE = 1_000_000   # small parts may compress well without harm
_UNSAFE_XML = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_UNSAFE_XML_TEXT = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_QUOTED_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _unsafe_xml(content: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration: Excel never writes one; entity bombs need one."""
    if _UNSAFE_XML.search(content):
        return True
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(content):
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                if _UNSAFE_XML_TEXT.search(content.decode(encoding, errors="ignore")):
                    return True
            except Exception:  # noqa: BLE001
                continue
    return False


def _caused_by(exc: BaseException, kind: type) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample or _CONTROL.search(sample):
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the end of the sample
            try:
                sample.decode("cp1258")
            except UnicodeDecodeError:
                return False
    return True


def _is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in _QUOTED_FORMAT.sub("", number_format)


def _excel_cell(cv, cf, ref: str) -> _Cell:
    """One worksheet cell from the cached-values pass (cv) and the formulas pass (cf)."""
    value = getattr(cv, "value", None)
    data_type = getattr(cv, "data_type", None)
    if value is None:
        if getattr(cf, "data_type", None) == "f":
            return _Cell(kind="formula", ref=ref)
        return _Cell(kind="empty", ref=ref)
    if data_type == "e":
        return _Cell(text=str(value), kind="error", value=value, ref=ref)
    if isinstance(value, bool):
        return _Cell(text=_excel_text(value), kind="bool", value=value, ref=ref)
    if isinstance(value, (int, float)):
        return _Cell(text=_excel_text(value), kind="number", value=value, ref=ref,
                     percent=_is_percent_format(getattr(cv, "number_format", None)))
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return _Cell(text=_excel_text(value), kind="date", value=value, ref=ref)
    return _Cell(text=_nfc(str(value)), kind="text", ref=ref)
