"""The months already stored: year-to-date totals, and the template's reference figures."""
from __future__ import annotations

import decimal
from dataclasses import dataclass

from lib.core import fmt
from lib.upload.display import months_text


def exact(value) -> decimal.Decimal:
    """A stored float as the decimal it was written as (15 significant digits)."""
    return decimal.Decimal(format(float(value), ".15g"))


def stored_months(root, period: str | None = None):
    """The months stored in the data folder ``root`` (``lib.storage.month_store``'s canonical files) before
    ``period`` (all of them without one), as the frame ``check_file(stored=…)`` and the templates
    take: ``year, month, code, unit, value``. A month file that cannot be read is left out (its
    months then count as not stored, and the upload says so where it needs them)."""
    import pandas as pd

    from lib.storage import month_store

    rows = []
    for month in month_store.months(root):
        if period is not None and month >= period:
            continue
        try:
            found = month_store.current_rows(root, month)
        except month_store.StorageError:
            continue
        year, m = map(int, month.split("-"))
        rows += [{"year": year, "month": m, "code": r["indicator_code"], "unit": r.get("unit", ""),
                  "value": float(r["value"])} for r in found]
    return pd.DataFrame(rows, columns=["year", "month", "code", "unit", "value"])


class StoredMonths:
    """The months stored before ``period`` (``stored``: the frame of ``stored_months``), by
    (indicator, unit). A ward figure of an indicator stored by its groups is their sum where
    summing is right (``earlier`` serves summed indicators only; ``latest`` is told)."""

    def __init__(self, stored, period: str):
        self.year, self.month = int(period[:4]), int(period[5:7])
        self.by_key: dict[tuple[str, str], dict[tuple[int, int], decimal.Decimal]] = {}
        self.unit_sums: dict[str, dict[tuple[int, int], decimal.Decimal]] = {}
        if stored is None or len(stored) == 0:
            return
        units = stored["unit"] if "unit" in stored.columns else [""] * len(stored)
        for y, m, code, unit, value in zip(stored["year"], stored["month"], stored["code"], units, stored["value"]):
            when = (int(y), int(m))
            if when >= (self.year, self.month):
                continue
            unit = unit.strip().lower() if isinstance(unit, str) else ""
            code, value = str(code).strip().lower(), exact(value)
            self.by_key.setdefault((code, unit), {})[when] = value
            if unit:
                sums = self.unit_sums.setdefault(code, {})
                sums[when] = sums.get(when, decimal.Decimal(0)) + value

    def _months(self, code: str, unit: str, sum_units: bool) -> dict[tuple[int, int], decimal.Decimal]:
        own = self.by_key.get((code, unit), {})
        if unit or not sum_units:
            return own
        return {**self.unit_sums.get(code, {}), **own}

    def earlier(self, code: str, unit: str = "") -> tuple[decimal.Decimal, list[int]]:
        """The stored total of the year's months before the chosen one, and the months missing."""
        months = self._months(code, unit, True)
        total, missing = decimal.Decimal(0), []
        for m in range(1, self.month):
            if (self.year, m) in months:
                total += months[self.year, m]
            else:
                missing.append(m)
        return total, missing

    def latest(self, code: str, unit: str = "", sum_units: bool = False) -> tuple[str, float] | None:
        """("YYYY-MM", value) of the latest stored month before the chosen one, or None."""
        months = self._months(code, unit, sum_units)
        if not months:
            return None
        (y, m) = max(months)
        return f"{y:04d}-{m:02d}", float(months[y, m])


@dataclass
class ChosenMonth:
    """The month the file is uploaded for (``key`` None when the chosen month is not one) and the
    months stored before it."""

    key: str | None
    shown: str                               # as chosen, for messages when it is not a month
    stored: StoredMonths | None = None

    @property
    def number(self) -> int:
        """The month, 1–12 (1 when no month was chosen)."""
        return int(self.key[5:]) if self.key else 1

    @property
    def chosen_number(self) -> int:
        """The chosen month, 1–12, where a year-to-date total needs it: a TypeError when no month
        was chosen (the file is then reported as not checkable, ERR_UPLOAD_INTERNAL)."""
        return int(self.key[5:])

    @property
    def label(self) -> str:
        """“Tháng 6/2025” (the month as chosen when it is not one)."""
        return fmt.period_label(self.key) if self.key else self.shown

    def earlier(self, code: str, unit: str) -> tuple[decimal.Decimal, list[int]]:
        """The stored total of the chosen year's months before the chosen one, and the months missing."""
        if self.stored is None:
            return decimal.Decimal(0), list(range(1, self.number))
        return self.stored.earlier(code, unit)

    def months_text(self, months: list[int]) -> str:
        """“tháng 1–5/2025” · “tháng 2, 4/2025”."""
        return months_text(months, self.key.split("-")[0] if self.key else "")

    def before_text(self) -> str:
        """The months of the year before the chosen one (“tháng 1–5/2025”), “—” in January."""
        month = self.chosen_number
        return self.months_text(list(range(1, month))) if month > 1 else "—"
