"""Months as the data folder names them ("YYYY-MM") and as people type them.

One definition of a month's key, of a month file's name and of the forms a typed month may take,
for the storage, the reader of stored months, the upload, the CLI and the page links.
"""
from __future__ import annotations

import re

# The canonical key of a month: four-digit year, two-digit month.
PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# A stored month file, ``actuals/YYYY-MM.csv``; groups: the period, its year, its month.
MONTH_FILE_RE = re.compile(r"^((\d{4})-(0[1-9]|1[0-2]))\.csv$")

_TYPED_YM = re.compile(r"([1-9]\d{3})-(\d{1,2})", re.ASCII)    # 2025-3, 2025-03
_TYPED_MY = re.compile(r"(\d{1,2})/([1-9]\d{3})", re.ASCII)    # 3/2025, 03/2025


def period_key(year: int, month: int) -> str:
    """(2025, 3) → "2025-03"."""
    return f"{year:04d}-{month:02d}"


def parse_period(text) -> tuple[int, int] | None:
    """A typed month → (year, month): "2025-3", "2025-03", "3/2025", "03/2025" (ASCII digits, a
    year from 1000); anything else, "2025-13" or "tháng ba" → None."""
    if not isinstance(text, str):
        return None
    t = text.strip()
    if m := _TYPED_YM.fullmatch(t):
        year, month = int(m.group(1)), int(m.group(2))
    elif m := _TYPED_MY.fullmatch(t):
        month, year = int(m.group(1)), int(m.group(2))
    else:
        return None
    return (year, month) if 1 <= month <= 12 else None


def normalise_period(text) -> str | None:
    """A typed month → its key ("3/2025" → "2025-03"), or None when it is not a month."""
    parsed = parse_period(text)
    return period_key(*parsed) if parsed else None


def is_period(text) -> bool:
    """Whether ``text`` is already a canonical key ("2025-03", not "2025-3")."""
    return isinstance(text, str) and bool(PERIOD_RE.match(text))


def period_of_file(name: str) -> tuple[int, int] | None:
    """``"2025-03.csv"`` → (2025, 3); any other file name → None."""
    m = MONTH_FILE_RE.match(name)
    return (int(m.group(2)), int(m.group(3))) if m else None
