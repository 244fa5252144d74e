"""Issue 9: no number is stored on a guess. Each hostile cell is a real file checked against the
shipped catalogue (data/targets_2025.csv, with its plausible bounds); each test asserts the value
stored or the exact problem (row, column, message).

* separators: “1.260” / “1,260” in a file whose other numbers use dot decimals;
* percentages written as fractions (0,923 for 92,3%);
* the month's amount or the year-to-date total (“lũy kế”) of a summed indicator, with the months
  stored in the data folder (``stored``);
* digits of other scripts, bidi controls;
* the Vietnamese template (CSV for Vietnamese Excel, xlsx) filled in and read back exactly.
"""
from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
import pytest

from lib.analytics.datastore import DEFAULT_TARGETS, REPO
from lib.core import texts
from lib.readers import org_units as units_mod
from lib.readers.catalogue import load_catalogue
from lib.storage import month_store
from lib.upload import check_file, stored_months
from lib.views import templates

CATALOGUE = load_catalogue(DEFAULT_TARGETS)
UNITS = units_mod.load_units(REPO / "data" / "units.csv")
CUM = texts.TEMPLATE_HEADINGS["cumulative"]


def check(text: str, period: str = "2025-06", stored=None, name: str = "so-lieu.csv", catalogue=CATALOGUE):
    return check_file(text.encode("utf-8"), name, period, catalogue, units=UNITS, stored=stored)


def errors(result) -> list[tuple]:
    return [(e.row, e.column, e.message) for e in result.errors]


def rows(result) -> list[tuple]:
    return [(r["indicator_code"], r.get("unit", ""), r["value"], r["note"]) for r in result.rows]


def has_error(result, row, column, *parts) -> bool:
    return any(e.row == row and e.column == column and all(p in e.message for p in parts) for e in result.errors)


def has_warning(result, *parts) -> bool:
    return any(all(p in w for p in parts) for w in result.warnings)


def frame(*records) -> pd.DataFrame:
    """Stored months: (month, code, value) or (month, code, unit, value), year 2025."""
    out = []
    for r in records:
        month, code, unit, value = r if len(r) == 4 else (r[0], r[1], "", r[2])
        out.append({"year": 2025, "month": month, "code": code, "unit": unit, "value": value})
    return pd.DataFrame(out, columns=["year", "month", "code", "unit", "value"])


# --- separators: “1.260” next to dot decimals --------------------------------------------------

def test_dot_thousands_next_to_dot_decimals_is_refused_with_both_readings():
    """Before: stored as 1,26 triệu đồng, silently."""
    result = check("indicator_code,value\nrice_output,845.5\nstate_revenue,1.260\n")
    assert not result.accepted and result.rows == []
    assert has_error(result, 3, "value", "“1.260” đọc được hai cách: 1260", "hoặc 1,26",
                     "như “845.5” ở dòng 2", "Hãy viết 1260", "hoặc 1.26 nếu là 1,26")


def test_comma_thousands_next_to_dot_decimals_is_refused_with_both_readings():
    """Before: stored as 1260, silently."""
    result = check('indicator_code,value\nrice_output,845.5\nstate_revenue,"1,260"\n')
    assert errors(result)[0][:2] == (3, "value")
    assert has_error(result, 3, "value", "“1,260” đọc được hai cách: 1260 (dấu “,” phân cách hàng nghìn)",
                     "1,26 (dấu “,” là dấu thập phân)")


def test_dot_thousands_kept_with_a_warning_when_the_decimal_is_impossible():
    """Pupils are whole numbers: 1,26 pupils cannot be, so 1.260 is 1260 (said in the preview)."""
    result = check("indicator_code,value\nrice_output,845.5\npupils_primary,1.260\n")
    assert rows(result) == [("rice_output", "", 845.5, ""), ("pupils_primary", "", 1260.0, "")]
    assert has_warning(result, "Dòng 3, cột “value”", "“1.260” được đọc là 1260", "cách đọc còn lại, 1,26")


def test_decimal_kept_with_a_warning_when_the_thousands_reading_is_out_of_bounds():
    """Peanuts: at most 14,5 tấn a month (the catalogue's max), so 1.250 is 1,25 tấn."""
    result = check("indicator_code,value\nrice_output,845.5\npeanut_output,1.250\n")
    assert rows(result)[1] == ("peanut_output", "", 1.25, "")
    assert has_warning(result, "Dòng 3, cột “value”", "được đọc là 1,25", "cách đọc còn lại, 1250",
                       "từ 0 tấn đến 14,5 tấn")


def test_neither_reading_possible_is_refused():
    """Pigs: 3500 is above the herd's bound (3.000), 3,5 pigs is not a count."""
    result = check("indicator_code,value\nrice_output,845.5\npig_herd,3.500\n")
    assert has_error(result, 3, "value", "không thể là 3,5")


def test_vietnamese_file_reads_dot_thousands_as_before():
    result = check("indicator_code;value\nrice_output;845,5\nstate_revenue;1.260\n")
    assert rows(result) == [("rice_output", "", 845.5, ""), ("state_revenue", "", 1260.0, "")]
    assert not has_warning(result, "được đọc là")


# --- percentages written as fractions (the shipped catalogue's bounds) ---------------------------

def test_fraction_for_health_insurance_is_refused_in_a_comma_file():
    """Before: stored as 0,923%."""
    result = check("indicator_code,value\nhealth_insurance_rate,0.923\n")
    assert has_error(result, 2, "value", "0,923% nằm ngoài khoảng cho phép", "(từ 50% đến 100%)",
                     "“0.923” có vẻ là phân số (tức 92,3%): hãy ghi theo phần trăm, tức là 92,3 thay cho 0.923")


def test_fraction_for_health_insurance_is_refused_in_a_semicolon_file():
    result = check("indicator_code;value\nhealth_insurance_rate;0,93\n")
    assert has_error(result, 2, "value", "0,93% nằm ngoài", "“0,93” có vẻ là phân số (tức 93%)", "tức là 93 thay cho 0,93")


@pytest.mark.parametrize("code", [r["code"] for r in CATALOGUE.indicators.to_dict("records")
                                  if r["unit"] == "%" and float(r["min"]) >= 50])
def test_every_coverage_rate_of_the_catalogue_refuses_a_fraction(code):
    result = check(f"indicator_code;value\n{code};0,95\n")
    assert has_error(result, 2, "value", "có vẻ là phân số (tức 95%)", "từ ")


def test_one_written_for_a_full_coverage_is_refused():
    result = check("indicator_code;value\nclean_water_rate;1\n")
    assert has_error(result, 2, "value", "1% nằm ngoài", "tức là 100 thay cho 1")


def test_fraction_refused_with_both_readings_when_both_are_within_bounds():
    """Military recruitment may be 0% in January (min 0), so 0,923 could be 0,923% or 92,3%."""
    result = check("indicator_code;value\nmilitary_recruitment;0,923\n")
    assert has_error(result, 2, "value", "“0,923” đọc được hai cách: 0,923% hay 92,3%", "từ 0% đến 100%",
                     "hãy ghi 92,3", "“0,923%”")


def test_percent_sign_makes_a_small_rate_certain():
    result = check("indicator_code;value\nmilitary_recruitment;0,923%\n")
    assert rows(result) == [("military_recruitment", "", 0.923, "")]


def test_small_rates_whose_plan_is_small_are_not_fractions():
    result = check("indicator_code;value\npoverty_rate;0,17\nnear_poor_rate;0,9\nmalnutrition_stunting;0,5\n")
    assert [r[2] for r in rows(result)] == [0.17, 0.9, 0.5]


def test_excel_number_cell_with_a_fraction_is_refused():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Mã chỉ tiêu", "Thực hiện trong tháng"])
    ws.append(["waste_collection_rate", 0.97])
    out = io.BytesIO()
    wb.save(out)
    result = check_file(out.getvalue(), "t.xlsx", "2025-06", CATALOGUE)
    assert has_error(result, 2, "Thực hiện trong tháng", "0,97% nằm ngoài", "tức 97%")


# --- digits of other scripts, bidi controls -----------------------------------------------------

def test_fullwidth_digits_are_read_with_a_warning():
    """Before: stored as 1260 without comment."""
    result = check("indicator_code;value\nstate_revenue;１２６０\n")
    assert rows(result) == [("state_revenue", "", 1260.0, "")]
    assert has_warning(result, "Dòng 2, cột “value”", "“１２６０” viết bằng chữ số toàn chiều rộng", "đọc là 1260")


def test_fullwidth_decimal_comma_is_read_with_a_warning():
    result = check("indicator_code;value\nrice_output;８４５，５\n")
    assert rows(result) == [("rice_output", "", 845.5, "")]
    assert has_warning(result, "Dòng 2, cột “value”", "đọc là 845,5")


def test_arabic_indic_digits_are_refused():
    result = check("indicator_code;value\nstate_revenue;١٢٦٠\n")
    assert has_error(result, 2, "value", "“١٢٦٠” có chữ số không phải chữ số 0–9", "١ U+0661", "đọc được là 1260",
                     "gõ lại số bằng chữ số 0–9")


def test_persian_digits_are_refused():
    result = check("indicator_code;value\nnew_jobs;۱۲\n")
    assert has_error(result, 2, "value", "۱ U+06F1", "đọc được là 12")


def test_mixed_script_digits_are_refused():
    result = check("indicator_code;value\nstate_revenue;1२6０\n")
    assert has_error(result, 2, "value", "“1२6０”", "२ U+0968", "đọc được là 1260")


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200f", "\u061c"])
def test_bidi_controls_in_a_note_are_removed_with_a_warning(control):
    result = check(f"indicator_code;value;note\nstate_revenue;1260;Thu {control}thuế đất\n")
    assert rows(result) == [("state_revenue", "", 1260.0, "Thu thuế đất")]
    assert has_warning(result, "Dòng 2, cột “note”", f"U+{ord(control):04X}", "đã được bỏ đi")
    assert all(control not in w for w in result.warnings)


def test_bidi_control_in_a_value_is_refused():
    """“\u202e0621” shows as 1260 on screen but reads as 621."""
    result = check("indicator_code;value\nstate_revenue;\u202e0621\n")
    assert has_error(result, 2, "value", "ký tự điều khiển hướng chữ (U+202E)")
    assert all("\u202e" not in e.message for e in result.errors)


def test_bidi_controls_in_an_excel_note_are_removed():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["indicator_code", "value", "note"])
    ws.append(["rice_output", 845.5, "\u2067ước tính\u2069"])
    out = io.BytesIO()
    wb.save(out)
    result = check_file(out.getvalue(), "t.xlsx", "2025-06", CATALOGUE)
    assert result.rows == [{"indicator_code": "rice_output", "value": 845.5, "note": "ước tính"}]


# --- the month's amount or the year-to-date total -----------------------------------------------

STORED = frame((1, "state_revenue", 800), (2, "state_revenue", 650.5), (1, "vegetable_area", 0.1),
               (2, "vegetable_area", 0.2), (1, "rice_output", 0), (2, "rice_output", 0))


def test_cumulative_becomes_the_month_amount():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;;2.000,5\n", "2025-03", STORED)
    assert rows(result) == [("state_revenue", "", 550.0, "")]
    assert has_warning(result, f"Dòng 2, cột “{CUM}”", "lũy kế 2.000,5 triệu đồng − đã lưu tháng 1, 2/2025",
                       "(1.450,5 triệu đồng) = 550 triệu đồng")
    assert result.year_to_date == {("state_revenue", ""): 2000.5}


def test_cumulative_of_decimals_is_exact():
    result = check(f"indicator_code;value;{CUM}\nvegetable_area;;0,6\n", "2025-03", STORED)
    assert rows(result) == [("vegetable_area", "", 0.3, "")]  # not 0.29999999999999993


def test_cumulative_in_january_is_the_month():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;;800\n", "2025-01", None)
    assert rows(result) == [("state_revenue", "", 800.0, "")]
    assert has_warning(result, "lũy kế tháng 1 chính là số của tháng")


def test_cumulative_with_an_earlier_month_missing_is_refused():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;;2.000,5\n", "2025-04", STORED)
    assert errors(result) == [(2, CUM, texts.ERR_UPLOAD_CUMULATIVE_MISSING.format(
        cum="2.000,5 triệu đồng", label="Tháng 4/2025", name="Tổng thu ngân sách nhà nước trên địa bàn", unit="",
        months="tháng 3/2025", value_column="value"))]


def test_cumulative_without_any_stored_month_is_refused():
    result = check(f"indicator_code;value;{CUM}\nnew_jobs;;40\n", "2025-06", None)
    assert has_error(result, 2, CUM, "chưa lưu số liệu tháng 1–5/2025")


def test_cumulative_below_the_stored_months_is_refused():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;;1.000,5\n", "2025-03", STORED)
    assert has_error(result, 2, CUM, "nhỏ hơn tổng đã lưu tháng 1, 2/2025 (1.450,5 triệu đồng)", "(-450 triệu đồng)")


def test_cumulative_for_a_level_is_refused():
    result = check(f"indicator_code;value;{CUM}\nhealth_insurance_rate;;92\n", "2025-03", STORED)
    assert has_error(result, 2, CUM, "là mức cuối tháng, không cộng dồn", "vào cột “value”")


def test_cumulative_giving_a_month_out_of_bounds_is_refused():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;;20000\n", "2025-03", STORED)
    assert has_error(result, 2, CUM, "Số trong tháng tính từ lũy kế: 20.000 triệu đồng − 1.450,5 triệu đồng",
                     "= 18.549,5 triệu đồng", "từ 0 triệu đồng đến 13.345 triệu đồng")


def test_cumulative_of_people_must_be_whole():
    result = check(f"indicator_code;value;{CUM}\nnew_jobs;;12,5\n", "2025-01")
    assert has_error(result, 2, CUM, "không thể là 12,5")


def test_both_columns_that_agree_are_accepted():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;550;2.000,5\n", "2025-03", STORED)
    assert rows(result) == [("state_revenue", "", 550.0, "")]
    assert result.warnings == [] or not has_warning(result, "lũy kế từ đầu năm?")


def test_both_columns_that_disagree_are_refused():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;549;2.000,5\n", "2025-03", STORED)
    assert has_error(result, 2, CUM, "Lũy kế 2.000,5 triệu đồng không khớp với số trong tháng 549 triệu đồng",
                     "cộng 549 triệu đồng được 1.999,5 triệu đồng")


def test_both_columns_without_the_earlier_months_keep_the_month_with_a_warning():
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;550;2.000,5\n", "2025-05", STORED)
    assert rows(result) == [("state_revenue", "", 550.0, "")]
    assert has_warning(result, f"Dòng 2, cột “{CUM}”", "chưa lưu số liệu tháng 3, 4/2025", "không đối chiếu được")


def test_month_figure_that_looks_like_a_running_total_is_flagged():
    """1.500 in March after 800 + 650,5: more than the two months together."""
    result = check("indicator_code;value\nstate_revenue;1500\n", "2025-03", STORED)
    assert rows(result) == [("state_revenue", "", 1500.0, "")]
    assert has_warning(result, "Dòng 2, cột “value”", "1.500 triệu đồng của Tháng 3/2025 không nhỏ hơn tổng đã lưu",
                       "(1.450,5 triệu đồng)", "Có phải đây là số lũy kế từ đầu năm?", f"“{CUM}”")


def test_ordinary_month_figure_is_not_flagged():
    result = check("indicator_code;value\nstate_revenue;700\nrice_output;300\n", "2025-03", STORED)
    assert rows(result) == [("state_revenue", "", 700.0, ""), ("rice_output", "", 300.0, "")]
    assert not has_warning(result, "lũy kế từ đầu năm?")  # rice: nothing harvested before, no flag


def test_cumulative_of_a_residential_group():
    stored = frame((1, "new_jobs", "tdp_01", 3), (2, "new_jobs", "tdp_01", 4), (1, "new_jobs", "tdp_02", 5))
    result = check(f"indicator_code;Mã tổ dân phố;value;{CUM}\nnew_jobs;tdp_01;;10\n", "2025-03", stored)
    assert rows(result) == [("new_jobs", "tdp_01", 3.0, "")]
    bad = check(f"indicator_code;Mã tổ dân phố;value;{CUM}\nnew_jobs;tdp_02;;10\n", "2025-03", stored)
    assert has_error(bad, 2, CUM, "(Tổ dân phố số 2 (tên minh họa))", "chưa lưu số liệu tháng 2/2025")


def test_ward_cumulative_counts_months_stored_by_group():
    stored = frame((1, "new_jobs", "tdp_01", 3), (1, "new_jobs", "tdp_02", 5), (2, "new_jobs", 10))
    result = check(f"indicator_code;value;{CUM}\nnew_jobs;;30\n", "2025-03", stored)
    assert rows(result) == [("new_jobs", "", 12.0, "")]  # 30 − (3 + 5) − 10


def test_english_cumulative_heading_and_stored_months_from_the_data_folder(tmp_path):
    month_store.import_rows(tmp_path, "2025-01", [{"indicator_code": "state_revenue", "value": 800.0, "note": ""}], user="An")
    month_store.import_rows(tmp_path, "2025-02", [{"indicator_code": "state_revenue", "value": 650.5, "note": ""}], user="An")
    month_store.import_rows(tmp_path, "2025-04", [{"indicator_code": "state_revenue", "value": 1.0, "note": ""}], user="An")
    stored = stored_months(tmp_path, "2025-03")
    assert sorted(stored["month"]) == [1, 2]  # months from March on are not “earlier”
    result = check("indicator_code,value,cumulative\nstate_revenue,,2000.5\n", "2025-03", stored)
    assert rows(result) == [("state_revenue", "", 550.0, "")]


# --- the Vietnamese template, filled in and read back --------------------------------------------

def _stored_folder(tmp_path):
    month_store.import_rows(tmp_path, "2025-01", [{"indicator_code": "state_revenue", "value": 800.0, "note": ""},
                                              {"indicator_code": "pig_herd", "value": 305.0, "note": ""}], user="An")
    month_store.import_rows(tmp_path, "2025-02", [{"indicator_code": "state_revenue", "value": 650.5, "note": ""},
                                              {"indicator_code": "poverty_rate", "value": 0.35, "note": ""}], user="An")
    return stored_months(tmp_path, "2025-03")


def test_csv_template_is_for_vietnamese_excel_and_shows_the_stored_figures(tmp_path):
    stored = _stored_folder(tmp_path)
    content = templates.template_csv(CATALOGUE, "2025-03", stored)
    assert content.startswith(b"\xef\xbb\xbf") and not content[3:].startswith(b"sep=")
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(texts.TEMPLATE_HEADINGS[c] for c in templates.TEMPLATE_COLUMNS)
    by_code = {r["Mã chỉ tiêu"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    revenue, pigs, poverty = by_code["state_revenue"], by_code["pig_herd"], by_code["poverty_rate"]
    assert (revenue["Loại số liệu"], revenue["Tháng đã lưu gần nhất"], revenue["Số đã lưu của tháng đó"],
            revenue["Lũy kế đã lưu đến tháng trước"]) == ("Số trong tháng", "Tháng 2/2025", "650,5", "1.450,5")
    assert (pigs["Loại số liệu"], pigs["Tháng đã lưu gần nhất"], pigs["Số đã lưu của tháng đó"]) == \
        ("Mức cuối tháng", "Tháng 1/2025", "305")  # February not reported: January's level, said so
    assert poverty["Số đã lưu của tháng đó"] == "0,35"  # decimal comma
    assert by_code["defence_strong"]["Loại số liệu"] == "1 = đạt, 0 = chưa đạt"
    assert by_code["rice_output"]["Lũy kế đã lưu đến tháng trước"] == ""  # months 1–2 not stored


def _fill_csv(content: bytes, values: dict[str, tuple[str, str]]) -> bytes:
    """Fill (month's amount, year-to-date) per code, as Excel would save it (same delimiter)."""
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    head = table[0]
    for row in table[1:]:
        if row[1] in values:
            row[head.index("Thực hiện trong tháng")], row[head.index(CUM)] = values[row[1]]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(table)
    return out.getvalue().encode("utf-8-sig")


def test_csv_template_round_trip_stores_exactly(tmp_path):
    stored = _stored_folder(tmp_path)
    filled = _fill_csv(templates.template_csv(CATALOGUE, "2025-03", stored), {
        "state_revenue": ("", "2.000,5"), "pig_herd": ("310", ""), "health_insurance_rate": ("92,3", ""),
        "poverty_rate": ("0,31", ""), "defence_strong": ("1", "")})
    result = check_file(filled, "mau-so-lieu-2025-03.csv", "2025-03", CATALOGUE, stored=stored)
    assert result.accepted, errors(result)
    assert rows(result) == [("pig_herd", "", 310.0, ""), ("state_revenue", "", 550.0, ""),
                            ("poverty_rate", "", 0.31, ""), ("health_insurance_rate", "", 92.3, ""),
                            ("defence_strong", "", 1.0, "")]
    assert not has_warning(result, "Kỳ “")  # “Tháng 3/2025” is the template's own way of writing it
    month_store.import_rows(tmp_path, "2025-03", result.rows, user="An")
    assert month_store.current_rows(tmp_path, "2025-03")[1] == {"indicator_code": "state_revenue", "value": 550.0,
                                                            "note": ""}


def test_xlsx_template_round_trip_stores_exactly(tmp_path):
    stored = _stored_folder(tmp_path)
    wb = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(CATALOGUE, "2025-03", stored)))
    ws = wb.active
    assert ws.title == "Số liệu tháng 3-2025"
    cols = {c: templates.TEMPLATE_COLUMNS.index(c) for c in templates.TEMPLATE_COLUMNS}
    for row in ws.iter_rows(min_row=2):
        code = row[cols["indicator_code"]].value
        if code == "state_revenue":
            assert row[cols["ref_cumulative"]].value == 1450.5 and row[cols["ref_value"]].value == 650.5
            row[cols["cumulative"]].value = 2000.5
        elif code == "new_jobs":
            row[cols["value"]].value = 25
            row[cols["cumulative"]].value = 25  # January and February stored nothing: cannot be checked
        elif code == "graduation_rate":
            row[cols["value"]].value = 98.5
    out = io.BytesIO()
    wb.save(out)
    result = check_file(out.getvalue(), "mau.xlsx", "2025-03", CATALOGUE, stored=stored)
    assert result.accepted, errors(result)
    assert rows(result) == [("state_revenue", "", 550.0, ""), ("graduation_rate", "", 98.5, ""),
                            ("new_jobs", "", 25.0, "")]
    assert has_warning(result, "không đối chiếu được lũy kế 25 người")


def test_unit_template_round_trip_with_a_cumulative(tmp_path):
    month_store.import_rows(tmp_path, "2025-01", [{"indicator_code": "new_jobs", "unit": "tdp_01", "value": 3.0, "note": ""}],
                        user="An")
    stored = stored_months(tmp_path, "2025-02")
    content = templates.unit_template_csv(CATALOGUE, UNITS, "2025-02", stored)
    table = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    head = table[0]
    for row in table[1:]:
        if row[head.index("Mã tổ dân phố")] == "tdp_01" and row[head.index("Mã chỉ tiêu")] == "new_jobs":
            assert row[head.index("Lũy kế đã lưu đến tháng trước")] == "3"
            row[head.index(CUM)] = "10"
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(table)
    result = check_file(out.getvalue().encode("utf-8-sig"), "theo-to.csv", "2025-02", CATALOGUE, units=UNITS,
                        stored=stored)
    assert result.accepted, errors(result)
    assert result.rows == [{"indicator_code": "new_jobs", "unit": "tdp_01", "value": 7.0, "note": ""}]


def test_templates_stay_formula_injection_safe(tmp_path, write_targets, ind):
    path = write_targets(tmp_path / "t.csv", [
        ind("evil", name_vi="=HYPERLINK(\"http://x\",\"bấm\")", unit="‰", target=8, aggregation="last",
            min=-20, max=30),
        ind("plain", name_vi="@SUM(A1)", target=10)])
    catalogue = load_catalogue(path)
    stored = frame((5, "evil", -3.5))
    text = templates.template_csv(catalogue, "2025-06", stored).decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    risky = [c for c in cells if c[:1] in ("=", "+", "-", "@")]
    assert risky == ["-3,5"]  # a plain number, not a formula
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text
    wb = openpyxl.load_workbook(io.BytesIO(templates.template_xlsx(catalogue, "2025-06", stored)))
    values = [c for row in wb.active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in values)
    assert [c.value for c in values if isinstance(c.value, str) and c.value.startswith("'")] == \
        ["'=HYPERLINK(\"http://x\",\"bấm\")", "'@SUM(A1)"]


@pytest.mark.parametrize("period, title", [("2025-07", "Số liệu tháng 7-2025"), ("2025-12", "Số liệu tháng 12-2025")])
def test_sheet_names_have_diacritics_and_no_forbidden_character(period, title):
    assert templates.sheet_title(period) == title
    assert templates.sheet_title(period, by_unit=True) == f"Theo tổ tháng {int(period[5:])}-2025"
    for name in (templates.sheet_title(period), templates.sheet_title(period, True)):
        assert len(name) <= 31 and not set(name) & set('/\\?*[]:')


def test_old_english_template_headings_still_read():
    result = check("period,indicator_code,name_vi,unit,value,note\n2025-06,rice_output,Sản lượng lúa,tấn,845,\n")
    assert rows(result) == [("rice_output", "", 845.0, "")]


def test_preview_shows_the_year_to_date(tmp_path):
    from lib.ui.data import changes_table

    stored = _stored_folder(tmp_path)
    result = check(f"indicator_code;value;{CUM}\nstate_revenue;;2.000,5\npig_herd;310;\n", "2025-03", stored)
    table = changes_table(result, tmp_path, "2025-03", CATALOGUE)
    assert list(table.columns) == [texts.COL_NAME, texts.COL_UNIT, texts.COL_OLD, texts.COL_NEW,
                                   texts.COL_YEAR_TO_DATE, texts.COL_NOTE]
    assert table[[texts.COL_NEW, texts.COL_YEAR_TO_DATE]].values.tolist() == [["550", "2.000,5"], ["310", "—"]]
