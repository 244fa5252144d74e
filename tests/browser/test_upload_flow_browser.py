"""The monthly upload as staff do it, in a real browser: sidebar → month → file → preview → confirm.

Each test starts its own Streamlit server on a data folder of its own (``TQT_DATA_DIR``), so the
first upload really is the first version ever stored, and a rejected file can be checked against
a byte-for-byte hash of the folder. Files are real files on disk handed to the uploader's
``<input type=file>``, as a browser would after the user picks them.

Needs Debian's chromium (``apt-get install chromium``); the module is skipped without it.
Screenshots of every step go to ``$TQT_SCREENSHOT_DIR`` when set, else to a pytest tmp folder. The
``page`` and ``shots`` fixtures are in ``tests/conftest.py``; the helpers shared with the other
browser tests in ``tests/support/server.py``.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from lib.core import texts
from lib.storage import month_store
from tests.support.helpers import DEMO_BANNER_START, tree_hash
from tests.support.server import (
    assert_no_exception,
    full_screenshot,
    grid_text,
    open_from_sidebar,
    page_text,
    require_browser,
    sidebar,
    streamlit_server,
    wait_idle,
    wait_rendered,
)

sync_api = require_browser()
pytestmark = pytest.mark.browser  # (tests/conftest.py would mark them anyway)

MONTH = "Tháng 6/2025"
PERIOD = "2025-06"
NOTE = "Thu tiền sử dụng đất tăng so với cùng kỳ, đã đối chiếu với Kho bạc"  # a comma: the file uses ;
INSURANCE_NOTE = "Đã vận động thêm 37 hộ cận nghèo tham gia BHYT"
GOOD_CSV = (
    "period;indicator_code;value;note\r\n"
    f"{PERIOD};state_revenue;1.250,5;{NOTE}\r\n"
    f"{PERIOD};health_insurance_rate;92,3;{INSURANCE_NOTE}\r\n"
)
BAD_CSV = (
    "period;indicator_code;value;note\r\n"
    f"{PERIOD};state_revenue;abc;\r\n"
    f"{PERIOD};rice_outptu;12;\r\n"
)


# --- helpers ----------------------------------------------------------------------------------

def shoot(page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"upload-{name}.png"))


def upload_expander(page):
    return sidebar(page).locator('[data-testid="stExpander"]', has_text=texts.UPLOAD_TITLE)


def open_upload_expander(page) -> None:
    expander = upload_expander(page)
    if expander.locator("details").get_attribute("open") is None:
        expander.locator("summary").click()
    expander.locator('[data-testid="stFileUploaderDropzone"]').wait_for(state="visible")
    page.wait_for_timeout(300)  # the opening animation, so that screenshots show the content


def upload_month_box(page):
    return upload_expander(page).locator('[data-testid="stSelectbox"]', has_text=texts.UPLOAD_MONTH)


def choose_upload_month(page, label: str) -> None:
    box = upload_month_box(page)
    box.locator("input").click()
    page.get_by_role("option", name=label, exact=True).click()
    sync_api.expect(box.locator("input")).to_have_value(label)
    wait_idle(page)


def upload(page, path: Path) -> None:
    upload_expander(page).locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))


def dialog(page):
    return page.get_by_role("dialog")


def wait_grid_text(scope) -> None:
    scope.locator('[data-testid="stDataFrame"] table tbody tr').first.wait_for(state="attached")


def start(page, url: str, shots: Path, prefix: str) -> None:
    page.goto(url + "/")
    wait_rendered(page, 1, expected_tables=1, table_text=True)
    assert_no_exception(page)
    open_upload_expander(page)
    choose_upload_month(page, MONTH)
    shoot(page, shots, f"{prefix}-1-month-chosen")


# --- tests ------------------------------------------------------------------------------------

def test_upload_preview_confirm_stores_version_1(tmp_path, page, shots):
    root = tmp_path / "data"
    root.mkdir()
    upload_file = tmp_path / "so-lieu-thang-6.csv"
    upload_file.write_bytes(GOOD_CSV.encode("utf-8"))

    with streamlit_server(env={"TQT_DATA_DIR": str(root)}) as url:
        start(page, url, shots, "ok")
        assert DEMO_BANNER_START in page_text(page)  # nothing stored yet: the demo is shown

        upload(page, upload_file)
        box = dialog(page)
        box.get_by_role("button", name=texts.UPLOAD_CONFIRM.format(period=MONTH)).wait_for()
        wait_idle(page)
        wait_grid_text(box)
        shoot(page, shots, "ok-2-preview")
        shown = box.inner_text()
        table = grid_text(box)
        assert texts.UPLOAD_PREVIEW in shown
        assert texts.UPLOAD_ACCEPTED.format(n=2) in shown
        assert texts.UPLOAD_CHANGES.format(period=MONTH) in shown
        for expected in ("Tổng thu ngân sách nhà nước trên địa bàn", "Tỷ lệ dân số tham gia bảo hiểm y tế",
                         "1.250,5", "92,3", NOTE, INSURANCE_NOTE, "triệu đồng"):
            assert expected in table, f"{expected!r} not in the preview table: {table!r}"
        assert not (root / "actuals").exists(), "nothing may be written before the confirm"

        box.get_by_role("button", name=texts.UPLOAD_CONFIRM.format(period=MONTH)).click()
        saved = texts.UPLOAD_SAVED.format(period=MONTH, version=1)
        assert saved == "Đã lưu số liệu Tháng 6/2025 (phiên bản 1)."
        sidebar(page).get_by_text(saved).wait_for()
        dialog(page).wait_for(state="detached")
        wait_rendered(page, 1, expected_tables=1, table_text=True)
        assert_no_exception(page)
        shoot(page, shots, "ok-3-saved")

        text = page_text(page)
        assert saved in sidebar(page).inner_text()
        assert DEMO_BANNER_START not in text
        assert page.get_by_text(DEMO_BANNER_START).count() == 0
        assert page.locator("h1").first.inner_text().strip() == texts.PAGE_OVERVIEW
        assert MONTH in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
        overview = grid_text(page.locator('[data-testid="stMain"]'))
        assert "92,3" in overview  # the health insurance rate, as uploaded
        assert "1.251" in overview  # state revenue: whole triệu đồng in the table
        # The uploader is a new, empty one: no file chip, and the dropzone is back.
        assert upload_expander(page).locator('[data-testid="stFileUploaderFile"]').count() == 0
        assert upload_expander(page).locator('[data-testid="stFileUploaderDropzone"]').is_visible()
        assert upload_expander(page).get_by_text(texts.UPLOAD_ACCEPTED.format(n=2)).count() == 0

        # The budget page: the gauge of state revenue shows the uploaded figure against the plan.
        open_from_sidebar(page, "Ngân sách", "/budget", charts=2)
        assert_no_exception(page)
        svg = page.locator('[data-testid="stPlotlyChart"] .main-svg').all_text_contents()
        assert any("1.251 triệu đồng / 13.345 triệu đồng" in t for t in svg), svg
        assert DEMO_BANNER_START not in page_text(page)
        shoot(page, shots, "ok-4-budget")

        # The Dữ liệu page: June reported for the two indicators, and version 1 in the history.
        open_from_sidebar(page, texts.PAGE_DATA, "/data", charts=0, tables=3)  # grid, versions, changes
        assert_no_exception(page)
        main = page.locator('[data-testid="stMain"]')
        version = main.locator('[data-testid="stExpander"] summary').first.inner_text()
        assert f"{texts.COL_VERSION} 1 · " in version  # after the expander's arrow icon
        assert texts.LOCAL_USER in version and "Tải lên" in version and "2 chỉ tiêu thay đổi" in version
        versions = main.locator('[data-testid="stDataFrame"]').nth(1).locator("table").text_content()
        assert "Người sửa" in versions and texts.LOCAL_USER in versions and "so-lieu-thang-6.csv" in versions
        changes = main.locator('[data-testid="stDataFrame"]').nth(2).locator("table").text_content()
        assert "1.250,5" in changes and "92,3" in changes
        assert "Tổng thu ngân sách nhà nước trên địa bàn" in changes and "Tỷ lệ dân số tham gia bảo hiểm y tế" in changes
        assert main.get_by_role("button", name=re.compile("Khôi phục phiên bản")).count() == 0  # one version only
        full_screenshot(page, shots / "upload-ok-5-data-page.png", min_height=1000, max_height=6000)

    # On disk: one version, the canonical file holds the exact values, one audit line.
    canonical = root / "actuals" / f"{PERIOD}.csv"
    assert canonical.is_file()
    with canonical.open(encoding="utf-8", newline="") as fh:
        rows = {r["indicator_code"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"state_revenue", "health_insurance_rate"}
    assert float(rows["state_revenue"]["value"]) == 1250.5
    assert float(rows["health_insurance_rate"]["value"]) == 92.3
    assert rows["state_revenue"]["note"] == NOTE
    assert all(r["period"] == PERIOD for r in rows.values())
    lines = (root / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert (entry["period"], entry["version"], entry["action"]) == (PERIOD, 1, "import")
    assert entry["user"] == texts.LOCAL_USER and entry["source"] == upload_file.name
    assert (root / "history" / PERIOD / "v0001.csv").read_bytes() == canonical.read_bytes()


def test_rejected_file_lists_errors_and_writes_nothing(tmp_path, page, shots):
    root = tmp_path / "data"
    # Real data already stored (May), so the folder has something to keep intact.
    month_store.import_rows(root, "2025-05", [{"indicator_code": "state_revenue", "value": 1000, "note": "tháng 5"}],
                        user="Chị Lan")
    before = tree_hash(root)
    bad_file = tmp_path / "so-lieu-loi.csv"
    bad_file.write_bytes(BAD_CSV.encode("utf-8"))

    with streamlit_server(env={"TQT_DATA_DIR": str(root)}) as url:
        start(page, url, shots, "bad")
        upload(page, bad_file)
        box = dialog(page)
        box.get_by_text(texts.UPLOAD_REJECTED).wait_for()
        wait_idle(page)
        shoot(page, shots, "bad-2-errors")

        side = sidebar(page).inner_text()
        assert texts.UPLOAD_REJECTED_SHORT.format(n=2) in side  # "Tệp bị từ chối (2 lỗi), …"
        assert texts.UPLOAD_PREVIEW in box.inner_text()
        # Every error as a plain-text line naming its row and column, whole (never cut off).
        lines = [t.strip() for t in box.locator('[data-testid="stText"]').all_inner_texts()]
        errors = [t for t in lines if t.startswith("• Dòng")]
        assert len(errors) == 2, lines
        assert errors[0].startswith("• Dòng 2, cột “value”:") and "“abc” không phải là số" in errors[0]
        assert errors[1].startswith("• Dòng 3, cột “indicator_code”:")
        assert "Mã chỉ tiêu “rice_outptu” không có trong danh mục. Có phải “rice_output”?" in errors[1]
        assert box.get_by_role("button", name=re.compile("Xác nhận lưu")).count() == 0
        assert page.get_by_role("button", name=re.compile("Xác nhận lưu")).count() == 0
        assert_no_exception(page)

        page.keyboard.press("Escape")  # close the dialog: still nothing stored
        dialog(page).wait_for(state="detached")
        wait_idle(page)
        shoot(page, shots, "bad-3-closed")
        assert texts.UPLOAD_REJECTED_SHORT.format(n=2) in sidebar(page).inner_text()
        assert tree_hash(root) == before
    assert tree_hash(root) == before


def test_chosen_upload_month_survives_page_navigation(tmp_path, page, shots):
    root = tmp_path / "data"
    root.mkdir()
    with streamlit_server(env={"TQT_DATA_DIR": str(root)}) as url:
        start(page, url, shots, "nav")
        open_from_sidebar(page, "Ngân sách", "/budget", charts=2)
        open_upload_expander(page)
        shoot(page, shots, "nav-2-after-switch")
        assert upload_month_box(page).locator("input").input_value() == MONTH
