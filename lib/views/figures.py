"""Plotly figures: the sector gauges, the trend of one indicator, the overview status bars.

Plain functions of the gap table and the trend table; no Streamlit. Numbers in titles and hover
text are formatted by ``lib.core.fmt`` (Babel); Plotly's own axis numbers use Vietnamese separators
through ``layout.separators``.
"""
from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib.analytics import tasks
from lib.analytics.formulas import STATUSES
from lib.core import fmt, texts
from lib.views import slides

FONT = "Noto Sans, Segoe UI, Arial, sans-serif"
SEPARATORS = ",."  # decimal comma, thousands dot
GAUGE_MAX = 150  # the gauge axis runs 0–150% of plan
GAUGE_ROW_HEIGHT = 235
INK = "#1f2933"
MUTED = "#6b7280"


def _base_layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(
        height=height,
        separators=SEPARATORS,
        font={"family": FONT, "color": INK, "size": 14},
        margin={"l": 20, "r": 20, "t": 40, "b": 20},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    return fig


def _wrap(text: str, width: int = 30) -> str:
    """Break a long name into as few lines as ``width`` allows, of even length (no lone last word)."""
    lines = max(1, math.ceil(len(text) / width))
    even = math.ceil(len(text) / lines)
    while len(textwrap.wrap(text, even)) > lines:
        even += 1
    return "<br>".join(textwrap.wrap(text, even)) or text


def gauge_columns(n: int) -> int:
    return 3 if n <= 9 else 4


def gauges(gaps: pd.DataFrame) -> go.Figure:
    """One figure with a gauge per indicator: % of the year's plan, coloured and labelled by status."""
    n = len(gaps)
    cols = gauge_columns(n)
    rows = max(1, math.ceil(n / cols))
    fig = make_subplots(
        rows=rows, cols=cols,
        specs=[[{"type": "indicator"}] * cols for _ in range(rows)],
        vertical_spacing=0.30 / rows, horizontal_spacing=0.06,
    )
    for i, row in enumerate(gaps.itertuples(index=False)):
        status = row.status
        color = texts.STATUS_COLORS[status]
        has_value = row.achievement_pct is not None and not pd.isna(row.achievement_pct)
        value = min(max(float(row.achievement_pct), 0.0), GAUGE_MAX) if has_value else 0.0
        detail = f"{fmt.of(row._asdict(), row.actual_to_date)} / {fmt.of(row._asdict(), row.target)}"
        title = (f"<b>{_wrap(row.name_vi)}</b><br>"
                 f"<span style='font-size:13px;color:{MUTED}'>{detail}</span><br>"
                 f"<span style='font-size:14px;color:{color}'><b>{texts.STATUS_SHORT_LABELS[status]}</b></span>")
        fig.add_trace(go.Indicator(
            mode="gauge+number" if has_value else "gauge",
            value=value,
            number={"suffix": "%", "valueformat": ",.1f", "font": {"size": 26, "color": color}},
            title={"text": title, "font": {"size": 14}},
            gauge={
                "axis": {"range": [0, GAUGE_MAX], "tickvals": [0, 50, 100, 150], "tickfont": {"size": 10}},
                "bar": {"color": color, "thickness": 0.65},
                "bgcolor": "#f3f4f6",
                "borderwidth": 0,
                "threshold": {"line": {"color": INK, "width": 3}, "thickness": 0.9, "value": 100},
            },
        ), row=i // cols + 1, col=i % cols + 1)
    height = rows * GAUGE_ROW_HEIGHT + 40
    _base_layout(fig, height)
    fig.update_layout(margin={"l": 30, "r": 30, "t": 90, "b": 10})
    return fig


def _month_axis(fig: go.Figure, from_zero: bool) -> None:
    fig.update_xaxes(
        tickmode="array", tickvals=list(range(1, 13)),
        ticktext=[fmt.month_tick(m) for m in range(1, 13)], range=[0.5, 12.5],
        showgrid=False, linecolor="#d1d5db",
    )
    fig.update_yaxes(gridcolor="#e5e7eb", zeroline=False, tickformat=",~f",
                     rangemode="tozero" if from_zero else "normal")


def _has_pace(row: dict) -> bool:
    """Whether an expected-by-now line means anything: not for an indicator judged once, in its
    ``assessed`` month (poor households reduced, counted at year-end), nor one not due yet."""
    assessed = row.get("assessed")
    return row.get("status") != "not_due" and (assessed is None or pd.isna(assessed))


def trend(row: dict, series: pd.DataFrame, year: int) -> go.Figure:
    """The months of one indicator against its target.

    Summed indicators: monthly bars, the cumulative actual, the expected cumulative pace (not for
    an indicator judged once, in its assessed month) and the year's target. Levels: the reported
    values, the target (or ceiling) and the trend carried to December.
    """
    unit = row["unit"]
    months = series["month"].tolist()
    labels = [fmt.month_label(year, m) for m in months]

    def hover(values):
        return [f"{lab}: {fmt.of(row, v)}" for lab, v in zip(labels, values)]

    fig = go.Figure()
    target = float(row["target"])
    target_name = texts.CEILING if row["direction"] == "at_most" else texts.TREND_TARGET
    if row["aggregation"] == "sum":
        fig.add_bar(x=months, y=series["value"], name=texts.TREND_MONTHLY, marker_color="#c7d7ea",
                    hovertext=hover(series["value"]), hoverinfo="text")
        if _has_pace(row):
            fig.add_scatter(x=months, y=series["expected"], name=texts.TREND_EXPECTED, mode="lines",
                            line={"color": MUTED, "dash": "dash", "width": 2},
                            hovertext=hover(series["expected"]), hoverinfo="text")
        fig.add_scatter(x=months, y=series["cumulative"], name=texts.TREND_CUMULATIVE, mode="lines+markers",
                        line={"color": texts.STATUS_COLORS[row["status"]], "width": 4},
                        marker={"size": 8}, hovertext=hover(series["cumulative"]), hoverinfo="text")
    else:
        reported = series.dropna(subset=["value"])
        fig.add_scatter(x=reported["month"], y=reported["value"], name=texts.TREND_LEVEL, mode="lines+markers",
                        line={"color": texts.STATUS_COLORS[row["status"]], "width": 4}, marker={"size": 9},
                        hovertext=hover(reported["value"]) if len(reported) else None, hoverinfo="text")
        projection = row.get("projection")
        if len(reported) and projection is not None and not pd.isna(projection) and reported["month"].iloc[-1] < 12:
            last_m, last_v = int(reported["month"].iloc[-1]), float(reported["value"].iloc[-1])
            fig.add_scatter(x=[last_m, 12], y=[last_v, float(projection)], name=texts.TREND_PROJECTION,
                            mode="lines", line={"color": MUTED, "dash": "dot", "width": 2},
                            hovertext=[f"{fmt.month_label(year, last_m)}: {fmt.of(row, last_v)}",
                                       f"{fmt.month_label(year, 12)}: {fmt.of(row, projection)}"],
                            hoverinfo="text")
    fig.add_scatter(x=[0.5, 12.5], y=[target, target], name=target_name, mode="lines",
                    line={"color": INK, "width": 2},
                    hovertext=[f"{target_name}: {fmt.of(row, target)}"] * 2, hoverinfo="text")
    _base_layout(fig, 380)
    _month_axis(fig, from_zero=row["aggregation"] == "sum")
    fig.update_layout(
        title={"text": f"<b>{row['name_vi']}</b> ({unit})", "font": {"size": 16}, "x": 0, "xanchor": "left"},
        legend={"orientation": "h", "y": -0.15, "x": 0},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
        hovermode="x unified" if row["aggregation"] == "sum" else "closest",
    )
    if row["aggregation"] == "sum":  # room above the target line for its tick
        top = max(target, series[["value", "cumulative", "expected"]].max().max(skipna=True) or 0)
        fig.update_yaxes(range=[0, top * 1.1])
    if unit == fmt.BINARY_UNIT:
        fig.update_yaxes(tickvals=[0, 1], ticktext=[texts.NO, texts.YES], range=[-0.1, 1.15])
    return fig


def status_bars(summary: pd.DataFrame) -> go.Figure:
    """Overview: for each sector, how many indicators are in each status (stacked, labelled)."""
    sectors = [texts.SECTORS[s] for s in summary["sector"]]
    fig = go.Figure()
    for status in STATUSES:
        counts = summary[status].tolist()
        if not any(counts):
            continue  # no empty legend entries
        fig.add_bar(
            y=sectors, x=counts, orientation="h", name=texts.STATUS_LABELS[status],
            marker_color=texts.STATUS_COLORS[status],
            text=[str(c) if c else "" for c in counts], textposition="inside", insidetextanchor="middle",
            textfont={"color": "white", "size": 15},
            hovertext=[f"{s}: {c} {texts.INDICATOR_COUNT} {texts.STATUS_LABELS[status].lower()}"
                       for s, c in zip(sectors, counts)], hoverinfo="text",
        )
    _base_layout(fig, 90 + 60 * len(sectors))
    fig.update_layout(barmode="stack",
                      legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
                      margin={"l": 10, "r": 10, "t": 40, "b": 30})
    fig.update_yaxes(autorange="reversed", ticksuffix="  ")
    fig.update_xaxes(title_text=texts.INDICATOR_COUNT, gridcolor="#e5e7eb", dtick=2)
    return fig


PRESENT_BAR_MAX = 150  # the presentation bars run 0–150% of plan; longer bars are cut, their label is not
PRESENT_FONT = 18
_PRESENT_LABEL_X = PRESENT_BAR_MAX + 38  # the column of % labels, right of the longest bar


def present_bars(gaps: pd.DataFrame, expected_label: str) -> go.Figure:
    """Presentation mode: one bar per indicator of a sector, worst first from the top, the % of the
    year's plan reached, coloured by status, with the % written in a column on the right; a black
    line at 100% and, for summed indicators, a diamond where the seasonal pace says they should
    stand by now.

    ``expected_label`` names the month in the diamond's hover text (“Cần đạt đến Tháng 6/2025”).
    Big type: it is read from the back of a meeting room.
    """
    rows = [r for _, group in slides.status_groups(gaps) for r in group.to_dict("records")]
    long = len(rows) > slides.MAX_FULL_ROWS
    names = [_shorten(r["name_vi"], 36) if long else _wrap(r["name_vi"], 30) for r in rows]
    pct = [None if pd.isna(r["achievement_pct"]) else float(r["achievement_pct"]) for r in rows]
    colors = [texts.STATUS_COLORS[r["status"]] for r in rows]
    hover = [f"<b>{r['name_vi']}</b><br>{slides.progress(r)} · {fmt.percent(p)}<br>"
             f"{texts.STATUS_LABELS[r['status']]}" for r, p in zip(rows, pct)]
    ys = list(range(len(rows)))  # positions, not names: two names shortened alike stay two bars
    fig = go.Figure()
    fig.add_bar(
        y=ys, x=[0 if p is None else min(max(p, 0), PRESENT_BAR_MAX) for p in pct], orientation="h",
        marker_color=colors, hovertext=hover, hoverinfo="text", showlegend=False,
    )
    fig.add_scatter(
        y=ys, x=[_PRESENT_LABEL_X] * len(rows), mode="text", textposition="middle left",
        text=[f"<b>{fmt.percent(p)}</b>" for p in pct], textfont={"size": PRESENT_FONT + 2, "color": colors},
        hoverinfo="skip", showlegend=False, cliponaxis=False,
    )
    expected = [(y, slides.expected_percent(r)) for y, r in zip(ys, rows)]
    expected = [(y, e) for y, e in expected if e is not None]
    if expected:
        fig.add_scatter(
            y=[y for y, _ in expected], x=[min(e, PRESENT_BAR_MAX) for _, e in expected], mode="markers",
            marker={"symbol": "diamond", "size": 16, "color": INK, "line": {"color": "white", "width": 2}},
            hovertext=[texts.PRESENT_FIGURE_EXPECTED.format(period=expected_label, value=fmt.percent(e))
                       for _, e in expected], hoverinfo="text", showlegend=False,
        )
    fig.add_vline(x=100, line={"color": INK, "width": 3})
    _base_layout(fig, present_bars_height(len(rows)))
    fig.update_layout(font={"size": PRESENT_FONT}, bargap=0.28, margin={"l": 10, "r": 10, "t": 10, "b": 36},
                      hoverlabel={"font": {"size": PRESENT_FONT}})
    fig.update_yaxes(autorange="reversed", tickmode="array", tickvals=ys, ticktext=names, ticksuffix="  ",
                     tickfont={"size": PRESENT_FONT - (2 if long else 1), "color": INK}, showgrid=False)
    fig.update_xaxes(range=[0, _PRESENT_LABEL_X], tickvals=[0, 50, 100, 150], ticksuffix="%",
                     gridcolor="#e5e7eb", tickfont={"size": PRESENT_FONT - 2}, zeroline=False)
    return fig


def _shorten(text: str, width: int) -> str:
    """One line of at most ``width`` characters, cut at a word with “…” (the full name is in the
    hover text and in the list beside the figure)."""
    return text if len(text) <= width else textwrap.shorten(text, width, placeholder=" …")


def present_bars_height(n: int) -> int:
    """Pixel height of the presentation bars for ``n`` indicators: thick bars for a short sector,
    and about 550 px for the longest (18), so that a screen fits 1920×1080 without scrolling."""
    return 46 + (80 if n <= 4 else 50 if n <= slides.MAX_FULL_ROWS else 28) * max(n, 1)


# Emulation scoreboard: the colours of the criteria that earn points, then bonus and penalty.
EMULATION_COLORS = ["#1e40af", "#0f766e", "#65a30d", "#0891b2", "#7c3aed", "#475569", "#be185d", "#0c4a6e"]
EMULATION_BONUS = ["#d97706", "#fbbf24", "#92400e"]
EMULATION_PENALTY = ["#b91c1c", "#f87171"]


def emulation_bars(ranking: pd.DataFrame, breakdown: pd.DataFrame) -> go.Figure:
    """Thi đua: one stacked horizontal bar per unit (best on top) of what each criterion gives it,
    as a share of the unit's own maximum — the measure the ranking compares (``lib.analytics.scoring``).

    ``ranking`` and ``breakdown`` are ``lib.analytics.scoring.score``'s, for ranked units of one kind.
    Criteria sharing a short name share a colour; a penalty is drawn left of zero; the share and
    the points (of the maximum) are written at the end of each bar, the points per criterion in
    the hover (Vietnamese decimal comma)."""
    full = ranking["display_name"].tolist()
    names = [_wrap(n, 28) for n in full]  # long department names on two or three lines
    lines = max([n.count("<br>") + 1 for n in names] + [1])
    units = ranking["unit"].tolist()
    most = dict(zip(units, ranking["max_total"].astype(float)))
    mine = breakdown[breakdown["unit"].isin(units)]
    sums = mine.groupby(["unit", "criterion_short"], sort=False)["points"].sum()
    kinds = dict(zip(mine["criterion_short"], mine["rule_kind"]))

    def share(unit: str, short: str) -> float:
        return float(sums.get((unit, short), 0.0)) / most[unit] * 100 if most[unit] else 0.0

    fig = go.Figure()
    used = {"bonus": 0, "penalty": 0, "scored": 0}
    palettes = {"bonus": EMULATION_BONUS, "penalty": EMULATION_PENALTY, "scored": EMULATION_COLORS}
    for short in dict.fromkeys(mine["criterion_short"]):
        points = [float(sums.get((u, short), 0.0)) for u in units]
        family = kinds[short] if kinds[short] in ("bonus", "penalty") else "scored"
        color = palettes[family][used[family] % len(palettes[family])]
        used[family] += 1
        fig.add_bar(y=names, x=[share(u, short) for u in units], orientation="h", name=short, marker_color=color,
                    hovertext=[texts.EMU_CHART_HOVER.format(name=n, criterion=short,
                                                            points=fmt.decimal_text(p, "#,##0.0"),
                                                            share=fmt.percent(share(u, short)))
                               for n, p, u in zip(full, points, units)], hoverinfo="text")
    positive = [sum(max(share(u, s), 0.0) for s in kinds) for u in units]
    fig.add_scatter(y=names, x=positive, mode="text", showlegend=False, hoverinfo="skip",
                    text=[texts.EMU_CHART_TOTAL.format(share=fmt.percent(r["share"]),
                                                       total=fmt.decimal_text(r["total"], "#,##0.0"),
                                                       most=fmt.decimal_text(r["max_total"], "#,##0.0"))
                          for r in ranking.to_dict("records")],
                    textposition="middle right", textfont={"size": 13, "color": INK})
    _base_layout(fig, 110 + (34 if lines == 1 else 20 + 16 * lines) * max(len(names), 1))
    fig.update_layout(barmode="relative", bargap=0.25,
                      legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
                      margin={"l": 10, "r": 30, "t": 70, "b": 40})
    fig.update_yaxes(autorange="reversed", ticksuffix="  ", categoryorder="array", categoryarray=names,
                     tickfont={"size": 12})
    negative = [sum(min(share(u, s), 0.0) for s in kinds) for u in units]
    fig.update_xaxes(title_text=texts.EMU_CHART_AXIS, gridcolor="#e5e7eb", zeroline=True, zerolinecolor=MUTED,
                     ticksuffix="%", range=[min(negative + [0.0]) * 1.15, max(positive + [100.0]) * 1.3])
    return fig


# --- Nhiệm vụ – Công trình (lib/ui/tasks.py) ---

TASK_ROW_HEIGHT = 34
TASK_TITLE_CHARS = 52


def _plotly_text(text: str) -> str:
    """Text from the tasks file inside Plotly's HTML-like labels: its tags are shown, never applied."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _task_label(row: dict) -> str:
    """The y-axis name of an item: its title cut to one line; red when the item is late."""
    title = row["title_vi"]
    short = title if len(title) <= TASK_TITLE_CHARS else title[:TASK_TITLE_CHARS - 1].rstrip(" ,;–") + "…"
    short = _plotly_text(short)
    return f"<span style='color:{texts.TASK_LATE_COLOR}'><b>{short}</b></span>" if row["late"] else short


def _task_hover(row: dict) -> str:
    lines = [f"<b>{_plotly_text(row['title_vi'])}</b>",
             texts.TASKS_HOVER_OWNER.format(owner=_plotly_text(row["owner_name"]))]
    if row["start"] is None:
        lines.append(texts.TASKS_HOVER_NO_START.format(deadline=fmt.day(row["deadline"])))
    else:
        lines.append(texts.TASKS_HOVER_DATES.format(start=fmt.day(row["start"]), deadline=fmt.day(row["deadline"])))
    if not tasks.is_reported(row):
        lines.append(texts.TASKS_NOT_REPORTED)
    else:
        lines.append(texts.TASKS_HOVER_STATUS.format(status=texts.TASK_STATUS_LABELS[row["status"]]))
        lines.append(texts.TASKS_HOVER_PROGRESS.format(progress=fmt.percent(row["progress"], 0)))
    if row["late"]:
        lines.append(f"<span style='color:{texts.TASK_LATE_COLOR}'>{_plotly_text(row['late_reason'])}</span>")
    return "<br>".join(lines)


def _month_ticks(first: pd.Timestamp, last: pd.Timestamp) -> tuple[list, list[str]]:
    """The first day of every month in the range, labelled Th6 (and the year under each January
    and under the first tick)."""
    months = pd.date_range(first.to_period("M").to_timestamp(), last, freq="MS")
    labels = [fmt.month_tick(m.month) + (f"<br>{m.year}" if m.month == 1 or i == 0 else "")
              for i, m in enumerate(months)]
    return list(months), labels


def task_timeline(view: pd.DataFrame, as_of, year: int = 2025) -> go.Figure:
    """Nhiệm vụ – Công trình as a Gantt chart: one bar per item from its start (1 January of
    ``year`` when it has none) to its deadline, coloured and named by status; the part done in
    dark over it; milestones as diamonds; a dashed line at ``as_of``; late items' names in red.

    ``view`` is ``lib.analytics.tasks.assess``'s table (``milestone_list`` included), in the order to show."""
    rows = view.to_dict("records")
    ids = [r["id"] for r in rows]
    year_start = pd.Timestamp(year=year, month=1, day=1)
    starts = {r["id"]: pd.Timestamp(r["start"]) if r["start"] is not None else min(year_start,
              pd.Timestamp(r["deadline"])) for r in rows}
    fig = go.Figure()
    # An item nobody has updated by ``as_of`` is drawn apart, in light grey, with no progress:
    # nothing is known of it, so it is neither "not started" nor 0 % done.
    groups = {status: ([r for r in rows if tasks.is_reported(r) and r["status"] == status], label,
                       texts.TASK_STATUS_COLORS[status]) for status, label in texts.TASK_STATUS_LABELS.items()}
    groups["not_reported"] = ([r for r in rows if not tasks.is_reported(r)], texts.TASKS_NOT_REPORTED,
                              texts.TASK_NOT_REPORTED_COLOR)
    for group, label, color in groups.values():
        if not group:
            continue  # no empty legend entries
        fig.add_bar(
            y=[r["id"] for r in group], base=[starts[r["id"]] for r in group],
            x=[(pd.Timestamp(r["deadline"]) - starts[r["id"]]).total_seconds() * 1000 for r in group],
            orientation="h", width=0.62, name=label, marker_color=color,
            hovertext=[_task_hover(r) for r in group], hoverinfo="text",
        )
    reported = [r for r in rows if tasks.is_reported(r)]
    fig.add_bar(
        y=[r["id"] for r in reported], base=[starts[r["id"]] for r in reported],
        x=[(pd.Timestamp(r["deadline"]) - starts[r["id"]]).total_seconds() * 1000 * r["progress"] / 100
           for r in reported],
        orientation="h", width=0.24, name=texts.TASKS_TIMELINE_PROGRESS, marker_color=INK, opacity=0.7,
        hoverinfo="skip",  # the status bar under it says the same: its hover text is not sent twice
    )
    ends = [pd.Timestamp(r["deadline"]) for r in rows]
    fig.add_scatter(
        y=ids, x=[e + pd.Timedelta(days=7) for e in ends], mode="text",
        text=[fmt.percent(r["progress"], 0) if tasks.is_reported(r) else texts.TASKS_NOT_REPORTED for r in rows],
        textposition="middle right",
        textfont={"size": 12, "color": MUTED}, showlegend=False, hoverinfo="skip",
    )
    marks = [(r["id"], when, what) for r in rows for when, what in r["milestone_list"]]
    if marks:
        fig.add_scatter(
            y=[m[0] for m in marks], x=[pd.Timestamp(m[1]) for m in marks], mode="markers",
            name=texts.TASKS_TIMELINE_MILESTONE,
            marker={"symbol": "diamond", "size": 10, "color": "white", "line": {"color": INK, "width": 2}},
            hovertext=[f"{fmt.day(m[1])}: {_plotly_text(m[2])}" for m in marks], hoverinfo="text",
        )
    as_of = pd.Timestamp(as_of)
    first = min([*starts.values(), as_of]) - pd.Timedelta(days=10)
    last = max([*ends, as_of]) + pd.Timedelta(days=45)
    fig.add_shape(type="line", x0=as_of, x1=as_of, y0=0, y1=1, yref="paper",
                  line={"color": INK, "width": 2, "dash": "dash"})
    fig.add_annotation(x=as_of, y=1, yref="paper", yanchor="bottom", showarrow=False,
                       text=texts.TASKS_TIMELINE_AS_OF.format(date=fmt.day(as_of.date())),
                       font={"size": 13, "color": INK})
    height = 130 + TASK_ROW_HEIGHT * len(rows)
    _base_layout(fig, height)
    tickvals, ticktext = _month_ticks(first, last)
    fig.update_xaxes(type="date", range=[first, last], tickvals=tickvals, ticktext=ticktext,
                     gridcolor="#eef0f3", linecolor="#d1d5db")
    fig.update_yaxes(categoryorder="array", categoryarray=ids, autorange="reversed", tickvals=ids,
                     ticktext=[_task_label(r) for r in rows], tickfont={"size": 13}, automargin=True)
    fig.update_layout(barmode="overlay", bargap=0.3, hovermode="closest",
                      hoverlabel={"bgcolor": "white", "font": {"color": INK, "size": 13}, "align": "left"},
                      # the legend above the as-of label, which sits right on the plot
                      legend={"orientation": "h", "y": 1 + 30 / (height - 130), "yanchor": "bottom", "x": 0,
                              "traceorder": "normal"},
                      margin={"l": 10, "r": 20, "t": 90, "b": 40})
    return fig

