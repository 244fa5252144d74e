"""The emulation scoreboard (``lib.analytics.scoring``): hand-computed points, the rules file's checks, and
the ranking following the file.

Every case is built by hand: a small units file (two residential groups of 1.000 and 3.000
people, two departments), a small catalogue, rules files written into ``tmp_path`` and the
inputs of ``score`` as plain tables, so each expected number can be checked with a pencil.
"""
from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.analytics import datastore, scoring
from lib.core import texts
from lib.readers.catalogue import load_catalogue
from lib.readers.org_units import load_units
from lib.views import scoreboard as scoreboard_view

YEAR = 2025
AS_OF = date(2025, 6, 30)
RULE_COLUMNS = scoring.COLUMNS


# --- fixtures: units, catalogue, rules files -----------------------------------------------

@pytest.fixture
def units(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name_vi,kind,population,households,demo_name\n"
        "g1,Tổ dân phố Một,residential_group,1000,250,false\n"
        "g2,Tổ dân phố Hai,residential_group,3000,800,true\n"
        "d1,Bộ phận Một,department,,,false\n"
        "d2,Bộ phận Hai,department,,,false\n", encoding="utf-8")
    return load_units(path)


@pytest.fixture
def catalogue(tmp_path, write_targets):
    rows = [
        {"code": "insured", "sector": "society", "group": "labour", "name_vi": "Tỷ lệ tham gia BHYT", "unit": "%",
         "target": 95, "direction": "at_least", "aggregation": "last", "min": 0, "max": 100, "by_unit": "population"},
        {"code": "poor", "sector": "society", "group": "labour", "name_vi": "Tỷ lệ hộ nghèo", "unit": "%",
         "target": 0.5, "direction": "at_most", "aggregation": "last", "min": 0, "max": 100, "by_unit": "households"},
        {"code": "jobs", "sector": "society", "group": "labour", "name_vi": "Việc làm mới", "unit": "người",
         "target": 40, "direction": "at_least", "aggregation": "sum", "integer": True, "min": 0, "max": 1000,
         "by_unit": "sum"},
        {"code": "rice", "sector": "agriculture", "group": "crop", "name_vi": "Sản lượng lúa", "unit": "tấn",
         "target": 100, "direction": "at_least", "aggregation": "sum", "min": 0, "max": 100},
        {"code": "herd", "sector": "agriculture", "group": "livestock", "name_vi": "Đàn bò", "unit": "con",
         "target": 50, "direction": "at_least", "aggregation": "last", "integer": True, "min": 0, "max": 500},
    ]
    return load_catalogue(write_targets(tmp_path / "targets.csv", rows))


def rule(rule_id: str, **fields) -> dict:
    """One rules-file row; a linear indicator criterion on ``insured`` for every group by default."""
    row = {"id": rule_id, "name_vi": f"Tiêu chí {rule_id}", "applies_to": "residential_group", "kind": "indicator",
           "indicator": "insured", "weight": 20, "mapping": "linear", "zero_at": 90, "full_at": 100}
    row.update(fields)
    return row


def write_rules(path, rows: list[dict], columns: list[str] = RULE_COLUMNS):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return path


@pytest.fixture
def rules_from(tmp_path, units, catalogue):
    """``rules_from(rows, task_ids=None)`` → the checked rules of a file written from ``rows``."""
    counter = iter(range(1000))

    def load(rows: list[dict], task_ids: set[str] | None = None) -> pd.DataFrame:
        path = write_rules(tmp_path / f"rules{next(counter)}.csv", rows)
        return scoring.load_rules(path, units=units, catalogue=catalogue, task_ids=task_ids)

    return load


def rules_errors(tmp_path, units, catalogue, rows, columns=RULE_COLUMNS) -> list[str]:
    path = write_rules(tmp_path / "bad.csv", rows, columns)
    with pytest.raises(scoring.RulesError) as info:
        scoring.load_rules(path, units=units, catalogue=catalogue, task_ids={"t1", "t2"})
    return info.value.messages


def make_inputs(units, catalogue, values: dict | None = None, *, reported: list[tuple[str, int]] | None = None,
                gaps: pd.DataFrame | None = None, tasks: pd.DataFrame | None = None) -> scoring.Inputs:
    """``values``: {(unit, code): value}; ``reported``: (unit, month) pairs (default: one month for
    every unit that has a value)."""
    values = values or {}
    frame = pd.DataFrame([{"unit": u, "code": c, "value": v} for (u, c), v in values.items()],
                         columns=["unit", "code", "value"])
    if reported is None:
        reported = sorted({(u, 6) for u, _ in values})
    months = pd.DataFrame(reported, columns=["unit", "month"])
    return scoring.Inputs(YEAR, 6, AS_OF, units, catalogue.indicators, frame, months, gaps, tasks)


def points(breakdown: pd.DataFrame, unit: str, criterion: str) -> float:
    found = breakdown[(breakdown["unit"] == unit) & (breakdown["criterion"] == criterion)]
    assert len(found) == 1
    return float(found["points"].iloc[0])


def line(breakdown: pd.DataFrame, unit: str, criterion: str) -> dict:
    return breakdown[(breakdown["unit"] == unit) & (breakdown["criterion"] == criterion)].iloc[0].to_dict()


# --- the formulas ---------------------------------------------------------------------------

def test_achievement_as_in_analytics():
    assert scoring.achievement(90.25, 95, "at_least") == pytest.approx(95.0)
    # at_most: 100% on the ceiling, 80% at 0,6 for a ceiling of 0,5, 0% at twice the ceiling.
    assert scoring.achievement(0.5, 0.5, "at_most") == pytest.approx(100.0)
    assert scoring.achievement(0.6, 0.5, "at_most") == pytest.approx(80.0)
    assert scoring.achievement(1.0, 0.5, "at_most") == pytest.approx(0.0)
    assert scoring.achievement(1.5, 0.5, "at_most") == 0.0  # −100% by the formula: never below 0
    assert scoring.achievement(0.0, 0.5, "at_most") == pytest.approx(200.0)
    assert scoring.achievement(None, 95, "at_least") is None
    assert scoring.achievement(5, 0, "at_least") is None


@pytest.mark.parametrize("ach, expected", [
    (None, 0.0), (80.0, 0.0), (90.0, 0.0), (95.0, 10.0), (97.5, 15.0), (100.0, 20.0), (120.0, 20.0),
])
def test_linear_mapping(ach, expected):
    rule_ = {"weight": 20.0, "mapping": "linear", "zero_at": 90.0, "full_at": 100.0}
    assert scoring.mapped_points(rule_, ach) == pytest.approx(expected)


@pytest.mark.parametrize("ach, expected", [(99.99, 0.0), (100.0, 5.0), (130.0, 5.0), (None, 0.0)])
def test_threshold_mapping(ach, expected):
    assert scoring.mapped_points({"weight": 5.0, "mapping": "threshold", "full_at": 100.0}, ach) == expected


def test_points_round_half_up_to_one_decimal():
    assert scoring.round1(2.25) == 2.3
    assert scoring.round1(6.6666) == 6.7
    assert scoring.round1(-0.04) == 0.0


# --- score: indicator criteria ------------------------------------------------------------

def test_linear_indicator_at_below_and_above_the_thresholds(units, catalogue, rules_from):
    rules = rules_from([rule("bhyt")])
    cases = {95.0: 20.0, 99.0: 20.0, 90.25: 10.0, 85.5: 0.0, 80.0: 0.0}  # 95 % of plan at 90,25
    for value, expected in cases.items():
        _, breakdown = scoring.score(rules, make_inputs(units, catalogue, {("g1", "insured"): value}))
        assert points(breakdown, "g1", "bhyt") == expected, value
    _, breakdown = scoring.score(rules, make_inputs(units, catalogue, {("g1", "insured"): 90.25}))
    assert line(breakdown, "g1", "bhyt")["explanation"] == (
        "Thực hiện 90,3%, chỉ tiêu 95,0%: đạt 95,0% kế hoạch → 10,0/20,0 điểm.")
    assert line(breakdown, "g1", "bhyt")["achievement"] == pytest.approx(95.0)


def test_an_at_most_indicator(units, catalogue, rules_from):
    rules = rules_from([rule("ngheo", indicator="poor", weight=10, zero_at=0, full_at=100)])
    values = {("g1", "poor"): 0.6, ("g2", "poor"): 0.4}
    ranking, breakdown = scoring.score(rules, make_inputs(units, catalogue, values))
    # g1: 100 + (0,5 − 0,6) ÷ 0,5 × 100 = 80% → 10 × 0,8 = 8; g2 is below the ceiling: 120% → full 10.
    assert points(breakdown, "g1", "ngheo") == 8.0
    assert points(breakdown, "g2", "ngheo") == 10.0
    assert line(breakdown, "g1", "ngheo")["explanation"] == (
        "Thực hiện 0,6%, chỉ tiêu không quá 0,5%: đạt 80,0% kế hoạch → 8,0/10,0 điểm.")
    assert ranking["unit"].tolist() == ["g2", "g1"]


def test_a_count_is_judged_on_the_units_population_share_of_the_ward_target(units, catalogue, rules_from):
    rules = rules_from([rule("viec_lam", indicator="jobs", zero_at=0, full_at=100)])
    # Ward target 40 people; g1 has 1.000 of the groups' 4.000 people → 10; g2 3.000 → 30.
    values = {("g1", "jobs"): 8, ("g2", "jobs"): 30}
    _, breakdown = scoring.score(rules, make_inputs(units, catalogue, values))
    assert line(breakdown, "g1", "viec_lam")["target"] == pytest.approx(10.0)
    assert line(breakdown, "g2", "viec_lam")["target"] == pytest.approx(30.0)
    assert points(breakdown, "g1", "viec_lam") == 16.0  # 80% of 20
    assert points(breakdown, "g2", "viec_lam") == 20.0
    assert line(breakdown, "g1", "viec_lam")["explanation"] == (
        "Thực hiện 8 người, chỉ tiêu 10 người (= 40 người × 1.000 ÷ 4.000 người, phần theo dân số của tổ): "
        "đạt 80,0% kế hoạch → 16,0/20,0 điểm.")


def test_weights_add_up_to_the_total(units, catalogue, rules_from):
    rules = rules_from([rule("bhyt", weight=20), rule("ngheo", indicator="poor", weight=10, zero_at=0, full_at=100),
                        rule("viec_lam", indicator="jobs", weight=30, zero_at=0, full_at=100)])
    values = {("g1", "insured"): 90.25, ("g1", "poor"): 0.6, ("g1", "jobs"): 5}
    ranking, _ = scoring.score(rules, make_inputs(units, catalogue, values))
    g1 = ranking.set_index("unit").loc["g1"]
    assert g1["total"] == 10.0 + 8.0 + 15.0  # 95% → half of 20; 80% of 10; 5 of 10 people → half of 30
    assert g1["max_total"] == 60.0


def test_a_unit_without_data_is_left_out_of_the_ranking_and_the_breakdown_says_so(units, catalogue, rules_from):
    # Issue 9: a unit without figures is no longer ranked on 0 points; the criterion leaves its maximum.
    rules = rules_from([rule("bhyt")])
    ranking, breakdown = scoring.score(rules, make_inputs(units, catalogue, {("g1", "insured"): 95.0}))
    g2 = line(breakdown, "g2", "bhyt")
    assert g2["points"] == 0.0
    assert g2["max_points"] == 0.0 and g2["state"] == scoring.NO_DATA
    assert pd.isna(g2["value"]) and pd.isna(g2["achievement"])
    assert g2["explanation"] == texts.EMU_EXPL_NO_DATA == "Chưa có số liệu của đơn vị → không tính vào điểm tối đa."
    assert ranking.set_index("unit")["total"].to_dict() == {"g1": 20.0, "g2": 0.0}
    assert ranking.set_index("unit")["max_total"].to_dict() == {"g1": 20.0, "g2": 0.0}
    assert ranking.set_index("unit")["ranked"].to_dict() == {"g1": True, "g2": False}
    assert ranking["rank"].iloc[0] == 1 and pd.isna(ranking.set_index("unit").at["g2", "rank"])
    assert ranking.set_index("unit").at["g2", "missing"] == ("Tiêu chí bhyt",)


# --- ties, order and the ranking table ------------------------------------------------------

def test_ties_share_a_rank(units, catalogue, rules_from, tmp_path):
    rules = rules_from([rule("bhyt", applies_to="g1 g2"), rule("tasks", applies_to="department", kind="tasks",
                                                                indicator="", measure="completed", weight=10,
                                                                zero_at=0, full_at=100)])
    values = {("g1", "insured"): 97.0, ("g2", "insured"): 98.0}  # both above 100% of plan → 20 each
    tasks = pd.DataFrame([
        {"id": "t1", "title_vi": "Việc một", "owner": "d1", "status": "hoan_thanh", "progress": 100,
         "start": None, "deadline": date(2025, 3, 31), "late": False},
        {"id": "t2", "title_vi": "Việc hai", "owner": "d2", "status": "dang_thuc_hien", "progress": 40,
         "start": None, "deadline": date(2025, 12, 31), "late": False},
    ])
    ranking, _ = scoring.score(rules, make_inputs(units, catalogue, values, tasks=tasks))
    assert ranking[["unit", "kind", "total", "rank"]].values.tolist() == [
        ["g1", "residential_group", 20.0, 1], ["g2", "residential_group", 20.0, 1],  # tie: file order
        ["d1", "department", 10.0, 1], ["d2", "department", 0.0, 2],
    ]
    # Three units, two tied first: the next is third.
    three = pd.concat([units, units.iloc[[0]].assign(code="g3", name_vi="Tổ dân phố Ba", display_name="Tổ dân phố Ba")],
                      ignore_index=True)
    rules3 = scoring.load_rules(write_rules(tmp_path / "r3.csv", [rule("bhyt", applies_to="g1 g2 g3")]),
                                units=three, catalogue=catalogue)
    inputs = make_inputs(three, catalogue, {**values, ("g3", "insured"): 96.0})
    ranking, _ = scoring.score(rules3, inputs)
    assert ranking[["unit", "total", "rank"]].values.tolist() == [["g1", 20.0, 1], ["g2", 20.0, 1], ["g3", 20.0, 1]]
    inputs = make_inputs(three, catalogue, {**values, ("g3", "insured"): 92.15})  # 97% → 14
    ranking, _ = scoring.score(rules3, inputs)
    assert ranking[["unit", "total", "rank"]].values.tolist() == [["g1", 20.0, 1], ["g2", 20.0, 1], ["g3", 14.0, 3]]


def test_ranking_table_has_vietnamese_headings_and_numbers(units, catalogue, rules_from):
    rules = rules_from([rule("bhyt", short_vi="BHYT"), rule("ngheo", indicator="poor", short_vi="Hộ nghèo",
                                                             weight=10, zero_at=0, full_at=100)])
    values = {("g1", "insured"): 92.625, ("g2", "insured"): 95.0, ("g1", "poor"): 0.6, ("g2", "poor"): 0.45}
    ranking, breakdown = scoring.score(rules, make_inputs(units, catalogue, values))
    table = scoreboard_view.ranking_table(ranking, breakdown, "residential_group")
    # Issue 9: the share of the maximum (what the rank compares) follows the maximum.
    assert table.columns.tolist() == ["Hạng", "Đơn vị", "Tổng điểm", "Điểm tối đa", "% điểm tối đa", "BHYT",
                                      "Hộ nghèo"]
    # g1: 92,625 ÷ 95 = 97,5% → 15 of 20; 80% → 8 of 10: 23 of 30 = 76,7%. g2: 20 + 10. g2's name is an invented one.
    assert table.values.tolist() == [
        [1, "Tổ dân phố Hai (tên minh họa)", "30,0", "30,0", "100,0", "20,0", "10,0"],
        [2, "Tổ dân phố Một", "23,0", "30,0", "76,7", "15,0", "8,0"],
    ]
    numbers = scoreboard_view.ranking_table(ranking, breakdown, "residential_group", as_text=False)
    assert numbers["Tổng điểm"].tolist() == [30.0, 23.0]
    assert numbers["% điểm tối đa"].tolist() == [100.0, 76.7]
    everyone = scoreboard_view.ranking_table(ranking, breakdown)
    assert everyone.columns.tolist() == ["Hạng", "Đơn vị", "Loại đơn vị", "Tổng điểm", "Điểm tối đa", "% điểm tối đa"]
    assert everyone["Loại đơn vị"].tolist() == ["Tổ dân phố", "Tổ dân phố"]


# --- bonus and penalty ----------------------------------------------------------------------

def test_bonus_when_the_indicator_meets_the_units_target(units, catalogue, rules_from):
    rules = rules_from([rule("thuong", kind="bonus", weight=3, points=3, condition="indicator_met",
                             mapping="", zero_at="", full_at="")])
    values = {("g1", "insured"): 95.0, ("g2", "insured"): 94.9}
    ranking, breakdown = scoring.score(rules, make_inputs(units, catalogue, values))
    assert points(breakdown, "g1", "thuong") == 3.0
    assert points(breakdown, "g2", "thuong") == 0.0
    assert line(breakdown, "g1", "thuong")["explanation"] == "Đạt 95,0%, chỉ tiêu 95,0% → cộng 3,0 điểm."
    assert line(breakdown, "g2", "thuong")["explanation"] == (
        "Mới đạt 94,9%, chưa đạt chỉ tiêu 95,0% → không được cộng điểm.")
    # Issue 9: a bonus comes on top of the maximum (a unit is not marked down for a bonus not earned):
    # with no scored criterion, nobody is ranked on a bonus alone.
    assert ranking.set_index("unit")["max_total"].to_dict() == {"g1": 0.0, "g2": 0.0}
    assert line(breakdown, "g1", "thuong")["max_points"] == 3.0  # the most it adds, shown as +3,0
    assert not ranking["ranked"].any()


def test_penalty_per_missing_month_capped_at_the_weight(units, catalogue, rules_from):
    rules = rules_from([rule("bhyt"), rule("tre", kind="penalty", weight=5, points=2, condition="month_missing",
                                           mapping="", zero_at="", full_at="")])
    values = {("g1", "insured"): 95.0, ("g2", "insured"): 95.0}
    # Some unit reported in each month 1–6; g1 missed March; g2 reported in January, March and June.
    reported = [("g1", m) for m in (1, 2, 4, 5, 6)] + [("g2", 1), ("g2", 3), ("g2", 6)]
    ranking, breakdown = scoring.score(rules, make_inputs(units, catalogue, values, reported=reported))
    assert points(breakdown, "g1", "tre") == -2.0
    assert line(breakdown, "g1", "tre")["explanation"] == "Không gửi số liệu: Tháng 3/2025 → trừ 2,0 điểm."
    assert points(breakdown, "g2", "tre") == -5.0  # 3 months × 2 = 6, at most 5
    assert ranking.set_index("unit")["total"].to_dict() == {"g1": 18.0, "g2": 15.0}
    assert ranking.set_index("unit")["max_total"].to_dict() == {"g1": 20.0, "g2": 20.0}  # a penalty adds no maximum
    # A month in which no group reported anything per unit is not held against anyone.
    _, breakdown = scoring.score(rules, make_inputs(units, catalogue, values, reported=[("g1", 6), ("g2", 6)]))
    assert points(breakdown, "g1", "tre") == 0.0
    assert line(breakdown, "g1", "tre")["explanation"] == texts.EMU_EXPL_NO_MONTH_MISSING


# --- tasks ----------------------------------------------------------------------------------

@pytest.fixture
def tasks():
    """d1: one late, one done, one under way; d2: one under way, on time. ``late`` is given (the
    tasks module's rule is applied by ``gather``)."""
    return pd.DataFrame([
        {"id": "t1", "title_vi": "Việc trễ", "owner": "d1", "status": "dang_thuc_hien", "progress": 50,
         "start": date(2025, 1, 1), "deadline": date(2025, 3, 31), "late": True},
        {"id": "t2", "title_vi": "Việc xong", "owner": "d1", "status": "hoan_thanh", "progress": 100,
         "start": date(2025, 1, 1), "deadline": date(2025, 5, 31), "late": False},
        {"id": "t3", "title_vi": "Việc cả năm", "owner": "d1", "status": "dang_thuc_hien", "progress": 30,
         "start": date(2025, 1, 1), "deadline": date(2025, 12, 31), "late": False},
        {"id": "t4", "title_vi": "Việc của bộ phận hai", "owner": "d2", "status": "dang_thuc_hien", "progress": 60,
         "start": None, "deadline": date(2025, 9, 30), "late": False},
    ])


def task_rules(rules_from, **extra):
    base = {"applies_to": "department", "kind": "tasks", "indicator": "", "zero_at": 0, "full_at": 100}
    return rules_from([
        rule("dung_han", measure="on_schedule", weight=30, **base),
        rule("hoan_thanh", measure="completed", weight=20, **base),
        rule("tien_do", measure="progress", weight=20, **{**base, "zero_at": 50}),
        rule("thuong", applies_to="department", kind="bonus", weight=5, points=5, condition="all_tasks_on_time",
             indicator="", mapping="", zero_at="", full_at=""),
        rule("cong_trinh", applies_to="d1", kind="bonus", weight=4, points=4, condition="task_done:t2",
             indicator="", mapping="", zero_at="", full_at=""),
        rule("tre", applies_to="department", kind="penalty", weight=10, points=2, condition="task_late",
             indicator="", mapping="", zero_at="", full_at=""),
    ], task_ids={"t1", "t2", "t3", "t4"})


def test_task_criteria(units, catalogue, rules_from, tasks):
    rules = task_rules(rules_from)
    ranking, breakdown = scoring.score(rules, make_inputs(units, catalogue, tasks=tasks))
    # d1: 2 of 3 not late → 66,7% of 30 = 20; 1 of 3 done → 6,7 of 20.
    assert points(breakdown, "d1", "dung_han") == 20.0
    assert points(breakdown, "d1", "hoan_thanh") == 6.7
    # Progress ÷ the linear schedule on 30/6: t1 overdue (expected 100) 50 → 0,5; t2 done → 1;
    # t3 180 of 364 days → 49,45% expected, 30 → 0,6067. Mean 70,22% → (70,22 − 50) ÷ 50 × 20 = 8,1.
    t3 = 30 / (180 / 364 * 100)
    assert line(breakdown, "d1", "tien_do")["achievement"] == pytest.approx((0.5 + 1 + t3) / 3 * 100)
    assert points(breakdown, "d1", "tien_do") == 8.1
    assert points(breakdown, "d1", "thuong") == 0.0
    assert line(breakdown, "d1", "thuong")["explanation"] == "Có 1 nhiệm vụ chậm → không được cộng điểm."
    assert points(breakdown, "d1", "cong_trinh") == 4.0
    assert line(breakdown, "d1", "cong_trinh")["explanation"] == "Đã hoàn thành “Việc xong” → cộng 4,0 điểm."
    assert points(breakdown, "d1", "tre") == -2.0
    assert line(breakdown, "d1", "tre")["explanation"] == "1 nhiệm vụ chậm: Việc trễ → trừ 2,0 điểm."
    # d2: its one task has no start date and is not due yet: on schedule.
    assert [points(breakdown, "d2", c) for c in ("dung_han", "hoan_thanh", "tien_do", "thuong", "tre")] == [
        30.0, 0.0, 20.0, 5.0, 0.0]
    assert ranking.set_index("unit")["total"].to_dict() == {"d2": 55.0, "d1": 20.0 + 6.7 + 8.1 + 4.0 - 2.0}
    # Issue 9: the maximum is the scored criteria's (30 + 20 + 20); bonuses come on top of it.
    assert ranking.set_index("unit")["max_total"].to_dict() == {"d2": 70.0, "d1": 70.0}
    assert ranking.set_index("unit")["share"].to_dict() == {"d2": round(55 / 70 * 100, 1),
                                                            "d1": round(36.8 / 70 * 100, 1)}


def test_a_unit_without_tasks_or_without_a_tasks_list_gets_zero(units, catalogue, rules_from, tasks):
    rules = task_rules(rules_from)
    _, breakdown = scoring.score(rules, make_inputs(units, catalogue, tasks=tasks[tasks["owner"] == "d1"]))
    assert points(breakdown, "d2", "dung_han") == 0.0
    assert line(breakdown, "d2", "dung_han")["explanation"] == texts.EMU_EXPL_NO_TASKS
    _, breakdown = scoring.score(rules, make_inputs(units, catalogue, tasks=None))
    assert set(breakdown["points"]) == {0.0}
    # Issue 9: without a tasks list the criteria are left out of the maximum (no unit ranked on them).
    assert line(breakdown, "d1", "tien_do")["explanation"] == "Chưa có danh sách nhiệm vụ → không tính vào điểm tối đa."
    assert set(breakdown["max_points"]) == {0.0} and set(breakdown["state"]) == {scoring.NO_DATA}


def test_lateness_comes_from_the_tasks_module(tasks):
    """``tasks_as_of`` applies ``lib.analytics.tasks.late_info``: overdue and not done is late; done never is."""
    judged = scoring.tasks_as_of(tasks.drop(columns="late"), AS_OF)
    assert judged.set_index("id")["late"].to_dict() == {"t1": True, "t2": False, "t3": False, "t4": False}
    # On 1/10: t4 is overdue; t3 (30%) is over 25 points behind its schedule (273 of 364 days: 75%).
    later = scoring.tasks_as_of(tasks.drop(columns="late"), date(2025, 10, 1))
    assert later.set_index("id")["late"].to_dict() == {"t1": True, "t2": False, "t3": True, "t4": True}


# --- field criteria (the ward's indicators of a department's field) ------------------------

def test_field_score_is_the_ward_progress_score_of_the_field(units, catalogue, rules_from):
    rules = rules_from([rule("linh_vuc", applies_to="d1", kind="field", indicator="sector:agriculture",
                             weight=30, zero_at=0, full_at=100),
                        rule("linh_vuc_2", applies_to="d2", kind="field", indicator="group:labour insured",
                             weight=30, zero_at=0, full_at=100)])
    gaps = pd.DataFrame({"code": ["insured", "poor", "jobs", "rice", "herd"],
                         "status": ["no_data", "no_data", "no_data", "achieved", "behind"]})
    _, breakdown = scoring.score(rules, make_inputs(units, catalogue, gaps=gaps))
    # Agriculture: rice achieved (100) and herd behind (50) → 75 → 75% of 30.
    assert points(breakdown, "d1", "linh_vuc") == 22.5
    assert line(breakdown, "d1", "linh_vuc")["explanation"] == (
        "Điểm tiến độ các chỉ tiêu Nông nghiệp: 75/100 (2 chỉ tiêu có số liệu) → 22,5/30,0 điểm.")
    assert points(breakdown, "d2", "linh_vuc_2") == 0.0
    assert line(breakdown, "d2", "linh_vuc_2")["explanation"] == (
        "Chưa có số liệu các chỉ tiêu Lao động – Giảm nghèo, Tỷ lệ tham gia BHYT → không tính vào điểm tối đa.")
    assert line(breakdown, "d2", "linh_vuc_2")["max_points"] == 0.0  # issue 9: left out of d2's maximum


# --- the rules file -------------------------------------------------------------------------

def test_rules_are_read_with_their_units(rules_from):
    rules = rules_from([rule("bhyt"), rule("linh_vuc", applies_to="d1, d2", kind="field",
                                           indicator="sector:agriculture", zero_at=0, full_at=100)])
    assert rules["id"].tolist() == ["bhyt", "linh_vuc"]
    assert rules["units"].tolist() == [("g1", "g2"), ("d1", "d2")]
    assert rules["field_codes"].tolist()[1] == ("rice", "herd")
    assert rules["short_vi"].tolist() == ["Tiêu chí bhyt", "Tiêu chí linh_vuc"]  # defaults to the name


def test_the_rules_loader_rejects_bad_rows_with_their_messages(tmp_path, units, catalogue):
    rows = [
        rule("bhyt"),                                                      # line 2: fine
        rule("bhyt"),                                                      # 3: duplicated id
        rule("x1", indicator="bao_hiem"),                                  # 4: unknown indicator
        rule("x2", kind="thuong"),                                         # 5: unknown kind
        rule("x3", mapping="bac_thang"),                                   # 6: unknown mapping
        rule("x4", weight=0),                                              # 7: weight not positive
        rule("x5", weight="-5"),                                           # 8
        rule("x6", weight="mười"),                                         # 9
        rule("x7", applies_to="g1 tdp_99"),                                # 10: unknown unit
        rule("x8", applies_to="department"),                               # 11: a group criterion for departments
        rule("x9", zero_at=100, full_at=90),                               # 12: zero_at ≥ full_at
        rule("x10", indicator="rice"),                                     # 13: not reported per unit
        rule("x11", kind="field", indicator="sector:fishing"),             # 14: unknown field
        rule("x12", kind="tasks", measure="speed", indicator=""),          # 15: unknown measure
        rule("x13", kind="bonus", condition="always", points=2),           # 16: unknown condition
        rule("x14", kind="penalty", condition="all_tasks_on_time", points=2),  # 17: a bonus condition
        rule("x15", kind="bonus", condition="task_done:t9", points=2, indicator=""),  # 18: unknown task
        rule("x16", kind="penalty", condition="task_late", points=0),      # 19: points not positive
        rule("X 17"),                                                      # 20: bad id
        rule("x18", name_vi=""),                                           # 21: no name
    ]
    messages = rules_errors(tmp_path, units, catalogue, rows)
    assert messages == [
        "Tệp tiêu chí thi đua, dòng 3, cột “id”: mã “bhyt” trùng với một dòng phía trên",
        "Tệp tiêu chí thi đua, dòng 4, cột “indicator”: không có chỉ tiêu mã “bao_hiem” trong danh mục chỉ tiêu",
        "Tệp tiêu chí thi đua, dòng 5, cột “kind”: loại tiêu chí “thuong” không hợp lệ (chỉ nhận: indicator, "
        "field, tasks, bonus, penalty)",
        "Tệp tiêu chí thi đua, dòng 6, cột “mapping”: cách quy đổi điểm “bac_thang” không hợp lệ (chỉ nhận: "
        "linear, threshold)",
        "Tệp tiêu chí thi đua, dòng 7, cột “weight”: điểm tối đa “0” phải là một số lớn hơn 0",
        "Tệp tiêu chí thi đua, dòng 8, cột “weight”: điểm tối đa “-5” phải là một số lớn hơn 0",
        "Tệp tiêu chí thi đua, dòng 9, cột “weight”: điểm tối đa “mười” phải là một số lớn hơn 0",
        "Tệp tiêu chí thi đua, dòng 10, cột “applies_to”: không có đơn vị mã “tdp_99” trong danh sách đơn vị "
        "(ghi mã đơn vị, hoặc residential_group cho mọi tổ dân phố, department cho mọi bộ phận)",
        "Tệp tiêu chí thi đua, dòng 11, cột “applies_to”: tiêu chí này dùng số liệu riêng của tổ dân phố, "
        "không áp dụng được cho bộ phận: d1, d2",
        "Tệp tiêu chí thi đua, dòng 12, cột “zero_at”: mức 0 điểm (100) phải nhỏ hơn mức đủ điểm (90)",
        "Tệp tiêu chí thi đua, dòng 13, cột “indicator”: chỉ tiêu “rice” không được báo cáo theo từng tổ dân "
        "phố (cột by_unit của danh mục chỉ tiêu để trống)",
        "Tệp tiêu chí thi đua, dòng 14, cột “indicator”: “sector:fishing” không phải lĩnh vực (sector:…), "
        "nhóm (group:…) hay mã chỉ tiêu nào trong danh mục",
        "Tệp tiêu chí thi đua, dòng 15, cột “measure”: cách đo “speed” không hợp lệ (chỉ nhận: on_schedule, "
        "completed, progress)",
        "Tệp tiêu chí thi đua, dòng 16, cột “condition”: điều kiện “always” không dùng được cho loại bonus "
        "(chỉ nhận: all_tasks_on_time, task_done, indicator_met)",
        "Tệp tiêu chí thi đua, dòng 17, cột “condition”: điều kiện “all_tasks_on_time” không dùng được cho "
        "loại penalty (chỉ nhận: task_late, month_missing)",
        "Tệp tiêu chí thi đua, dòng 18, cột “condition”: không có nhiệm vụ mã “t9” trong danh sách nhiệm vụ",
        "Tệp tiêu chí thi đua, dòng 19, cột “points”: số điểm cộng hoặc trừ “0” phải là một số lớn hơn 0",
        "Tệp tiêu chí thi đua, dòng 20, cột “id”: mã “X 17” không hợp lệ (chỉ dùng chữ thường không dấu, chữ "
        "số và dấu _)",
        "Tệp tiêu chí thi đua, dòng 21, cột “name_vi”: ô này không được để trống",
    ]


def test_the_rules_file_itself_missing_unreadable_or_without_columns(tmp_path, units, catalogue):
    with pytest.raises(scoring.RulesError) as info:
        scoring.load_rules(tmp_path / "none.csv", units=units, catalogue=catalogue)
    assert info.value.messages == [f"Không tìm thấy tệp tiêu chí thi đua {tmp_path / 'none.csv'}."]
    legacy = tmp_path / "cp1258.csv"
    legacy.write_bytes("id,name_vi,applies_to,kind,weight\nbhyt,Đoàn viên,g1,indicator,20\n".encode("cp1258"))
    with pytest.raises(scoring.RulesError) as info:
        scoring.load_rules(legacy, units=units, catalogue=catalogue)
    assert info.value.messages == [
        "Tệp tiêu chí thi đua cp1258.csv không phải văn bản UTF-8. Trong Excel, hãy lưu lại bằng “CSV UTF-8 "
        "(Comma delimited)”."]
    assert rules_errors(tmp_path, units, catalogue, [{"id": "a"}], columns=["id", "name_vi", "kind"]) == [
        "Tệp tiêu chí thi đua thiếu cột: applies_to, weight."]
    assert rules_errors(tmp_path, units, catalogue, []) == ["Tệp tiêu chí thi đua không có tiêu chí nào."]


def test_the_rules_file_decides_the_ranking(tmp_path, units, catalogue):
    """The point of a data file: change two weights in it, and the other group comes first."""
    values = {("g1", "insured"): 95.0, ("g1", "jobs"): 2, ("g2", "insured"): 90.25, ("g2", "jobs"): 30}
    inputs = make_inputs(units, catalogue, values)
    path = tmp_path / "emulation_rules_2025.csv"
    jobs = {"indicator": "jobs", "zero_at": 0, "full_at": 100}
    write_rules(path, [rule("bhyt", weight=30), rule("viec_lam", weight=10, **jobs)])
    ranking, _ = scoring.score(scoring.load_rules(path, units=units, catalogue=catalogue), inputs)
    # g1: 30 + 10 × 2/10 = 32; g2: 30 × ½ + 10 = 25.
    assert ranking[["unit", "total", "rank"]].values.tolist() == [["g1", 32.0, 1], ["g2", 25.0, 2]]
    write_rules(path, [rule("bhyt", weight=10), rule("viec_lam", weight=30, **jobs)])
    ranking, _ = scoring.score(scoring.load_rules(path, units=units, catalogue=catalogue), inputs)
    # g1: 10 + 30 × 0,2 = 16; g2: 5 + 30 = 35.
    assert ranking[["unit", "total", "rank"]].values.tolist() == [["g2", 35.0, 1], ["g1", 16.0, 2]]


def test_the_ward_can_keep_its_own_rules_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TQT_DATA_DIR", str(tmp_path))
    assert scoring.rules_path() == scoring.DEFAULT_RULES
    own = tmp_path / "emulation_rules_2025.csv"
    own.write_text("id\n", encoding="utf-8")
    assert scoring.rules_path() == own


def test_the_shipped_rules_fit_the_plan():
    """The default file loads against the shipped units, catalogue and tasks; each kind's criteria
    are worth 100 points before bonuses; every department has its field."""
    units = load_units()
    tasks, problems = scoring.read_tasks(None, units)
    assert problems == ()
    rules = scoreboard_view.with_unit_kinds(scoring.load_rules(
        scoring.DEFAULT_RULES, units=units, catalogue=load_catalogue(datastore.DEFAULT_TARGETS),
        task_ids=set(tasks["id"])), units)
    scored = rules[rules["kind"].isin(scoring.SCORED_KINDS)]
    for code, kind in zip(units["code"], units["kind"]):
        mine = scored[[code in us for us in scored["units"]]]
        assert mine["weight"].sum() == 100, code
        if kind == "department":
            assert (mine["kind"] == "field").sum() == 1, code
    by_id = rules.set_index("id")
    assert by_id.loc["bhyt", "indicator"] == "health_insurance_rate"
    assert by_id.loc["ho_ngheo", "indicator"] == "poverty_rate"
    assert by_id.loc["viec_lam", "indicator"] == "new_jobs"
    assert by_id.loc["thuong_diem_sinh_hoat", "units"] == ("truong_tho_tay_a",)
    assert by_id.loc["linh_vuc_kinh_te", "field_codes"][:2] == ("food_output", "rice_output")


def test_rules_described_in_vietnamese(units, catalogue, rules_from):
    rules = rules_from([rule("bhyt", note_vi="Chỉ tiêu của tổ bằng chỉ tiêu phường."),
                        rule("tre", kind="penalty", condition="month_missing", points=2, weight=10,
                             mapping="", zero_at="", full_at="")])
    table = scoreboard_view.rules_table(rules, catalogue.indicators, units, "residential_group")
    assert table.columns.tolist() == ["Tiêu chí", "Áp dụng cho", "Điểm tối đa", "Cách chấm", "Ghi chú"]
    assert table.iloc[0].tolist() == [
        "Tiêu chí bhyt", "Các tổ dân phố", "20,0",
        "Tỷ lệ tham gia BHYT của tổ, tính theo % kế hoạch: 0 điểm ở mức 90% trở xuống, đủ điểm từ 100%, tăng đều "
        "ở giữa", "Chỉ tiêu của tổ bằng chỉ tiêu phường."]
    assert table.iloc[1, 2:4].tolist() == [
        "−10,0", "Trừ 2,0 điểm cho mỗi tháng không gửi số liệu trong khi các tổ khác đã gửi; trừ tối đa 10,0 điểm"]
    assert scoreboard_view.rules_table(rules, catalogue.indicators, units, "department").empty


# --- per-unit values from the Store (SQL) ------------------------------------------------

def test_unit_values_take_the_latest_level_and_add_up_flows(units, catalogue):
    rows = [
        (2025, 1, "g1", "insured", 90.0), (2025, 3, "g1", "insured", 92.5), (2025, 7, "g1", "insured", 99.0),
        (2025, 2, "g1", "jobs", 3), (2025, 5, "g1", "jobs", 4), (2025, 8, "g1", "jobs", 10),
        (2025, 2, "g2", "jobs", 7), (2024, 6, "g2", "jobs", 50),
    ]
    actuals = pd.DataFrame([{"year": y, "month": m, "unit": u, "code": c, "value": float(v), "note": ""}
                            for y, m, u, c, v in rows])
    store = datastore.Store(catalogue, actuals, units=units)
    values = scoring.unit_values(store, 2025, 6)
    assert values[["unit", "code", "value", "last_month", "months"]].values.tolist() == [
        ["g1", "insured", 92.5, 3, 2],  # the latest level up to June, not July's
        ["g1", "jobs", 7.0, 5, 2],      # February + May
        ["g2", "jobs", 7.0, 2, 1],      # 2024 left out
    ]
    assert scoring.unit_months(store, 2025, 6).values.tolist() == [["g1", 1], ["g1", 2], ["g1", 3], ["g1", 5],
                                                                    ["g2", 2]]


# --- downloads --------------------------------------------------------------------------------

def test_downloads_keep_numbers_and_neutralise_formulas(units, catalogue, rules_from):
    hostile = units.assign(display_name=units["display_name"].where(units["code"] != "g1", "=HYPERLINK(\"x\")"))
    rules = rules_from([rule("bhyt", short_vi="BHYT")])
    ranking, breakdown = scoring.score(rules, make_inputs(hostile, catalogue, {("g1", "insured"): 92.625}))
    table = scoreboard_view.ranking_table(ranking, breakdown, "residential_group", as_text=False)
    details = scoreboard_view.details_table(ranking, breakdown, "residential_group")
    book = load_workbook(io.BytesIO(scoreboard_view.ranking_xlsx(table, details, "Xếp hạng thi đua – Tổ dân phố")))
    sheet = book["Xếp hạng thi đua"]
    assert sheet["A1"].value == "Xếp hạng thi đua – Tổ dân phố"
    # Issue 9: g2 has no figure: not ranked, no points shown, the note says what is missing.
    assert [c.value for c in sheet[2]] == ["Hạng", "Đơn vị", "Tổng điểm", "Điểm tối đa", "% điểm tối đa", "BHYT",
                                           "Ghi chú"]
    assert [c.value for c in sheet[3]] == [1, "'=HYPERLINK(\"x\")", 15.0, 20.0, 75.0, 15.0, None]
    assert [c.value for c in sheet[4]] == [None, "Tổ dân phố Hai (tên minh họa)", None, None, None, None,
                                           "Chưa xếp hạng – Chưa có số liệu theo tổ dân phố (BHYT)"]
    assert sheet["C3"].number_format == "0.0"
    assert book["Chi tiết điểm"]["F3"].value.startswith("Thực hiện 92,6%")
    text = scoreboard_view.ranking_csv(table).decode("utf-8-sig")
    assert text.splitlines()[1] == "1,\"'=HYPERLINK(\"\"x\"\")\",15.0,20.0,75.0,15.0,"


def test_rules_as_markdown_group_fields_and_escape_the_wards_text(units, catalogue, rules_from):
    field = {"kind": "field", "weight": 30, "zero_at": 0, "full_at": 100, "short_vi": "Lĩnh vực"}
    rules = rules_from([
        rule("f1", applies_to="d1", indicator="sector:agriculture", note_vi="Trồng trọt và **chăn nuôi**", **field),
        rule("f2", applies_to="d2", indicator="group:labour", **field),
        rule("tre", applies_to="department", kind="penalty", condition="task_late", points=2, weight=10,
             indicator="", mapping="", zero_at="", full_at="", short_vi="Trừ <b>chậm</b>"),
    ], task_ids={"t1"})
    board = scoring.Scoreboard(rules, pd.DataFrame(), pd.DataFrame(), make_inputs(units, catalogue))
    assert scoreboard_view.rules_markdown(board, "department").split("\n") == [
        "- **Lĩnh vực** · 30,0 điểm: Điểm tiến độ \\(0–100\\) của phường ở các chỉ tiêu thuộc lĩnh vực mỗi bộ phận "
        "phụ trách\\: 0 điểm ở mức 0% trở xuống, đủ điểm từ 100%, tăng đều ở giữa.",
        "    - Bộ phận Một: Nông nghiệp. *Trồng trọt và \\*\\*chăn nuôi\\*\\**",
        "    - Bộ phận Hai: Lao động – Giảm nghèo.",
        "- **Trừ \\<b\\>chậm\\</b\\>** · −10,0 điểm: Trừ 2,0 điểm cho mỗi nhiệm vụ bị chậm; trừ tối đa 10,0 điểm.",
    ]
    assert scoreboard_view.rules_markdown(board, "residential_group") == ""
