"""The formulas: actual to date, expected pace, year-end projection, achievement, gap, status.

Everything is computed in DuckDB SQL over the Store's tables. The rules, in one place:

* actual to date — ``sum``: the sum of months 1..m; ``last``: the latest level reported at or
  before m. A total whose parts are listed in the catalogue (food = rice + maize) is computed
  from its parts: summed month by month for flows; for levels, only in months where every part
  was reported.
* expected to date (``sum`` only) — target × cumulative profile share at data_through (below;
  d/12 with no profile). A total's share is its parts' shares weighted by their targets.
* projection — ``sum``: actual ÷ cumulative share (none while the share is 0, e.g. before a
  harvest); ``last``: the least-squares line through the reported months carried to December,
  or the latest value with fewer than 3 months (December's own value once it is reported), clamped to the indicator's valid range (a
  level's min/max bound the level itself; a flow's bound one month, not the year, so a flow's
  projection is not clamped). Whole-number indicators' projections are rounded. Shares and
  projections are rounded to 9 decimals so that an indicator exactly on pace is on track.
* achievement % — at_least: actual ÷ target × 100; at_most: 100 + (target − actual) ÷ target ×
  100, so 100% sits on the ceiling and more means below it.
* gap — in the indicator's unit, positive is good: actual − target (at_least), target − actual
  (at_most).
* data_through — the last month reported at or before m (a summed total: its oldest part's);
  expected and projection are taken as of that month (the share at data_through, not at m), so
  a month not reported yet is never counted as zero. A total's share: each part's share at its
  own last reported month, weighted by the parts' targets.
* status — see ``STATUS_SQL``; thresholds are the constants below. Before an indicator's
  ``assessed`` month: not_due (no expected figure, no projection); from it on, and for every
  indicator in December: a result, achieved or not_achieved; otherwise a pace.
* achievement % of a ceiling is never below 0.
"""
from __future__ import annotations

import pandas as pd

from lib.analytics.datastore import Store
from lib.core.thresholds import BEHIND_TOLERANCE, MIN_MONTHS_FOR_TREND, NEARLY_COMPLETE, STATUS_POINTS
from lib.readers.catalogue import DEFAULT_RANGE, UNIT_RANGES

# Every status, in one place. Pace (the year is under way): on_track, behind, at_risk; a result
# (December, or from an indicator's ``assessed`` month on): achieved or not_achieved; before its
# ``assessed`` month an indicator is not_due; achieved also means "met already" during the year.
STATUSES = ["achieved", "on_track", "behind", "at_risk", "not_achieved", "not_due", "no_data"]
# Worst first: the order of the overview table (not_due beside no_data: neither is judged).
STATUS_ORDER = ["not_achieved", "at_risk", "behind", "no_data", "not_due", "on_track", "achieved"]
# Statuses without a pace (no "expected by now" mark): not due yet, or a result that missed.
NO_PACE = ("not_due", "not_achieved")

_UNIT_BOUNDS_SQL = "CASE unit " + " ".join(
    f"WHEN '{unit}' THEN {lo} " for unit, (lo, _) in UNIT_RANGES.items()) + f"ELSE {DEFAULT_RANGE[0]} END"
_UNIT_UPPER_SQL = "CASE unit " + " ".join(
    f"WHEN '{unit}' THEN {hi} " for unit, (_, hi) in UNIT_RANGES.items()) + "ELSE 'infinity'::DOUBLE END"

# Monthly values of every indicator in a year up to month $m, totals derived from their parts.
_SERIES_SQL = """
WITH base AS (
    SELECT a.code, a.month, a.value
    FROM actuals a JOIN indicators i USING (code)
    WHERE a.year = $year AND a.month <= $m AND NOT i.derived
),
parts AS (
    SELECT parent AS code, count(*) AS n_parts FROM indicators
    WHERE relation = 'component' GROUP BY parent
),
derived AS (
    SELECT i.parent AS code, b.month, sum(b.value) AS value, count(*) AS n
    FROM base b JOIN indicators i USING (code)
    WHERE i.relation = 'component'
    GROUP BY i.parent, b.month
),
series AS (
    SELECT code, month, value FROM base
    UNION ALL
    SELECT d.code, d.month, d.value
    FROM derived d JOIN parts p USING (code) JOIN indicators t USING (code)
    WHERE t.aggregation = 'sum' OR d.n = p.n_parts
)
"""

# Cumulative profile share of every summed indicator at each month 1..12.
_CUM_SHARE_SQL = """
cum_share AS (
    SELECT code, month, round(sum(share) OVER (PARTITION BY code ORDER BY month), 12) AS cum_share
    FROM (
        SELECT code, month, share FROM shares
        UNION ALL
        SELECT i.parent AS code, s.month, sum(i.target * s.share) / sum(i.target) AS share
        FROM shares s JOIN indicators i USING (code)
        WHERE i.relation = 'component' AND i.aggregation = 'sum'
        GROUP BY i.parent, s.month
    )
)
"""

# ``data_through``: the last month reported at or before m (for a summed total: its oldest part's).
# A pace is judged as of that month, never as if a month not yet reported were zero. Before an
# indicator's ``assessed`` month it is not due; from that month on, and for every indicator in
# December, its figure (the latest there is) is a result: achieved or not.
STATUS_SQL = """
CASE
    WHEN assessed IS NOT NULL AND $m < assessed THEN 'not_due'
    WHEN actual IS NULL THEN 'no_data'
    WHEN $m >= coalesce(assessed, 12) THEN
        CASE WHEN (direction = 'at_least' AND actual >= target)
                  OR (direction = 'at_most' AND actual <= target) THEN 'achieved'
             ELSE 'not_achieved' END
    WHEN direction = 'at_least' AND actual >= target THEN 'achieved'
    WHEN direction = 'at_most' AND actual <= target AND aggregation = 'last' THEN 'achieved'
    WHEN projection IS NULL THEN 'on_track'
    WHEN direction = 'at_least' AND projection >= target THEN 'on_track'
    WHEN direction = 'at_most' AND projection <= target THEN 'on_track'
    WHEN direction = 'at_least' AND projection >= target * (1 - $tol) THEN 'behind'
    WHEN direction = 'at_most' AND projection <= target * (1 + $tol) THEN 'behind'
    ELSE 'at_risk'
END
"""

_GAPS_SQL = _SERIES_SQL + "," + _CUM_SHARE_SQL + f""",
agg AS (
    SELECT code,
           sum(value) AS total,
           arg_max(value, month) AS latest,
           max(month) AS last_month,
           count(*) AS months_reported,
           regr_slope(value, month) AS slope,
           regr_intercept(value, month) AS intercept
    FROM series GROUP BY code
),
part_pace AS (
    -- a summed total: each part expected as of its own last reported month, added up
    SELECT i.parent AS code, sum(i.target * coalesce(c.cum_share, 0)) AS expected,
           min(a.last_month) AS data_through
    FROM indicators i JOIN agg a USING (code)
    LEFT JOIN cum_share c ON c.code = i.code AND c.month = a.last_month
    WHERE i.relation = 'component' AND i.aggregation = 'sum'
    GROUP BY i.parent
),
measured AS (
    SELECT i.*, coalesce(pp.data_through, a.last_month) AS data_through,
           coalesce(a.months_reported, 0) AS months_reported,
           CASE WHEN a.code IS NULL THEN NULL
                WHEN i.aggregation = 'sum' THEN a.total ELSE a.latest END AS actual,
           CASE WHEN pp.code IS NOT NULL THEN round(pp.expected / nullif(i.target, 0), 12)
                ELSE c.cum_share END AS cum_share,
           greatest(coalesce(i.min, -'infinity'::DOUBLE), {_UNIT_BOUNDS_SQL}) AS lo,
           least(coalesce(i.max, 'infinity'::DOUBLE), {_UNIT_UPPER_SQL}) AS hi,
           a.slope, a.intercept, a.latest
    FROM indicators i
    LEFT JOIN agg a USING (code)
    LEFT JOIN part_pace pp ON pp.code = i.code AND i.aggregation = 'sum'
    LEFT JOIN cum_share c ON c.code = i.code AND c.month = coalesce(a.last_month, $m)
),
projected AS (
    SELECT *,
        CASE WHEN integer THEN round(p) ELSE round(p, 9) END AS projection
    FROM (
        SELECT *,
            CASE WHEN aggregation = 'sum' THEN target * cum_share END AS expected,
            CASE
                WHEN actual IS NULL THEN NULL
                WHEN aggregation = 'sum' THEN CASE WHEN cum_share > 0 THEN actual / cum_share END
                ELSE least(greatest(
                    CASE WHEN data_through = 12 THEN latest
                         WHEN months_reported >= {MIN_MONTHS_FOR_TREND} AND slope IS NOT NULL
                         THEN intercept + slope * 12 ELSE latest END, lo), hi)
            END AS p
        FROM measured
    )
),
judged AS (SELECT *, {STATUS_SQL} AS status FROM projected)
SELECT code, sector, grp AS "group", name_vi, unit, integer, decimals, direction, aggregation, ord,
       target, actual AS actual_to_date,
       CASE WHEN status <> 'not_due' THEN expected END AS expected_to_date,
       CASE WHEN status <> 'not_due' THEN projection END AS projection,
       CASE WHEN actual IS NULL OR target = 0 THEN NULL
            WHEN direction = 'at_least' THEN actual / target * 100
            ELSE greatest(0, 100 + (target - actual) / target * 100) END AS achievement_pct,
       CASE WHEN direction = 'at_least' THEN actual - target ELSE target - actual END AS gap,
       status, data_through AS last_month, months_reported, data_through, assessed::DOUBLE AS assessed
FROM judged
ORDER BY ord
"""


def gap_table(store: Store, year: int, month: int) -> pd.DataFrame:
    """One row per indicator, as of ``month`` of ``year``, in catalogue order. ``data_through``
    (= ``last_month``) is the month the row is judged as of: the last month reported at or before
    ``month`` (a summed total: its oldest part's), NULL without data; ``assessed`` the catalogue's."""
    return store.cursor().execute(
        _GAPS_SQL, {"year": year, "m": month, "tol": BEHIND_TOLERANCE}).df()


def worst_first(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gap table ordered by status (at risk first), then by achievement, lowest first."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return (gaps.assign(_rank=gaps["status"].map(rank))
            .sort_values(["_rank", "achievement_pct", "ord"], na_position="last")
            .drop(columns="_rank").reset_index(drop=True))


def expected_pct(row) -> float | None:
    """Where an indicator should stand by now, in % of the year's plan: its expected to date (the
    seasonal pace) ÷ target × 100, for one row of ``gap_table``. None for levels (``aggregation``
    other than sum; a row without the field counts as summed) and ceilings, whose target is the
    level itself; for a row without an expected figure or a target; and for a status without a
    pace (``NO_PACE``: not due yet, or a result that missed the plan)."""
    expected, target = row.get("expected_to_date"), row.get("target")
    if (row.get("status") in NO_PACE or row.get("aggregation", "sum") != "sum" or row["direction"] != "at_least"
            or expected is None or pd.isna(expected) or not target):
        return None
    return float(expected) / float(target) * 100


_SECTOR_SQL = """
SELECT sector,
       count(*) AS indicators,
       {counts},
       round(avg(CASE status {points} END), 1) AS score
FROM gaps GROUP BY sector
"""


def sector_summary(store: Store, gaps: pd.DataFrame) -> pd.DataFrame:
    """Per sector: the number of indicators in each status and the score (0–100)."""
    counts = ", ".join(f"count(*) FILTER (WHERE status = '{s}') AS {s}" for s in STATUSES)
    points = " ".join(f"WHEN '{s}' THEN {p}" for s, p in STATUS_POINTS.items())
    cur = store.cursor()
    cur.register("gaps", gaps)
    out = cur.execute(_SECTOR_SQL.format(counts=counts, points=points)).df()
    order = {s: i for i, s in enumerate(store.catalogue.indicators["sector"].drop_duplicates())}
    return out.sort_values("sector", key=lambda s: s.map(order)).reset_index(drop=True)


_TREND_SQL = _SERIES_SQL + "," + _CUM_SHARE_SQL + """
SELECT g.month,
       s.value,
       CASE WHEN s.value IS NOT NULL OR g.month <= (SELECT max(month) FROM series WHERE code = $code)
            THEN sum(coalesce(s.value, 0)) OVER (ORDER BY g.month) END AS cumulative,
       i.target * c.cum_share AS expected,
       i.target
FROM range(1, 13) g(month)
CROSS JOIN (SELECT target FROM indicators WHERE code = $code) i
LEFT JOIN series s ON s.code = $code AND s.month = g.month
LEFT JOIN cum_share c ON c.code = $code AND c.month = g.month
ORDER BY g.month
"""


def trend(store: Store, code: str, year: int, month: int) -> pd.DataFrame:
    """Months 1..12 of one indicator: monthly value, cumulative (to the last reported month),
    expected cumulative pace (summed indicators) and the target."""
    return store.cursor().execute(_TREND_SQL, {"year": year, "m": month, "code": code.lower()}).df()


def notes(store: Store, code: str, year: int, month: int) -> pd.DataFrame:
    """The notes staff wrote for one indicator in months 1..m, newest first."""
    return store.cursor().execute(
        "SELECT month, note FROM actuals WHERE code = $code AND year = $year AND month <= $m "
        "AND note IS NOT NULL AND trim(note) <> '' ORDER BY month DESC",
        {"code": code.lower(), "year": year, "m": month}).df()


def completeness(store: Store, year: int) -> pd.DataFrame:
    """Which entered indicators have a figure in which month: one row per indicator (catalogue
    order, totals computed from parts left out), columns code, name_vi, unit, 1..12 (bool)."""
    frame = store.cursor().execute(
        "SELECT i.code, i.name_vi, i.unit, g.month, "
        "       EXISTS (SELECT 1 FROM actuals a WHERE a.code = i.code AND a.year = $year "
        "               AND a.month = g.month) AS reported "
        "FROM indicators i CROSS JOIN range(1, 13) g(month) "
        "WHERE NOT i.derived ORDER BY i.ord, g.month", {"year": year}).df()
    wide = frame.pivot(index=["code", "name_vi", "unit"], columns="month", values="reported")
    order = {c: i for i, c in enumerate(store.catalogue.codes())}
    return (wide.reset_index().sort_values("code", key=lambda s: s.map(order))
            .reset_index(drop=True).rename_axis(columns=None))


_MONTH_VALUES_SQL = _SERIES_SQL + """
SELECT s.code, i.name_vi, i.unit, i.sector, s.month, s.value,
       coalesce(a.note, '') AS note
FROM series s
JOIN indicators i USING (code)
LEFT JOIN actuals a ON a.code = s.code AND a.year = $year AND a.month = s.month
ORDER BY i.ord, s.month
"""


def month_values(store: Store, year: int, month: int) -> pd.DataFrame:
    """Every value of ``year`` in months 1..``month``, one row per indicator and month, totals
    computed from their parts: code, name_vi, unit, sector, month, value, note."""
    return store.cursor().execute(_MONTH_VALUES_SQL, {"year": year, "m": month}).df()


_COVERAGE_SQL = """
SELECT a.year, a.month, count(DISTINCT a.code) AS reported
FROM actuals a JOIN indicators i USING (code)
WHERE NOT i.derived
GROUP BY a.year, a.month
"""


def month_coverage(store: Store, year: int, month: int) -> dict:
    """How complete one month is: ``reported`` entered indicators (totals computed from parts left
    out) with a figure for exactly that month, of ``expected``; ``missing`` their codes, catalogue
    order; ``complete`` when none is missing, ``nearly`` when at least NEARLY_COMPLETE are in.
    The missing ones are split into ``due`` (judged every month, or counted in this very month)
    and ``later`` (counted once a year in another month, ``assessed``: not expected now); the
    month is ``partial`` when an indicator ``due`` in it is missing."""
    entered = store.catalogue.indicators.loc[~store.catalogue.indicators["derived"], "code"].tolist()
    present = {r[0] for r in store.cursor().execute(
        "SELECT DISTINCT code FROM actuals WHERE year = $year AND month = $m",
        {"year": year, "m": month}).fetchall()}
    missing = [c for c in entered if c not in present]
    reported = len(entered) - len(missing)
    assessed = dict(zip(store.catalogue.indicators["code"], store.catalogue.indicators["assessed"]))

    def counted_now(code: str) -> bool:  # judged every month, or counted once in this very month
        when = assessed.get(code)
        return when is None or pd.isna(when) or int(when) == month

    due = [c for c in missing if counted_now(c)]
    return {"year": year, "month": month, "reported": reported, "expected": len(entered),
            "missing": missing, "complete": not missing, "nearly": _nearly(reported, len(entered)),
            "due": due, "later": [c for c in missing if not counted_now(c)], "partial": bool(due)}


def _nearly(reported: int, expected: int) -> bool:
    return expected > 0 and reported >= NEARLY_COMPLETE * expected


def default_month(store: Store, periods: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The month a view opens on: the latest of ``periods`` that is fully or nearly fully reported
    (NEARLY_COMPLETE), else the latest of ``periods``; None when ``periods`` is empty."""
    if not periods:
        return None
    expected = int((~store.catalogue.indicators["derived"]).sum())
    counts = {(int(y), int(m)): int(n) for y, m, n in store.cursor().execute(_COVERAGE_SQL).fetchall()}
    for year, month in sorted(periods, reverse=True):
        if _nearly(counts.get((int(year), int(month)), 0), expected):
            return int(year), int(month)
    return tuple(max(periods))
