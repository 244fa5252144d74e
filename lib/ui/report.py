"""The Báo cáo page's blocks: the drafted report, editable, and its downloads.

The draft comes from ``lib.report.model.build_report`` (cached per data version and month); a leader's
edits live in the session, per month, in the text areas' own state. Files are generated only when
a download button is clicked (``st.download_button`` with a callable), from the text as shown.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from lib.core import texts
from lib.report import export, model
from lib.ui import DataKey, PageContext, cached_store

_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


@st.cache_resource(max_entries=16, show_spinner=False)
def _draft(key: DataKey, year: int, month: int) -> model.Report:
    """The report as drafted from the figures (the date and number are set per session)."""
    return model.build_report(cached_store(key), year, month, issued=date.today())


def _widget_key(ctx: PageContext, section: str) -> str:
    return f"_report_{ctx.year}-{ctx.month:02d}_{section}"


def _reset(ctx: PageContext, keys: list[str]) -> None:
    for k in keys:
        st.session_state.pop(_widget_key(ctx, k), None)
        st.session_state.pop(_widget_key(ctx, k) + "_draft", None)


def draft_editor(ctx: PageContext) -> model.Report:
    """Date, number and one text area per section; returns the report as the page now shows it."""
    draft = _draft(ctx.key, ctx.year, ctx.month)
    st.caption(texts.REPORT_PAGE_INTRO.format(period=ctx.period_label) + " " + texts.REPORT_PARAGRAPH_HELP)
    left, right, _ = st.columns([1, 1, 2])
    issued = left.date_input(texts.REPORT_DATE, value=date.today(), format="DD/MM/YYYY",
                             key=f"_report_{ctx.year}-{ctx.month:02d}_date")
    number = right.text_input(texts.REPORT_NUMBER_LABEL, value=draft.heading.number,
                              help=texts.REPORT_NUMBER_HELP, key=f"_report_{ctx.year}-{ctx.month:02d}_number")

    head, reset = st.columns([4, 1], vertical_alignment="bottom")
    head.subheader(texts.REPORT_DRAFT_TITLE)
    reset.button(texts.REPORT_RESET, help=texts.REPORT_RESET_HELP, icon=":material/restart_alt:",
                 on_click=_reset, args=(ctx, [s.key for s in draft.sections]), width="stretch")
    st.markdown(f"**{draft.title}**  \n**{draft.subtitle}**")
    edited = {}
    for section in draft.sections:
        original = "\n\n".join(section.paragraphs)
        widget = _widget_key(ctx, section.key)
        if st.session_state.get(widget) in (None, st.session_state.get(widget + "_draft")):
            st.session_state[widget] = original  # not edited: follow the figures when they change
        st.session_state[widget + "_draft"] = original
        label = section.title or texts.REPORT_DRAFT_TITLE
        text = st.text_area(label, key=widget, height="content",
                            label_visibility="visible" if section.title else "collapsed")
        if text != original:
            st.caption(f":orange-badge[{texts.REPORT_EDITED}]")
            edited[section.key] = text
    heading = replace(draft.heading, number=number.strip() or draft.heading.number,
                      place_date=model.heading(issued).place_date)
    return replace(draft.with_sections(edited), issued=issued, heading=heading)


def downloads_area():
    """A bordered place near the top of the page for the downloads, filled once the draft is read."""
    return st.container(border=True)


def downloads(rep: model.Report) -> None:
    """The four downloads; each file is built when its button is clicked, not before."""
    st.subheader(texts.REPORT_EXPORT_TITLE)
    st.caption(texts.REPORT_EXPORT_HELP)
    columns = st.columns(4)
    buttons = [
        (texts.REPORT_DOCX, "docx", lambda: export.docx_bytes(rep), ":material/description:"),
        (texts.REPORT_PDF, "pdf", lambda: export.pdf_bytes(rep), ":material/picture_as_pdf:"),
        (texts.REPORT_XLSX, "xlsx", lambda: export.xlsx_bytes(rep), ":material/table_view:"),
        (texts.REPORT_PNG, "zip", lambda: export.zip_of_pngs(rep), ":material/bar_chart:"),
    ]
    for column, (label, ext, build, icon) in zip(columns, buttons):
        column.download_button(label, data=build, file_name=export.filename(rep, ext), mime=_MIME[ext],
                               on_click="ignore", icon=icon, width="stretch", key=f"_download_{ext}")
