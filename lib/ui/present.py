"""The Streamlit side of presentation mode (Trình chiếu): one screen at a time for the meeting room.

Large type (the page's root font grows with the window), no sidebar or header, one screen per
sector with the indicators that are behind or at risk first, “◀ Trước” / “Tiếp ▶” (also PageUp /
PageDown, as presentation clickers send, and the arrow keys), a screen picker and a month picker.
The URL always names the screen and month (``?linh_vuc=budget&thang=2025-06``), so a link opens
that screen directly (after sign-in when accounts are configured).

The screens are the list ``SCREENS``: to add one, write a ``draw(ctx)`` function and add a
``Screen`` entry; the order, the buttons and the picker follow. The rules (order, worst first,
what is listed compactly) are plain functions in ``lib.views.slides``; the numbers come from the
cached gap table and summary of ``lib.ui``.

Only constant CSS built from ``lib.core.texts`` colours goes through ``st.html``; names and staff notes
are Markdown-escaped (``fmt.md_escape``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.errors import StreamlitPageNotFoundError

from lib import ui
from lib.analytics import datastore, formulas
from lib.analytics import tasks as tasks_mod
from lib.core import fmt, texts
from lib.readers.catalogue import CatalogueError
from lib.ui import auth as ui_auth
from lib.ui import emulation as ui_emulation
from lib.ui import state as ui_state
from lib.ui import tasks as ui_tasks
from lib.views import figures, slides

QP_SCREEN = "linh_vuc"
_SCREEN_WIDGET = "_present_screen"
_MONTH_WIDGET = "_present_month"
MAX_OVERVIEW_AT_RISK = 5  # lines of at-risk indicators on the overview (the last one may be “… và n”)
CARD_ROWS = 5  # status rows of a sector card that leave MAX_OVERVIEW_AT_RISK lines; each more takes one

# Only constants and the status colours of lib.core.texts: never any text from data or users.
_STATUS_CSS = "\n".join(
    f".st-key-present_group_{s} {{ border-left: .4rem solid {c}; }}\n"
    f".st-key-present_group_{s} > div:first-child strong {{ color: {c}; }}\n"
    f".st-key-present_tile_{s} {{ border-top: .4rem solid {c} !important; }}\n"
    f".st-key-present_tile_{s} strong {{ color: {c}; }}"
    for s, c in texts.STATUS_COLORS.items())


def _card_rows_css(statuses) -> str:
    """The colour of each row of the overview's sector cards, which list ``statuses`` in order
    (the tiles' statuses: those of the month, so the rows differ from month to month)."""
    return "<style>\n" + "\n".join(
        f"[class*='st-key-present_card_'] tr:nth-child({i + 1}) td {{ color: {texts.STATUS_COLORS[s]}; }}"
        for i, s in enumerate(statuses)) + "\n</style>"


_STYLE = """<style>
html { font-size: max(20px, min(1.45vw, 2.6vh)); }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
.st-key-present_prev_arrow, .st-key-present_next_arrow { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: .5rem 1.4rem .3rem 1.4rem !important; max-width: none !important; }
[data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { gap: .45rem; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] { margin-bottom: 0; }
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] :is(p, table) { margin-bottom: 0; }
[data-testid="stAlert"], .st-key-present_controls { zoom: .6; }
[data-testid="stAlert"] [data-testid="stAlertContainer"] { padding: .3rem .8rem; }
.st-key-present_title { flex-wrap: wrap; }
.st-key-present_title h1 { font-size: 1.9rem; padding: 0; line-height: 1.1; }
.st-key-present_heading p { font-size: .9rem; color: #374151; margin: 0; white-space: nowrap; }
.st-key-present_heading h1 { white-space: nowrap; }
[class*="st-key-present_tile_"] { padding: .1rem .5rem .3rem !important; border-radius: .4rem; min-width: 4.2rem; }
[class*="st-key-present_tile_"] p { font-size: .75rem; margin: 0; white-space: nowrap; line-height: 1.15; }
[class*="st-key-present_tile_"] strong { font-size: 1.9rem; line-height: 1.1; }
.st-key-present_tile_score strong { color: #1f2933; }
[class*="st-key-present_group_"] { padding-left: .6rem; }
[class*="st-key-present_group_"] > div:first-child p { font-size: .8rem; margin: 0; }
[class*="st-key-present_group_"] table, .st-key-present_list_head table, .st-key-present_at_risk table {
  width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0; }
[class*="st-key-present_group_"] table { font-size: .95rem; line-height: 1.22; }
[data-testid="stColumn"] > [data-testid="stVerticalBlock"] { gap: .4rem; }
.st-key-present_aside { flex-wrap: nowrap; }
.st-key-present_title > div:has(> .st-key-present_aside) { min-width: max-content; }
[class*="st-key-present_group_"] thead, .st-key-present_list_head tbody { display: none; }
.st-key-present_list_head th:nth-child(3) { text-align: right; }
[class*="st-key-present_group_"] td, .st-key-present_list_head th, .st-key-present_at_risk td,
.st-key-present_at_risk th { padding: .12rem .35rem; border: none; border-bottom: 1px solid #e5e7eb;
  vertical-align: top; }
[class*="st-key-present_group_"] td:nth-child(1), .st-key-present_list_head th:nth-child(1) { width: 58%; }
[class*="st-key-present_group_"] td:nth-child(2), .st-key-present_list_head th:nth-child(2) { width: 28%; }
[class*="st-key-present_group_"] td:nth-child(3), .st-key-present_list_head th:nth-child(3) {
  width: 14%; text-align: right; font-weight: 700; }
.st-key-present_list_head { padding-left: .6rem; }
.st-key-present_list_head th { font-size: .6rem; color: #6b7280; font-weight: 600; text-align: left;
  border-bottom: 2px solid #d1d5db; }
[class*="st-key-present_compact_"] p { font-size: .8rem !important; line-height: 1.3; margin: 0; }
.st-key-present_notes p { font-size: .68rem; color: #374151; line-height: 1.25; }
.st-key-present_notes strong { color: #6b7280; }
[class*="st-key-present_card_"] h3 { font-size: 1.25rem; padding: 0 0 .15rem; white-space: nowrap; }
[class*="st-key-present_card_"] strong { font-size: 2.2rem; margin-right: .3rem; vertical-align: -.15rem; }
[class*="st-key-present_card_"] p { font-size: .8rem; }
[class*="st-key-present_card_"] td { line-height: 1.2; }
[class*="st-key-present_card_"] table { width: 100%; border-collapse: collapse; font-size: 1rem; }
[class*="st-key-present_card_"] thead { display: none; }
[class*="st-key-present_card_"] td { border: none; padding: 0 .3rem; font-weight: 600; }
[class*="st-key-present_card_"] td:nth-child(1) { width: 2.4rem; text-align: right; font-size: 1.2rem; }
.st-key-present_at_risk table { font-size: .95rem; }
.st-key-present_at_risk th { font-size: .6rem; color: #6b7280; text-align: left; }
.st-key-present_at_risk :is(td, th):nth-child(1) { width: 44%; }
.st-key-present_at_risk :is(td, th):nth-child(2) { width: 18%; }
.st-key-present_at_risk :is(td, th):nth-child(3) { width: 26%; }
.st-key-present_at_risk :is(td, th):nth-child(4) { width: 12%; text-align: right; }
.st-key-present_at_risk td:nth-child(4) { font-weight: 700; }
.st-key-present_at_risk h3 { font-size: 1.2rem; padding: .3rem 0 .2rem; color: """ + texts.STATUS_COLORS["at_risk"] + """; }
[data-testid="stCaptionContainer"] p { font-size: .6rem; }
:is(.st-key-present_works, .st-key-present_late, [class*="st-key-present_emu_"]) table {
  width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0; font-size: .8rem; line-height: 1.25; }
:is(.st-key-present_works, .st-key-present_late, [class*="st-key-present_emu_"]) :is(td, th) {
  padding: .15rem .35rem; border: none; border-bottom: 1px solid #e5e7eb; vertical-align: top; text-align: left; }
:is(.st-key-present_works, .st-key-present_late, [class*="st-key-present_emu_"]) th {
  font-size: .55rem; color: #6b7280; font-weight: 600; border-bottom: 2px solid #d1d5db; }
:is(.st-key-present_works, .st-key-present_late, [class*="st-key-present_emu_"]) h3 { font-size: 1.2rem; }
.st-key-present_works :is(td, th):nth-child(1) { width: 62%; }
.st-key-present_works :is(td, th):nth-child(3) { width: 16%; }
.st-key-present_late h3 { color: """ + texts.STATUS_COLORS["at_risk"] + """; }
.st-key-present_late :is(td, th):nth-child(1) { width: 42%; }
.st-key-present_late :is(td, th):nth-child(2) { width: 26%; }
[class*="st-key-present_emu_"] table { font-size: 1rem; }
[class*="st-key-present_emu_"] :is(td, th):nth-child(1) { width: 9%; text-align: right; }
[class*="st-key-present_emu_"] :is(td, th):nth-child(2) { width: 59%; }
[class*="st-key-present_emu_"] :is(td, th):nth-child(3) { width: 14%; text-align: right; font-weight: 700; }
[class*="st-key-present_emu_"] :is(td, th):nth-child(4) { width: 18%; text-align: right; white-space: nowrap; }
""" + _STATUS_CSS + "\n</style>"


@dataclass(frozen=True)
class Screen:
    """One screen of the presentation: its name in the URL, its title, the function that draws it."""

    slug: str
    title: str
    draw: Callable[[ui.PageContext, DeltaGenerator], None]  # (the data, the title row's free side)


# --- cached pieces ----------------------------------------------------------------------------

@st.cache_resource(max_entries=64, show_spinner=False)
def _bars(key: ui.DataKey, year: int, month: int, sector: str) -> go.Figure:
    gaps = ui.cached_gaps(key, year, month)
    return figures.present_bars(gaps[gaps["sector"] == sector], fmt.month_label(year, month))


@st.cache_data(max_entries=64, show_spinner=False)
def _groups(key: ui.DataKey, year: int, month: int, sector: str) -> list[dict]:
    gaps = ui.cached_gaps(key, year, month)
    return slides.screen_groups(gaps[gaps["sector"] == sector])


@st.cache_data(max_entries=64, show_spinner=False)
def _counts(key: ui.DataKey, year: int, month: int, sector: str | None) -> dict[str, int]:
    gaps = ui.cached_gaps(key, year, month)
    return slides.status_counts(gaps if sector is None else gaps[gaps["sector"] == sector])


@st.cache_data(max_entries=64, show_spinner=False)
def _at_risk(key: ui.DataKey, year: int, month: int) -> list[dict]:
    """Every indicator of the ward listed in full (``present.ALWAYS_FULL``: not achieved — a
    result — and at risk), worst first, as its line shows it."""
    ordered = formulas.worst_first(ui.cached_gaps(key, year, month))
    return [slides.row_texts(r) | {"sector": texts.SECTORS[r["sector"]], "status": r["status"]}
            for r in ordered[ordered["status"].isin(slides.ALWAYS_FULL)].to_dict("records")]


@st.cache_data(max_entries=64, show_spinner=False)
def _focus_notes(key: ui.DataKey, year: int, month: int, sector: str) -> list[str]:
    """The newest notes staff wrote for the sector's at-risk and behind indicators (at most
    ``present.MAX_NOTES``, newest first), as escaped Markdown lines."""
    ordered = formulas.worst_first(ui.cached_gaps(key, year, month))
    focus = ordered[(ordered["sector"] == sector) & ordered["status"].isin(slides.FOCUS)]
    found = []
    for code, name in zip(focus["code"], focus["name_vi"]):
        notes = ui.cached_notes(key, year, month, code)
        if notes:
            found.append((name, *notes[0]))
    return [fmt.md_escape(texts.PRESENT_NOTE.format(name=name, month=fmt.month_label(year, m), note=note))
            for name, m, note in slides.latest_notes(found)]


def _score_text(score) -> str:
    return "—" if score is None or pd.isna(score) else fmt.decimal_text(score, "#,##0")


def _md_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; every cell escaped (names and units come from the targets file)."""
    def line(cells):
        return "| " + " | ".join(fmt.md_escape(c) for c in cells) + " |"
    return "\n".join([line(header), "|" + "---|" * len(header), *(line(r) for r in rows)])


# --- the frame: data, month, controls, title --------------------------------------------------

def _data_key() -> tuple[ui.DataKey, list[tuple[int, int]]]:
    """The data version and its months of the plan year; a Vietnamese message and stop when the
    stored data cannot be read or holds no month yet."""
    key = ui.current_key()
    try:
        periods = ui.cached_periods(key)
    except (CatalogueError, datastore.ActualsError) as exc:
        st.error(texts.DATA_UNREADABLE + "\n\n" + "\n".join(f"- {fmt.md_escape(m)}" for m in exc.messages))
        st.stop()
    if key.is_demo:
        st.warning(texts.PRESENT_DEMO_BANNER, icon=":material/science:")
    if not periods:
        st.info(texts.NO_MONTHS)
        st.stop()
    return key, periods


def _chosen_month(key: ui.DataKey, periods: list[tuple[int, int]]) -> str:
    """The month the URL names (?thang=), else the session's choice (kept across pages), else the
    default month (the latest fully reported one); a link to a month without data says so;
    written back to both so that the link and the other pages agree (``ui.choose_month``)."""
    return ui.choose_month(key, periods, url_first=True)


def _go(slug: str) -> None:
    st.query_params[QP_SCREEN] = slug


def _picked_screen() -> None:
    _go(st.session_state[_SCREEN_WIDGET])


def _picked_month() -> None:
    period = st.session_state[_MONTH_WIDGET]
    st.session_state[ui_state.STATE_MONTH] = period
    st.query_params[ui_state.QP_MONTH] = period


def controls(current: str, period: str, periods: list[tuple[int, int]]) -> None:
    """The small bar on top: ◀ Trước, the screen and month pickers, Tiếp ▶, Thoát trình chiếu.

    PageUp/PageDown (what presentation clickers send) are the visible buttons' shortcuts; the
    arrow keys are those of two hidden twins, since a button takes one shortcut only.
    """
    slugs = [s.slug for s in SCREENS]
    titles = {s.slug: s.title for s in SCREENS}
    k, n = slides.position(slugs, current)
    prev, nxt = slides.step(slugs, current, -1), slides.step(slugs, current, 1)
    st.session_state[_SCREEN_WIDGET] = current
    st.session_state[_MONTH_WIDGET] = period
    with st.container(horizontal=True, key="present_controls", vertical_alignment="center", gap="small"):
        st.button(texts.PRESENT_PREV, key="present_prev", on_click=_go, args=(prev,), disabled=k == 1,
                  shortcut="PageUp")
        st.selectbox(texts.PRESENT_PICK_SCREEN, slugs, key=_SCREEN_WIDGET, format_func=titles.get,
                     on_change=_picked_screen, label_visibility="collapsed", width=260)
        st.selectbox(texts.PRESENT_PICK_MONTH, [f"{y}-{m:02d}" for y, m in periods], key=_MONTH_WIDGET,
                     format_func=ui.month_labels(ui.current_key()).get, on_change=_picked_month,
                     label_visibility="collapsed", width=320)  # wide enough for “(chưa đủ: 3/32)”
        st.button(texts.PRESENT_NEXT, key="present_next", on_click=_go, args=(nxt,), disabled=k == n,
                  shortcut="PageDown", type="primary")
        st.space("stretch")
        _exit_link(period)
    st.button(texts.PRESENT_PREV, key="present_prev_arrow", on_click=_go, args=(prev,), disabled=k == 1,
              shortcut="Left")
    st.button(texts.PRESENT_NEXT, key="present_next_arrow", on_click=_go, args=(nxt,), disabled=k == n,
              shortcut="Right")


def _exit_link(period: str) -> None:
    """“Thoát trình chiếu”: back to the overview page, same month, inside the app (no reload, so
    the sign-in is kept). A page run outside ``dashboard.py``'s navigation (only AppTest does
    that: the server always reroutes, see ``ui.ensure_navigation``) has no page to link to."""
    try:
        st.page_link("pages/overview.py", label=texts.PRESENT_EXIT, icon=":material/close:",
                     query_params={ui_state.QP_MONTH: period})
    except StreamlitPageNotFoundError:
        pass


def title_bar(title: str, ctx: ui.PageContext, current: str) -> DeltaGenerator:
    """The screen's name, big, over “Tính đến Tháng 6/2025 · 3/5”; returns the rest of the row,
    where a screen puts its status tiles."""
    k, n = slides.position([s.slug for s in SCREENS], current)
    with st.container(horizontal=True, key="present_title", vertical_alignment="center", gap="medium"):
        with st.container(width="content", gap=None, key="present_heading"):
            st.title(title, anchor=False)
            st.markdown(f"{texts.PRESENT_AS_OF.format(period=ctx.period_label)} · "
                        f"{texts.PRESENT_POSITION.format(k=k, n=n)}", width="content")
            partial = ui.partial_short(ctx)  # a partly reported month says so, in orange, under it
            if partial:
                st.markdown(partial, width="content")
        return st.container(horizontal=True, horizontal_alignment="right", gap="xsmall", key="present_aside")


# --- the screens ------------------------------------------------------------------------------

def status_tiles(aside: DeltaGenerator, counts: dict[str, int], score=None, with_score: bool = True) -> None:
    """In the title row: one tile per status, worst first, zeros too (a big number and the
    status word, in its colour), and the score."""
    for status, count in counts.items():
        with aside.container(border=True, key=f"present_tile_{status}", width="content"):
            st.markdown(f"**{count}**  \n{texts.STATUS_TILE_LABELS[status]}")
    if with_score:
        with aside.container(border=True, key="present_tile_score", width="content"):
            st.markdown(f"**{_score_text(score)}**  \n{texts.SCORE_LABEL}", help=texts.SCORE_HELP)


def indicator_list(ctx: ui.PageContext, sector: str) -> None:
    """The sector's indicators worst first, one group per status under its coloured word; long
    sectors list the better groups by name and % only."""
    columns = [texts.PRESENT_COL_NAME, texts.PRESENT_COL_PROGRESS, texts.PRESENT_COL_PERCENT]
    with st.container(key="present_list_head"):
        st.markdown(_md_table(columns, [["", "", ""]]))
    for group in _groups(ctx.key, ctx.year, ctx.month, sector):
        status, rows = group["status"], group["rows"]
        heading = f"**{texts.STATUS_LABELS[status]}** · {texts.PRESENT_INDICATORS.format(n=len(rows))}"
        if group["compact"]:  # one paragraph: the status word, then each name with its % (in colour)
            with st.container(key=f"present_compact_{status}"), st.container(key=f"present_group_{status}"):
                st.markdown(f"{heading}: " + " · ".join(
                    f"{fmt.md_escape(r['name'])} **{fmt.md_escape(r['percent'])}**" for r in rows))
            continue
        with st.container(key=f"present_group_{status}", gap="xxsmall"):
            st.markdown(heading)
            st.markdown(_md_table(columns, [[r["name"], r["progress"], r["percent"]] for r in rows]))


def staff_notes(ctx: ui.PageContext, sector: str) -> None:
    """The newest notes staff wrote for the at-risk and behind indicators (escaped Markdown)."""
    lines = _focus_notes(ctx.key, ctx.year, ctx.month, sector)
    if lines:
        with st.container(key="present_notes"):
            st.markdown(f"**{texts.PRESENT_NOTES_TITLE}**  \n" + "  \n".join(lines))


def _sector_screen(sector: str) -> Callable[[ui.PageContext, DeltaGenerator], None]:
    def draw(ctx: ui.PageContext, aside: DeltaGenerator) -> None:
        """Status tiles, the indicators worst first, the bars of % of plan."""
        summary = ui.cached_summary(ctx.key, ctx.year, ctx.month)
        score = summary.loc[summary["sector"] == sector, "score"]
        status_tiles(aside, _counts(ctx.key, ctx.year, ctx.month, sector), score.iloc[0] if len(score) else None)
        left, right = st.columns([3, 2], gap="medium", vertical_alignment="top")
        with left:
            indicator_list(ctx, sector)
        with right:
            st.plotly_chart(_bars(ctx.key, ctx.year, ctx.month, sector), config=ui.PLOTLY_CONFIG,
                            width="stretch", alt=f"{texts.PRESENT_FIGURE_TITLE} – {texts.SECTORS[sector]}")
            st.caption(texts.PRESENT_FIGURE_CAPTION.format(period=ctx.period_label))
            staff_notes(ctx, sector)
    return draw


def overview_screen(ctx: ui.PageContext, aside: DeltaGenerator) -> None:
    """The year at a glance: the ward's count of each status; per sector its score and counts;
    then the indicators at risk across the ward."""
    ward = _counts(ctx.key, ctx.year, ctx.month, None)
    st.html(_card_rows_css(ward))  # constant CSS of lib.core.texts colours only
    status_tiles(aside, ward, with_score=False)
    summary = ui.cached_summary(ctx.key, ctx.year, ctx.month)
    for column, row in zip(st.columns(len(summary), gap="small"), summary.to_dict("records")):
        with column.container(border=True, key=f"present_card_{row['sector']}", gap="xxsmall"):
            st.subheader(texts.SECTORS[row["sector"]], anchor=False)
            st.markdown(f"**{_score_text(row['score'])}** {texts.SCORE_LABEL}", help=texts.SCORE_HELP)
            st.markdown(_md_table(["", ""], [[str(int(row[s])), texts.STATUS_LABELS[s]]
                                             for s in ward]))  # the tiles' statuses: cards align
    at_risk = _at_risk(ctx.key, ctx.year, ctx.month)
    with st.container(key="present_at_risk", gap="xxsmall"):
        st.subheader(texts.PRESENT_FULL_TITLES[tuple(sorted({r["status"] for r in at_risk}))], anchor=False)
        if not at_risk:
            st.markdown(texts.PRESENT_NONE_AT_RISK)
            return
        lines = MAX_OVERVIEW_AT_RISK - max(0, len(ward) - CARD_ROWS)  # the screen holds the cards and the list
        shown = lines if len(at_risk) <= lines else lines - 1
        st.markdown(_md_table(
            [texts.PRESENT_COL_NAME, texts.PRESENT_COL_SECTOR, texts.PRESENT_COL_PROGRESS, texts.PRESENT_COL_PERCENT],
            [[r["name"], r["sector"], r["progress"], r["percent"]] for r in at_risk[:shown]]))
        if len(at_risk) > shown:  # the line “… và 4 chỉ tiêu khác” takes the place of a row
            st.markdown(texts.PRESENT_MORE.format(n=len(at_risk) - shown))


MAX_LATE_TASKS = 6  # late items listed on the tasks screen (the rest counted)
EMU_TOP, EMU_BOTTOM = 5, 3  # units shown at the top and at the bottom of each ranking


def tasks_screen(ctx: ui.PageContext, aside: DeltaGenerator) -> None:
    """Nhiệm vụ – Công trình: counts by status and late; the works' progress; the late items."""
    tc = ui_tasks.load(ctx)
    view = tc.view
    counts = tasks_mod.summary(view, tc.as_of)  # an item nobody has updated counts apart, never as 0%
    for label, count, status in [
        *[(texts.TASK_STATUS_LABELS[s], counts[s], s) for s in texts.TASK_STATUS_LABELS],
        *([(texts.TASKS_NOT_REPORTED, counts["not_reported"], "not_reported")] if counts["not_reported"] else []),
        (texts.TASKS_METRIC_LATE, int(view["late"].sum()), "late"),
    ]:
        with aside.container(border=True, key=f"present_tile_task_{status}", width="content"):
            st.markdown(f"**{count}**  \n{label}")
    left, right = st.columns([1, 1], gap="medium", vertical_alignment="top")
    works = view[view["kind"] == "cong_trinh"]
    with left.container(key="present_works", gap="xxsmall"):
        st.subheader(texts.PRESENT_TASKS_WORKS, anchor=False)
        st.markdown(_md_table(
            [texts.PRESENT_COL_TASK, texts.PRESENT_COL_TASK_PROGRESS, texts.PRESENT_COL_DEADLINE],
            [[r["title_vi"], f"{int(r['progress'])}% · {texts.TASK_STATUS_LABELS[r['status']].lower()}"
              if tasks_mod.is_reported(r) else texts.TASKS_NOT_REPORTED,
              fmt.day(r["deadline"])] for r in works.to_dict("records")]))
        if tasks_mod.demo_notice(view, short=True):
            st.caption(tasks_mod.demo_notice(view, short=True))
    late = view[view["late"]]
    with right.container(key="present_late", gap="xxsmall"):
        st.subheader(texts.PRESENT_TASKS_LATE, anchor=False)
        if late.empty:
            st.markdown(texts.PRESENT_TASKS_NONE_LATE)
            return
        shown = late.head(MAX_LATE_TASKS if len(late) <= MAX_LATE_TASKS else MAX_LATE_TASKS - 1)
        st.markdown(_md_table(
            [texts.PRESENT_COL_TASK, texts.PRESENT_COL_OWNER, texts.PRESENT_COL_WHY],
            [[r["title_vi"], r["owner_name"], r["late_reason"]] for r in shown.to_dict("records")]))
        if len(late) > len(shown):
            st.markdown(texts.PRESENT_TASKS_MORE.format(n=len(late) - len(shown)))


def emulation_screen(ctx: ui.PageContext, aside: DeltaGenerator) -> None:
    """Thi đua: for the tổ dân phố and for the departments, the leaders and the last ones, by the
    share of their maximum; a kind without the figures its ranking rests on says what is missing."""
    from lib.analytics import scoring

    board = ui_emulation.scoreboard(ctx)
    for column, kind in zip(st.columns(2, gap="medium"), texts.EMU_KIND_LABELS):
        rows = scoring.ranked(board.scoreboard.ranking, kind).to_dict("records")
        notes = scoring.missing_notes(board.scoreboard.ranking, kind)
        picked = rows if len(rows) <= EMU_TOP + EMU_BOTTOM else [*rows[:EMU_TOP], None, *rows[-EMU_BOTTOM:]]
        with column.container(key=f"present_emu_{kind}", gap="xxsmall"):
            st.subheader(texts.EMU_KIND_LABELS[kind], anchor=False)
            if rows:
                st.markdown(_md_table(
                    [texts.PRESENT_COL_RANK, texts.PRESENT_COL_UNIT, texts.PRESENT_COL_SCORE, texts.COL_EMU_SHARE],
                    [["…", "", "", ""] if r is None else
                     [str(int(r["rank"])), r["display_name"], fmt.decimal_text(r["total"], "#,##0.0"),
                      fmt.percent(r["share"])] for r in picked]))
            if notes:
                st.markdown("\n".join(f"- {fmt.md_escape(n)}" for n in notes))
    st.caption(texts.EMU_SHARE_NOTE)


SCREENS: list[Screen] = [
    Screen(slides.OVERVIEW, texts.PAGE_OVERVIEW, overview_screen),
    *[Screen(sector, title, _sector_screen(sector)) for sector, title in texts.SECTORS.items()],
    Screen("nhiem-vu", texts.PAGE_TASKS, tasks_screen),
    Screen("thi-dua", texts.PAGE_EMULATION, emulation_screen),
]


def page() -> None:
    """The whole page: access first, then the large-type style, the controls and one screen."""
    ui.ensure_navigation()
    ui_auth.require("view")  # nothing of the data is drawn before this returns
    st.html(_STYLE)
    key, periods = _data_key()
    period = _chosen_month(key, periods)
    year, month = (int(p) for p in period.split("-"))
    slugs = [s.slug for s in SCREENS]
    current = slides.resolve(slugs, st.query_params.get(QP_SCREEN))
    st.query_params[QP_SCREEN] = current
    controls(current, period, periods)
    ctx = ui.PageContext(key, year, month, ui.cached_gaps(key, year, month))
    screen = SCREENS[slugs.index(current)]
    screen.draw(ctx, title_bar(screen.title, ctx, current))
