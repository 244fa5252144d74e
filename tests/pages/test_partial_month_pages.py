"""A partly reported month, as the pages show it (AppTest): every page says how complete the month
is, tables mark figures older than the month, the default month is the latest (nearly) fully
reported one, a link to a month without data says so, and a save shows the saved month.

The data folder (``tests/support/data.py``): January and February with every indicator staff enter
but the graduation rate (counted once, in June), March with 3 indicators. Expected counts are read
from the files and the targets file with the csv module, and written out by hand.
"""
from __future__ import annotations

import csv
import re

import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from lib import ui
from lib.core import texts
from tests.support.data import MARCH, WARD_MONTHS, codes_in, write_month, write_partial_months
from tests.support.helpers import REPO, STATE_REVENUE, assert_clean, named_row, open_app, selectbox

MARCH_LINE = "Tháng 3/2025: 3/32 chỉ tiêu đã báo cáo."
MARCH_OPTION = "Tháng 3/2025 (chưa đủ: 3/32)"
RICE = "Sản lượng lúa"
GRADUATION = "Tỷ lệ học sinh xét tốt nghiệp"
# Pages whose header carries the month line (``ui.page_header`` or, on Thi đua, ``ui.coverage_line``).
CAPTION_PAGES = ["overview", "agriculture", "budget", "society", "security", "tasks", "emulation", "report", "data"]


def entered_codes() -> list[str]:
    """The indicators staff enter (not totals computed from their parts), from the targets file."""
    with (REPO / "data" / "targets_2025.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    parents = {r["parent"] for r in rows if r.get("relation") == "component" and r.get("parent")}
    return [r["code"] for r in rows if r["code"] not in parents]


@pytest.fixture
def partial_env(real_env):
    return write_partial_months(real_env)


@pytest.fixture
def served_navigation(monkeypatch):
    """Run ``dashboard.py``'s navigation the way a served app does, so a click reaches the page
    (see the fixture of the same name in ``tests/pages/test_data_page.py``)."""
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def month_box(at: AppTest):
    return selectbox(at.sidebar, texts.AS_OF_LABEL)


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def unescape(markdown: str) -> str:
    """Markdown as a reader sees it (names from the targets file are escaped)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def stale_cell(frame: pd.DataFrame, name: str) -> str:
    return named_row(frame, name)[texts.COL_LAST_MONTH]


# --- the folder itself -----------------------------------------------------------------------

def test_the_partial_folder_is_what_the_tests_say(partial_env):
    entered = entered_codes()
    assert len(entered) == 32
    assert sorted(codes_in(partial_env, "2025-01")) == sorted(WARD_MONTHS) == sorted(set(entered) - {"graduation_rate"})
    assert codes_in(partial_env, "2025-03") == list(MARCH) and len(MARCH) == 3


# --- 1. every page says how complete the month is -----------------------------------------------

@pytest.mark.parametrize("page", CAPTION_PAGES)
def test_every_page_says_the_month_is_partial(partial_env, page):
    at = open_app(page, query={"thang": "2025-03"})
    assert_clean(at)
    assert month_box(at).value == "2025-03"
    lines = [c for c in captions(at) if "chỉ tiêu đã báo cáo" in c]
    assert len(lines) == 1, captions(at)
    assert MARCH_LINE in lines[0]
    assert lines[0].startswith(":orange-badge[Tháng chưa đủ số liệu]")
    assert not [w.value for w in at.warning if "Liên kết" in w.value]  # a valid link: no note


def test_presentation_says_the_month_is_partial(partial_env):
    at = open_app("present", query={"thang": "2025-03"})
    assert [e.message for e in at.exception] == []
    shown = [m.value for m in at.markdown]
    assert "Tính đến Tháng 3/2025 · 1/7" in shown
    assert ":orange[**Tháng chưa đủ số liệu: 3/32 chỉ tiêu đã báo cáo**]" in shown  # under the month line
    month = at.selectbox(key="_present_month")
    assert month.value == "2025-03"
    assert month.options == ["Tháng 1/2025", "Tháng 2/2025", MARCH_OPTION]


def test_presentation_of_a_complete_month_has_no_partial_line(partial_env):
    at = open_app("present", query={"thang": "2025-02"})
    shown = [m.value for m in at.markdown]
    assert "Tính đến Tháng 2/2025 · 1/7" in shown
    assert not [m for m in shown if "chưa đủ số liệu" in m]


def test_a_full_month_says_so_and_names_the_once_a_year_indicator(partial_env):
    at = open_app("overview", query={"thang": "2025-02"})
    assert_clean(at)
    (line,) = [c for c in at.caption if "chỉ tiêu đã báo cáo" in c.value]
    assert line.value == ("Tháng 2/2025: 31/32 chỉ tiêu đã báo cáo, đủ các chỉ tiêu cần báo cáo trong tháng; "
                          "1 chỉ tiêu còn lại chỉ báo cáo một lần trong năm, vào tháng khác.")
    assert "orange" not in line.value
    assert unescape(line.help) == f"Chỉ báo cáo một lần trong năm, vào tháng khác: {GRADUATION} (tháng 6)"


def test_the_partial_line_names_the_missing_indicators(partial_env):
    at = open_app("budget", query={"thang": "2025-03"})
    (line,) = [c for c in at.caption if "chỉ tiêu đã báo cáo" in c.value]
    tip = unescape(line.help)
    assert tip.startswith("Chưa báo cáo Tháng 3/2025: ")
    assert "Tổng thu ngân sách địa phương" in tip  # reported in February, not in March
    assert STATE_REVENUE not in tip  # reported in March


@pytest.mark.parametrize("page", ["overview", "agriculture"])
def test_tables_mark_figures_older_than_the_month(partial_env, page):
    at = open_app(page, query={"thang": "2025-03"})
    assert_clean(at)
    frame = at.dataframe[0].value
    assert stale_cell(frame, RICE) == "⚠ Tháng 2/2025"  # February's figure, shown in March
    assert named_row(frame, RICE)[texts.COL_ACTUAL] == "⚠ 0 (T2)"  # … and said beside the figure
    assert named_row(frame, "Sản lượng rau các loại")[texts.COL_ACTUAL] == "203"  # 70 + 68 + 65, March in
    assert stale_cell(frame, "Sản lượng rau các loại") == "Tháng 3/2025"  # reported in March
    assert stale_cell(frame, GRADUATION if page == "overview" else "Đàn bò") == (
        "—" if page == "overview" else "⚠ Tháng 2/2025")
    if page == "overview":
        assert stale_cell(frame, STATE_REVENUE) == "Tháng 3/2025"
        assert named_row(frame, "Tổng thu ngân sách địa phương")[texts.COL_ACTUAL] == "⚠ 2.050 (T2)"  # 1 027 + 1 023
        # counted once a year and not due yet (pupils: September): not marked as late
        assert stale_cell(frame, "Học sinh tiểu học") == "Tháng 2/2025"
        marked = frame[frame[texts.COL_LAST_MONTH].str.startswith("⚠")]
        assert len(marked) == 22, marked[texts.COL_NAME].tolist()  # 34 rows − 3 reported − 9 not due/once a year


def test_no_mark_in_a_fully_reported_month(partial_env):
    at = open_app("overview", query={"thang": "2025-02"})
    frame = at.dataframe[0].value
    assert not frame[texts.COL_LAST_MONTH].str.startswith("⚠").any()
    assert stale_cell(frame, RICE) == "Tháng 2/2025"


def test_is_stale_rules():
    assert ui.is_stale({"data_through": 2, "status": "on_track"}, 3)
    assert not ui.is_stale({"data_through": 3, "status": "on_track"}, 3)
    assert not ui.is_stale({"data_through": None, "status": "no_data"}, 3)
    assert not ui.is_stale({"data_through": 2, "status": "not_due"}, 3)
    assert not ui.is_stale({"data_through": 6, "status": "achieved"}, 12, assessed=6)  # its month's figure is in
    assert ui.is_stale({"data_through": 4, "status": "not_achieved"}, 12, assessed=6)
    assert ui.is_stale({"data_through": "2025-02", "status": "on_track"}, 3)


# --- 2. the default month ---------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["direct", "dashboard"])
def test_default_month_is_the_latest_fully_reported(partial_env, mode):
    at = open_app("overview", mode)
    assert_clean(at)
    box = month_box(at)
    assert box.value == "2025-02"
    assert box.options == ["Tháng 1/2025", "Tháng 2/2025", MARCH_OPTION]
    assert at.query_params["thang"] == "2025-02"
    assert any("**Tháng 2/2025**" in c for c in captions(at))

    box.set_value("2025-03").run()  # the later, partial month can still be picked
    assert_clean(at)
    assert month_box(at).value == "2025-03"
    assert at.query_params["thang"] == "2025-03"
    assert any(MARCH_LINE in c for c in captions(at))


def test_default_month_follows_a_completed_march(partial_env):
    write_month(partial_env, "2025-03", {code: values[1] for code, values in WARD_MONTHS.items()})
    at = open_app("overview")
    assert month_box(at).value == "2025-03"
    assert month_box(at).options == ["Tháng 1/2025", "Tháng 2/2025", "Tháng 3/2025"]


def test_only_a_partial_month_is_shown_as_it_is(real_env):
    write_month(real_env, "2025-01", {"state_revenue": 900})
    at = open_app("overview")
    assert_clean(at)
    assert month_box(at).value == "2025-01"
    assert month_box(at).options == ["Tháng 1/2025 (chưa đủ: 1/32)"]


# --- 3. a link to a month without data ---------------------------------------------------------

@pytest.mark.parametrize(("given", "message"), [
    ("2025-09", "Liên kết mở Tháng 9/2025, nhưng tháng này chưa có số liệu. Đang hiển thị Tháng 2/2025."),
    ("2025-9", "Liên kết mở Tháng 9/2025, nhưng tháng này chưa có số liệu. Đang hiển thị Tháng 2/2025."),
    ("tháng ba", "Liên kết có tháng “tháng ba” không đọc được (cần dạng 2025-03). Đang hiển thị Tháng 2/2025."),
])
def test_link_to_a_month_without_data_says_so(partial_env, given, message):
    at = open_app("budget", query={"thang": given})
    assert_clean(at)
    assert [w.value for w in at.warning] == [message]
    assert month_box(at).value == "2025-02"
    assert at.query_params["thang"] == "2025-02"

    at.run()  # still said on the next run of the same view …
    assert [w.value for w in at.warning] == [message]
    month_box(at).set_value("2025-01").run()  # … until another month is picked
    assert_clean(at)
    assert [w.value for w in at.warning] == []
    assert month_box(at).value == "2025-01"


def test_link_to_a_month_without_data_in_the_presentation(partial_env):
    at = open_app("present", query={"thang": "2025-09"})
    assert [e.message for e in at.exception] == []
    assert "Liên kết mở Tháng 9/2025, nhưng tháng này chưa có số liệu. Đang hiển thị Tháng 2/2025." in [
        w.value for w in at.warning]
    assert at.query_params["thang"] == "2025-02"


def test_a_link_to_a_month_with_data_has_no_note(partial_env):
    at = open_app("budget", query={"thang": "2025-01"})
    assert_clean(at)
    assert [w.value for w in at.warning] == []
    assert month_box(at).value == "2025-01"


# --- 4. a save shows the saved month ----------------------------------------------------------

def test_saving_a_month_shows_it(real_env, served_navigation):
    """A partial March saved while February is shown: the view moves to March (URL and picker),
    though a fresh visit would open on February, the default month."""
    write_partial_months(real_env, march=False)
    at = open_app("overview", "dashboard")
    assert_clean(at)
    assert month_box(at).value == "2025-02"
    assert selectbox(at.sidebar, texts.UPLOAD_MONTH).value == "2025-03"  # the month after the latest stored
    content = "period,indicator_code,value,note\n" + "".join(f"2025-03,{c},{v},\n" for c, v in MARCH.items())
    at.sidebar.file_uploader[0].set_value(("thang-3.csv", content.encode("utf-8"), "text/csv")).run()
    assert [e.message for e in at.exception] == []
    assert month_box(at).value == "2025-02"  # the preview is open, nothing stored yet
    assert not (real_env / "actuals" / "2025-03.csv").exists()
    # AppTest reruns the whole script, not the dialog alone: the preview button and the dialog's
    # confirm are clicked for the same run, as the browser's dialog keeps the preview open.
    (preview,) = [b for b in at.button if b.label == texts.UPLOAD_PREVIEW]
    (confirm,) = [b for b in at.button if b.label == texts.UPLOAD_CONFIRM.format(period="Tháng 3/2025")]
    preview.click()
    confirm.click().run()
    assert_clean(at)
    assert codes_in(real_env, "2025-03") == list(MARCH)
    assert texts.UPLOAD_SAVED.format(period="Tháng 3/2025", version=1) in [s.value for s in at.success]
    assert month_box(at).value == "2025-03"
    assert month_box(at).options == ["Tháng 1/2025", "Tháng 2/2025", MARCH_OPTION]
    assert at.query_params["thang"] == "2025-03"
    assert any("**Tháng 3/2025**" in c for c in captions(at))
    assert any(MARCH_LINE in c for c in captions(at))

    fresh = open_app("overview", "dashboard")  # another visit, no month asked for: the default
    assert month_box(fresh).value == "2025-02"


# --- the demo: every month complete -----------------------------------------------------------

def test_demo_months_are_complete(demo_env):
    at = open_app("overview", query={"thang": "2025-06"})
    assert_clean(at)
    assert month_box(at).options == [f"Tháng {m}/2025" for m in range(1, 13)]  # none listed as partial
    assert "Tháng 6/2025: đủ 32/32 chỉ tiêu đã báo cáo." in captions(at)  # June: graduation too
    assert not named_row(at.dataframe[0].value, RICE)[texts.COL_ACTUAL].startswith("⚠")
