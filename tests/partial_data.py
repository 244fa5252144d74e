"""A data folder as a ward has it in its first months: January and February fully reported, March
in part (3 indicators), for ``tests/test_partial_month_pages.py`` and ``tests/test_browser.py``.

January and February hold a ward-level figure for every indicator staff enter but the graduation
rate (counted once a year, in June); March holds the three figures of ``MARCH`` only.
"""
from __future__ import annotations

import csv
from pathlib import Path

# code → (January, February): ward-level figures of the kind the ward reports.
WARD_MONTHS = {
    "rice_output": (0, 0),
    "maize_output": (0, 0),
    "vegetable_area": (10.5, 9.5),
    "vegetable_output": (70, 68),
    "peanut_output": (0, 0),
    "bean_output": (0, 0),
    "buffalo_herd": (58, 58),
    "cattle_herd": (468, 470),
    "pig_herd": (262, 265),
    "state_revenue": (847, 706),
    "local_revenue": (1027, 1023),
    "local_spending": (729, 607),
    "pupils_preschool": (362, 362),
    "pupils_primary": (1840, 1840),
    "pupils_secondary": (1530, 1530),
    "natural_growth_rate": (7.4, 7.3),
    "malnutrition_underweight": (5.6, 5.5),
    "malnutrition_stunting": (7.3, 7.3),
    "poor_households_reduced": (0, 0),
    "poverty_rate": (0.34, 0.34),
    "near_poor_rate": (1.82, 1.8),
    "new_jobs": (22, 18),
    "overseas_workers": (0, 1),
    "health_insurance_rate": (91.2, 91.4),
    "cultural_families_rate": (96.2, 96.2),
    "cultural_units_rate": (100, 100),
    "waste_collection_rate": (97.1, 97.2),
    "clean_water_rate": (99.6, 99.6),
    "military_recruitment": (0, 100),
    "defence_strong": (1, 1),
    "security_safe": (1, 1),
}
MARCH = {"state_revenue": 900, "vegetable_output": 65, "health_insurance_rate": 92.5}


def write_month(root: Path, period: str, values: dict) -> Path:
    folder = Path(root) / "actuals"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{period}.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["period", "indicator_code", "value", "note"])
        for code, value in values.items():
            writer.writerow([period, code, value, ""])
    return path


def write_partial_months(root: Path, march: bool = True) -> Path:
    """``root/actuals/2025-01.csv``, ``2025-02.csv`` (``WARD_MONTHS``) and, unless ``march`` is
    False, ``2025-03.csv`` (``MARCH``); returns ``root``."""
    for i, period in enumerate(("2025-01", "2025-02")):
        write_month(root, period, {code: values[i] for code, values in WARD_MONTHS.items()})
    if march:
        write_month(root, "2025-03", MARCH)
    return Path(root)


def codes_in(root: Path, period: str) -> list[str]:
    """The indicator codes of one stored month file, read with the csv module (not lib)."""
    with (Path(root) / "actuals" / f"{period}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return [r["indicator_code"] for r in csv.DictReader(fh)]
