"""The plan-tracking thresholds, once: the formulas compute with them and the texts quote them."""
from __future__ import annotations

# A projection within this fraction of the target is "behind"; further off is "at risk".
BEHIND_TOLERANCE = 0.10
# Points of each status in a sector's score (not_due and no_data are left out).
STATUS_POINTS = {"achieved": 100, "on_track": 100, "behind": 50, "at_risk": 0, "not_achieved": 0}
# A trend (and a projection from it) needs at least this many reported months.
MIN_MONTHS_FOR_TREND = 3
# A month is "nearly fully reported" (the default month) when at least this share of the entered
# indicators (totals computed from parts left out) have a figure for it.
NEARLY_COMPLETE = 0.9
