"""The shared fixtures, and the ``browser`` marker put on every test that drives Chromium.

The helpers behind them live in ``tests/support/`` (the one place test modules and ``bench/``
import from). The builders of ``tests/support/data.py`` as fixtures:

* ``write_targets(path, rows)`` writes a targets CSV from a list of dicts (missing optional
  columns are left empty; columns not used by any row are left out of the file);
* ``write_months(root, {month: {code: value}})`` writes ``root/actuals/2025-MM.csv`` files;
* ``build_store(rows, months)`` does both in ``tmp_path`` and returns a loaded ``Store``.

Data folders for the pages (``TQT_DATA_DIR`` set, ``TQT_TARGETS`` unset, so the real targets file):

* ``demo_env``: an empty folder, so the pages fall back on the shipped demo months;
* ``real_env``: a folder of the test's own, empty at first (the test writes into it; a module may
  override it with a fixture of the same name that fills it).

The browser tests' fixtures (helpers in ``tests/support/server.py``): ``browser`` (headless
chromium, one per module), ``page`` (a fresh browser context, i.e. a Streamlit session, per test)
and ``shots`` (where screenshots go: ``$TQT_SCREENSHOT_DIR`` or a tmp folder, printed with ``-s``).

Every test that uses ``browser`` (``page`` uses it), or a module's own fixture of that name, gets
the ``browser`` marker here, before ``-m`` selects: ``pytest -m "not browser"`` leaves out every
test that drives Chromium, and ``tests/project/test_markers.py`` checks that none is missed.

Plain helpers that test modules import are in ``tests/support/helpers.py``.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # so that plain `pytest` works as well as `python -m pytest`
    sys.path.insert(0, str(REPO))

from lib.analytics.datastore import Store  # noqa: E402
from tests.support.data import indicator, make_store, write_month_files, write_targets_csv  # noqa: E402
from tests.support.markers import COLLECTED, uses_chromium  # noqa: E402
from tests.support.server import VIEWPORT, launch_chromium, require_browser  # noqa: E402

# --- the browser marker -----------------------------------------------------------------------

@pytest.hookimpl(tryfirst=True)  # before the -m selection of pytest's mark plugin
def pytest_collection_modifyitems(config, items):
    for item in items:
        if uses_chromium(item) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
    config.stash[COLLECTED] = list(items)


# --- small targets and month files --------------------------------------------------------------

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
