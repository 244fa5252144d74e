"""The formulas: actual to date, expected pace, year-end projection, achievement, gap, status.

Everything is computed in DuckDB SQL over the Store's tables. The rules, in one place:

* actual to date — ``sum``: the sum of months 1..m; ``last``: the latest level reported at or
  before m. A total whose parts are listed in the catalogue (food = rice + maize) is computed
  from its parts: summed month by month for flows; for levels, only in months where every part
  was reported.
* expected to date (``sum`` only) — target × cumulative profile share at m (m/12 with no
  profile). A total's share is its parts' shares weighted by their targets.
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
* status — see ``STATUS_SQL``; thresholds are the constants below.
"""
from __future__ import annotations

import pandas as pd

from lib.catalogue import DEFAULT_RANGE, UNIT_RANGES
from lib.data import Store

# A projection within this fraction of the target is "behind"; further off is "at risk".
BEHIND_TOLERANCE = 0.10
# Points of each status in a sector's score (indicators without data are left out).
STATUS_POINTS = {"achieved": 100, "on_track": 100, "behind": 50, "at_risk": 0}
# Worst first: the order of the overview table.
STATUS_ORDER = ["at_risk", "behind", "no_data", "on_track", "achieved"]
STATUSES = ["achieved", "on_track", "behind", "at_risk", "no_data"]
MIN_MONTHS_FOR_TREND = 3

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

STATUS_SQL = """
CASE
    WHEN actual IS NULL THEN 'no_data'
    WHEN direction = 'at_least' AND actual >= target THEN 'achieved'
    WHEN direction = 'at_most' AND actual <= target
         AND (aggregation = 'last' OR $m = 12) THEN 'achieved'
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
measured AS (
    SELECT i.*, a.last_month, coalesce(a.months_reported, 0) AS months_reported,
           CASE WHEN a.code IS NULL THEN NULL
                WHEN i.aggregation = 'sum' THEN a.total ELSE a.latest END AS actual,
           CASE WHEN i.aggregation = 'sum' THEN i.target * c.cum_share END AS expected,
           c.cum_share,
           greatest(coalesce(i.min, -'infinity'::DOUBLE), {_UNIT_BOUNDS_SQL}) AS lo,
           least(coalesce(i.max, 'infinity'::DOUBLE), {_UNIT_UPPER_SQL}) AS hi,
           a.slope, a.intercept, a.latest
    FROM indicators i
    LEFT JOIN agg a USING (code)
    LEFT JOIN cum_share c ON c.code = i.code AND c.month = $m
),
projected AS (
    SELECT *,
        CASE WHEN integer THEN round(p) ELSE round(p, 9) END AS projection
    FROM (
        SELECT *,
            CASE
                WHEN actual IS NULL THEN NULL
                WHEN aggregation = 'sum' THEN CASE WHEN cum_share > 0 THEN actual / cum_share END
                ELSE least(greatest(
                    CASE WHEN last_month = 12 THEN latest
                         WHEN months_reported >= {MIN_MONTHS_FOR_TREND} AND slope IS NOT NULL
                         THEN intercept + slope * 12 ELSE latest END, lo), hi)
            END AS p
        FROM measured
    )
)
SELECT code, sector, grp AS "group", name_vi, unit, integer, decimals, direction, aggregation, ord,
       target, actual AS actual_to_date, expected AS expected_to_date, projection,
       CASE WHEN actual IS NULL OR target = 0 THEN NULL
            WHEN direction = 'at_least' THEN actual / target * 100
            ELSE 100 + (target - actual) / target * 100 END AS achievement_pct,
       CASE WHEN direction = 'at_least' THEN actual - target ELSE target - actual END AS gap,
       {STATUS_SQL} AS status,
       last_month, months_reported
FROM projected
ORDER BY ord
"""


def gap_table(store: Store, year: int, month: int) -> pd.DataFrame:
    """One row per indicator, as of ``month`` of ``year``, in catalogue order."""
    return store.cursor().execute(
        _GAPS_SQL, {"year": year, "m": month, "tol": BEHIND_TOLERANCE}).df()


def worst_first(gaps: pd.DataFrame) -> pd.DataFrame:
    """The gap table ordered by status (at risk first), then by achievement, lowest first."""
    rank = {s: i for i, s in enumerate(STATUS_ORDER)}
    return (gaps.assign(_rank=gaps["status"].map(rank))
            .sort_values(["_rank", "achievement_pct", "ord"], na_position="last")
            .drop(columns="_rank").reset_index(drop=True))


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
