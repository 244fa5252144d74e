"""Numbers, sizes, rows and months as the upload's messages write them (through ``lib.core.fmt``)."""
from __future__ import annotations

import decimal

from lib.core import fmt, texts

_NUMBER_PATTERN = "#,##0.##########"
_UNITS_WITHOUT_SPACE = ("%", "‰")


def number(value) -> str:
    """A number written the Vietnamese way with all its decimals: 1.260 · 0,923 · -3,5."""
    with decimal.localcontext() as ctx:
        ctx.prec = 800  # fmt quantizes inside a copy of this context: huge values stay formattable
        return fmt.decimal_text(value, _NUMBER_PATTERN)


def quantity(value, unit: str) -> str:
    """1.260 tấn · 92,3% (no unit for yes/no goals)."""
    text = number(value)
    if not unit or unit == fmt.BINARY_UNIT:
        return text
    return f"{text}{unit}" if unit in _UNITS_WITHOUT_SPACE else f"{text} {unit}"


def plain_number(value) -> str:
    """A reading shown without any thousands separator, decimal comma: 1260 · 1,26 · -3,5."""
    d = decimal.Decimal(value)
    d = d.quantize(decimal.Decimal(1)) if d == d.to_integral_value() else d.normalize()
    return format(d, "f").replace(".", ",")


def intl_decimal(value) -> str:
    """A decimal written the international way so that it cannot be read as thousands: 1.26,
    and 1.2650 rather than 1.265."""
    text = format(decimal.Decimal(value).normalize(), "f")
    if "." in text and len(text.split(".")[1]) == 3:
        text += "0"
    return text


def count(n: int) -> str:
    """1.000 · 65.536: a count or a limit."""
    return fmt.decimal_text(n, "#,##0")


def _size(n: int) -> str:
    if n >= 1_000_000:
        return fmt.decimal_text(n / 1_000_000, "#,##0.#") + " MB"
    if n >= 1_000:
        return fmt.decimal_text(n / 1_000, "#,##0.#") + " KB"
    return f"{n} byte"


def sizes(size: int, limit: int) -> tuple[str, str]:
    """Both sizes, in bytes when rounding would make them look equal (1 MB > 1 MB)."""
    if _size(size) != _size(limit):
        return _size(size), _size(limit)
    return (fmt.decimal_text(size, "#,##0") + " byte", fmt.decimal_text(limit, "#,##0") + " byte")


def rows_text(rows: list[int], limit: int = 10) -> str:
    """“2, 3, 5”; more than ``limit`` rows: the first ones and how many in all."""
    shown = ", ".join(str(r) for r in rows[:limit])
    if len(rows) > limit:
        shown += " " + texts.UPLOAD_ROWS_MORE.format(n=len(rows))
    return shown


def months_text(months: list[int], year: str) -> str:
    """“tháng 1–5/2025” · “tháng 2, 4/2025”."""
    if len(months) > 2 and months == list(range(months[0], months[-1] + 1)):
        shown = f"{months[0]}–{months[-1]}"
    else:
        shown = ", ".join(str(m) for m in months)
    return texts.UPLOAD_MONTHS.format(months=shown, year=year)
