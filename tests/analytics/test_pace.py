"""The expected pace in % of plan (lib.analytics.formulas.expected_pct): one formula for the
presentation's “cần đạt” mark (lib.views.slides) and the pace mark of the report's charts
(lib.report.charts).

The demo's state revenue: 13.345 million planned, 44% of it expected by June (the profile's
first six months), so the mark stands at 44% of plan."""
from __future__ import annotations

import math

import pytest

from lib.analytics import formulas
from lib.analytics.datastore import DEMO_DIR, Source, open_store
from lib.report import charts
from lib.views import slides

ROW = {"direction": "at_least", "aggregation": "sum", "target": 200.0, "expected_to_date": 50.0, "status": "behind"}


def test_expected_pct_is_expected_over_target():
    assert formulas.expected_pct(ROW) == pytest.approx(25.0)
    assert formulas.expected_pct({**ROW, "expected_to_date": 300.0}) == pytest.approx(150.0)  # not capped
    assert formulas.expected_pct({k: v for k, v in ROW.items() if k != "aggregation"}) == pytest.approx(25.0)


@pytest.mark.parametrize("change", [
    {"aggregation": "last"},                  # a level: its target is the level itself
    {"direction": "at_most"},                 # a ceiling
    {"expected_to_date": None},
    {"expected_to_date": math.nan},
    {"target": 0.0},
    {"target": None},
    {"status": "not_due"},                    # no pace yet
    {"status": "not_achieved"},               # a result
])
def test_no_expected_pct(change):
    assert formulas.expected_pct({**ROW, **change}) is None


def test_chart_mark_is_the_formula_capped_and_none_without_data():
    assert charts.pace_mark(ROW) == formulas.expected_pct(ROW)
    assert charts.pace_mark({**ROW, "expected_to_date": 400.0}) == charts.CHART_PCT_MAX
    assert charts.pace_mark({**ROW, "status": "no_data"}) is None
    assert charts.pace_mark({**ROW, "status": "not_due"}) is None


def test_the_screens_and_the_charts_use_the_same_formula():
    gaps = formulas.gap_table(open_store(source=Source(DEMO_DIR, is_demo=True)), 2025, 6)
    rows = gaps.to_dict("records")
    revenue = next(r for r in rows if r["code"] == "state_revenue")
    assert formulas.expected_pct(revenue) == pytest.approx(44.0)
    marked = 0
    for row in rows:
        expected = formulas.expected_pct(row)
        assert slides.expected_percent(row) == expected
        if expected is None or row["status"] == "no_data":
            assert charts.pace_mark(row) is None
        else:
            marked += 1
            assert charts.pace_mark(row) == min(expected, charts.CHART_PCT_MAX)
    assert marked > 3
