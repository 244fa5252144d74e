"""Data folders and files for the tests, written the way staff and the app write them.

Small targets files and month files (the unit tests' fixtures in ``tests/conftest.py`` wrap them):

* ``indicator(code, **fields)``: one targets row with defaults;
* ``write_targets_csv(path, rows)`` writes a targets CSV from a list of dicts (missing optional
  columns are left empty; columns not used by any row are left out of the file);
* ``write_month_files(root, {month: {code: value}})`` writes ``root/actuals/2025-MM.csv`` files;
* ``make_store(root, rows, months)`` does both and returns a loaded ``Store``.

A data folder as a ward has it in its first months (``write_partial_months``): January and
February fully reported, March in part (3 indicators), for ``tests/pages/test_partial_month_pages.py``
and ``tests/browser/test_browser.py``. January and February hold a ward-level figure for every indicator
staff enter but the graduation rate (counted once a year, in June); March holds the three figures
of ``MARCH`` only. (``tests/analytics/test_partial_months.py`` builds its own partial months from the demo's
figures, with another March: its expected numbers are computed from those.)
"""
from __future__ import annotations

import csv
from pathlib import Path

from lib.analytics.datastore import Store, read_actuals
from lib.readers.catalogue import load_catalogue

REQUIRED = ["code", "sector", "name_vi", "unit", "target", "direction", "aggregation"]
OPTIONAL = ["integer", "min", "max", "profile", "parent", "relation"]
YEAR = 2025


def indicator(code: str, **fields) -> dict:
    """One targets row with sensible defaults: a summed at-least indicator in tonnes, target 120."""
    row = {
        "code": code,
        "sector": "agriculture",
        "name_vi": f"Chỉ tiêu {code}",
        "unit": "tấn",
        "target": 120,
        "direction": "at_least",
        "aggregation": "sum",
    }
    row.update(fields)
    return row


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return " ".join(f"{v:g}" if isinstance(v, (int, float)) else str(v) for v in value)
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_targets_csv(path: Path, rows: list[dict], columns: list[str] | None = None) -> Path:
    """Write a targets CSV. ``columns`` defaults to the required ones plus every optional one used."""
    path = Path(path)
    if columns is None:
        used = {k for row in rows for k in row}
        extra = [k for row in rows for k in row if k not in REQUIRED + OPTIONAL]
        columns = REQUIRED + [c for c in OPTIONAL if c in used] + list(dict.fromkeys(extra))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
    return path


def write_month_files(root: Path, months: dict[int, dict[str, float]], year: int = YEAR) -> Path:
    """Write ``root/actuals/YYYY-MM.csv`` for every month given; values are {code: value}."""
    folder = Path(root) / "actuals"
    folder.mkdir(parents=True, exist_ok=True)
    for month, values in months.items():
        period = f"{year}-{month:02d}"
        with (folder / f"{period}.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["period", "indicator_code", "value", "note"])
            for code, value in values.items():
                writer.writerow([period, code, _cell(value), ""])
    return Path(root)


def make_store(root: Path, rows: list[dict], months: dict[int, dict[str, float]]) -> Store:
    root = Path(root)
    targets = write_targets_csv(root / "targets.csv", rows)
    write_month_files(root, months)
    catalogue = load_catalogue(targets)
    return Store(catalogue, read_actuals(root, catalogue))


# --- months reported in part ----------------------------------------------------------------

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
