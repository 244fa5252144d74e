"""lib.readers.catalogue: the shipped targets file as the plan writes it, and the checks on bad files."""
from __future__ import annotations

import unicodedata

import pytest

from lib.analytics.datastore import DEFAULT_TARGETS
from lib.core import texts
from lib.readers.catalogue import CatalogueError, bounds, load_catalogue

# code → target, exactly as the 2025 plan writes it
PLAN_TARGETS = {
    "food_output": 1260,
    "rice_output": 1150,
    "maize_output": 110,
    "vegetable_area": 100,
    "vegetable_output": 665,
    "peanut_output": 14.5,
    "bean_output": 9.6,
    "buffalo_herd": 60,
    "cattle_herd": 484,
    "pig_herd": 300,
    "state_revenue": 13345,
    "local_revenue": 12663,
    "local_spending": 12663,
    "pupils_total": 3784,
    "pupils_preschool": 370,
    "pupils_primary": 1855,
    "pupils_secondary": 1559,
    "graduation_rate": 99,
    "natural_growth_rate": 8,
    "malnutrition_underweight": 5,
    "malnutrition_stunting": 6.1,
    "poor_households_reduced": 1,
    "poverty_rate": 0.17,
    "near_poor_rate": 1.59,
    "new_jobs": 330,
    "overseas_workers": 6,
    "health_insurance_rate": 95,
    "cultural_families_rate": 96,
    "cultural_units_rate": 100,
    "waste_collection_rate": 98,
    "clean_water_rate": 100,
    "military_recruitment": 100,
    "defence_strong": 1,
    "security_safe": 1,
}
AT_MOST = {"natural_growth_rate", "malnutrition_underweight", "malnutrition_stunting",
           "poverty_rate", "near_poor_rate"}
SECTOR_CODES = {
    "agriculture": ["food_output", "rice_output", "maize_output", "vegetable_area",
                    "vegetable_output", "peanut_output", "bean_output", "buffalo_herd",
                    "cattle_herd", "pig_herd"],
    "budget": ["state_revenue", "local_revenue", "local_spending"],
    "security": ["military_recruitment", "defence_strong", "security_safe"],
}
VIETNAMESE_LETTERS = set("àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ")


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue(DEFAULT_TARGETS)


@pytest.fixture(scope="module")
def table(shipped):
    return shipped.indicators.set_index("code")


# --------------------------------------------------------------------------------------------
# The shipped targets file
# --------------------------------------------------------------------------------------------

def test_thirty_four_indicators(shipped):
    assert len(shipped.indicators) == 34
    assert len(set(shipped.codes())) == 34
    assert set(shipped.codes()) == set(PLAN_TARGETS)


@pytest.mark.parametrize("code,target", sorted(PLAN_TARGETS.items()))
def test_plan_target(table, code, target):
    assert table.loc[code, "target"] == pytest.approx(target, abs=1e-12)


def test_directions(table):
    assert set(table.index[table["direction"] == "at_most"]) == AT_MOST
    assert set(table.loc[table["direction"] != "at_most", "direction"]) == {"at_least"}


def test_units(table):
    assert table.loc["natural_growth_rate", "unit"] == "‰"
    for code in ["malnutrition_underweight", "malnutrition_stunting", "poverty_rate",
                 "near_poor_rate", "graduation_rate", "health_insurance_rate",
                 "cultural_families_rate", "cultural_units_rate", "waste_collection_rate",
                 "clean_water_rate", "military_recruitment"]:
        assert table.loc[code, "unit"] == "%", code
    for code in ["food_output", "rice_output", "maize_output", "vegetable_output",
                 "peanut_output", "bean_output"]:
        assert table.loc[code, "unit"] == "tấn", code
    assert table.loc["vegetable_area", "unit"] == "ha"
    for code in ["state_revenue", "local_revenue", "local_spending"]:
        assert table.loc[code, "unit"] == "triệu đồng", code
    for code in ["defence_strong", "security_safe"]:
        row = table.loc[code]
        assert row["unit"] == "đạt"
        assert bool(row["integer"]) is True
        assert row["target"] == 1
        assert bounds(row.to_dict()) == (0.0, 1.0)


def test_of_which(table):
    assert table.loc["overseas_workers", "parent"] == "new_jobs"
    assert table.loc["overseas_workers", "relation"] == "of_which"


def test_sectors(shipped, table):
    assert set(table["sector"]) == set(texts.SECTORS)
    for sector, codes in SECTOR_CODES.items():
        assert table.index[table["sector"] == sector].tolist() == codes
    society = table.index[table["sector"] == "society"].tolist()
    assert len(society) == 18
    assert society[0] == "pupils_total"
    assert society[-1] == "clean_water_rate"


def test_names_are_nfc_vietnamese(shipped, table):
    for code, name in table["name_vi"].items():
        assert name == unicodedata.normalize("NFC", name), code
        assert name == name.strip() and name, code
        assert set(name.lower()) & VIETNAMESE_LETTERS, f"{code}: {name!r} has no diacritics"
    assert table.loc["rice_output", "name_vi"] == "Sản lượng lúa"
    assert table.loc["pig_herd", "name_vi"] == "Đàn heo"
    assert table.loc["food_output", "name_vi"] == "Tổng sản lượng lương thực"
    assert "An toàn về an ninh trật tự" in table.loc["security_safe", "name_vi"]


def test_raw_file_is_nfc_utf8():
    raw = DEFAULT_TARGETS.read_bytes()
    text = raw.decode("utf-8")
    assert text == unicodedata.normalize("NFC", text)


def test_derived_codes(shipped, table):
    assert shipped.derived_codes() == {"food_output", "pupils_total"}
    assert table.index[table["parent"] == "food_output"].tolist() == ["rice_output", "maize_output"]
    assert table.index[table["parent"] == "pupils_total"].tolist() == [
        "pupils_preschool", "pupils_primary", "pupils_secondary"]
    # the plan's totals are the sums of their parts
    assert PLAN_TARGETS["rice_output"] + PLAN_TARGETS["maize_output"] == PLAN_TARGETS["food_output"]
    assert (PLAN_TARGETS["pupils_preschool"] + PLAN_TARGETS["pupils_primary"]
            + PLAN_TARGETS["pupils_secondary"]) == PLAN_TARGETS["pupils_total"]


def test_profile_shares(shipped, table):
    shares = shipped.shares
    summed = set(table.index[(table["aggregation"] == "sum") & ~table["derived"]])
    # one share per month for every summed, non-derived indicator
    assert set(shares["code"]) == summed
    for code, group in shares.groupby("code"):
        assert sorted(group["month"]) == list(range(1, 13)), code
        assert (group["share"] >= 0).all(), code
        assert group["share"].sum() == pytest.approx(1.0, abs=1e-12), code
    # no profile → 1/12 a month
    local = shares[shares["code"] == "local_revenue"]["share"]
    assert local.tolist() == [pytest.approx(1 / 12)] * 12
    # rice: 0 0 0 20 35 0 0 20 25 0 0 0 %
    rice = shares[shares["code"] == "rice_output"].sort_values("month")["share"].tolist()
    assert rice == [pytest.approx(v) for v in [0, 0, 0, .2, .35, 0, 0, .2, .25, 0, 0, 0]]


def test_get_is_case_insensitive(shipped):
    assert shipped.get("RICE_OUTPUT")["target"] == 1150
    with pytest.raises(KeyError):
        shipped.get("nope")


# --------------------------------------------------------------------------------------------
# Validation of bad files
# --------------------------------------------------------------------------------------------

def good(code="rice", **fields):
    row = {"code": code, "sector": "agriculture", "name_vi": "Sản lượng lúa", "unit": "tấn",
           "target": 1150, "direction": "at_least", "aggregation": "sum"}
    row.update(fields)
    return row


def row_error(row: int, col: str) -> str:
    """The start of the Vietnamese message for a row/column problem."""
    return texts.ERR_TARGETS_ROW.format(row=row, col=col, msg="")


def errors_of(path) -> list[str]:
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    assert info.value.messages
    assert str(info.value) == "\n".join(info.value.messages)
    return info.value.messages


def single_error(path, row: int, col: str) -> str:
    messages = errors_of(path)
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith(row_error(row, col)), message
    assert f"dòng {row}" in message and f"cột “{col}”" in message
    return message


def test_good_file_loads(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv", [good(), good("maize", target=110)])
    cat = load_catalogue(path)
    assert cat.codes() == ["rice", "maize"]


def test_bad_code_characters(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv", [good(), good("lúa-2")])
    message = single_error(path, 3, "code")
    assert "mã chỉ được gồm" in message


def test_unknown_sector(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv", [good(sector="economy")])
    message = single_error(path, 2, "sector")
    assert "agriculture" in message


def test_decimal_comma_target(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv", [good(), good("peanut", target="14,5")])
    message = single_error(path, 3, "target")
    assert "“14,5”" in message
    assert "không phải một số" in message
    assert "14.5" in message  # tells the user to use a decimal point


def test_duplicate_code(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv", [good(), good("maize"), good("RICE")])
    message = single_error(path, 4, "code")
    assert "“rice”" in message
    assert "trùng với dòng 2" in message


def test_unknown_parent(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv",
                         [good(), good("maize", target=110, parent="food", relation="component")])
    message = single_error(path, 3, "parent")
    assert "“food”" in message


def test_parts_do_not_add_up(tmp_path, write_targets):
    rows = [good("food", target=1300),
            good("rice", target=1150, parent="food", relation="component"),
            good("maize", target=110, parent="food", relation="component")]
    path = write_targets(tmp_path / "t.csv", rows)
    message = single_error(path, 2, "target")
    assert "1300" in message and "1260" in message


def test_parts_adding_up_is_fine(tmp_path, write_targets):
    rows = [good("food", target=1260),
            good("rice", target=1150, parent="food", relation="component"),
            good("maize", target=110, parent="food", relation="component")]
    cat = load_catalogue(write_targets(tmp_path / "t.csv", rows))
    assert cat.derived_codes() == {"food"}


def test_profile_not_summing_to_100(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv",
                         [good(profile=[0, 0, 0, 20, 35, 0, 0, 20, 20, 0, 0, 0])])  # 95 %
    message = single_error(path, 2, "profile")
    assert "100" in message


def test_profile_wrong_length(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv", [good(profile=[50, 50])])
    single_error(path, 2, "profile")


def test_missing_required_column(tmp_path, write_targets):
    columns = ["code", "sector", "name_vi", "target", "direction", "aggregation"]  # no unit
    path = write_targets(tmp_path / "t.csv", [good()], columns=columns)
    messages = errors_of(path)
    assert messages == [texts.ERR_TARGETS_COLUMNS.format(cols="unit")]
    assert "thiếu cột bắt buộc: unit" in messages[0]


def test_missing_file(tmp_path):
    messages = errors_of(tmp_path / "absent.csv")
    assert messages == [texts.ERR_TARGETS_MISSING.format(path=tmp_path / "absent.csv")]


def test_every_problem_reported(tmp_path, write_targets):
    rows = [good(), good("bad code"), good("x", sector="economy"), good("y", target="abc")]
    messages = errors_of(write_targets(tmp_path / "t.csv", rows))
    starts = [row_error(3, "code"), row_error(4, "sector"), row_error(5, "target")]
    assert len(messages) == 3
    for start in starts:
        assert any(m.startswith(start) for m in messages), (start, messages)


# --- assessed: the month an indicator is judged in (issue 9) -----------------------------------

def test_shipped_assessed_months_follow_the_plan(table):
    # “đầu năm học” → September; graduation → June; recruitment season → February; “cuối năm” → 12
    assessed = table["assessed"].dropna().astype(int).to_dict()
    assert assessed == {"pupils_total": 9, "pupils_preschool": 9, "pupils_primary": 9, "pupils_secondary": 9,
                        "graduation_rate": 6, "poor_households_reduced": 12, "poverty_rate": 12,
                        "near_poor_rate": 12, "military_recruitment": 2}
    assert table["assessed"].isna().sum() == 34 - 9  # empty: judged every month


def test_assessed_empty_and_months(tmp_path, write_targets):
    path = write_targets(tmp_path / "t.csv", [good(), good("a", assessed=1), good("b", assessed=12),
                                               good("c", assessed=" 9 ")])
    got = load_catalogue(path).indicators.set_index("code")["assessed"]
    assert got.isna()["rice"] and got[["a", "b", "c"]].tolist() == [1, 12, 9]


@pytest.mark.parametrize("value", ["0", "13", "9.5", "tháng 9", "-1", "09x"])
def test_assessed_not_a_month(tmp_path, write_targets, value):
    path = write_targets(tmp_path / "t.csv", [good(assessed=value)])
    message = single_error(path, 2, "assessed")
    assert f"“{value}” không phải một tháng" in message and "từ 1 đến 12" in message


def test_assessed_parts_follow_their_total(tmp_path, write_targets):
    lvl = dict(unit="học sinh", aggregation="last", integer=True)
    path = write_targets(tmp_path / "t.csv", [
        good("pupils", target=300, assessed=9, **lvl),
        good("p1", target=100, parent="pupils", relation="component", assessed=9, **lvl),
        good("p2", target=200, parent="pupils", relation="component", **lvl)])
    message = single_error(path, 4, "assessed")
    assert "cùng kỳ đánh giá" in message
