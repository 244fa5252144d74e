"""Where the data lives, which months there are, and loading it all into DuckDB once.

Layout of a data folder: ``<dir>/actuals/YYYY-MM.csv``, one canonical file per month with the
columns ``period,indicator_code,value,note`` and, when some figures are a residential group's,
``unit`` (the unit's code from ``units.csv``; empty = the ward as a whole). The folder is
``data/`` in the repository unless the environment variable ``TQT_DATA_DIR`` points elsewhere (a
persistent volume when hosted). While it holds no month, the shipped demo months in
``data/demo/`` are used instead, never mixed.

Per-unit figures are kept as they are (table ``unit_actuals``) and the ward's figure of such an
indicator is derived from them once, at load time, in SQL (table ``actuals`` keeps one ward row
per month and indicator): the sum over the groups that reported for ``by_unit = sum``, the mean
weighted by the groups' population or households for a rate. ``lib.analytics.formulas`` only ever reads
``actuals``, so it needs to know nothing of units.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from lib.core import periods
from lib.core.problems import Problem, problem
from lib.core.settings import DEFAULT_DATA_DIR, DEFAULT_TARGETS, DEMO_DIR, PLAN_YEAR, REPO, data_dir, targets_path  # noqa: F401
from lib.readers import org_units as units_mod
from lib.readers.catalogue import Catalogue, load_catalogue
from lib.readers.months import (  # noqa: F401  (where callers of lib.analytics.datastore find them)
    ACTUAL_COLUMNS,
    UNIT_COLUMN,
    ActualsError,
    UnitsSource,
    read_month_file,
    units_file,
    units_loader,
)

# The data folder's places are defined in lib.core.settings (lib.readers.org_units needs them too, and lib.analytics.datastore
# imports lib.readers.org_units); the modules that read them as lib.analytics.datastore's find them here by the same names.



@dataclass(frozen=True)
class Source:
    """The folder whose ``actuals/`` the dashboard reads, and whether it is the demo."""

    root: Path
    is_demo: bool

    @property
    def actuals_dir(self) -> Path:
        return self.root / "actuals"


def month_files(root: Path) -> list[Path]:
    """The canonical month files under ``root/actuals``, oldest first."""
    folder = Path(root) / "actuals"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and periods.MONTH_FILE_RE.match(p.name))


def resolve_source(root: Path | None = None) -> Source:
    """The real data folder when it holds any month, else the shipped demo."""
    root = Path(root) if root is not None else data_dir()
    if month_files(root):
        return Source(root, is_demo=False)
    return Source(DEMO_DIR, is_demo=True)


def data_version(source: Source, targets: Path) -> str:
    """A short fingerprint of every file the numbers depend on; changes whenever one does (the
    units file too: its population and households weigh the ward's rates)."""
    h = hashlib.sha1(str(source.root).encode())
    for path in [Path(targets), units_file(source.root), *month_files(source.root)]:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def _empty_actuals() -> pd.DataFrame:
    return pd.DataFrame({"year": pd.Series(dtype="int64"), "month": pd.Series(dtype="int64"),
                         "code": pd.Series(dtype=str), "value": pd.Series(dtype=float),
                         "note": pd.Series(dtype=str), "unit": pd.Series(dtype=str)})


def read_actuals(root: Path, catalogue: Catalogue, units: UnitsSource = None) -> pd.DataFrame:
    """Every month file of ``root/actuals``: ward and unit rows, column ``unit`` ("" = the ward)."""
    load_units = units_loader(units, root)
    cache: dict = {}
    frames = [read_month_file(p, catalogue, load_units, cache=cache) for p in month_files(root)]
    if not frames:
        return _empty_actuals()
    frames = [f if UNIT_COLUMN in f.columns else f.assign(unit="") for f in frames]
    return pd.concat(frames, ignore_index=True)


# The ward's row of each (year, month, indicator) reported by units: the sum over the groups that
# reported (by_unit = sum), or the rate's mean weighted by their population or households. A rate
# is never the plain mean of the groups' rates. The note joins the groups' notes, in units.csv order.
WARD_FROM_UNITS_SQL = """
SELECT u.year, u.month, u.code,
       CASE i.by_unit
           WHEN 'sum' THEN sum(u.value)
           WHEN 'population' THEN sum(u.value * w.population) / sum(w.population)
           WHEN 'households' THEN sum(u.value * w.households) / sum(w.households)
       END AS value,
       coalesce(string_agg(CASE WHEN trim(coalesce(u.note, '')) <> '' THEN w.display_name || ': ' || u.note END,
                           '; ' ORDER BY w.ord), '') AS note,
       count(*)::INTEGER AS n_units
FROM unit_actuals u
JOIN indicators i ON i.code = u.code
JOIN units w ON w.code = u.unit
GROUP BY u.year, u.month, u.code, i.by_unit
"""


def _empty_units() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=str) for c in units_mod.COLUMNS})
    return frame.astype({"population": "Int64", "households": "Int64", "demo_name": bool, "demo_figures": bool,
                         "ord": "int64"})


def _create_unit_tables(con: duckdb.DuckDBPyConnection, units: pd.DataFrame, unit_rows: pd.DataFrame) -> None:
    con.register("_units", units)
    con.execute(
        "CREATE TABLE units AS SELECT code, name_vi, display_name, kind, population::INTEGER AS population, "
        "households::INTEGER AS households, demo_name::BOOLEAN AS demo_name, "
        "demo_figures::BOOLEAN AS demo_figures, ord::INTEGER AS ord FROM _units")
    con.register("_unit_actuals", unit_rows)
    con.execute(
        "CREATE TABLE unit_actuals AS SELECT year::INTEGER AS year, month::INTEGER AS month, unit::VARCHAR AS unit, "
        "code::VARCHAR AS code, value::DOUBLE AS value, note::VARCHAR AS note FROM _unit_actuals")
    con.unregister("_units")
    con.unregister("_unit_actuals")


def derive_ward(unit_rows: pd.DataFrame, catalogue: Catalogue, units: pd.DataFrame) -> pd.DataFrame:
    """The ward rows (year, month, code, value, note, n_units) made from unit rows (year, month,
    unit, code, value, note) by the same SQL as the Store: for previews of what an upload gives."""
    con = duckdb.connect(":memory:")
    try:
        con.register("indicators", catalogue.indicators[["code", "by_unit"]])
        _create_unit_tables(con, units, unit_rows[["year", "month", "unit", "code", "value", "note"]])
        return con.execute(WARD_FROM_UNITS_SQL + " ORDER BY 1, 2, 3").df()
    finally:
        con.close()


# The code of a month's problem for each reason ``org_units.report_check`` gives.
_MONTH_CODES = {"ERR_UNIT_NOT_BY_UNIT": "ACTUALS_MONTH_NOT_BY_UNIT",
                "ERR_UNIT_NOT_RESIDENTIAL": "ACTUALS_MONTH_NOT_RESIDENTIAL"}


def _unit_rows_problems(actuals: pd.DataFrame, catalogue: Catalogue,
                        load_units: Callable[[], pd.DataFrame]) -> list[Problem]:
    """Unit rows that cannot make a ward figure (for frames not read by read_month_file)."""
    unit_rows = actuals[actuals["unit"] != ""]
    if unit_rows.empty:
        return []
    known = units_mod.by_code(load_units())
    indicators = {r["code"]: r for r in catalogue.indicators.to_dict("records")}
    problems = []
    for r in unit_rows.drop_duplicates(["code", "unit"]).itertuples():
        where = periods.period_key(int(r.year), int(r.month))
        if r.unit not in known:
            problems.append(problem("ACTUALS_MONTH_UNIT_UNKNOWN", period=where, unit=r.unit))
        elif r.code in indicators:
            refused = units_mod.report_check(indicators[r.code], known[r.unit])
            if refused:
                problems.append(Problem(_MONTH_CODES[refused.code], {"period": where, **refused.params}))
    keys = ["year", "month", "code"]
    ward_keys = set(map(tuple, actuals.loc[actuals["unit"] == "", keys].itertuples(index=False)))
    for year, month, code in sorted(set(map(tuple, unit_rows[keys].itertuples(index=False))) & ward_keys):
        problems.append(Problem("ACTUALS_MONTH_UNIT_MIXED",
                                {"period": periods.period_key(int(year), int(month)), "code": code}))
    return problems


class Store:
    """One DuckDB connection holding the catalogue and the actuals of one data version.

    Tables: ``indicators`` (the catalogue), ``shares`` (monthly profile shares of the summed
    indicators), ``units`` (units.csv: code, name_vi, display_name, kind, population, households,
    demo_name, demo_figures, ord), ``unit_actuals`` (every figure reported by a unit) and ``actuals`` (one ward
    figure per reported month and indicator: as reported, or derived from the units' figures).
    Queries open their own cursor, so one Store can serve many Streamlit sessions at once.
    """

    def __init__(self, catalogue: Catalogue, actuals: pd.DataFrame, source: Source | None = None,
                 units: UnitsSource = None):
        self.catalogue = catalogue
        self.source = source
        actuals = actuals.assign(unit=actuals["unit"].fillna("").astype(str)) if "unit" in actuals.columns \
            else actuals.assign(unit="")
        load_units = units_loader(units, source.root if source is not None else None)
        problems = _unit_rows_problems(actuals, catalogue, load_units)
        if problems:
            raise ActualsError(problems)
        unit_rows = actuals[actuals["unit"] != ""]
        self.units = load_units() if not unit_rows.empty else self._units_if_readable(load_units)
        self.con = duckdb.connect(":memory:")
        indicators = catalogue.indicators.drop(columns=["group"]).assign(grp=catalogue.indicators["group"])
        self.con.register("_indicators", indicators)
        self.con.execute("CREATE TABLE indicators AS SELECT * FROM _indicators")
        self.con.register("_shares", catalogue.shares)
        self.con.execute("CREATE TABLE shares AS SELECT code, month::INTEGER AS month, share::DOUBLE AS share FROM _shares")
        _create_unit_tables(self.con, self.units, unit_rows[["year", "month", "unit", "code", "value", "note"]])
        self.con.register("_actuals", actuals[actuals["unit"] == ""])
        self.con.execute(
            "CREATE TABLE actuals AS SELECT year::INTEGER AS year, month::INTEGER AS month, code, "
            "value::DOUBLE AS value, note FROM _actuals "
            f"UNION ALL SELECT year, month, code, value, note FROM ({WARD_FROM_UNITS_SQL})"
        )
        for name in ("_indicators", "_shares", "_actuals"):
            self.con.unregister(name)

    @staticmethod
    def _units_if_readable(load_units: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        """The units for the ``units`` table when no figure needs them: an unreadable units.csv
        then leaves the table empty rather than stopping the dashboard."""
        try:
            return load_units()
        except ActualsError:
            return _empty_units()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def weighted_from_illustrative(self, year: int, month: int) -> list[str]:
        """Codes of the rates whose ward figure in months 1..``month`` of ``year`` was derived from
        groups' figures weighted by an illustrative population or household count
        (``units.csv``'s ``demo_figures``): such a ward figure must say what it rests on."""
        return [r[0] for r in self.cursor().execute(
            "SELECT DISTINCT u.code FROM unit_actuals u JOIN indicators i ON i.code = u.code "
            "JOIN units w ON w.code = u.unit WHERE u.year = $year AND u.month <= $m "
            "AND i.by_unit IN ('population', 'households') AND w.demo_figures ORDER BY 1",
            {"year": year, "m": month}).fetchall()]

    def periods(self) -> list[tuple[int, int]]:
        """(year, month) of every month that has any figure, oldest first."""
        return [tuple(r) for r in self.cursor().execute(
            "SELECT DISTINCT year, month FROM actuals ORDER BY year, month").fetchall()]


def open_store(targets: Path | None = None, root: Path | None = None, source: Source | None = None) -> Store:
    """Load the catalogue and every month of ``source`` (default: the resolved data folder)."""
    catalogue = load_catalogue(targets or targets_path())
    source = source or resolve_source(root)
    return Store(catalogue, read_actuals(source.root, catalogue), source)
