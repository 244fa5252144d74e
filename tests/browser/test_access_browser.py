"""The sign-in gate in a real browser, on freshly started servers (Playwright on Debian's Chromium).

Streamlit can serve a page's URL before any session has run ``dashboard.py``; the gate must hold
there too. For every page URL a new server is started and its very first request, from nobody,
must show the sign-in and not one number. Then a viewer signs in through a shared link and lands
on the view the link names.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from lib.access import auth
from lib.core import texts
from lib.storage import month_store
from tests.support.server import CHROMIUM, launch_chromium, streamlit_server

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")]

PAGES = ["/", "/agriculture", "/budget", "/society", "/security", "/tasks", "/emulation", "/report", "/present",
         "/data"]
VIEWER, PASSWORD = "xem", "mat-khau-xem-01"


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    root = tmp_path_factory.mktemp("secured")
    data = root / "data"
    month_store.import_rows(data, "2025-03", [{"indicator_code": "state_revenue", "value": 3210, "note": ""}], user="t")
    month_store.import_rows(data, "2025-06", [{"indicator_code": "state_revenue", "value": 6211, "note": ""}], user="t")
    secrets = root / "secrets.toml"
    secrets.write_text(f'[accounts.{VIEWER}]\nname = "Người xem"\nrole = "viewer"\n'
                       f'password_hash = "{auth.hash_password(PASSWORD)}"\n', encoding="utf-8")
    return {"TQT_DATA_DIR": str(data), "TQT_SECRETS": str(secrets)}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


def wait_idle(page) -> None:
    page.wait_for_function(
        "() => { const a = document.querySelector('[data-testid=\"stApp\"]');"
        " return a && a.getAttribute('data-test-script-state') === 'notRunning'; }", timeout=30_000)


@pytest.mark.parametrize("path", PAGES)
def test_first_request_to_a_fresh_server_shows_only_the_sign_in(secured, browser, path):
    with streamlit_server(env=secured) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url + path)
        page.get_by_role("heading", name=texts.LOGIN_TITLE).wait_for(timeout=30_000)
        wait_idle(page)
        body = page.inner_text("body")
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert "6.211" not in body and "6211" not in body and "13.345" not in body
        assert texts.UPLOAD_TITLE not in body
        assert page.locator('[data-testid="stException"]').count() == 0
        page.close()


def test_shared_link_opens_its_view_after_sign_in(secured, browser):
    with streamlit_server(env=secured) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url + "/budget?thang=2025-03&chi_tieu=state_revenue")
        page.get_by_label(texts.LOGIN_USERNAME).fill(VIEWER)
        page.get_by_label(texts.LOGIN_PASSWORD).fill(PASSWORD)
        page.get_by_role("button", name=texts.LOGIN_SUBMIT).click()
        page.locator("h1", has_text="Ngân sách").wait_for(timeout=30_000)
        wait_idle(page)
        page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30_000)
        assert re.search(r"thang=2025-03", page.url)
        month = page.locator('[data-testid="stSidebar"]').get_by_role("combobox", name=texts.AS_OF_LABEL)
        assert month.input_value() == "Tháng 3/2025 (chưa đủ: 1/32)"  # one indicator of 32: listed as partial
        assert "3.210 triệu đồng / 13.345 triệu đồng" in page.inner_text("body")
        assert texts.UPLOAD_TITLE not in page.inner_text("body")  # a viewer never gets the uploader
        # The share control gives back this very view.
        page.get_by_role("button", name=texts.SHARE_LINK).click()
        link = page.locator('[data-testid="stCode"]').first.inner_text()
        assert "/budget?" in link and "thang=2025-03" in link and "chi_tieu=state_revenue" in link
        page.close()


def test_presentation_link_opens_its_screen_after_sign_in(secured, browser):
    """The meeting-room link: the sign-in first (nothing of the data before), then that very screen."""
    with streamlit_server(env=secured) as url:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        page.goto(url + "/present?thang=2025-03&linh_vuc=budget")
        page.get_by_label(texts.LOGIN_USERNAME).fill(VIEWER)
        page.get_by_label(texts.LOGIN_PASSWORD).fill(PASSWORD)
        page.get_by_role("button", name=texts.LOGIN_SUBMIT).click()
        page.locator(".st-key-present_title h1", has_text="Ngân sách").wait_for(timeout=30_000)
        wait_idle(page)
        assert re.search(r"linh_vuc=budget", page.url) and re.search(r"thang=2025-03", page.url)
        assert page.get_by_text("Tính đến Tháng 3/2025 · 3/7").is_visible()
        assert page.get_by_text("Page not found").count() == 0
        page.close()
