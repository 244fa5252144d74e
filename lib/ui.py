"""The Streamlit side: cached loading keyed on the data version, and the blocks pages are made of.

This is the only module in ``lib`` that imports Streamlit. Pages call these functions in the
order they lay the page out; the numbers come from ``lib.analytics``, the figures from
``lib.figures`` and the words from ``lib.texts``.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import analytics, data, figures, fmt, tables, texts, ui_auth, ui_data
from lib.catalogue import CatalogueError, load_catalogue

QP_MONTH = "thang"
QP_INDICATOR = "chi_tieu"
_STATE_MONTH = "_as_of_period"
# Column widths (px) so the whole table fits a 1920-px projector and nearly a 1600-px laptop.
_TABLE_COLUMNS = {
    **{col: st.column_config.TextColumn(width=95) for col in (
        texts.COL_ACHIEVEMENT, texts.COL_TARGET, texts.COL_ACTUAL, texts.COL_EXPECTED,
        texts.COL_PROJECTION)},
    texts.COL_NAME: st.column_config.TextColumn(width=290),
    texts.COL_SECTOR: st.column_config.TextColumn(width=150),
    texts.COL_GROUP: st.column_config.TextColumn(width=150),
    texts.COL_UNIT: st.column_config.TextColumn(width=80),
    texts.COL_STATUS: st.column_config.MultiselectColumn(
        width=150, options=list(texts.STATUS_LABELS.values()),
        help=" · ".join(f"{texts.STATUS_LABELS[s]}: {texts.STATUS_HELP[s]}" for s in texts.STATUS_LABELS),
        color=[texts.STATUS_COLORS[s] for s in texts.STATUS_LABELS]),
    texts.COL_GAP: st.column_config.TextColumn(width=130),
    texts.COL_LAST_MONTH: st.column_config.TextColumn(width=110),
}
_ROW_PX = 35  # st.dataframe row height: tables are drawn whole, never scrolled
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass(frozen=True)
class DataKey:
    """Everything a cached result depends on; ``version`` changes whenever a file does."""

    version: str
    targets: str
    root: str
    is_demo: bool


@dataclass(frozen=True)
class PageContext:
    key: DataKey
    year: int
    month: int
    gaps: pd.DataFrame

    @property
    def period_label(self) -> str:
        return fmt.month_label(self.year, self.month)

    def sector_gaps(self, sector: str) -> pd.DataFrame:
        return self.gaps[self.gaps["sector"] == sector].reset_index(drop=True)


# --- cached loading ---------------------------------------------------------------------------

@st.cache_resource(max_entries=2, show_spinner=False)
def _store(key: DataKey) -> data.Store:
    catalogue = load_catalogue(key.targets)
    source = data.Source(root=data.Path(key.root), is_demo=key.is_demo)
    return data.Store(catalogue, data.read_actuals(source.root, catalogue), source)


@st.cache_data(max_entries=4, show_spinner=False)
def _periods(key: DataKey) -> list[tuple[int, int]]:
    return [p for p in _store(key).periods() if p[0] == data.PLAN_YEAR]


@st.cache_data(max_entries=64, show_spinner=False)
def _gaps(key: DataKey, year: int, month: int) -> pd.DataFrame:
    return analytics.gap_table(_store(key), year, month)


@st.cache_data(max_entries=64, show_spinner=False)
def _summary(key: DataKey, year: int, month: int) -> pd.DataFrame:
    return analytics.sector_summary(_store(key), _gaps(key, year, month))


@st.cache_resource(max_entries=64, show_spinner=False)
def _gauge_figure(key: DataKey, year: int, month: int, sector: str) -> go.Figure:
    gaps = _gaps(key, year, month)
    return figures.gauges(gaps[gaps["sector"] == sector])


@st.cache_resource(max_entries=256, show_spinner=False)
def _trend_figure(key: DataKey, year: int, month: int, code: str) -> go.Figure:
    gaps = _gaps(key, year, month)
    row = gaps.loc[gaps["code"] == code].iloc[0].to_dict()
    return figures.trend(row, analytics.trend(_store(key), code, year, month), year)


@st.cache_data(max_entries=256, show_spinner=False)
def _notes(key: DataKey, year: int, month: int, code: str) -> list[tuple[int, str]]:
    frame = analytics.notes(_store(key), code, year, month)
    return list(zip(frame["month"].astype(int), frame["note"]))


@st.cache_resource(max_entries=64, show_spinner=False)
def _status_figure(key: DataKey, year: int, month: int) -> go.Figure:
    return figures.status_bars(_summary(key, year, month))


def store(ctx: PageContext) -> data.Store:
    """The loaded data of the page's data version (cached)."""
    return _store(ctx.key)


def current_key() -> DataKey:
    source = data.resolve_source()
    targets = data.targets_path()
    return DataKey(data.data_version(source, targets), str(targets), str(source.root), source.is_demo)


# --- page blocks ------------------------------------------------------------------------------

def _ensure_navigation() -> None:
    """Make sure the page runs inside ``dashboard.py``'s ``st.navigation``.

    Until some session has run ``dashboard.py``, Streamlit serves a URL such as ``/budget`` the
    legacy way: it finds ``pages/budget.py`` and runs it alone, with file names as the menu and
    none of the entry point's settings. Switching that legacy mode off and rerunning sends the
    request through ``dashboard.py``, which then opens the page asked for.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_context() -> PageContext:
    """Load the data (cached), draw the month selector, the upload flow and the demo banner;
    stop with a Vietnamese message when the stored data cannot be read."""
    _ensure_navigation()
    ui_auth.require("view")  # nothing of the data is drawn before this returns
    key = current_key()
    try:
        periods = _periods(key)
    except (CatalogueError, data.ActualsError) as exc:
        ui_data.upload_sidebar()  # staff can still upload a corrected month
        st.error(texts.DATA_UNREADABLE + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages))
        st.stop()
    if key.is_demo:
        st.warning(texts.DEMO_BANNER, icon=":material/science:")
    if not periods:
        ui_data.upload_sidebar()
        st.info(texts.NO_MONTHS)
        st.stop()
    year, month = _month_selector(periods)
    ui_data.upload_sidebar()
    return PageContext(key, year, month, _gaps(key, year, month))


def _month_selector(periods: list[tuple[int, int]]) -> tuple[int, int]:
    """Sidebar “Tính đến tháng”; the choice lives in the session and in the URL (?thang=2025-06)."""
    options = [f"{y}-{m:02d}" for y, m in periods]
    chosen = st.session_state.get(_STATE_MONTH)
    if chosen not in options:
        from_url = _normalise_period(st.query_params.get(QP_MONTH, ""))
        chosen = from_url if from_url in options else options[-1]
    st.session_state[_STATE_MONTH] = chosen

    def remember() -> None:
        st.session_state[_STATE_MONTH] = st.session_state["_as_of_widget"]

    st.session_state["_as_of_widget"] = chosen
    st.sidebar.selectbox(texts.AS_OF_LABEL, options, key="_as_of_widget", format_func=fmt.period_label,
                         help=texts.AS_OF_HELP, on_change=remember)
    st.query_params[QP_MONTH] = chosen
    year, month = chosen.split("-")
    return int(year), int(month)


def _normalise_period(text: str) -> str:
    parts = str(text).strip().split("-")
    if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
        return f"{int(parts[0]):04d}-{int(parts[1]):02d}"
    return ""


def page_header(title: str, ctx: PageContext, sector: str | None = None) -> None:
    """The title, the “Sao chép liên kết” control and the month line."""
    head, share = st.columns([5, 1], vertical_alignment="bottom")
    head.title(title)
    indicator = _chosen_indicator(ctx, sector) if sector else None
    with share.popover(texts.SHARE_LINK, icon=":material/link:", width="stretch"):
        st.caption(texts.SHARE_LINK_HELP)
        st.code(share_link(indicator), language=None, wrap_lines=True)  # the code box has a copy button
    st.caption(f"{texts.AS_OF_LABEL} **{ctx.period_label}** · {texts.APP_TITLE} · {texts.WARD}")


def share_link(indicator: str | None = None) -> str:
    """This page's address with the month and the indicator being viewed (?thang=…&chi_tieu=…)."""
    url = urlsplit(st.context.url or "")
    params = {QP_MONTH: st.query_params.get(QP_MONTH)}
    if indicator:
        params[QP_INDICATOR] = indicator
    query = urlencode({k: v for k, v in params.items() if v})
    return urlunsplit((url.scheme, url.netloc, url.path, query, ""))


def _chosen_indicator(ctx: PageContext, sector: str) -> str:
    """The indicator the sector's trend shows: the session's choice, else the URL's, else the first."""
    codes = ctx.sector_gaps(sector)["code"].tolist()
    widget = f"_trend_{sector}"
    if st.session_state.get(widget) not in codes:
        wanted = str(st.query_params.get(QP_INDICATOR, "")).lower()
        st.session_state[widget] = wanted if wanted in codes else codes[0]
    return st.session_state[widget]


def _badges(counts: dict[str, int]) -> str:
    return " ".join(f":{texts.STATUS_BADGE[s]}-badge[{texts.STATUS_LABELS[s]}: {n}]"
                    for s, n in counts.items() if n)


def sector_cards(ctx: PageContext) -> None:
    """One card per sector: its score and how many indicators are in each status."""
    summary = _summary(ctx.key, ctx.year, ctx.month)
    columns = st.columns(len(summary))
    for column, row in zip(columns, summary.to_dict("records")):
        with column.container(border=True):
            st.markdown(f"**{texts.SECTORS[row['sector']]}**")
            score = "—" if pd.isna(row["score"]) else fmt.decimal_text(row["score"], "#,##0")
            st.metric(texts.SCORE_LABEL, score, help=texts.SCORE_HELP)
            st.markdown(f"{row['indicators']} {texts.INDICATOR_COUNT}")
            st.markdown(_badges({s: row[s] for s in analytics.STATUSES}))


def sector_status_line(ctx: PageContext, sector: str) -> None:
    gaps = ctx.sector_gaps(sector)
    counts = {s: int((gaps["status"] == s).sum()) for s in analytics.STATUSES}
    st.markdown(f"{len(gaps)} {texts.INDICATOR_COUNT}: {_badges(counts)}")


def status_chart(ctx: PageContext) -> None:
    st.subheader(texts.OVERVIEW_CHART_TITLE)
    st.plotly_chart(_status_figure(ctx.key, ctx.year, ctx.month), config=PLOTLY_CONFIG,
                    width="stretch", alt=texts.OVERVIEW_CHART_TITLE)


def gauges(ctx: PageContext, sector: str) -> None:
    st.subheader(texts.GAUGES_TITLE)
    st.caption(texts.GAUGES_CAPTION)
    st.plotly_chart(_gauge_figure(ctx.key, ctx.year, ctx.month, sector), config=PLOTLY_CONFIG,
                    width="stretch", alt=f"{texts.GAUGES_TITLE} – {texts.SECTORS[sector]}")


def trend_selector(ctx: PageContext, sector: str) -> None:
    """One indicator's monthly chart at a time, chosen from the sector (kept in ?chi_tieu=)."""
    st.subheader(texts.TREND_TITLE)
    gaps = ctx.sector_gaps(sector)
    names = dict(zip(gaps["code"], gaps["name_vi"]))
    _chosen_indicator(ctx, sector)
    code = st.selectbox(texts.TREND_PICK, gaps["code"].tolist(), key=f"_trend_{sector}", format_func=names.get)
    st.query_params[QP_INDICATOR] = code
    st.plotly_chart(_trend_figure(ctx.key, ctx.year, ctx.month, code), config=PLOTLY_CONFIG,
                    width="stretch", alt=f"{texts.TREND_TITLE} – {names[code]}")
    notes = _notes(ctx.key, ctx.year, ctx.month, code)
    if notes:
        st.markdown(f"**{texts.NOTES_TITLE}**")
        for month, note in notes:  # staff's words, shown as plain text (never Markdown or HTML)
            st.text(f"{fmt.month_label(ctx.year, month)}: {note}")


@st.cache_data(max_entries=64, show_spinner=False)
def _table(key: DataKey, year: int, month: int, sector: str | None) -> pd.DataFrame:
    gaps = _gaps(key, year, month)
    if sector is None:
        table = tables.indicator_table(analytics.worst_first(gaps), year, with_sector=True)
    else:
        table = tables.indicator_table(gaps[gaps["sector"] == sector], year)
    return tables.with_status_pills(table)


def indicator_table(ctx: PageContext, sector: str | None = None) -> None:
    """The overview's table of every indicator worst first, or one sector's in plan order."""
    st.subheader(texts.OVERVIEW_TABLE_TITLE if sector is None else texts.TABLE_TITLE)
    table = _table(ctx.key, ctx.year, ctx.month, sector)
    st.dataframe(
        table, hide_index=True, width="stretch", height=_ROW_PX * (len(table) + 1) + 3,
        column_config=_TABLE_COLUMNS,
    )


def sector_page(sector: str) -> None:
    """A sector's page: its status line, gauges, the trend of one indicator, the table."""
    ctx = page_context()
    page_header(texts.SECTORS[sector], ctx, sector)
    sector_status_line(ctx, sector)
    gauges(ctx, sector)
    trend_selector(ctx, sector)
    indicator_table(ctx, sector)
