"""What every file of the monthly report shares: the page, the report's tables and texts as
the files show them, names and colours, and measuring text in the embedded fonts.

The walk through the document model (``lib.report.model.Report``) that every format lays out the
same way: the indicator table grouped by sector and group (``indicator_rows``), the other tables a
report may carry (``extra_tables``, written with ``cell_text``; ``column_widths`` shares the room
out), the period words (``as_of``). Every text goes through ``lib.core.normalise.printable``
(NFC, no control characters). No Streamlit, no file format here: ``lib.report.word``,
``lib.report.pdf``, ``lib.report.excel`` and ``lib.report.charts`` lay the pieces out,
``lib.report.export`` is the entry the page and the CLI call.
"""
from __future__ import annotations

import datetime as dt
import functools
import math
import threading
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from lib.core import fmt, settings, texts
from lib.core.normalise import printable

if TYPE_CHECKING:  # lib.report.model imports the narrative; the exporters only read a Report's fields
    from lib.report.model import Report

# --- the page (every format) -------------------------------------------------------------------

FONT_DIR = settings.FONT_DIR
SERIF_FILES = {"": "NotoSerif-Regular.ttf", "B": "NotoSerif-Bold.ttf", "I": "NotoSerif-Italic.ttf"}
SANS_FILES = {"": "NotoSans-Regular.ttf", "B": "NotoSans-Bold.ttf"}

# Nghị định 30/2020/NĐ-CP, Phụ lục I: A4; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm.
PAGE_W_MM, PAGE_H_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_W_MM = PAGE_W_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM          # 165 mm
FIRST_LINE_INDENT_MM = 12.7
# The heading block: left column (authority, number) and right column (nation, motto, date).
# It is wider than the text, reaching 12 mm into the left margin, as official templates do, so
# that "PHƯỜNG TRƯƠNG QUANG TRỌNG" (72 mm in Times New Roman bold 12 pt) and the date line
# (94 mm in italic 13 pt) each fit on one line, even with Word's default cell margins.
HEAD_LEFT_MM, HEAD_RIGHT_MM, HEAD_OUTDENT_MM = 78, 99, 12
AUTHORITY_RULE_MM = 24          # the short rule under the ward's name (⅓ of the line)
TITLE_RULE_MM = 40              # the short rule under the report's subtitle
SUBTITLE_LINE_CHARS = 64        # a longer subtitle is set on two (or more) lines of even length
# The signature block: "Nơi nhận" on the left, the signer on the right.
SIGN_LEFT_MM, SIGN_RIGHT_MM = 80, 85
SIGNATURE_SPACE_LINES = 4       # blank lines left for the signature and the seal

# The indicator table: STT, Chỉ tiêu, ĐVT, Kế hoạch năm, Thực hiện lũy kế, % kế hoạch, Tình trạng.
TABLE_COL_MM = (11, 50, 17, 24, 19, 16, 28)
TABLE_ALIGN = ("C", "L", "C", "R", "R", "R", "L")
SECTOR_FILL = "E8E8E8"
HEADER_FILL = "D9D9D9"
TEXT_MAX_LUMINANCE = 110        # status words printed in colour are at most this light (0–255)

# Generic tables (tasks, ranking): where long texts wrap (each format adds its cells' padding).
WRAP_MM = 70
# Tables a report may carry besides the gap table: (field of Report, default title).
EXTRA_TABLES = (("tasks", texts.EXPORT_TITLE_TASKS), ("ranking", texts.EXPORT_TITLE_RANKING))

# --- shared pieces ----------------------------------------------------------------------------

def slug(text: str) -> str:
    """An ASCII file-name part: 'Văn hóa – Xã hội' → 'van-hoa-xa-hoi'."""
    plain = unicodedata.normalize("NFD", printable(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain).split()
    return "-".join(words)



def as_of(report: Report, inline: bool = False) -> str:
    """Tính đến tháng 6/2025 (``inline``: “tính đến …”, inside a sentence or a title)."""
    template = texts.EXPORT_AS_OF_INLINE if inline else texts.EXPORT_AS_OF
    return template.format(month=report.month, year=report.year)


def sectors(report: Report) -> list[str]:
    """The sectors of the gap table, in catalogue order."""
    return list(dict.fromkeys(report.gaps.sort_values("ord")["sector"]))


def is_missing(value) -> bool:
    """None, NaN or NA (a cell without a value); never raises for a value pandas cannot judge."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def target_text(row: dict) -> str:
    """The year's target as the table shows it: 1.260 · 14,5 · không quá 8,0 (ceilings) · Đạt."""
    text = fmt.of(row, row["target"], with_unit=False)
    return texts.EXPORT_CEILING.format(value=text) if row["direction"] == "at_most" else text


@dataclass(frozen=True)
class TableRow:
    """One row of the indicator table: a sector row, a group row, or an indicator's row."""

    kind: str                   # "sector" | "group" | "indicator"
    cells: tuple[str, ...]      # sector/group rows: (STT, name); indicator rows: every column
    status: str | None = None


def indicator_header() -> tuple[str, ...]:
    """The indicator table's headings: STT, Chỉ tiêu, ĐVT, Kế hoạch năm, Thực hiện lũy kế, % kế hoạch, Tình trạng."""
    return (texts.EXPORT_COL_NO, texts.COL_NAME, texts.COL_UNIT, texts.COL_TARGET,
            texts.EXPORT_COL_ACTUAL, texts.COL_ACHIEVEMENT, texts.COL_STATUS)


def indicator_rows(report: Report) -> list[TableRow]:
    """The indicator table, grouped by sector (I, II …) and group, indicators numbered 1, 2 … per
    sector; every number written the Vietnamese way."""
    rows: list[TableRow] = []
    gaps = report.gaps.sort_values("ord")
    for s_index, sector in enumerate(sectors(report)):
        rows.append(TableRow("sector", (texts.ROMAN[s_index], texts.SECTORS.get(sector, sector))))
        group = None
        for number, r in enumerate(gaps[gaps["sector"] == sector].to_dict("records"), start=1):
            if r.get("group") and r["group"] != group:
                group = r["group"]
                rows.append(TableRow("group", ("", texts.GROUPS.get(group, group))))
            rows.append(TableRow("indicator", (
                str(number), printable(r["name_vi"]), fmt.unit_label(r["unit"]), target_text(r),
                fmt.of(r, r["actual_to_date"], with_unit=False), fmt.percent(r["achievement_pct"]),
                texts.STATUS_LABELS[r["status"]]), r["status"]))
    return rows


def extra_tables(report: Report) -> list[tuple[str, pd.DataFrame]]:
    """The report's other tables (tasks, ranking) that are present, with their titles.

    A DataFrame's ``attrs["title"]`` overrides the default title."""
    found = []
    for name, title in EXTRA_TABLES:
        frame = getattr(report, name, None)
        if isinstance(frame, pd.DataFrame):
            found.append((printable(frame.attrs.get("title") or title), frame))
    return found


def cell_text(value, decimals: int | None = None) -> str:
    """A generic table's cell as text: numbers the Vietnamese way (with exactly ``decimals``
    decimals when given: a column of scores reads 85,0 beside 85,7), dates dd/mm/yyyy, missing as ''."""
    if is_missing(value):
        return ""
    if isinstance(value, bool):
        return texts.EXPORT_YES_NO[value]
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)) or pd.api.types.is_number(value):
        if decimals is not None:
            return fmt.decimal_text(float(value), "#,##0" + ("." + "0" * decimals if decimals else ""))
        return fmt.number(float(value))
    return printable(value)


def column_decimals(frame: pd.DataFrame) -> list[int | None]:
    """Per column, the fixed number of decimals a generic table asks for in
    ``frame.attrs["decimals"]`` ({column: n}), else None (as many as the value has)."""
    wanted = frame.attrs.get("decimals") or {}
    return [wanted.get(column) for column in frame.columns]


def is_number(value) -> bool:
    """A number with a value (not a bool, not NaN): right-aligned, written the Vietnamese way."""
    return (not isinstance(value, bool) and pd.api.types.is_number(value) and not is_missing(value))


def hex_rgb(color: str) -> tuple[int, int, int]:
    """``#rrggbb`` as (r, g, b), 0–255."""
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def luminance(color: str) -> float:
    """How light ``#rrggbb`` looks, 0 (black) to 255 (white)."""
    r, g, b = hex_rgb(color)
    return 0.299 * r + 0.587 * g + 0.114 * b


def status_ink(status: str) -> str:
    """A status colour dark enough for words on white paper: the light ones (the yellow of
    Chậm tiến độ, the blue of Đúng tiến độ) are darkened, the hue kept."""
    color = texts.STATUS_COLORS[status]
    if luminance(color) <= TEXT_MAX_LUMINANCE:
        return color
    factor = TEXT_MAX_LUMINANCE / luminance(color)
    return "#" + "".join(f"{int(c * factor):02x}" for c in hex_rgb(color))   # rounded down: never lighter


_METRICS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=1)
def _metrics():
    """An FPDF object used only to measure text in the embedded fonts."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    for style, name in SERIF_FILES.items():
        pdf.add_font("NotoSerif", style, str(FONT_DIR / name))
    return pdf


def text_mm(text: str, size_pt: float, style: str = "") -> float:
    """The width of ``text`` on one line, in mm, in Noto Serif (Times New Roman is a little narrower)."""
    with _METRICS_LOCK:                             # one shared measuring object; sessions run in threads
        pdf = _metrics()
        pdf.set_font("NotoSerif", style, size_pt)
        return pdf.get_string_width(pdf_text(text))


def column_widths(frame: pd.DataFrame, total: float, size_pt: float, pad_mm: float) -> list[float]:
    """Widths (mm) for a generic table: each column as wide as its text (headings bold, long
    texts wrapping at ``WRAP_MM``) if the table then fits in ``total``; otherwise each column
    keeps its longest word and the rest of the room goes to the columns with longer texts."""
    least, want = [], []
    for column, decimals in zip(frame.columns, column_decimals(frame)):
        cells = [(printable(column), "B")] + [(cell_text(v, decimals), "") for v in frame[column]]
        word = max((text_mm(w, size_pt, style) for text, style in cells for w in text.split()), default=0.0)
        full = max(text_mm(text, size_pt, style) for text, style in cells)
        least.append(word + pad_mm)
        want.append(max(min(full, WRAP_MM), word) + pad_mm)
    if sum(want) <= total:
        return want
    if sum(least) >= total:
        return [w * total / sum(least) for w in least]
    share = (total - sum(least)) / (sum(want) - sum(least))
    return [lo + (hi - lo) * share for lo, hi in zip(least, want)]

def balanced(text: str, width: int) -> str:
    """Break ``text`` into as few lines as ``width`` characters allow, of even length, so that no
    word is left alone on the last line (a subtitle, a chart label)."""
    import textwrap

    lines = max(1, math.ceil(len(text) / width))
    even = math.ceil(len(text) / lines)
    while len(textwrap.wrap(text, even)) > lines:
        even += 1
    return "\n".join(textwrap.wrap(text, even)) or text

# --- PDF (fpdf2) --------------------------------------------------------------------------------


# Characters the embedded Noto fonts do not have, written as they have them.
_PDF_REPLACE = str.maketrans({"≤": "<=", "≥": ">=", "−": "-", "✔": "x", "\u00a0": " "})


def pdf_text(text) -> str:
    """Text as the embedded Noto fonts can set it (``printable``, then the characters they lack replaced)."""
    return printable(text).translate(_PDF_REPLACE)
