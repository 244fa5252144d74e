"""lib.readers.demo: the shipped demo months are reproducible and tell the intended story."""
from __future__ import annotations

import pandas as pd
import pytest

from lib.analytics.datastore import (
    DEFAULT_TARGETS,
    DEMO_DIR,
    PLAN_YEAR,
    Source,
    month_files,
    open_store,
    read_actuals,
)
from lib.analytics.formulas import gap_table
from lib.readers import demo
from lib.readers.catalogue import load_catalogue
from lib.readers.months import read_month_file

MONTHS = list(range(1, 13))


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue(DEFAULT_TARGETS)


@pytest.fixture(scope="module")
def store():
    return open_store(targets=DEFAULT_TARGETS, source=Source(DEMO_DIR, is_demo=True))


ALL_MONTHS = [f"{y}-{m:02d}.csv" for y in (PLAN_YEAR - 1, PLAN_YEAR) for m in MONTHS]


def test_twenty_four_shipped_months():
    """The plan year and the year before it (for “so với cùng kỳ”)."""
    assert [p.name for p in month_files(DEMO_DIR)] == ALL_MONTHS


@pytest.mark.parametrize("year", [PLAN_YEAR - 1, PLAN_YEAR])
@pytest.mark.parametrize("month", MONTHS)
def test_month_csv_reproduces_shipped_file(year, month):
    shipped = (DEMO_DIR / "actuals" / f"{year}-{month:02d}.csv").read_bytes()
    assert demo.month_csv(month, year).encode("utf-8") == shipped


def test_write_demo_is_byte_identical(tmp_path):
    paths = demo.write_demo(tmp_path)
    assert [p.name for p in paths] == ALL_MONTHS + ["tasks_log_2025.csv"]  # issue 9: the tasks' dated history
    for path in paths:
        assert path.read_bytes() == (DEMO_DIR / path.relative_to(tmp_path)).read_bytes(), path.name
    # deterministic: a second run writes the same bytes
    again = demo.write_demo(tmp_path / "again")
    for a, b in zip(paths, again):
        assert a.read_bytes() == b.read_bytes()


def test_series_cover_known_codes(catalogue):
    codes = set(catalogue.codes())
    assert set(demo.SERIES) <= codes
    # totals are derived from their parts, never written
    assert not set(demo.SERIES) & catalogue.derived_codes()
    assert set(demo.PREVIOUS_SERIES) == set(demo.SERIES)
    for code, values in [*demo.SERIES.items(), *demo.PREVIOUS_SERIES.items()]:
        assert len(values) == 12, code


@pytest.mark.parametrize("year", [PLAN_YEAR - 1, PLAN_YEAR])
@pytest.mark.parametrize("month", MONTHS)
def test_every_demo_file_loads(catalogue, year, month):
    path = DEMO_DIR / "actuals" / f"{year}-{month:02d}.csv"
    frame = read_month_file(path, catalogue)
    assert len(frame) > 0
    assert set(frame["month"]) == {month}
    assert set(frame["year"]) == {year}
    assert frame["value"].notna().all()


def test_all_demo_months_load(catalogue, store):
    actuals = read_actuals(DEMO_DIR, catalogue)
    by_unit = demo.unit_series()
    ward_rows = sum(v is not None for series in (demo.SERIES, demo.PREVIOUS_SERIES)
                    for values in series.values() for v in values)
    # in 2025 each by-unit indicator is 12 groups × 12 months instead of 12 ward rows
    expected_rows = ward_rows + len(by_unit) * 12 * (12 - 1)
    assert len(actuals) == expected_rows
    assert (actuals["unit"] != "").sum() == len(by_unit) * 12 * 12
    assert set(actuals.loc[actuals["unit"] != "", "year"]) == {PLAN_YEAR}  # 2024 stays ward-level
    assert store.periods() == [(y, m) for y in (PLAN_YEAR - 1, PLAN_YEAR) for m in MONTHS]
    # the ward table has one row per reported (year, month, indicator), derived ones included
    assert store.cursor().execute("SELECT count(*) FROM actuals").fetchone()[0] == ward_rows


def test_by_unit_indicators_are_the_targets_by_unit(catalogue):
    flagged = {r["code"] for r in catalogue.indicators.to_dict("records") if r["by_unit"]}
    assert set(demo.unit_series()) == flagged == {
        "health_insurance_rate", "cultural_families_rate", "waste_collection_rate", "clean_water_rate",
        "poverty_rate", "near_poor_rate", "new_jobs", "poor_households_reduced"}


@pytest.mark.parametrize("month", MONTHS)
def test_derived_ward_values_are_the_ward_series(store, month):
    """The ward figure derived from the groups' is the ward series, to its last decimal: the
    dashboard's story is the same as before the groups' figures existed."""
    derived = dict(store.cursor().execute(
        "SELECT code, value FROM actuals WHERE year = $y AND month = $m", {"y": PLAN_YEAR, "m": month}).fetchall())
    for code in demo.unit_series():
        assert derived[code] == pytest.approx(demo.SERIES[code][month - 1], abs=1e-9), code


def test_groups_differ_and_truong_tho_tay_a_is_among_the_best(store):
    rows = store.cursor().execute(
        "SELECT unit, code, avg(value) AS v FROM unit_actuals WHERE year = $y GROUP BY unit, code",
        {"y": PLAN_YEAR}).df()
    for code, higher_is_better in [("health_insurance_rate", True), ("waste_collection_rate", True),
                                   ("cultural_families_rate", True), ("poverty_rate", False)]:
        ranked = rows[rows["code"] == code].sort_values("v", ascending=not higher_is_better)["unit"].tolist()
        assert ranked.index("truong_tho_tay_a") < 3, (code, ranked)
        assert ranked[-1] == "tdp_04", (code, ranked)  # the weakest group, clearly behind
    insurance = rows[rows["code"] == "health_insurance_rate"].set_index("unit")["v"]
    assert insurance.max() - insurance.min() > 5  # clearly better and worse groups, in points


def test_unit_notes_make_the_ward_note(store):
    note = store.cursor().execute(
        "SELECT note FROM actuals WHERE year = 2025 AND month = 12 AND code = 'poverty_rate'").fetchone()[0]
    assert note == "Tổ dân phố số 9 (tên minh họa): Kết quả rà soát hộ nghèo cuối năm: giảm 01 hộ."


def test_demo_values_within_bounds(catalogue, store):
    from lib.readers.catalogue import bounds
    table = catalogue.indicators.set_index("code")
    actuals = read_actuals(DEMO_DIR, catalogue)
    for rec in actuals.itertuples():
        lo, hi = bounds(table.loc[rec.code].to_dict())
        assert lo <= rec.value <= hi, (rec.code, rec.month, rec.value)


def test_year_end_story(store):
    g = gap_table(store, PLAN_YEAR, 12).set_index("code")
    counts = g["status"].value_counts()
    assert counts.get("achieved", 0) >= 3
    # Issue 9: December speaks of results, not of pace: met or not met, nothing else.
    assert counts.get("not_achieved", 0) >= 2
    assert set(counts.index) == {"achieved", "not_achieved"}
    assert counts.get("no_data", 0) == 0
    # the docstring's "clearly behind" indicators: behind on pace in November, not met in December
    november = gap_table(store, PLAN_YEAR, 11).set_index("code")
    for code in ["bean_output", "buffalo_herd", "malnutrition_stunting", "overseas_workers"]:
        assert november.loc[code, "status"] in {"behind", "at_risk"}, code
        assert g.loc[code, "status"] == "not_achieved", code
    # and its crops arrive at the harvests: December's actual is the whole year's harvest
    assert g.loc["rice_output", "actual_to_date"] == pytest.approx(245 + 415 + 175 + 205)


def test_rice_before_harvest_not_behind(store):
    g = gap_table(store, PLAN_YEAR, 3).set_index("code")
    assert g.loc["rice_output", "status"] not in {"behind", "at_risk"}
    assert g.loc["rice_output", "actual_to_date"] == pytest.approx(0)
    assert g.loc["rice_output", "expected_to_date"] == pytest.approx(0)
    assert pd.isna(g.loc["rice_output", "projection"])


@pytest.mark.parametrize("month", MONTHS)
def test_overseas_workers_within_new_jobs(store, month):
    jobs = demo.SERIES["new_jobs"]
    overseas = demo.SERIES["overseas_workers"]
    # in the month itself
    assert overseas[month - 1] <= jobs[month - 1]
    # and to date, as the dashboard shows them
    g = gap_table(store, PLAN_YEAR, month).set_index("code")
    assert g.loc["overseas_workers", "actual_to_date"] <= g.loc["new_jobs", "actual_to_date"]
    assert g.loc["overseas_workers", "actual_to_date"] == pytest.approx(sum(overseas[:month]))
    assert g.loc["new_jobs", "actual_to_date"] == pytest.approx(sum(jobs[:month]))
