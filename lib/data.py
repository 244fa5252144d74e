"""Where the data lives, which months there are, and loading it all into DuckDB once.

Layout of a data folder: ``<dir>/actuals/YYYY-MM.csv``, one canonical file per month with the
columns ``period,indicator_code,value,note``. The folder is ``data/`` in the repository unless
the environment variable ``TQT_DATA_DIR`` points elsewhere (a persistent volume when hosted).
While it holds no month, the shipped demo months in ``data/demo/`` are used instead, never mixed.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from lib import texts
from lib.catalogue import Catalogue, load_catalogue

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO / "data"
DEMO_DIR = REPO / "data" / "demo"
DEFAULT_TARGETS = REPO / "data" / "targets_2025.csv"
PLAN_YEAR = 2025
MONTH_FILE_RE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])\.csv$")
ACTUAL_COLUMNS = ["period", "indicator_code", "value", "note"]


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


def data_dir() -> Path:
    return Path(os.environ.get("TQT_DATA_DIR") or DEFAULT_DATA_DIR)


def targets_path() -> Path:
    return Path(os.environ.get("TQT_TARGETS") or DEFAULT_TARGETS)


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


def data_version(source: Source, targets: Path) -> str:
    """A short fingerprint of every file the numbers depend on; changes whenever one does."""
    h = hashlib.sha1(str(source.root).encode())
    for path in [Path(targets), *month_files(source.root)]:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        h.update(f"{path.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def read_month_file(path: Path, catalogue: Catalogue) -> pd.DataFrame:
    """One canonical month file as rows (year, month, code, value, note); raises ActualsError."""
    m = MONTH_FILE_RE.match(path.name)
    period = f"{m.group(1)}-{m.group(2)}"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame.columns = [c.strip().lower() for c in frame.columns]
    missing = [c for c in ACTUAL_COLUMNS[:3] if c not in frame.columns]
    if missing:
        raise ActualsError([texts.ERR_ACTUALS_COLUMNS.format(file=path.name, cols=", ".join(missing))])
    if "note" not in frame.columns:
        frame["note"] = ""
    known = set(catalogue.codes())
    derived = catalogue.derived_codes()
    errors, rows = [], []
    for i, rec in enumerate(frame.to_dict("records")):
        line = i + 2
        code = rec["indicator_code"].strip().lower()
        if rec["period"].strip() != period:
            errors.append(texts.ERR_ACTUALS_ROW.format(file=path.name, row=line, msg=f"kỳ “{rec['period']}” khác tên tệp {period}"))
            continue
        if code not in known:
            errors.append(texts.ERR_ACTUALS_ROW.format(file=path.name, row=line, msg=f"mã chỉ tiêu “{code}” không có trong danh mục"))
            continue
        if code in derived:  # totals are always computed from their parts
            continue
        try:
            value = float(rec["value"])
        except ValueError:
            errors.append(texts.ERR_ACTUALS_ROW.format(file=path.name, row=line, msg=f"giá trị “{rec['value']}” không phải một số"))
            continue
        rows.append({"year": int(m.group(1)), "month": int(m.group(2)), "code": code, "value": value, "note": rec["note"]})
    if errors:
        raise ActualsError(errors)
    return pd.DataFrame(rows, columns=["year", "month", "code", "value", "note"])


def read_actuals(root: Path, catalogue: Catalogue) -> pd.DataFrame:
    frames = [read_month_file(p, catalogue) for p in month_files(root)]
    if not frames:
        return pd.DataFrame({"year": pd.Series(dtype="int64"), "month": pd.Series(dtype="int64"),
                             "code": pd.Series(dtype=str), "value": pd.Series(dtype=float),
                             "note": pd.Series(dtype=str)})
    return pd.concat(frames, ignore_index=True)


class Store:
    """One DuckDB connection holding the catalogue and the actuals of one data version.

    Tables: ``indicators`` (the catalogue), ``shares`` (monthly profile shares of the summed
    indicators) and ``actuals`` (every reported month). Queries open their own cursor, so one
    Store can serve many Streamlit sessions at once.
    """

    def __init__(self, catalogue: Catalogue, actuals: pd.DataFrame, source: Source | None = None):
        self.catalogue = catalogue
        self.source = source
        self.con = duckdb.connect(":memory:")
        indicators = catalogue.indicators.drop(columns=["group"]).assign(grp=catalogue.indicators["group"])
        self.con.register("_indicators", indicators)
        self.con.execute("CREATE TABLE indicators AS SELECT * FROM _indicators")
        self.con.register("_shares", catalogue.shares)
        self.con.execute("CREATE TABLE shares AS SELECT code, month::INTEGER AS month, share::DOUBLE AS share FROM _shares")
        self.con.register("_actuals", actuals)
        self.con.execute(
            "CREATE TABLE actuals AS SELECT year::INTEGER AS year, month::INTEGER AS month, code, "
            "value::DOUBLE AS value, note FROM _actuals"
        )
        for name in ("_indicators", "_shares", "_actuals"):
            self.con.unregister(name)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.con.cursor()

    def periods(self) -> list[tuple[int, int]]:
        """(year, month) of every month that has any figure, oldest first."""
        return [tuple(r) for r in self.cursor().execute(
            "SELECT DISTINCT year, month FROM actuals ORDER BY year, month").fetchall()]


def open_store(targets: Path | None = None, root: Path | None = None, source: Source | None = None) -> Store:
    """Load the catalogue and every month of ``source`` (default: the resolved data folder)."""
    catalogue = load_catalogue(targets or targets_path())
    source = source or resolve_source(root)
    return Store(catalogue, read_actuals(source.root, catalogue), source)
