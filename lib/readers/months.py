"""The stored month files: reading and checking ``<data dir>/actuals/YYYY-MM.csv``.

A month file holds the columns ``period,indicator_code,value,note`` and, when some figures are a
residential group's, ``unit`` (the unit's code from ``units.csv``; empty = the ward as a whole).
``read_month_file`` reads one and checks every row against the catalogue and the units; problems
come back as one ``ActualsError`` naming the file and row of each. ``lib.analytics.datastore``
reads every month of a folder with it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pandas as pd

from lib.core import periods
from lib.core.problems import Problem, ProblemsError, problem
from lib.core.settings import DEFAULT_DATA_DIR, DEMO_DIR
from lib.readers import org_units as units_mod
from lib.readers.catalogue import Catalogue

ACTUAL_COLUMNS = ["period", "indicator_code", "value", "note"]
UNIT_COLUMN = "unit"  # optional column of a month file: the reporting unit's code, empty = the ward
FRAME_COLUMNS = ["year", "month", "code", "value", "note", "unit"]

# The code of a month file's row problem for each reason ``org_units.report_check`` gives.
_REPORT_CODES = {"ERR_UNIT_NOT_BY_UNIT": "ACTUALS_AT_NOT_BY_UNIT",
                 "ERR_UNIT_NOT_RESIDENTIAL": "ACTUALS_AT_NOT_RESIDENTIAL"}


class ActualsError(ProblemsError):
    """A stored month file cannot be read; ``problems`` says where (``messages``: in Vietnamese)."""


def units_file(root: Path) -> Path:
    """The units file the months of ``root`` are read with: the repository's for the shipped demo
    (its months name the repository's groups), else ``lib.readers.org_units.units_path()``."""
    if Path(root).resolve() == DEMO_DIR.resolve():
        return DEFAULT_DATA_DIR / units_mod.FILE_NAME
    return units_mod.units_path()


# The units table, a function returning it, a units file, or None (units.csv by the usual rule).
UnitsSource = pd.DataFrame | Callable[[], pd.DataFrame] | str | Path | None


def units_loader(units: UnitsSource, root: Path | None = None) -> Callable[[], pd.DataFrame]:
    """A function returning the units table, read at most once and only if some row needs it
    (a broken units.csv does not stop a dashboard whose months have no unit rows). A path: that
    file; None: the file of ``units_file(root)`` (``lib.readers.org_units.units_path()`` without a root).
    A units file that cannot be used raises ActualsError with its problems."""
    if isinstance(units, pd.DataFrame):
        return lambda: units
    if callable(units):
        return units
    if isinstance(units, (str, Path)):
        path = Path(units)
    else:
        path = units_file(root) if root is not None else None
    loaded: list[pd.DataFrame] = []

    def load() -> pd.DataFrame:
        if not loaded:
            try:
                loaded.append(units_mod.load_units(path))
            except units_mod.UnitsError as exc:
                raise ActualsError(exc.problems) from exc
        return loaded[0]

    return load


def _indicators(catalogue: Catalogue, cache: dict) -> dict[str, dict]:
    if "indicators" not in cache:
        ind = catalogue.indicators
        cache["indicators"] = {c: {"code": c, "name_vi": n, "by_unit": b}
                               for c, n, b in zip(ind["code"], ind["name_vi"], ind["by_unit"])}
    return cache["indicators"]


def read_month_file(path: Path, catalogue: Catalogue, units: UnitsSource = None, *,
                    cache: dict | None = None) -> pd.DataFrame:
    """One canonical month file as rows (year, month, code, value, note[, unit]); raises ActualsError.

    The column ``unit`` is there when the file has one ("" for the ward's rows), so that a file
    of the four original columns reads exactly as before. Unit rows are checked against ``units`` (a table from
    ``lib.readers.org_units.load_units``, a function returning one, or None: ``units.csv`` by the usual rule,
    read only when the file has unit rows). ``cache``: lookups shared by the files of one
    ``read_actuals``."""
    year, month = periods.period_of_file(path.name)
    period = periods.period_key(year, month)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in ACTUAL_COLUMNS[:3] if c not in frame.columns]
    if missing:
        raise ActualsError([problem("ERR_ACTUALS_COLUMNS", file=path.name, cols=", ".join(missing))])
    if "note" not in frame.columns:
        frame["note"] = ""
    has_units = UNIT_COLUMN in frame.columns
    if not has_units:
        frame[UNIT_COLUMN] = ""
    load_units = units_loader(units, path.parent.parent)
    cache = {} if cache is None else cache
    by_code = _indicators(catalogue, cache)
    derived = catalogue.derived_codes()
    errors: list[Problem] = []
    rows = []
    seen: dict[tuple[str, str], int] = {}
    known: dict[str, dict] | None = None  # the units by code, once a row needs them

    def error(line: int, column: str, what: str, /, **params) -> None:
        errors.append(Problem(what, {"file": path.name, **params}, line, column))

    columns = [*ACTUAL_COLUMNS, UNIT_COLUMN]
    records = (dict(zip(columns, cells)) for cells in zip(*(frame[c].tolist() for c in columns)))
    for i, rec in enumerate(records):  # plain lists: DataFrame.to_dict is slow on a month of units
        line = i + 2
        code = rec["indicator_code"].strip().lower()
        unit = rec[UNIT_COLUMN].strip().lower()
        if rec["period"].strip() != period:
            error(line, "period", "ACTUALS_AT_PERIOD", value=rec["period"], period=period)
            continue
        if code not in by_code:
            error(line, "indicator_code", "ACTUALS_AT_CODE", code=code)
            continue
        if code in derived:  # totals are always computed from their parts
            continue
        try:
            value = float(rec["value"])
        except ValueError:
            error(line, "value", "ACTUALS_AT_VALUE", value=rec["value"])
            continue
        if unit:
            if known is None:
                if "units" not in cache:
                    cache["units"] = units_mod.by_code(load_units())
                known = cache["units"]
            if unit not in known:
                error(line, UNIT_COLUMN, "ACTUALS_AT_UNIT_UNKNOWN", unit=unit)
                continue
            refused = units_mod.report_check(by_code[code], known[unit])
            if refused:
                error(line, UNIT_COLUMN, _REPORT_CODES[refused.code], **refused.params)
                continue
            if (code, unit) in seen:
                error(line, UNIT_COLUMN, "ACTUALS_AT_UNIT_DUPLICATE", code=code, unit=unit, first=seen[code, unit])
                continue
            seen[code, unit] = line
        rows.append({"year": year, "month": month, "code": code, "value": value,
                     "note": rec["note"], "unit": unit})
    first_unit_row: dict[str, int] = {}
    for (code, _unit), line in seen.items():
        first_unit_row.setdefault(code, line)
    for code in sorted(set(first_unit_row) & {r["code"] for r in rows if not r["unit"]}):
        error(first_unit_row[code], UNIT_COLUMN, "ACTUALS_AT_UNIT_MIXED", code=code)
    if errors:
        raise ActualsError(errors)
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    return frame if has_units else frame.drop(columns=[UNIT_COLUMN])
