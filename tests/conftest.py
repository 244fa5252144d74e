"""Shared helpers for the unit tests: tiny targets files and month files written into tmp_path.

Every helper is also exposed as a fixture so test modules never import conftest directly:

* ``write_targets(path, rows)`` writes a targets CSV from a list of dicts (missing optional
  columns are left empty; columns not used by any row are left out of the file);
* ``write_months(root, {month: {code: value}})`` writes ``root/actuals/2025-MM.csv`` files;
* ``build_store(rows, months)`` does both in ``tmp_path`` and returns a loaded ``Store``.

Data folders for the pages (``TQT_DATA_DIR`` set, ``TQT_TARGETS`` unset, so the real targets file):

* ``demo_env``: an empty folder, so the pages fall back on the shipped demo months;
* ``real_env``: a folder of the test's own, empty at first (the test writes into it; a module may
  override it with a fixture of the same name that fills it).

The browser tests' fixtures (helpers in ``tests/streamlit_server.py``): ``browser`` (headless
chromium, one per module), ``page`` (a fresh browser context, i.e. a Streamlit session, per test)
and ``shots`` (where screenshots go: ``$TQT_SCREENSHOT_DIR`` or a tmp folder, printed with ``-s``).

Plain helpers that test modules import are in ``tests/helpers.py``.
"""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # so that plain `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(REPO))

from lib.catalogue import load_catalogue  # noqa: E402
from lib.data import Store, read_actuals  # noqa: E402
from tests.streamlit_server import VIEWPORT, launch_chromium, require_browser  # noqa: E402

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


@pytest.fixture
def write_targets():
    return write_targets_csv


@pytest.fixture
def write_months():
    return write_month_files


@pytest.fixture
def ind():
    return indicator


@pytest.fixture
def build_store(tmp_path):
    """``build_store(rows, months)`` → a Store over files written in a fresh folder of tmp_path."""
    counter = iter(range(1000))

    def build(rows: list[dict], months: dict[int, dict[str, float]]) -> Store:
        return make_store(tmp_path / f"data{next(counter)}", rows, months)

    return build


# --- data folders for the pages ---------------------------------------------------------------

def _data_env(root: Path, monkeypatch) -> Path:
    root.mkdir(parents=True)
    monkeypatch.setenv("TQT_DATA_DIR", str(root))
    monkeypatch.delenv("TQT_TARGETS", raising=False)
    return root


@pytest.fixture
def demo_env(tmp_path, monkeypatch) -> Path:
    """An empty data folder, so that every page falls back on the shipped demo months."""
    return _data_env(tmp_path / "empty", monkeypatch)


@pytest.fixture
def real_env(tmp_path, monkeypatch) -> Path:
    """A data folder of our own (month files written by the test); the real targets file."""
    return _data_env(tmp_path / "real", monkeypatch)


# --- the browser tests ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    sync_api = require_browser()
    with sync_api.sync_playwright() as p:
        b = launch_chromium(p)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="vi-VN")
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = os.environ.get("TQT_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots: {path}")
    return path
