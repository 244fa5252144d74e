"""Every page, run headless with ``streamlit.testing.v1.AppTest``: the figures it shows, not just
that it runs.

Each page is run two ways: its file alone (``pages/<x>.py``, as the legacy multipage mode would)
and through ``dashboard.py``'s ``st.navigation`` with ``switch_page``. ``TQT_DATA_DIR`` points at
an empty folder, so the shipped demo months are shown; the expected figures are both computed
from ``lib.analytics.formulas`` over the demo store and written out by hand (checked against the demo
files), so that a change in either the formulas or the page wiring is caught.

Pages are run with ``tests/support/helpers.py``'s ``open_app``; ``demo_env`` and ``real_env`` (the data
folders) are in ``tests/conftest.py``.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib.analytics import datastore, formulas
from lib.core import fmt, texts
from lib.views import tables
from tests.support.helpers import MODES, STATE_REVENUE, assert_clean, banners, named_row, open_app, selectbox

PAGES = ["overview", *texts.SECTORS]
SECTOR_PAGES = list(texts.SECTORS)
CHARTS = {"overview": 1, "agriculture": 2, "budget": 2, "society": 2, "security": 2}
AT_RISK, BEHIND, ON_TRACK, ACHIEVED = (texts.STATUS_LABELS[s] for s in ("at_risk", "behind", "on_track", "achieved"))
# The table's columns after the first (Lĩnh vực on the overview, Nhóm on a sector page); numbers
# are written without their unit, which has a column of its own (ĐVT).
COLUMNS = [texts.COL_NAME, texts.COL_UNIT, texts.COL_STATUS, texts.COL_ACHIEVEMENT, texts.COL_TARGET,
           texts.COL_ACTUAL, texts.COL_EXPECTED, texts.COL_PROJECTION, texts.COL_GAP, texts.COL_LAST_MONTH]


# --- helpers ----------------------------------------------------------------------------------

def table(at: AppTest, index: int = 0) -> pd.DataFrame:
    """The data of the ``index``-th ``st.dataframe``, statuses unwrapped from their pills."""
    value = at.dataframe[index].value
    assert isinstance(value, pd.DataFrame)
    # The status is drawn as a coloured pill: a one-item list holding the word.
    assert all(isinstance(v, (list, tuple)) or hasattr(v, "tolist") for v in value[texts.COL_STATUS])
    statuses = [list(v) for v in value[texts.COL_STATUS]]
    assert all(len(v) == 1 and v[0] in texts.STATUS_LABELS.values() for v in statuses)
    return value.assign(**{texts.COL_STATUS: [v[0] for v in statuses]})


def row(frame: pd.DataFrame, name: str) -> dict:
    return named_row(frame, name).to_dict()


def assert_cells(frame: pd.DataFrame, name: str, expected: dict) -> None:
    """The row of indicator ``name`` holds ``expected`` ({column: cell}; other columns not compared)."""
    found = row(frame, name)
    assert {column: found[column] for column in expected} == expected, name


def month_box(at: AppTest):
    return selectbox(at.sidebar, texts.AS_OF_LABEL)


def trend_box(at: AppTest):
    return selectbox(at.main, texts.TREND_PICK)


def charts(at: AppTest) -> list:
    return list(at.get("plotly_chart"))


def chart_title(chart) -> str:
    return json.loads(chart.proto.spec)["layout"]["title"]["text"]


@lru_cache(maxsize=1)
def demo_store() -> datastore.Store:
    return datastore.open_store(source=datastore.Source(datastore.DEMO_DIR, is_demo=True))


def expected_scores(store: datastore.Store, month: int) -> list[str]:
    summary = formulas.sector_summary(store, formulas.gap_table(store, datastore.PLAN_YEAR, month))
    return ["—" if pd.isna(s) else fmt.decimal_text(s, "#,##0") for s in summary["score"]]


# --- every page on the demo data --------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page", PAGES)
def test_page_on_demo_data(demo_env, page, mode):
    at = open_app(page, mode)
    assert_clean(at)
    assert len(banners(at)) == 1
    assert banners(at)[0] == texts.DEMO_BANNER
    assert [t.value for t in at.title] == [texts.PAGE_OVERVIEW if page == "overview" else texts.SECTORS[page]]

    box = month_box(at)
    assert box.label == "Tính đến tháng"
    assert box.value == "2025-12"
    assert box.options == [f"Tháng {m}/2025" for m in range(1, 13)]
    assert box.options[box.index] == "Tháng 12/2025"
    assert any("**Tháng 12/2025**" in c.value for c in at.caption)
    assert at.query_params["thang"] == "2025-12"

    assert len(charts(at)) == CHARTS[page]
    assert len(at.dataframe) == 1
    if page != "overview":
        gaps = formulas.gap_table(demo_store(), 2025, 12)
        codes = gaps.loc[gaps["sector"] == page, "code"].tolist()
        assert len(table(at)) == len(codes)
        assert trend_box(at).value == codes[0]
        assert at.query_params["chi_tieu"] == codes[0]


# --- overview ---------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_overview_sector_scores(demo_env, mode):
    at = open_app("overview", mode)
    assert_clean(at)
    assert [m.label for m in at.metric] == [texts.SCORE_LABEL] * 4
    shown = [m.value for m in at.metric]
    assert shown == expected_scores(demo_store(), 12)
    # agriculture, budget, society, security (checked by hand). December speaks of results: achieved
    # 100, not achieved 0 — agriculture 3 of 10, budget 1 of 3 (state revenue), society 12 of 18.
    assert shown == ["30", "33", "67", "100"]


@pytest.mark.parametrize("mode", MODES)
def test_overview_table_worst_first(demo_env, mode):
    at = open_app("overview", mode)
    assert_clean(at)
    frame = table(at)

    store = demo_store()
    expected = tables.indicator_table(formulas.worst_first(formulas.gap_table(store, 2025, 12)), 2025,
                                      with_sector=True)
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), expected, check_dtype=False)

    assert list(frame.columns) == [texts.COL_SECTOR, *COLUMNS]
    assert list(frame.columns) == ["Lĩnh vực", "Chỉ tiêu", "ĐVT", "Tình trạng", "% kế hoạch", "Kế hoạch năm",
                                   "Thực hiện", "Cần đạt", "Dự báo cả năm", "Chênh lệch",
                                   "Kỳ báo cáo"]
    assert len(frame) == len(store.catalogue.codes()) == 34
    assert_cells(frame, STATE_REVENUE, {texts.COL_SECTOR: "Ngân sách", texts.COL_UNIT: "triệu đồng",
                                        texts.COL_TARGET: "13.345", texts.COL_ACTUAL: "14.120",
                                        texts.COL_STATUS: "Đạt"})
    assert frame[texts.COL_STATUS].iloc[0] == "Chưa đạt kế hoạch năm"  # December: a result, not a pace
    assert frame[texts.COL_NAME].iloc[0] == "Sản lượng đậu các loại"
    rank = {texts.STATUS_LABELS[s]: i for i, s in enumerate(formulas.STATUS_ORDER)}
    ranks = frame[texts.COL_STATUS].map(rank)
    assert ranks.notna().all()
    assert ranks.is_monotonic_increasing


@pytest.mark.parametrize("mode", MODES)
def test_overview_month_change(demo_env, mode):
    at = open_app("overview", mode)
    month_box(at).set_value("2025-06").run()
    assert_clean(at)
    assert month_box(at).value == "2025-06"
    assert at.query_params["thang"] == "2025-06"
    assert any("**Tháng 6/2025**" in c.value for c in at.caption)
    # society: 11 judged (pupils and poverty not due before 9 and 12): (4 + 2) × 100 + 3 × 50 = 750 / 11
    assert [m.value for m in at.metric] == expected_scores(demo_store(), 6) == ["75", "50", "68", "100"]
    assert_cells(table(at), STATE_REVENUE, {texts.COL_ACTUAL: "6.211", texts.COL_UNIT: "triệu đồng",
                                            texts.COL_STATUS: ON_TRACK, texts.COL_LAST_MONTH: "Tháng 6/2025"})


# --- sector pages -----------------------------------------------------------------------------

# The tables of the agriculture and society pages on the demo at December: the first row (the
# catalogue's order, not worst first) and the cells of some rows, {name: {column: cell}}.
SECTOR_TABLES = {
    "agriculture": ("Tổng sản lượng lương thực", {
        "Tổng sản lượng lương thực": {texts.COL_GROUP: "Trồng trọt", texts.COL_UNIT: "tấn", texts.COL_TARGET: "1.260",
                                      texts.COL_ACTUAL: "1.158", texts.COL_GAP: "còn thiếu 102",
                                      texts.COL_STATUS: texts.STATUS_LABELS["not_achieved"]},  # the year is over
        "Sản lượng lạc": {texts.COL_UNIT: "tấn", texts.COL_TARGET: "14,5", texts.COL_GAP: "còn thiếu 0,5"},
        "Đàn bò": {texts.COL_GROUP: "Chăn nuôi", texts.COL_UNIT: "con", texts.COL_TARGET: "484"},
    }),
    "society": ("Số học sinh có mặt đầu năm học (công lập)", {
        "Tỷ lệ hộ nghèo": {texts.COL_UNIT: "%", texts.COL_TARGET: "≤ 0,17", texts.COL_GAP: "bằng trần"},
        "Tỷ lệ hộ cận nghèo": {texts.COL_UNIT: "%", texts.COL_TARGET: "≤ 1,59"},
        "Tỷ lệ tăng dân số tự nhiên": {texts.COL_UNIT: "‰", texts.COL_TARGET: "≤ 8,0"},
        "Tỷ lệ dân số tham gia bảo hiểm y tế": {texts.COL_UNIT: "%", texts.COL_TARGET: "95,0"},
    }),
}


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page", list(SECTOR_TABLES))
def test_sector_table(demo_env, page, mode):
    first, cells = SECTOR_TABLES[page]
    at = open_app(page, mode)
    assert_clean(at)
    frame = table(at)
    assert texts.COL_SECTOR not in frame.columns
    assert list(frame.columns) == [texts.COL_GROUP, *COLUMNS]
    assert frame[texts.COL_NAME].iloc[0] == first
    for name, expected in cells.items():
        assert_cells(frame, name, expected)


@pytest.mark.parametrize("mode", MODES)
def test_budget_table_and_month_change(demo_env, mode):
    at = open_app("budget", mode)
    assert_clean(at)
    assert_cells(table(at), STATE_REVENUE, {texts.COL_UNIT: "triệu đồng", texts.COL_TARGET: "13.345",
                                            texts.COL_ACTUAL: "14.120", texts.COL_STATUS: ACHIEVED})

    month_box(at).set_value("2025-06").run()
    assert_clean(at)
    assert at.query_params["thang"] == "2025-06"
    assert_cells(table(at), STATE_REVENUE, {
        texts.COL_UNIT: "triệu đồng", texts.COL_ACTUAL: "6.211",
        texts.COL_EXPECTED: "5.872",  # 13 345 × 44% = 5 871,8
        texts.COL_ACHIEVEMENT: "46,5%", texts.COL_STATUS: ON_TRACK})
    assert len(charts(at)) == 2


@pytest.mark.parametrize("mode", MODES)
def test_security_yes_no_goals(demo_env, mode):
    at = open_app("security", mode)
    assert_clean(at)
    frame = table(at)
    assert len(frame) == 3
    for name in ("Phường vững mạnh về quốc phòng", "Phường đạt tiêu chuẩn “An toàn về an ninh trật tự”"):
        # a yes/no goal (unit “đạt”) has no unit to show
        assert_cells(frame, name, {texts.COL_UNIT: "", texts.COL_TARGET: "Đạt", texts.COL_ACTUAL: "Đạt",
                                   texts.COL_STATUS: "Đạt"})
    assert set(frame[texts.COL_STATUS]) == {ACHIEVED}
    assert any("Đạt: 3" in m.value for m in at.markdown)


# --- the month and indicator in the URL ------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_month_from_url(demo_env, mode):
    at = open_app("overview", mode, query={"thang": "2025-03"})
    assert_clean(at)
    assert month_box(at).value == "2025-03"
    assert any("**Tháng 3/2025**" in c.value for c in at.caption)
    assert at.query_params["thang"] == "2025-03"
    # society: 10 judged (8 not due yet): 3 × 100 + 2 × 100 + 2 × 50 = 600 / 10
    assert [m.value for m in at.metric] == expected_scores(demo_store(), 3) == ["85", "50", "60", "100"]


@pytest.mark.parametrize("mode", MODES)
def test_month_from_url_on_sector_page(demo_env, mode):
    at = open_app("budget", mode, query={"thang": "2025-03"})
    assert_clean(at)
    assert month_box(at).value == "2025-03"
    assert row(table(at), STATE_REVENUE)[texts.COL_LAST_MONTH] == "Tháng 3/2025"  # column “Kỳ báo cáo”


@pytest.mark.parametrize(("given", "opened", "note"), [
    ("2025-3", "2025-03", None),
    ("2025-13", "2025-12",
     "Liên kết có tháng “2025-13” không đọc được (cần dạng 2025-03). Đang hiển thị Tháng 12/2025."),
    ("tháng ba", "2025-12",
     "Liên kết có tháng “tháng ba” không đọc được (cần dạng 2025-03). Đang hiển thị Tháng 12/2025."),
    ("2024-06", "2025-12", "Liên kết mở Tháng 6/2024, nhưng tháng này chưa có số liệu. Đang hiển thị Tháng 12/2025."),
])
def test_month_from_url_normalised_or_ignored(demo_env, given, opened, note):
    at = open_app("overview", "direct", query={"thang": given})
    assert_clean(at)
    assert month_box(at).value == opened
    assert at.query_params["thang"] == opened
    # a month the link names but that has no data is not replaced silently
    notes = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning if not w.value.startswith("**Đang hiển thị")]
    assert notes == ([note] if note else [])


def test_month_kept_when_switching_pages(demo_env):
    at = open_app("overview", "dashboard")
    month_box(at).set_value("2025-06").run()
    at.switch_page("pages/budget.py").run()
    assert_clean(at)
    assert month_box(at).value == "2025-06"
    assert at.query_params["thang"] == "2025-06"
    assert_cells(table(at), STATE_REVENUE, {texts.COL_ACTUAL: "6.211", texts.COL_UNIT: "triệu đồng"})


@pytest.mark.parametrize("mode", MODES)
def test_trend_selector_sets_url(demo_env, mode):
    at = open_app("agriculture", mode)
    box = trend_box(at)
    assert box.value == "food_output"
    assert box.options[0] == "Tổng sản lượng lương thực"  # names shown, codes kept
    assert at.query_params["chi_tieu"] == "food_output"
    assert chart_title(charts(at)[1]) == "<b>Tổng sản lượng lương thực</b> (tấn)"

    box.set_value("peanut_output").run()
    assert_clean(at)
    assert trend_box(at).value == "peanut_output"
    assert at.query_params["chi_tieu"] == "peanut_output"
    assert at.query_params["thang"] == "2025-12"
    assert len(charts(at)) == 2
    assert chart_title(charts(at)[1]) == "<b>Sản lượng lạc</b> (tấn)"

    month_box(at).set_value("2025-06").run()  # the chosen indicator survives a month change
    assert_clean(at)
    assert at.query_params == {"thang": "2025-06", "chi_tieu": "peanut_output"}


@pytest.mark.parametrize("mode", MODES)
def test_indicator_from_url(demo_env, mode):
    at = open_app("society", mode, query={"chi_tieu": "POVERTY_RATE"})
    assert_clean(at)
    assert trend_box(at).value == "poverty_rate"
    assert at.query_params["chi_tieu"] == "poverty_rate"
    assert chart_title(charts(at)[1]).startswith("<b>Tỷ lệ hộ nghèo</b>")


# --- real data --------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_real_single_month(real_env, write_months, mode):
    write_months(real_env, {1: {"state_revenue": 1500, "defence_strong": 1}})
    assert (real_env / "actuals" / "2025-01.csv").read_text(encoding="utf-8").splitlines()[0] == \
        "period,indicator_code,value,note"

    at = open_app("budget", mode)
    assert_clean(at)
    assert banners(at) == []
    assert len(at.warning) == 0
    box = month_box(at)
    # the only month, partial (2 of 32 indicators): shown, and listed as partial
    assert box.options == [f"{fmt.period_label('2025-01')} (chưa đủ: 2/32)"] == ["Tháng 1/2025 (chưa đủ: 2/32)"]
    assert box.value == "2025-01"
    assert at.query_params["thang"] == "2025-01"
    frame = table(at)
    assert_cells(frame, STATE_REVENUE, {
        texts.COL_UNIT: "triệu đồng", texts.COL_ACTUAL: "1.500",
        texts.COL_EXPECTED: "801",  # 13 345 × 6% (January share of the profile)
        texts.COL_STATUS: ON_TRACK})
    assert_cells(frame, "Tổng thu ngân sách địa phương", {
        texts.COL_UNIT: "triệu đồng",  # the unit is known before any figure is
        texts.COL_ACTUAL: "—", texts.COL_STATUS: texts.STATUS_LABELS["no_data"]})


def test_real_single_month_expected_matches_analytics(real_env, write_months):
    """The January expectation of a profiled indicator follows its profile (6% for state revenue)."""
    write_months(real_env, {1: {"state_revenue": 1500}})
    store = datastore.open_store()
    gaps = formulas.gap_table(store, 2025, 1).set_index("code")
    assert gaps.loc["state_revenue", "expected_to_date"] == pytest.approx(13345 * 0.06)
    at = open_app("budget")
    revenue = row(table(at), STATE_REVENUE)
    assert revenue[texts.COL_EXPECTED] == fmt.quantity(13345 * 0.06, "triệu đồng", with_unit=False) == "801"
    assert revenue[texts.COL_UNIT] == "triệu đồng"


@pytest.mark.parametrize("mode", MODES)
def test_real_single_month_overview(real_env, write_months, mode):
    write_months(real_env, {1: {"state_revenue": 1500, "defence_strong": 1}})
    at = open_app("overview", mode)
    assert_clean(at)
    assert banners(at) == []
    assert [m.value for m in at.metric] == ["—", "100", "—", "100"]
    frame = table(at)
    assert_cells(frame, "Phường vững mạnh về quốc phòng", {texts.COL_ACTUAL: "Đạt", texts.COL_UNIT: ""})
    # 9 are counted later in the year (pupils, graduation, poverty, recruitment): not due, not missing
    assert (frame[texts.COL_STATUS] == texts.STATUS_LABELS["no_data"]).sum() == 23
    assert (frame[texts.COL_STATUS] == texts.STATUS_LABELS["not_due"]).sum() == 9


def test_new_and_corrected_month_files_are_picked_up(real_env, write_months):
    """The cache is keyed on the files: a corrected figure and a new month show on the next run."""
    write_months(real_env, {1: {"state_revenue": 1500}})
    at = open_app("budget")
    assert_cells(table(at), STATE_REVENUE, {texts.COL_ACTUAL: "1.500", texts.COL_UNIT: "triệu đồng"})

    write_months(real_env, {1: {"state_revenue": 1750}})
    at.run()
    assert_clean(at)
    assert_cells(table(at), STATE_REVENUE, {texts.COL_ACTUAL: "1.750", texts.COL_UNIT: "triệu đồng"})

    write_months(real_env, {2: {"state_revenue": 250}})
    at.run()
    assert_clean(at)
    assert month_box(at).options == ["Tháng 1/2025 (chưa đủ: 1/32)", "Tháng 2/2025 (chưa đủ: 1/32)"]
    month_box(at).set_value("2025-02").run()
    assert_clean(at)
    assert_cells(table(at), STATE_REVENUE, {texts.COL_ACTUAL: "2.000", texts.COL_UNIT: "triệu đồng"})  # 1 750 + 250


def test_real_data_of_another_year_only(real_env, write_months):
    write_months(real_env, {12: {"state_revenue": 1500}}, year=2024)
    at = open_app("overview")
    assert_clean(at)
    assert banners(at) == []
    assert [i.value for i in at.info] == [texts.NO_MONTHS]
    assert len(at.dataframe) == 0


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("page", ["overview", "budget"])
def test_broken_month_file(real_env, write_months, page, mode):
    write_months(real_env, {1: {"state_revenue": 1500}})
    (real_env / "actuals" / "2025-02.csv").write_text(
        "period,indicator_code,value,note\n2025-02,state_revenue,1200,\n2025-02,local_revenue,mười,\n",
        encoding="utf-8")
    at = open_app(page, mode)
    assert [e.message for e in at.exception] == []
    assert [e.value for e in at.error][0] == texts.LOCAL_MODE_BANNER  # local mode, then the problem
    errors = at.error[1:]
    assert len(errors) == 1
    # Details from files are Markdown-escaped (no links or formatting); a reader sees them unescaped.
    assert "\\-02\\.csv" in errors[0].value
    message = re.sub(r"\\(.)", r"\1", errors[0].value)
    assert message.startswith(texts.DATA_UNREADABLE)
    assert "2025-02.csv" in message
    assert "dòng 3" in message
    assert "mười" in message
    assert "2025-01.csv" not in message
    assert banners(at) == []
    assert len(at.dataframe) == 0
    assert charts(at) == []


def test_broken_targets_file(real_env, write_months, tmp_path, monkeypatch):
    write_months(real_env, {1: {"state_revenue": 1500}})
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,sector,name_vi,unit,target,direction,aggregation\n"
        "state_revenue,budget,Tổng thu,triệu đồng,13345,more,sum\n", encoding="utf-8")
    monkeypatch.setenv("TQT_TARGETS", str(targets))
    at = open_app("overview", "dashboard")
    assert [e.message for e in at.exception] == []
    assert [e.value for e in at.error][0] == texts.LOCAL_MODE_BANNER
    assert len(at.error) == 2
    assert "Tệp chỉ tiêu, dòng 2, cột “direction”" in at.error[1].value
    assert len(at.dataframe) == 0
