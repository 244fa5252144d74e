"""Nhiệm vụ – Công trình in a real browser: the overview's block, the page, an editor's update.

A Streamlit server on an empty data folder (demo months, the shipped tasks file, local mode: the
local user may edit), driven by headless Chromium. The editor picks an item, changes its progress,
previews, confirms; the list then shows the new value and the data folder holds the new version.
Screenshots go to ``$TQT_SCREENSHOT_DIR`` or a pytest tmp folder (``pytest -s`` prints it).
"""
from __future__ import annotations

import pytest

from lib.analytics import tasks
from lib.core import texts
from tests.support.server import (
    assert_no_errors,
    full_screenshot,
    open_from_sidebar,
    page_text,
    require_browser,
    streamlit_server,
    wait_idle,
    wait_rendered,
)

sync_api = require_browser()
pytestmark = pytest.mark.browser  # (tests/conftest.py would mark them anyway)
expect = sync_api.expect

DIGITAL = "Thực hiện Kế hoạch chuyển đổi số năm 2025: chính quyền số, kinh tế số, xã hội số"
ROAD = "Sửa chữa các tuyến đường bê tông xi măng hư hỏng, xuống cấp"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("tasks_data")


@pytest.fixture(scope="module")
def server(data_dir):
    with streamlit_server(env={"TQT_DATA_DIR": str(data_dir)}) as url:
        yield url


def grid_row(page, title: str) -> list[str]:
    """The cells of the list's row of ``title`` (the grid's accessible copy): status, title,
    progress (the number the bar draws), deadline, …"""
    row = page.locator('[data-testid="stDataFrame"] table tbody tr', has_text=title).first
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_overview_block_then_the_page(server, page, shots):
    page.goto(server + "/")
    wait_rendered(page, 1, expected_tables=1, table_text=True, timeout=90)  # a cold server is slow
    text = page_text(page)
    assert "27 nhiệm vụ, công trình, tiêu chí:" in text and "Cần chú ý: 4" in text
    assert f"{ROAD} (" in text  # the first late item, by name
    open_from_sidebar(page, "Nhiệm vụ – Công trình", "/tasks", charts=1, tables=1)
    assert_no_errors(page)
    text = page_text(page)
    assert "Ngày xem: 31/12/2025" in text
    assert "quá hạn 61 ngày" in text
    assert "Ngày xem 31/12/2025" in text  # the as-of line of the Gantt chart
    assert grid_row(page, ROAD)[:4] == ["Đang thực hiện", ROAD, "75", "31/10/2025"]
    full_screenshot(page, shots / "tasks-page.png")


def test_editor_updates_an_item(server, page, shots, data_dir):
    # Through the overview, as people come in.
    page.goto(server + "/")
    wait_rendered(page, 1, expected_tables=1, table_text=True, timeout=90)  # a cold server is slow
    open_from_sidebar(page, "Nhiệm vụ – Công trình", "/tasks", charts=1, tables=1)
    assert grid_row(page, DIGITAL)[:3] == ["Đang thực hiện", DIGITAL, "60"]  # the demo's invented 60%
    wait_idle(page)
    choose = page.get_by_role("combobox", name="Chọn nhiệm vụ, công trình")
    choose.click()
    choose.fill("chuyển đổi số")  # the box filters its options as one types
    page.get_by_role("option", name=DIGITAL, exact=True).click()
    page.get_by_text("mục II.1.13").wait_for()  # the chosen item's details are drawn …
    wait_idle(page)                              # … and the previous item's form is gone
    # Issue 9: an update goes to the ward's own list, which starts from the plan (nothing reported),
    # never from the demo's invented 60%; it is dated (December's progress, entered later).
    page.get_by_text(texts.TASKS_EDIT_DEMO_NOTE[:60]).wait_for()
    expect(page.get_by_label("Tiến độ (%)")).to_have_value("0")
    for segment, value in (("year", "2025"), ("day", "28")):  # 04/12/2025, then 28/12/2025 (never after today)
        page.get_by_role("spinbutton", name=f"{segment}, {texts.TASKS_EDIT_ON}").click()
        page.keyboard.type(value)
    page.get_by_text(texts.TASKS_EDIT_DEMO_NOTE[:60]).click()  # leave the field: the date is sent
    page.locator('[class*="st-key-_task_progress_"][class*="2025-12-28"]').wait_for()  # the form of that day
    wait_idle(page)
    status = page.get_by_role("combobox", name=texts.TASKS_EDIT_STATUS, exact=True)
    status.click()
    status.fill("Đang thực")  # the box filters its options as one types
    page.get_by_role("option", name="Đang thực hiện", exact=True).click()
    progress = page.get_by_label("Tiến độ (%)")
    progress.fill("80")
    page.get_by_role("button", name="Xem trước thay đổi").click()
    page.get_by_text("Tiến độ: 0% → 80%").wait_for()
    assert page.get_by_text("Tình trạng: Chưa bắt đầu → Đang thực hiện").count() >= 1
    assert not (data_dir / "tasks_2025.csv").exists()  # nothing written before the confirm
    full_screenshot(page, shots / "tasks-preview.png")
    page.get_by_role("button", name="Xác nhận lưu").click()
    page.get_by_text("Đã lưu cập nhật").wait_for()
    wait_rendered(page, 1, expected_tables=1, table_text=True)
    assert_no_errors(page)
    # The page now shows the ward's own list as of 31/12/2025: the update, and nothing invented.
    assert grid_row(page, DIGITAL)[:3] == ["Đang thực hiện", DIGITAL, "80"]
    assert grid_row(page, ROAD)[0] == texts.TASKS_NOT_REPORTED
    expect(page.get_by_label("Tiến độ (%)")).to_have_value("80")
    saved = tasks.load_tasks(data_dir / "tasks_2025.csv").set_index("id")
    assert saved.loc["nv_13_chuyen_doi_so", "progress"] == 80
    assert str(saved.loc["nv_13_chuyen_doi_so", "updated"]) == "2025-12-28"
    assert sorted(p.name for p in (data_dir / "history" / "tasks").iterdir()) == ["v0001.csv", "v0002.csv"]
    page.get_by_text("Lịch sử cập nhật (1 lần)").click()
    page.get_by_text("Tiến độ: 0% → 80%").first.wait_for()
    full_screenshot(page, shots / "tasks-saved.png")
