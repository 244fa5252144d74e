"""The upload's row rules one at a time (lib/upload/rules.py), and the problems they make."""
from __future__ import annotations

import pytest

from lib.core import texts
from lib.upload import rules
from lib.upload.cells import EMPTY, Cell
from lib.upload.columns import Table
from lib.upload.problems import Findings, fault

TABLE = Table(headings=["Mã chỉ tiêu", "Giá trị", "Ghi chú", "Kỳ"],
              columns={"indicator_code": 0, "value": 1, "note": 2, "period": 3}, is_csv=True, delimiter=",", width=4)
BY_CODE = {"rice_output": {"code": "rice_output", "name_vi": "Sản lượng lúa", "derived": False},
           "food_output": {"code": "food_output", "name_vi": "Sản lượng lương thực", "derived": True}}


def cells(*texts_):
    return [Cell(text=t) for t in texts_]


def test_upload_problems_never_name_their_place_in_the_message():
    """Every upload error, and every warning shown after its place, is written after “Dòng 3, cột …: ”
    (a message naming ``{row}`` itself would be shown without it)."""
    names = [n for n in vars(texts) if n.startswith(("ERR_UPLOAD_", "HINT_UPLOAD_")) and isinstance(getattr(texts, n), str)]
    names += ["WARN_UPLOAD_NOTE_BIDI", "WARN_UPLOAD_FULLWIDTH_DIGITS", "WARN_UPLOAD_VALUE_READ_AS",
              "WARN_UPLOAD_CUMULATIVE_FIRST", "WARN_UPLOAD_CUMULATIVE_USED", "WARN_UPLOAD_CUMULATIVE_UNCHECKED",
              "WARN_UPLOAD_LOOKS_CUMULATIVE"]
    assert len(names) > 100
    assert [n for n in names if "{row" in getattr(texts, n) or "{column" in getattr(texts, n)] == []


def test_fault_writes_bidi_controls_out_and_keeps_the_place():
    p = fault("ERR_UPLOAD_VALUE_TEXT", 3, "Giá trị", found="12\u202e34")
    assert p.code == "ERR_UPLOAD_VALUE_TEXT" and p.params == {"found": "12[U+202E]34"}
    assert str(p) == "Dòng 3, cột “Giá trị”: " + texts.ERR_UPLOAD_VALUE_TEXT.format(found="12[U+202E]34")


def test_split_number_in_a_comma_file():
    found = Findings()
    assert rules.split_number(5, cells("rice_output", "845", "5", ""), TABLE, found)
    assert [(e.code, e.row, e.column, e.params["joined"]) for e in found.errors] == [
        ("ERR_UPLOAD_SPLIT_NUMBER", 5, "Giá trị", "845,5")]
    assert not rules.split_number(5, cells("rice_output", "845", "", ""), TABLE, Findings())


def test_extra_fields_and_too_long_cells():
    found = Findings()
    assert rules.extra_fields(2, cells("rice_output", "1", "", "", "thừa"), 4, TABLE, found)
    assert found.errors[0].code == "ERR_UPLOAD_EXTRA_FIELDS" and found.errors[0].params["extra"] == "thừa"
    found = Findings()
    assert rules.too_long_cells(2, cells("rice_output", "1", "x" * 1001), TABLE, found)
    assert (found.errors[0].row, found.errors[0].column) == (2, "Ghi chú")


def test_skipped_rows():
    found = Findings()
    assert rules.skipped_row(4, cells("", "", "chỉ là ghi chú", ""), TABLE, set(), found)
    assert found.warnings == [texts.WARN_UPLOAD_SKIPPED_ROW.format(row=4, text="chỉ là ghi chú")]
    assert rules.skipped_row(4, cells("rice_output", "", "", ""), TABLE, set(), Findings())
    assert not rules.skipped_row(4, cells("rice_output", "", "chưa có", ""), TABLE, set(), Findings())
    assert not rules.skipped_row(4, cells("rice_output", "1"), TABLE, set(), Findings())


@pytest.mark.parametrize("written, code", [("2025-05", "ERR_UPLOAD_PERIOD_OTHER"), ("15/6/2025", "ERR_UPLOAD_PERIOD_DAY"),
                                           ("tháng sáu", "ERR_UPLOAD_PERIOD_BAD")])
def test_check_period_errors(written, code):
    found, periods = Findings(), rules.RowPeriods()
    rules.check_period(7, Cell(text=written), "Kỳ", "2025-06", periods, found)
    assert [(e.code, e.row, e.column) for e in found.errors] == [(code, 7, "Kỳ")]


def test_check_period_read_as_and_blank_are_warnings():
    found, periods = Findings(), rules.RowPeriods()
    rules.check_period(2, Cell(text="6/2025"), "Kỳ", "2025-06", periods, found)
    rules.check_period(3, EMPTY, "Kỳ", "2025-06", periods, found)
    rules.check_period(4, Cell(text="2025-06"), "Kỳ", "2025-06", periods, found)
    periods.warnings("2025-06", found)
    assert found.errors == [] and len(found.warnings) == 2
    assert found.warnings[0] == texts.WARN_UPLOAD_PERIOD_READ_AS.format(found="6/2025", rows="2", period="2025-06")


def test_check_code():
    found, seen = Findings(), {}
    unit = rules.RowUnit()
    assert rules.check_code(2, cells("rice_output", "1"), TABLE, BY_CODE, seen, unit, found) is BY_CODE["rice_output"]
    assert rules.check_code(3, cells("Rice_Output", "2"), TABLE, BY_CODE, seen, unit, found) is None
    assert rules.check_code(4, cells("rice_ouput", "2"), TABLE, BY_CODE, seen, unit, found) is None
    assert rules.check_code(5, cells("food_output", "2"), TABLE, BY_CODE, seen, unit, found) is None
    assert rules.check_code(6, cells("", "7"), TABLE, BY_CODE, seen, unit, found) is None
    assert [(e.code, e.row) for e in found.errors] == [
        ("ERR_UPLOAD_CODE_DUPLICATE", 3), ("ERR_UPLOAD_CODE_UNKNOWN_SUGGEST", 4), ("ERR_UPLOAD_CODE_DERIVED", 5),
        ("ERR_UPLOAD_CODE_MISSING", 6)]
    assert found.errors[0].params == {"code": "rice_output", "first": 2, "second": 3}
    assert found.errors[1].message == (texts.ERR_UPLOAD_CODE_UNKNOWN.format(code="rice_ouput")
                                       + texts.HINT_UPLOAD_CODE_SUGGEST.format(suggestion="rice_output"))


def test_read_note_removes_bidi_controls_with_a_warning():
    found = Findings()
    assert rules.read_note(2, Cell(text="ước\u202e tính"), TABLE, found) == "ước tính"
    assert found.warnings[0].startswith("Dòng 2, cột “Ghi chú”: ") and "U+202E" in found.warnings[0]
