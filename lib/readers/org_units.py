"""Reporting units: the ward's residential groups (tổ dân phố) and its departments (``units.csv``).

Some indicators are collected per tổ dân phố (health insurance coverage, poverty rates, new jobs …);
the ward's figure is then derived from the groups' figures (``lib.analytics.datastore``), weighted by the groups'
population or households for a rate. This module reads and checks the list of units, finds a unit
from what staff typed (code or name), and says whether a unit may report an indicator. No Streamlit.

File: ``<data dir>/units.csv`` when it exists (a deployment's own list), else the repository's
``data/units.csv``. Columns ``code, name_vi, kind`` (required), ``population, households,
demo_name, demo_figures`` (optional). ``demo_name`` = true marks a name invented for the demo (the
plan names no groups but Trường Thọ Tây A); such names are always shown with a marker
(``display_name``). ``demo_figures`` = true marks a population and household count that are
illustrative, not the ward's own census: a ward rate weighted by them, and a group's share of a
target, are then said to rest on illustrative weights (``illustrative_weights``).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pandas as pd

from lib.core import normalise, settings, texts
from lib.core.problems import Problem, ProblemsError, problem

FILE_NAME = "units.csv"
REQUIRED = ["code", "name_vi", "kind"]
OPTIONAL = ["population", "households", "demo_name", "demo_figures"]
RESIDENTIAL = "residential_group"
DEPARTMENT = "department"
KINDS = (RESIDENTIAL, DEPARTMENT)
# The weights a rate's ward value may use (the targets file's ``by_unit``: lib.readers.catalogue.BY_UNIT).
WEIGHTS = ("population", "households")
CODE_RE = re.compile(r"^[A-Za-z0-9_]+$")
COLUMNS = ["code", "name_vi", "kind", "population", "households", "demo_name", "demo_figures", "display_name",
           "ord"]


class UnitsError(ProblemsError):
    """The units file cannot be used; ``problems`` lists every problem (``messages``: in Vietnamese)."""


def units_path() -> Path:
    """``<data dir>/units.csv`` if the data folder has one, else the repository's ``data/units.csv``."""
    own = settings.data_dir() / FILE_NAME
    return own if own.is_file() else settings.DEFAULT_DATA_DIR / FILE_NAME


def key(text: str) -> str:
    """Comparison key of a code or a name: NFC, casefolded, one space, ``_`` and ``-`` as spaces."""
    text = normalise.clean(text).casefold().replace("_", " ")
    return " ".join(text.split())


def display_name(row) -> str:
    """The unit's name as shown everywhere: an invented (demo) name carries “(tên minh họa)”."""
    return f"{row['name_vi']}{texts.UNIT_DEMO_MARK}" if bool(row.get("demo_name")) else row["name_vi"]


def illustrative_weights(units: pd.DataFrame) -> list[str]:
    """The residential groups whose population and households are illustrative (``demo_figures``),
    by display name, in file order: a rate weighted by them is not the ward's own figure."""
    if units is None or units.empty or "demo_figures" not in units.columns:
        return []
    rows = units[(units["kind"] == RESIDENTIAL) & units["demo_figures"].astype(bool)]
    return rows["display_name"].tolist()


def _count(text: str) -> int | None:
    """A positive whole number written plainly (812), else None."""
    return int(text) if text.isdigit() and int(text) > 0 else None


def load_units(path: str | Path | None = None) -> pd.DataFrame:
    """Read and check a units file (default: ``units_path()``); one row per unit, in file order.

    Columns: code (lower case), name_vi, kind, population and households (nullable integers),
    demo_name and demo_figures (bool), display_name, ord. Raises UnitsError listing every problem."""
    path = Path(path) if path is not None else units_path()
    if not path.is_file():
        raise UnitsError([problem("ERR_UNITS_MISSING", path=path)])
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UnitsError([problem("ERR_UNITS_UNREADABLE", path=path, msg=exc)]) from exc
    raw.columns = [c.strip().lower() for c in raw.columns]
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise UnitsError([problem("ERR_UNITS_COLUMNS", path=path, cols=", ".join(missing))])
    errors: list[Problem] = []
    rows: list[dict] = []
    codes: dict[str, int] = {}
    names: dict[str, int] = {}

    def err(line: int, col: str, what: str, /, **params) -> None:
        errors.append(Problem(what, {"file": path.name, **params}, line, col))

    for i, rec in enumerate(raw.to_dict("records")):
        line = i + 2  # the header is line 1
        rec = {k: normalise.clean(v) for k, v in rec.items()}
        code, name, kind = rec["code"], rec["name_vi"], rec["kind"]
        if not CODE_RE.match(code):
            err(line, "code", "UNITS_AT_CODE", code=code)
        elif code.lower() in codes:
            err(line, "code", "UNITS_AT_DUPLICATE", value=code, first=codes[code.lower()])
        else:
            codes[code.lower()] = line
        if not name:
            err(line, "name_vi", "UNITS_AT_NAME")
        elif key(name) in names:
            err(line, "name_vi", "UNITS_AT_DUPLICATE", value=name, first=names[key(name)])
        else:
            names[key(name)] = line
        if kind not in KINDS:
            err(line, "kind", "UNITS_AT_KIND", kind=kind, kinds=", ".join(KINDS))
        counts = {}
        for col in WEIGHTS:
            text = rec.get(col, "")
            counts[col] = _count(text)
            if text and counts[col] is None:
                err(line, col, "UNITS_AT_COUNT", value=text)
            elif not text and kind == RESIDENTIAL:
                err(line, col, "UNITS_AT_COUNT_MISSING")
        flags = {}
        for col in ("demo_name", "demo_figures"):
            flags[col] = rec.get(col, "").lower()
            if not normalise.is_flag(flags[col]):
                err(line, col, "UNITS_AT_FLAG", value=rec.get(col, ""))
        rows.append({"code": code.lower(), "name_vi": name, "kind": kind, "population": counts["population"],
                     "households": counts["households"], "demo_name": normalise.flag(flags["demo_name"]),
                     "demo_figures": normalise.flag(flags["demo_figures"]), "ord": i})
    if not rows:
        errors.append(problem("ERR_UNITS_EMPTY", path=path))
    if errors:
        raise UnitsError(errors)
    frame = pd.DataFrame(rows)
    frame["display_name"] = [display_name(r) for r in rows]
    for col in WEIGHTS:
        frame[col] = frame[col].astype("Int64")
    return frame[COLUMNS]


def residential(units: pd.DataFrame) -> pd.DataFrame:
    """The residential groups, in file order: the units that report by-unit indicators."""
    return units[units["kind"] == RESIDENTIAL].reset_index(drop=True)


def by_code(units: pd.DataFrame) -> dict[str, dict]:
    return {r["code"]: r for r in units.to_dict("records")}


def find(units: pd.DataFrame, written: str) -> dict | None:
    """The unit staff meant by ``written``: its code, its name or its shown name (any case and
    spacing), else None."""
    wanted = key(written)
    if not wanted:
        return None
    for row in units.to_dict("records"):
        if wanted in (key(row["code"]), key(row["name_vi"]), key(row["display_name"])):
            return row
    return None


def closest(units: pd.DataFrame, written: str) -> dict | None:
    """The unit most probably meant by a code or name that matches none (a typo, “tdp 3”, “Tổ 3”)."""
    wanted = key(written)
    if not wanted:
        return None
    records = units.to_dict("records")
    number = re.fullmatch(r"\D*?0*(\d+)", wanted)
    if number:  # “tdp3”, “tổ 3”, “TDP-03”: the residential group with that number, if only one has it
        hits = [r for r in records if r["kind"] == RESIDENTIAL
                and re.search(rf"(?<!\d)0*{number.group(1)}$", key(r["name_vi"]))]
        if len(hits) == 1:
            return hits[0]
    candidates = {key(r["code"]): r for r in records}
    candidates.update({key(r["name_vi"]): r for r in records})
    close = difflib.get_close_matches(wanted, list(candidates), n=1, cutoff=0.6)
    if close:
        return candidates[close[0]]
    plain = {_plain(k): r for k, r in candidates.items()}  # typed without diacritics: “truong tho tay”
    close = difflib.get_close_matches(_plain(wanted), list(plain), n=1, cutoff=0.75)
    return plain[close[0]] if close else None


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def by_unit(ind: dict) -> str:
    """How the indicator's ward value is made from its groups' (``sum``, ``population``,
    ``households``), or "" when it is not reported per unit."""
    value = ind.get("by_unit")
    return value if isinstance(value, str) else ""


def report_check(ind: dict, unit: dict) -> Problem | None:
    """Why ``unit`` may not report indicator ``ind`` on its own, or None: only by-unit indicators
    are reported per unit, and only by residential groups. Codes ``ERR_UNIT_NOT_BY_UNIT``,
    ``ERR_UNIT_NOT_RESIDENTIAL``; params ``name`` (the indicator's) and ``unit`` (shown name)."""
    if not by_unit(ind):
        return problem("ERR_UNIT_NOT_BY_UNIT", name=ind["name_vi"], unit=display_name(unit))
    if unit["kind"] != RESIDENTIAL:
        return problem("ERR_UNIT_NOT_RESIDENTIAL", name=ind["name_vi"], unit=display_name(unit))
    return None
