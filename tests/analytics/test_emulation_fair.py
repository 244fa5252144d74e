"""Issue 9 — truthful, fair emulation scores (``lib.analytics.scoring``, the Thi đua page, the presentation,
the report).

* A criterion that does not apply to a unit (a department that owns no task, an indicator before
  the month it is judged in) or whose figures the unit lacks is left out of the unit's maximum;
  units are ranked on the share of their maximum.
* A flow (new jobs) is judged against what is expected by the month: the group's share of the
  ward's target × the seasonal pace (``lib.analytics.formulas``' expected cumulative share).
* With ward-level figures only, no residential group is ranked, and the page, the presentation,
  the narrative and the exported report say what is missing (“Chưa có số liệu theo tổ dân phố”).

Every expected number is computed by hand in the comments.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from lib.analytics import datastore, formulas, scoring
from lib.analytics import tasks as tasks_mod
from lib.core import fmt, texts
from lib.readers.catalogue import load_catalogue
from lib.readers.org_units import load_units
from lib.report import export, model
from lib.storage import task_store
from lib.views import scoreboard as scoreboard_view
from tests.analytics.test_scoring import line, make_inputs, points, rule  # the hand-made inputs of test_scoring
from tests.support.helpers import assert_clean, open_app

YEAR = 2025
AS_OF = date(2025, 6, 30)
GROUPS = "residential_group"
MISSING_GROUPS = texts.EMU_MISSING_LABEL[GROUPS]


@pytest.fixture
def units(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name_vi,kind,population,households,demo_name\n"
        "g1,Tổ dân phố Một,residential_group,1000,250,false\n"
        "g2,Tổ dân phố Hai,residential_group,3000,800,false\n"
        "d1,Bộ phận Một,department,,,false\n"
        "d2,Bộ phận Hai,department,,,false\n", encoding="utf-8")
    return load_units(path)


@pytest.fixture
def catalogue(tmp_path, write_targets):
    rows = [
        {"code": "insured", "sector": "society", "group": "labour", "name_vi": "Tỷ lệ tham gia BHYT", "unit": "%",
         "target": 95, "direction": "at_least", "aggregation": "last", "min": 50, "max": 100, "by_unit": "population"},
        {"code": "poor", "sector": "society", "group": "labour", "name_vi": "Tỷ lệ hộ nghèo", "unit": "%",
         "target": 0.5, "direction": "at_most", "aggregation": "last", "min": 0, "max": 100, "assessed": 12,
         "by_unit": "households"},
        {"code": "jobs", "sector": "society", "group": "labour", "name_vi": "Việc làm mới", "unit": "người",
         "target": 40, "direction": "at_least", "aggregation": "sum", "integer": True, "min": 0, "max": 1000,
         "by_unit": "sum"},
        {"code": "rice", "sector": "agriculture", "group": "crop", "name_vi": "Sản lượng lúa", "unit": "tấn",
         "target": 100, "direction": "at_least", "aggregation": "sum", "min": 0, "max": 100,
         "profile": "0 0 0 0 40 0 0 0 60 0 0 0"},
    ]
    return load_catalogue(write_targets(tmp_path / "targets.csv", rows))


@pytest.fixture
def rules_from(tmp_path, units, catalogue):
    from tests.analytics.test_scoring import write_rules

    counter = iter(range(1000))

    def load(rows, task_ids=None):
        path = write_rules(tmp_path / f"rules{next(counter)}.csv", rows)
        return scoring.load_rules(path, units=units, catalogue=catalogue, task_ids=task_ids)

    return load


def inputs(units, catalogue, values=None, *, month=6, pace=None, tasks=None, gaps=None, last_month=None):
    """``make_inputs`` with a month of our choosing, a seasonal pace and the units' last months."""
    base = make_inputs(units, catalogue, values, gaps=gaps, tasks=tasks)
    frame = base.values.assign(last_month=[(last_month or {}).get((u, c), month)
                                           for u, c in zip(base.values["unit"], base.values["code"])])
    return scoring.Inputs(YEAR, month, tasks_mod.month_end(YEAR, month), units, catalogue.indicators, frame,
                          base.reported, gaps, tasks, pace)


def task_rules(rules_from):
    base = {"applies_to": "department", "kind": "tasks", "indicator": "", "zero_at": 0, "full_at": 100}
    return rules_from([
        rule("dung_han", measure="on_schedule", weight=30, **base),
        rule("hoan_thanh", measure="completed", weight=20, **base),
        rule("linh_vuc", applies_to="department", kind="field", indicator="sector:agriculture", weight=30,
             zero_at=0, full_at=100),
        rule("thuong", applies_to="department", kind="bonus", weight=5, points=5, condition="all_tasks_on_time",
             indicator="", mapping="", zero_at="", full_at=""),
        rule("tre", applies_to="department", kind="penalty", weight=10, points=2, condition="task_late",
             indicator="", mapping="", zero_at="", full_at=""),
    ], task_ids={"t1", "t2"})


# --- fair scoring: the share of the applicable maximum ---------------------------------------

def test_a_units_share_of_its_applicable_maximum_by_hand(units, catalogue, rules_from):
    rules = rules_from([rule("bhyt"), rule("ngheo", indicator="poor", weight=10, zero_at=0, full_at=100),
                        rule("viec_lam", indicator="jobs", weight=30, zero_at=0, full_at=100)])
    values = {("g1", "insured"): 92.625, ("g1", "poor"): 0.4, ("g1", "jobs"): 5,
              ("g2", "insured"): 95.0, ("g2", "poor"): 0.4}
    ranking, breakdown = scoring.score(rules, inputs(units, catalogue, values, month=6, pace={"jobs": {6: 0.5}}))
    # June: the poverty rate is judged in December only → left out of everyone's maximum.
    assert line(breakdown, "g1", "ngheo")["state"] == scoring.NOT_APPLICABLE
    assert line(breakdown, "g1", "ngheo")["explanation"] == (
        "Chưa đến kỳ đánh giá (Tháng 12/2025) → không tính vào điểm tối đa.")
    # g1: 92,625 ÷ 95 = 97,5% → 15 of 20; jobs 5 of 1.000/4.000 × 40 × 0,5 = 5 → 100% → 30 of 30.
    # 45 of 50 = 90,0%. g2: 20 of 20; no jobs figure → left out: 20 of 20 = 100,0%.
    g = ranking.set_index("unit")
    assert g.loc["g1", ["total", "max_total", "share"]].tolist() == [45.0, 50.0, 90.0]
    assert g.loc["g2", ["total", "max_total", "share"]].tolist() == [20.0, 20.0, 100.0]
    assert ranking["unit"].tolist() == ["g2", "g1"]  # on the share: 100,0% before 90,0% (on points g1 led)
    assert g.loc["g2", "missing"] == ("Tiêu chí viec_lam",)
    notes = scoring.missing_notes(ranking, GROUPS)
    assert notes == [f"{MISSING_GROUPS} của Tổ dân phố Hai cho các tiêu chí Tiêu chí viec_lam: "
                     "các đơn vị này được so sánh trên các tiêu chí đã có số liệu."]
    assert scoring.left_out_notes(ranking, GROUPS) == [
        "Các tiêu chí Tiêu chí ngheo không tính vào điểm tối đa của các tổ dân phố: chưa đến kỳ đánh giá "
        "(Tháng 12/2025)."]
    # December: the poverty rate counts: g1 0,4% under the 0,5% ceiling → 120% → 10 of 10.
    ranking, breakdown = scoring.score(rules, inputs(units, catalogue, values, month=12, pace={"jobs": {12: 1.0}}))
    assert line(breakdown, "g1", "ngheo")["points"] == 10.0
    # jobs: 5 of the full 10 → 50% → 15 of 30; total 15 + 10 + 15 = 40 of 60 = 66,7%.
    assert ranking.set_index("unit").loc["g1", ["total", "max_total", "share"]].tolist() == [40.0, 60.0, 66.7]


def test_a_department_without_tasks_is_not_last_by_construction(units, catalogue, rules_from):
    rules = task_rules(rules_from)
    tasks = pd.DataFrame([  # d1 owns both tasks, one late; d2 owns none
        {"id": "t1", "title_vi": "Việc trễ", "owner": "d1", "status": "dang_thuc_hien", "progress": 20,
         "start": date(2025, 1, 1), "deadline": date(2025, 3, 31), "late": True},
        {"id": "t2", "title_vi": "Việc xong", "owner": "d1", "status": "hoan_thanh", "progress": 100,
         "start": date(2025, 1, 1), "deadline": date(2025, 5, 31), "late": False},
    ])
    gaps = pd.DataFrame({"code": ["insured", "poor", "jobs", "rice"],
                         "status": ["no_data", "no_data", "no_data", "behind"]})  # agriculture: 50/100
    ranking, breakdown = scoring.score(rules, inputs(units, catalogue, tasks=tasks, gaps=gaps))
    # d2: the tasks criteria, their bonus and penalty do not apply → its maximum is the field's 30;
    # 50% of 30 = 15 → 15 of 30 = 50,0%.
    for criterion in ("dung_han", "hoan_thanh", "thuong", "tre"):
        assert line(breakdown, "d2", criterion)["state"] == scoring.NOT_APPLICABLE
        assert line(breakdown, "d2", criterion)["max_points"] == 0.0
    assert line(breakdown, "d2", "dung_han")["explanation"] == texts.EMU_EXPL_NO_TASKS
    # d1: 1 of 2 not late → 15 of 30; 1 of 2 done → 10 of 20; field 15 of 30; no bonus; −2 for the
    # late task: 38 of 80 = 47,5%.
    d = ranking.set_index("unit")
    assert d.loc["d2", ["total", "max_total", "share", "rank"]].tolist() == [15.0, 30.0, 50.0, 1]
    assert d.loc["d1", ["total", "max_total", "share", "rank"]].tolist() == [38.0, 80.0, 47.5, 2]
    # Before issue 9 d2 had 15 of 30 + 20 + 30 + 5 (105) and ranked last; now it is not last.
    assert ranking[ranking["kind"] == "department"]["unit"].tolist()[-1] != "d2"


# --- fair scoring: flows against the seasonal pace -------------------------------------------

def test_a_flow_on_pace_in_june_gets_full_points(units, catalogue, rules_from):
    rules = rules_from([rule("viec_lam", indicator="jobs", weight=20, zero_at=0, full_at=100)])
    # Ward target 40; g1 has 1.000 of 4.000 people → 10 for the year; no profile → 6/12 by June → 5.
    values = {("g1", "jobs"): 5, ("g2", "jobs"): 12}
    ranking, breakdown = scoring.score(rules, inputs(units, catalogue, values, pace={"jobs": {6: 0.5}}))
    g1 = line(breakdown, "g1", "viec_lam")
    assert g1["target"] == pytest.approx(5.0) and g1["achievement"] == pytest.approx(100.0)
    assert g1["points"] == 20.0  # on pace: full points (the full-year share gave 10)
    assert g1["explanation"] == (
        "Thực hiện 5 người, chỉ tiêu 5 người cần đạt đến hết Tháng 6/2025 (= 40 người × 1.000 ÷ 4.000 người, "
        "phần theo dân số của tổ, × 50,0% tiến độ của năm): đạt 100,0% kế hoạch → 20,0/20,0 điểm.")
    # g2: 30 × 0,5 = 15 expected, 12 done → 80% → 16 points.
    assert line(breakdown, "g2", "viec_lam")["points"] == 16.0
    # A group whose last figure is April's is judged at April's pace (4/12 of 10 → 3,33): 3 → 90%.
    pace = {"jobs": {4: 4 / 12, 6: 0.5}}
    _, breakdown = scoring.score(rules, inputs(units, catalogue, {("g1", "jobs"): 3}, pace=pace,
                                               last_month={("g1", "jobs"): 4}))
    assert line(breakdown, "g1", "viec_lam")["achievement"] == pytest.approx(90.0)
    assert line(breakdown, "g1", "viec_lam")["points"] == 18.0


def test_the_seasonal_pace_is_analytics_expected_share(build_store, ind):
    """``seasonal_pace`` is ``analytics``' expected to date ÷ target, month by month (one formula)."""
    rows = [ind("jobs", unit="người", target=40, aggregation="sum", integer=True, max=1000, by_unit="sum"),
            ind("rice", unit="tấn", target=100, aggregation="sum", profile="0 0 0 0 40 0 0 0 60 0 0 0")]
    store = build_store(rows, {6: {"jobs": 18, "rice": 40}})
    pace = scoring.seasonal_pace(store, YEAR, 6, ["jobs", "rice"])
    assert pace["jobs"][6] == pytest.approx(0.5) and pace["jobs"][3] == pytest.approx(0.25)
    assert pace["rice"][4] == 0.0 and pace["rice"][6] == pytest.approx(0.4) and pace["rice"][12] == 1.0
    gaps = formulas.gap_table(store, YEAR, 6).set_index("code")
    for code in ("jobs", "rice"):
        assert pace[code][6] * gaps.at[code, "target"] == pytest.approx(gaps.at[code, "expected_to_date"])


# --- tasks as of the month -------------------------------------------------------------------

def test_the_scoreboard_uses_the_tasks_it_is_given(tmp_path):
    """``scoreboard(tasks=…)``: the tasks as they stood at the month's end, not the file's."""
    store = datastore.open_store(source=datastore.Source(datastore.DEMO_DIR, True))
    items = tasks_mod.load_tasks()  # the shipped list; as if only its first item had an owner, done
    owner = "kinh_te"
    mine = items.assign(owner="", status="chua_bat_dau", progress=0)
    mine.loc[mine.index[0], ["owner", "status", "progress"]] = [owner, "hoan_thanh", 100]
    board = scoring.scoreboard(store, YEAR, 6, tasks=mine)
    assert board.tasks_problems == ()
    assert board.inputs.tasks["id"].tolist() == mine["id"].tolist()
    done = line(board.breakdown, owner, "nhiem_vu_hoan_thanh")
    assert done["explanation"].startswith("1/1 nhiệm vụ đã hoàn thành") and done["points"] == 20.0
    others = board.breakdown[(board.breakdown["criterion"] == "nhiem_vu_hoan_thanh")
                             & (board.breakdown["unit"] != owner)]
    assert set(others["state"]) == {scoring.NOT_APPLICABLE}  # nobody else owns a task in that list


# --- the demo ranking, by hand ---------------------------------------------------------------

def test_the_demo_ranking_of_june_by_hand():
    """Tổ dân phố số 4 in June (demo): BHYT 88,4% of 95% = 93,05% → (93,05 − 90) ÷ 10 × 20 = 6,1;
    gia đình văn hóa 93,8 of 96 = 97,71% → 11,6 of 15; rác 95,7 of 98 = 97,65% → 11,5 of 15; nước
    sạch 99,1% → 9,1 of 10; việc làm 6 people against 330 × 768 ÷ 11.650 × 6/12 = 10,88 → 55,16% →
    11,0 of 20. Hộ nghèo and hộ cận nghèo are judged in December (left out: 20 points fewer).
    Total 49,3 of 80 = 61,6%. (Before issue 9: 45,8 of 103 — the jobs against the full year, 5,5.)"""
    store = datastore.open_store(source=datastore.Source(datastore.DEMO_DIR, True))
    as_of = tasks_mod.month_end(YEAR, 6)  # the demo's tasks as they stood on 30/6
    board = scoring.scoreboard(store, YEAR, 6, as_of=as_of,
                               tasks=task_store.tasks_as_of(as_of, datastore.REPO / "data", source=store.source))
    row = board.ranking.set_index("unit").loc["tdp_04"]
    assert [row["total"], row["max_total"], row["share"]] == [49.3, 80.0, 61.6]
    expected = {"bhyt": 6.1, "gia_dinh_van_hoa": 11.6, "thu_gom_rac": 11.5, "nuoc_sach": 9.1, "viec_lam": 11.0,
                "ho_ngheo": 0.0, "ho_can_ngheo": 0.0, "thuong_gia_dinh_van_hoa": 0.0, "tru_bao_cao": 0.0}
    assert {c: points(board.breakdown, "tdp_04", c) for c in expected} == expected
    assert line(board.breakdown, "tdp_04", "ho_ngheo")["state"] == scoring.NOT_APPLICABLE
    assert line(board.breakdown, "tdp_04", "viec_lam")["target"] == pytest.approx(330 * 768 / 11650 / 2)
    groups = scoring.ranked(board.ranking, GROUPS)
    assert len(groups) == 12 and groups["share"].is_monotonic_decreasing
    # Đài truyền thanh owns no task: judged on its field only (culture: 100/100 → 30 of 30), not last
    # (before issue 9: 30 of 105, last of the nine departments).
    radio = board.ranking.set_index("unit").loc["dai_truyen_thanh"]
    assert [radio["total"], radio["max_total"], radio["share"]] == [30.0, 30.0, 100.0]
    assert scoring.ranked(board.ranking, "department")["unit"].iloc[-1] != "dai_truyen_thanh"
    assert line(board.breakdown, "dai_truyen_thanh", "nhiem_vu_dung_tien_do")["state"] == scoring.NOT_APPLICABLE
    assert line(board.breakdown, "van_phong", "nhiem_vu_dung_tien_do")["state"] == scoring.SCORED  # it owns tasks


# --- ward-level figures only: no ranking, and what is missing --------------------------------

def _ward_months(root, months=range(1, 7)):
    """The demo's ward-level rows only (no ``unit`` rows), as a ward starts: months 1..6."""
    folder = root / "actuals"
    folder.mkdir(parents=True, exist_ok=True)
    for m in months:
        src = datastore.DEMO_DIR / "actuals" / f"{YEAR}-{m:02d}.csv"
        rows = [r for r in csv.DictReader(src.open(encoding="utf-8")) if not r.get("unit")]
        with (folder / src.name).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=["period", "indicator_code", "value", "note"])
            writer.writeheader()
            for r in rows:
                writer.writerow({k: r[k] for k in ("period", "indicator_code", "value", "note")})
    return root


@pytest.fixture
def ward_only(real_env):
    return _ward_months(real_env)


def test_ward_level_months_rank_no_group_and_say_what_is_missing(ward_only):
    store = datastore.open_store()
    assert scoring.unit_values(store, YEAR, 6).empty
    board = scoring.scoreboard(store, YEAR, 6)
    groups = board.ranking[board.ranking["kind"] == GROUPS]
    assert len(groups) == 12 and not groups["ranked"].any() and groups["rank"].isna().all()
    assert set(groups["max_total"]) == {0.0}
    notes = scoring.missing_notes(board.ranking, GROUPS)
    assert notes == [
        "Chưa có số liệu theo tổ dân phố: chưa tổ dân phố nào có số liệu cho các tiêu chí BHYT, Gia đình văn hóa, "
        "Thu gom rác, Nước sạch, Việc làm mới, nên chưa xếp hạng các tổ dân phố." + texts.EMU_MISSING_GROUPS_HINT]
    # The month-missing penalty is not judged either: nobody reported per group.
    assert line(board.breakdown, "tdp_01", "tru_bao_cao")["explanation"] == texts.EMU_EXPL_NO_UNIT_MONTHS
    # The report's table: no rank, no points for the groups, the note says what is missing.
    table = scoreboard_view.ranking_table(board.ranking, board.breakdown, as_text=False)
    mine = table[table[texts.COL_EMU_KIND] == texts.EMU_KIND_LABELS[GROUPS]]
    assert mine[texts.COL_EMU_RANK].isna().all() and mine[texts.COL_EMU_TOTAL].isna().all()
    assert set(mine[texts.COL_EMU_NOTE]) == {
        "Chưa xếp hạng – Chưa có số liệu theo tổ dân phố (BHYT, Gia đình văn hóa, Thu gom rác, Nước sạch, "
        "Việc làm mới)"}
    # The departments are still ranked: their criteria rest on the ward's figures and the tasks.
    assert scoring.ranked(board.ranking, "department")["rank"].min() == 1


def test_ward_level_months_in_the_narrative_and_the_exported_report(ward_only):
    store = datastore.open_store()
    built = model.build_report(store, YEAR, 6)
    section = next(s for s in built.sections if s.key == "emulation")
    text = "\n".join(section.paragraphs)
    assert "Các tổ dân phố – dẫn đầu" not in text and not re.search(r"(?<![\d.])0,0 điểm", text)
    assert text.startswith("Chưa có số liệu theo tổ dân phố: chưa tổ dân phố nào có số liệu")
    # Word: the paragraph and the table's notes; never “dẫn đầu … 0,0 điểm”.
    docx = export.docx_bytes(built)
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "Chưa có số liệu theo tổ dân phố: chưa tổ dân phố nào có số liệu" in xml
    assert "Chưa xếp hạng – Chưa có số liệu theo tổ dân phố" in xml
    assert "dẫn đầu: Tổ dân phố" not in xml
    # Excel: the ranking sheet carries the notes, no rank for the groups.
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(export.xlsx_bytes(built)))
    cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert any(c.startswith("Chưa xếp hạng – Chưa có số liệu theo tổ dân phố") for c in cells)


def test_ward_level_months_on_the_page(ward_only):
    at = open_app("emulation", query={"thang": "2025-06"})
    assert_clean(at)
    warnings = [w.value for w in at.warning]
    assert any(fmt.md_escape(MISSING_GROUPS) in w for w in warnings), warnings
    assert not at.dataframe and not at.get("plotly_chart") and not at.metric  # no ranking of zeros
    assert any(m.value.startswith("- **BHYT**") for m in at.markdown)  # the criteria are still shown
    # The departments' tab is ranked.
    at.session_state["_emu_kind"] = texts.EMU_KIND_LABELS["department"]
    at.run()
    assert_clean(at)
    assert len(at.dataframe) == 1 and texts.COL_EMU_SHARE in at.dataframe[0].value.columns


def test_ward_level_months_in_the_presentation(ward_only):
    from html import unescape

    at = open_app("present", "dashboard", query={"linh_vuc": "thi-dua", "thang": "2025-06"})
    assert_clean(at)
    text = "\n".join(unescape(m.value) for m in at.markdown).replace("\\", "")
    assert "Chưa có số liệu theo tổ dân phố: chưa tổ dân phố nào có số liệu" in text
    assert "Tổ dân phố số 1" not in text  # no table of groups
    assert "| 1 |" in text  # the departments' table


def test_the_chart_draws_the_share_the_ranking_compares(units, catalogue, rules_from):
    """The bars are each criterion's points as a share of the unit's own maximum, so the longest
    bar is the first of the ranking (points alone would put g1's 45 above g2's 20)."""
    from lib.views import figures

    rules = rules_from([rule("bhyt"), rule("viec_lam", indicator="jobs", weight=30, zero_at=0, full_at=100)])
    values = {("g1", "insured"): 92.625, ("g1", "jobs"): 5, ("g2", "insured"): 95.0}
    ranking, breakdown = scoring.score(rules, inputs(units, catalogue, values, month=6, pace={"jobs": {6: 0.5}}))
    fig = figures.emulation_bars(scoring.ranked(ranking, GROUPS), breakdown)
    bars = {t.name: dict(zip(t.y, t.x)) for t in fig.data if t.type == "bar"}
    names = {u: n for u, n in zip(ranking["unit"], ranking["display_name"])}
    # g1: BHYT 15 of 50 = 30%, jobs 30 of 50 = 60%; g2: BHYT 20 of 20 = 100%.
    assert bars["Tiêu chí bhyt"][names["g1"]] == pytest.approx(30.0)
    assert bars["Tiêu chí viec_lam"][names["g1"]] == pytest.approx(60.0)
    assert bars["Tiêu chí bhyt"][names["g2"]] == pytest.approx(100.0)
    totals = next(t for t in fig.data if t.type == "scatter")
    assert list(totals.text) == ["100,0% (20,0/20,0 điểm)", "90,0% (45,0/50,0 điểm)"]
    assert fig.layout.xaxis.title.text == "% điểm tối đa của đơn vị"
