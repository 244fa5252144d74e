"""The monthly report as files: Word (.docx), PDF, Excel (.xlsx) and chart images (PNG).

Layout only. Every figure comes from the ``Report`` (``lib.report.model.build_report``), every word
from ``lib.core.texts``, every number's spelling from ``lib.core.fmt``. No Streamlit here: the Báo cáo page
(``lib/ui/report.py``) and ``python -m lib.cli report`` both call these functions.

* Word follows Nghị định 30/2020/NĐ-CP for administrative documents: A4, margins 20/20/30/15 mm,
  Times New Roman 14 pt (set for the Latin, East-Asian and complex scripts, so Word never
  substitutes a font without Vietnamese glyphs), the two-column heading block with its short
  rules, justified paragraphs with a first-line indent, the "Nơi nhận" list beside the signer.
* PDF (fpdf2) has the same content in the same order, with the Noto Serif fonts of
  ``lib/report/fonts/`` embedded, so every diacritic renders on any machine; tables repeat their
  heading row on each page; the footer numbers the pages.
* Excel (openpyxl) has numbers as numbers with number formats, so a Vietnamese Excel shows
  1.260 and 14,5; every text cell goes through ``lib.views.templates.spreadsheet_safe``.
* Charts (matplotlib, Agg, no pyplot state) use the Noto Sans files of ``lib/report/fonts/`` by path,
  never a system font; 1600×900 px, for slides.

Tables that a report may carry besides the gap table (``Report.tasks``, ``Report.ranking``:
DataFrames with Vietnamese column headings) are drawn generically in every format: see
``extra_tables``. In them, numbers are written with ``fmt.number`` (1.260; 14,5); a column that
must not be written as an amount (a year, a code) should hold text.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
import threading
import unicodedata
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from lib.analytics.formulas import NO_PACE
from lib.core import fmt, settings, texts
from lib.views.slides import OCCASIONAL
from lib.views.templates import spreadsheet_safe

if TYPE_CHECKING:  # lib.report.model imports the narrative; the exporters only read a Report's fields
    from lib.report.model import Report

# --- layout constants -------------------------------------------------------------------------

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

# Word (points)
DOCX_FONT = "Times New Roman"
DOCX_LANG = "vi-VN"
DOCX_BODY_PT = 14
DOCX_HEAD_PT = {"authority": 12, "number": 13, "nation": 12.5, "motto": 13, "date": 13}
DOCX_TABLE_PT = 11
DOCX_TABLE_CELL_MARGIN_MM = 1.0
DOCX_RECIPIENTS_TITLE_PT, DOCX_RECIPIENTS_PT = 12, 11
DOCX_LINE_SPACING = 1.15
DOCX_PARAGRAPH_AFTER_PT = 6

# PDF (points; Noto Serif is wider than Times New Roman, so a little smaller)
PDF_BODY_PT = 12.5
PDF_HEAD_PT = {"authority": 12, "number": 12.5, "nation": 11.5, "motto": 12.5, "date": 12.5}
PDF_TABLE_PT = 9.5
PDF_LINE_HEIGHT = 1.35          # × font size
PDF_FOOTER_PT = 9

# The indicator table: STT, Chỉ tiêu, ĐVT, Kế hoạch năm, Thực hiện lũy kế, % kế hoạch, Tình trạng.
TABLE_COL_MM = (11, 50, 17, 24, 19, 16, 28)
TABLE_ALIGN = ("C", "L", "C", "R", "R", "R", "L")
SECTOR_FILL = "E8E8E8"
HEADER_FILL = "D9D9D9"
TEXT_MAX_LUMINANCE = 110        # status words printed in colour are at most this light (0–255)

# Generic tables (tasks, ranking): where long texts wrap; the cells' padding left and right.
WRAP_MM = 70
DOCX_PAD_MM, PDF_PAD_MM = 2 * DOCX_TABLE_CELL_MARGIN_MM + 1.5, 2 * 1.2 + 1.5

# Charts: 16:9, 1600×900 px.
CHART_W_IN, CHART_H_IN, CHART_DPI = 13 + 1 / 3, 7.5, 120
CHART_PCT_MAX = 150             # bars stop at 150% of plan; the label still gives the true value
CHART_INK, CHART_MUTED, CHART_GRID = "#1f2933", "#6b7280", "#e5e7eb"
CHART_MIN_BAR = 0.8             # a bar at 0% is still drawn, thin, so its status colour shows
CHART_PLAN_DASH = (0, (5, 3))
CHART_MIN_ROWS = 6              # a sector with fewer indicators keeps the bar thickness of six
OVERVIEW_KEY = "tong-quan"
CHART_CACHE_SIZE = 8            # sets of charts kept (about 0,5 MB each)

# Excel
XLSX_HEADER_FILL = "D9E2F3"
XLSX_MAX_WIDTH = 60
PCT_FORMAT = '0.0"%"'           # % of plan: already in percent points (92,3 → 92,3%)

# Tables a report may carry besides the gap table: (field of Report, default title).
EXTRA_TABLES = (("tasks", texts.EXPORT_TITLE_TASKS), ("ranking", texts.EXPORT_TITLE_RANKING))


# --- shared pieces ----------------------------------------------------------------------------

_CONTROL = {c: None for c in range(32) if chr(c) not in "\n\t"} | {0x7F: None, 0x0B: "\n", 0x0C: "\n", 0x0D: "\n"}


def nfc(text) -> str:
    """Text as Unicode NFC (precomposed letters), the form every font and reader handles, without
    control characters (pasted text may carry them; Word and Excel files cannot hold them)."""
    text = "" if text is None else str(text).replace("\r\n", "\n")
    return unicodedata.normalize("NFC", text).translate(_CONTROL)


def slug(text: str) -> str:
    """An ASCII file-name part: 'Văn hóa – Xã hội' → 'van-hoa-xa-hoi'."""
    plain = unicodedata.normalize("NFD", nfc(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = "".join(c if c.isascii() and c.isalnum() else " " for c in plain).split()
    return "-".join(words)


def filename(report: Report, ext: str) -> str:
    """The download's file name: bao-cao-2025-06.docx; the chart archive is bieu-do-2025-06.zip."""
    stem = "bieu-do" if ext == "zip" else "bao-cao"
    return f"{stem}-{report.year:04d}-{report.month:02d}.{ext}"


def as_of(report: Report, inline: bool = False) -> str:
    """Tính đến tháng 6/2025 (``inline``: “tính đến …”, inside a sentence or a title)."""
    template = texts.EXPORT_AS_OF_INLINE if inline else texts.EXPORT_AS_OF
    return template.format(month=report.month, year=report.year)


def sectors(report: Report) -> list[str]:
    """The sectors of the gap table, in catalogue order."""
    return list(dict.fromkeys(report.gaps.sort_values("ord")["sector"]))


def _missing(value) -> bool:
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
                str(number), nfc(r["name_vi"]), fmt.unit_label(r["unit"]), target_text(r),
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
            found.append((nfc(frame.attrs.get("title") or title), frame))
    return found


def cell_text(value, decimals: int | None = None) -> str:
    """A generic table's cell as text: numbers the Vietnamese way (with exactly ``decimals``
    decimals when given: a column of scores reads 85,0 beside 85,7), dates dd/mm/yyyy, missing as ''."""
    if _missing(value):
        return ""
    if isinstance(value, bool):
        return texts.EXPORT_YES_NO[value]
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)) or pd.api.types.is_number(value):
        if decimals is not None:
            return fmt.decimal_text(float(value), "#,##0" + ("." + "0" * decimals if decimals else ""))
        return fmt.number(float(value))
    return nfc(value)


def column_decimals(frame: pd.DataFrame) -> list[int | None]:
    """Per column, the fixed number of decimals a generic table asks for in
    ``frame.attrs["decimals"]`` ({column: n}), else None (as many as the value has)."""
    wanted = frame.attrs.get("decimals") or {}
    return [wanted.get(column) for column in frame.columns]


def _is_number(value) -> bool:
    return (not isinstance(value, bool) and pd.api.types.is_number(value) and not _missing(value))


def _hex_rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _luminance(color: str) -> float:
    r, g, b = _hex_rgb(color)
    return 0.299 * r + 0.587 * g + 0.114 * b


def status_ink(status: str) -> str:
    """A status colour dark enough for words on white paper: the light ones (the yellow of
    Chậm tiến độ, the blue of Đúng tiến độ) are darkened, the hue kept."""
    color = texts.STATUS_COLORS[status]
    if _luminance(color) <= TEXT_MAX_LUMINANCE:
        return color
    factor = TEXT_MAX_LUMINANCE / _luminance(color)
    return "#" + "".join(f"{int(c * factor):02x}" for c in _hex_rgb(color))   # rounded down: never lighter


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
        return pdf.get_string_width(_pdf_text(text))


def column_widths(frame: pd.DataFrame, total: float, size_pt: float, pad_mm: float) -> list[float]:
    """Widths (mm) for a generic table: each column as wide as its text (headings bold, long
    texts wrapping at ``WRAP_MM``) if the table then fits in ``total``; otherwise each column
    keeps its longest word and the rest of the room goes to the columns with longer texts."""
    least, want = [], []
    for column, decimals in zip(frame.columns, column_decimals(frame)):
        cells = [(nfc(column), "B")] + [(cell_text(v, decimals), "") for v in frame[column]]
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


# --- charts (matplotlib) ------------------------------------------------------------------------

def _font(style: str = "", size: float = 12):
    from matplotlib.font_manager import FontProperties

    return FontProperties(fname=str(FONT_DIR / SANS_FILES[style]), size=size)


def _new_figure():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(CHART_W_IN, CHART_H_IN), dpi=CHART_DPI, layout="constrained", facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _titles(fig, ax, title: str, report: Report) -> None:
    fig.suptitle(title, fontproperties=_font("B", 19), color=CHART_INK)
    subtitle = f"{texts.WARD[0].upper()}{texts.WARD[1:]}"
    if report.is_demo:
        ax.set_title(texts.REPORT_DEMO_NOTE, fontproperties=_font("B", 12), color=texts.STATUS_COLORS["at_risk"],
                     loc="left")
    else:
        ax.set_title(subtitle, fontproperties=_font("", 12), color=CHART_MUTED, loc="left")


def balanced(text: str, width: int) -> str:
    """Break ``text`` into as few lines as ``width`` characters allow, of even length, so that no
    word is left alone on the last line (a subtitle, a chart label)."""
    import textwrap

    lines = max(1, math.ceil(len(text) / width))
    even = math.ceil(len(text) / lines)
    while len(textwrap.wrap(text, even)) > lines:
        even += 1
    return "\n".join(textwrap.wrap(text, even)) or text


def _legend(fig, statuses: list[str], size: float, plan_line: bool = False, pace: bool = False) -> None:
    """The status colours with their words (and the 100% line, the pace mark) in one row under the chart."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=texts.STATUS_COLORS[s], label=texts.STATUS_LABELS[s]) for s in statuses]
    if plan_line:
        handles.append(Line2D([], [], color=CHART_INK, linewidth=1.6, linestyle=CHART_PLAN_DASH,
                              label=texts.EXPORT_CHART_PLAN_LINE))
    if pace:
        handles.append(Line2D([], [], color=CHART_INK, linewidth=0, marker="|", markersize=16,
                              markeredgewidth=3, label=texts.EXPORT_CHART_EXPECTED))
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False,
               prop=_font("", size))


def _ink_on(color: str) -> str:
    """White on dark colours, dark ink on light ones (the yellow and grey of the statuses)."""
    return "white" if _luminance(color) < 150 else CHART_INK


def _expected_pct(row: dict) -> float | None:
    """Where a summed indicator should stand by now, in % of the year's plan (None for levels,
    ceilings and indicators without data): the mark that tells 46% in June is on pace."""
    expected, target = row.get("expected_to_date"), row.get("target")
    if (row["direction"] != "at_least" or _missing(expected) or not target
            or row["status"] == "no_data" or row["status"] in NO_PACE):  # not due, or a result
        return None
    return min(float(expected) / float(target) * 100, CHART_PCT_MAX)


def sector_figure(report: Report, sector: str):
    """Horizontal bars of % of plan per indicator of ``sector``, coloured by status, a 100% line,
    each bar labelled (95,0%; Đạt / Chưa đạt for the yes/no goals)."""
    from lib.analytics.formulas import STATUSES

    rows = report.gaps[report.gaps["sector"] == sector].sort_values("ord").to_dict("records")
    n = len(rows)
    label_pt = 15 if n <= 6 else 13 if n <= 10 else 11
    wrap = 40 if n <= 10 else 70
    fig = _new_figure()
    ax = fig.add_subplot()
    names, ceilings, pace = [], False, False
    for y, r in enumerate(rows):
        name = nfc(r["name_vi"])
        if r["direction"] == "at_most":
            name += " *"
            ceilings = True
        names.append(balanced(name, wrap))
        status = r["status"]
        color = texts.STATUS_COLORS[status]
        if status == "no_data" or _missing(r["achievement_pct"]):  # nothing to draw: say why
            length, label = 0.0, texts.STATUS_LABELS[status]
        elif r["unit"] == fmt.BINARY_UNIT:
            met = r["actual_to_date"] >= 1
            length, label = (100.0 if met else 0.0), (texts.YES if met else texts.NO)
        else:
            pct = float(r["achievement_pct"])
            length, label = max(0.0, min(pct, CHART_PCT_MAX)), fmt.percent(pct)
        ax.barh(y, max(length, CHART_MIN_BAR), height=0.62, color=color, zorder=2)
        expected = _expected_pct(r)
        if expected is not None:
            ax.plot([expected, expected], [y - 0.42, y + 0.42], color=CHART_INK, linewidth=3, zorder=4.5,
                    solid_capstyle="butt")
            pace = True
        inside = length > CHART_PCT_MAX - 14
        after = max(length, CHART_MIN_BAR, expected if expected is not None and expected < length + 12 else 0)
        ax.text(length - 1.5 if inside else after + 1.2, y, label, va="center",   # clear of the pace mark
                ha="right" if inside else "left", color=_ink_on(color) if inside else CHART_INK,
                fontproperties=_font("B", label_pt), zorder=5,
                bbox=None if inside else {"facecolor": "white", "edgecolor": "none", "pad": 1.0})
    ax.axvline(100, color=CHART_INK, linewidth=1.6, linestyle=CHART_PLAN_DASH, zorder=4)
    pad = 0.55 + max(0, CHART_MIN_ROWS - n) / 2     # few bars stay bar-shaped, centred
    ax.set_ylim(n - 1 + pad, -pad)
    ax.set_xlim(0, CHART_PCT_MAX)
    ticks = list(range(0, CHART_PCT_MAX + 1, 25))
    ax.set_xticks(ticks, [fmt.percent(t, 0) for t in ticks], fontproperties=_font("", 12), color=CHART_MUTED)
    ax.set_yticks(range(n), names, fontproperties=_font("", label_pt), color=CHART_INK)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=CHART_GRID, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    xlabel = texts.EXPORT_CHART_AXIS_PCT + (f"   ({texts.EXPORT_CHART_CEILING_NOTE})" if ceilings else "")
    ax.set_xlabel(xlabel, fontproperties=_font("", 12), color=CHART_MUTED)
    _titles(fig, ax, texts.EXPORT_CHART_SECTOR.format(sector=texts.SECTORS.get(sector, sector),
                                                      as_of=as_of(report, inline=True)), report)
    present = [s for s in STATUSES if any(r["status"] == s for r in rows)]
    _legend(fig, present, 13, plan_line=True, pace=pace)
    return fig


def overview_figure(report: Report):
    """Per sector, its indicators stacked by status (Đạt, Đúng tiến độ … Chưa có số liệu)."""
    from lib.analytics.formulas import STATUSES

    gaps = report.gaps
    order = sectors(report)
    fig = _new_figure()
    ax = fig.add_subplot()
    counts = {s: [int(((gaps["sector"] == sector) & (gaps["status"] == s)).sum()) for sector in order]
              for s in STATUSES}
    left = [0] * len(order)
    for status in STATUSES:
        values = counts[status]
        color = texts.STATUS_COLORS[status]
        ax.barh(range(len(order)), values, left=left, height=0.6, color=color, zorder=2,
                edgecolor="white", linewidth=1.5)
        for y, (start, value) in enumerate(zip(left, values)):
            if value:
                ax.text(start + value / 2, y, fmt.number(value), ha="center", va="center",
                        color=_ink_on(color), fontproperties=_font("B", 16), zorder=3)
        left = [a + b for a, b in zip(left, values)]
    for y, total in enumerate(left):
        ax.text(total + 0.2, y, texts.EXPORT_CHART_TOTAL.format(n=fmt.number(total)), va="center",
                ha="left", color=CHART_MUTED, fontproperties=_font("", 13))
    ax.set_ylim(len(order) - 0.5, -0.6)
    ax.set_xlim(0, max(left + [1]) * 1.12)
    ax.set_yticks(range(len(order)), [texts.SECTORS.get(s, s) for s in order],
                  fontproperties=_font("B", 16), color=CHART_INK)
    step = 2 if max(left + [1]) <= 20 else 5
    ticks = list(range(0, int(max(left + [1])) + 1, step))
    ax.set_xticks(ticks, [fmt.number(t) for t in ticks], fontproperties=_font("", 12), color=CHART_MUTED)
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color=CHART_GRID, zorder=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel(texts.EXPORT_CHART_AXIS_COUNT, fontproperties=_font("", 12), color=CHART_MUTED)
    _titles(fig, ax, texts.EXPORT_CHART_OVERVIEW.format(as_of=as_of(report, inline=True)), report)
    # every usual status; not due and not achieved only when some indicator has them
    _legend(fig, [s for s in STATUSES if s not in OCCASIONAL or any(counts[s])], 14)
    return fig


def _png(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return out.getvalue()


def chart_keys(report: Report) -> list[str]:
    """The charts' keys, in the order a slide deck shows them: the overview, then each sector."""
    return [OVERVIEW_KEY] + [slug(texts.SECTORS.get(s, s)) for s in sectors(report)]


_CHARTS: OrderedDict[str, dict[str, bytes]] = OrderedDict()
_CHARTS_LOCK = threading.Lock()


def _charts_key(report: Report) -> str:
    """What the charts depend on: the period, the demo flag and the gap table (not the narrative,
    which a leader may edit), so the Word, PDF and image downloads of one month draw them once."""
    content = f"{report.year}-{report.month}-{report.is_demo}\n{report.gaps.to_csv(index=False)}"
    return hashlib.sha256(content.encode()).hexdigest()


def chart_pngs(report: Report) -> dict[str, bytes]:
    """The overview chart and one chart per sector, as PNG (1600×900), keyed tong-quan, nong-nghiep …

    Drawing them takes a few seconds; the last ``CHART_CACHE_SIZE`` sets are kept (by content)."""
    key = _charts_key(report)
    with _CHARTS_LOCK:
        if key in _CHARTS:
            _CHARTS.move_to_end(key)
            return dict(_CHARTS[key])
    charts = {OVERVIEW_KEY: _png(overview_figure(report))}
    for sector in sectors(report):
        charts[slug(texts.SECTORS.get(sector, sector))] = _png(sector_figure(report, sector))
    with _CHARTS_LOCK:
        _CHARTS[key] = charts
        while len(_CHARTS) > CHART_CACHE_SIZE:
            _CHARTS.popitem(last=False)
    return dict(charts)


def png_names(charts: dict[str, bytes]) -> dict[str, str]:
    """File names of the charts, numbered in slide order: 01-tong-quan.png, 02-nong-nghiep.png …"""
    return {key: f"{i:02d}-{key}.png" for i, key in enumerate(charts, start=1)}


def zip_of_pngs(report: Report, charts: dict[str, bytes] | None = None) -> bytes:
    """Every chart in one .zip (ASCII names, fixed timestamps so the same report gives the same bytes)."""
    charts = charts or chart_pngs(report)
    out = io.BytesIO()
    stamp = (report.issued.year, report.issued.month, report.issued.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, name in png_names(charts).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, charts[key])
    return out.getvalue()


# --- Word (python-docx) -------------------------------------------------------------------------

def _docx_fonts(rpr, name: str = DOCX_FONT) -> None:
    """Set one font for every script of a run-properties element (w:rFonts), dropping theme fonts
    that would otherwise win over it."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)


def _docx_defaults(doc) -> None:
    """Document-wide: Times New Roman everywhere (defaults and styles), Vietnamese language, 14 pt."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _docx_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attr}"), DOCX_LANG)
    for style in doc.styles:
        if style.type == 1 or style.type == 3:      # paragraph and table styles
            _docx_fonts(style.element.get_or_add_rPr())
    normal = doc.styles["Normal"]
    normal.font.size = Pt(DOCX_BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    heading = doc.styles["Heading 1"]
    heading.font.size = Pt(DOCX_BODY_PT)
    heading.font.bold = True
    heading.font.italic = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(DOCX_PARAGRAPH_AFTER_PT)
    heading.paragraph_format.keep_with_next = True


def _docx_page(doc) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(10)


def _docx_page_numbers(doc) -> None:
    """Page numbers at the top centre from page 2 (Nghị định 30: the first page has none)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.style.font.size = Pt(DOCX_BODY_PT)


def _docx_paragraph(container, text: str = "", *, size: float | None = None, bold: bool = False,
                    italic: bool = False, align=None, color: str | None = None, exact_pt: float | None = None,
                    before: float = 0, after: float = 0):
    """A paragraph with one run of ``text`` formatted as given (line height exactly ``exact_pt``
    when given, so that the heading block's two columns line up)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    paragraph = container.add_paragraph()
    fmt_ = paragraph.paragraph_format
    fmt_.space_before, fmt_.space_after = Pt(before), Pt(after)
    if exact_pt:
        fmt_.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt_.line_spacing = Pt(exact_pt)
    if align is not None:
        paragraph.alignment = align
    lines = nfc(text).split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor(*_hex_rgb(color))
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _docx_rule(container, rule_mm: float, width_mm: float, before: float = 0):
    """A short horizontal rule, centred in ``width_mm``: an empty paragraph with a bottom border,
    indented so the border is ``rule_mm`` long."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    pf = paragraph.paragraph_format
    side = max(0.0, (width_mm - rule_mm) / 2)
    pf.left_indent, pf.right_indent = Mm(side), Mm(side)
    pf.space_before, pf.space_after = Pt(before), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(3)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{attr}"), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                              "w:rPr", "w:sectPr", "w:pPrChange")
    return paragraph


_TBL_PR_AFTER = {   # the elements that must follow each child of w:tblPr (ECMA-376 order)
    "w:tblInd": ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                 "w:tblDescription", "w:tblPrChange"),
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                     "w:tblPrChange"),
    "w:tblCellMar": ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
}
_TC_PR_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
                    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def _twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def _docx_table_props(table, widths_mm, *, borders: bool, indent_mm: float = 0, cell_margin_mm=None) -> None:
    """Fixed column widths (grid and cells), a table indent, borders on or off, cell margins;
    each property element put where the schema wants it, so Word opens the file without repair."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False                           # w:tblLayout type="fixed"
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))               # the whole width, or LibreOffice fits it to the text
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), _twips(sum(widths_mm)))
    if indent_mm:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), _twips(indent_mm))
        ind.set(qn("w:type"), "dxa")
        tbl_pr.insert_element_before(ind, *_TBL_PR_AFTER["w:tblInd"])
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        edges.append(element)
    tbl_pr.insert_element_before(edges, *_TBL_PR_AFTER["w:tblBorders"])
    if cell_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for edge in ("left", "right"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:w"), _twips(cell_margin_mm))
            element.set(qn("w:type"), "dxa")
            margins.append(element)
        tbl_pr.insert_element_before(margins, *_TBL_PR_AFTER["w:tblCellMar"])
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _docx_row_flags(row, *, header: bool = False) -> None:
    """A row never split across pages; a header row repeated on each page."""
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _docx_shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_TC_PR_AFTER_SHD)


def _docx_cell(cell, text: str, *, align: str = "L", size: float = DOCX_TABLE_PT, bold: bool = False,
               italic: bool = False, color: str | None = None) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    alignment = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT}
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = alignment[align]
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
    run = paragraph.add_run(nfc(text))
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    if color:
        run.font.color.rgb = RGBColor(*_hex_rgb(color))


def _docx_heading_block(doc, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    h = report.heading
    table = doc.add_table(rows=1, cols=2)
    _docx_table_props(table, (HEAD_LEFT_MM, HEAD_RIGHT_MM), borders=False, indent_mm=-HEAD_OUTDENT_MM,
                      cell_margin_mm=0)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    pt = DOCX_HEAD_PT
    for cell, lines, width in (
        (left, [(h.authority, pt["authority"], True, False), (h.ward, pt["authority"], True, False),
                "rule-short", (h.number, pt["number"], False, False)], HEAD_LEFT_MM),
        (right, [(h.nation, pt["nation"], True, False), (h.motto, pt["motto"], True, False),
                 "rule-motto", (h.place_date, pt["date"], False, True)], HEAD_RIGHT_MM),
    ):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        for i, line in enumerate(lines):
            if line == "rule-short":
                _docx_rule(cell, AUTHORITY_RULE_MM, width, before=2)
            elif line == "rule-motto":
                _docx_rule(cell, _motto_rule_mm(h.motto), width, before=2)
            else:
                text, size, bold, italic = line
                _docx_paragraph(cell, text, size=size, bold=bold, italic=italic, align=center,
                                exact_pt=17, before=8 if i == 3 else 0)


def _motto_rule_mm(motto: str) -> float:
    """The rule under the motto is as long as the motto (Nghị định 30), measured in the PDF font."""
    return min(HEAD_RIGHT_MM - 10, text_mm(motto, DOCX_HEAD_PT["motto"], "B") * 0.92)


def _docx_title(doc, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    center = WD_ALIGN_PARAGRAPH.CENTER
    _docx_paragraph(doc, report.title, size=DOCX_BODY_PT, bold=True, align=center, before=18)
    _docx_paragraph(doc, balanced(report.subtitle, SUBTITLE_LINE_CHARS), size=DOCX_BODY_PT, bold=True, align=center)
    _docx_rule(doc, TITLE_RULE_MM, TEXT_W_MM, before=3)
    if report.is_demo:
        _docx_paragraph(doc, texts.REPORT_DEMO_NOTE, size=DOCX_BODY_PT - 1, bold=True, italic=True,
                        align=center, color=texts.STATUS_COLORS["at_risk"], before=6)
    _docx_paragraph(doc, "", after=6)


def _docx_sections(doc, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    for section in report.sections:
        if section.title:
            doc.add_paragraph(nfc(section.title), style="Heading 1")
        for text in section.paragraphs:
            paragraph = _docx_paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=DOCX_PARAGRAPH_AFTER_PT)
            paragraph.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
            paragraph.paragraph_format.line_spacing = DOCX_LINE_SPACING
            paragraph.paragraph_format.widow_control = True
        if not section.paragraphs:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(DOCX_PARAGRAPH_AFTER_PT)


def _docx_table_title(doc, title: str, subtitle: str | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = _docx_paragraph(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
    paragraph.paragraph_format.keep_with_next = True
    if subtitle:
        paragraph = _docx_paragraph(doc, subtitle, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
        paragraph.paragraph_format.keep_with_next = True


def _docx_indicator_table(doc, report: Report) -> None:
    _docx_table_title(doc, texts.EXPORT_TABLE_TITLE.format(year=report.year), f"({as_of(report)})")
    rows = indicator_rows(report)
    table = doc.add_table(rows=1 + len(rows), cols=len(TABLE_COL_MM))
    _docx_table_props(table, TABLE_COL_MM, borders=True, cell_margin_mm=DOCX_TABLE_CELL_MARGIN_MM)
    header = table.rows[0]
    _docx_row_flags(header, header=True)
    for cell, text in zip(header.cells, indicator_header()):
        _docx_cell(cell, text, align="C", bold=True)
        _docx_shade(cell, HEADER_FILL)
    for row, item in zip(table.rows[1:], rows):
        _docx_row_flags(row)
        cells = row.cells
        if item.kind == "indicator":
            for cell, text, align in zip(cells, item.cells, TABLE_ALIGN):
                _docx_cell(cell, text, align=align)
            status_cell = cells[-1]
            status_cell.paragraphs[0].runs[0].font.color.rgb = None
            _recolour(status_cell, status_ink(item.status))
            continue
        number, name = item.cells
        merged = cells[1].merge(cells[-1])
        bold = item.kind == "sector"
        _docx_cell(cells[0], number, align="C", bold=bold)
        _docx_cell(merged, name, bold=bold, italic=not bold)
        if bold:
            _docx_shade(cells[0], SECTOR_FILL)
            _docx_shade(merged, SECTOR_FILL)


def _recolour(cell, color: str) -> None:
    from docx.shared import RGBColor

    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(*_hex_rgb(color))
        run.bold = True


def _docx_frame(doc, title: str, frame: pd.DataFrame) -> None:
    """A titled DataFrame as a Word table: heading row repeated, numbers right-aligned."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    _docx_table_title(doc, title)
    columns = list(frame.columns)
    if not columns:
        return
    widths = column_widths(frame, TEXT_W_MM, DOCX_TABLE_PT, DOCX_PAD_MM)   # measured in Noto: a little wide
    table = doc.add_table(rows=1 + len(frame), cols=len(columns))
    _docx_table_props(table, widths, borders=True, cell_margin_mm=DOCX_TABLE_CELL_MARGIN_MM)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _docx_row_flags(table.rows[0], header=True)
    for cell, column in zip(table.rows[0].cells, columns):
        _docx_cell(cell, str(column), align="C", bold=True)
        _docx_shade(cell, HEADER_FILL)
    decimals = column_decimals(frame)
    for row, values in zip(table.rows[1:], frame.itertuples(index=False)):
        _docx_row_flags(row)
        for cell, value, places in zip(row.cells, values, decimals):
            _docx_cell(cell, cell_text(value, places), align="R" if _is_number(value) else "L")


def _docx_charts(doc, charts: dict[str, bytes]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    if not charts:
        return
    _docx_table_title(doc, texts.EXPORT_CHARTS_TITLE)
    for png in charts.values():
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(TEXT_W_MM))


def _docx_signature(doc, report: Report) -> None:
    """"Nơi nhận" on the left (bold italic title, small list), the signer on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _docx_paragraph(doc, "", after=6)
    table = doc.add_table(rows=1, cols=2)
    _docx_table_props(table, (SIGN_LEFT_MM, SIGN_RIGHT_MM), borders=False, cell_margin_mm=0)
    _docx_row_flags(table.rows[0])
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    _docx_paragraph(left, texts.REPORT_RECIPIENTS_TITLE, size=DOCX_RECIPIENTS_TITLE_PT, bold=True, italic=True)
    for item in report.recipients:
        _docx_paragraph(left, f"- {item}", size=DOCX_RECIPIENTS_PT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in nfc(report.signer_title).split("\n"):
        _docx_paragraph(right, line, size=DOCX_BODY_PT, bold=True, align=center)
    for _ in range(SIGNATURE_SPACE_LINES):
        _docx_paragraph(right, "", size=DOCX_BODY_PT)


def _docx_properties(doc, report: Report) -> None:
    properties = doc.core_properties
    stamp = dt.datetime(report.issued.year, report.issued.month, report.issued.day)
    properties.author = properties.last_modified_by = texts.EXPORT_AUTHOR
    properties.title = nfc(report.subtitle)
    properties.subject = nfc(report.title)
    properties.language = DOCX_LANG
    properties.created = properties.modified = stamp
    properties.revision = 1
    properties.comments = texts.REPORT_DEMO_NOTE if report.is_demo else ""


def docx_bytes(report: Report, charts: dict[str, bytes] | None = None) -> bytes:
    """The report as a Word document (.docx) laid out as Nghị định 30/2020/NĐ-CP asks.

    ``charts`` (from ``chart_pngs``) may be passed to reuse images already drawn."""
    from docx import Document

    charts = charts if charts is not None else chart_pngs(report)
    doc = Document()
    _docx_defaults(doc)
    _docx_page(doc)
    _docx_page_numbers(doc)
    _docx_properties(doc, report)
    _docx_heading_block(doc, report)
    _docx_title(doc, report)
    _docx_sections(doc, report)
    _docx_indicator_table(doc, report)
    for title, frame in extra_tables(report):
        _docx_frame(doc, title, frame)
    _docx_charts(doc, charts)
    _docx_signature(doc, report)
    body = doc.element.body
    first = body[0]
    if first.tag.endswith("}p") and not first.xpath(".//w:t"):
        body.remove(first)                          # the template's empty first paragraph
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- PDF (fpdf2) --------------------------------------------------------------------------------

# Characters the embedded Noto fonts do not have, written as they have them.
_PDF_REPLACE = str.maketrans({"≤": "<=", "≥": ">=", "−": "-", "✔": "x", "\u00a0": " "})


def _pdf_text(text) -> str:
    return nfc(text).translate(_PDF_REPLACE)


def _pdf_class():
    from fpdf import FPDF

    class ReportPDF(FPDF):
        """A4 with the report's margins, the Noto fonts, and "Trang n/N" in the footer."""

        def footer(self) -> None:
            self.set_y(-(MARGIN_BOTTOM_MM - 6))
            self.set_font("NotoSerif", "", PDF_FOOTER_PT)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, texts.EXPORT_PAGE.format(page=self.page_no(), pages="{nb}"), align="C")
            self.set_text_color(0, 0, 0)

    return ReportPDF


def _pdf_new(report: Report):
    pdf = _pdf_class()(orientation="P", unit="mm", format="A4")
    for style, name in SERIF_FILES.items():
        pdf.add_font("NotoSerif", style, str(FONT_DIR / name))
    pdf.set_margins(MARGIN_LEFT_MM, MARGIN_TOP_MM, MARGIN_RIGHT_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM_MM)
    pdf.set_lang("vi")
    pdf.set_title(_pdf_text(f"{report.title} {report.subtitle}"))
    pdf.set_author(_pdf_text(texts.EXPORT_AUTHOR))
    pdf.set_subject(_pdf_text(report.subtitle))
    pdf.set_creator(_pdf_text(texts.APP_TITLE))
    pdf.set_creation_date(dt.datetime(report.issued.year, report.issued.month, report.issued.day,
                                      tzinfo=dt.timezone.utc))
    pdf.add_page()
    return pdf


def _pt_mm(points: float) -> float:
    return points * 25.4 / 72


def _pdf_fit(pdf, text: str, style: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width`` mm on one line."""
    while size > 6:
        pdf.set_font("NotoSerif", style, size)
        if pdf.get_string_width(text) <= width:
            break
        size -= 0.5
    return size


def _pdf_heading_block(pdf, report: Report) -> None:
    """The two columns of the heading block, line by line, so the "Số" line and the date line
    sit on the same baseline; the rules are drawn, measured from the text above them."""
    h = report.heading
    pt = PDF_HEAD_PT
    x_left = MARGIN_LEFT_MM - HEAD_OUTDENT_MM
    x_right = x_left + HEAD_LEFT_MM
    columns = (
        (x_left, HEAD_LEFT_MM, [(h.authority, "B", pt["authority"]), (h.ward, "B", pt["authority"]),
                                None, (h.number, "", pt["number"])]),
        (x_right, HEAD_RIGHT_MM, [(h.nation, "B", pt["nation"]), (h.motto, "B", pt["motto"]),
                                  None, (h.place_date, "I", pt["date"])]),
    )
    top = pdf.get_y()
    line_h = 6.2
    for x, width, lines in columns:
        y = top
        above_width = 0.0
        for line in lines:
            if line is None:                    # the rule under the line above
                rule = AUTHORITY_RULE_MM if x == x_left else above_width
                pdf.set_line_width(0.3)
                pdf.line(x + (width - rule) / 2, y + 1.6, x + (width + rule) / 2, y + 1.6)
                y += 3.5
                continue
            text, style, size = line
            text = _pdf_text(text)
            size = _pdf_fit(pdf, text, style, size, width - 2)
            above_width = pdf.get_string_width(text)
            pdf.set_xy(x, y)
            pdf.cell(width, line_h, text, align="C")
            y += line_h
    pdf.set_xy(MARGIN_LEFT_MM, top + 4 * line_h + 3.5)


def _pdf_title(pdf, report: Report) -> None:
    pdf.ln(9)
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT + 1)
    pdf.multi_cell(0, 7, _pdf_text(report.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
    pdf.multi_cell(0, 6.4, _pdf_text(balanced(report.subtitle, SUBTITLE_LINE_CHARS)), align="C", new_x="LMARGIN",
                   new_y="NEXT")
    y = pdf.get_y() + 2.0
    center = MARGIN_LEFT_MM + TEXT_W_MM / 2
    pdf.set_line_width(0.3)
    pdf.line(center - TITLE_RULE_MM / 2, y, center + TITLE_RULE_MM / 2, y)
    pdf.ln(3)
    if report.is_demo:
        pdf.ln(1)
        pdf.set_font("NotoSerif", "B", PDF_BODY_PT - 1.5)
        pdf.set_text_color(*_hex_rgb(texts.STATUS_COLORS["at_risk"]))
        pdf.multi_cell(0, 6, _pdf_text(texts.REPORT_DEMO_NOTE), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)


def _pdf_sections(pdf, report: Report) -> None:
    with pdf.text_columns(text_align="J", line_height=PDF_LINE_HEIGHT) as columns:
        for section in report.sections:
            if section.title:
                pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
                with columns.paragraph(text_align="L", top_margin=2, bottom_margin=1.5) as paragraph:
                    paragraph.write(_pdf_text(section.title))
            pdf.set_font("NotoSerif", "", PDF_BODY_PT)
            for text in section.paragraphs:
                with columns.paragraph(first_line_indent=FIRST_LINE_INDENT_MM, bottom_margin=2) as paragraph:
                    paragraph.write(_pdf_text(text))


def _pdf_table_title(pdf, title: str, subtitle: str | None = None, need_mm: float = 40) -> None:
    if pdf.will_page_break(need_mm):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
    pdf.multi_cell(0, 6.4, _pdf_text(title), align="C", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font("NotoSerif", "I", PDF_BODY_PT - 1)
        pdf.multi_cell(0, 6, _pdf_text(subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _pdf_table(pdf, widths, align):
    from fpdf.fonts import FontFace

    pdf.set_font("NotoSerif", "", PDF_TABLE_PT)
    return pdf.table(
        col_widths=tuple(widths), width=sum(widths), align="C", text_align=tuple(align),
        line_height=_pt_mm(PDF_TABLE_PT) * 1.3, padding=(0.9, 1.2, 0.9, 1.2), repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=_hex_rgb(HEADER_FILL)),
        v_align="M", borders_layout="ALL",
    )


def _pdf_indicator_table(pdf, report: Report) -> None:
    from fpdf.fonts import FontFace

    _pdf_table_title(pdf, texts.EXPORT_TABLE_TITLE.format(year=report.year), f"({as_of(report)})")
    sector_style = FontFace(emphasis="BOLD", fill_color=_hex_rgb(SECTOR_FILL))
    group_style = FontFace(emphasis="ITALICS")
    with _pdf_table(pdf, TABLE_COL_MM, TABLE_ALIGN) as table:
        heading = table.row()
        for text in indicator_header():
            heading.cell(_pdf_text(text), align="C")
        for item in indicator_rows(report):
            row = table.row()
            if item.kind == "indicator":
                for text in item.cells[:-1]:
                    row.cell(_pdf_text(text))
                row.cell(_pdf_text(item.cells[-1]),
                         style=FontFace(emphasis="BOLD", color=_hex_rgb(status_ink(item.status))))
                continue
            number, name = item.cells
            style = sector_style if item.kind == "sector" else group_style
            row.cell(_pdf_text(number), style=style, align="C")
            row.cell(_pdf_text(name), style=style, colspan=len(TABLE_COL_MM) - 1, align="L")


def _pdf_frame(pdf, title: str, frame: pd.DataFrame) -> None:
    """A titled DataFrame as a PDF table: heading row repeated on each page, cells wrapped."""
    _pdf_table_title(pdf, title)
    if not len(frame.columns):
        return
    widths = column_widths(frame, TEXT_W_MM, PDF_TABLE_PT, PDF_PAD_MM)
    first = frame.iloc[0] if len(frame) else None
    align = ["R" if first is not None and _is_number(first[c]) else "L" for c in frame.columns]
    with _pdf_table(pdf, widths, align) as table:
        heading = table.row()
        for column in frame.columns:
            heading.cell(_pdf_text(column), align="C")
        decimals = column_decimals(frame)
        for values in frame.itertuples(index=False):
            row = table.row()
            for value, places in zip(values, decimals):
                row.cell(_pdf_text(cell_text(value, places)), align="R" if _is_number(value) else "L")


def _pdf_charts(pdf, charts: dict[str, bytes]) -> None:
    if not charts:
        return
    height = TEXT_W_MM * CHART_H_IN / CHART_W_IN
    _pdf_table_title(pdf, texts.EXPORT_CHARTS_TITLE, need_mm=height + 20)
    for png in charts.values():
        if pdf.will_page_break(height + 2):
            pdf.add_page()
        pdf.image(io.BytesIO(png), x=MARGIN_LEFT_MM, w=TEXT_W_MM, h=height)
        pdf.ln(4)


def _pdf_signature(pdf, report: Report) -> None:
    lines = len(report.recipients) + 1
    need = max(lines * 5 + 4, (len(nfc(report.signer_title).split("\n")) + SIGNATURE_SPACE_LINES) * 6.5)
    if pdf.will_page_break(need + 8):
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    pdf.set_xy(MARGIN_LEFT_MM, top)
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT - 2)   # Nghị định 30: bold italic; the bold face here
    pdf.cell(SIGN_LEFT_MM, 5.5, _pdf_text(texts.REPORT_RECIPIENTS_TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSerif", "", PDF_BODY_PT - 3)
    for item in report.recipients:
        pdf.multi_cell(SIGN_LEFT_MM, 4.6, _pdf_text(f"- {item}"), new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
    y = top
    for line in nfc(report.signer_title).split("\n"):
        pdf.set_xy(MARGIN_LEFT_MM + SIGN_LEFT_MM, y)
        pdf.cell(SIGN_RIGHT_MM, 6.4, _pdf_text(line), align="C")
        y += 6.4
    pdf.set_xy(MARGIN_LEFT_MM, max(bottom, y + SIGNATURE_SPACE_LINES * 6.4))


def pdf_bytes(report: Report, charts: dict[str, bytes] | None = None) -> bytes:
    """The report as a PDF: the same content and order as the Word file, Noto Serif embedded."""
    charts = charts if charts is not None else chart_pngs(report)
    pdf = _pdf_new(report)
    _pdf_heading_block(pdf, report)
    _pdf_title(pdf, report)
    _pdf_sections(pdf, report)
    _pdf_indicator_table(pdf, report)
    for title, frame in extra_tables(report):
        _pdf_frame(pdf, title, frame)
    _pdf_charts(pdf, charts)
    _pdf_signature(pdf, report)
    return bytes(pdf.output())


# --- Excel (openpyxl) ---------------------------------------------------------------------------

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
    if optional > fixed and not _missing(value):
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
    return spreadsheet_safe(nfc(value))


def _xlsx_sheet_title(title: str, used: set[str]) -> str:
    """A valid, unique sheet name: at most 31 characters, none of []:*?/\\."""
    clean = "".join(" " if c in '[]:*?/\\' else c for c in nfc(title)).strip().strip("'")[:31] or "Bảng"
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
    if _missing(value):
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
    last = "" if _missing(r["last_month"]) else fmt.month_label(report.year, int(r["last_month"]))
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
            note = "" if _missing(entry.get("note")) else nfc(entry["note"]).strip()
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
            elif _is_number(value):
                number = float(value)
                shape = ("#,##0" + ("." + "0" * places if places else "")) if places is not None else (
                    "#,##0" if number.is_integer() else "#,##0.0#")
                _xlsx_put(cell, number, styles, number_format=shape)
            else:
                _xlsx_put(cell, None if _missing(value) else cell_text(value), styles, wrap=True)
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
    wb.properties.title = nfc(report.subtitle)
    wb.properties.created = wb.properties.modified = stamp
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- every format by name (the CLI) ---------------------------------------------------------------

FORMATS = ("docx", "pdf", "xlsx", "png")


def build(report: Report, kind: str) -> bytes:
    """The file of format ``kind`` (``png``: the zip of every chart)."""
    if kind == "docx":
        return docx_bytes(report)
    if kind == "pdf":
        return pdf_bytes(report)
    if kind == "xlsx":
        return xlsx_bytes(report)
    if kind == "png":
        return zip_of_pngs(report)
    raise ValueError(kind)
