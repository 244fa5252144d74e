"""Presentation mode (Trình chiếu) in a real browser: what the meeting room sees on the projector.

One Streamlit server on the demo months for the module; headless Debian chromium at the two
projector sizes, 1920×1080 and 1280×720. Screenshots of every screen at both sizes are saved as
``present-<width>x<height>-<screen>.png`` in ``$TQT_SCREENSHOT_DIR`` (or a pytest tmp folder,
printed with ``pytest -s``).

The first request of the module goes straight to a presentation link on the fresh server, as a
link opened on the meeting-room computer would: it must open the screen asked for, with no
“Page not found” notice (pages keep their file names as URLs, which Streamlit's legacy
``pages/`` mode also knows).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.support.helpers import DEMO_BANNER_START
from tests.support.server import (
    assert_no_errors,
    require_browser,
    sidebar,
    streamlit_server,
    wait_rendered,
)

require_browser()
pytestmark = pytest.mark.browser  # (tests/conftest.py would mark them anyway)

SIZES = [(1920, 1080), (1280, 720)]
SCREENS = {  # ?linh_vuc= → the title (h1), in the order of the screens
    "tong-quan": "Tổng quan",
    "agriculture": "Nông nghiệp",
    "budget": "Ngân sách",
    "society": "Văn hóa – Xã hội",
    "security": "Quốc phòng – An ninh",
    "nhiem-vu": "Nhiệm vụ – Công trình",
    "thi-dua": "Thi đua",
}
SECTOR_SCREENS = ["agriculture", "budget", "society", "security"]  # the screens with a chart


@pytest.fixture(scope="module")
def server(tmp_path_factory, browser):
    empty = tmp_path_factory.mktemp("no_data")  # no month files → the demo months
    with streamlit_server(env={"TQT_DATA_DIR": str(empty)}) as url:
        yield url


def new_page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_screen(page, slug: str) -> None:
    """The screen ``slug`` is drawn: its title, its figure (sector screens), the run ended and the
    page's style applied (it can arrive a moment after the first elements)."""
    page.locator(".st-key-present_title h1", has_text=SCREENS[slug]).wait_for()
    wait_rendered(page, 1 if slug in SECTOR_SCREENS else 0)
    page.wait_for_function("() => parseFloat(getComputedStyle(document.documentElement).fontSize) >= 20")
    page.wait_for_timeout(200)  # Plotly's and the grid's layout after the font change


def open_screen(page, server: str, slug: str, month: str = "2025-06") -> None:
    page.goto(f"{server}/present?thang={month}&linh_vuc={slug}")
    wait_screen(page, slug)
    assert page.get_by_text("Page not found").count() == 0  # also on the fresh server's first request


def scroll_overflow(page) -> int:
    """How many pixels of the screen lie below the window (0: it all fits)."""
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return main.scrollHeight - main.clientHeight;
    }""")


def font_px(page, selector: str) -> float:
    return page.evaluate("(s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize)", selector)


def button(page, key: str):
    """The button of ``key`` (Streamlit draws a second, hidden copy for its tooltip)."""
    return page.locator(f".st-key-{key} button:visible").first


def click_next(page, slug: str) -> None:
    button(page, "present_next").click()
    page.wait_for_url(re.compile(rf"[?&]linh_vuc={slug}(&|$)"))
    wait_screen(page, slug)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_screens_on_the_projector(server, browser, shots, width, height):
    page = new_page(browser, width, height)
    open_screen(page, server, "agriculture")
    assert_no_errors(page)
    assert page.get_by_text(DEMO_BANNER_START).first.is_visible()  # demo data says so, even here

    # no sidebar, no header: the screen is the content
    assert not sidebar(page).is_visible()
    assert not page.locator('header[data-testid="stHeader"]').is_visible()
    assert not page.locator('[data-testid="stSidebarNav"]').is_visible()

    title = page.locator(".st-key-present_title h1")
    assert title.inner_text().strip() == "Nông nghiệp" and title.is_visible()
    assert page.get_by_text("Tính đến Tháng 6/2025 · 2/7").is_visible()
    chart = page.locator('[data-testid="stPlotlyChart"] .main-svg').first
    assert chart.is_visible()
    assert "Sản lượng đậu các loại" in " ".join(
        page.locator('[data-testid="stPlotlyChart"] .main-svg').all_text_contents())

    # large type: the page's root and body, the indicator lines and the title
    assert font_px(page, "html") >= 20 and font_px(page, "body") >= 20
    assert font_px(page, '[class*="st-key-present_group_"] td') >= 18
    assert font_px(page, ".st-key-present_title h1") >= 36
    page.screenshot(path=str(shots / f"present-{width}x{height}-agriculture.png"))

    # “Tiếp ▶” walks the sectors; the URL always names the screen shown
    for slug in ["budget", "society", "security", "nhiem-vu", "thi-dua"]:
        click_next(page, slug)
        assert query(page) == {"linh_vuc": slug, "thang": "2025-06"}
        if slug in SECTOR_SCREENS:
            assert page.locator('[data-testid="stPlotlyChart"] .main-svg').first.is_visible()
        page.screenshot(path=str(shots / f"present-{width}x{height}-{slug}.png"))
    assert button(page, "present_next").is_disabled()  # the last screen

    open_screen(page, server, "tong-quan")
    assert button(page, "present_prev").is_disabled()  # the first screen
    assert page.get_by_text("Các chỉ tiêu nguy cơ không đạt").is_visible()
    page.screenshot(path=str(shots / f"present-{width}x{height}-tong-quan.png"))
    page.context.close()


def test_every_screen_fits_1920x1080_without_scrolling(server, browser):
    """Every screen of June (and of the months with the longest lists) in one projector window,
    even in local mode, whose red banner takes a line that a real deployment does not have."""
    page = new_page(browser, 1920, 1080)
    for month in ["2025-06", "2025-01", "2025-09", "2025-12"]:
        for slug in SCREENS:
            open_screen(page, server, slug, month)
            assert scroll_overflow(page) <= 1, (month, slug)
    page.context.close()


def test_presentation_clicker_keys(server, browser):
    """PageDown / PageUp (what clickers send) and the arrow keys change the screen."""
    page = new_page(browser, 1920, 1080)
    open_screen(page, server, "agriculture")
    for key, slug in [("PageDown", "budget"), ("ArrowRight", "society"), ("ArrowLeft", "budget"),
                      ("PageUp", "agriculture"), ("PageUp", "tong-quan")]:
        page.keyboard.press(key)
        page.wait_for_url(re.compile(rf"[?&]linh_vuc={slug}(&|$)"))
        wait_screen(page, slug)
    page.keyboard.press("PageUp")  # on the first screen: nothing happens
    page.wait_for_timeout(800)
    assert query(page)["linh_vuc"] == "tong-quan"
    page.context.close()


def test_leaving_goes_back_to_the_overview_page_with_the_month(server, browser):
    page = new_page(browser, 1600, 1000)
    open_screen(page, server, "budget", "2025-03")
    page.get_by_role("link", name="Thoát trình chiếu").click()
    page.wait_for_url(re.compile(r"/\?thang=2025-03$"))
    page.locator("h1", has_text="Tổng quan").wait_for()
    wait_rendered(page, 1, expected_tables=1)
    assert sidebar(page).is_visible()  # the large type and the hidden sidebar were this page's only
    assert font_px(page, "html") == 16
    assert sidebar(page).get_by_role("combobox", name="Tính đến tháng").input_value() == "Tháng 3/2025"
    page.context.close()
