"""Plotly figures: the sector gauges, the trend of one indicator, the overview status bars.

Plain functions of the gap table and the trend table; no Streamlit. Numbers in titles and hover
text are formatted by ``lib.fmt`` (Babel); Plotly's own axis numbers use Vietnamese separators
through ``layout.separators``.
"""
from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib import fmt, texts
from lib.analytics import STATUSES

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
                 f"<span style='font-size:14px;color:{color}'><b>{texts.STATUS_LABELS[status]}</b></span>")
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


def trend(row: dict, series: pd.DataFrame, year: int) -> go.Figure:
    """The months of one indicator against its target.

    Summed indicators: monthly bars, the cumulative actual, the expected cumulative pace and the
    year's target. Levels: the reported values, the target (or ceiling) and the trend carried to
    December.
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
