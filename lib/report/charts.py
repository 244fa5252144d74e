"""The report's charts as PNG images (matplotlib, Agg, no pyplot state): the overview (every
sector's indicators stacked by status) and one chart per sector (% of plan per indicator, the
100% line, the pace mark).

They use the Noto Sans files of ``lib/report/fonts/`` by path, never a system font; 1600×900 px,
for slides. The same report gives the same bytes. Word and PDF put the same images in the report.
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

from lib.analytics.formulas import STATUSES, expected_pct
from lib.core import fmt, texts
from lib.core.normalise import printable
from lib.report.layout import FONT_DIR, SANS_FILES, as_of, balanced, is_missing, luminance, sectors, slug
from lib.views.slides import OCCASIONAL

if TYPE_CHECKING:  # lib.report.model imports the narrative; the charts only read a Report's fields
    from lib.report.model import Report

# Charts: 16:9, 1600×900 px.
CHART_W_IN, CHART_H_IN, CHART_DPI = 13 + 1 / 3, 7.5, 120
CHART_PCT_MAX = 150             # bars stop at 150% of plan; the label still gives the true value
CHART_INK, CHART_MUTED, CHART_GRID = "#1f2933", "#6b7280", "#e5e7eb"
CHART_MIN_BAR = 0.8             # a bar at 0% is still drawn, thin, so its status colour shows
CHART_PLAN_DASH = (0, (5, 3))
CHART_MIN_ROWS = 6              # a sector with fewer indicators keeps the bar thickness of six
OVERVIEW_KEY = "tong-quan"


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
    return "white" if luminance(color) < 150 else CHART_INK


def pace_mark(row: dict) -> float | None:
    """Where the pace mark of a bar stands: ``formulas.expected_pct`` (levels, ceilings, not due
    and results have none), also none for an indicator without data, and at most the chart's
    ``CHART_PCT_MAX``: the mark that tells 46% in June is on pace."""
    if row["status"] == "no_data":
        return None
    expected = expected_pct(row)
    return None if expected is None else min(expected, CHART_PCT_MAX)


def sector_figure(report: Report, sector: str):
    """Horizontal bars of % of plan per indicator of ``sector``, coloured by status, a 100% line,
    each bar labelled (95,0%; Đạt / Chưa đạt for the yes/no goals)."""
    rows = report.gaps[report.gaps["sector"] == sector].sort_values("ord").to_dict("records")
    n = len(rows)
    label_pt = 15 if n <= 6 else 13 if n <= 10 else 11
    wrap = 40 if n <= 10 else 70
    fig = _new_figure()
    ax = fig.add_subplot()
    names, ceilings, pace = [], False, False
    for y, r in enumerate(rows):
        name = printable(r["name_vi"])
        if r["direction"] == "at_most":
            name += " *"
            ceilings = True
        names.append(balanced(name, wrap))
        status = r["status"]
        color = texts.STATUS_COLORS[status]
        if status == "no_data" or is_missing(r["achievement_pct"]):  # nothing to draw: say why
            length, label = 0.0, texts.STATUS_LABELS[status]
        elif r["unit"] == fmt.BINARY_UNIT:
            met = r["actual_to_date"] >= 1
            length, label = (100.0 if met else 0.0), (texts.YES if met else texts.NO)
        else:
            pct = float(r["achievement_pct"])
            length, label = max(0.0, min(pct, CHART_PCT_MAX)), fmt.percent(pct)
        ax.barh(y, max(length, CHART_MIN_BAR), height=0.62, color=color, zorder=2)
        expected = pace_mark(r)
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


def figure_png(fig) -> bytes:
    """A figure as PNG bytes, the same for the same figure (no software name or date in the file)."""
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=CHART_DPI, metadata={"Software": None})
    return out.getvalue()


def chart_keys(report: Report) -> list[str]:
    """The charts' keys, in the order a slide deck shows them: the overview, then each sector."""
    return [OVERVIEW_KEY] + [slug(texts.SECTORS.get(s, s)) for s in sectors(report)]


def draw_charts(report: Report) -> dict[str, bytes]:
    """The overview chart and one chart per sector, as PNG (1600×900), keyed as ``chart_keys``
    (tong-quan, nong-nghiep …), drawn now: ``lib.report.export.chart_pngs`` keeps them."""
    charts = {OVERVIEW_KEY: figure_png(overview_figure(report))}
    for sector in sectors(report):
        charts[slug(texts.SECTORS.get(sector, sector))] = figure_png(sector_figure(report, sector))
    return charts
