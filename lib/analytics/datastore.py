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
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from lib.core import texts
from lib.core.settings import DEFAULT_DATA_DIR, DEFAULT_TARGETS, DEMO_DIR, REPO, data_dir, targets_path  # noqa: F401
from lib.readers import org_units as units_mod
from lib.readers.catalogue import Catalogue, load_catalogue

# The data folder's places are defined in lib.core.settings (lib.readers.org_units needs them too, and lib.analytics.datastore
# imports lib.readers.org_units); the modules that read them as lib.analytics.datastore's find them here by the same names.

PLAN_YEAR = 2025
MONTH_FILE_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])\.csv$")
ACTUAL_COLUMNS = ["period", "indicator_code", "value", "note"]
UNIT_COLUMN = "unit"  # optional column of a month file: the reporting unit's code, empty = the ward
FRAME_COLUMNS = ["year", "month", "code", "value", "note", "unit"]


class ActualsError(ValueError):
    """A stored month file cannot be read; ``messages`` says where, in Vietnamese."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


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
    return sorted(p for p in folder.iterdir() if p.is_file() and MONTH_FILE_RE.match(p.name))


def resolve_source(root: Path | None = None) -> Source:
    """The real data folder when it holds any month, else the shipped demo."""
    root = Path(root) if root is not None else data_dir()
    if month_files(root):
        return Source(root, is_demo=False)
    return Source(DEMO_DIR, is_demo=True)


def units_file(root: Path) -> Path:
    """The units file the months of ``root`` are read with: the repository's for the shipped demo
    (its months name the repository's groups), else ``lib.readers.org_units.units_path()``."""
    if Path(root).resolve() == DEMO_DIR.resolve():
        return DEFAULT_DATA_DIR / units_mod.FILE_NAME
    return units_mod.units_path()


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


# The units table, a function returning it, a units file, or None (units.csv by the usual rule).
UnitsSource = pd.DataFrame | Callable[[], pd.DataFrame] | str | Path | None


def _units_loader(units, root: Path | None = None) -> Callable[[], pd.DataFrame]:
    """A function returning the units table, read at most once and only if some row needs it
    (a broken units.csv does not stop a dashboard whose months have no unit rows). A path: that
    file; None: the file of ``units_file(root)`` (``lib.readers.org_units.units_path()`` without a root)."""
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
                raise ActualsError(exc.messages) from exc
        return loaded[0]

    return load


def read_month_file(path: Path, catalogue: Catalogue, units: UnitsSource = None, *,
                    _cache: dict | None = None) -> pd.DataFrame:
    """One canonical month file as rows (year, month, code, value, note[, unit]); raises ActualsError.

    The column ``unit`` is there when the file has one ("" for the ward's rows), so that a file
    of the four original columns reads exactly as before. Unit rows are checked against ``units`` (a table from
    ``lib.readers.org_units.load_units``, a function returning one, or None: ``units.csv`` by the usual rule,
    read only when the file has unit rows). ``_cache``: lookups shared by the files of one
    ``read_actuals``."""
    m = MONTH_FILE_RE.match(path.name)
    period = f"{m.group(1)}-{m.group(2)}"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in ACTUAL_COLUMNS[:3] if c not in frame.columns]
    if missing:
        raise ActualsError([texts.ERR_ACTUALS_COLUMNS.format(file=path.name, cols=", ".join(missing))])
    if "note" not in frame.columns:
        frame["note"] = ""
    has_units = UNIT_COLUMN in frame.columns
    if not has_units:
        frame[UNIT_COLUMN] = ""
    load_units = _units_loader(units, path.parent.parent)
    cache = {} if _cache is None else _cache
    if "indicators" not in cache:
        ind = catalogue.indicators
        cache["indicators"] = {c: {"code": c, "name_vi": n, "by_unit": b}
                               for c, n, b in zip(ind["code"], ind["name_vi"], ind["by_unit"])}
    by_code = cache["indicators"]
    derived = catalogue.derived_codes()
    errors, rows = [], []
    seen: dict[tuple[str, str], int] = {}
    known: dict[str, dict] | None = None  # the units by code, once a row needs them

    def error(line: int, msg: str) -> None:
        errors.append(texts.ERR_ACTUALS_ROW.format(file=path.name, row=line, msg=msg))

    columns = [*ACTUAL_COLUMNS, UNIT_COLUMN]
    records = (dict(zip(columns, cells)) for cells in zip(*(frame[c].tolist() for c in columns)))
    for i, rec in enumerate(records):  # plain lists: DataFrame.to_dict is slow on a month of units
        line = i + 2
        code = rec["indicator_code"].strip().lower()
        unit = rec[UNIT_COLUMN].strip().lower()
        if rec["period"].strip() != period:
            error(line, f"kỳ “{rec['period']}” khác tên tệp {period}")
            continue
        if code not in by_code:
            error(line, f"mã chỉ tiêu “{code}” không có trong danh mục")
            continue
        if code in derived:  # totals are always computed from their parts
            continue
        try:
            value = float(rec["value"])
        except ValueError:
            error(line, f"giá trị “{rec['value']}” không phải một số")
            continue
        if unit:
            if known is None:
                if "units" not in cache:
                    cache["units"] = units_mod.by_code(load_units())
                known = cache["units"]
            if unit not in known:
                error(line, texts.ERR_ACTUALS_UNIT_UNKNOWN.format(unit=unit))
                continue
            problem = units_mod.report_problem(by_code[code], known[unit])
            if problem:
                error(line, problem)
                continue
            if (code, unit) in seen:
                error(line, texts.ERR_ACTUALS_UNIT_DUPLICATE.format(code=code, unit=unit, first=seen[code, unit]))
                continue
            seen[code, unit] = line
        rows.append({"year": int(m.group(1)), "month": int(m.group(2)), "code": code, "value": value,
                     "note": rec["note"], "unit": unit})
    first_unit_row: dict[str, int] = {}
    for (code, _unit), line in seen.items():
        first_unit_row.setdefault(code, line)
    for code in sorted(set(first_unit_row) & {r["code"] for r in rows if not r["unit"]}):
        error(first_unit_row[code], texts.ERR_ACTUALS_UNIT_MIXED.format(code=code))
    if errors:
        raise ActualsError(errors)
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    return frame if has_units else frame.drop(columns=[UNIT_COLUMN])


def _empty_actuals() -> pd.DataFrame:
    return pd.DataFrame({"year": pd.Series(dtype="int64"), "month": pd.Series(dtype="int64"),
                         "code": pd.Series(dtype=str), "value": pd.Series(dtype=float),
                         "note": pd.Series(dtype=str), "unit": pd.Series(dtype=str)})


def read_actuals(root: Path, catalogue: Catalogue, units: UnitsSource = None) -> pd.DataFrame:
    """Every month file of ``root/actuals``: ward and unit rows, column ``unit`` ("" = the ward)."""
    load_units = _units_loader(units, root)
    cache: dict = {}
    frames = [read_month_file(p, catalogue, load_units, _cache=cache) for p in month_files(root)]
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


def _unit_rows_problems(actuals: pd.DataFrame, catalogue: Catalogue,
                        load_units: Callable[[], pd.DataFrame]) -> list[str]:
    """Unit rows that cannot make a ward figure (for frames not read by read_month_file)."""
    unit_rows = actuals[actuals["unit"] != ""]
    if unit_rows.empty:
        return []
    known = units_mod.by_code(load_units())
    indicators = {r["code"]: r for r in catalogue.indicators.to_dict("records")}
    problems = []
    for r in unit_rows.drop_duplicates(["code", "unit"]).itertuples():
        where = f"{int(r.year)}-{int(r.month):02d}"
        if r.unit not in known:
            problems.append(f"{where}: " + texts.ERR_ACTUALS_UNIT_UNKNOWN.format(unit=r.unit))
        elif r.code in indicators:
            problem = units_mod.report_problem(indicators[r.code], known[r.unit])
            if problem:
                problems.append(f"{where}: {problem}")
    keys = ["year", "month", "code"]
    ward_keys = set(map(tuple, actuals.loc[actuals["unit"] == "", keys].itertuples(index=False)))
    for year, month, code in sorted(set(map(tuple, unit_rows[keys].itertuples(index=False))) & ward_keys):
        problems.append(f"{int(year)}-{int(month):02d}: " + texts.ERR_ACTUALS_UNIT_MIXED.format(code=code))
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
        load_units = _units_loader(units, source.root if source is not None else None)
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
