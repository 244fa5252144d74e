"""The test tiers: every test that drives Chromium carries the ``browser`` marker, so that
``pytest -m "not browser"`` runs no browser at all (``tests/conftest.py`` puts the marker on every
test using the ``browser`` or ``page`` fixture; this checks it by reading the tests' code too).

It reads the items collected in this run before ``-m`` deselected any: run as part of the suite
(``pytest``, ``pytest -m "not browser"``) it covers every test module.
"""
from __future__ import annotations

import functools
import inspect
import re

import pytest

from tests.support.markers import COLLECTED, uses_chromium

# What starts Chromium or a page in it, in a test's code or in a fixture it uses.
DRIVES_CHROMIUM = re.compile(r"sync_playwright|launch_chromium\(|\.new_page\(|\.new_context\(|\.goto\(")


@functools.cache
def _drives_chromium(func) -> bool:
    """The code of ``func`` (a test or a fixture function) starts Chromium or opens a page in it."""
    try:
        return bool(DRIVES_CHROMIUM.search(inspect.getsource(func)))
    except (TypeError, OSError):  # pytest's own fixtures, parameters
        return False


def _hits(item: pytest.Item) -> list[str]:
    """The test function and the fixtures it uses (its own and conftest's) whose code drives Chromium."""
    found = []
    func = getattr(item, "function", None)
    if func is not None and _drives_chromium(func):
        found.append(item.name)
    infos = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    for name, defs in infos.items():
        if any(_drives_chromium(getattr(d, "func", None)) for d in defs):
            found.append(f"fixture {name}")
    return found


def _items(request) -> list[pytest.Item]:
    items = request.config.stash.get(COLLECTED, None)
    assert items, "tests/conftest.py did not record the collected items"
    return items


def test_the_marker_is_registered(request):
    assert any(line.split(":")[0].strip() == "browser" for line in request.config.getini("markers"))
    assert "--strict-markers" in request.config.getini("addopts")


def test_every_test_using_the_browser_fixtures_is_marked(request):
    unmarked = [i.nodeid for i in _items(request) if uses_chromium(i) and i.get_closest_marker("browser") is None]
    assert unmarked == []


def test_every_test_whose_code_drives_chromium_is_marked(request):
    """Read the code: a test (or a fixture it uses) that launches Chromium or opens a page is
    marked, whichever fixtures it uses."""
    unmarked = []
    for item in _items(request):
        if item.get_closest_marker("browser") is not None:
            continue
        hits = _hits(item)
        if hits:
            unmarked.append((item.nodeid, hits))
    assert unmarked == []


def test_the_browser_tier_is_what_drives_chromium(request):
    """Every module called ``*_browser.py`` is browser tests only; the marked tests of the other
    modules use the browser fixtures (nothing is marked that does not drive Chromium)."""
    for item in _items(request):
        marked = item.get_closest_marker("browser") is not None
        if item.path.name.endswith("_browser.py") or item.path.name == "test_browser.py":
            assert marked, item.nodeid
        elif marked:
            assert uses_chromium(item), item.nodeid
