"""Numbers and dates written the Vietnamese way (1.260 tấn; 14,5 tấn; 95,0%; Tháng 6/2025).

Babel's CLDR data for the ``vi`` locale supplies the separators, so nothing here swaps dots
and commas by hand. Rounding is half-up, as Vietnamese reports round.
"""
from __future__ import annotations

import decimal
import math
import re
from datetime import date, datetime

from babel.dates import format_date
from babel.numbers import format_decimal

from lib.core import texts

LOCALE = "vi"

# Rates always show their decimals (95,0%); amounts show them only when they have them (14,5 tấn).
# An indicator whose target is written with more decimals (0,17%) shows as many.
_FIXED_DECIMALS = {"%": 1, "‰": 1}
_OPTIONAL_DECIMALS = {"tấn": 1, "ha": 1, "triệu đồng": 0}
_DEFAULT_OPTIONAL = 2
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


def pattern(unit: str, integer: bool = False, decimals: int = 0) -> str:
    """The Babel pattern for a value of ``unit`` (``decimals``: as many as the target is written with)."""
    if unit in _FIXED_DECIMALS:
        return "#,##0." + "0" * max(_FIXED_DECIMALS[unit], decimals)
    if integer:
        return "#,##0"
    optional = max(_OPTIONAL_DECIMALS.get(unit, _DEFAULT_OPTIONAL), decimals)
    return "#,##0" + ("." + "#" * optional if optional else "")


def number(value, unit: str = "", integer: bool = False, decimals: int = 0) -> str:
    """The bare number as shown for ``unit``: 1.260 · 14,5 · 95,0. Missing values show as —."""
    if _is_missing(value):
        return "—"
    return decimal_text(value, pattern(unit, integer, decimals))


def quantity(value, unit: str, integer: bool = False, decimals: int = 0, with_unit: bool = True) -> str:
    """The number with its unit: 1.260 tấn · 95,0% · 7,5‰ · Đạt / Chưa đạt for yes/no goals.

    ``with_unit=False`` leaves the unit out, for tables that have a unit column (ĐVT).
    """
    if _is_missing(value):
        return "—"
    if unit == BINARY_UNIT:
        return texts.YES if value >= 1 else texts.NO
    text = number(value, unit, integer, decimals)
    if not unit or not with_unit:
        return text
    return f"{text}{unit}" if unit in _UNITS_WITHOUT_SPACE else f"{text} {unit}"


def exact(value) -> str:
    """Every decimal a stored value has (up to 6), Vietnamese separators: 1.250,5 · 0,17."""
    if _is_missing(value):
        return "—"
    return decimal_text(value, "#,##0.######")


def percent(value, decimals: int = 1) -> str:
    """A percentage already expressed in percent points: 95 → 95,0%."""
    if _is_missing(value):
        return "—"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return decimal_text(value, pattern) + "%"


def gap(value, unit: str, direction: str, integer: bool = False, decimals: int = 0,
        with_unit: bool = True) -> str:
    """A signed gap in words: “còn thiếu 120 tấn”, “vượt 12,0%”, “thấp hơn trần 0,8%”."""
    if _is_missing(value):
        return "—"
    if unit == BINARY_UNIT:
        return "" if value >= 0 else texts.NO.lower()
    amount = quantity(abs(value), unit, integer, decimals, with_unit)
    if number(abs(value), unit, integer, decimals) == number(0, unit, integer, decimals):
        return texts.GAP_AT_CEILING if direction == "at_most" else texts.GAP_EQUAL  # no “còn thiếu 0,0%”
    if direction == "at_most":
        return f"{texts.GAP_WITHIN} {amount}" if value >= 0 else f"{texts.GAP_OVER} {amount}"
    return f"{texts.GAP_AHEAD} {amount}" if value > 0 else f"{texts.GAP_SHORT} {amount}"


def of(row, value, with_unit: bool = True) -> str:
    """``value`` written as ``row``'s indicator shows it (its unit, whole or not, its decimals)."""
    return quantity(value, row["unit"], bool(row["integer"]), int(row.get("decimals", 0) or 0), with_unit)


def gap_of(row, with_unit: bool = True) -> str:
    """The row's gap in words, written as the indicator shows its values."""
    return gap(row["gap"], row["unit"], row["direction"], bool(row["integer"]),
               int(row.get("decimals", 0) or 0), with_unit)


def unit_label(unit: str) -> str:
    """The unit as a table's ĐVT column shows it (yes/no goals have none)."""
    return "" if unit == BINARY_UNIT else unit


def month_label(year: int, month: int) -> str:
    """Tháng 6/2025."""
    return format_date(date(year, month, 1), texts.MONTH_LABEL_PATTERN, locale=LOCALE)


def period_label(period: str) -> str:
    """'2025-06' → Tháng 6/2025."""
    year, month = period.split("-")
    return month_label(int(year), int(month))


def month_tick(month: int) -> str:
    """Short axis tick: Th6."""
    return texts.MONTH_SHORT.format(m=month)


def timestamp(iso: str) -> str:
    """An audit time (ISO 8601) as Vietnamese offices write it: 29/11/2026 02:20."""
    try:
        return datetime.fromisoformat(iso).strftime("%d/%m/%Y %H:%M")
    except (TypeError, ValueError):
        return str(iso)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md_escape(text: str) -> str:
    """Text from files or users, shown inside Markdown exactly as written: no links, no formatting."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def day(value: date) -> str:
    """A date as Vietnamese offices write it: 31/12/2025 (deadlines, milestones)."""
    return format_date(value, "dd/MM/y", locale=LOCALE)
