"""The Streamlit blocks of the Thi đua page: the scoreboard of each kind of unit, the rules beside
it, one unit's detail, the download.

The numbers come from ``lib.analytics.scoring`` (cached per data version, month, “as of” day and the
fingerprint of the rules and tasks files, which the data version does not cover); the chart from
``lib.views.figures.emulation_bars``; every word from ``lib.core.texts``. Residential groups (tổ dân phố)
and departments (bộ phận) are scored on different criteria, so each kind has its own tab, and
only the open tab is built. The unit shown in detail is kept in the URL (``?don_vi=tdp_03``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lib import ui
from lib.analytics import datastore, scoring
from lib.analytics import tasks as tasks_mod
from lib.core import fmt, texts
from lib.readers import org_units as units_mod
from lib.readers.org_units import UnitsError
from lib.storage import month_store, task_store
from lib.views import figures
from lib.views import scoreboard as scoreboard_view

QP_UNIT = "don_vi"
_TAB_KEY = "_emu_kind"
_ROW_PX = 35


@dataclass(frozen=True)
class Board:
    """The page's scoreboard and what its cached pieces are keyed on."""

    ctx: ui.PageContext
    as_of: date
    stamp: str
    scoreboard: scoring.Scoreboard

    @property
    def cache_args(self) -> tuple:
        return self.ctx.key, self.ctx.year, self.ctx.month, self.as_of, self.stamp

    def kind_ranking(self, kind: str) -> pd.DataFrame:
        ranking = self.scoreboard.ranking
        return ranking[ranking["kind"] == kind].reset_index(drop=True)


# --- cached pieces ----------------------------------------------------------------------------

def _stamp() -> str:
    """Fingerprint of the rules and tasks files (which the data version does not cover)."""
    parts = []
    # the tasks as they stood (lib.storage.task_store.tasks_as_of) rest on the list, the dated updates (the
    # audit log) and, in demo mode, the demo's list and history
    for path in (scoring.rules_path(), tasks_mod.tasks_path(), datastore.data_dir() / month_store.AUDIT_FILE,
                 tasks_mod.demo_path(), tasks_mod.demo_log_path()):
        try:
            stat = Path(path).stat()
            parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{path}:missing")
    return ";".join(parts)


@st.cache_resource(max_entries=16, show_spinner=False)
def _scoreboard(key: ui.DataKey, year: int, month: int, as_of: date, stamp: str) -> scoring.Scoreboard:
    """Shared by every session, never modified (no copy per rerun, unlike ``st.cache_data``). The
    tasks are those of the month's end (``lib.storage.task_store.tasks_as_of``; None when the list cannot
    be read: the scoring then says why)."""
    store = ui.cached_store(key)
    try:
        month_tasks = task_store.tasks_as_of(as_of, datastore.data_dir(), source=store.source)
    except (tasks_mod.TasksError, UnitsError, OSError):
        month_tasks = None
    return scoring.scoreboard(store, year, month, as_of=as_of, gaps=ui.cached_gaps(key, year, month), tasks=month_tasks)


@st.cache_resource(max_entries=32, show_spinner=False)
def _figure(key: ui.DataKey, year: int, month: int, as_of: date, stamp: str, kind: str) -> go.Figure:
    board = _scoreboard(key, year, month, as_of, stamp)
    return figures.emulation_bars(scoring.ranked(board.ranking, kind), board.breakdown)


@st.cache_data(max_entries=64, show_spinner=False)
def _unit_table(key: ui.DataKey, year: int, month: int, as_of: date, stamp: str, unit: str) -> pd.DataFrame:
    return scoreboard_view.unit_breakdown_table(_scoreboard(key, year, month, as_of, stamp).breakdown, unit)


@st.cache_data(max_entries=32, show_spinner=False)
def _rules_markdown(key: ui.DataKey, year: int, month: int, as_of: date, stamp: str, kind: str) -> str:
    return scoreboard_view.rules_markdown(_scoreboard(key, year, month, as_of, stamp), kind)


@st.cache_data(max_entries=32, show_spinner=False)
def _ranking_table(key: ui.DataKey, year: int, month: int, as_of: date, stamp: str, kind: str) -> pd.DataFrame:
    board = _scoreboard(key, year, month, as_of, stamp)
    return scoreboard_view.ranking_table(board.ranking, board.breakdown, kind)


# --- the page's blocks ------------------------------------------------------------------------

def scoreboard(ctx: ui.PageContext) -> Board:
    """The scoreboard as of the chosen month (tasks judged on its last day, or today while it
    runs); stops with the Vietnamese list of problems when the rules or units file is unusable."""
    as_of = tasks_mod.month_end(ctx.year, ctx.month)
    stamp = _stamp()
    try:
        board = _scoreboard(ctx.key, ctx.year, ctx.month, as_of, stamp)
    except (scoring.RulesError, UnitsError) as exc:
        ui.page_header(texts.PAGE_EMULATION, ctx)
        st.error(texts.EMU_RULES_INVALID + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages),
                 icon=":material/error:")
        st.stop()
    return Board(ctx, as_of, stamp, board)


def _kind_of(board: Board, unit: str) -> str | None:
    found = board.scoreboard.ranking.loc[board.scoreboard.ranking["unit"] == unit, "kind"]
    return found.iloc[0] if len(found) else None


def _open_kind(board: Board) -> str:
    """The kind whose tab is open: the session's choice, else the URL's unit's kind, else groups."""
    labels = {texts.EMU_KIND_LABELS[k]: k for k in scoring.UNIT_KINDS}
    if st.session_state.get(_TAB_KEY) not in labels:
        kind = _kind_of(board, str(st.query_params.get(QP_UNIT, "")).lower()) or scoring.UNIT_KINDS[0]
        st.session_state[_TAB_KEY] = texts.EMU_KIND_LABELS[kind]
    return labels[st.session_state[_TAB_KEY]]


def _unit_key(kind: str) -> str:
    return f"_emu_unit_{kind}"


def _chosen_unit(board: Board, kind: str) -> str | None:
    """The unit shown in detail: the session's choice, else the URL's (?don_vi=), else rank 1."""
    units = board.kind_ranking(kind)["unit"].tolist()
    if not units:
        return None
    key = _unit_key(kind)
    if st.session_state.get(key) not in units:
        wanted = str(st.query_params.get(QP_UNIT, "")).lower()
        st.session_state[key] = wanted if wanted in units else units[0]
    return st.session_state[key]


def header(board: Board) -> None:
    """Title, “Sao chép liên kết” (the link names the unit shown) and the month line."""
    ctx = board.ctx
    unit = _chosen_unit(board, _open_kind(board))
    head, share = st.columns([5, 1], vertical_alignment="bottom")
    head.title(texts.PAGE_EMULATION)
    link = ui.share_link()
    if unit:
        link += ("&" if "?" in link else "?") + urlencode({QP_UNIT: unit})
    with share.popover(texts.SHARE_LINK, icon=":material/link:", width="stretch"):
        st.caption(texts.SHARE_LINK_HELP)
        st.code(link, language=None, wrap_lines=True)
    st.caption(f"{texts.AS_OF_LABEL} **{ctx.period_label}** · {texts.APP_TITLE} · {texts.WARD}")
    st.markdown(texts.EMU_CAPTION)


def notes(board: Board) -> None:
    """What the reader must know about the inputs: invented names, missing tasks or unit figures."""
    inputs = board.scoreboard.inputs
    if bool(inputs.units["demo_name"].any()) or units_mod.illustrative_weights(inputs.units):
        st.caption(texts.EMU_DEMO_UNITS_NOTE)  # a group's share of a count's target rests on its population
    if board.scoreboard.tasks_problems:
        st.warning(texts.EMU_NO_TASK_LIST_NOTE + "\n\n"
                   + "\n".join(f"- {fmt.md_escape(m)}" for m in board.scoreboard.tasks_problems),
                   icon=":material/warning:")
    # Units without their own figures: each kind's tab says what is missing (``missing``).


def kind_tabs(board: Board) -> list[tuple[str, object]]:
    """One tab per kind of unit (Tổ dân phố, Bộ phận); only the open one is built. Returns
    (kind, tab) for the open tab."""
    _open_kind(board)
    labels = [texts.EMU_KIND_LABELS[k] for k in scoring.UNIT_KINDS]
    tabs = st.tabs(labels, key=_TAB_KEY, on_change="rerun")
    return [(kind, tab) for kind, tab in zip(scoring.UNIT_KINDS, tabs) if tab.open]


def _table_height(rows: int) -> int:
    return _ROW_PX * (rows + 1) + 3


def missing(board: Board, kind: str) -> bool:
    """What the ranking of this kind lacks (``scoring.missing_notes``), as a warning; True when no
    unit of the kind can be ranked (then no table, chart or detail is shown, only the rules)."""
    notes = scoring.missing_notes(board.scoreboard.ranking, kind)
    if notes:
        st.warning("\n".join(f"- {fmt.md_escape(n)}" for n in notes), icon=":material/warning:")
    for note in scoring.left_out_notes(board.scoreboard.ranking, kind):
        st.caption(fmt.md_escape(note))
    return scoring.ranked(board.scoreboard.ranking, kind).empty


def ranking(board: Board, kind: str) -> None:
    """The ranking table across the page (one column per criterion), what it compares, what it
    lacks, its downloads, then the chart of points per criterion with the rules beside it. With
    no unit of the kind rankable: what is missing, and the rules."""
    if board.kind_ranking(kind).empty:
        st.info(texts.EMU_NO_UNITS)
        return
    if missing(board, kind):
        rules(board, kind)
        return
    st.subheader(texts.EMU_RANKING_TITLE)
    st.caption(texts.EMU_SHARE_NOTE)
    table = _ranking_table(*board.cache_args, kind)
    longest = max(len(name) for name in table[texts.COL_EMU_UNIT])
    config = {texts.COL_EMU_RANK: st.column_config.NumberColumn(width=55, pinned=True),
              texts.COL_EMU_UNIT: st.column_config.TextColumn(width=min(max(7 * longest + 24, 180), 380), pinned=True),
              texts.COL_EMU_TOTAL: st.column_config.TextColumn(width=85),
              texts.COL_EMU_MAX: st.column_config.TextColumn(width=90),
              texts.COL_EMU_SHARE: st.column_config.TextColumn(width=105)}
    st.dataframe(table, hide_index=True, width="stretch", height=_table_height(len(table)), column_config=config)
    _downloads(board, kind)
    chart, beside = st.columns([3, 2], gap="large")
    with chart:
        st.subheader(texts.EMU_CHART_TITLE)
        st.plotly_chart(_figure(*board.cache_args, kind), config=ui.PLOTLY_CONFIG, width="stretch",
                        alt=f"{texts.EMU_CHART_TITLE} – {texts.EMU_KIND_LABELS[kind]}")
    with beside:
        rules(board, kind)


def rules(board: Board, kind: str) -> None:
    """The criteria of this kind, as the rules file states them (``scoreboard_view.rules_markdown``)."""
    st.subheader(texts.EMU_RULES_TITLE)
    st.caption(texts.EMU_RULES_SOURCE.format(file=fmt.md_escape(scoring.rules_path().name)))
    with st.container(border=True):
        st.markdown(_rules_markdown(*board.cache_args, kind))


def _downloads(board: Board, kind: str) -> None:
    """CSV and Excel of the ranking; the files are built only when a button is clicked."""
    ranking_frame, breakdown = board.scoreboard.ranking, board.scoreboard.breakdown
    title = texts.EMU_EXPORT_TITLE.format(kind=texts.EMU_KIND_LABELS[kind], period=board.ctx.period_label)
    stem = f"{texts.EMU_FILE_STEM}-{kind.replace('_', '-')}-{board.ctx.year}-{board.ctx.month:02d}"
    xlsx, csv, _ = st.columns([1, 1, 3])
    xlsx.download_button(
        texts.EMU_DOWNLOAD_XLSX, icon=":material/download:", file_name=f"{stem}.xlsx", on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch",
        data=lambda: scoreboard_view.ranking_xlsx(scoreboard_view.ranking_table(ranking_frame, breakdown, kind, as_text=False),
                                          scoreboard_view.details_table(ranking_frame, breakdown, kind), title))
    csv.download_button(
        texts.EMU_DOWNLOAD_CSV, icon=":material/download:", file_name=f"{stem}.csv", mime="text/csv",
        on_click="ignore", width="stretch",
        data=lambda: scoreboard_view.ranking_csv(scoreboard_view.ranking_table(ranking_frame, breakdown, kind, as_text=False)))


def unit_detail(board: Board, kind: str) -> None:
    """One unit: its total and rank, and every criterion's points with why (kept in ?don_vi=)."""
    frame = board.kind_ranking(kind)
    if scoring.ranked(frame).empty:
        return
    st.subheader(texts.EMU_DETAIL_TITLE)
    names = dict(zip(frame["unit"], frame["display_name"]))
    _chosen_unit(board, kind)
    unit = st.selectbox(texts.EMU_PICK_UNIT, frame["unit"].tolist(), key=_unit_key(kind), format_func=names.get)
    st.query_params[QP_UNIT] = unit
    row = frame.loc[frame["unit"] == unit].iloc[0]
    total, share, rank, _ = st.columns([1, 1, 1, 2])
    if row["ranked"]:
        total.metric(texts.EMU_METRIC_TOTAL.format(most=fmt.decimal_text(row["max_total"], "#,##0.0")),
                     fmt.decimal_text(row["total"], "#,##0.0"))
        share.metric(texts.COL_EMU_SHARE, fmt.percent(row["share"]))
        rank.metric(texts.EMU_METRIC_RANK, texts.EMU_RANK_OF.format(rank=int(row["rank"]),
                                                                    n=int(frame["ranked"].sum())))
    else:
        rank.metric(texts.EMU_METRIC_RANK, texts.EMU_NOT_RANKED)
        st.caption(fmt.md_escape(scoring.missing_note(row)))
    # A static table: the explanations wrap instead of being cut off (ten rows at most).
    st.table(_unit_table(*board.cache_args, unit), hide_index=True,
             alt=f"{texts.EMU_DETAIL_TITLE} – {names[unit]}")
