"""The dashboard in a real browser: a Streamlit server on the demo months, driven by headless Chromium.

One server for the whole module (``TQT_DATA_DIR`` = an empty folder, so the shipped demo is
shown). Every test opens its own browser context, i.e. its own Streamlit session.

Needs Debian's chromium (``apt-get install chromium``); the module is skipped without it.
Screenshots of every page go to ``$TQT_SCREENSHOT_DIR`` when set, else to a pytest tmp folder
(its path is printed with ``pytest -s``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from tests.streamlit_server import CHROMIUM, launch_chromium, streamlit_server, wait_rendered

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

NAV = ["Tổng quan", "Nông nghiệp", "Ngân sách", "Văn hóa – Xã hội", "Quốc phòng – An ninh", "Dữ liệu"]
DEMO_BANNER = "Đang hiển thị số liệu MINH HỌA"
VIEWPORT = {"width": 1600, "height": 1000}

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


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("TQT_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {path}")
    return path


# --- helpers ----------------------------------------------------------------------------------

def open_page(page, url: str, charts: int) -> None:
    page.goto(url)
    wait_rendered(page, charts, expected_tables=1, table_text=True)


def page_text(page) -> str:
    """Everything a reader can see as text: the body (Plotly's SVG text included) and the tables.

    ``st.dataframe`` draws its cells on a canvas; the grid also keeps an accessible ``<table>``
    copy of the rendered cells, which is hidden from ``inner_text`` but has them as textContent.
    """
    body = page.inner_text("body")
    tables = page.locator('[data-testid="stDataFrame"] table').all_text_contents()
    return body + "\n" + "\n".join(tables)


def month_input(page):
    return page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name="Tính đến tháng")


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def assert_no_errors(page) -> None:
    for testid in ("stException", "stAlertContentError"):
        boxes = page.locator(f'[data-testid="{testid}"]')
        assert boxes.count() == 0, f"{testid}: {boxes.first.inner_text()}"


def drawn_charts(page) -> int:
    return page.locator('[data-testid="stPlotlyChart"] .js-plotly-plot .main-svg').evaluate_all(
        "els => new Set(els.map(e => e.closest('[data-testid=\"stPlotlyChart\"]'))).size")


def full_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its own container: grow the viewport to the content, then shoot."""
    height = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(main ? main.scrollHeight : 0, document.body.scrollHeight);
    }""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height + 40, 3200), 8000)})
    page.wait_for_timeout(300)  # let Plotly and the grid lay out again
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


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
    assert DEMO_BANNER in page_text(page)
    assert_no_errors(page)


@pytest.mark.parametrize("name", list(PAGES))
def test_page(server, page, shots, name):
    path, title, charts, figures = PAGES[name]
    open_page(page, server + path, charts)
    assert_no_errors(page)
    assert page.locator("h1").first.inner_text().strip() == title
    assert drawn_charts(page) == charts
    text = page_text(page)
    assert DEMO_BANNER in text
    assert page.get_by_text(DEMO_BANNER).first.is_visible()
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


def choose_month(page, label: str) -> None:
    month_input(page).click()
    page.get_by_role("option", name=label, exact=True).click()


def test_choosing_a_month_updates_the_url(server, page):
    open_page(page, server + "/budget", 2)
    choose_month(page, "Tháng 6/2025")
    page.wait_for_url(re.compile(r"[?&]thang=2025-06(&|$)"))
    wait_rendered(page, 2, expected_tables=1, table_text=True)
    assert month_input(page).input_value() == "Tháng 6/2025"
    assert "6.211 triệu đồng" in page_text(page)
    assert_no_errors(page)


def test_navigation_keeps_the_chosen_month(server, page):
    open_page(page, server + "/budget", 2)
    choose_month(page, "Tháng 3/2025")
    page.wait_for_url(re.compile(r"[?&]thang=2025-03(&|$)"))
    wait_rendered(page, 2, expected_tables=1, table_text=True)

    page.locator('[data-testid="stSidebarNavLink"]', has_text="Nông nghiệp").click()
    page.wait_for_url(re.compile(r"/agriculture(\?|$)"))
    page.locator("h1", has_text="Nông nghiệp").wait_for()
    wait_rendered(page, 2, expected_tables=1, table_text=True)
    assert_no_errors(page)
    assert month_input(page).input_value() == "Tháng 3/2025"
    assert "Tháng 3/2025" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    page.wait_for_url(re.compile(r"[?&]thang=2025-03(&|$)"))

    page.locator('[data-testid="stSidebarNavLink"]', has_text="Tổng quan").click()
    page.wait_for_url(re.compile(r"/(\?|$)"))
    page.locator("h1", has_text="Tổng quan").wait_for()
    wait_rendered(page, 1, expected_tables=1, table_text=True)
    assert_no_errors(page)
    assert month_input(page).input_value() == "Tháng 3/2025"
    assert query(page).get("thang") == "2025-03"
