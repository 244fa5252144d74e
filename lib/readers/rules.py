"""The emulation rules file: reading and checking ``emulation_rules_2025.csv``.

The criteria of the emulation movement live in a data file (``data/emulation_rules_2025.csv``, or
the file of the same name in the data folder), so the ward changes them without touching code.
``load_rules`` reads and checks it; every problem comes back in one ``RulesError``, each naming
its row and column. What the rules mean, and how they score, is ``lib.analytics.scoring``.
"""
from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from lib.core import normalise
from lib.core.problems import Problem, ProblemsError, problem
from lib.core.settings import REPO, data_dir, targets_path
from lib.readers import org_units as units_mod
from lib.readers.catalogue import Catalogue, load_catalogue

RULES_FILE = "emulation_rules_2025.csv"
DEFAULT_RULES = REPO / "data" / RULES_FILE

COLUMNS = ["id", "name_vi", "short_vi", "applies_to", "kind", "indicator", "measure", "weight", "mapping",
           "zero_at", "full_at", "points", "condition", "note_vi"]
REQUIRED = ["id", "name_vi", "applies_to", "kind", "weight"]
UNIT_KINDS = ("residential_group", "department")
KINDS = ("indicator", "field", "tasks", "bonus", "penalty")
SCORED_KINDS = ("indicator", "field", "tasks")  # earn points through a mapping
MAPPINGS = ("linear", "threshold")
MEASURES = ("on_schedule", "completed", "progress")
BONUS_CONDITIONS = ("all_tasks_on_time", "task_done", "indicator_met")
PENALTY_CONDITIONS = ("task_late", "month_missing")
ID_RE = re.compile(r"^[a-z0-9_]+$")
SPLIT = re.compile(r"[\s,;]+")


class RulesError(ProblemsError):
    """The rules file cannot be used; ``problems`` lists every problem (``messages``: in Vietnamese)."""


def rules_path() -> Path:
    """The ward's own rules in the data folder when it has them, else the shipped defaults."""
    own = data_dir() / RULES_FILE
    return own if own.is_file() else DEFAULT_RULES


# --- the rules file ---------------------------------------------------------------------------

def number(text: str) -> float | None:
    """A finite number written with a decimal point (92.5), else None."""
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def field_codes(tokens: tuple[str, ...], indicators: pd.DataFrame) -> list[str]:
    """Indicator codes of a field given as ``sector:…``, ``group:…`` or codes, in catalogue order."""
    wanted = set(tokens)
    return [code for code, sector, group in zip(indicators["code"], indicators["sector"], indicators["group"])
            if code in wanted or f"sector:{sector}" in wanted or f"group:{group}" in wanted]


def load_rules(path: str | Path | None = None, *, units: pd.DataFrame | None = None,
               catalogue: Catalogue | None = None, task_ids: set[str] | None = None) -> pd.DataFrame:
    """Read and check a rules file of the documented format (see the module docstring and README).

    ``units`` and ``catalogue`` default to the shipped ones; ``task_ids``, when given, lets
    ``task_done:<id>`` be checked against the tasks file. Returns one row per rule in file order
    with ``units`` (the unit codes it applies to), parsed numbers and ``condition_arg``.
    """
    path = Path(path) if path is not None else rules_path()
    if units is None:
        units = units_mod.load_units()
    if catalogue is None:
        catalogue = load_catalogue(targets_path())
    if not path.is_file():
        raise RulesError([problem("EMU_ERR_MISSING", path=path)])
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise RulesError([problem("EMU_ERR_ENCODING", path=path.name)]) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise RulesError([problem("EMU_ERR_UNREADABLE", path=path.name, msg=exc)]) from None
    raw.columns = [c.strip().lower() for c in raw.columns]
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise RulesError([problem("EMU_ERR_COLUMNS", cols=", ".join(missing))])
    for col in COLUMNS:
        if col not in raw.columns:
            raw[col] = ""

    checker = RuleChecker(units, catalogue, task_ids)
    rows = [checker.check(i + 2, {c: normalise.clean(v) for c, v in rec.items()}) for i, rec in enumerate(raw.to_dict("records"))]
    if not rows and not checker.errors:
        checker.errors.append(problem("EMU_ERR_EMPTY"))
    if checker.errors:
        raise RulesError(checker.errors)
    frame = pd.DataFrame(rows)
    frame["ord"] = range(len(frame))
    return frame


class RuleChecker:
    """Checks one row at a time, collecting every problem (row, column, what is wrong)."""

    def __init__(self, units: pd.DataFrame, catalogue: Catalogue, task_ids: set[str] | None):
        self.units = units
        self.unit_kind = dict(zip(units["code"], units["kind"]))
        self.of_kind = {k: [c for c, kind in self.unit_kind.items() if kind == k] for k in UNIT_KINDS}
        self.indicators = catalogue.indicators
        self.codes = set(self.indicators["code"])
        self.sectors = set(self.indicators["sector"])
        self.groups = set(self.indicators["group"].dropna())
        self.by_unit = self._by_unit(catalogue)
        self.task_ids = task_ids
        self.seen: set[str] = set()
        self.errors: list[Problem] = []

    @staticmethod
    def _by_unit(catalogue: Catalogue) -> set[str] | None:
        """Indicators reported per unit (targets column ``by_unit``), or None when the catalogue
        does not say (then any non-derived indicator is accepted)."""
        ind = catalogue.indicators
        if "by_unit" not in ind.columns:
            return None
        given = ind["by_unit"].fillna("").astype(str).str.strip()
        return set(ind.loc[given != "", "code"])

    def err(self, line: int, col: str, what: str, /, **params) -> None:
        self.errors.append(Problem(what, params, line, col))

    def check(self, line: int, rec: dict) -> dict:
        rule_id, kind = rec["id"].lower(), rec["kind"].lower()
        if not ID_RE.match(rule_id):
            self.err(line, "id", "EMU_AT_ID", value=rec["id"])
        elif rule_id in self.seen:
            self.err(line, "id", "EMU_AT_ID_DUP", value=rule_id)
        self.seen.add(rule_id)
        if not rec["name_vi"]:
            self.err(line, "name_vi", "EMU_AT_EMPTY_CELL")
        if kind not in KINDS:
            self.err(line, "kind", "EMU_AT_KIND", value=rec["kind"], allowed=", ".join(KINDS))
        units = self._applies_to(line, rec["applies_to"])
        weight = number(rec["weight"])
        if weight is None or weight <= 0:
            self.err(line, "weight", "EMU_AT_WEIGHT", value=rec["weight"])
        row = {"id": rule_id, "name_vi": rec["name_vi"], "short_vi": rec["short_vi"] or rec["name_vi"],
               "applies_to": rec["applies_to"], "kind": kind, "indicator": rec["indicator"].lower(),
               "measure": rec["measure"].lower(), "weight": weight, "mapping": rec["mapping"].lower(),
               "zero_at": None, "full_at": None, "points": None, "condition": "", "condition_arg": "",
               "note_vi": rec["note_vi"], "units": units, "field_codes": ()}
        if kind in SCORED_KINDS:
            self._scored(line, rec, row)
        elif kind in ("bonus", "penalty"):
            self._bonus_penalty(line, rec, row)
        if kind == "indicator" or row["condition"] in ("month_missing", "indicator_met"):
            departments = [u for u in units if self.unit_kind.get(u) == "department"]
            if departments:  # only residential groups report figures of their own
                self.err(line, "applies_to", "EMU_AT_GROUPS_ONLY", units=", ".join(departments))
        return row

    def _applies_to(self, line: int, text: str) -> tuple[str, ...]:
        tokens = [t.lower() for t in SPLIT.split(text) if t]
        if not tokens:
            self.err(line, "applies_to", "EMU_AT_EMPTY_CELL")
            return ()
        chosen: list[str] = []
        for token in tokens:
            if token in UNIT_KINDS:
                chosen += self.of_kind[token]
            elif token in self.unit_kind:
                chosen.append(token)
            else:
                self.err(line, "applies_to", "EMU_AT_UNIT", value=token)
        return tuple(dict.fromkeys(chosen))

    def _indicator(self, line: int, code: str, per_unit: bool) -> None:
        if not code:
            self.err(line, "indicator", "EMU_AT_EMPTY_CELL")
        elif code not in self.codes:
            self.err(line, "indicator", "EMU_AT_INDICATOR", value=code)
        elif per_unit and self.by_unit is not None and code not in self.by_unit:
            self.err(line, "indicator", "EMU_AT_NOT_BY_UNIT", value=code)

    def _scored(self, line: int, rec: dict, row: dict) -> None:
        kind = row["kind"]
        if kind == "indicator":
            self._indicator(line, row["indicator"], per_unit=True)
        elif kind == "field":
            tokens = tuple(t.lower() for t in SPLIT.split(rec["indicator"]) if t)
            bad = [t for t in tokens if not self._field_token(t)]
            if not tokens:
                self.err(line, "indicator", "EMU_AT_EMPTY_CELL")
            for token in bad:
                self.err(line, "indicator", "EMU_AT_FIELD", value=token)
            row["indicator"] = tokens
            row["field_codes"] = tuple(field_codes(tokens, self.indicators)) if not bad else ()
        elif row["measure"] not in MEASURES:
            self.err(line, "measure", "EMU_AT_MEASURE", value=rec["measure"], allowed=", ".join(MEASURES))
        if row["mapping"] not in MAPPINGS:
            self.err(line, "mapping", "EMU_AT_MAPPING", value=rec["mapping"], allowed=", ".join(MAPPINGS))
            return
        full = number(rec["full_at"])
        if full is None:
            self.err(line, "full_at", "EMU_AT_NUMBER", value=rec["full_at"])
        row["full_at"] = full
        if row["mapping"] == "linear":
            zero = number(rec["zero_at"])
            if zero is None:
                self.err(line, "zero_at", "EMU_AT_NUMBER", value=rec["zero_at"])
            elif full is not None and zero >= full:
                self.err(line, "zero_at", "EMU_AT_ZERO_FULL", zero=rec["zero_at"], full=rec["full_at"])
            row["zero_at"] = zero

    def _field_token(self, token: str) -> bool:
        kind, _, name = token.partition(":")
        if kind == "sector" and name:
            return name in self.sectors
        if kind == "group" and name:
            return name in self.groups
        return token in self.codes

    def _bonus_penalty(self, line: int, rec: dict, row: dict) -> None:
        points = number(rec["points"])
        if points is None or points <= 0:
            self.err(line, "points", "EMU_AT_POINTS", value=rec["points"])
        row["points"] = points
        condition, _, arg = rec["condition"].partition(":")
        condition, arg = condition.strip().lower(), arg.strip()
        allowed = BONUS_CONDITIONS if row["kind"] == "bonus" else PENALTY_CONDITIONS
        if condition not in allowed:
            self.err(line, "condition", "EMU_AT_CONDITION",
                     value=rec["condition"], kind=row["kind"], allowed=", ".join(allowed))
            return
        row["condition"], row["condition_arg"] = condition, arg
        if condition == "task_done":
            if not arg:
                self.err(line, "condition", "EMU_AT_TASK_ID")
            elif self.task_ids is not None and arg not in self.task_ids:
                self.err(line, "condition", "EMU_AT_TASK_UNKNOWN", value=arg)
        if condition == "indicator_met":
            self._indicator(line, row["indicator"], per_unit=True)


