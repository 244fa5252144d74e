"""The Dữ liệu page (``pages/data.py``) run headless with ``streamlit.testing.v1.AppTest``.

Like ``tests/pages/test_pages.py``, the page is run two ways: its file alone (``direct``) and inside
``dashboard.py``'s ``st.navigation`` with ``switch_page`` (``dashboard``). On the demo (an empty
``TQT_DATA_DIR``) it shows which months the demo reports and says there is no version history;
on real data written with ``lib.storage.month_store.import_rows`` it lists the versions of a month and
restores one of them as a new version.

Expected values are written out by hand (checked against the demo files and the targets file).
The AppTest helpers shared with ``tests/pages/test_pages.py`` are in ``tests/support/helpers.py``; ``demo_env``
is in ``tests/conftest.py``.
"""
from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from lib.core import fmt, texts
from lib.readers.catalogue import load_catalogue
from lib.storage import month_store
from tests.support.helpers import (
    MODES,
    REPO,
    STATE_REVENUE,
    assert_clean,
    banners,
    named_row,
    open_app,
    selectbox,
    tree_hash,
)

PERIOD = "2025-01"
MONTHS = [f"Th{m}" for m in range(1, 13)]
GRID_COLUMNS = [texts.COL_NAME, *MONTHS]
HISTORY_COLUMNS = [texts.COL_VERSION, texts.COL_TIME, texts.COL_USER, texts.COL_ACTION, texts.COL_CHANGES]
# The versions table: every column says what it holds.
VERSION_COLUMNS = ["Phiên bản", "Thời điểm lưu", "Người sửa", "Thao tác", "Tệp nguồn", "Số chỉ tiêu thay đổi"]
RICE = "Sản lượng lúa"
INSURANCE = "Tỷ lệ dân số tham gia bảo hiểm y tế"
GRADUATION = "Tỷ lệ học sinh xét tốt nghiệp"

V1_ROWS = [{"indicator_code": "state_revenue", "value": 1000, "note": "tháng 1, theo Kho bạc"},
           {"indicator_code": "rice_output", "value": 12.5, "note": ""}]
V2_ROWS = [{"indicator_code": "state_revenue", "value": 1100.5, "note": "bổ sung thu phí"},
           {"indicator_code": "health_insurance_rate", "value": 92.3, "note": ""}]
# Changes as the history shows them: exact stored values (no rounding), the unit in its own column.
V1_CHANGES = f"{STATE_REVENUE} (triệu đồng): — → 1.000; {RICE} (tấn): — → 12,5"
V2_CHANGES = f"{STATE_REVENUE} (triệu đồng): 1.000 → 1.100,5; {INSURANCE} (%): — → 92,3"
V3_CHANGES = f"{STATE_REVENUE} (triệu đồng): 1.100,5 → 1.000; {INSURANCE} (%): 92,3 → —"


# --- fixtures and helpers -----------------------------------------------------------------------

@pytest.fixture
def real_env(real_env):
    """The data folder of tests/conftest.py's ``real_env``, with two versions of January 2025 by two
    different people."""
    root = real_env
    first = month_store.import_rows(root, PERIOD, V1_ROWS, user="Chị Lan", source="thang-1.csv")
    second = month_store.import_rows(root, PERIOD, V2_ROWS, user="Anh Minh", source="thang-1-bo-sung.xlsx")
    assert (first["version"], second["version"]) == (1, 2)
    return root


@pytest.fixture
def served_navigation(monkeypatch):
    """Make AppTest run ``dashboard.py`` the way a server does once it has served it.

    AppTest resets ``PagesManager.uses_pages_directory`` before every run and, as a ``pages/``
    folder exists, each run starts in Streamlit's legacy multipage mode: the page file runs alone,
    ``ui.ensure_navigation`` switches the mode off and reruns. That internal rerun drops a button
    click (a trigger lasts one run), so without this a click could never reach the page. A real
    server switches the mode off once (``st.navigation`` sets it to False) and keeps it off.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def open_page(mode: str) -> AppTest:
    """The Dữ liệu page; in ``dashboard`` mode the overview before it must be clean too."""
    return open_app("data", mode, strict_overview=True)


def grid(at: AppTest) -> pd.DataFrame:
    frame = at.dataframe[0].value
    assert isinstance(frame, pd.DataFrame)
    return frame


def history_table(at: AppTest) -> pd.DataFrame:
    """The history as one row per version, newest first, read from the page's expanders: each is
    titled “Phiên bản N · time · user · action · n chỉ tiêu thay đổi” and holds its changes."""
    rows = []
    for block in at.expander:
        label = re.sub(r"\\(.)", r"\1", block.label)  # titles are Markdown-escaped
        if not label.startswith(texts.COL_VERSION + " "):
            continue
        version, time, user, action, count = label.split(" · ")
        frames = [d.value for d in block.dataframe]
        changes = ""
        if frames:
            f = frames[0]
            assert list(f.columns) == [texts.COL_NAME, texts.COL_UNIT, "Giá trị trước", "Giá trị sau", "Ghi chú sau"]
            changes = "; ".join(f"{r[texts.COL_NAME]} ({r[texts.COL_UNIT]}): {r[texts.HIST_COL_BEFORE]} → "
                                f"{r[texts.HIST_COL_AFTER]}" for r in f.to_dict("records"))
            assert count == f"{len(f)} {texts.INDICATOR_COUNT} thay đổi"
        rows.append({texts.COL_VERSION: int(version.split()[-1]), texts.COL_TIME: time, texts.COL_USER: user,
                     texts.COL_ACTION: action, texts.COL_CHANGES: changes})
    assert rows, "no version in the history"
    return pd.DataFrame(rows, columns=HISTORY_COLUMNS)


def marks(frame: pd.DataFrame, name: str) -> list[str]:
    found = named_row(frame, name)
    return [found[m] for m in MONTHS]


def restore_buttons(at: AppTest) -> list:
    return [b for b in at.button if b.label.startswith("Khôi phục phiên bản")]


def button(at: AppTest, label: str):
    (found,) = [b for b in at.button if b.label == label]
    return found


def versions_table(at: AppTest) -> pd.DataFrame:
    """The table of a month's versions (the second ``st.dataframe``, after the grid)."""
    frame = at.dataframe[1].value
    assert list(frame.columns) == VERSION_COLUMNS
    return frame


def restore_preview(at: AppTest) -> pd.DataFrame:
    """The table of what a restore would change (the last ``st.dataframe`` of the page)."""
    frame = at.dataframe[-1].value
    assert texts.DATA_RESTORE_COL_AFTER in frame.columns
    return frame


def non_derived_names() -> list[str]:
    catalogue = load_catalogue(REPO / "data" / "targets_2025.csv")
    rows = catalogue.indicators[~catalogue.indicators["derived"]]
    return rows["name_vi"].tolist()


def demo_codes_by_month() -> dict[int, set[str]]:
    """Straight from the demo files, without lib.analytics.formulas."""
    found = {}
    for path in sorted((REPO / "data" / "demo" / "actuals").glob("2025-*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            found[int(path.stem[-2:])] = {r["indicator_code"] for r in csv.DictReader(fh)}
    return found


# --- the demo --------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_demo_shows_completeness_and_no_history(demo_env, mode):
    at = open_page(mode)
    assert_clean(at)
    assert [t.value for t in at.title] == [texts.PAGE_DATA]
    assert len(banners(at)) == 1
    assert [s.value for s in at.subheader] == [texts.DATA_COMPLETENESS, texts.DATA_HISTORY]
    assert texts.DATA_COMPLETENESS_HELP in [c.value for c in at.caption]

    frame = grid(at)
    assert list(frame.columns) == GRID_COLUMNS
    assert len(frame) == 32  # every indicator staff enter; the 2 totals computed from parts are left out
    names = non_derived_names()
    assert frame[texts.COL_NAME].tolist() == names
    for total in ("Tổng sản lượng lương thực", "Số học sinh có mặt đầu năm học (công lập)"):
        assert total not in names  # derived totals: computed from their parts, never reported
    assert set(frame[MONTHS].to_numpy().ravel()) == {"✔", "—"}
    # Graduation is reported once a year, in June; every other indicator every month of the demo.
    assert marks(frame, GRADUATION) == ["—"] * 5 + ["✔"] + ["—"] * 6
    for name in names:
        if name != GRADUATION:
            assert marks(frame, name) == ["✔"] * 12, name
    # … and the same, straight from the demo files.
    by_month = demo_codes_by_month()
    assert sorted(by_month) == list(range(1, 13))
    assert [m for m, codes in by_month.items() if "graduation_rate" in codes] == [6]

    # No history on the demo: a message, no month picker, no table, nothing to restore.
    assert [i.value for i in at.info] == [texts.DATA_DEMO]
    assert len(at.dataframe) == 1
    assert [s.label for s in at.main.selectbox] == []
    assert restore_buttons(at) == []


# --- real data: history and restore ----------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_history_lists_versions_newest_first(real_env, mode):
    at = open_page(mode)
    assert_clean(at)
    assert banners(at) == []
    assert [t.value for t in at.title] == [texts.PAGE_DATA]

    frame = grid(at)
    assert len(frame) == 32
    assert marks(frame, STATE_REVENUE) == ["✔"] + ["—"] * 11
    assert marks(frame, RICE) == ["✔"] + ["—"] * 11  # kept from version 1: the upload merged
    assert marks(frame, INSURANCE) == ["✔"] + ["—"] * 11
    assert marks(frame, GRADUATION) == ["—"] * 12
    assert int((frame[MONTHS] == "✔").to_numpy().sum()) == 3

    month = selectbox(at, texts.DATA_HISTORY_MONTH)
    assert month.value == PERIOD and month.options == ["Tháng 1/2025"]
    audit = month_store.history(real_env, PERIOD)
    table = history_table(at)
    assert table[texts.COL_VERSION].tolist() == [2, 1]
    assert table[texts.COL_USER].tolist() == ["Anh Minh", "Chị Lan"]
    assert table[texts.COL_ACTION].tolist() == ["Tải lên", "Tải lên"]
    assert table[texts.COL_TIME].tolist() == [fmt.timestamp(audit[1]["time"]), fmt.timestamp(audit[0]["time"])]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", table[texts.COL_TIME][0])
    assert table[texts.COL_CHANGES].tolist() == [V2_CHANGES, V1_CHANGES]
    versions = versions_table(at)  # the same, as a table whose columns say what they hold
    assert versions.to_dict("records") == [
        {"Phiên bản": 2, "Thời điểm lưu": fmt.timestamp(audit[1]["time"]), "Người sửa": "Anh Minh",
         "Thao tác": "Tải lên", "Tệp nguồn": "thang-1-bo-sung.xlsx", "Số chỉ tiêu thay đổi": 2},
        {"Phiên bản": 1, "Thời điểm lưu": fmt.timestamp(audit[0]["time"]), "Người sửa": "Chị Lan",
         "Thao tác": "Tải lên", "Tệp nguồn": "thang-1.csv", "Số chỉ tiêu thay đổi": 2},
    ]

    assert texts.DATA_DEMO not in [i.value for i in at.info]
    assert texts.DATA_RESTORE_HELP in [c.value for c in at.caption]
    pick = selectbox(at, texts.DATA_RESTORE_PICK)
    assert pick.options == ["1"]  # the current version is not offered
    assert [b.label for b in restore_buttons(at)] == ["Khôi phục phiên bản 1"]


@pytest.mark.parametrize("mode", MODES)
def test_restore_version_1_creates_version_3(real_env, mode, served_navigation):
    v1_bytes = (real_env / "history" / PERIOD / "v0001.csv").read_bytes()
    at = open_page(mode)  # local mode: actions are attributed to the local user
    assert_clean(at)
    selectbox(at, texts.DATA_RESTORE_PICK).set_value(1).run()
    assert_clean(at)
    (first,) = restore_buttons(at)
    assert first.label == "Khôi phục phiên bản 1"
    before = tree_hash(real_env)
    first.click().run()
    assert_clean(at)
    # First what the restore changes, old → new, for the month; nothing written yet.
    assert tree_hash(real_env) == before
    assert "**Khôi phục phiên bản 1 của Tháng 1/2025 sẽ thay đổi:**" in [m.value for m in at.markdown]
    assert restore_preview(at).to_dict("records") == [
        {texts.COL_NAME: STATE_REVENUE, texts.COL_UNIT: "triệu đồng", "Đang lưu (phiên bản 2)": "1.100,5",
         "Sau khi khôi phục": "1.000", "Ghi chú sau": "tháng 1, theo Kho bạc"},
        {texts.COL_NAME: INSURANCE, texts.COL_UNIT: "%", "Đang lưu (phiên bản 2)": "92,3",
         "Sau khi khôi phục": "—", "Ghi chú sau": ""},
    ]
    assert [s.value for s in at.success] == []
    button(at, "Xác nhận khôi phục phiên bản 1").click().run()
    assert_clean(at)

    restored = texts.DATA_RESTORED.format(period="Tháng 1/2025", restored=1, version=3)
    assert restored == "Đã khôi phục Tháng 1/2025 về nội dung phiên bản 1 (thành phiên bản mới 3)."
    assert [s.value for s in at.success] == [restored]

    # On disk: a third version with the content of the first; nothing removed.
    versions = month_store.history(real_env, PERIOD)
    assert [e["version"] for e in versions] == [1, 2, 3]
    v3 = versions[-1]
    assert (v3["action"], v3["restored_from"], v3["user"]) == ("restore", 1, texts.LOCAL_USER)
    canonical = month_store.month_path(real_env, PERIOD).read_bytes()
    assert canonical == v1_bytes
    assert (real_env / "history" / PERIOD / "v0003.csv").read_bytes() == v1_bytes
    assert (real_env / "history" / PERIOD / "v0002.csv").is_file()
    assert month_store.current_rows(real_env, PERIOD) == [
        {"indicator_code": "state_revenue", "value": 1000.0, "note": "tháng 1, theo Kho bạc"},
        {"indicator_code": "rice_output", "value": 12.5, "note": ""},
    ]
    assert len((real_env / "audit.jsonl").read_text(encoding="utf-8").splitlines()) == 3

    # On the page: the new version on top, and the grid reloaded from the restored month.
    table = history_table(at)
    assert table[texts.COL_VERSION].tolist() == [3, 2, 1]
    assert table[texts.COL_ACTION].tolist() == ["Khôi phục (từ phiên bản 1)", "Tải lên", "Tải lên"]
    assert table[texts.COL_USER].tolist() == [texts.LOCAL_USER, "Anh Minh", "Chị Lan"]
    assert table[texts.COL_CHANGES].tolist() == [V3_CHANGES, V2_CHANGES, V1_CHANGES]
    assert marks(grid(at), INSURANCE) == ["—"] * 12
    assert marks(grid(at), RICE) == ["✔"] + ["—"] * 11
    assert selectbox(at, texts.DATA_RESTORE_PICK).options == ["2", "1"]

    # The message is shown once; the next run does not restore again.
    at.run()
    assert_clean(at)
    assert [s.value for s in at.success] == []
    assert len(month_store.history(real_env, PERIOD)) == 3


@pytest.mark.parametrize("mode", MODES)
def test_restore_cancelled_writes_nothing(real_env, mode, served_navigation):
    before = tree_hash(real_env)
    at = open_page(mode)
    restore_buttons(at)[0].click().run()
    assert_clean(at)
    assert len(restore_preview(at)) == 2
    button(at, "Hủy, không khôi phục").click().run()
    assert_clean(at)
    assert tree_hash(real_env) == before
    assert [s.value for s in at.success] == ["Đã hủy: số liệu Tháng 1/2025 không thay đổi."]
    assert [b.label for b in at.button if b.label.startswith("Xác nhận khôi phục")] == []
    assert [e["version"] for e in month_store.history(real_env, PERIOD)] == [1, 2]


def test_restore_preview_of_a_month_saved_meanwhile_is_not_confirmed(real_env, served_navigation):
    """Someone saves the month while the preview is open: the click confirms nothing; the new
    changes are shown and must be confirmed again."""
    at = open_page("direct")
    restore_buttons(at)[0].click().run()
    month_store.import_rows(real_env, PERIOD, [{"indicator_code": "pig_herd", "value": 5, "note": ""}], user="Chị Lan")
    button(at, "Xác nhận khôi phục phiên bản 1").click().run()
    assert [e["version"] for e in month_store.history(real_env, PERIOD)] == [1, 2, 3]  # nothing restored
    assert texts.DATA_RESTORE_STALE.format(period="Tháng 1/2025", version=3) in [w.value for w in at.warning]
    preview = restore_preview(at)
    assert "Đang lưu (phiên bản 3)" in preview.columns
    assert "Đàn heo" in preview[texts.COL_NAME].tolist()  # restoring v1 now also removes the new row
    button(at, "Xác nhận khôi phục phiên bản 1").click().run()
    assert_clean(at)
    versions = month_store.history(real_env, PERIOD)
    assert [(e["version"], e.get("restored_from")) for e in versions][-1] == (4, 1)


def test_upload_month_is_kept_when_switching_to_the_data_page(real_env, served_navigation):
    at = open_app("overview", "dashboard")
    assert_clean(at)
    box = selectbox(at, texts.UPLOAD_MONTH)
    assert box.value == "2025-02"  # the month after the latest one stored
    box.set_value("2025-06").run()
    assert selectbox(at, texts.UPLOAD_MONTH).value == "2025-06"
    at.switch_page("pages/data.py").run()
    assert_clean(at)
    assert [t.value for t in at.title] == [texts.PAGE_DATA]
    assert selectbox(at, texts.UPLOAD_MONTH).value == "2025-06"


def test_restoring_a_tampered_version_shows_the_message(real_env):
    v1 = real_env / "history" / PERIOD / "v0001.csv"
    v1.write_bytes(v1.read_bytes() + f"{PERIOD},pig_herd,5,\n".encode())
    before = tree_hash(real_env)
    at = open_page("direct")
    assert_clean(at)
    restore_buttons(at)[0].click().run()  # the preview reads the version and finds it altered
    assert tree_hash(real_env) == before  # nothing written, whatever is shown
    assert [e.message for e in at.exception] == []
    assert [e.value for e in at.error] == [texts.LOCAL_MODE_BANNER,
                                           texts.ERR_STORAGE_VERSION_CORRUPT.format(version=1, period=PERIOD)]
