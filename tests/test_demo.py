"""lib.demo: the shipped demo months are reproducible and tell the intended story."""
from __future__ import annotations

import pandas as pd
import pytest

from lib import demo
from lib.analytics import gap_table
from lib.catalogue import load_catalogue
from lib.data import (
    DEFAULT_TARGETS,
    DEMO_DIR,
    PLAN_YEAR,
    Source,
    month_files,
    open_store,
    read_actuals,
    read_month_file,
)

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
    assert [p.name for p in paths] == ALL_MONTHS
    for path in paths:
        assert path.read_bytes() == (DEMO_DIR / "actuals" / path.name).read_bytes(), path.name
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
    expected_rows = sum(v is not None for series in (demo.SERIES, demo.PREVIOUS_SERIES)
                        for values in series.values() for v in values)
    assert len(actuals) == expected_rows
    assert store.periods() == [(y, m) for y in (PLAN_YEAR - 1, PLAN_YEAR) for m in MONTHS]


def test_demo_values_within_bounds(catalogue, store):
    from lib.catalogue import bounds
    table = catalogue.indicators.set_index("code")
    actuals = read_actuals(DEMO_DIR, catalogue)
    for rec in actuals.itertuples():
        lo, hi = bounds(table.loc[rec.code].to_dict())
        assert lo <= rec.value <= hi, (rec.code, rec.month, rec.value)


def test_year_end_story(store):
    g = gap_table(store, PLAN_YEAR, 12).set_index("code")
    counts = g["status"].value_counts()
    assert counts.get("achieved", 0) >= 3
    assert counts.get("at_risk", 0) >= 2
    assert counts.get("no_data", 0) == 0
    # the docstring's "clearly behind" indicators
    for code in ["bean_output", "buffalo_herd", "malnutrition_stunting", "overseas_workers"]:
        assert g.loc[code, "status"] in {"behind", "at_risk"}, code
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
