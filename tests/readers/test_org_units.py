"""Reporting units (tổ dân phố) and the ward's figures derived from theirs, with hand-computed values.

* ``lib.readers.org_units``: the units file, its checks, finding a unit from what staff typed;
* ``lib.readers.catalogue``: the targets' ``by_unit`` column;
* ``lib.analytics.datastore``: ``unit_actuals`` and the ward's row derived in SQL (a sum, or a rate weighted by
  population or households — never the plain mean of the rates);
* ``lib.upload`` / ``lib.cli check``: files with a unit column, accepted and rejected;
* ``lib.storage.month_store``: the unit column on disk, merge and diff per (indicator, unit);
* ``lib.views.templates``: the template by residential group;
* the upload preview (sidebar) showing the derived ward value, as a table and in the browser.

Most cases use a small units file of two groups, so the weighted means can be done by hand:
``u1`` has 1.000 people in 200 households, ``u2`` 3.000 people in 900 households.
"""
from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib.analytics import datastore, formulas
from lib.analytics.datastore import ActualsError, Source, Store, derive_ward, open_store, read_actuals
from lib.core import texts
from lib.readers import org_units
from lib.readers.catalogue import CatalogueError, load_catalogue
from lib.storage import month_store
from lib.upload import check_file
from lib.views import templates
from tests.support.cli import run_cli
from tests.support.helpers import REPO

PERIOD = "2025-06"
REAL_TARGETS = REPO / "data" / "targets_2025.csv"
REAL_UNITS = org_units.load_units(REPO / "data" / "units.csv")
REAL_CATALOGUE = load_catalogue(REAL_TARGETS)

UNITS_CSV = (
    "code,name_vi,kind,population,households,demo_name\n"
    "u1,Tổ Một,residential_group,1000,200,false\n"
    "u2,Tổ Hai,residential_group,3000,900,true\n"
    "vp,Văn phòng,department,,,false\n"
)


# --- helpers ----------------------------------------------------------------------------------

@pytest.fixture
def small_units(tmp_path) -> Path:
    path = tmp_path / "units.csv"
    path.write_text(UNITS_CSV, encoding="utf-8")
    return path


@pytest.fixture
def small_catalogue(tmp_path, write_targets, ind):
    """A population-weighted rate, a household-weighted ceiling rate, a summed flow, a ward-only count."""
    return load_catalogue(write_targets(tmp_path / "targets.csv", [
        ind("bhyt", sector="society", name_vi="Tỷ lệ BHYT", unit="%", target=95, aggregation="last",
            by_unit="population"),
        ind("ngheo", sector="society", name_vi="Tỷ lệ hộ nghèo", unit="%", target=2, direction="at_most",
            aggregation="last", by_unit="households"),
        ind("viec_lam", sector="society", name_vi="Việc làm mới", unit="người", target=120, integer=True,
            by_unit="sum"),
        ind("heo", name_vi="Đàn heo", unit="con", target=300, aggregation="last", integer=True),
    ]))


def write_month(root: Path, period: str, rows: list[tuple]) -> Path:
    """``root/actuals/<period>.csv`` with the unit column: rows are (code, unit, value[, note])."""
    folder = root / "actuals"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{period}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["period", "indicator_code", "unit", "value", "note"])
        for code, unit, value, *note in rows:
            writer.writerow([period, code, unit, value, note[0] if note else ""])
    return path


def ward(store: Store, code: str, month: int) -> tuple[float, str]:
    return store.cursor().execute(
        "SELECT value, note FROM actuals WHERE year = 2025 AND month = $m AND code = $c",
        {"m": month, "c": code}).fetchone()


def check(text: str, catalogue=REAL_CATALOGUE, unit_table=REAL_UNITS, name: str = "so-lieu.csv"):
    return check_file(text.encode("utf-8"), name, PERIOD, catalogue, units=unit_table)


def messages(result) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in result.errors]


# --- lib.readers.org_units: the units file -----------------------------------------------------------------

def test_shipped_units_file():
    assert len(REAL_UNITS) == 21
    groups = org_units.residential(REAL_UNITS)
    assert list(groups["code"]) == [f"tdp_{i:02d}" for i in range(1, 12)] + ["truong_tho_tay_a"]
    by_code = org_units.by_code(REAL_UNITS)
    assert by_code["tdp_03"]["display_name"] == "Tổ dân phố số 3 (tên minh họa)"  # invented: marked
    assert by_code["truong_tho_tay_a"]["display_name"] == "Tổ dân phố Trường Thọ Tây A"  # from the plan
    assert (by_code["tdp_01"]["population"], by_code["tdp_01"]["households"]) == (812, 239)
    assert by_code["cong_an"]["kind"] == "department" and pd.isna(by_code["cong_an"]["population"])


def test_illustrative_weights_are_named():
    # Every tổ's population and household count shipped is illustrative (demo_figures = true):
    # a ward rate weighted by them, or a group's share of a target, must say so.
    assert org_units.illustrative_weights(REAL_UNITS)[:2] == ["Tổ dân phố số 1 (tên minh họa)",
                                                          "Tổ dân phố số 2 (tên minh họa)"]
    assert len(org_units.illustrative_weights(REAL_UNITS)) == 12
    assert "Tổ dân phố Trường Thọ Tây A" in org_units.illustrative_weights(REAL_UNITS)
    own = REAL_UNITS.assign(demo_figures=False)
    assert org_units.illustrative_weights(own) == []


def test_demo_figures_flag_is_checked(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("code,name_vi,kind,population,households,demo_figures\n"
                    "t1,Tổ 1,residential_group,100,30,perhaps\n", encoding="utf-8")
    with pytest.raises(org_units.UnitsError) as err:
        org_units.load_units(path)
    assert err.value.messages == [
        "Danh sách đơn vị units.csv, dòng 2, cột “demo_figures”: “perhaps” phải là true hoặc false"]


def test_units_file_problems_are_listed_by_row_and_column(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text(
        "code,name_vi,kind,population,households,demo_name\n"
        "tổ_1,Tổ 1,residential_group,100,30,false\n"      # 2: not ASCII
        "t2,Tổ 2,residential_group,1.000,30,false\n"      # 3: not a plain whole number
        "T2,Tổ 3,residential_group,100,,false\n"          # 4: duplicate code, households missing
        "t4,tổ 2,village,,,maybe\n",                      # 5: duplicate name, unknown kind, demo_name
        encoding="utf-8")
    with pytest.raises(org_units.UnitsError) as err:
        org_units.load_units(path)
    row = "Danh sách đơn vị units.csv, dòng {}, cột “{}”: {}".format
    assert err.value.messages == [
        row(2, "code", "mã “tổ_1” chỉ được gồm chữ cái không dấu, chữ số và dấu gạch dưới"),
        row(3, "population", "“1.000” không phải số nguyên dương (viết liền, không dấu chấm, ví dụ 1064)"),
        row(4, "code", "“T2” bị trùng với dòng 3"),
        row(4, "households", texts.ERR_UNITS_COUNT_MISSING),
        row(5, "name_vi", "“tổ 2” bị trùng với dòng 3"),
        row(5, "kind", "loại “village” không hợp lệ, phải là một trong: residential_group, department"),
        row(5, "demo_name", "“maybe” phải là true hoặc false"),
    ]


def test_units_path_prefers_the_data_folders_own_file(tmp_path, monkeypatch, small_units):
    monkeypatch.setenv("TQT_DATA_DIR", str(tmp_path / "elsewhere"))
    assert org_units.units_path() == REPO / "data" / "units.csv"
    monkeypatch.setenv("TQT_DATA_DIR", str(small_units.parent))
    assert org_units.units_path() == small_units
    assert list(org_units.load_units()["code"]) == ["u1", "u2", "vp"]


@pytest.mark.parametrize("written, code", [
    ("tdp_03", "tdp_03"), ("TDP_03", "tdp_03"), ("Tổ dân phố số 3", "tdp_03"),
    ("Tổ dân phố số 3 (tên minh họa)", "tdp_03"), (" tổ  dân phố TRƯỜNG THỌ TÂY A ", "truong_tho_tay_a"),
])
def test_find_by_code_or_name(written, code):
    assert org_units.find(REAL_UNITS, written)["code"] == code


@pytest.mark.parametrize("written, code", [
    ("tdp_3", "tdp_03"), ("tdp3", "tdp_03"), ("Tổ 11", "tdp_11"), ("TDP-05", "tdp_05"),
    ("truong_tho_tay", "truong_tho_tay_a"), ("Công an", "cong_an"), ("to dan pho truong tho", "truong_tho_tay_a"),
])
def test_closest_suggests_the_unit_meant(written, code):
    assert org_units.find(REAL_UNITS, written) is None
    assert org_units.closest(REAL_UNITS, written)["code"] == code


# --- lib.readers.catalogue: by_unit ---------------------------------------------------------------------

def test_targets_by_unit_column():
    got = {r["code"]: r["by_unit"] for r in REAL_CATALOGUE.indicators.to_dict("records") if r["by_unit"]}
    assert got == {"health_insurance_rate": "population", "cultural_families_rate": "households",
                   "waste_collection_rate": "households", "clean_water_rate": "households",
                   "poverty_rate": "households", "near_poor_rate": "households", "new_jobs": "sum",
                   "poor_households_reduced": "sum"}


def test_by_unit_rules(tmp_path, write_targets, ind):
    path = write_targets(tmp_path / "t.csv", [
        ind("a", unit="%", aggregation="last", by_unit="sum"),           # 2: a rate is never a sum
        ind("b", unit="người", integer=True, by_unit="households"),      # 3: a count is never weighted
        ind("c", unit="tấn", by_unit="median"),                          # 4: unknown rule
        ind("d", unit="đạt", target=1, aggregation="last", by_unit="sum"),  # 5: a yes/no goal
        ind("total", unit="tấn", target=20, by_unit="sum"),              # 6: a total computed from parts
        ind("p1", unit="tấn", target=10, parent="total", relation="component"),
        ind("p2", unit="tấn", target=10, parent="total", relation="component"),
        ind("ok", unit="‰", aggregation="last", by_unit="population"),
    ])
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    row = texts.ERR_TARGETS_ROW.format
    assert err.value.messages == [
        row(row=2, col="by_unit", msg=texts.ERR_TARGETS_BY_UNIT_RATE_SUM),
        row(row=3, col="by_unit", msg=texts.ERR_TARGETS_BY_UNIT_WEIGHTED),
        row(row=4, col="by_unit", msg=texts.ERR_TARGETS_BY_UNIT_VALUE),
        row(row=5, col="by_unit", msg=texts.ERR_TARGETS_BY_UNIT_BINARY),
        row(row=6, col="by_unit", msg=texts.ERR_TARGETS_BY_UNIT_DERIVED),
    ]


# --- lib.analytics.datastore: unit_actuals and the derived ward row ---------------------------------------------

def test_weighted_rate_is_not_the_plain_mean(tmp_path, small_catalogue, small_units):
    """1.000 people at 90% and 3.000 at 98%: (900 + 2.940) / 4.000 = 96,0%, not (90 + 98) / 2 = 94%."""
    write_month(tmp_path, "2025-01", [("bhyt", "u1", 90), ("bhyt", "u2", 98)])
    store = Store(small_catalogue, read_actuals(tmp_path, small_catalogue, small_units), units=small_units)
    value, note = ward(store, "bhyt", 1)
    assert value == pytest.approx(96.0) and value != pytest.approx(94.0)
    assert note == ""
    assert store.cursor().execute("SELECT unit, value FROM unit_actuals ORDER BY unit").fetchall() == [
        ("u1", 90.0), ("u2", 98.0)]


def test_household_weights_and_sums(tmp_path, small_catalogue, small_units):
    """Poverty 1,5% of 200 households and 0,5% of 900: (3 + 4,5) / 1.100 = 0,6818…%; jobs 7 + 12 = 19."""
    write_month(tmp_path, "2025-01", [("ngheo", "u1", 1.5, "rà soát quý I"), ("ngheo", "u2", 0.5),
                                      ("viec_lam", "u1", 7), ("viec_lam", "u2", 12, "xưởng may mới"),
                                      ("heo", "", 280)])
    store = Store(small_catalogue, read_actuals(tmp_path, small_catalogue, small_units), units=small_units)
    assert ward(store, "ngheo", 1)[0] == pytest.approx(7.5 / 1100 * 100)
    assert ward(store, "viec_lam", 1) == (19.0, "Tổ Hai (tên minh họa): xưởng may mới")
    assert ward(store, "ngheo", 1)[1] == "Tổ Một: rà soát quý I"
    assert ward(store, "heo", 1) == (280.0, "")
    # one ward row per (month, indicator), nothing else
    assert store.cursor().execute("SELECT count(*) FROM actuals").fetchone()[0] == 3


def test_ward_row_for_one_indicator_unit_rows_for_another(tmp_path, small_catalogue, small_units):
    """A month may give the ward's rate as a whole and the jobs by group (and the next the reverse)."""
    write_month(tmp_path, "2025-02", [("bhyt", "", 95.5, "số liệu BHXH"), ("viec_lam", "u1", 3),
                                      ("viec_lam", "u2", 5)])
    write_month(tmp_path, "2025-03", [("bhyt", "u1", 92), ("viec_lam", "", 6)])
    store = Store(small_catalogue, read_actuals(tmp_path, small_catalogue, small_units), units=small_units)
    assert ward(store, "bhyt", 2) == (95.5, "số liệu BHXH")
    assert ward(store, "viec_lam", 2)[0] == 8.0
    assert ward(store, "bhyt", 3)[0] == 92.0  # only u1 reported: the mean of the groups that did
    assert ward(store, "viec_lam", 3)[0] == 6.0
    gaps = formulas.gap_table(store, 2025, 3).set_index("code")
    assert gaps.loc["viec_lam", "actual_to_date"] == 14.0  # 8 + 6, February and March
    assert gaps.loc["bhyt", "actual_to_date"] == 92.0


def test_missing_group_rate_weighted_over_those_reported(tmp_path, small_catalogue, small_units):
    write_month(tmp_path, "2025-04", [("bhyt", "u2", 97.0), ("ngheo", "u1", 2.0)])
    store = Store(small_catalogue, read_actuals(tmp_path, small_catalogue, small_units), units=small_units)
    assert ward(store, "bhyt", 4)[0] == 97.0
    assert ward(store, "ngheo", 4)[0] == 2.0


def test_gap_table_on_unit_rows_equals_the_hand_computed_ward_figure(tmp_path, small_catalogue, small_units):
    """BHYT in June: u1 93% and u2 95% → (930 + 2.850) / 4.000 = 94,5%; 94,5 / 95 = 99,47% of plan.
    Jobs by group in January–June: 10 + 20 a month → 180 to date, the plan's pace is 120 × 6/12 = 60."""
    for month in range(1, 7):
        write_month(tmp_path, f"2025-{month:02d}", [("viec_lam", "u1", 10), ("viec_lam", "u2", 20)]
                    + ([("bhyt", "u1", 93), ("bhyt", "u2", 95)] if month == 6 else []))
    store = Store(small_catalogue, read_actuals(tmp_path, small_catalogue, small_units), units=small_units)
    gaps = formulas.gap_table(store, 2025, 6).set_index("code")
    assert gaps.loc["bhyt", "actual_to_date"] == pytest.approx(94.5)
    assert gaps.loc["bhyt", "achievement_pct"] == pytest.approx(94.5 / 95 * 100)
    assert gaps.loc["viec_lam", "actual_to_date"] == 180.0
    assert gaps.loc["viec_lam", "expected_to_date"] == pytest.approx(60.0)
    assert gaps.loc["viec_lam", "status"] == "achieved"  # 180 ≥ 120 already


def test_derive_ward_is_the_stores_rule(small_catalogue, small_units):
    rows = pd.DataFrame([(2025, 6, "u1", "bhyt", 90.0, ""), (2025, 6, "u2", "bhyt", 98.0, "x")],
                        columns=["year", "month", "unit", "code", "value", "note"])
    got = derive_ward(rows, small_catalogue, org_units.load_units(small_units)).to_dict("records")
    assert got == [{"year": 2025, "month": 6, "code": "bhyt", "value": pytest.approx(96.0),
                    "note": "Tổ Hai (tên minh họa): x", "n_units": 2}]


@pytest.mark.parametrize("rows, message", [
    ([("bhyt", "u9", 90)], "Tệp số liệu 2025-05.csv, dòng 2: đơn vị “u9” không có trong danh sách đơn vị báo cáo "
                           "(units.csv)"),
    ([("heo", "u1", 90)], "Tệp số liệu 2025-05.csv, dòng 2: " + texts.ERR_UNIT_NOT_BY_UNIT.format(
        name="Đàn heo", unit="Tổ Một")),
    ([("bhyt", "vp", 90)], "Tệp số liệu 2025-05.csv, dòng 2: " + texts.ERR_UNIT_NOT_RESIDENTIAL.format(
        name="Tỷ lệ BHYT", unit="Văn phòng")),
    ([("bhyt", "u1", 90), ("bhyt", "u1", 91)], "Tệp số liệu 2025-05.csv, dòng 3: chỉ tiêu “bhyt” của đơn vị "
                                               "“u1” bị lặp (đã có ở dòng 2)"),
    ([("bhyt", "u1", 90), ("bhyt", "", 91)], "Tệp số liệu 2025-05.csv, dòng 2: chỉ tiêu “bhyt” có cả số liệu "
                                             "toàn phường và số liệu theo đơn vị"),
])
def test_stored_file_with_bad_unit_rows_cannot_be_read(tmp_path, small_catalogue, small_units, rows, message):
    write_month(tmp_path, "2025-05", rows)
    with pytest.raises(ActualsError) as err:
        read_actuals(tmp_path, small_catalogue, small_units)
    assert err.value.messages == [message]


def test_files_without_unit_column_read_as_before_and_need_no_units_file(tmp_path, small_catalogue,
                                                                         write_months, monkeypatch):
    write_months(tmp_path, {1: {"heo": 280, "bhyt": 93.5}})
    monkeypatch.setattr(org_units, "units_path", lambda: tmp_path / "missing.csv")  # no units.csv anywhere
    frame = datastore.read_month_file(tmp_path / "actuals" / "2025-01.csv", small_catalogue)
    assert list(frame.columns) == ["year", "month", "code", "value", "note"]
    store = Store(small_catalogue, read_actuals(tmp_path, small_catalogue))
    assert ward(store, "bhyt", 1)[0] == 93.5
    assert store.units.empty  # the units table is empty rather than the dashboard stopped


def test_demo_months_read_with_the_repositorys_units_even_if_the_data_folder_has_its_own(
        tmp_path, monkeypatch, small_units):
    """The demo's months name the repository's groups: a deployment's own units.csv (before its first
    month) must not make them unreadable."""
    monkeypatch.setenv("TQT_DATA_DIR", str(small_units.parent))
    store = open_store(source=Source(datastore.DEMO_DIR, is_demo=True))
    assert ward(store, "health_insurance_rate", 6)[0] == pytest.approx(92.3)
    assert datastore.units_file(datastore.DEMO_DIR) == REPO / "data" / "units.csv"
    assert datastore.units_file(small_units.parent) == small_units


def test_data_version_changes_with_the_units_file(tmp_path, monkeypatch, small_units):
    monkeypatch.setenv("TQT_DATA_DIR", str(small_units.parent))
    source = Source(small_units.parent, is_demo=False)
    before = datastore.data_version(source, REAL_TARGETS)
    small_units.write_text(UNITS_CSV.replace("1000,200", "1100,200"), encoding="utf-8")
    assert datastore.data_version(source, REAL_TARGETS) != before


# --- lib.upload: files with a unit column ---------------------------------------------------------

PER_UNIT = (
    "period;indicator_code;Tổ dân phố;value;note\n"
    f"{PERIOD};health_insurance_rate;tdp_01;90,5;\n"
    f"{PERIOD};health_insurance_rate;Tổ dân phố Trường Thọ Tây A;98;đạt 100% hộ cận nghèo\n"
    f"{PERIOD};new_jobs;TDP_01;3;\n"
    f"{PERIOD};new_jobs;truong_tho_tay_a;4;\n"
    f"{PERIOD};state_revenue;;1.250,5;\n"
)


def test_per_unit_file_is_accepted_with_the_units_rows():
    result = check(PER_UNIT)
    assert result.accepted, messages(result)
    assert result.rows == [
        {"indicator_code": "health_insurance_rate", "unit": "tdp_01", "value": 90.5, "note": ""},
        {"indicator_code": "health_insurance_rate", "unit": "truong_tho_tay_a", "value": 98.0,
         "note": "đạt 100% hộ cận nghèo"},
        {"indicator_code": "new_jobs", "unit": "tdp_01", "value": 3.0, "note": ""},
        {"indicator_code": "new_jobs", "unit": "truong_tho_tay_a", "value": 4.0, "note": ""},
        {"indicator_code": "state_revenue", "value": 1250.5, "note": ""},
    ]
    assert result.indicator_count == 3
    # the two indicators miss the same ten groups: one warning names them
    missing = ", ".join(f"Tổ dân phố số {i} (tên minh họa)" for i in range(2, 12))
    assert result.warnings[-1] == (
        "“Tỷ lệ dân số tham gia bảo hiểm y tế”, “Số người được tạo việc làm mới và tăng việc làm”: "
        f"Thiếu số liệu của: {missing}; số liệu toàn phường được tính từ các tổ đã báo cáo (2/12 tổ).")


def test_unit_heading_aliases():
    for heading in ("Đơn vị", "Mã đơn vị", "TỔ DÂN PHỐ", "unit_code", "don vi", "unit"):
        text = f"indicator_code,{heading},value\nnew_jobs,tdp_02,3\nnew_jobs,tdp_03,2\n"
        result = check(text)
        assert result.accepted, (heading, messages(result))
        assert [r["unit"] for r in result.rows] == ["tdp_02", "tdp_03"], heading


def test_unit_of_measure_columns_keep_their_old_meaning():
    """“Đơn vị” / unit holding tấn, % … is the ĐVT, as before reporting units existed."""
    result = check("indicator_code,Đơn vị,value\nrice_output,tấn,120\nhealth_insurance_rate,%,92.3\n")
    assert result.accepted and result.rows == [{"indicator_code": "rice_output", "value": 120.0, "note": ""},
                                               {"indicator_code": "health_insurance_rate", "value": 92.3,
                                                "note": ""}]
    bad = check("indicator_code,Đơn vị,value\nrice_output,kg,120\n")
    assert messages(bad) == [(2, "Đơn vị", texts.ERR_UPLOAD_UNIT.format(found="kg", name="Sản lượng lúa",
                                                                        unit="tấn"))]
    # with both: “Đơn vị” is the group, “ĐVT” the unit of measure
    both = check("indicator_code,Đơn vị,ĐVT,value\nnew_jobs,tdp_02,người,3\n")
    assert both.accepted and both.rows == [{"indicator_code": "new_jobs", "unit": "tdp_02", "value": 3.0,
                                            "note": ""}]


def test_rejects_unknown_unit_with_suggestion():
    result = check("indicator_code,Tổ dân phố,value\nnew_jobs,tdp_3,3\nnew_jobs,Tổ dân phố Trường Thọ,2\n"
                   "new_jobs,Hội Nông dân,1\n")
    assert messages(result) == [
        (2, "Tổ dân phố", "Đơn vị “tdp_3” không có trong danh sách đơn vị báo cáo. "
                          "Có phải “tdp_03” (Tổ dân phố số 3 (tên minh họa))?"),
        (3, "Tổ dân phố", "Đơn vị “Tổ dân phố Trường Thọ” không có trong danh sách đơn vị báo cáo. "
                          "Có phải “truong_tho_tay_a” (Tổ dân phố Trường Thọ Tây A)?"),
        (4, "Tổ dân phố", "Đơn vị “Hội Nông dân” không có trong danh sách đơn vị báo cáo. "
                          "Hãy dùng mã đơn vị trong tệp mẫu theo tổ dân phố (ví dụ tdp_01)."),
    ]
    assert result.rows == []


def test_rejects_unit_for_an_indicator_not_reported_by_unit():
    result = check("indicator_code,Mã đơn vị,value\nrice_output,tdp_01,12\n")
    assert messages(result) == [(2, "Mã đơn vị", "Chỉ tiêu “Sản lượng lúa” không báo cáo theo từng đơn vị: để "
                                                 "trống cột đơn vị (số liệu toàn phường), không ghi “Tổ dân phố "
                                                 "số 1 (tên minh họa)”.")]


def test_rejects_a_department_for_a_by_unit_indicator():
    result = check("indicator_code,Mã đơn vị,value\nhealth_insurance_rate,van_phong,92\n")
    assert messages(result) == [(2, "Mã đơn vị", "“Văn phòng – Thống kê” là bộ phận chuyên môn, không phải tổ "
                                                 "dân phố: chỉ tiêu “Tỷ lệ dân số tham gia bảo hiểm y tế” chỉ do "
                                                 "các tổ dân phố báo cáo.")]


def test_rejects_ward_row_and_unit_rows_for_one_indicator():
    result = check("indicator_code,Mã đơn vị,value\nnew_jobs,,30\nnew_jobs,tdp_01,3\nnew_jobs,tdp_02,4\n")
    assert messages(result) == [(2, None, texts.ERR_UPLOAD_UNIT_MIXED.format(
        name="Số người được tạo việc làm mới và tăng việc làm", ward_rows="2", unit_rows="3, 4"))]


def test_rejects_the_same_indicator_and_unit_twice():
    result = check("indicator_code,Mã đơn vị,value\nnew_jobs,tdp_01,3\nnew_jobs,Tổ dân phố số 1,4\n")
    assert messages(result) == [(3, "Mã đơn vị", "Chỉ tiêu “new_jobs” của “Tổ dân phố số 1 (tên minh họa)” xuất "
                                                 "hiện hai lần: dòng 2 và dòng 3. Mỗi tổ chỉ được một dòng cho mỗi "
                                                 "chỉ tiêu; hãy giữ lại một dòng đúng.")]


def test_every_problem_of_a_unit_row_is_listed():
    """An unknown unit does not hide a bad value in the same row."""
    result = check("indicator_code,Mã đơn vị,value\nhealth_insurance_rate,tdp_4,190.5\n")
    assert [(e.row, e.column) for e in result.errors] == [(2, "Mã đơn vị"), (2, "value")]


def test_of_which_compares_with_the_groups_total():
    result = check("indicator_code,Mã đơn vị,value\nnew_jobs,tdp_01,3\nnew_jobs,tdp_02,1\n"
                   "overseas_workers,,5\n")
    assert [(e.row, e.column) for e in result.errors] == [(4, "value")]
    assert "(5 người) lớn hơn chỉ tiêu chứa nó “Số người được tạo việc làm mới và tăng việc làm” (4 người, " \
           "dòng 2)" in result.errors[0].message


def test_unit_name_column_must_agree_with_the_code():
    ok = check("indicator_code,unit_code,unit_name,value\nnew_jobs,tdp_01,Tổ dân phố số 1 (tên minh họa),3\n")
    assert ok.accepted
    bad = check("indicator_code,unit_code,unit_name,value\nnew_jobs,tdp_01,Tổ dân phố số 2,3\n")
    assert messages(bad) == [(2, "unit_name", texts.ERR_UPLOAD_UNIT_NAME_MISMATCH.format(
        code="tdp_01", unit="Tổ dân phố số 1 (tên minh họa)", found="Tổ dân phố số 2"))]


def test_a_broken_units_file_is_said_once(tmp_path, monkeypatch):
    broken = tmp_path / "units.csv"
    broken.write_text("code,name_vi\nu1,Tổ Một\n", encoding="utf-8")
    monkeypatch.setattr(org_units, "units_path", lambda: broken)
    result = check_file("indicator_code,Mã đơn vị,value\nnew_jobs,tdp_01,3\nnew_jobs,tdp_02,3\n".encode(),
                        "a.csv", PERIOD, REAL_CATALOGUE)
    assert [e.message for e in result.errors] == [texts.ERR_UPLOAD_UNITS_UNUSABLE.format(
        msg=f"Danh sách đơn vị báo cáo {broken} thiếu cột bắt buộc: kind")]


def test_hostile_cells_in_the_unit_column_are_plain_text():
    result = check('indicator_code,Mã đơn vị,value\nnew_jobs,"=HYPERLINK(""http://x"")",3\n')
    assert not result.accepted
    assert "=HYPERLINK(\"http://x\")" in result.errors[0].message


# --- lib.cli check --json -----------------------------------------------------------------------

def test_cli_check_json_of_a_per_unit_file(tmp_path):
    path = tmp_path / "so-lieu-theo-to.csv"
    path.write_bytes(PER_UNIT.encode("utf-8"))
    env = {k: v for k, v in os.environ.items() if k not in ("TQT_DATA_DIR", "TQT_TARGETS")}
    env.update(TQT_DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="utf-8")
    done = run_cli(["check", str(path), "--period", PERIOD, "--json"], cwd=REPO, env=env)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["accepted"] is True and result["errors"] == []
    assert result["rows"] == check(PER_UNIT).rows
    assert result["rows"][1] == {"indicator_code": "health_insurance_rate", "unit": "truong_tho_tay_a",
                                 "value": 98.0, "note": "đạt 100% hộ cận nghèo"}
    assert any("(2/12 tổ)" in w for w in result["warnings"])
    text = run_cli(["check", str(path), "--period", PERIOD], cwd=REPO, env=env)
    assert text.stdout.startswith(texts.CLI_CHECK_ACCEPTED.format(n=3))  # indicators, not rows


# --- lib.storage.month_store: the unit column on disk -----------------------------------------------------------

def urow(code, unit, value, note=""):
    row = {"indicator_code": code, "value": value, "note": note}
    return {"indicator_code": code, "unit": unit, "value": value, "note": note} if unit else row


def test_storage_writes_the_unit_column_only_when_needed(tmp_path):
    month_store.write_month(tmp_path, PERIOD, [urow("heo", "", 300)], user="An")
    assert month_store.month_path(tmp_path, PERIOD).read_text(encoding="utf-8") == (
        "period,indicator_code,value,note\n2025-06,heo,300,\n")
    month_store.import_rows(tmp_path, PERIOD, [urow("bhyt", "u1", 90), urow("bhyt", "u2", 98.5, "đợt 2")], user="An")
    assert month_store.month_path(tmp_path, PERIOD).read_text(encoding="utf-8") == (
        "period,indicator_code,unit,value,note\n2025-06,heo,,300,\n2025-06,bhyt,u1,90,\n2025-06,bhyt,u2,98.5,đợt 2\n")
    assert month_store.current_rows(tmp_path, PERIOD) == [urow("heo", "", 300.0), urow("bhyt", "u1", 90.0),
                                                      urow("bhyt", "u2", 98.5, "đợt 2")]


def test_merge_per_indicator_and_unit():
    old = [urow("heo", "", 300), urow("bhyt", "u1", 90), urow("bhyt", "u2", 98), urow("vl", "", 30)]
    # groups report in two uploads: u2 replaced, u3 added, u1 kept
    assert month_store.merge(old, [urow("bhyt", "u2", 97), urow("bhyt", "u3", 95)]) == [
        urow("heo", "", 300.0), urow("bhyt", "u1", 90.0), urow("bhyt", "u2", 97.0), urow("vl", "", 30.0),
        urow("bhyt", "u3", 95.0)]
    # an indicator is the ward's or its groups': the upload's form wins
    assert month_store.merge(old, [urow("bhyt", "", 96), urow("vl", "u1", 4)]) == [
        urow("heo", "", 300.0), urow("bhyt", "", 96.0), urow("vl", "u1", 4.0)]


def test_diff_and_history_per_indicator_and_unit(tmp_path):
    month_store.import_rows(tmp_path, PERIOD, [urow("bhyt", "u1", 90), urow("bhyt", "u2", 98)], user="An")
    entry = month_store.import_rows(tmp_path, PERIOD, [urow("bhyt", "u2", 97.5, "sửa")], user="Bình")
    assert entry["changes"] == [{"indicator_code": "bhyt", "unit": "u2", "old": 98.0, "new": 97.5,
                                 "old_note": "", "new_note": "sửa"}]
    versions = month_store.history(tmp_path, PERIOD)
    assert [v["version"] for v in versions] == [1, 2]
    assert month_store.read_rows(versions[0]["path"]) == [urow("bhyt", "u1", 90.0), urow("bhyt", "u2", 98.0)]


@pytest.mark.parametrize("rows, message", [
    ([urow("bhyt", "u1", 1), urow("bhyt", "u1", 2)], "chỉ tiêu “bhyt” của đơn vị “u1” xuất hiện nhiều lần"),
    ([urow("bhyt", "u1", 1), urow("bhyt", "", 2)], "chỉ tiêu “bhyt” có cả dòng toàn phường và dòng theo đơn vị"),
    ([urow("bhyt", "../x", 1)], texts.ERR_STORAGE_UNIT.format(unit="../x")),
])
def test_storage_refuses_rows_that_cannot_be_one_month(tmp_path, rows, message):
    with pytest.raises(month_store.StorageError) as err:
        month_store.write_month(tmp_path, PERIOD, rows, user="An")
    assert str(err.value) == texts.ERR_STORAGE_ROWS.format(period=PERIOD, msg=message)
    assert not tmp_path.joinpath("actuals").exists()


def test_imported_per_unit_month_reaches_the_gap_table(tmp_path, monkeypatch, small_units, small_catalogue):
    """Upload → storage → Store → analytics: the ward's rate is the population-weighted 96,0%."""
    monkeypatch.setenv("TQT_DATA_DIR", str(small_units.parent))
    result = check_file(b"indicator_code,unit_code,value\nbhyt,u1,90\nbhyt,u2,98\n", "a.csv", PERIOD,
                        small_catalogue, units=org_units.load_units(small_units))
    assert result.accepted, messages(result)
    month_store.import_rows(small_units.parent, PERIOD, result.rows, user="An")
    store = Store(small_catalogue, read_actuals(small_units.parent, small_catalogue),
                  Source(small_units.parent, is_demo=False))
    gaps = formulas.gap_table(store, 2025, 6).set_index("code")
    assert gaps.loc["bhyt", "actual_to_date"] == pytest.approx(96.0)


# --- lib.views.templates: by residential group ---------------------------------------------------------

def test_unit_template_lists_each_group_and_by_unit_indicator():
    # issue 9: Vietnamese headings, “;”, the kind of figure, reference and year-to-date columns
    rows = list(csv.DictReader(io.StringIO(templates.unit_template_csv(REAL_CATALOGUE, REAL_UNITS, PERIOD)
                                           .decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 12 * 8
    assert list(rows[0]) == templates.headings(templates.UNIT_TEMPLATE_COLUMNS)
    assert rows[0] == {"Kỳ báo cáo": "Tháng 6/2025", "Mã tổ dân phố": "tdp_01",
                       "Tên tổ dân phố": "Tổ dân phố số 1 (tên minh họa)",
                       "Mã chỉ tiêu": "poor_households_reduced", "Tên chỉ tiêu": "Số hộ nghèo giảm trong năm",
                       "Đơn vị tính": "hộ", "Loại số liệu": "Số trong tháng", "Tháng đã lưu gần nhất": "",
                       "Số đã lưu của tháng đó": "", "Thực hiện trong tháng": "", "Lũy kế đã lưu đến tháng trước": "",
                       "Lũy kế từ đầu năm": "", "Ghi chú": ""}
    assert {r["Mã tổ dân phố"] for r in rows[-8:]} == {"truong_tho_tay_a"}
    assert rows[-1]["Tên tổ dân phố"] == "Tổ dân phố Trường Thọ Tây A"


def test_unit_template_filled_in_is_accepted(tmp_path):
    wb = openpyxl.load_workbook(io.BytesIO(templates.unit_template_xlsx(REAL_CATALOGUE, REAL_UNITS, PERIOD)))
    ws = wb.active
    assert [c.value for c in ws[1]] == templates.headings(templates.UNIT_TEMPLATE_COLUMNS)  # issue 9
    code_i, value_i = (templates.UNIT_TEMPLATE_COLUMNS.index(c) for c in ("indicator_code", "value"))
    for i, row in enumerate(ws.iter_rows(min_row=2)):
        if row[code_i].value in ("new_jobs", "poor_households_reduced"):
            row[value_i].value = i % 3
        elif row[code_i].value in ("poverty_rate", "near_poor_rate"):
            row[value_i].value = 0.5
        else:
            row[value_i].value = 95.5
    out = io.BytesIO()
    wb.save(out)
    result = check_file(out.getvalue(), "theo-to.xlsx", PERIOD, REAL_CATALOGUE, units=REAL_UNITS)
    assert result.accepted, messages(result)
    assert len(result.rows) == 96 and result.indicator_count == 8
    assert not any("Thiếu số liệu của" in w for w in result.warnings)  # every group reported


def test_cli_template_by_unit(tmp_path):
    out = tmp_path / "mau.csv"
    done = run_cli(["template", PERIOD, "--by-unit", "-o", str(out)], cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == templates.unit_template_csv(REAL_CATALOGUE, REAL_UNITS, PERIOD)


# --- the upload preview: the derived ward value ---------------------------------------------------

def test_preview_table_shows_groups_and_the_derived_ward_value(tmp_path):
    from lib.ui.data import changes_table

    month_store.import_rows(tmp_path, PERIOD, [urow("health_insurance_rate", "tdp_02", 90.0)], user="An")
    result = check(
        "indicator_code,Mã đơn vị,value\n"
        "health_insurance_rate,tdp_01,90\nhealth_insurance_rate,truong_tho_tay_a,98\nstate_revenue,,1250.5\n")
    table = changes_table(result, tmp_path, PERIOD, REAL_CATALOGUE, REAL_UNITS)
    assert list(table.columns) == [texts.COL_NAME, texts.COL_REPORTING_UNIT, texts.COL_UNIT, texts.COL_OLD,
                                   texts.COL_NEW, texts.COL_NOTE]
    shown = table[[texts.COL_REPORTING_UNIT, texts.COL_OLD, texts.COL_NEW]].values.tolist()
    # ward after: tdp_01 812 × 90 + tdp_02 945 × 90 (stored, kept) + Trường Thọ Tây A 1.064 × 98, over 2.821
    after = (812 * 90 + 945 * 90 + 1064 * 98) / (812 + 945 + 1064)
    assert round(after, 1) == 93.0
    assert shown == [
        ["Tổ dân phố số 1 (tên minh họa)", "—", "90"],
        ["Tổ dân phố Trường Thọ Tây A", "—", "98"],
        ["Toàn phường – bình quân theo số nhân khẩu của 3/12 tổ", "90,0", "93,0"],
        ["Toàn phường", "—", "1.250,5"],
    ]


def test_preview_before_is_what_the_dashboard_shows_now(tmp_path):
    """A ward figure stored, groups uploaded: “before” is the stored 92,3; and the reverse, a ward
    figure uploaded over stored groups: “before” is the derived 96,0%."""
    from lib.ui.data import changes_table

    month_store.import_rows(tmp_path, PERIOD, [urow("health_insurance_rate", "", 92.3),
                                           urow("new_jobs", "tdp_01", 3), urow("new_jobs", "tdp_02", 4)], user="An")
    result = check("indicator_code,Mã đơn vị,value\nhealth_insurance_rate,tdp_01,90\nnew_jobs,,8\n")
    table = changes_table(result, tmp_path, PERIOD, REAL_CATALOGUE, REAL_UNITS)
    assert table[[texts.COL_REPORTING_UNIT, texts.COL_OLD, texts.COL_NEW]].values.tolist() == [
        ["Tổ dân phố số 1 (tên minh họa)", "—", "90"],
        ["Toàn phường – bình quân theo số nhân khẩu của 1/12 tổ", "92,3", "90,0"],
        ["Toàn phường", "7", "8"],
    ]


@pytest.mark.browser
def test_preview_in_the_browser_shows_the_derived_ward_value(tmp_path, page, shots):
    """Sidebar → month → a per-unit file → the preview dialog lists the groups and the ward's 96,0%."""
    from tests.support.server import (
        full_screenshot,
        grid_text,
        open_from_sidebar,
        sidebar,
        streamlit_server,
        wait_idle,
        wait_rendered,
    )

    root = tmp_path / "data"
    root.mkdir()
    (root / "units.csv").write_text(
        "code,name_vi,kind,population,households,demo_name\n"
        "tdp_a,Tổ dân phố An Phú,residential_group,1000,300,false\n"
        "tdp_b,Tổ dân phố Bình Yên,residential_group,3000,800,true\n", encoding="utf-8")
    upload_file = tmp_path / "so-lieu-theo-to.csv"
    upload_file.write_bytes(("period;indicator_code;Tổ dân phố;value;note\r\n"
                             f"{PERIOD};health_insurance_rate;tdp_a;90;\r\n"
                             f"{PERIOD};health_insurance_rate;Tổ dân phố Bình Yên;98;vận động hộ cận nghèo\r\n"
                             ).encode("utf-8"))
    with streamlit_server(env={"TQT_DATA_DIR": str(root)}) as url:
        page.goto(url + "/")
        wait_rendered(page, 1, expected_tables=1, table_text=True)
        expander = sidebar(page).locator('[data-testid="stExpander"]', has_text=texts.UPLOAD_TITLE)
        expander.locator("summary").click()
        expander.locator('[data-testid="stFileUploaderDropzone"]').wait_for(state="visible")
        box = expander.locator('[data-testid="stSelectbox"]', has_text=texts.UPLOAD_MONTH)
        box.locator("input").click()
        page.get_by_role("option", name="Tháng 6/2025", exact=True).click()
        wait_idle(page)
        assert expander.get_by_role("button", name=texts.UPLOAD_TEMPLATE_UNITS_XLSX, exact=True).count() == 1
        expander.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(upload_file))
        dialog = page.get_by_role("dialog")
        dialog.get_by_role("button", name=texts.UPLOAD_CONFIRM.format(period="Tháng 6/2025")).wait_for()
        wait_idle(page)
        dialog.locator('[data-testid="stDataFrame"] table tbody tr').first.wait_for(state="attached")
        page.wait_for_timeout(300)
        page.screenshot(path=str(shots / "units-preview.png"))
        shown, table = dialog.inner_text(), grid_text(dialog)
        assert texts.UPLOAD_ACCEPTED.format(n=1) in shown
        assert texts.UPLOAD_ACCEPTED_UNITS.format(k=1, rows=2) in shown
        for expected in ("Tổ dân phố An Phú", "Tổ dân phố Bình Yên (tên minh họa)", "vận động hộ cận nghèo",
                         "Toàn phường – bình quân theo số nhân khẩu của 2/2 tổ%—96,0"):
            assert expected in table, f"{expected!r} not in {table!r}"
        assert "94,0" not in table  # never the plain mean of the two rates
        assert not (root / "actuals").exists()  # nothing written before the confirm

        dialog.get_by_role("button", name=texts.UPLOAD_CONFIRM.format(period="Tháng 6/2025")).click()
        sidebar(page).get_by_text(texts.UPLOAD_SAVED.format(period="Tháng 6/2025", version=1)).wait_for()
        wait_rendered(page, 1, expected_tables=1, table_text=True)
        page.screenshot(path=str(shots / "units-saved-overview.png"))
        overview = grid_text(page.locator('[data-testid="stMain"]'))
        # the ward's figure, derived: 96,0 of 95 = 101,1% of plan (the plain mean, 94, would be 98,9%)
        assert "Tỷ lệ dân số tham gia bảo hiểm y tế%Đạt101,1%95,096,0" in overview
        open_from_sidebar(page, texts.PAGE_DATA, "/data", charts=0, tables=3)  # grid, versions, changes
        history = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').nth(2).locator("table")
        assert "Tổ dân phố Bình Yên (tên minh họa)" in history.text_content()
        assert "1 chỉ tiêu thay đổi" in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary') \
            .first.inner_text()  # one indicator, reported by two groups
        full_screenshot(page, shots / "units-data-page.png", min_height=1000, max_height=4000)
    assert (root / "actuals" / f"{PERIOD}.csv").read_text(encoding="utf-8") == (
        "period,indicator_code,unit,value,note\n"
        "2025-06,health_insurance_rate,tdp_a,90,\n"
        "2025-06,health_insurance_rate,tdp_b,98,vận động hộ cận nghèo\n")


def test_store_names_rates_weighted_by_illustrative_counts(tmp_path):
    # The demo months report the rates per tổ: the ward's figure rests on the illustrative counts.
    demo = open_store(root=REPO / "data" / "demo")
    assert demo.weighted_from_illustrative(2025, 6) == [
        "clean_water_rate", "cultural_families_rate", "health_insurance_rate", "near_poor_rate",
        "poverty_rate", "waste_collection_rate"]
    # Ward-level figures rest on no weights at all.
    (tmp_path / "actuals").mkdir()
    (tmp_path / "actuals" / "2025-01.csv").write_text(
        "period,indicator_code,value,note\n2025-01,health_insurance_rate,91.2,\n", encoding="utf-8")
    ward = open_store(root=tmp_path)
    assert ward.weighted_from_illustrative(2025, 1) == []


def test_pages_say_a_ward_rate_rests_on_illustrative_weights(real_env):
    """Real use with the shipped units.csv: a ward rate derived from groups' figures is weighted
    by the illustrative counts, and the table says so; a ward-level rate says nothing."""
    from tests.support.helpers import assert_clean, open_app

    (real_env / "actuals").mkdir()
    (real_env / "actuals" / "2025-01.csv").write_text(
        "period,indicator_code,unit,value,note\n"
        "2025-01,health_insurance_rate,tdp_01,90,\n2025-01,health_insurance_rate,tdp_02,94,\n"
        "2025-01,state_revenue,,847,\n", encoding="utf-8")
    at = open_app("overview")
    assert_clean(at)
    notes = [c.value for c in at.caption if c.value.startswith("⚠ Tỷ lệ toàn phường")]
    assert notes == [texts.ILLUSTRATIVE_WEIGHTS_NOTE.format(
        rates="Tỷ lệ dân số tham gia bảo hiểm y tế", n=12)]
    assert not [c.value for c in open_app("budget").caption if c.value.startswith("⚠ Tỷ lệ toàn phường")]
    (real_env / "actuals" / "2025-01.csv").write_text(
        "period,indicator_code,value,note\n2025-01,health_insurance_rate,92,\n", encoding="utf-8")
    assert not [c.value for c in open_app("overview").caption if c.value.startswith("⚠ Tỷ lệ toàn phường")]
