"""Numbers and dates written the Vietnamese way (1.260 tấn; 14,5 tấn; 95,0%; Tháng 6/2025).

Babel's CLDR data for the ``vi`` locale supplies the separators, so nothing here swaps dots
and commas by hand. Rounding is half-up, as Vietnamese reports round.
"""
from __future__ import annotations

import decimal
import math
from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

from lib import texts

LOCALE = "vi"

# Babel number patterns by unit: rates always show one decimal, amounts show one when they have it.
_PATTERN_BY_UNIT = {
    "%": "#,##0.0",
    "‰": "#,##0.0",
    "tấn": "#,##0.#",
    "ha": "#,##0.#",
    "triệu đồng": "#,##0",
}
_INTEGER = "#,##0"
_DEFAULT = "#,##0.##"
_UNITS_WITHOUT_SPACE = {"%", "‰"}
BINARY_UNIT = "đạt"


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def decimal_text(value: float, pattern: str = _DEFAULT) -> str:
    """Format ``value`` with a Babel pattern in the Vietnamese locale, rounding half-up."""
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        text = format_decimal(decimal.Decimal(repr(float(value))), format=pattern, locale=LOCALE)
    return "0" + text[2:] if text.startswith("-0") and text.strip("-0,.") == "" else text


def number(value, unit: str = "", integer: bool = False) -> str:
    """The bare number as shown for ``unit``: 1.260 · 14,5 · 95,0. Missing values show as —."""
    if _is_missing(value):
        return "—"
    pattern = _INTEGER if integer and unit not in _PATTERN_BY_UNIT else _PATTERN_BY_UNIT.get(unit, _DEFAULT)
    return decimal_text(value, pattern)


def quantity(value, unit: str, integer: bool = False) -> str:
    """The number with its unit: 1.260 tấn · 95,0% · 7,5‰ · Đạt / Chưa đạt for yes/no goals."""
    if _is_missing(value):
        return "—"
    if unit == BINARY_UNIT:
        return texts.YES if value >= 1 else texts.NO
    text = number(value, unit, integer)
    if not unit:
        return text
    return f"{text}{unit}" if unit in _UNITS_WITHOUT_SPACE else f"{text} {unit}"


def percent(value, decimals: int = 1) -> str:
    """A percentage already expressed in percent points: 95 → 95,0%."""
    if _is_missing(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return decimal_text(value, pattern) + "%"


def gap(value, unit: str, direction: str, integer: bool = False) -> str:
    """A signed gap in words: “còn thiếu 120 tấn”, “vượt 12,0%”, “thấp hơn trần 0,8%”."""
    if _is_missing(value):
        return "—"
    if unit == BINARY_UNIT:
        return "" if value >= 0 else texts.NO.lower()
    amount = quantity(abs(value), unit, integer)
    if direction == "at_most":
        return f"{texts.GAP_WITHIN} {amount}" if value >= 0 else f"{texts.GAP_OVER} {amount}"
    if value >= 0:
        return f"{texts.GAP_AHEAD} {amount}" if value > 0 else "0"
    return f"{texts.GAP_SHORT} {amount}"


def month_label(year: int, month: int) -> str:
    """Tháng 6/2025."""
    return format_date(date(year, month, 1), "'Tháng' M/y", locale=LOCALE)


def period_label(period: str) -> str:
    """'2025-06' → Tháng 6/2025."""
    year, month = period.split("-")
    return month_label(int(year), int(month))


def month_tick(month: int) -> str:
    """Short axis tick: Th6."""
    return texts.MONTH_SHORT.format(m=month)
