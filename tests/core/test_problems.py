"""lib.core.problems, normalise and periods: the pieces every reader and the upload share."""
from __future__ import annotations

import json

import pytest

from lib.core import normalise, periods, problems, texts
from lib.core.problems import Problem, ProblemsError, problem


def test_a_problem_is_its_texts_message_with_the_place():
    p = problem("PROBLEM_AT_ROW", 7, message="giá trị trống")
    assert p.message == "Dòng 7: giá trị trống"          # the template names {row} itself
    assert str(p) == "Dòng 7: giá trị trống"             # so the place is not written twice
    q = Problem("ERR_TARGETS_MISSING", {"path": "/x/targets.csv"}, row=4, column="target")
    assert q.message == texts.ERR_TARGETS_MISSING.format(path="/x/targets.csv")
    assert str(q) == texts.PROBLEM_AT_ROW_COLUMN.format(row=4, column="target", message=q.message)
    assert str(Problem("ERR_TARGETS_MISSING", {"path": "p"}, column="c")).startswith("Cột “c”: ")


def test_json_carries_code_params_and_message_without_the_place():
    q = Problem("ERR_TARGETS_MISSING", {"path": "/x"}, row=2)
    assert q.to_json() == {"row": 2, "column": None, "code": "ERR_TARGETS_MISSING", "params": {"path": "/x"},
                           "message": texts.ERR_TARGETS_MISSING.format(path="/x")}
    assert json.loads(json.dumps(problems.to_json([q]), ensure_ascii=False))[0]["code"] == "ERR_TARGETS_MISSING"


def test_unknown_codes_and_changing_params_are_refused():
    with pytest.raises(ValueError, match="NO_SUCH_TEXT"):
        Problem("NO_SUCH_TEXT")
    p = Problem("ERR_TARGETS_MISSING", {"path": "a"})
    with pytest.raises(TypeError):
        p.params["path"] = "b"


def test_the_error_lists_every_problem_one_per_line():
    found = [problem("ERR_TARGETS_MISSING", path="a"), problem("PROBLEM_AT_ROW", 3, message="m")]
    err = ProblemsError(found)
    assert err.problems == found
    assert err.messages == [str(p) for p in found] == problems.lines(found)
    assert str(err) == "\n".join(err.messages)


@pytest.mark.parametrize(("typed", "key"), [("2025-3", "2025-03"), (" 2025-03 ", "2025-03"), ("3/2025", "2025-03"),
                                            ("12/2025", "2025-12"), ("2025-13", None), ("0999-01", None),
                                            ("tháng ba", None), ("٢٠٢٥-٠٣", None), ("", None), (None, None)])
def test_typed_months(typed, key):
    assert periods.normalise_period(typed) == key


def test_month_keys_and_files():
    assert periods.is_period("2025-03") and not periods.is_period("2025-3")
    assert periods.period_of_file("2025-11.csv") == (2025, 11)
    assert periods.period_of_file("2025-13.csv") is None and periods.period_of_file("notes.csv") is None
    assert periods.period_key(2025, 6) == "2025-06"


def test_text_forms():
    decomposed = "Nông nghie\u0302\u0323p"
    assert normalise.nfc(decomposed) == "Nông nghiệp" and normalise.nfc(None) == ""
    assert normalise.clean("  có \n") == "có"
    assert normalise.printable("a\x00b\r\nc\x0bd") == "ab\nc\nd"
    assert [normalise.is_flag(w) for w in ("có", "", "x", "maybe")] == [True, True, True, False]
    assert [normalise.flag(w) for w in ("có", "không", "")] == [True, False, False]


def test_texts_quote_the_thresholds_the_formulas_use():
    from lib.analytics import formulas
    from lib.core import thresholds
    assert formulas.BEHIND_TOLERANCE is thresholds.BEHIND_TOLERANCE and formulas.STATUS_POINTS is thresholds.STATUS_POINTS
    assert texts.STATUS_HELP["behind"] == "Dự báo cuối năm hụt chỉ tiêu không quá 10%."
    assert texts.STATUS_HELP["at_risk"] == "Dự báo cuối năm hụt chỉ tiêu hơn 10%."
    assert texts.SCORE_HELP == ("Trung bình điểm các chỉ tiêu có số liệu: Đạt và Đúng tiến độ 100 điểm, "
                                "Chậm tiến độ 50 điểm, Nguy cơ không đạt 0 điểm.")


def test_a_problem_survives_pickling_as_the_page_cache_does():
    import pickle
    p = problem("PROBLEM_AT_ROW", 7, message="giá trị trống")
    back = pickle.loads(pickle.dumps(ProblemsError([p])))
    assert back.problems == [p] and str(back.problems[0]) == "Dòng 7: giá trị trống"
