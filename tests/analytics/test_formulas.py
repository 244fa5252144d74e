"""Hand-computed cases for lib.analytics.formulas (gap_table, sector_summary, worst_first, trend).

Every expected number is worked out by hand in the comment beside it, from the rules in the
module docstring of lib/analytics/formulas.py and its STATUS_SQL:

* sum: actual = Σ months 1..m; expected = target × cumulative share; projection = actual ÷
  cumulative share (None while the share is 0);
* last: actual = latest level at or before m; projection = least-squares line to month 12 (≥ 3
  months) or the latest level; clamped to the valid range; rounded when integer;
* achievement = actual/target×100 (at_least), 100 + (target−actual)/target×100 (at_most);
* gap = actual − target (at_least), target − actual (at_most);
* status: achieved / on_track (projection meets target) / behind (within 10 %) / at_risk.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from lib.analytics.formulas import (
    BEHIND_TOLERANCE,
    STATUS_ORDER,
    STATUS_POINTS,
    gap_table,
    sector_summary,
    trend,
    worst_first,
)

Y = 2025


def approx(x):
    return pytest.approx(x, rel=1e-9, abs=1e-9)


def rows_by_code(store, m):
    return gap_table(store, Y, m).set_index("code")


def is_none(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


# --------------------------------------------------------------------------------------------
# Summed indicators, linear profile (no profile column → 1/12 each month)
# --------------------------------------------------------------------------------------------

@pytest.fixture
def linear(build_store, ind):
    # Four summed indicators, target 120 tonnes each, reported for months 1..3.
    #   on   : 10, 10, 10   → exactly on pace
    #   edge : 9, 9, 9      → projection exactly 90 % of target (the 10 % boundary)
    #   risk : 8.9, 9, 9    → projection just under 90 %
    #   none : never reported
    rows = [ind("on"), ind("edge"), ind("risk"), ind("none")]
    months = {
        1: {"on": 10, "edge": 9, "risk": 8.9},
        2: {"on": 10, "edge": 9, "risk": 9},
        3: {"on": 10, "edge": 9, "risk": 9},
    }
    return build_store(rows, months)


def test_constants_match_documentation():
    assert BEHIND_TOLERANCE == 0.10
    # issue 9: a result that missed the plan scores 0 like at_risk; not_due and no_data score nothing
    assert STATUS_POINTS == {"achieved": 100, "on_track": 100, "behind": 50, "at_risk": 0, "not_achieved": 0}
    assert STATUS_ORDER == ["not_achieved", "at_risk", "behind", "no_data", "not_due", "on_track", "achieved"]


def test_sum_linear_on_pace(linear):
    r = rows_by_code(linear, 3).loc["on"]
    # actual = 10 + 10 + 10 = 30
    assert r["actual_to_date"] == approx(30)
    # expected = 120 × 3/12 = 30
    assert r["expected_to_date"] == approx(30)
    # projection = 30 ÷ (3/12) = 120
    assert r["projection"] == approx(120)
    # achievement = 30 / 120 × 100 = 25 %
    assert r["achievement_pct"] == approx(25)
    # gap = 30 − 120 = −90
    assert r["gap"] == approx(-90)
    # projection 120 ≥ target 120 → on_track (not achieved: actual 30 < 120)
    assert r["status"] == "on_track"
    assert r["months_reported"] == 3
    assert r["last_month"] == 3


def test_sum_linear_boundary_is_behind(linear):
    r = rows_by_code(linear, 3).loc["edge"]
    # actual = 27; expected = 30; projection = 27 ÷ 0.25 = 108 = 120 × (1 − 0.10)
    assert r["actual_to_date"] == approx(27)
    assert r["expected_to_date"] == approx(30)
    assert r["projection"] == approx(108)
    # achievement = 27/120×100 = 22.5; gap = 27 − 120 = −93
    assert r["achievement_pct"] == approx(22.5)
    assert r["gap"] == approx(-93)
    # 108 ≥ 120 × 0.9 = 108 → within 10 % → behind
    assert r["status"] == "behind"


def test_sum_linear_just_past_boundary_is_at_risk(linear):
    r = rows_by_code(linear, 3).loc["risk"]
    # actual = 8.9 + 9 + 9 = 26.9; projection = 26.9 × 4 = 107.6 < 108 → at_risk
    assert r["actual_to_date"] == approx(26.9)
    assert r["projection"] == approx(107.6)
    # achievement = 26.9/120×100 = 22.41666…; gap = −93.1
    assert r["achievement_pct"] == approx(26.9 / 120 * 100)
    assert r["gap"] == approx(-93.1)
    assert r["status"] == "at_risk"


def test_sum_linear_earlier_month(linear):
    r = rows_by_code(linear, 2).loc["on"]
    # as of February: actual 20, expected 120 × 2/12 = 20, projection 20 × 6 = 120
    assert r["actual_to_date"] == approx(20)
    assert r["expected_to_date"] == approx(20)
    assert r["projection"] == approx(120)
    assert r["months_reported"] == 2
    assert r["status"] == "on_track"


def test_no_data(linear):
    r = rows_by_code(linear, 3).loc["none"]
    assert r["status"] == "no_data"
    assert is_none(r["actual_to_date"])
    assert is_none(r["projection"])
    assert is_none(r["achievement_pct"])
    assert is_none(r["gap"])
    assert r["months_reported"] == 0
    # the pace is still known: 120 × 3/12 = 30
    assert r["expected_to_date"] == approx(30)


def test_gap_table_shape_and_order(linear):
    g = gap_table(linear, Y, 3)
    assert g["code"].tolist() == ["on", "edge", "risk", "none"]
    for col in ["code", "sector", "group", "name_vi", "unit", "integer", "direction", "aggregation",
                "target", "actual_to_date", "expected_to_date", "projection", "achievement_pct",
                "gap", "status", "last_month", "months_reported"]:
        assert col in g.columns


def test_sum_linear_on_pace_in_november(build_store, ind):
    # 10 tonnes every month, target 120: as of November actual 110, expected 110,
    # projection 110 ÷ (11/12) = 120 ≥ 120 → on_track
    store = build_store([ind("on")], {m: {"on": 10} for m in range(1, 12)})
    r = rows_by_code(store, 11).loc["on"]
    assert r["projection"] == approx(120)
    assert r["status"] == "on_track"


def test_sum_linear_boundary_in_november(build_store, ind):
    # 9 tonnes every month, target 120: as of November actual 99,
    # projection 99 ÷ (11/12) = 108 = 120 × 0.9 → behind
    store = build_store([ind("edge")], {m: {"edge": 9} for m in range(1, 12)})
    r = rows_by_code(store, 11).loc["edge"]
    assert r["status"] == "behind"


def test_profile_on_pace_exactly(build_store, ind):
    # target 100, profile 10 10 10 9 9 8 8 8 8 6 6 8 (like vegetable_area); 10 ha in each of
    # months 1..3 → actual 30, expected 100 × 0.30 = 30, projection 30 ÷ 0.30 = 100 → on_track
    profile = [10, 10, 10, 9, 9, 8, 8, 8, 8, 6, 6, 8]
    store = build_store([ind("veg", unit="ha", target=100, profile=profile)],
                        {m: {"veg": 10} for m in (1, 2, 3)})
    r = rows_by_code(store, 3).loc["veg"]
    assert r["expected_to_date"] == approx(30)
    assert r["projection"] == approx(100)
    assert r["status"] == "on_track"


def test_sum_achieved_when_actual_reaches_target(build_store, ind):
    # target 120, 70 in January and 50 in February → actual 120 ≥ 120 → achieved in February
    store = build_store([ind("a")], {1: {"a": 70}, 2: {"a": 50}})
    r = rows_by_code(store, 2).loc["a"]
    assert r["actual_to_date"] == approx(120)
    # projection = 120 ÷ (2/12) = 720; achievement 100; gap 0
    assert r["projection"] == approx(720)
    assert r["achievement_pct"] == approx(100)
    assert r["gap"] == approx(0)
    assert r["status"] == "achieved"


# --------------------------------------------------------------------------------------------
# Seasonal profile
# --------------------------------------------------------------------------------------------

@pytest.fixture
def seasonal(build_store, ind):
    # rice-like: target 100 t, 40 % harvested in April, 60 % in August.
    profile = [0, 0, 0, 40, 0, 0, 0, 60, 0, 0, 0, 0]
    rows = [ind("rice", target=100, profile=profile),
            ind("low", target=100, profile=profile),
            ind("mid", target=100, profile=profile)]
    months = {m: {"rice": 0, "low": 0, "mid": 0} for m in (1, 2, 3)}
    months[4] = {"rice": 40, "low": 30, "mid": 38}
    return build_store(rows, months)


def test_seasonal_before_harvest(seasonal):
    r = rows_by_code(seasonal, 3).loc["rice"]
    # months 1..3 report 0; cumulative share 0 → expected 0, projection None
    assert r["actual_to_date"] == approx(0)
    assert r["expected_to_date"] == approx(0)
    assert is_none(r["projection"])
    # achievement 0/100 = 0; gap 0 − 100 = −100
    assert r["achievement_pct"] == approx(0)
    assert r["gap"] == approx(-100)
    # no projection yet → on_track, never behind/at_risk before the harvest
    assert r["status"] == "on_track"
    g = rows_by_code(seasonal, 3)
    assert set(g["status"]) == {"on_track"}


def test_seasonal_after_first_harvest(seasonal):
    g = rows_by_code(seasonal, 4)
    # cumulative share at April = 0.40; expected = 100 × 0.4 = 40
    assert g.loc["rice", "expected_to_date"] == approx(40)
    # rice: 40 ÷ 0.4 = 100 ≥ 100 → on_track
    assert g.loc["rice", "projection"] == approx(100)
    assert g.loc["rice", "status"] == "on_track"
    # mid: 38 ÷ 0.4 = 95 ≥ 90 → behind
    assert g.loc["mid", "projection"] == approx(95)
    assert g.loc["mid", "status"] == "behind"
    # low: 30 ÷ 0.4 = 75 < 90 → at_risk; achievement 30 %, gap −70
    assert g.loc["low", "projection"] == approx(75)
    assert g.loc["low", "achievement_pct"] == approx(30)
    assert g.loc["low", "gap"] == approx(-70)
    assert g.loc["low", "status"] == "at_risk"


# --------------------------------------------------------------------------------------------
# A month missing in the middle
# --------------------------------------------------------------------------------------------

@pytest.fixture
def gappy(build_store, ind):
    # February's file exists but reports only "other"; s (sum) and lvl (last) skip it.
    rows = [ind("s"), ind("lvl", unit="con", target=48, aggregation="last", integer=True),
            ind("other")]
    months = {
        1: {"s": 10, "lvl": 40, "other": 1},
        2: {"other": 1},
        3: {"s": 13, "lvl": 44, "other": 1},
        4: {"s": 14, "lvl": 46, "other": 1},
    }
    return build_store(rows, months)


def test_missing_month_sum(gappy):
    r = rows_by_code(gappy, 4).loc["s"]
    # actual = 10 + 13 + 14 = 37 (February skipped), 3 months reported, latest April
    assert r["actual_to_date"] == approx(37)
    assert r["months_reported"] == 3
    assert r["last_month"] == 4
    # expected = 120 × 4/12 = 40; projection = 37 ÷ (4/12) = 111 → 108 ≤ 111 < 120 → behind
    assert r["expected_to_date"] == approx(40)
    assert r["projection"] == approx(111)
    # achievement = 37/120×100 = 30.8333…; gap = −83
    assert r["achievement_pct"] == approx(37 / 120 * 100)
    assert r["gap"] == approx(-83)
    assert r["status"] == "behind"


def test_missing_month_last_uses_latest_at_or_before(gappy):
    g2 = rows_by_code(gappy, 2)
    # as of February: latest level at or before 2 is January's 40; one month reported
    assert g2.loc["lvl", "actual_to_date"] == approx(40)
    assert g2.loc["lvl", "months_reported"] == 1
    assert g2.loc["lvl", "last_month"] == 1
    # fewer than 3 months → projection = latest = 40 < 48 × 0.9 = 43.2 → at_risk
    assert g2.loc["lvl", "projection"] == approx(40)
    assert g2.loc["lvl", "status"] == "at_risk"
    # February for the sum: just January's 10
    assert g2.loc["s", "actual_to_date"] == approx(10)
    assert g2.loc["s", "months_reported"] == 1

    g3 = rows_by_code(gappy, 3)
    # as of March: latest 44, two months → projection 44 ≥ 43.2 → behind
    assert g3.loc["lvl", "actual_to_date"] == approx(44)
    assert g3.loc["lvl", "months_reported"] == 2
    assert g3.loc["lvl", "projection"] == approx(44)
    assert g3.loc["lvl", "status"] == "behind"


def test_missing_month_last_trend(gappy):
    r = rows_by_code(gappy, 4).loc["lvl"]
    # months 1, 3, 4 → values 40, 44, 46. x̄ = 8/3, ȳ = 130/3
    # dx = −5/3, 1/3, 4/3; dy = −10/3, 2/3, 8/3
    # Σdx·dy = (50 + 2 + 32)/9 = 28/3; Σdx² = (25 + 1 + 16)/9 = 14/3 → slope 2
    # intercept = 130/3 − 2 × 8/3 = 38 → December: 38 + 2 × 12 = 62 (integer: 62)
    assert r["actual_to_date"] == approx(46)
    assert r["months_reported"] == 3
    assert r["projection"] == approx(62)
    # achievement 46/48×100 = 95.8333…; gap −2; projection 62 ≥ 48 → on_track
    assert r["achievement_pct"] == approx(46 / 48 * 100)
    assert r["gap"] == approx(-2)
    assert r["status"] == "on_track"


# --------------------------------------------------------------------------------------------
# Levels (`last`): trend, clamping, rounding
# --------------------------------------------------------------------------------------------

@pytest.fixture
def levels(build_store, ind):
    pct = dict(sector="society", unit="%", aggregation="last", target=95)
    cnt = dict(unit="con", aggregation="last", integer=True)
    rows = [
        ind("two", **pct),                      # 90, 92
        ind("trend", **pct),                    # 80, 81, 83
        ind("over", **pct),                     # 90, 92, 95, 97
        ind("down", target=25, **cnt),          # 30, 20, 12
        ind("round", target=28, **cnt),         # 10, 11, 13
        ind("nonint", unit="con", aggregation="last", target=28),  # 10, 11, 13, not integer
        ind("capped", target=30, max=20, **cnt),  # 10, 11, 13 with max 20
    ]
    months = {
        1: {"two": 90, "trend": 80, "over": 90, "down": 30, "round": 10, "nonint": 10, "capped": 10},
        2: {"two": 92, "trend": 81, "over": 92, "down": 20, "round": 11, "nonint": 11, "capped": 11},
        3: {"trend": 83, "over": 95, "down": 12, "round": 13, "nonint": 13, "capped": 13},
        4: {"over": 97},
    }
    return build_store(rows, months)


def test_last_fewer_than_three_months_projects_latest(levels):
    r = rows_by_code(levels, 4).loc["two"]
    # months 1, 2 only → actual 92, projection 92 (no trend with < 3 months)
    assert r["actual_to_date"] == approx(92)
    assert r["months_reported"] == 2
    assert r["last_month"] == 2
    assert r["projection"] == approx(92)
    assert is_none(r["expected_to_date"])
    # 92 ≥ 95 × 0.9 = 85.5 → behind; achievement 92/95×100 = 96.842…; gap −3
    assert r["achievement_pct"] == approx(92 / 95 * 100)
    assert r["gap"] == approx(-3)
    assert r["status"] == "behind"


def test_last_least_squares(levels):
    r = rows_by_code(levels, 3).loc["trend"]
    # x = 1, 2, 3; y = 80, 81, 83; x̄ = 2, ȳ = 244/3
    # dx = −1, 0, 1; dy = −4/3, −1/3, 5/3 → Σdx·dy = 4/3 + 5/3 = 3; Σdx² = 2 → slope 1.5
    # intercept = 244/3 − 1.5 × 2 = 235/3 → December: 235/3 + 18 = 289/3 = 96.333…
    assert r["actual_to_date"] == approx(83)
    assert r["projection"] == approx(289 / 3)
    # 96.33 ≥ 95 → on_track (not achieved: 83 < 95); achievement 83/95×100; gap −12
    assert r["achievement_pct"] == approx(83 / 95 * 100)
    assert r["gap"] == approx(-12)
    assert r["status"] == "on_track"


def test_last_trend_clamped_to_100_percent(levels):
    r = rows_by_code(levels, 4).loc["over"]
    # x = 1..4, y = 90, 92, 95, 97; x̄ = 2.5, ȳ = 93.5
    # dx = −1.5, −0.5, 0.5, 1.5; dy = −3.5, −1.5, 1.5, 3.5 → Σdx·dy = 12, Σdx² = 5 → slope 2.4
    # intercept = 93.5 − 2.4 × 2.5 = 87.5 → December: 87.5 + 28.8 = 116.3 → clamped to 100
    assert r["projection"] == approx(100)
    # actual 97 ≥ 95 → achieved
    assert r["status"] == "achieved"
    # with only 3 months (as of March): 90, 92, 95 → slope 2.5, intercept 92.333 − 5 = 87.333
    # → December 87.333 + 30 = 117.33 → clamped to 100
    assert rows_by_code(levels, 3).loc["over", "projection"] == approx(100)


def test_last_trend_clamped_at_zero(levels):
    r = rows_by_code(levels, 3).loc["down"]
    # y = 30, 20, 12; ȳ = 62/3; dy = 28/3, −2/3, −26/3 → Σdx·dy = −28/3 − 26/3 = −18 → slope −9
    # intercept = 62/3 + 18 = 116/3 → December: 116/3 − 108 = −69.33 → clamped to 0
    assert r["projection"] == approx(0)
    assert r["actual_to_date"] == approx(12)
    # 0 < 25 × 0.9 → at_risk; achievement 12/25×100 = 48; gap −13
    assert r["achievement_pct"] == approx(48)
    assert r["gap"] == approx(-13)
    assert r["status"] == "at_risk"


def test_last_integer_projection_rounded(levels):
    g = rows_by_code(levels, 3)
    # y = 10, 11, 13 → slope 1.5, intercept 34/3 − 3 = 25/3 → December 25/3 + 18 = 79/3 = 26.333
    assert g.loc["nonint", "projection"] == approx(79 / 3)
    # integer indicator → round(26.333) = 26; 26 ≥ 28 × 0.9 = 25.2 → behind
    assert g.loc["round", "projection"] == approx(26)
    assert g.loc["round", "status"] == "behind"
    assert bool(g.loc["round", "integer"]) is True


def test_last_projection_clamped_to_own_max(levels):
    r = rows_by_code(levels, 3).loc["capped"]
    # same trend 26.333 but the indicator's own max is 20 → projection 20
    # 20 < 30 × 0.9 = 27 → at_risk
    assert r["projection"] == approx(20)
    assert r["status"] == "at_risk"


# --------------------------------------------------------------------------------------------
# Summed projections: rounding and clamping (documented for every projection)
# --------------------------------------------------------------------------------------------

def test_sum_integer_projection_rounded(build_store, ind):
    # people, integer, target 100; months 1..5: 8, 8, 8, 8, 9 → actual 41
    # projection = 41 ÷ (5/12) = 98.4 → whole-number indicator → 98
    store = build_store([ind("jobs", unit="người", target=100, integer=True)],
                        {m: {"jobs": v} for m, v in zip(range(1, 6), [8, 8, 8, 8, 9])})
    r = rows_by_code(store, 5).loc["jobs"]
    assert r["actual_to_date"] == approx(41)
    assert r["projection"] == approx(98)


def test_sum_projection_not_clamped_by_monthly_max(build_store, ind):
    # min/max bound one month's value; a flow's year-end projection may exceed them:
    # target 1150, max 1150, linear; 350 in each of months 1..3 → 1050 ÷ 0.25 = 4200
    # (use a month count with an exact share: 3/12 = 0.25)
    store = build_store([ind("rice", target=1150, max=1150)],
                        {m: {"rice": 350} for m in (1, 2, 3)})
    r = rows_by_code(store, 3).loc["rice"]
    assert r["projection"] == approx(4200)


# --------------------------------------------------------------------------------------------
# Ceilings (at_most)
# --------------------------------------------------------------------------------------------

@pytest.fixture
def ceilings(build_store, ind):
    pct = dict(sector="society", unit="%", target=5, direction="at_most", aggregation="last")
    rows = [
        ind("under", **pct),    # 5.4, 4.8          → at/below ceiling
        ind("falling", **pct),  # 5.6, 5.3, 5.2     → trend falls below 5
        ind("flat", **pct),     # 5.4 × 3           → within 10 % over
        ind("edge", **pct),     # 5.5 × 3           → exactly 10 % over
        ind("high", **pct),     # 5.6 × 3           → more than 10 % over
        ind("growth", sector="society", unit="‰", target=8, direction="at_most",
            aggregation="last", min=-50, max=50),  # 7.3, 7.2
        ind("accidents", unit="vụ", target=12, direction="at_most", integer=True),  # sum: 0, 1, 1
    ]
    months = {
        1: {"under": 5.4, "falling": 5.6, "flat": 5.4, "edge": 5.5, "high": 5.6, "growth": 7.3,
            "accidents": 0},
        2: {"under": 4.8, "falling": 5.3, "flat": 5.4, "edge": 5.5, "high": 5.6, "growth": 7.2,
            "accidents": 1},
        3: {"falling": 5.2, "flat": 5.4, "edge": 5.5, "high": 5.6, "accidents": 1},
    }
    return build_store(rows, months)


def test_at_most_achieved_below_ceiling(ceilings):
    r = rows_by_code(ceilings, 3).loc["under"]
    # latest 4.8 ≤ 5 → achieved
    assert r["actual_to_date"] == approx(4.8)
    assert r["status"] == "achieved"
    # achievement = 100 + (5 − 4.8)/5 × 100 = 104; gap = 5 − 4.8 = 0.2
    assert r["achievement_pct"] == approx(104)
    assert r["gap"] == approx(0.2)


def test_at_most_on_track_by_trend(ceilings):
    r = rows_by_code(ceilings, 3).loc["falling"]
    # y = 5.6, 5.3, 5.2; ȳ = 16.1/3; dy = 0.7/3, −0.2/3, −0.5/3 → Σdx·dy = −1.2/3 = −0.4 → slope −0.2
    # intercept = 16.1/3 + 0.4 = 17.3/3 → December: 17.3/3 − 2.4 = 10.1/3 = 3.3667 ≤ 5 → on_track
    assert r["projection"] == approx(10.1 / 3)
    assert r["status"] == "on_track"
    # actual 5.2 > 5: achievement = 100 + (5 − 5.2)/5 × 100 = 96; gap = 5 − 5.2 = −0.2
    assert r["achievement_pct"] == approx(96)
    assert r["gap"] == approx(-0.2)


def test_at_most_behind_and_at_risk(ceilings):
    g = rows_by_code(ceilings, 3)
    # flat 5.4: slope 0 → projection 5.4 ≤ 5 × 1.1 = 5.5 → behind; achievement 92; gap −0.4
    assert g.loc["flat", "projection"] == approx(5.4)
    assert g.loc["flat", "status"] == "behind"
    assert g.loc["flat", "achievement_pct"] == approx(92)
    assert g.loc["flat", "gap"] == approx(-0.4)
    # flat 5.5: exactly 10 % above the ceiling → still behind; achievement 90
    assert g.loc["edge", "projection"] == approx(5.5)
    assert g.loc["edge", "status"] == "behind"
    assert g.loc["edge", "achievement_pct"] == approx(90)
    # flat 5.6 > 5.5 → at_risk; achievement 100 + (5 − 5.6)/5 × 100 = 88; gap −0.6
    assert g.loc["high", "projection"] == approx(5.6)
    assert g.loc["high", "status"] == "at_risk"
    assert g.loc["high", "achievement_pct"] == approx(88)
    assert g.loc["high", "gap"] == approx(-0.6)


def test_at_most_per_mille(ceilings):
    r = rows_by_code(ceilings, 3).loc["growth"]
    # latest 7.2 ‰ ≤ 8 → achieved; achievement 100 + 0.8/8 × 100 = 110; gap 0.8
    assert r["actual_to_date"] == approx(7.2)
    assert r["status"] == "achieved"
    assert r["achievement_pct"] == approx(110)
    assert r["gap"] == approx(0.8)


def test_at_most_sum_achieved_only_in_december(ceilings):
    r = rows_by_code(ceilings, 3).loc["accidents"]
    # Σ = 0 + 1 + 1 = 2 ≤ 12 but a yearly count can still rise: not achieved before December.
    # projection 2 ÷ 0.25 = 8 ≤ 12 → on_track; achievement 100 + 10/12 × 100 = 183.33; gap 10
    assert r["actual_to_date"] == approx(2)
    assert r["projection"] == approx(8)
    assert r["status"] == "on_track"
    assert r["achievement_pct"] == approx(100 + 10 / 12 * 100)
    assert r["gap"] == approx(10)


def test_at_most_sum_achieved_in_december(build_store, ind):
    # one accident a month → 12 ≤ 12 in December → achieved; achievement 100; gap 0
    store = build_store([ind("acc", unit="vụ", target=12, direction="at_most", integer=True)],
                        {m: {"acc": 1} for m in range(1, 13)})
    r = rows_by_code(store, 12).loc["acc"]
    assert r["actual_to_date"] == approx(12)
    assert r["status"] == "achieved"
    assert r["achievement_pct"] == approx(100)
    assert r["gap"] == approx(0)


# --------------------------------------------------------------------------------------------
# Yes/no goals
# --------------------------------------------------------------------------------------------

def test_yes_no_goals(build_store, ind):
    goal = dict(sector="security", unit="đạt", target=1, aggregation="last", integer=True, min=0, max=1)
    store = build_store([ind("kept", **goal), ind("lost", **goal)],
                        {1: {"kept": 1, "lost": 1}, 2: {"kept": 1, "lost": 1}, 3: {"lost": 0}})
    g = rows_by_code(store, 3)
    # kept: latest 1 ≥ 1 → achieved; achievement 100; gap 0
    assert g.loc["kept", "actual_to_date"] == approx(1)
    assert g.loc["kept", "status"] == "achieved"
    assert g.loc["kept", "achievement_pct"] == approx(100)
    assert g.loc["kept", "gap"] == approx(0)
    assert g.loc["kept", "projection"] == approx(1)  # two months → latest
    # lost: y = 1, 1, 0 → slope −0.5, intercept 2/3 + 1 = 5/3 → December 5/3 − 6 = −13/3 → clamp 0
    assert g.loc["lost", "actual_to_date"] == approx(0)
    assert g.loc["lost", "projection"] == approx(0)
    # 0 < 0.9 → at_risk; achievement 0; gap −1
    assert g.loc["lost", "status"] == "at_risk"
    assert g.loc["lost", "achievement_pct"] == approx(0)
    assert g.loc["lost", "gap"] == approx(-1)


# --------------------------------------------------------------------------------------------
# Derived totals
# --------------------------------------------------------------------------------------------

@pytest.fixture
def derived(build_store, ind):
    part = dict(relation="component")
    lvl = dict(sector="society", unit="học sinh", aggregation="last", integer=True)
    rows = [
        ind("food", target=200),
        ind("rice", target=150, profile=[0, 0, 0, 40, 0, 0, 0, 60, 0, 0, 0, 0], parent="food", **part),
        ind("maize", target=50, profile=[0, 0, 50, 0, 0, 0, 50, 0, 0, 0, 0, 0], parent="food", **part),
        ind("pupils", target=300, **lvl),
        ind("p1", target=100, parent="pupils", **lvl, **part),
        ind("p2", target=200, parent="pupils", **lvl, **part),
    ]
    months = {
        1: {"rice": 0, "maize": 0, "p1": 95, "p2": 190},
        2: {"rice": 0, "maize": 0, "p1": 96},           # p2 missing → no pupils total
        3: {"rice": 0, "maize": 20, "p1": 97, "p2": 196},
        # a stray total in the file is ignored: totals always come from their parts
        4: {"rice": 70, "food": 999, "p1": 98, "p2": 199, "pupils": 1},
    }
    return build_store(rows, months)


def test_derived_codes(derived):
    assert derived.catalogue.derived_codes() == {"food", "pupils"}


def test_derived_sum_total(derived):
    g = rows_by_code(derived, 4)
    # parent monthly = rice + maize: 0, 0, 20, 70 → actual 90 (the 999 row is ignored)
    assert g.loc["food", "actual_to_date"] == approx(90)
    assert g.loc["food", "months_reported"] == 4
    # parent share by month = (150 × rice share + 50 × maize share) / 200:
    #   March 50 × 0.5 / 200 = 0.125; April 150 × 0.4 / 200 = 0.3 → cumulative 0.425
    # expected = 200 × 0.425 = 85; projection = 90 / 0.425 = 211.7647… ≥ 200 → on_track
    assert g.loc["food", "expected_to_date"] == approx(85)
    assert g.loc["food", "projection"] == approx(90 / 0.425)
    assert g.loc["food", "status"] == "on_track"
    # achievement 90/200 × 100 = 45; gap −110
    assert g.loc["food", "achievement_pct"] == approx(45)
    assert g.loc["food", "gap"] == approx(-110)
    # parts on their own profiles:
    # rice 70, expected 150 × 0.4 = 60, projection 70 / 0.4 = 175 ≥ 150 → on_track
    assert g.loc["rice", "expected_to_date"] == approx(60)
    assert g.loc["rice", "projection"] == approx(175)
    assert g.loc["rice", "status"] == "on_track"
    # maize 20, expected 50 × 0.5 = 25, projection 20 / 0.5 = 40 < 45 → at_risk
    assert g.loc["maize", "expected_to_date"] == approx(25)
    assert g.loc["maize", "projection"] == approx(40)
    assert g.loc["maize", "status"] == "at_risk"


def test_derived_sum_total_before_harvest(derived):
    r = rows_by_code(derived, 2).loc["food"]
    # months 1, 2 all zero; shares 0 → expected 0, no projection → on_track
    assert r["actual_to_date"] == approx(0)
    assert r["expected_to_date"] == approx(0)
    assert is_none(r["projection"])
    assert r["status"] == "on_track"


def test_derived_last_total_only_when_every_part_reported(derived):
    g2 = rows_by_code(derived, 2)
    # February lacks p2 → the total's latest complete month is January: 95 + 190 = 285
    assert g2.loc["pupils", "actual_to_date"] == approx(285)
    assert g2.loc["pupils", "last_month"] == 1
    assert g2.loc["pupils", "months_reported"] == 1
    # the parts on their own: p1 96 (February), p2 190 (January)
    assert g2.loc["p1", "actual_to_date"] == approx(96)
    assert g2.loc["p2", "actual_to_date"] == approx(190)
    assert is_none(g2.loc["pupils", "expected_to_date"])

    g3 = rows_by_code(derived, 3)
    # March: 97 + 196 = 293; months 1 and 3 → projection = latest 293 ≥ 270 → behind
    assert g3.loc["pupils", "actual_to_date"] == approx(293)
    assert g3.loc["pupils", "months_reported"] == 2
    assert g3.loc["pupils", "projection"] == approx(293)
    assert g3.loc["pupils", "status"] == "behind"
    # achievement 293/300 × 100 = 97.666…; gap −7
    assert g3.loc["pupils", "achievement_pct"] == approx(293 / 300 * 100)
    assert g3.loc["pupils", "gap"] == approx(-7)


def test_derived_last_total_trend(derived):
    r = rows_by_code(derived, 4).loc["pupils"]
    # total series: month 1 → 285, month 3 → 293, month 4 → 98 + 199 = 297 (the stray 1 ignored)
    # x̄ = 8/3, ȳ = 875/3; dx = −5/3, 1/3, 4/3; dy = −20/3, 4/3, 16/3
    # Σdx·dy = (100 + 4 + 64)/9 = 56/3; Σdx² = 14/3 → slope 4; intercept 875/3 − 32/3 = 281
    # December: 281 + 48 = 329 → on_track
    assert r["actual_to_date"] == approx(297)
    assert r["months_reported"] == 3
    assert r["projection"] == approx(329)
    assert r["status"] == "on_track"


def test_derived_trend_series(derived):
    t = trend(derived, "food", Y, 4)
    assert t["month"].tolist() == list(range(1, 13))
    # monthly = rice + maize
    assert t["value"].tolist()[:4] == [0, 0, 20, 70]
    assert t["value"].iloc[4:].isna().all()
    # cumulative 0, 0, 20, 90, then stops
    assert t["cumulative"].tolist()[:4] == [0, 0, 20, 90]
    assert t["cumulative"].iloc[4:].isna().all()
    # expected = 200 × cumulative weighted share:
    #   Jan–Feb 0; Mar 0.125 → 25; Apr +0.3 → 85; May–Jun 85;
    #   Jul + 50 × 0.5/200 = 0.125 → 0.55 → 110; Aug + 150 × 0.6/200 = 0.45 → 1.0 → 200; then 200
    assert t["expected"].tolist() == [approx(v) for v in
                                      [0, 0, 25, 85, 85, 85, 110, 200, 200, 200, 200, 200]]
    assert (t["target"] == 200).all()


# --------------------------------------------------------------------------------------------
# sector_summary and worst_first
# --------------------------------------------------------------------------------------------

@pytest.fixture
def mixed(build_store, ind):
    pct = dict(unit="%", target=100, aggregation="last")
    late = dict(target=100, profile=[0] * 11 + [100])  # everything due in December
    rows = [
        ind("s_ach", sector="security", **pct),   # 100 → achieved
        ind("s_none", sector="security", **pct),  # no data
        ind("a_risk80", **pct),                   # 80  → at_risk (80 < 90)
        ind("a_on", **late),                      # 0, share 0 → on_track
        ind("a_risk50", **pct),                   # 50  → at_risk
        ind("c_ach", sector="society", **pct),    # 100 → achieved
        ind("c_beh95", sector="society", **pct),  # 95  → behind
        ind("c_beh92", sector="society", **pct),  # 92  → behind
        ind("b_none", sector="budget", **pct),    # no data
    ]
    months = {1: {"s_ach": 100, "a_risk80": 80, "a_on": 0, "a_risk50": 50, "c_ach": 100,
                  "c_beh95": 95, "c_beh92": 92}}
    return build_store(rows, months)


def test_mixed_statuses(mixed):
    g = rows_by_code(mixed, 1)
    assert g["status"].to_dict() == {
        "s_ach": "achieved", "s_none": "no_data", "a_risk80": "at_risk", "a_on": "on_track",
        "a_risk50": "at_risk", "c_ach": "achieved", "c_beh95": "behind", "c_beh92": "behind",
        "b_none": "no_data",
    }


def test_sector_summary(mixed):
    g = gap_table(mixed, Y, 1)
    s = sector_summary(mixed, g)
    # sectors in the catalogue's order of first appearance
    assert s["sector"].tolist() == ["security", "agriculture", "society", "budget"]
    s = s.set_index("sector")
    counts = ["indicators", "achieved", "on_track", "behind", "at_risk", "no_data"]
    assert s.loc["security", counts].tolist() == [2, 1, 0, 0, 0, 1]
    assert s.loc["agriculture", counts].tolist() == [3, 0, 1, 0, 2, 0]
    assert s.loc["society", counts].tolist() == [3, 1, 0, 2, 0, 0]
    assert s.loc["budget", counts].tolist() == [1, 0, 0, 0, 0, 1]
    # security: (100) / 1 = 100 (the no-data indicator is left out)
    assert s.loc["security", "score"] == approx(100)
    # agriculture: (0 + 100 + 0) / 3 = 33.33 → 33.3
    assert s.loc["agriculture", "score"] == approx(33.3)
    # society: (100 + 50 + 50) / 3 = 66.67 → 66.7
    assert s.loc["society", "score"] == approx(66.7)
    # budget: nothing reported → no score
    assert is_none(s.loc["budget", "score"])


def test_worst_first(mixed):
    w = worst_first(gap_table(mixed, Y, 1))
    # at_risk (lowest achievement first), behind, no_data (catalogue order), on_track, achieved
    assert w["code"].tolist() == ["a_risk50", "a_risk80", "c_beh92", "c_beh95", "s_none", "b_none",
                                  "a_on", "s_ach", "c_ach"]
    assert list(w.index) == list(range(9))
    assert "_rank" not in w.columns


# --------------------------------------------------------------------------------------------
# trend()
# --------------------------------------------------------------------------------------------

@pytest.fixture
def series(build_store, ind):
    rows = [ind("s"), ind("other")]
    months = {
        1: {"s": 10, "other": 1},
        2: {"s": 12, "other": 1},
        3: {"other": 1},           # s missing in March
        4: {"s": 14, "other": 1},
        5: {"other": 1},           # and in May
    }
    return build_store(rows, months)


def test_trend_twelve_months(series):
    t = trend(series, "s", Y, 5)
    assert len(t) == 12
    assert t["month"].tolist() == list(range(1, 13))
    values = t["value"].tolist()
    assert values[:2] == [10, 12]
    assert pd.isna(values[2])
    assert values[3] == 14
    assert t["value"].iloc[4:].isna().all()
    # cumulative: 10, 22, 22 (March carries), 36; stops after April, the last reported month
    assert t["cumulative"].tolist()[:4] == [10, 22, 22, 36]
    assert t["cumulative"].iloc[4:].isna().all()
    # expected: 120 × m/12 = 10 m
    assert t["expected"].tolist() == [approx(10 * m) for m in range(1, 13)]
    assert (t["target"] == 120).all()


def test_trend_ignores_months_after_as_of(series):
    t = trend(series, "S", Y, 2)  # code is case-insensitive
    assert t["value"].tolist()[:2] == [10, 12]
    assert t["value"].iloc[2:].isna().all()
    assert t["cumulative"].tolist()[:2] == [10, 22]
    assert t["cumulative"].iloc[2:].isna().all()


def test_trend_no_data(build_store, ind):
    store = build_store([ind("s"), ind("other")], {1: {"other": 1}})
    t = trend(store, "s", Y, 1)
    assert len(t) == 12
    assert t["value"].isna().all()
    assert t["cumulative"].isna().all()
    assert t["expected"].tolist() == [approx(10 * m) for m in range(1, 13)]


def test_level_projection_is_december_value_once_reported(build_store, ind):
    # Levels 40, 44, 46 in months 1–3: least squares x̄ = 2, ȳ = 43.333…, slope = (−1·−3.333 +
    # 1·2.667) / 2 = 3, intercept = 43.333 − 6 = 37.333 → at month 12: 37.333 + 36 = 73.333.
    months = {1: {"herd": 40}, 2: {"herd": 44}, 3: {"herd": 46}}
    store = build_store([ind("herd", unit="con", target=60, aggregation="last")], months)
    assert rows_by_code(store, 12).loc["herd"]["projection"] == pytest.approx(73.333333, abs=1e-5)
    # Once December itself is reported (41), the year-end value is known: no trend any more.
    store = build_store([ind("herd", unit="con", target=60, aggregation="last")], {**months, 12: {"herd": 41}})
    r = rows_by_code(store, 12).loc["herd"]
    assert r["projection"] == approx(41)
    # December reported: the figure is the year's result, 41 < 60 (issue 9: was at_risk, a pace)
    assert r["status"] == "not_achieved"


# --------------------------------------------------------------------------------------------
# Issue 9: partial months, data_through, assessed months, results, the ceiling clamp
# --------------------------------------------------------------------------------------------

def test_partial_month_judged_as_of_last_reported_month(build_store, ind):
    # "a" reported Jan–Mar (10 a month), "b" only Jan–Feb (10 a month), target 120, linear.
    store = build_store([ind("a"), ind("b")], {1: {"a": 10, "b": 10}, 2: {"a": 10, "b": 10}, 3: {"a": 10}})
    g = rows_by_code(store, 3)
    # a: as of March: expected 120 × 3/12 = 30, projection 30 ÷ 0.25 = 120 → on_track
    assert g.loc["a", "data_through"] == 3
    assert g.loc["a", "expected_to_date"] == approx(30)
    assert g.loc["a", "status"] == "on_track"
    # b: as of February, not as if March were 0: actual 20; expected 120 × 2/12 = 20;
    # projection 20 ÷ (2/12) = 120 → on_track (before issue 9: 30 expected, projection 80, at_risk)
    assert g.loc["b", "data_through"] == 2
    assert g.loc["b", "last_month"] == 2
    assert g.loc["b", "actual_to_date"] == approx(20)
    assert g.loc["b", "expected_to_date"] == approx(20)
    assert g.loc["b", "projection"] == approx(120)
    assert g.loc["b", "status"] == "on_track"


def test_data_through_null_without_data(linear):
    r = rows_by_code(linear, 3).loc["none"]
    assert is_none(r["data_through"])
    assert r["status"] == "no_data"


def test_partial_total_each_part_as_of_its_own_month(build_store, ind):
    # food = rice + maize (targets 60 + 60, linear); rice Jan–Mar 5 a month, maize Jan–Feb 5.
    part = dict(relation="component", parent="food")
    store = build_store([ind("food"), ind("rice", target=60, **part), ind("maize", target=60, **part)],
                        {1: {"rice": 5, "maize": 5}, 2: {"rice": 5, "maize": 5}, 3: {"rice": 5}})
    r = rows_by_code(store, 3).loc["food"]
    # actual 15 + 10 = 25; expected 60 × 3/12 + 60 × 2/12 = 15 + 10 = 25 (maize as of February)
    # share 25/120; projection 25 ÷ (25/120) = 120 → on_track; the total is as recent as its
    # oldest part: data_through 2
    assert r["actual_to_date"] == approx(25)
    assert r["expected_to_date"] == approx(25)
    assert r["projection"] == approx(120)
    assert r["status"] == "on_track"
    assert r["data_through"] == 2


@pytest.fixture
def assessed(build_store, ind):
    lvl = dict(sector="society", unit="học sinh", aggregation="last", integer=True)
    rows = [
        ind("pupils", target=3000, assessed=9, **lvl),                       # start of the school year
        ind("recruits", unit="%", target=100, aggregation="last", assessed=2),  # recruitment season
        ind("poor", unit="hộ", target=2, integer=True, assessed=12),          # a summed count, year-end
    ]
    months = {1: {"pupils": 2000, "recruits": 0, "poor": 0},
              2: {"pupils": 2000, "recruits": 100, "poor": 1},
              8: {"pupils": 2100},
              9: {"pupils": 2950},
              12: {"poor": 1}}
    return build_store(rows, months)


def test_assessed_parsed(assessed):
    ind = assessed.catalogue.indicators.set_index("code")["assessed"]
    assert ind.to_dict() == {"pupils": 9, "recruits": 2, "poor": 12}


def test_not_due_before_the_assessed_month(assessed):
    g = rows_by_code(assessed, 1)
    # January: every one of them is before its month → not_due, no pace
    assert g["status"].tolist() == ["not_due", "not_due", "not_due"]
    assert g["expected_to_date"].isna().all() and g["projection"].isna().all()
    # the figure itself stays: recruits 0 % in January is not "at risk"
    assert g.loc["recruits", "actual_to_date"] == approx(0)
    # August: pupils still not due, recruits judged from February on as a result
    g8 = rows_by_code(assessed, 8)
    assert g8.loc["pupils", "status"] == "not_due"
    assert g8.loc["recruits", "status"] == "achieved"
    assert g8.loc["poor", "status"] == "not_due"


def test_result_from_the_assessed_month_on(assessed):
    g9 = rows_by_code(assessed, 9)
    # September: 2950 < 3000 → not_achieved (a result, never behind although within 10 %)
    assert g9.loc["pupils", "status"] == "not_achieved"
    assert g9.loc["pupils", "data_through"] == 9
    g11 = rows_by_code(assessed, 11)
    assert g11.loc["pupils", "status"] == "not_achieved"  # the September count stays the result
    # December: poor households reduced 0 + 1 + 1 = 2 ≥ 2 → achieved
    g12 = rows_by_code(assessed, 12)
    assert g12.loc["poor", "actual_to_date"] == approx(2)
    assert g12.loc["poor", "status"] == "achieved"


def test_not_due_left_out_of_sector_score(assessed):
    g = gap_table(assessed, Y, 1)
    s = sector_summary(assessed, g).set_index("sector")
    # January: all three not_due → counted, but no score at all
    assert s.loc["society", "not_due"] == 1 and s.loc["agriculture", "not_due"] == 2
    assert is_none(s.loc["society", "score"]) and is_none(s.loc["agriculture", "score"])


def test_worst_first_puts_not_due_with_no_data(build_store, ind):
    rows = [ind("due", assessed=12), ind("gone"), ind("fail"), ind("ok")]
    store = build_store(rows, {1: {"due": 1, "fail": 0, "ok": 10}})
    order = worst_first(gap_table(store, Y, 1))[["code", "status"]].values.tolist()
    assert order == [["fail", "at_risk"], ["gone", "no_data"], ["due", "not_due"], ["ok", "on_track"]]


def test_december_is_a_result_never_a_pace(build_store, ind):
    # 10 a month for 12 months against 130: 120 < 130 → not_achieved (was "behind", within 10 %);
    # 11 a month: 132 ≥ 130 → achieved
    store = build_store([ind("short", target=130), ind("met", target=130)],
                        {m: {"short": 10, "met": 11} for m in range(1, 13)})
    g = rows_by_code(store, 12)
    assert g.loc["short", "status"] == "not_achieved"
    assert g.loc["met", "status"] == "achieved"
    # November is still a pace: 110 ÷ 11/12 = 120 ≥ 117 → behind
    assert rows_by_code(store, 11).loc["short", "status"] == "behind"


def test_december_partial_is_a_result_of_the_figures_there_are(build_store, ind):
    # December not reported yet: the pace figures are as of November (expected 130 × 11/12,
    # projection 110 ÷ 11/12 = 120), but in December the year is over: 110 < 130 is a result,
    # not_achieved (as a pace it would read "behind")
    store = build_store([ind("x", target=130), ind("y", target=100)],
                        {m: {"x": 10, "y": 10} for m in range(1, 12)})
    g = rows_by_code(store, 12)
    r = g.loc["x"]
    assert r["data_through"] == 11
    assert r["expected_to_date"] == approx(130 * 11 / 12)
    assert r["projection"] == approx(120)
    assert r["status"] == "not_achieved"
    assert g.loc["y", "status"] == "achieved"  # 110 ≥ 100


def test_ceiling_achievement_clamped_at_zero(build_store, ind):
    # poverty 0.35 % against a ceiling of 0.17 %: 100 + (0.17 − 0.35)/0.17 × 100 = −5.88 → 0
    store = build_store([ind("poverty", unit="%", target=0.17, direction="at_most", aggregation="last")],
                        {1: {"poverty": 0.35}})
    r = rows_by_code(store, 1).loc["poverty"]
    assert r["achievement_pct"] == approx(0)
    assert r["actual_to_date"] == approx(0.35)
    assert r["gap"] == approx(-0.18)


def test_month_coverage_and_default_month(build_store, ind):
    from lib.analytics.formulas import NEARLY_COMPLETE, default_month, month_coverage
    part = dict(relation="component", parent="tot")
    codes = [f"i{k}" for k in range(10)]
    rows = [ind("tot", target=240), ind("p1", **part), ind("p2", **part)] + [ind(c) for c in codes]
    full = {c: 1 for c in codes + ["p1", "p2"]}           # 12 entered indicators (tot is computed)
    nine_of_ten = {c: 1 for c in codes[:9] + ["p1", "p2"]}  # 11 of 12 = 91.7 %
    store = build_store(rows, {1: full, 2: nine_of_ten, 3: {"i0": 1, "p1": 1, "p2": 1}})
    cov = month_coverage(store, Y, 3)
    assert (cov["reported"], cov["expected"]) == (3, 12)
    assert cov["missing"] == codes[1:]
    assert not cov["complete"] and not cov["nearly"]
    cov2 = month_coverage(store, Y, 2)
    assert (cov2["reported"], cov2["missing"], cov2["nearly"]) == (11, ["i9"], 11 >= NEARLY_COMPLETE * 12)
    assert month_coverage(store, Y, 1)["complete"]
    assert month_coverage(store, Y, 4) ["reported"] == 0
    # the latest nearly full month is February; March (3/12) is partial
    assert NEARLY_COMPLETE == 0.9
    assert default_month(store, store.periods()) == (Y, 2)
    # only partial months → the latest with any data
    assert default_month(store, [(Y, 3)]) == (Y, 3)
    assert default_month(store, []) is None
