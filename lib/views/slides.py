"""Presentation mode (Trình chiếu): the order of the screens, and what a sector screen shows first.

Plain functions of screen names (``slugs``, as in ``?linh_vuc=``) and of the gap table, so that
the meeting-room rules are tested without Streamlit; ``lib/ui/present.py`` draws the screens.

The rules:

* the screens run in a fixed order (the overview, then one per sector); an unknown name in the
  URL opens the first screen; “Trước” on the first screen and “Tiếp” on the last stay where they
  are (no wrap-around: a clicker pressed once too often must not jump back to the start);
* a sector's indicators are listed worst first (``analytics.worst_first``: not achieved, at
  risk, behind, no data, not due, on track, achieved; within a status the lowest % of plan
  first), grouped by status;
* a sector with more indicators than fit a screen (``MAX_FULL_ROWS``) shows the worst groups in
  full and the others compactly, by name and % of plan (``compact_statuses``);
* an indicator not due yet (``not_due``) and a result (``not_achieved``; December, or past the
  indicator's assessed month) have no pace: no “cần đạt” mark (``expected_percent``).
"""
from __future__ import annotations

import pandas as pd

from lib.analytics import formulas
from lib.core import fmt, texts

OVERVIEW = "tong-quan"  # ?linh_vuc= of the overview screen; the sector screens use the sector codes
FOCUS = ("not_achieved", "at_risk", "behind")  # the statuses a meeting discusses
ALWAYS_FULL = ("not_achieved", "at_risk")  # listed in full however long the sector is
ALWAYS_COMPACT = ("not_due",)  # listed by name only when the sector does not fit in full
NO_PACE = formulas.NO_PACE  # statuses without a pace: no expected mark
MAX_FULL_ROWS = 10  # full lines a sector screen holds at 1920×1080; beyond, groups are listed compactly
MAX_NOTES = 3  # staff notes shown beside the figure (the newest)
MAX_NOTE_CHARS = 180  # a longer note is cut (with “…”) on screen; the sector page shows it whole
PERCENT_UNITS = ("%", "‰")  # units written after every number (92,3% / 95,0%), not once at the end


def resolve(slugs: list[str], wanted: str | None) -> str:
    """The screen the URL names (case and spaces ignored), or the first screen when it names none."""
    name = str(wanted or "").strip().lower()
    return name if name in slugs else slugs[0]


def step(slugs: list[str], current: str, delta: int) -> str:
    """The screen ``delta`` places after ``current`` (negative: before), stopping at both ends."""
    index = slugs.index(resolve(slugs, current)) + delta
    return slugs[min(max(index, 0), len(slugs) - 1)]


def position(slugs: list[str], current: str) -> tuple[int, int]:
    """(k, n): ``current`` is screen k of n, counted from 1."""
    return slugs.index(resolve(slugs, current)) + 1, len(slugs)


# Statuses that only some months have (the assessment calendar: not due yet, a result missed):
# a tile only when some indicator has them; every other status always has its tile.
OCCASIONAL = ("not_achieved", "not_due")


def status_counts(gaps: pd.DataFrame) -> dict[str, int]:
    """How many indicators are in each status, worst status first (every usual status, zeros
    included, so that the tiles stand in the same place on every screen; ``OCCASIONAL`` ones only
    when they occur)."""
    counts = {s: int((gaps["status"] == s).sum()) for s in formulas.STATUS_ORDER}
    return {s: n for s, n in counts.items() if n or s not in OCCASIONAL}


def status_groups(gaps: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The indicators worst first, cut into one group per status (empty statuses left out)."""
    ordered = formulas.worst_first(gaps)
    return [(s, ordered[ordered["status"] == s].reset_index(drop=True))
            for s in formulas.STATUS_ORDER if (ordered["status"] == s).any()]


def compact_statuses(gaps: pd.DataFrame, max_full: int = MAX_FULL_ROWS) -> set[str]:
    """The statuses whose indicators are listed by name and % only, so that a screen holds about
    ``max_full`` full lines: none when the whole sector fits; else the at-risk group stays full
    (always: it is what the meeting is about), the next groups worst first stay full while the
    running count fits, and from the first group that does not fit on everything is compact
    (the not-achieved group, a result the meeting must hear, stays full like at risk; the
    not-due group, with nothing to discuss yet, is compact whenever the sector does not fit)."""
    counts = status_counts(gaps)
    if sum(counts.values()) <= max_full:
        return set()
    compact, shown, cut = set(), 0, False
    for status, count in counts.items():
        if status in ALWAYS_COMPACT:  # not due yet: nothing to discuss, its names are enough
            compact.add(status)
            continue
        shown += count
        cut = cut or (status not in ALWAYS_FULL and shown > max_full)
        if cut:
            compact.add(status)
    return compact


def latest_notes(notes: list[tuple[str, int, str]], limit: int = MAX_NOTES,
                 max_chars: int = MAX_NOTE_CHARS) -> list[tuple[str, int, str]]:
    """At most ``limit`` of (indicator, month, note), the newest months first (the order among
    notes of the same month, the indicators' worst-first order, is kept); a note longer than
    ``max_chars`` is cut at a word and ends with “…”."""
    return [(name, month, _cut(note, max_chars)) for name, month, note in sorted(notes, key=lambda n: -n[1])[:limit]]


def _cut(text: str, max_chars: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= max_chars:
        return text
    return text[:max_chars].rsplit(" ", 1)[0].rstrip(",;:.") + " …"


def screen_groups(gaps: pd.DataFrame, max_full: int = MAX_FULL_ROWS) -> list[dict]:
    """What a sector screen lists, ready to draw: per status group, worst first, ``status``,
    ``compact`` (listed by name and % only) and ``rows`` (``row_texts`` of its indicators)."""
    compact = compact_statuses(gaps, max_full)
    return [{"status": status, "compact": status in compact,
             "rows": [row_texts(r) for r in group.to_dict("records")]}
            for status, group in status_groups(gaps)]


def progress(row: dict) -> str:
    """Actual to date against the year's target, with the unit: “6.211 / 13.345 triệu đồng”,
    “92,3% / 95,0%”, “0,34% / trần 0,17%” for a ceiling, “Đạt” for a yes/no goal."""
    if row["unit"] == fmt.BINARY_UNIT:
        return fmt.of(row, row["actual_to_date"])
    per_number = row["unit"] in PERCENT_UNITS
    actual = fmt.of(row, row["actual_to_date"], with_unit=per_number)
    target = fmt.of(row, row["target"])
    if row["direction"] == "at_most":
        target = f"{texts.PRESENT_CEILING} {target}"
    return f"{actual} / {target}"


def row_texts(row: dict) -> dict[str, str]:
    """One indicator as its screen line shows it: name, progress, % of plan, status word."""
    return {
        "code": row["code"],
        "name": row["name_vi"],
        "progress": progress(row),
        "percent": fmt.percent(row["achievement_pct"]),
        "status": texts.STATUS_LABELS[row["status"]],
    }


# Where a summed indicator should stand by now, in % of the year's plan (the seasonal pace); None for
# levels and ceilings, and for an indicator without a pace: the formula is lib.analytics.formulas'.
expected_percent = formulas.expected_pct
