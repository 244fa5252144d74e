"""The month a row's period cell names, however it was written (2025-06, 6/2025, “Tháng 6/2025”,
an Excel date on the 1st)."""
from __future__ import annotations

import datetime as dt
import re

from lib.core import fmt
from lib.core.periods import normalise_period, period_key
from lib.upload.cells import Cell
from lib.upload.text import clean, key

MONTH_WORDS = ("tháng", "th", "t")   # before the month: “Tháng 6/2025”, “th.6-2025”, “T6/2025”
YEAR_WORDS = ("năm",)                # between month and year: “tháng 6 năm 2025”

_P_THANG = re.compile(r"(?:" + "|".join(MONTH_WORDS) + r")\.?\s*(\d{1,2})\s*(?:/|-|" + "|".join(YEAR_WORDS)
                      + r")\s*([1-9]\d{3})", re.IGNORECASE)
_P_Y_SLASH_M = re.compile(r"([1-9]\d{3})[/.](\d{1,2})")
_P_M_DASH_Y = re.compile(r"(\d{1,2})[-.]([1-9]\d{3})")
_P_ISO_DATE = re.compile(r"([1-9]\d{3})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
_P_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/([1-9]\d{3})")


def _ym(year: int, month: int) -> str | None:
    return period_key(year, month) if 1 <= month <= 12 else None


def row_period(cell: Cell) -> tuple[str | None, str]:
    """(YYYY-MM or None, how it was read: "same" / "read_as" / "bad" / "day")."""
    if cell.kind == "date":
        value = cell.value
        if isinstance(value, (dt.datetime, dt.date)):
            return (_ym(value.year, value.month), "same") if value.day == 1 else (None, "day")
        return None, "bad"
    if cell.kind != "text":
        return None, "bad"
    t = clean(cell.text)
    canon = normalise_period(t)
    if canon:
        return canon, "same" if t == canon else "read_as"
    for pattern, order in ((_P_THANG, "my"), (_P_Y_SLASH_M, "ym"), (_P_M_DASH_Y, "my")):
        m = pattern.fullmatch(t)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            canon = _ym(b, a) if order == "my" else _ym(a, b)
            if canon and key(t) == key(fmt.period_label(canon)):
                return canon, "same"  # “Tháng 6/2025”, as the template writes it
            return (canon, "read_as") if canon else (None, "bad")
    return _date_period(t)


def _date_period(t: str) -> tuple[str | None, str]:
    """A month typed as a date (Excel makes it the 1st): 2025-06-01, 1/6/2025, 6/1/2025."""
    m = _P_ISO_DATE.fullmatch(t)
    if m:
        year, month, day = (int(g) for g in m.groups())
        if day != 1:
            return None, "day"
        canon = _ym(year, month)
        return (canon, "read_as") if canon else (None, "bad")
    m = _P_DMY.fullmatch(t)
    if m:
        # Excel turns a month typed as a date into its first day: 1/6/2025 (Vietnamese) or
        # 6/1/2025 (English) both mean June 2025; a day other than the 1st is not a month.
        a, b, year = (int(g) for g in m.groups())
        months = {x for x, day in ((b, a), (a, b)) if day == 1 and 1 <= x <= 12}
        if len(months) == 1:
            return _ym(year, months.pop()), "read_as"
        return None, "day"
    return None, "bad"
