"""The dashboard in a real browser: a Streamlit server on the demo months, driven by headless Chromium.

One server for the whole module (``TQT_DATA_DIR`` = an empty folder, so the shipped demo is
shown). Every test opens its own browser context, i.e. its own Streamlit session.

Needs Debian's chromium (``apt-get install chromium``); the module is skipped without it.
Screenshots of every page go to ``$TQT_SCREENSHOT_DIR`` when set, else to a pytest tmp folder
(its path is printed with ``pytest -s``). The ``browser``, ``page`` and ``shots`` fixtures are in
``tests/conftest.py``; the helpers shared with the other browser tests in ``tests/support/server.py``.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.support.data import write_partial_months
from tests.support.helpers import DEMO_BANNER_START
from tests.support.server import (
    assert_no_errors,
    full_screenshot,
    grid_text,
    open_from_sidebar,
    page_text,
    require_browser,
    sidebar,
    streamlit_server,
    wait_rendered,
)

require_browser()
pytestmark = pytest.mark.browser  # (tests/conftest.py would mark them anyway)

NAV = ["Tổng quan", "Nông nghiệp", "Ngân sách", "Văn hóa – Xã hội", "Quốc phòng – An ninh", "Nhiệm vụ – Công trình",
       "Thi đua", "Báo cáo", "Trình chiếu", "Dữ liệu"]

# path, title (h1), drawn Plotly charts, figures that must be visible somewhere on the page.
PAGES = {
    "overview": ("/", "Tổng quan", 1, ["13.345"]),
    "agriculture": ("/agriculture", "Nông nghiệp", 2, ["1.260 tấn", "14,5 tấn"]),
    "budget": ("/budget", "Ngân sách", 2, ["13.345", "13.345 triệu đồng"]),
    "society": ("/society", "Văn hóa – Xã hội", 2, ["0,17%"]),
    "security": ("/security", "Quốc phòng – An ninh", 2, ["Đạt"]),
}


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    empty = tmp_path_factory.mktemp("no_data")  # no month files → the demo months
    with streamlit_server(env={"TQT_DATA_DIR": str(empty)}) as url:
        yield url


# --- helpers ----------------------------------------------------------------------------------

def open_page(page, url: str, charts: int) -> None:
    page.goto(url)
    wait_rendered(page, charts, expected_tables=1, table_text=True)


def month_input(page):
    return sidebar(page).get_by_role("combobox", name="Tính đến tháng")


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def drawn_charts(page) -> int:
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg').evaluate_all(
        "els => new Set(els.map(e => e.closest('[data-testid=\"stPlotlyChart\"]'))).size")


def choose_month(page, label: str, period: str, charts: int = 2) -> None:
    """Pick ``label`` in the sidebar's month box; wait for ``thang=<period>`` in the URL and the page."""
    month_input(page).click()
    page.get_by_role("option", name=label, exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]thang={period}(&|$)"))
    wait_rendered(page, charts, expected_tables=1, table_text=True)


# --- tests ------------------------------------------------------------------------------------
# Keep this test first: it must be the first request the fresh server ever gets.

def test_first_request_to_a_page_url_uses_the_navigation(server, page):
    """A cold server asked for /budget (not /) serves it through dashboard.py's st.navigation."""
    open_page(page, server + "/budget", 2)
    nav = page.locator('[data-testid="stSidebarNav"] [data-testid="stSidebarNavLink"] [data-testid="stMarkdownContainer"]')
    names = [t.strip() for t in nav.all_inner_texts()]
    assert names == NAV  # not the legacy menu of file names (overview, agriculture, budget…)
    assert page.locator("h1").first.inner_text().strip() == "Ngân sách"
    assert urlparse(page.url).path == "/budget"
    assert DEMO_BANNER_START in page_text(page)
    assert_no_errors(page)


@pytest.mark.parametrize("name", list(PAGES))
def test_page(server, page, shots, name):
    path, title, charts, figures = PAGES[name]
    open_page(page, server + path, charts)
    assert_no_errors(page)
    assert page.locator("h1").first.inner_text().strip() == title
    assert drawn_charts(page) == charts
    text = page_text(page)
    assert DEMO_BANNER_START in text
    assert page.get_by_text(DEMO_BANNER_START).first.is_visible()
    for figure in figures:
        assert figure in text, f"{figure!r} not on {path}"
    assert month_input(page).input_value() == "Tháng 12/2025"
    assert query(page).get("thang") == "2025-12"
    full_screenshot(page, shots / f"{name}.png")


def test_budget_gauge_shows_the_state_revenue_target(server, page):
    """The gauges are SVG text: the plan figure is there, written the Vietnamese way."""
    open_page(page, server + "/budget", 2)
    svg = page.locator('[data-testid="stPlotlyChart"] .main-svg').all_text_contents()
    assert any("13.345 triệu đồng" in t for t in svg)


def test_month_from_the_url(server, page):
    open_page(page, server + "/budget?thang=2025-06", 2)
    assert_no_errors(page)
    assert month_input(page).input_value() == "Tháng 6/2025"
    text = page_text(page)
    assert "Tháng 6/2025" in text
    assert "6.211 triệu đồng" in text
    assert query(page).get("thang") == "2025-06"


def test_choosing_a_month_updates_the_url(server, page):
    open_page(page, server + "/budget", 2)
    choose_month(page, "Tháng 6/2025", "2025-06")
    assert month_input(page).input_value() == "Tháng 6/2025"
    assert "6.211 triệu đồng" in page_text(page)
    assert_no_errors(page)


def test_navigation_keeps_the_chosen_month(server, page):
    open_page(page, server + "/budget", 2)
    choose_month(page, "Tháng 3/2025", "2025-03")

    open_from_sidebar(page, "Nông nghiệp", "/agriculture", charts=2)
    assert_no_errors(page)
    assert month_input(page).input_value() == "Tháng 3/2025"
    assert "Tháng 3/2025" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    page.wait_for_url(re.compile(r"[?&]thang=2025-03(&|$)"))

    open_from_sidebar(page, "Tổng quan", "/", charts=1)
    assert_no_errors(page)
    assert month_input(page).input_value() == "Tháng 3/2025"
    assert query(page).get("thang") == "2025-03"


# --- a partly reported month (its own server: January, February full; March 3 indicators) ------

@pytest.fixture(scope="module")
def partial_server(tmp_path_factory):
    root = write_partial_months(tmp_path_factory.mktemp("partial"))
    with streamlit_server(env={"TQT_DATA_DIR": str(root)}) as url:
        yield url


def test_partial_month_says_how_complete_it_is(partial_server, page, shots):
    """What a person sees on a link to March, reported for 3 indicators of 32."""
    open_page(page, partial_server + "/?thang=2025-03", 1)
    assert_no_errors(page)
    line = page.locator('[data-testid="stCaptionContainer"]', has_text="Tháng 3/2025: 3/32 chỉ tiêu đã báo cáo")
    assert line.count() == 1
    assert line.is_visible()
    assert "Tháng chưa đủ số liệu" in line.inner_text()  # the badge, in the same line
    assert month_input(page).input_value() == "Tháng 3/2025 (chưa đủ: 3/32)"
    assert "⚠ 2.050 (T2)" in grid_text(page)  # a figure older than March is marked beside the figure
    full_screenshot(page, shots / "partial-march.png")


def test_partial_month_default_and_missing_month_link(partial_server, page, shots):
    open_page(page, partial_server + "/", 1)
    assert_no_errors(page)
    assert month_input(page).input_value() == "Tháng 2/2025"  # the latest fully reported month
    assert query(page).get("thang") == "2025-02"
    assert page.get_by_text("Tháng 2/2025: 31/32 chỉ tiêu đã báo cáo", exact=False).first.is_visible()

    open_page(page, partial_server + "/budget?thang=2025-09", 2)
    note = "Liên kết mở Tháng 9/2025, nhưng tháng này chưa có số liệu. Đang hiển thị Tháng 2/2025."
    assert page.get_by_text(note).is_visible()
    assert month_input(page).input_value() == "Tháng 2/2025"
    full_screenshot(page, shots / "partial-missing-link.png")

