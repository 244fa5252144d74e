"""The indicator catalogue: reading and checking ``data/targets_2025.csv``.

The targets file is the one place where indicators are defined (code, sector, Vietnamese name,
unit, target, direction, aggregation, bounds, seasonal profile, parent). This module reads it,
checks every row and returns a clean table; problems come back as Vietnamese messages naming the
row and column.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib.core import normalise, texts
from lib.core.problems import Problem, ProblemsError, problem

REQUIRED = ["code", "sector", "name_vi", "unit", "target", "direction", "aggregation"]
OPTIONAL = ["integer", "min", "max", "group", "name_en", "profile", "parent", "relation", "section", "by_unit",
            "assessed"]
SECTORS = tuple(texts.SECTORS)
DIRECTIONS = ("at_least", "at_most")
AGGREGATIONS = ("sum", "last")
RELATIONS = ("component", "of_which")
# How the figures of the residential groups make the ward's figure (lib/readers/org_units.py, lib/analytics/datastore.py):
# ``sum`` of counts and flows, or a rate's mean weighted by ``population`` or ``households``.
BY_UNIT = ("sum", "population", "households")
RATE_UNITS = ("%", "‰")
CODE_RE = re.compile(r"^[A-Za-z0-9_]+$")

# The range a value of each unit can take at all (the targets' own min/max narrow it further).
UNIT_RANGES = {
    "%": (0.0, 100.0),
    "‰": (-1000.0, 1000.0),
    "đạt": (0.0, 1.0),
}
DEFAULT_RANGE = (0.0, math.inf)  # amounts and counts are never negative


class CatalogueError(ProblemsError):
    """The targets file cannot be used; ``problems`` lists every problem (``messages``: in Vietnamese)."""


@dataclass(frozen=True)
class Catalogue:
    """The checked indicators (one row each, in file order) and their monthly profile shares."""

    indicators: pd.DataFrame
    shares: pd.DataFrame  # code, month, share (fraction of the year's amount due in that month)

    def codes(self) -> list[str]:
        return self.indicators["code"].tolist()

    def get(self, code: str) -> dict:
        row = self.indicators.loc[self.indicators["code"] == code.lower()]
        if row.empty:
            raise KeyError(code)
        return row.iloc[0].to_dict()

    def derived_codes(self) -> set[str]:
        return set(self.indicators.loc[self.indicators["derived"], "code"])


def _parse_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_profile(text: str) -> list[float] | None:
    parts = [p for p in re.split(r"[\s;|]+", text.strip()) if p]
    if len(parts) != 12:
        return None
    values = [_parse_number(p) for p in parts]
    if any(v is None or v < 0 for v in values) or abs(sum(values) - 100) > 0.01:
        return None
    return [v / 100 for v in values]


def _parse_assessed(text: str) -> int | None | bool:
    """The ``assessed`` cell: None when empty, the month 1–12, or False when it is neither."""
    if not text:
        return None
    if re.fullmatch(r"\d{1,2}", text) and 1 <= int(text) <= 12:
        return int(text)
    return False


def bounds(row: dict) -> tuple[float, float]:
    """Valid range of one value of the indicator: its own min/max within the unit's range."""
    lo, hi = UNIT_RANGES.get(row["unit"], DEFAULT_RANGE)
    if row.get("min") is not None and not pd.isna(row["min"]):
        lo = max(lo, float(row["min"]))
    if row.get("max") is not None and not pd.isna(row["max"]):
        hi = min(hi, float(row["max"]))
    return lo, hi


def _by_unit_problem(by_unit: str, unit: str) -> str | None:
    """Why a ``by_unit`` value cannot be right for an indicator of ``unit``, or None: a rate is
    never the sum (nor the plain mean) of the groups' rates, a count is never weighted. The
    answer is the problem's code (a message of ``lib.core.texts``)."""
    if not by_unit:
        return None
    if by_unit not in BY_UNIT:
        return "TARGETS_AT_BY_UNIT_VALUE"
    if unit == "đạt":
        return "TARGETS_AT_BY_UNIT_BINARY"
    if unit in RATE_UNITS and by_unit == "sum":
        return "TARGETS_AT_BY_UNIT_RATE_SUM"
    if unit not in RATE_UNITS and by_unit != "sum":
        return "TARGETS_AT_BY_UNIT_WEIGHTED"
    return None


def _read_row(rec: dict, i: int, err) -> dict:
    """One row of the targets file, checked (problems go to ``err(line, column, code, **params)``)."""
    line = i + 2  # header is line 1
    rec = {k: normalise.clean(v) for k, v in rec.items()}
    code = rec["code"]
    if not CODE_RE.match(code):
        err(line, "code", "TARGETS_AT_CODE")
    if rec["sector"] not in SECTORS:
        err(line, "sector", "TARGETS_AT_SECTOR", sectors=", ".join(SECTORS))
    if not rec["name_vi"]:
        err(line, "name_vi", "TARGETS_AT_NAME")
    if not rec["unit"]:
        err(line, "unit", "TARGETS_AT_UNIT")
    target = _parse_number(rec["target"])
    if target is None:
        err(line, "target", "TARGETS_AT_TARGET", value=rec["target"])
    if rec["direction"] not in DIRECTIONS:
        err(line, "direction", "TARGETS_AT_DIRECTION")
    if rec["aggregation"] not in AGGREGATIONS:
        err(line, "aggregation", "TARGETS_AT_AGGREGATION")
    integer_text = rec["integer"].lower()
    if not normalise.is_flag(integer_text):
        err(line, "integer", "TARGETS_AT_INTEGER")
    bound = {}
    for col in ("min", "max"):
        bound[col] = _parse_number(rec[col]) if rec[col] else None
        if rec[col] and bound[col] is None:
            err(line, col, "TARGETS_AT_NUMBER", value=rec[col])
    profile = None
    if rec["profile"]:
        profile = _parse_profile(rec["profile"])
        if profile is None:
            err(line, "profile", "TARGETS_AT_PROFILE")
        elif rec["aggregation"] != "sum":
            err(line, "profile", "TARGETS_AT_PROFILE_NOT_SUM")
    if rec["relation"] and rec["relation"] not in RELATIONS:
        err(line, "relation", "TARGETS_AT_RELATION")
    if bool(rec["relation"]) != bool(rec["parent"]):
        err(line, "parent", "TARGETS_AT_PARENT_RELATION")
    assessed = _parse_assessed(rec["assessed"])
    if assessed is False:
        err(line, "assessed", "TARGETS_AT_ASSESSED", value=rec["assessed"])
    by_unit = rec["by_unit"].lower()
    by_unit_problem = _by_unit_problem(by_unit, rec["unit"])
    if by_unit_problem:
        err(line, "by_unit", by_unit_problem)
    return {
        "code": code.lower(),
        "sector": rec["sector"],
        "group": rec["group"] or rec["sector"],
        "name_vi": rec["name_vi"],
        "name_en": rec["name_en"],
        "unit": rec["unit"],
        "target": target,
        "decimals": len(rec["target"].split(".")[1]) if "." in rec["target"] else 0,
        "direction": rec["direction"],
        "aggregation": rec["aggregation"],
        "integer": normalise.flag(integer_text),
        "min": bound["min"],
        "max": bound["max"],
        "parent": rec["parent"].lower() or None,
        "relation": rec["relation"] or None,
        "section": rec["section"],
        "by_unit": by_unit,  # "" when not reported per unit
        "assessed": assessed or None,  # the month the indicator is judged in; None: every month
        "ord": i,
        "_line": line,
        "_profile": profile,
    }


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and check a targets file of the documented format."""
    path = Path(path)
    if not path.is_file():
        raise CatalogueError([problem("ERR_TARGETS_MISSING", path=path)])
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw.columns = [c.strip().lower() for c in raw.columns]
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise CatalogueError([problem("ERR_TARGETS_COLUMNS", cols=", ".join(missing))])
    for col in OPTIONAL:
        if col not in raw.columns:
            raw[col] = ""

    errors: list[Problem] = []
    rows: list[dict] = []
    shares: list[dict] = []

    def err(line: int, col: str, what: str, /, **params) -> None:
        errors.append(Problem(what, params, line, col))

    for i, rec in enumerate(raw.to_dict("records")):
        rows.append(_read_row(rec, i, err))

    by_code: dict[str, dict] = {}
    for row in rows:
        if row["code"] in by_code:
            err(row["_line"], "code", "TARGETS_AT_DUPLICATE", code=row["code"], first=by_code[row["code"]]["_line"])
        by_code.setdefault(row["code"], row)
    for row in rows:
        row["derived"] = any(r["parent"] == row["code"] and r["relation"] == "component" for r in rows)
    for row in rows:
        parent = by_code.get(row["parent"]) if row["parent"] else None
        if row["parent"] and parent is None:
            err(row["_line"], "parent", "TARGETS_AT_PARENT_UNKNOWN", parent=row["parent"])
            continue
        if parent is None:
            continue
        if parent["unit"] != row["unit"] or parent["aggregation"] != row["aggregation"]:
            err(row["_line"], "parent", "TARGETS_AT_PARENT_UNIT")
        if parent["parent"]:
            err(row["_line"], "parent", "TARGETS_AT_PARENT_LEVELS")
        if row["relation"] == "component" and row["assessed"] != parent["assessed"]:
            err(row["_line"], "assessed", "TARGETS_AT_ASSESSED_PARENT")
    for row in rows:
        if row["derived"] and row["by_unit"]:
            err(row["_line"], "by_unit", "TARGETS_AT_BY_UNIT_DERIVED")
        if row["derived"] and row["target"] is not None:
            parts = [r for r in rows if r["parent"] == row["code"] and r["relation"] == "component"]
            total = sum(r["target"] or 0 for r in parts)
            if abs(total - row["target"]) > 1e-9 * max(1.0, abs(total)):
                err(row["_line"], "target", "TARGETS_AT_PARTS_SUM", target=row["target"], total=total)
            if row["_profile"] is not None:
                err(row["_line"], "profile", "TARGETS_AT_PROFILE_DERIVED")
        lo, hi = bounds(row)
        if lo > hi:
            err(row["_line"], "min", "TARGETS_AT_MIN_MAX")

    if errors:
        raise CatalogueError(errors)

    for row in rows:
        if row["aggregation"] == "sum" and not row["derived"]:
            monthly = row["_profile"] or [1 / 12] * 12
            shares.extend({"code": row["code"], "month": m + 1, "share": s} for m, s in enumerate(monthly))
    indicators = pd.DataFrame([{k: v for k, v in r.items() if not k.startswith("_")} for r in rows])
    indicators["has_profile"] = [r["_profile"] is not None for r in rows]
    indicators["assessed"] = indicators["assessed"].astype("Int64")
    return Catalogue(indicators=indicators, shares=pd.DataFrame(shares, columns=["code", "month", "share"]))
