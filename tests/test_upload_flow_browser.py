"""The monthly upload as staff do it, in a real browser: sidebar → month → file → preview → confirm.

Each test starts its own Streamlit server on a data folder of its own (``TQT_DATA_DIR``), so the
first upload really is the first version ever stored, and a rejected file can be checked against
a byte-for-byte hash of the folder. Files are real files on disk handed to the uploader's
``<input type=file>``, as a browser would after the user picks them.

Needs Debian's chromium (``apt-get install chromium``); the module is skipped without it.
Screenshots of every step go to ``$TQT_SCREENSHOT_DIR`` when set, else to a pytest tmp folder.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from lib import storage, texts
from tests.streamlit_server import CHROMIUM, launch_chromium, streamlit_server, wait_rendered

if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

VIEWPORT = {"width": 1600, "height": 1000}
DEMO_BANNER = "Đang hiển thị số liệu MINH HỌA"
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


# --- fixtures ---------------------------------------------------------------------------------

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

def tree_hash(root: Path) -> str:
    """One hash of everything under ``root``: each file's relative path and bytes (the helper of
    tests/test_durability.py), and each folder's path, so a new empty folder counts too."""
    root = Path(root)
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            h.update(f"{rel}/\0".encode())
            continue
        content = path.read_bytes()
        h.update(f"{rel}\0{len(content)}\0".encode())
        h.update(content)
    return h.hexdigest()


def shoot(page, shots: Path, name: str) -> None:
    page.screenshot(path=str(shots / f"upload-{name}.png"))


def full_page_shot(page, path: Path) -> None:
    """Streamlit scrolls inside its own container: grow the viewport to the content, then shoot."""
    height = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(main ? main.scrollHeight : 0, document.body.scrollHeight);
    }""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height + 40, 1000), 6000)})
    page.wait_for_timeout(300)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def upload_expander(page):
    return sidebar(page).locator('[data-testid="stExpander"]', has_text=texts.UPLOAD_TITLE)


def open_upload_expander(page) -> None:
    expander = upload_expander(page)
    if expander.locator("details").get_attribute("open") is None:
        expander.locator("summary").click()
    expander.locator('[data-testid="stFileUploaderDropzone"]').wait_for(state="visible")
    page.wait_for_timeout(300)  # the opening animation, so that screenshots show the content


def choose_upload_month(page, label: str) -> None:
    box = upload_expander(page).locator('[data-testid="stSelectbox"]', has_text=texts.UPLOAD_MONTH)
    box.locator("input").click()
    page.get_by_role("option", name=label, exact=True).click()
    sync_api.expect(box.locator("input")).to_have_value(label)
    wait_idle(page)


def wait_idle(page) -> None:
    """The script run has ended (whatever is drawn)."""
    page.wait_for_function("""() => {
        const app = document.querySelector('[data-testid="stApp"]');
        return app && app.getAttribute('data-test-script-state') === 'notRunning'
            && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
            && !document.querySelector('[data-testid="stElementContainer"][data-stale="true"]');
    }""", polling="raf")


def upload(page, path: Path) -> None:
    upload_expander(page).locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))


def dialog(page):
    return page.get_by_role("dialog")


def grid_text(scope) -> str:
    """The cells of every ``st.dataframe`` in ``scope``: the grid draws them on a canvas and keeps an
    accessible (hidden) ``<table>`` copy, which has them as textContent."""
    return "\n".join(scope.locator('[data-testid="stDataFrame"] table').all_text_contents())


def wait_grid_text(scope) -> None:
    scope.locator('[data-testid="stDataFrame"] table tbody tr').first.wait_for(state="attached")


def page_text(page) -> str:
    return page.inner_text("body") + "\n" + grid_text(page)


def assert_no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()


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
        assert DEMO_BANNER in page_text(page)  # nothing stored yet: the demo is shown

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
        assert DEMO_BANNER not in text
        assert page.get_by_text(DEMO_BANNER).count() == 0
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
        sidebar(page).locator('[data-testid="stSidebarNavLink"]', has_text="Ngân sách").click()
        page.wait_for_url(re.compile(r"/budget(\?|$)"))
        page.locator("h1", has_text="Ngân sách").wait_for()
        wait_rendered(page, 2, expected_tables=1, table_text=True)
        assert_no_exception(page)
        svg = page.locator('[data-testid="stPlotlyChart"] .main-svg').all_text_contents()
        assert any("1.251 triệu đồng / 13.345 triệu đồng" in t for t in svg), svg
        assert DEMO_BANNER not in page_text(page)
        shoot(page, shots, "ok-4-budget")

        # The Dữ liệu page: June reported for the two indicators, and version 1 in the history.
        sidebar(page).locator('[data-testid="stSidebarNavLink"]', has_text=texts.PAGE_DATA).click()
        page.wait_for_url(re.compile(r"/data(\?|$)"))
        page.locator("h1", has_text=texts.PAGE_DATA).wait_for()
        wait_rendered(page, 0, expected_tables=2, table_text=True)
        assert_no_exception(page)
        main = page.locator('[data-testid="stMain"]')
        version = main.locator('[data-testid="stExpander"] summary').first.inner_text()
        assert f"{texts.COL_VERSION} 1 · " in version  # after the expander's arrow icon
        assert texts.LOCAL_USER in version and "Tải lên" in version and "2 chỉ tiêu thay đổi" in version
        changes = main.locator('[data-testid="stDataFrame"]').nth(1).locator("table").text_content()
        assert "1.250,5" in changes and "92,3" in changes
        assert "Tổng thu ngân sách nhà nước trên địa bàn" in changes and "Tỷ lệ dân số tham gia bảo hiểm y tế" in changes
        assert main.get_by_role("button", name=re.compile("Khôi phục phiên bản")).count() == 0  # one version only
        full_page_shot(page, shots / "upload-ok-5-data-page.png")

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
    storage.import_rows(root, "2025-05", [{"indicator_code": "state_revenue", "value": 1000, "note": "tháng 5"}],
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
        sidebar(page).locator('[data-testid="stSidebarNavLink"]', has_text="Ngân sách").click()
        page.wait_for_url(re.compile(r"/budget(\?|$)"))
        page.locator("h1", has_text="Ngân sách").wait_for()
        wait_rendered(page, 2, expected_tables=1, table_text=True)
        open_upload_expander(page)
        shoot(page, shots, "nav-2-after-switch")
        box = upload_expander(page).locator('[data-testid="stSelectbox"]', has_text=texts.UPLOAD_MONTH)
        assert box.locator("input").input_value() == MONTH
