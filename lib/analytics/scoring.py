"""The emulation scoreboard (“Thi đua”): the rules file, each unit's points, the ranking.

Section III of the 2025 plan launches an emulation movement: the ward's departments (bộ phận) and
its 12 residential groups (tổ dân phố) register commitments and are commended at the end of the
year. The criteria live in a data file (``data/emulation_rules_2025.csv``, or the file of the same
name in the data folder), so the ward changes them without touching code. This module, without
Streamlit:

* ``lib.readers.rules.load_rules`` reads and checks that file; every problem comes back naming
  its row and column (``RulesError``);
* ``unit_values`` / ``unit_months`` read the residential groups' own figures (the Store's
  ``unit_actuals`` table) in DuckDB SQL;
* ``score`` turns rules and plain input tables into a ranking and a breakdown — pure and
  deterministic, so tests feed it hand-made tables;
* ``ranking_table`` gives the ranking with Vietnamese headings for the page's download and the
  monthly report; ``scoreboard`` does everything from a Store for callers that want it all.

How a criterion earns points (the documented vocabulary of the rules file):

* ``indicator`` — a residential group's own value of an indicator reported per unit, as of the
  month (``last``: its latest level; ``sum``: its months added up). Achievement is computed as in
  ``lib.analytics.formulas``: at_least → value ÷ target × 100; at_most → 100 + (target − value) ÷ target ×
  100 (100% on the ceiling, more below it; never below 0). A rate's target is the ward's; a
  count's (new jobs) is the unit's share of the ward's: ward target × unit population ÷ population
  of all groups.
* ``field`` — the ward's progress score (0–100, as the overview's sector cards: each indicator of
  the field with data counts ``analytics.STATUS_POINTS`` of its status) over a field given as
  ``sector:…``, ``group:…`` or indicator codes; departments are mapped to fields in the file.
* ``tasks`` — the unit's tasks (``lib.analytics.tasks``), as of the month's end: ``on_schedule`` % not late,
  ``completed`` % done, ``progress`` the mean of progress ÷ the linear schedule (capped at 100%).
* ``mapping`` turns that achievement into points: ``linear`` from 0 points at ``zero_at`` to the
  full ``weight`` at ``full_at``; ``threshold`` the full weight from ``full_at`` on, else 0.
* ``bonus`` adds ``points`` once when its ``condition`` holds (``all_tasks_on_time``,
  ``task_done:<task id>``, ``indicator_met``); ``penalty`` takes ``points`` off per occurrence
  (``task_late`` per late task, ``month_missing`` per month in which other groups reported and
  this one did not), never more than ``weight`` in all.

Fair scoring (the rule, once): a criterion that does not apply to a unit — a department that owns
no task (the tasks criteria, their bonus and penalty), an indicator before the month it is judged
in (catalogue column ``assessed``), a flow before any of its year is due — and a criterion whose
figures the unit lacks (no figure of its own, no tasks list, no population) is left out of the
unit's maximum instead of scoring 0 (breakdown ``state``: ``not_applicable`` / ``no_data``). A
flow (``sum``, e.g. new jobs) is judged against what is expected by the unit's latest reported
month: its share of the year's target × the seasonal pace (``seasonal_pace``: ``lib.analytics.formulas``'
expected cumulative share), so a group on pace in June has 100% of plan.

Points are rounded half-up to one decimal per criterion; a unit's total is their sum (bonuses
added, penalties taken off), its maximum the weights of the scored criteria that count for it (a
bonus is on top of the maximum: a unit is not marked down for a bonus it has not earned yet); units of the same kind are ranked by the share of
their maximum (total ÷ maximum × 100, one decimal), equal shares sharing a rank. A unit without
figures for any scored criterion is not ranked, and ``missing_notes`` says what is missing (for
residential groups with ward-level figures only: “Chưa có số liệu theo tổ dân phố …”).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pandas as pd

from lib.analytics import datastore, formulas
from lib.analytics import tasks as tasks_mod
from lib.core import fmt, texts
from lib.readers import org_units as units_mod
from lib.readers.catalogue import RATE_UNITS
from lib.readers.rules import (  # noqa: F401  (the rules file's names, where callers of scoring find them)
    COLUMNS,
    DEFAULT_RULES,
    REQUIRED,
    RULES_FILE,
    SCORED_KINDS,
    SPLIT,
    UNIT_KINDS,
    RulesError,
    load_rules,
    rules_path,
)

TASK_DONE = "hoan_thanh"

BREAKDOWN_COLUMNS = ["unit", "criterion", "criterion_name", "criterion_short", "rule_kind", "value", "target",
                     "achievement", "points", "max_points", "explanation", "state"]
RANKING_COLUMNS = ["unit", "name", "display_name", "kind", "total", "max_total", "share", "ranked", "missing",
                   "left_out", "rank"]


# --- the units ---------------------------------------------------------------------------------

def load_units(path: str | Path | None = None) -> pd.DataFrame:
    """The reporting units (``lib.readers.org_units``: checked, demo names marked in ``display_name``)."""
    return units_mod.load_units(path)


# --- the inputs -------------------------------------------------------------------------------

_UNIT_VALUES_SQL = """
SELECT u.unit, u.code,
       CASE WHEN any_value(i.aggregation) = 'sum' THEN sum(u.value) ELSE arg_max(u.value, u.month) END AS value,
       max(u.month) AS last_month,
       count(*) AS months
FROM unit_actuals u JOIN indicators i USING (code)
WHERE u.year = $year AND u.month <= $m
GROUP BY u.unit, u.code
ORDER BY u.unit, u.code
"""


def unit_values(store: datastore.Store, year: int, month: int) -> pd.DataFrame:
    """Each unit's value of each indicator it reports, as of ``month``: the latest level for a
    ``last`` indicator, the months added up for a ``sum`` one (columns unit, code, value,
    last_month, months). Empty while the Store has no ``unit_actuals`` table."""
    try:
        return store.cursor().execute(_UNIT_VALUES_SQL, {"year": year, "m": month}).df()
    except duckdb.CatalogException:
        return pd.DataFrame({"unit": pd.Series(dtype=str), "code": pd.Series(dtype=str),
                             "value": pd.Series(dtype=float), "last_month": pd.Series(dtype="int64"),
                             "months": pd.Series(dtype="int64")})


def unit_months(store: datastore.Store, year: int, month: int) -> pd.DataFrame:
    """(unit, month) of every month 1..``month`` in which a unit reported any figure of its own."""
    try:
        return store.cursor().execute(
            "SELECT DISTINCT unit, month FROM unit_actuals WHERE year = $year AND month <= $m "
            "ORDER BY unit, month", {"year": year, "m": month}).df()
    except duckdb.CatalogException:
        return pd.DataFrame({"unit": pd.Series(dtype=str), "month": pd.Series(dtype="int64")})


@dataclass(frozen=True)
class Inputs:
    """Everything ``score`` reads, as plain tables (tests build them by hand).

    ``as_of``: the day tasks are judged on (``lib.analytics.tasks.month_end``); ``units``: the units table
    (code, name_vi, kind, population, display_name …); ``indicators``: the catalogue's rows;
    ``values``: unit, code, value (as of the month); ``reported``: unit, month; ``gaps``: the ward's
    gap table (code, status …) for field criteria; ``tasks``: id, title_vi, owner, status, progress,
    start, deadline (dates) and ``late`` (``lib.analytics.tasks``' rule as of ``as_of``), or None when there
    is no tasks list; ``pace``: {code: {month: share}} of every summed indicator reported per unit,
    the share (0–1) of the year's target expected by the end of each month (``seasonal_pace``); a
    flow without one is judged against the full year.
    """

    year: int
    month: int
    as_of: date
    units: pd.DataFrame
    indicators: pd.DataFrame
    values: pd.DataFrame
    reported: pd.DataFrame
    gaps: pd.DataFrame | None = None
    tasks: pd.DataFrame | None = None
    pace: dict[str, dict[int, float]] | None = None


def seasonal_pace(store: datastore.Store, year: int, month: int, codes) -> dict[str, dict[int, float]]:
    """{code: {month: share}}: the share of the year's target expected by the end of each month
    1..12 — ``lib.analytics.formulas``' expected cumulative pace (``analytics.trend``: target × the
    catalogue profile's cumulative share, m/12 without one) divided by the target."""
    out = {}
    for code in codes:
        frame = formulas.trend(store, code, year, month)
        out[code] = {int(m): float(e) / float(t) for m, e, t in zip(frame["month"], frame["expected"], frame["target"])
                     if not pd.isna(e) and not pd.isna(t) and float(t)}
    return out


# --- scoring ----------------------------------------------------------------------------------

def round1(value: float) -> float:
    """Half-up to one decimal, as Vietnamese score sheets round (2,25 → 2,3)."""
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def achievement(value: float | None, target: float | None, direction: str) -> float | None:
    """% of plan as ``lib.analytics.formulas`` defines it (at_most: 100 on the ceiling, more below it), never
    below 0: a rate over twice its ceiling is 0% of plan, not “−88%”."""
    if value is None or target is None or pd.isna(value) or pd.isna(target) or target == 0:
        return None
    if direction == "at_most":
        return max(100 + (target - value) / target * 100, 0.0)
    return value / target * 100


def mapped_points(rule: dict, ach: float | None) -> float:
    """Points of a scored criterion for an achievement (%): linear or threshold, within 0..weight."""
    if ach is None:
        return 0.0
    weight = rule["weight"]
    if rule["mapping"] == "threshold":
        return weight if ach >= rule["full_at"] else 0.0
    share = (ach - rule["zero_at"]) / (rule["full_at"] - rule["zero_at"])
    return weight * min(max(share, 0.0), 1.0)


def points_text(value: float) -> str:
    return fmt.decimal_text(value, "#,##0.0")


def pct_text(value: float) -> str:
    return fmt.percent(value)


def plain_text(value: float) -> str:
    return fmt.decimal_text(value, "#,##0.#")


def _as_date(value) -> date | None:
    """A date from what a tasks table may hold (date, Timestamp, ISO text); None when missing."""
    if value is None or (not isinstance(value, (str, date)) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    return date.fromisoformat(text) if text else None


SCORED, NOT_APPLICABLE, NO_DATA = "scored", "not_applicable", "no_data"  # a breakdown line's ``state``


@dataclass
class _Line:
    value: float | None
    target: float | None
    achievement: float | None
    points: float
    max_points: float
    explanation: str
    state: str = SCORED


def _left_out(state: str, explanation: str) -> _Line:
    """A criterion that does not count for the unit: no points and no maximum (``state`` says why:
    it does not apply, or the figures it rests on are missing)."""
    return _Line(None, None, None, 0.0, 0.0, explanation, state)


class _Scorer:
    """Scores one rule for one unit; builds its lookups from the inputs once."""

    def __init__(self, inputs: Inputs):
        self.inputs = inputs
        self.indicators = {r["code"]: r for r in inputs.indicators.to_dict("records")}
        self.values = {(u, c): float(v) for u, c, v in zip(inputs.values["unit"], inputs.values["code"],
                                                            inputs.values["value"]) if not pd.isna(v)}
        self.last_month = ({} if "last_month" not in inputs.values.columns else
                           {(u, c): int(m) for u, c, m in zip(inputs.values["unit"], inputs.values["code"],
                                                              inputs.values["last_month"]) if not pd.isna(m)})
        self.units = {r["code"]: r for r in inputs.units.to_dict("records")}
        groups = inputs.units[inputs.units["kind"] == "residential_group"]
        self.ward_population = float(pd.to_numeric(groups["population"], errors="coerce").fillna(0).sum())
        self.reported = inputs.reported.groupby("unit")["month"].apply(lambda s: set(s.astype(int))).to_dict()
        self.collected = sorted(set(inputs.reported["month"].astype(int)))  # months in which units reported
        self.tasks = None if inputs.tasks is None else [self._task(t) for t in inputs.tasks.to_dict("records")]
        self.statuses = {} if inputs.gaps is None else dict(zip(inputs.gaps["code"], inputs.gaps["status"]))
        self.fields: dict[str, _Line] = {}  # a field's score is the same for every unit of its rule

    @staticmethod
    def _task(row: dict) -> dict:
        progress = pd.to_numeric(row.get("progress"), errors="coerce")
        return {**row, "start": _as_date(row.get("start")), "deadline": _as_date(row.get("deadline")),
                "progress": 0.0 if pd.isna(progress) else float(progress), "late": bool(row.get("late", False))}

    def line(self, rule: dict, unit: str) -> _Line:
        kind = rule["kind"]
        if kind == "indicator":
            return self._indicator(rule, unit)
        if kind == "field":
            return self._field(rule)
        if kind == "tasks":
            return self._task_measure(rule, unit)
        if kind == "bonus":
            return self._bonus(rule, unit)
        return self._penalty(rule, unit)

    # -- the unit's own figures --

    def population(self, unit: str) -> float | None:
        value = pd.to_numeric(self.units.get(unit, {}).get("population"), errors="coerce")
        return None if pd.isna(value) else float(value)

    def unit_target(self, ind: dict, unit: str) -> float | None:
        """A rate's target is the ward's; a count's is the unit's population share of it."""
        if ind["unit"] in RATE_UNITS:
            return float(ind["target"])
        population = self.population(unit)
        if population is None or not self.ward_population:
            return None
        return float(ind["target"]) * population / self.ward_population

    def _target_text(self, ind: dict, unit: str, target: float, pace: float = 1.0) -> str:
        if ind["unit"] in RATE_UNITS:
            return fmt.of(ind, target)
        words = dict(target=fmt.quantity(target, ind["unit"], decimals=1), ward=fmt.of(ind, ind["target"]),
                     population=fmt.decimal_text(self.population(unit), "#,##0"),
                     ward_population=fmt.decimal_text(self.ward_population, "#,##0"))
        if pace >= 1:
            return texts.EMU_SHARE_TARGET.format(**words)
        month = self.last_month.get((unit, ind["code"]), self.inputs.month)
        return texts.EMU_SHARE_TARGET_PACE.format(**words, pace=pct_text(pace * 100),
                                                  month=fmt.month_label(self.inputs.year, month))

    def not_due(self, ind: dict) -> str | None:
        """Why an indicator is not judged yet (its ``assessed`` month is later), else None."""
        assessed = ind.get("assessed")
        if assessed is None or pd.isna(assessed) or self.inputs.month >= int(assessed):
            return None
        return texts.EMU_EXPL_NOT_DUE.format(month=fmt.month_label(self.inputs.year, int(assessed)))

    def pace(self, ind: dict, unit: str) -> float:
        """The share of the year's target a flow must have reached by the unit's latest reported
        month (``Inputs.pace``); 1 for a level, or when no pace is given."""
        profile = (self.inputs.pace or {}).get(ind["code"])
        if ind["aggregation"] != "sum" or not profile:
            return 1.0
        share = profile.get(self.last_month.get((unit, ind["code"]), self.inputs.month))
        return 1.0 if share is None else min(max(share, 0.0), 1.0)

    def _measured(self, rule: dict, unit: str) -> tuple[dict, float | None, float | None, float | None, float]:
        """The indicator, the unit's value, its target to date (a flow's: its share of the year's
        target × the seasonal pace), the achievement and the pace."""
        ind = self.indicators[rule["indicator"]]
        value = self.values.get((unit, rule["indicator"]))
        target = self.unit_target(ind, unit)
        pace = self.pace(ind, unit)
        if target is not None:
            target *= pace
        return ind, value, target, achievement(value, target, ind["direction"]), pace

    def _indicator(self, rule: dict, unit: str) -> _Line:
        ind, value, target, ach, pace = self._measured(rule, unit)
        weight = rule["weight"]
        not_due = self.not_due(ind) or (texts.EMU_EXPL_NOT_DUE_PACE if pace <= 0 else None)
        if not_due:
            return _left_out(NOT_APPLICABLE, not_due)
        if value is None:
            return _left_out(NO_DATA, texts.EMU_EXPL_NO_DATA)
        if target is None:
            return _left_out(NO_DATA, texts.EMU_EXPL_NO_POPULATION)
        points = round1(mapped_points(rule, ach))
        template = texts.EMU_EXPL_CEILING if ind["direction"] == "at_most" else texts.EMU_EXPL_INDICATOR
        text = template.format(value=fmt.of(ind, value), target=self._target_text(ind, unit, target, pace),
                               ach=pct_text(ach), points=points_text(points), weight=points_text(weight))
        return _Line(value, target, ach, points, weight, text)

    # -- the ward's figures of a field --

    def _field(self, rule: dict) -> _Line:
        if rule["id"] not in self.fields:
            self.fields[rule["id"]] = self._field_line(rule)
        return self.fields[rule["id"]]

    def _field_line(self, rule: dict) -> _Line:
        weight = rule["weight"]
        label = field_label(rule["indicator"], self.inputs.indicators)
        statuses = [self.statuses.get(code, "no_data") for code in rule["field_codes"]]
        scored = [formulas.STATUS_POINTS[s] for s in statuses if s in formulas.STATUS_POINTS]
        if not scored:
            return _left_out(NO_DATA, texts.EMU_EXPL_FIELD_NO_DATA.format(field=label))
        value = sum(scored) / len(scored)
        points = round1(mapped_points(rule, value))
        text = texts.EMU_EXPL_FIELD.format(field=label, score=plain_text(value), n=len(scored),
                                           points=points_text(points), weight=points_text(weight))
        return _Line(value, 100.0, value, points, weight, text)

    # -- tasks --

    def unit_tasks(self, unit: str) -> list[dict] | None:
        return None if self.tasks is None else [t for t in self.tasks if t["owner"] == unit]

    def on_pace(self, task: dict) -> float:
        """Progress ÷ the linear schedule of ``lib.analytics.tasks`` as of the day, capped at 1. Without a
        start date a task is on schedule until its deadline, then due in full; done is done."""
        if task["status"] == TASK_DONE:
            return 1.0
        as_of = self.inputs.as_of
        expected = None
        if task["deadline"] is not None:
            expected = tasks_mod.expected_progress(task["start"], task["deadline"], as_of)
            if expected is None and as_of > task["deadline"]:
                expected = 100.0
        if expected is None or expected <= 0:
            return 1.0
        return min(task["progress"] / expected, 1.0)

    def _task_measure(self, rule: dict, unit: str) -> _Line:
        weight = rule["weight"]
        tasks = self.unit_tasks(unit)
        if tasks is None:
            return _left_out(NO_DATA, texts.EMU_EXPL_NO_TASK_LIST)
        if not tasks:
            return _left_out(NOT_APPLICABLE, texts.EMU_EXPL_NO_TASKS)
        n = len(tasks)
        if rule["measure"] == "on_schedule":
            k = sum(not t["late"] for t in tasks)
            value, detail = k / n * 100, texts.EMU_EXPL_ON_SCHEDULE.format(k=k, n=n)
        elif rule["measure"] == "completed":
            k = sum(t["status"] == TASK_DONE for t in tasks)
            value, detail = k / n * 100, texts.EMU_EXPL_COMPLETED.format(k=k, n=n)
        else:
            value, detail = sum(self.on_pace(t) for t in tasks) / n * 100, texts.EMU_EXPL_PROGRESS.format(n=n)
        points = round1(mapped_points(rule, value))
        text = texts.EMU_EXPL_TASKS.format(detail=detail, ach=pct_text(value), points=points_text(points), weight=points_text(weight))
        return _Line(value, 100.0, value, points, weight, text)

    # -- bonus and penalty --

    def _bonus(self, rule: dict, unit: str) -> _Line:
        most = round1(min(rule["points"], rule["weight"]))
        earned, why, state = self._condition(rule, unit)
        if earned is None:  # nothing to judge on: ``why`` is a whole sentence
            return _left_out(state, why)
        text = (texts.EMU_EXPL_BONUS if earned else texts.EMU_EXPL_BONUS_NONE).format(why=why, points=points_text(most))
        return _Line(1.0 if earned else 0.0, None, None, most if earned else 0.0, most, text)

    def _condition(self, rule: dict, unit: str) -> tuple[bool | None, str, str]:
        """Whether a bonus's condition holds for the unit, why, and the line's state (when the
        answer is None: the condition does not apply, or there is nothing to judge on)."""
        condition = rule["condition"]
        if condition == "indicator_met":
            ind, value, target, ach, pace = self._measured(rule, unit)
            not_due = self.not_due(ind) or (texts.EMU_EXPL_NOT_DUE_PACE if pace <= 0 else None)
            if not_due:
                return None, not_due, NOT_APPLICABLE
            if value is None:
                return None, texts.EMU_EXPL_NO_DATA, NO_DATA
            if target is None:
                return None, texts.EMU_EXPL_NO_POPULATION, NO_DATA
            met = ach is not None and ach >= 100
            words = texts.EMU_EXPL_MET if met else texts.EMU_EXPL_NOT_MET
            return met, words.format(value=fmt.of(ind, value), target=self._target_text(ind, unit, target, pace)), SCORED
        if self.tasks is None:
            return None, texts.EMU_EXPL_NO_TASK_LIST, NO_DATA
        if condition == "task_done":
            found = [t for t in self.tasks if t["id"] == rule["condition_arg"]]
            if not found:
                return None, texts.EMU_EXPL_TASK_MISSING.format(task=rule["condition_arg"]), NO_DATA
            task = found[0]
            done = task["status"] == TASK_DONE
            words = texts.EMU_EXPL_TASK_DONE if done else texts.EMU_EXPL_TASK_NOT_DONE
            return done, words.format(task=task.get("title_vi") or task["id"],
                                      progress=fmt.decimal_text(task["progress"], "#,##0")), SCORED
        tasks = self.unit_tasks(unit)  # all_tasks_on_time
        if not tasks:
            return None, texts.EMU_EXPL_NO_TASKS, NOT_APPLICABLE
        late = sum(t["late"] for t in tasks)
        if late:
            return False, texts.EMU_EXPL_SOME_LATE.format(k=late), SCORED
        return True, texts.EMU_EXPL_ALL_ON_TIME.format(n=len(tasks)), SCORED

    def _penalty(self, rule: dict, unit: str) -> _Line:
        if rule["condition"] == "month_missing":
            if not self.collected:
                return _left_out(NO_DATA, texts.EMU_EXPL_NO_UNIT_MONTHS)
            missing = [m for m in self.collected if m not in self.reported.get(unit, set())]
            count = len(missing)
            why = texts.EMU_EXPL_MONTHS_MISSING.format(
                months=", ".join(fmt.month_label(self.inputs.year, m) for m in missing))
            none = texts.EMU_EXPL_NO_MONTH_MISSING
        else:  # task_late
            tasks = self.unit_tasks(unit)
            if tasks is None:
                return _left_out(NO_DATA, texts.EMU_EXPL_NO_TASK_LIST)
            if not tasks:
                return _left_out(NOT_APPLICABLE, texts.EMU_EXPL_NO_TASKS)
            late = [t for t in tasks if t["late"]]
            count = len(late)
            why = texts.EMU_EXPL_TASKS_LATE.format(k=count, tasks="; ".join(t.get("title_vi") or t["id"] for t in late))
            none = texts.EMU_EXPL_NO_TASK_LATE
        taken = round1(min(count * rule["points"], rule["weight"]))
        if not taken:
            return _Line(float(count), None, None, 0.0, 0.0, none)
        return _Line(float(count), None, None, -taken, 0.0, texts.EMU_EXPL_PENALTY.format(why=why, points=points_text(taken)))


def field_label(tokens: tuple[str, ...], indicators: pd.DataFrame) -> str:
    """A field in words: “Trồng trọt, Chăn nuôi” for group:crop group:livestock; sectors and
    indicator names likewise."""
    names = dict(zip(indicators["code"], indicators["name_vi"]))
    words = []
    for token in tokens:
        kind, _, name = token.partition(":")
        if kind == "sector" and name:
            words.append(texts.SECTORS.get(name, name))
        elif kind == "group" and name:
            words.append(texts.GROUPS.get(name, name))
        else:
            words.append(names.get(token, token))
    return ", ".join(words)


def score(rules: pd.DataFrame, inputs: Inputs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ranking and its breakdown.

    ranking: one row per unit some rule applies to — unit, name, display_name, kind, total,
    max_total (the weights of the scored criteria that count for the unit; a bonus comes on top
    of it, a penalty off it), share (total ÷ max_total ×
    100, one decimal), ranked (the unit has figures for at least one scored criterion), rank
    (within its kind, by share; equal shares share the better rank; <NA> when not ranked), ordered
    by kind (residential groups first), rank, then the units file's order (units not ranked last).
    breakdown: one row per (unit, rule) — unit, criterion (rule id), criterion_name, rule_kind,
    value, target, achievement (%), points, max_points, explanation (Vietnamese), state (``scored``;
    ``not_applicable`` or ``no_data``: left out of the unit's maximum) — in rule order.
    """
    scorer = _Scorer(inputs)
    lines = []
    for rule in rules.to_dict("records"):
        for unit in rule["units"]:
            if unit not in scorer.units:
                continue
            line = scorer.line(rule, unit)
            lines.append({"unit": unit, "criterion": rule["id"], "criterion_name": rule["name_vi"],
                          "criterion_short": rule["short_vi"],
                          "rule_kind": rule["kind"], "value": line.value, "target": line.target,
                          "achievement": line.achievement, "points": line.points,
                          "max_points": line.max_points, "explanation": line.explanation, "state": line.state})
    breakdown = pd.DataFrame(lines, columns=BREAKDOWN_COLUMNS)
    for col in ("value", "target", "achievement", "points", "max_points"):
        breakdown[col] = breakdown[col].astype(float)
    return _ranking(breakdown, inputs.units), breakdown


def _ranking(breakdown: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    scored = breakdown[breakdown["rule_kind"].isin(SCORED_KINDS)]
    totals = pd.DataFrame({"points": breakdown.groupby("unit", sort=False)["points"].sum(),
                           "max_points": scored.groupby("unit", sort=False)["max_points"].sum()}).fillna(0.0)
    with_figures = set(scored.loc[scored["state"] == SCORED, "unit"])
    lacking = scored[scored["state"] == NO_DATA].groupby("unit", sort=False)["criterion_short"].agg(
        lambda names: tuple(dict.fromkeys(names)))
    na = scored[scored["state"] == NOT_APPLICABLE]
    left_out = {u: tuple(zip(g["criterion_short"], g["explanation"])) for u, g in na.groupby("unit", sort=False)}
    kind_order = {k: i for i, k in enumerate(UNIT_KINDS)}
    rows = []
    for i, record in enumerate(units.to_dict("records")):
        code = record["code"]
        if code not in totals.index:
            continue
        total, most = round1(totals.at[code, "points"]), round1(totals.at[code, "max_points"])
        ranked = code in with_figures and most > 0
        rows.append({"unit": code, "name": record["name_vi"],
                     "display_name": record.get("display_name") or units_mod.display_name(record),
                     "kind": record["kind"], "total": total, "max_total": most,
                     "share": round1(total / most * 100) if ranked else math.nan, "ranked": ranked,
                     "missing": lacking.get(code, ()), "left_out": left_out.get(code, ()),
                     "_k": kind_order.get(record["kind"], len(kind_order)), "_o": i})
    ranking = pd.DataFrame(rows, columns=RANKING_COLUMNS[:-1] + ["_k", "_o"])
    ranking["share"] = ranking["share"].astype(float)
    ranking["ranked"] = ranking["ranked"].astype(bool)
    rank = ranking["share"].where(ranking["ranked"]).groupby(ranking["kind"]).rank(method="min", ascending=False)
    ranking["rank"] = rank.astype("Int64")
    ranking["_r"] = rank.fillna(math.inf)
    return ranking.sort_values(["_k", "_r", "_o"]).drop(columns=["_k", "_o", "_r"]).reset_index(drop=True)


def ranked(ranking: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """The units that have a rank (of ``kind`` when given), best first."""
    frame = ranking[ranking["ranked"]] if kind is None else ranking[ranking["ranked"] & (ranking["kind"] == kind)]
    return frame.reset_index(drop=True)


def missing_notes(ranking: pd.DataFrame, kind: str) -> list[str]:
    """What the ranking of ``kind`` lacks, in Vietnamese sentences (empty when nothing): when no
    unit of the kind has figures, that there is no ranking and for which criteria (for residential
    groups: “Chưa có số liệu theo tổ dân phố …”); otherwise the criteria no unit has figures for,
    and the units that lack some, grouped by what they lack (not ranked, or ranked on the rest)."""
    frame = ranking[ranking["kind"] == kind]
    if frame.empty or not any(frame["missing"]):
        return []
    label = texts.EMU_MISSING_LABEL[kind]
    words = {"label": label, "none": texts.EMU_KIND_LABELS[kind].lower(), "all": texts.EMU_APPLIES_KIND[kind].lower()}
    everyone = [c for c in frame["missing"].iloc[0] if all(c in m for m in frame["missing"])]
    if not frame["ranked"].any():
        hint = texts.EMU_MISSING_GROUPS_HINT if kind == "residential_group" else ""
        every = list(dict.fromkeys(c for m in frame["missing"] for c in m))
        return [texts.EMU_MISSING_NO_RANKING.format(**words, criteria=", ".join(every)) + hint]
    notes = [texts.EMU_MISSING_CRITERIA.format(**words, criteria=", ".join(everyone))] if everyone else []
    groups: dict[tuple, list[str]] = {}
    for row in frame.to_dict("records"):
        rest = tuple(c for c in row["missing"] if c not in everyone)
        if rest or not row["ranked"]:
            groups.setdefault((row["ranked"], rest or row["missing"]), []).append(row["display_name"])
    for (is_ranked, criteria), names in groups.items():
        notes.append(texts.EMU_MISSING_UNITS.format(
            label=label, units=", ".join(names), criteria=", ".join(criteria),
            rest=texts.EMU_MISSING_RANKED_ON_REST if is_ranked else texts.EMU_MISSING_NOT_RANKED))
    return notes


def left_out_notes(ranking: pd.DataFrame, kind: str) -> list[str]:
    """The scored criteria that apply to no unit of ``kind`` this month, grouped by why (an
    indicator not judged before its month, no task given to any department …), in Vietnamese."""
    frame = ranking[ranking["kind"] == kind]
    if frame.empty or "left_out" not in frame:
        return []
    first = dict(frame["left_out"].iloc[0])
    common = [c for c in first if all(c in dict(row) for row in frame["left_out"])]
    reasons: dict[str, list[str]] = {}
    for criterion in common:
        reasons.setdefault(first[criterion], []).append(criterion)
    def because(why: str) -> str:  # the explanation without its “→ không tính vào điểm tối đa”
        why = why.split(" → ")[0].rstrip(".")
        return why[:1].lower() + why[1:]

    return [texts.EMU_LEFT_OUT_ALL.format(all=texts.EMU_APPLIES_KIND[kind].lower(), criteria=", ".join(names),
                                          why=because(why))
            for why, names in reasons.items()]


def missing_note(row: dict) -> str:
    """One unit's note in the ranking table: not ranked, or which criteria lack figures."""
    if not row["ranked"]:
        return texts.EMU_NOTE_NOT_RANKED.format(label=texts.EMU_MISSING_LABEL[row["kind"]],
                                                criteria=", ".join(row["missing"]))
    return texts.EMU_NOTE_PARTIAL.format(criteria=", ".join(row["missing"])) if row["missing"] else ""


# --- everything from a Store ----------------------------------------------------------------

@dataclass(frozen=True)
class Scoreboard:
    """What the page and the report show: the rules, the ranking, its breakdown, the inputs, and
    why the tasks criteria could not be judged (``tasks_problems``, Vietnamese; empty when fine)."""

    rules: pd.DataFrame
    ranking: pd.DataFrame
    breakdown: pd.DataFrame
    inputs: Inputs
    tasks_problems: tuple[str, ...] = ()


def read_tasks(path: str | Path | None = None, units: pd.DataFrame | None = None
               ) -> tuple[pd.DataFrame | None, tuple[str, ...]]:
    """The tasks list (``lib.analytics.tasks``), or None and the reasons it cannot be read."""
    try:
        return tasks_mod.load_tasks(path, units), ()
    except tasks_mod.TasksError as exc:
        return None, tuple(exc.messages)


def tasks_as_of(tasks: pd.DataFrame | None, as_of: date) -> pd.DataFrame | None:
    """The tasks with ``late`` as of ``as_of``, by ``lib.analytics.tasks``' own rule."""
    if tasks is None:
        return None
    return tasks.assign(late=[tasks_mod.late_info(r, as_of)["late"] for r in tasks.to_dict("records")])


def gather(store: datastore.Store, year: int, month: int, as_of: date, *, units: pd.DataFrame,
           tasks: pd.DataFrame | None, gaps: pd.DataFrame | None = None) -> Inputs:
    """The inputs of ``score``: the units' own figures from the Store (SQL), the ward's gap table,
    the tasks with their lateness as of ``as_of``."""
    indicators = store.catalogue.indicators
    by_unit = indicators["by_unit"].fillna("").astype(str).str.strip() if "by_unit" in indicators else ""
    flows = indicators.loc[(indicators["aggregation"] == "sum") & (by_unit != ""), "code"]
    return Inputs(year, month, as_of, units, indicators, unit_values(store, year, month),
                  unit_months(store, year, month),
                  formulas.gap_table(store, year, month) if gaps is None else gaps,
                  tasks_as_of(tasks, as_of), seasonal_pace(store, year, month, flows))


def scoreboard(store: datastore.Store, year: int, month: int, *, as_of: date | None = None,
               rules_file: str | Path | None = None, tasks_file: str | Path | None = None,
               gaps: pd.DataFrame | None = None, tasks: pd.DataFrame | None = None) -> Scoreboard:
    """Rules, ranking and breakdown as of ``month`` of ``year`` (tasks judged on ``as_of``, by
    default ``lib.analytics.tasks.month_end``). ``tasks``, when given, is the tasks list to judge (e.g. the
    tasks as they stood at the month's end, ``lib.storage.task_store.tasks_as_of``); otherwise the tasks
    file is read. Raises RulesError when the rules file cannot be used; a tasks list that cannot
    be read leaves the tasks criteria unjudged and says why."""
    units = store.units if getattr(store, "units", None) is not None and len(store.units) else load_units()
    if tasks is not None:
        problems: tuple[str, ...] = ()
    else:
        tasks, problems = read_tasks(tasks_file, units)
    task_ids = set(tasks["id"]) if tasks is not None else None
    rules = load_rules(rules_file, units=units, catalogue=store.catalogue, task_ids=task_ids)
    as_of = as_of or tasks_mod.month_end(year, month)
    inputs = gather(store, year, month, as_of, units=units, tasks=tasks, gaps=gaps)
    ranking, breakdown = score(rules, inputs)
    return Scoreboard(rules, ranking, breakdown, inputs, problems)
