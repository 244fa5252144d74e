"""The state every page shares in the session and the URL: the month shown.

Its own module so that ``lib.ui`` (the month picker) and ``lib.ui.data`` (which shows the month just
saved) both use it without importing each other.
"""
from __future__ import annotations

import streamlit as st

QP_MONTH = "thang"  # the URL's month (?thang=2025-06)
STATE_MONTH = "_as_of_period"  # the session's month, kept across pages
STATE_LINK_NOTE = "_as_of_link_note"  # (message, month shown) after a link named a month without data


def show_month(year: int, month: int) -> None:
    """Make ``month`` of ``year`` the month every page shows (session and URL), e.g. right after
    it was saved; the sidebar picker follows on the next run."""
    period = f"{int(year)}-{int(month):02d}"
    st.session_state[STATE_MONTH] = period
    st.session_state.pop(STATE_LINK_NOTE, None)
    st.query_params[QP_MONTH] = period
