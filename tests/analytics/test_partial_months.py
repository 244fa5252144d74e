"""Issue 9 on the shipped catalogue: a month reported in parts, indicators judged in their own
month (targets column ``assessed``), December as a result. Run in-process through
``lib.cli.main`` and ``lib.analytics.formulas`` over a data folder of ward-level months built from the
demo's January and February (every indicator) and a March with three indicators only."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from lib import cli
from lib.analytics import formulas
from lib.analytics.datastore import Source, Store, open_store, read_actuals
from lib.readers.catalogue import load_catalogue

REPO = Path(__file__).resolve().parents[2]
TARGETS = REPO / "data" / "targets_2025.csv"
MARCH = ["rice_output", "state_revenue", "health_insurance_rate"]


def _write(folder: Path, period: str, rows: list[tuple[str, float]]) -> None:
    with (folder / f"{period}.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["period", "indicator_code", "value", "note"])
        for code, value in rows:
            w.writerow([period, code, repr(float(value)), ""])


@pytest.fixture(scope="module")
def ward(tmp_path_factory) -> Path:
    """Ward-level Jan and Feb for every entered indicator (the demo's ward figures), March with three."""
    demo = open_store(TARGETS, source=Source(REPO / "data" / "demo", is_demo=True))
    root = tmp_path_factory.mktemp("ward")
    folder = root / "actuals"
    folder.mkdir()
    for month in (1, 2, 3):
        rows = demo.cursor().execute(
            "SELECT a.code, a.value FROM actuals a JOIN indicators i USING (code) "
            "WHERE a.year = 2025 AND a.month = $m AND NOT i.derived ORDER BY i.ord", {"m": month}).fetchall()
        if month == 3:
            rows = [r for r in rows if r[0] in MARCH]
        _write(folder, f"2025-{month:02d}", rows)
    return root


@pytest.fixture(scope="module")
def store(ward) -> Store:
    catalogue = load_catalogue(TARGETS)
    return Store(catalogue, read_actuals(ward, catalogue))


def gaps_json(capsys, ward: Path, period: str) -> dict[str, dict]:
    code = cli.main(["gaps", "--as-of", period, "--json", "--data-dir", str(ward), "--targets", str(TARGETS)])
    out = capsys.readouterr()
    assert code == 0, out.err
    return {r["indicator_code"]: r for r in json.loads(out.out)}


def test_march_has_three_indicators(store):
    cov = formulas.month_coverage(store, 2025, 3)
    assert cov["reported"] == 3 and cov["expected"] == 32
    assert len(cov["missing"]) == 29 and set(MARCH).isdisjoint(cov["missing"])
    feb = formulas.month_coverage(store, 2025, 2)
    # the graduation rate is reported once, in June (the demo has it only then): 31/32 is "nearly"
    assert (feb["reported"], feb["missing"], feb["complete"], feb["nearly"]) == (31, ["graduation_rate"], False, True)
    # the view opens on February, the latest month reported (nearly) in full
    assert formulas.default_month(store, store.periods()) == (2025, 2)


def test_partial_march_does_not_turn_agriculture_red(capsys, ward):
    feb, mar = gaps_json(capsys, ward, "2025-02"), gaps_json(capsys, ward, "2025-03")
    agri = [c for c in feb if c in load_catalogue(TARGETS).indicators.query("sector == 'agriculture'")["code"].tolist()]
    at_risk = lambda g: sum(g[c]["status"] == "at_risk" for c in agri)  # noqa: E731
    # before issue 9 agriculture went from 1 to 5 "Nguy cơ không đạt"
    assert at_risk(mar) == at_risk(feb) == 1
    for code, row in mar.items():
        if code in MARCH:
            assert row["data_through"] == "2025-03"
        elif row["data_through"] is not None:
            # not reported in March: judged as of February, exactly as the February view judges it
            assert row["data_through"] == "2025-02", code
            assert (row["status"], row["expected_to_date"], row["projection"]) == \
                (feb[code]["status"], feb[code]["expected_to_date"], feb[code]["projection"]), code
    # food = rice (March) + maize (February only): as recent as its oldest part
    assert mar["food_output"]["data_through"] == "2025-02"
    assert mar["maize_output"]["status"] == feb["maize_output"]["status"]


def test_not_due_in_gaps_json(capsys, ward):
    jan = gaps_json(capsys, ward, "2025-01")
    # counted in their own month: recruitment in February, pupils in September, poverty at year-end
    for code in ("military_recruitment", "pupils_total", "pupils_primary", "poverty_rate",
                 "near_poor_rate", "poor_households_reduced", "graduation_rate"):
        assert jan[code]["status"] == "not_due", code
        assert jan[code]["expected_to_date"] is None and jan[code]["projection"] is None
    feb = gaps_json(capsys, ward, "2025-02")
    assert feb["military_recruitment"]["status"] in ("achieved", "not_achieved")
    assert feb["pupils_total"]["status"] == "not_due"


def test_shipped_catalogue_assessed_months():
    assessed = load_catalogue(TARGETS).indicators.set_index("code")["assessed"].dropna().astype(int).to_dict()
    assert assessed == {"pupils_total": 9, "pupils_preschool": 9, "pupils_primary": 9, "pupils_secondary": 9,
                        "graduation_rate": 6, "poor_households_reduced": 12, "poverty_rate": 12,
                        "near_poor_rate": 12, "military_recruitment": 2}


def test_demo_december_speaks_of_results():
    demo = open_store(TARGETS, source=Source(REPO / "data" / "demo", is_demo=True))
    dec = formulas.gap_table(demo, 2025, 12)
    reported = dec[dec["data_through"] == 12]
    assert len(reported) > 0
    assert set(reported["status"]) <= {"achieved", "not_achieved"}
    # the poverty rate above its ceiling reads 0 % of plan, never below
    assert (dec["achievement_pct"].dropna() >= 0).all()


def test_the_report_of_a_partial_month_says_so(store):
    """Issue 9: the drafted report of March with 3 of 32 indicators says how complete March is;
    February's (complete but for the graduation rate, counted in June) says nothing of it."""
    from lib.report import narrative

    march = next(s for s in narrative.sections(store, 2025, 3) if s.key == "overview").paragraphs[0]
    assert march.endswith(" Số liệu tháng 3/2025 mới có 3/32 chỉ tiêu báo cáo; các chỉ tiêu chưa báo cáo "
                          "được đánh giá theo số liệu của tháng gần nhất đã có (ghi rõ tháng của số liệu).")
    february = next(s for s in narrative.sections(store, 2025, 2) if s.key == "overview").paragraphs[0]
    assert "mới có" not in february
