"""The Thi đua page: AppTest on the demo months (what the tables and metrics show, the URL, the
tabs, a broken rules file, the sign-in gate) and a real browser (open /emulation, read the ranking,
pick a unit, read its detail; screenshots).

The expected figures are computed by ``lib.analytics.scoring`` over the same demo store, so the test checks
that the page shows what the scoring module computes; the scoring itself is checked by hand in
``tests/analytics/test_scoring.py``.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qs, urlparse

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import auth
from lib.analytics import datastore, scoring
from lib.analytics import tasks as tasks_mod
from lib.core import fmt, texts
from lib.storage import month_store, task_store
from lib.views import scoreboard as scoreboard_view
from tests.support.helpers import MODES, REPO, assert_clean, banners, open_app, selectbox

GROUPS, DEPARTMENTS = (texts.EMU_KIND_LABELS[k] for k in scoring.UNIT_KINDS)


@lru_cache(maxsize=4)
def board(month: int) -> scoring.Scoreboard:
    store = datastore.open_store(source=datastore.Source(datastore.DEMO_DIR, is_demo=True))
    as_of = tasks_mod.month_end(2025, month)  # issue 9: the demo's tasks as they stood that day
    return scoring.scoreboard(store, 2025, month, as_of=as_of,
                              tasks=task_store.tasks_as_of(as_of, REPO / "data", source=store.source))


def expected_table(month: int, kind: str):
    b = board(month)
    return scoreboard_view.ranking_table(b.ranking, b.breakdown, kind)


def unit_row(month: int, unit: str) -> dict:
    ranking = board(month).ranking
    return ranking[ranking["unit"] == unit].iloc[0].to_dict()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- AppTest ----------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_ranking_of_the_groups_as_scoring_computes_it(demo_env, mode):
    at = open_app("emulation", mode)
    assert_clean(at)
    assert banners(at)  # the demo banner
    assert [t.value for t in at.title] == [texts.PAGE_EMULATION]
    assert [t.label for t in at.tabs] == [GROUPS, DEPARTMENTS]
    expected = expected_table(12, "residential_group")
    shown = at.dataframe[0].value
    assert shown.columns.tolist() == expected.columns.tolist()
    assert shown.values.tolist() == expected.values.tolist()
    first = board(12).ranking.iloc[0]
    assert shown.iloc[0][texts.COL_EMU_RANK] == 1
    assert shown.iloc[0][texts.COL_EMU_UNIT] == first["display_name"]
    assert shown.iloc[0][texts.COL_EMU_TOTAL] == fmt.decimal_text(first["total"], "#,##0.0")
    assert shown[texts.COL_EMU_RANK].tolist() == sorted(shown[texts.COL_EMU_RANK])
    assert len(shown) == 12  # the twelve tổ dân phố
    # Invented names are marked; Trường Thọ Tây A is named in the plan.
    names = shown[texts.COL_EMU_UNIT].tolist()
    assert "Tổ dân phố Trường Thọ Tây A" in names
    assert sum(n.endswith("(tên minh họa)") for n in names) == 11
    assert len(at.get("plotly_chart")) == 1
    # The detail opens on the first unit, and the URL names it.
    assert selectbox(at.main, texts.EMU_PICK_UNIT).value == first["unit"]
    assert at.query_params["don_vi"] == first["unit"]
    most = fmt.decimal_text(first["max_total"], "#,##0.0")
    assert metrics(at) == {f"Tổng điểm (tối đa {most})": fmt.decimal_text(first["total"], "#,##0.0"),
                           texts.COL_EMU_SHARE: fmt.percent(first["share"]),  # issue 9: what the rank compares
                           texts.EMU_METRIC_RANK: "1/12"}
    assert texts.EMU_SHARE_NOTE in [c.value for c in at.caption]  # said beside the table


def test_the_rules_are_shown_beside_the_ranking(demo_env):
    at = open_app("emulation")
    subheaders = [s.value for s in at.subheader]
    assert subheaders == [texts.EMU_RANKING_TITLE, texts.EMU_CHART_TITLE, texts.EMU_RULES_TITLE,
                          texts.EMU_DETAIL_TITLE]
    lines = next(m.value for m in at.markdown if m.value.startswith("- ")).split("\n")
    assert len(lines) == 10  # the groups' criteria of the shipped file
    assert lines[0] == (
        "- **BHYT** · 20,0 điểm: Tỷ lệ dân số tham gia bảo hiểm y tế của tổ, tính theo % kế hoạch\\: 0 điểm ở mức "
        "90% trở xuống, đủ điểm từ 100%, tăng đều ở giữa. *Chỉ tiêu của tổ bằng chỉ tiêu phường \\(95%\\)\\.*")
    assert lines[8].startswith(
        "- **Thưởng điểm sinh hoạt** (Tổ dân phố Trường Thọ Tây A) · \\+5,0 điểm: Cộng 5,0 điểm khi hoàn thành "
        "“Xây mới điểm sinh hoạt Tổ dân phố Trường Thọ Tây A”.")  # the task's title, from the tasks file
    assert lines[9].startswith("- **Trừ thiếu báo cáo** · −10,0 điểm: Trừ 2,0 điểm cho mỗi tháng không gửi")
    assert not any("Đúng tiến độ" in line for line in lines)  # the departments' criteria are in the other tab


def test_a_unit_from_the_url_with_its_detail(demo_env):
    at = open_app("emulation", query={"don_vi": "truong_tho_tay_a", "thang": "2025-06"})
    assert_clean(at)
    row = unit_row(6, "truong_tho_tay_a")
    assert selectbox(at.main, texts.EMU_PICK_UNIT).value == "truong_tho_tay_a"
    # Issue 9: at most 80 in June — 100 less the poverty and near-poor rates (20 points), judged only
    # in December; its two bonuses (community house, cultural families) come on top of the maximum.
    assert metrics(at)["Tổng điểm (tối đa 80,0)"] == fmt.decimal_text(row["total"], "#,##0.0")
    assert metrics(at)[texts.EMU_METRIC_RANK] == f"{row['rank']}/12"
    detail = at.table[0].value
    expected = scoreboard_view.unit_breakdown_table(board(6).breakdown, "truong_tho_tay_a")
    assert detail.values.tolist() == expected.values.tolist()
    assert detail[texts.COL_EMU_CRITERION].tolist()[-3:] == [
        "Thưởng: gia đình văn hóa đạt chỉ tiêu (tiêu chí Tổ dân phố văn hóa)",
        "Thưởng: hoàn thành điểm sinh hoạt tổ dân phố Trường Thọ Tây A", "Trừ: thiếu báo cáo tháng"]
    # June: the table is June's, not December's.
    assert at.dataframe[0].value.values.tolist() == expected_table(6, "residential_group").values.tolist()


def test_picking_a_unit_updates_the_detail_and_the_url(demo_env):
    at = open_app("emulation")
    last = board(12).ranking.query("kind == 'residential_group'").iloc[-1]
    selectbox(at.main, texts.EMU_PICK_UNIT).set_value(last["unit"]).run()
    assert_clean(at)
    assert at.query_params["don_vi"] == last["unit"]
    assert metrics(at)[texts.EMU_METRIC_RANK] == f"{last['rank']}/12"
    explanations = at.table[0].value[texts.COL_EMU_EXPLANATION].tolist()
    mine = board(12).breakdown.query("unit == @last.unit")["explanation"].tolist()
    assert explanations == mine


def test_a_department_in_the_url_opens_the_departments_tab(demo_env):
    at = open_app("emulation", query={"don_vi": "kinh_te"})
    assert_clean(at)
    expected = expected_table(12, "department")
    assert at.dataframe[0].value.values.tolist() == expected.values.tolist()
    assert expected.columns.tolist()[4:] == ["% điểm tối đa", "Đúng tiến độ", "Hoàn thành", "Tiến độ so với lịch",
                                             "Lĩnh vực phụ trách", "Thưởng đúng hạn", "Trừ nhiệm vụ chậm"]
    assert selectbox(at.main, texts.EMU_PICK_UNIT).value == "kinh_te"
    row = unit_row(12, "kinh_te")
    assert metrics(at)[texts.EMU_METRIC_RANK] == f"{row['rank']}/9"
    field = at.table[0].value.set_index(texts.COL_EMU_CRITERION).loc["Chỉ tiêu thuộc lĩnh vực phụ trách"]
    # Issue 9 (analytics): in December an indicator is a result — “behind” (50) became “chưa đạt” (0):
    # 3 of 10 achieved → 30 (was 55).
    assert field[texts.COL_EMU_EXPLANATION].startswith("Điểm tiến độ các chỉ tiêu Nông nghiệp: 30/100 (10 chỉ tiêu")
    text = "\n".join(m.value for m in at.markdown)
    assert "- **Đúng tiến độ** · 30,0 điểm: Tỷ lệ nhiệm vụ được giao không bị chậm" in text
    # The nine field criteria differ only in the department and its field: one item, a line each.
    assert text.count("- **Lĩnh vực phụ trách** · 30,0 điểm") == 1
    assert "\n    - Bộ phận Kinh tế \\(tên minh họa\\): Nông nghiệp." in text
    assert "\n    - Ban Chỉ huy Quân sự phường \\(tên minh họa\\): Quốc phòng." in text
    assert "bảo hiểm y tế" not in text


def test_switching_tabs_shows_the_other_kind(demo_env):
    at = open_app("emulation")
    at.session_state["_emu_kind"] = DEPARTMENTS
    at.run()
    assert_clean(at)
    first = board(12).ranking.query("kind == 'department'").iloc[0]
    assert at.dataframe[0].value.iloc[0][texts.COL_EMU_UNIT] == first["display_name"]
    assert at.query_params["don_vi"] == first["unit"]


def test_a_broken_rules_file_is_listed_and_nothing_is_scored(demo_env):
    (demo_env / scoring.RULES_FILE).write_text(
        "id,name_vi,applies_to,kind,indicator,weight,mapping,zero_at,full_at\n"
        "bhyt,Bảo hiểm y tế,residential_group,indicator,bao_hiem,20,linear,90,100\n"
        "nuoc,Nước sạch,residential_group,indicator,clean_water_rate,0,linear,90,100\n", encoding="utf-8")
    at = open_app("emulation")
    assert [e.message for e in at.exception] == []
    errors = [e.value for e in at.error]
    assert errors[0] == texts.LOCAL_MODE_BANNER
    assert errors[1].startswith(texts.EMU_RULES_INVALID)
    assert "dòng 2, cột “indicator”\\: không có chỉ tiêu mã “bao\\_hiem”" in errors[1]
    assert "dòng 3, cột “weight”\\: điểm tối đa “0” phải là một số lớn hơn 0" in errors[1]
    assert not at.dataframe and not at.get("plotly_chart") and not at.metric


def test_the_wards_own_rules_file_changes_the_page(demo_env):
    """A rules file in the data folder replaces the shipped one: one criterion only."""
    (demo_env / scoring.RULES_FILE).write_text(
        "id,name_vi,short_vi,applies_to,kind,indicator,weight,mapping,zero_at,full_at\n"
        "rac,Thu gom rác thải,Rác,residential_group,indicator,waste_collection_rate,50,threshold,,100\n",
        encoding="utf-8")
    at = open_app("emulation")
    assert_clean(at)
    shown = at.dataframe[0].value
    assert shown.columns.tolist() == ["Hạng", "Đơn vị", "Tổng điểm", "Điểm tối đa", "% điểm tối đa", "Rác"]
    values = scoring.unit_values(datastore.open_store(source=datastore.Source(datastore.DEMO_DIR, is_demo=True)), 2025, 12)
    rates = values[values["code"] == "waste_collection_rate"].set_index("unit")["value"]
    achieved = int((rates >= 98).sum())  # the ward's target, 98%: 50 points or none
    assert shown[texts.COL_EMU_TOTAL].tolist().count("50,0") == achieved
    assert shown[texts.COL_EMU_TOTAL].tolist().count("0,0") == 12 - achieved
    assert 0 < achieved < 12


def test_an_unreadable_tasks_list_is_said_and_left_out_of_the_maximum(demo_env):
    (demo_env / "tasks_2025.csv").write_text("id,kind\nx,y\n", encoding="utf-8")  # the live file wins
    at = open_app("emulation", query={"don_vi": "kinh_te"})
    assert [e.message for e in at.exception] == []
    warnings = [w.value for w in at.warning if w.value.startswith(texts.EMU_NO_TASK_LIST_NOTE)]
    assert len(warnings) == 1 and "tasks\\_2025\\.csv" in warnings[0]
    detail = at.table[0].value.set_index(texts.COL_EMU_CRITERION)
    assert detail.loc["Nhiệm vụ đúng tiến độ", texts.COL_EMU_POINTS] == "0,0"
    # Issue 9: without a tasks list the tasks criteria leave the maximum (shown “—”), not 0 of 30.
    assert detail.loc["Nhiệm vụ đúng tiến độ", texts.COL_EMU_MAX] == "—"
    assert detail.loc["Nhiệm vụ đúng tiến độ", texts.COL_EMU_EXPLANATION] == (
        "Chưa có danh sách nhiệm vụ → không tính vào điểm tối đa.")


# --- the sign-in gate ---------------------------------------------------------------------------

@pytest.fixture
def secured(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    month_store.import_rows(folder, "2025-06", [{"indicator_code": "state_revenue", "value": 6211, "note": ""}],
                        user="test")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[accounts.xem]\nname = "Cán bộ xem"\nrole = "viewer"\n'
                       f'password_hash = "{auth.hash_password("mat-khau-xem-01")}"\n', encoding="utf-8")
    monkeypatch.setenv("TQT_DATA_DIR", str(folder))
    monkeypatch.setenv("TQT_SECRETS", str(secrets))
    monkeypatch.delenv("TQT_TARGETS", raising=False)
    return folder


def test_nobody_sees_the_scoreboard_before_signing_in(secured):
    at = AppTest.from_file(str(REPO / "pages" / "emulation.py"), default_timeout=60)
    at.query_params["don_vi"] = "kinh_te"
    at.run()
    assert [t.value for t in at.title] == [texts.LOGIN_TITLE]
    assert not at.dataframe and not at.table and not at.get("plotly_chart") and not at.metric
    at.text_input[0].input("xem")
    at.text_input[1].input("mat-khau-xem-01")
    next(b for b in at.button if b.label == texts.LOGIN_SUBMIT).click()
    at.run()
    assert [t.value for t in at.title] == [texts.PAGE_EMULATION]
    assert selectbox(at.main, texts.EMU_PICK_UNIT).value == "kinh_te"  # the shared link's unit
    assert not at.exception


# --- in a browser ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from tests.support.server import require_browser, streamlit_server

    require_browser()
    empty = tmp_path_factory.mktemp("no_data")  # no month files → the demo months
    with streamlit_server(env={"TQT_DATA_DIR": str(empty)}) as url:
        yield url


@pytest.mark.browser
def test_browser_ranking_pick_a_unit_and_its_detail(server, page, shots):
    from tests.support.server import assert_no_errors, full_screenshot, grid_text, wait_rendered

    page.goto(server + "/emulation")  # the fresh server's first request: no “Page not found”
    wait_rendered(page, 1, expected_tables=1, table_text=True)
    assert_no_errors(page)
    assert page.locator("h1").first.inner_text().strip() == texts.PAGE_EMULATION
    ranking = board(12).ranking
    groups = ranking[ranking["kind"] == "residential_group"]
    first, last = groups.iloc[0], groups.iloc[-1]
    grid = grid_text(page)
    assert first["display_name"] in grid and fmt.decimal_text(first["total"], "#,##0.0") in grid
    body = page.inner_text("body")
    assert texts.EMU_RULES_TITLE in body and "Tỷ lệ dân số tham gia bảo hiểm y tế" in body
    svg = " ".join(page.locator('[data-testid="stPlotlyChart"] .main-svg').all_text_contents())
    # the bars draw the share of the unit's maximum that the ranking compares (issue 9)
    assert texts.EMU_CHART_TOTAL.format(share=fmt.percent(first["share"]),
                                        total=fmt.decimal_text(first["total"], "#,##0.0"),
                                        most=fmt.decimal_text(first["max_total"], "#,##0.0")) in svg
    full_screenshot(page, shots / "emulation-groups.png")

    # Pick the last group in the detail's box: the URL and the detail follow.
    box = page.get_by_role("combobox", name=texts.EMU_PICK_UNIT)
    box.click()
    box.fill(last["display_name"])  # the list is virtualised: filter it to the one wanted
    page.get_by_role("option", name=last["display_name"], exact=True).click()
    page.wait_for_url(re.compile(rf"[?&]don_vi={last['unit']}(&|$)"))
    wait_rendered(page, 1, expected_tables=1, table_text=True)
    detail = page.locator('[data-testid="stTable"]').inner_text()
    for explanation in board(12).breakdown.query("unit == @last.unit")["explanation"]:
        assert explanation in detail
    assert f"{last['rank']}/12" in page.inner_text("body")
    assert_no_errors(page)
    full_screenshot(page, shots / "emulation-unit.png")

    # The departments' tab.
    page.get_by_role("tab", name=DEPARTMENTS).click()
    dept = ranking[ranking["kind"] == "department"].iloc[0]
    page.wait_for_url(re.compile(rf"[?&]don_vi={dept['unit']}(&|$)"))
    wait_rendered(page, 1, expected_tables=1, table_text=True)
    assert dept["display_name"] in grid_text(page)
    assert "Nhiệm vụ đúng tiến độ" in page.inner_text("body")
    assert_no_errors(page)
    query = {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}
    assert query == {"thang": "2025-12", "don_vi": dept["unit"]}
    full_screenshot(page, shots / "emulation-departments.png")
