"""The Streamlit side: cached loading keyed on the data version, and the blocks pages are made of.

Only the ``lib/ui*.py`` modules of ``lib`` import Streamlit (``lib.ui.state`` holds the month
every page shares, so that ``lib.ui.data`` needs no import of this module). Pages call these functions in the
order they lay the page out; the numbers come from ``lib.analytics.formulas``, the figures from
``lib.views.figures`` and the words from ``lib.core.texts``.
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib.analytics import datastore, formulas
from lib.core import fmt, texts
from lib.core.periods import normalise_period
from lib.readers import org_units
from lib.readers.catalogue import CatalogueError, load_catalogue
from lib.ui import auth as ui_auth
from lib.ui import data as ui_data
from lib.ui.state import QP_MONTH, STATE_LINK_NOTE, STATE_MONTH
from lib.views import figures, tables

QP_INDICATOR = "chi_tieu"
# Column widths (px) so the whole table fits a 1920-px projector and nearly a 1600-px laptop.
_TABLE_COLUMNS = {
    **{col: st.column_config.TextColumn(width=95) for col in (
        texts.COL_ACHIEVEMENT, texts.COL_TARGET, texts.COL_EXPECTED, texts.COL_PROJECTION)},
    texts.COL_ACTUAL: st.column_config.TextColumn(width=110, help=texts.ACTUAL_HELP),
    texts.COL_NAME: st.column_config.TextColumn(width=290),
    texts.COL_SECTOR: st.column_config.TextColumn(width=150),
    texts.COL_GROUP: st.column_config.TextColumn(width=150),
    texts.COL_UNIT: st.column_config.TextColumn(width=80),
    texts.COL_STATUS: st.column_config.MultiselectColumn(
        width=150, options=list(texts.STATUS_LABELS.values()),
        help=" · ".join(f"{texts.STATUS_LABELS[s]}: {texts.STATUS_HELP[s]}" for s in texts.STATUS_LABELS),
        color=[texts.STATUS_COLORS[s] for s in texts.STATUS_LABELS]),
    texts.COL_GAP: st.column_config.TextColumn(width=130),
    texts.COL_LAST_MONTH: st.column_config.TextColumn(width=120, help=texts.LAST_MONTH_HELP),
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
def cached_store(key: DataKey) -> datastore.Store:
    catalogue = load_catalogue(key.targets)
    source = datastore.Source(root=datastore.Path(key.root), is_demo=key.is_demo)
    return datastore.Store(catalogue, datastore.read_actuals(source.root, catalogue), source)


@st.cache_data(max_entries=4, show_spinner=False)
def cached_periods(key: DataKey) -> list[tuple[int, int]]:
    return [p for p in cached_store(key).periods() if p[0] == datastore.PLAN_YEAR]


@st.cache_data(max_entries=64, show_spinner=False)
def cached_gaps(key: DataKey, year: int, month: int) -> pd.DataFrame:
    return formulas.gap_table(cached_store(key), year, month)


@st.cache_data(max_entries=64, show_spinner=False)
def _coverage(key: DataKey, year: int, month: int) -> dict:
    """How complete a month is: ``analytics.month_coverage`` (cached on the data version)."""
    return formulas.month_coverage(cached_store(key), year, month)


@st.cache_data(max_entries=4, show_spinner=False)
def _default_period(key: DataKey) -> str:
    """The month shown when none is asked for: the latest fully (or nearly fully) reported one."""
    year, month = formulas.default_month(cached_store(key), cached_periods(key))
    return f"{int(year)}-{int(month):02d}"


@st.cache_data(max_entries=4, show_spinner=False)
def _month_labels(key: DataKey) -> dict[str, str]:
    """Each month of the picker as it is listed: “Tháng 3/2025 (chưa đủ: 3/32)” when partial."""
    labels = {}
    for year, month in cached_periods(key):
        period = f"{year}-{month:02d}"
        cov = _coverage(key, year, month)
        labels[period] = (texts.AS_OF_PARTIAL_OPTION.format(
            period=fmt.period_label(period), reported=cov["reported"], expected=cov["expected"])
            if is_partial(cov) else fmt.period_label(period))
    return labels


def is_partial(coverage: dict) -> bool:
    """A month that misses an indicator due in it (``analytics.month_coverage``)."""
    return coverage["partial"]


@st.cache_data(max_entries=64, show_spinner=False)
def _illustrative(key: DataKey, year: int, month: int) -> tuple[list[str], list[str]]:
    """(names of the rates, names of the groups) when a ward rate shown as of the month was
    weighted by illustrative population or household counts (``units.csv``'s ``demo_figures``),
    in real use; the demo says it is invented on every page already."""
    if key.is_demo:
        return [], []
    store = cached_store(key)
    codes = store.weighted_from_illustrative(year, month)
    if not codes:
        return [], []
    names = dict(zip(store.catalogue.indicators["code"], store.catalogue.indicators["name_vi"]))
    return [names[c] for c in codes], org_units.illustrative_weights(store.units)


def illustrative_weights_note(ctx: PageContext, sector: str | None = None) -> None:
    """A caption naming the ward rates (of ``sector``) that rest on illustrative weights."""
    rates, groups = _illustrative(ctx.key, ctx.year, ctx.month)
    if sector is not None:
        shown = set(store(ctx).catalogue.indicators.query("sector == @sector")["name_vi"])
        rates = [r for r in rates if r in shown]
    if rates:
        st.caption(texts.ILLUSTRATIVE_WEIGHTS_NOTE.format(rates="; ".join(rates), n=len(groups)))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_summary(key: DataKey, year: int, month: int) -> pd.DataFrame:
    return formulas.sector_summary(cached_store(key), cached_gaps(key, year, month))


@st.cache_resource(max_entries=64, show_spinner=False)
def _gauge_figure(key: DataKey, year: int, month: int, sector: str) -> go.Figure:
    gaps = cached_gaps(key, year, month)
    return figures.gauges(gaps[gaps["sector"] == sector])


@st.cache_resource(max_entries=256, show_spinner=False)
def _trend_figure(key: DataKey, year: int, month: int, code: str) -> go.Figure:
    gaps = cached_gaps(key, year, month)
    row = gaps.loc[gaps["code"] == code].iloc[0].to_dict()
    return figures.trend(row, formulas.trend(cached_store(key), code, year, month), year)


@st.cache_data(max_entries=256, show_spinner=False)
def cached_notes(key: DataKey, year: int, month: int, code: str) -> list[tuple[int, str]]:
    frame = formulas.notes(cached_store(key), code, year, month)
    return list(zip(frame["month"].astype(int), frame["note"]))


@st.cache_resource(max_entries=64, show_spinner=False)
def _status_figure(key: DataKey, year: int, month: int) -> go.Figure:
    return figures.status_bars(cached_summary(key, year, month))


def store(ctx: PageContext) -> datastore.Store:
    """The loaded data of the page's data version (cached)."""
    return cached_store(ctx.key)


def current_key() -> DataKey:
    source = datastore.resolve_source()
    targets = datastore.targets_path()
    return DataKey(datastore.data_version(source, targets), str(targets), str(source.root), source.is_demo)


# --- page blocks ------------------------------------------------------------------------------

def ensure_navigation() -> None:
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
    ensure_navigation()
    ui_auth.require("view")  # nothing of the data is drawn before this returns
    key = current_key()
    try:
        periods = cached_periods(key)
    except (CatalogueError, datastore.ActualsError) as exc:
        ui_data.upload_sidebar()  # staff can still upload a corrected month
        st.error(texts.DATA_UNREADABLE + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages))
        st.stop()
    if key.is_demo:
        st.warning(texts.DEMO_BANNER, icon=":material/science:")
    if not periods:
        ui_data.upload_sidebar()
        st.info(texts.NO_MONTHS)
        st.stop()
    year, month = _month_selector(key, periods)
    ui_data.upload_sidebar()
    return PageContext(key, year, month, cached_gaps(key, year, month))


def _month_selector(key: DataKey, periods: list[tuple[int, int]]) -> tuple[int, int]:
    """Sidebar “Tính đến tháng”; the choice lives in the session and in the URL (?thang=2025-06).
    Partial months are listed with how many indicators they have (“chưa đủ: 3/32”)."""
    chosen = choose_month(key, periods)
    labels = _month_labels(key)

    def remember() -> None:
        st.session_state[STATE_MONTH] = st.session_state["_as_of_widget"]
        st.session_state.pop(STATE_LINK_NOTE, None)

    st.session_state["_as_of_widget"] = chosen
    st.sidebar.selectbox(texts.AS_OF_LABEL, list(labels), key="_as_of_widget", format_func=labels.get,
                         help=f"{texts.AS_OF_HELP} {texts.AS_OF_DEFAULT_HELP}", on_change=remember)
    year, month = chosen.split("-")
    return int(year), int(month)


def choose_month(key: DataKey, periods: list[tuple[int, int]], *, url_first: bool = False) -> str:
    """The month to show ("2025-06"): the session's choice (kept across pages), else the URL's
    (?thang=), else ``analytics.default_month``; ``url_first`` (the presentation) reads the URL
    before the session. A link naming a month without data, or no month at all, is not followed
    silently: a note says which month is shown instead, until another month is picked. The
    choice is written back to the session and the URL."""
    options = [f"{y}-{m:02d}" for y, m in periods]
    raw = str(st.query_params.get(QP_MONTH, "") or "").strip()
    from_url = normalise_period(raw) or ""
    session = st.session_state.get(STATE_MONTH)
    if url_first and from_url in options:
        chosen = from_url
    elif session in options:
        chosen = session
    elif from_url in options:
        chosen = from_url
    else:
        chosen = _default_period(key)
        if chosen not in options:  # defensive: the default is always one of the months
            chosen = options[-1]
        if raw:
            template = texts.LINK_MONTH_MISSING if from_url else texts.LINK_MONTH_INVALID
            wanted = fmt.period_label(from_url) if from_url else fmt.md_escape(raw[:40])  # the URL's own text
            st.session_state[STATE_LINK_NOTE] = (
                template.format(wanted=wanted, shown=fmt.period_label(chosen)), chosen)
    note = st.session_state.get(STATE_LINK_NOTE)
    if note and note[1] == chosen:
        st.warning(note[0], icon=":material/link_off:")
    elif note:
        st.session_state.pop(STATE_LINK_NOTE, None)
    st.session_state[STATE_MONTH] = chosen
    st.query_params[QP_MONTH] = chosen
    return chosen


def page_header(title: str, ctx: PageContext, sector: str | None = None) -> None:
    """The title, the “Sao chép liên kết” control and the month line."""
    head, share = st.columns([5, 1], vertical_alignment="bottom")
    head.title(title)
    indicator = _chosen_indicator(ctx, sector) if sector else None
    with share.popover(texts.SHARE_LINK, icon=":material/link:", width="stretch"):
        st.caption(texts.SHARE_LINK_HELP)
        st.code(share_link(indicator), language=None, wrap_lines=True)  # the code box has a copy button
    st.caption(f"{texts.AS_OF_LABEL} **{ctx.period_label}** · {texts.APP_TITLE} · {texts.WARD}")
    coverage_line(ctx)


MAX_MISSING_NAMED = 12  # indicators named in the coverage line's tooltip (the rest counted)


def coverage_text(ctx: PageContext) -> tuple[str, str | None]:
    """The month's completeness as the pages write it, and the tooltip naming what is missing:
    “Tháng 3/2025: 3/32 chỉ tiêu đã báo cáo …”, or “… đủ 32/32 …”."""
    cov = _coverage(ctx.key, ctx.year, ctx.month)
    fields = {"period": ctx.period_label, "reported": cov["reported"], "expected": cov["expected"]}
    frame = cached_store(ctx.key).catalogue.indicators
    names = {c: fmt.md_escape(n) for c, n in zip(frame["code"], frame["name_vi"])}  # from the targets file
    assessed = _assessed(ctx.key)
    later = [texts.COVERAGE_LATER_NAME.format(name=names.get(c, c), month=assessed[c]) for c in cov["later"]]
    tips = []
    if cov["due"]:
        tips.append(texts.COVERAGE_MISSING_HELP.format(
            period=ctx.period_label, names=_first_names([names.get(c, c) for c in cov["due"]])))
    if later:
        tips.append(texts.COVERAGE_LATER_HELP.format(names=_first_names(later)))
    tip = "\n\n".join(tips) or None
    if cov["due"]:
        return texts.COVERAGE_PARTIAL.format(**fields), tip
    if later:
        return texts.COVERAGE_DONE_LATER.format(**fields, n=len(later)), tip
    return texts.COVERAGE_FULL.format(**fields), tip


def _first_names(names: list[str]) -> str:
    shown = names[:MAX_MISSING_NAMED]
    if len(names) > len(shown):
        shown.append(texts.COVERAGE_MORE.format(n=len(names) - len(shown)))
    return "; ".join(shown)


def partial_short(ctx: PageContext) -> str | None:
    """A partly reported month in a few words (the presentation's title block), orange:
    “chưa đủ số liệu: 3/32 chỉ tiêu”; None for a month with every indicator due in it."""
    cov = _coverage(ctx.key, ctx.year, ctx.month)
    if not is_partial(cov):
        return None
    return texts.COVERAGE_SHORT_PARTIAL.format(reported=cov["reported"], expected=cov["expected"])


def month_labels(key: DataKey) -> dict[str, str]:
    """"2025-03" → how a month picker lists it (“Tháng 3/2025 (chưa đủ: 3/32)” when partial)."""
    return _month_labels(key)


def coverage_line(ctx: PageContext) -> None:
    """Under the page's title: how many indicators the chosen month has (a calm caption; a
    partial month carries an orange badge and names the missing indicators on hover)."""
    line, tip = coverage_text(ctx)
    st.caption(line, help=tip)


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
    summary = cached_summary(ctx.key, ctx.year, ctx.month)
    columns = st.columns(len(summary))
    for column, row in zip(columns, summary.to_dict("records")):
        with column.container(border=True):
            st.markdown(f"**{texts.SECTORS[row['sector']]}**")
            score = "—" if pd.isna(row["score"]) else fmt.decimal_text(row["score"], "#,##0")
            st.metric(texts.SCORE_LABEL, score, help=texts.SCORE_HELP)
            st.markdown(f"{row['indicators']} {texts.INDICATOR_COUNT}")
            st.markdown(_badges({s: row[s] for s in formulas.STATUSES}))


def sector_status_line(ctx: PageContext, sector: str) -> None:
    gaps = ctx.sector_gaps(sector)
    counts = {s: int((gaps["status"] == s).sum()) for s in formulas.STATUSES}
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
    notes = cached_notes(ctx.key, ctx.year, ctx.month, code)
    if notes:
        st.markdown(f"**{texts.NOTES_TITLE}**")
        for month, note in notes:  # staff's words, shown as plain text (never Markdown or HTML)
            st.text(f"{fmt.month_label(ctx.year, month)}: {note}")


@st.cache_data(max_entries=64, show_spinner=False)
def _table(key: DataKey, year: int, month: int, sector: str | None) -> pd.DataFrame:
    gaps = cached_gaps(key, year, month)
    shown = formulas.worst_first(gaps) if sector is None else gaps[gaps["sector"] == sector]
    table = tables.indicator_table(shown, year, with_sector=sector is None)
    return tables.with_status_pills(mark_stale(table, shown, month, _assessed(key)))


@st.cache_data(max_entries=4, show_spinner=False)
def _assessed(key: DataKey) -> dict[str, int]:
    """code → the month an indicator measured once a year is counted in (catalogue ``assessed``)."""
    frame = cached_store(key).catalogue.indicators
    if "assessed" not in frame.columns:
        return {}
    return {c: int(a) for c, a in zip(frame["code"], frame["assessed"]) if not pd.isna(a)}


def data_through(row: dict) -> int | None:
    """The last month reported at or before the chosen one (``data_through``, "YYYY-MM" or a
    month number; ``last_month`` where the gap table has no such column), or None."""
    value = row.get("data_through", row.get("last_month"))
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return int(str(value).split("-")[-1]) if isinstance(value, str) else int(value)


def is_stale(row: dict, month: int, assessed: int | None = None) -> bool:
    """Whether an indicator's figure is older than the chosen month: reported, but not for this
    month, and not an indicator counted once a year whose month's figure is in (or not yet due)."""
    through = data_through(row)
    if through is None or through >= month or row.get("status") == "not_due":
        return False
    return not (assessed is not None and through >= assessed)


def mark_stale(table: pd.DataFrame, gaps: pd.DataFrame, month: int, assessed: dict[str, int]) -> pd.DataFrame:
    """The display table (rows in the order of ``gaps``) where a figure is older than ``month``:
    “⚠ 1.553 (T2)” in “Thực hiện” (the column a reader sees first) and “⚠ Tháng 2/2025” in “Kỳ báo cáo”."""
    rows = gaps.to_dict("records")
    stale = [is_stale(r, month, assessed.get(r["code"])) for r in rows]
    if not any(stale):
        return table
    actual = [texts.STALE_VALUE_MARK.format(value=cell, month=data_through(r)) if old else cell
              for cell, old, r in zip(table[texts.COL_ACTUAL], stale, rows)]
    last = [texts.STALE_MARK.format(month=cell) if old else cell
            for cell, old in zip(table[texts.COL_LAST_MONTH], stale)]
    return table.assign(**{texts.COL_ACTUAL: actual, texts.COL_LAST_MONTH: last})


def indicator_table(ctx: PageContext, sector: str | None = None) -> None:
    """The overview's table of every indicator worst first, or one sector's in plan order."""
    st.subheader(texts.OVERVIEW_TABLE_TITLE if sector is None else texts.TABLE_TITLE)
    table = _table(ctx.key, ctx.year, ctx.month, sector)
    st.dataframe(
        table, hide_index=True, width="stretch", height=_ROW_PX * (len(table) + 1) + 3,
        column_config=_TABLE_COLUMNS,
    )
    illustrative_weights_note(ctx, sector)


def sector_page(sector: str) -> None:
    """A sector's page: its status line, gauges, the trend of one indicator, the table."""
    ctx = page_context()
    page_header(texts.SECTORS[sector], ctx, sector)
    sector_status_line(ctx, sector)
    gauges(ctx, sector)
    trend_selector(ctx, sector)
    indicator_table(ctx, sector)
