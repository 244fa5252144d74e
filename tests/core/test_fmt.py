"""lib.core.fmt: numbers, units, gaps and months written the Vietnamese way."""
from __future__ import annotations

import inspect
import math

import pytest

from lib.core import fmt, texts


@pytest.mark.parametrize("value,unit,integer,expected", [
    # thousands with a dot, decimals with a comma
    (1260, "tấn", False, "1.260 tấn"),
    (1150.0, "tấn", False, "1.150 tấn"),
    (14.5, "tấn", False, "14,5 tấn"),
    (9.6, "tấn", False, "9,6 tấn"),
    (100, "ha", False, "100 ha"),
    (92.5, "ha", False, "92,5 ha"),
    # money: whole million đồng
    (13345, "triệu đồng", False, "13.345 triệu đồng"),
    (12663, "triệu đồng", False, "12.663 triệu đồng"),
    # rates: always one decimal, no space before the sign
    (95, "%", False, "95,0%"),
    (99.4, "%", False, "99,4%"),
    (100, "%", False, "100,0%"),
    (8, "‰", False, "8,0‰"),
    (7.5, "‰", False, "7,5‰"),
    # whole-number units
    (330, "người", True, "330 người"),
    (3784, "học sinh", True, "3.784 học sinh"),
    (60, "con", True, "60 con"),
    (329.6, "người", True, "330 người"),
    # no unit
    (1234567.891, "", False, "1.234.567,89"),
])
def test_quantity(value, unit, integer, expected):
    assert fmt.quantity(value, unit, integer) == expected


@pytest.mark.parametrize("value,unit,expected", [
    (14.25, "tấn", "14,3 tấn"),   # half-even would give 14,2
    (14.35, "tấn", "14,4 tấn"),   # binary 14.35 is 14.3499…; written value rounds half-up
    (0.25, "%", "0,3%"),
    (12663.5, "triệu đồng", "12.664 triệu đồng"),
    (2.5, "con", "3 con"),
])
def test_half_up_rounding(value, unit, expected):
    integer = unit == "con"
    assert fmt.quantity(value, unit, integer) == expected


def test_half_up_rounding_default_pattern():
    assert fmt.number(0.125) == "0,13"
    assert fmt.number(2.675) == "2,68"
    assert fmt.number(1.5, "con", True) == "2"


@pytest.mark.parametrize("value", [1, 1.0, 2])
def test_yes(value):
    assert fmt.quantity(value, "đạt", True) == "Đạt" == texts.YES


@pytest.mark.parametrize("value", [0, 0.0, 0.5])
def test_no(value):
    assert fmt.quantity(value, "đạt", True) == "Chưa đạt" == texts.NO


@pytest.mark.parametrize("value", [None, math.nan, float("nan")])
def test_missing_is_dash(value):
    assert fmt.quantity(value, "tấn") == "—"
    assert fmt.quantity(value, "%") == "—"
    assert fmt.quantity(value, "đạt", True) == "—"
    assert fmt.number(value) == "—"
    assert fmt.percent(value) == "—"
    assert fmt.gap(value, "tấn", "at_least") == "—"


@pytest.mark.parametrize("value,unit,integer", [
    (-0.04, "%", False),
    (-0.04, "‰", False),
    (-0.0, "%", False),
    (-0.04, "tấn", False),
    (-0.4, "triệu đồng", False),
    (-0.4, "con", True),
    (-0.001, "", False),
])
def test_no_negative_zero(value, unit, integer):
    text = fmt.quantity(value, unit, integer)
    assert not text.startswith("-"), text
    assert "-0,0" not in text and not text.startswith("-0")
    assert text.startswith("0")


def test_no_negative_zero_in_percent_and_number():
    assert fmt.percent(-0.01) == "0,0%"
    assert fmt.number(-0.004, "%") == "0,0"
    assert fmt.decimal_text(-0.0) == "0"


def test_real_negatives_keep_their_sign():
    assert fmt.number(-0.05, "%") == "-0,1"
    assert fmt.quantity(-12.5, "tấn") == "-12,5 tấn"


def test_percent():
    assert fmt.percent(95) == "95,0%"
    assert fmt.percent(104.25) == "104,3%"
    assert fmt.percent(33.333, 0) == "33%"
    assert fmt.percent(1234.5) == "1.234,5%"


@pytest.mark.parametrize("value,unit,direction,integer,expected", [
    (-120, "tấn", "at_least", False, "còn thiếu 120 tấn"),
    (-1040.5, "tấn", "at_least", False, "còn thiếu 1.040,5 tấn"),
    (12, "%", "at_least", False, "vượt 12,0%"),
    (775, "triệu đồng", "at_least", False, "vượt 775 triệu đồng"),
    (0, "tấn", "at_least", False, "bằng kế hoạch"),
    (-14, "người", "at_least", True, "còn thiếu 14 người"),
    (0.8, "%", "at_most", False, "thấp hơn trần 0,8%"),
    (0, "%", "at_most", False, "bằng trần"),
    (-0.04, "%", "at_least", False, "bằng kế hoạch"),
    (-0.5, "%", "at_most", False, "vượt trần 0,5%"),
    (1.1, "‰", "at_most", False, "thấp hơn trần 1,1‰"),
])
def test_gap_wording(value, unit, direction, integer, expected):
    assert fmt.gap(value, unit, direction, integer) == expected


def test_gap_words_come_from_texts():
    assert fmt.gap(-1, "tấn", "at_least").startswith(texts.GAP_SHORT + " ")
    assert fmt.gap(1, "tấn", "at_least").startswith(texts.GAP_AHEAD + " ")
    assert fmt.gap(1, "%", "at_most").startswith(texts.GAP_WITHIN + " ")
    assert fmt.gap(-1, "%", "at_most").startswith(texts.GAP_OVER + " ")


def test_gap_yes_no():
    assert fmt.gap(0, "đạt", "at_least", True) == ""
    assert fmt.gap(-1, "đạt", "at_least", True) == "chưa đạt"


@pytest.mark.parametrize("period,expected", [
    ("2025-06", "Tháng 6/2025"),
    ("2025-01", "Tháng 1/2025"),
    ("2025-12", "Tháng 12/2025"),
])
def test_period_label(period, expected):
    assert fmt.period_label(period) == expected


def test_month_label_and_tick():
    assert fmt.month_label(2025, 6) == "Tháng 6/2025"
    assert fmt.month_tick(6) == "Th6"
    assert fmt.month_tick(12) == "Th12"


def test_targets_written_with_more_decimals():
    """A rate whose target has two decimals (poverty 0,17%) must not show as 0,2%."""
    if "decimals" not in inspect.signature(fmt.quantity).parameters:
        pytest.skip("fmt.quantity has no `decimals` parameter in this version")
    assert fmt.quantity(0.17, "%", False, decimals=2) == "0,17%"
    assert fmt.quantity(1.59, "%", False, decimals=2) == "1,59%"
    assert fmt.quantity(95, "%", False, decimals=0) == "95,0%"
    assert fmt.quantity(14.5, "tấn", False, decimals=1) == "14,5 tấn"
