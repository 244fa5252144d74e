"""Which tests drive Chromium: the rule ``tests/conftest.py`` marks them ``browser`` by, and where it
keeps the items it saw (for ``tests/project/test_markers.py``)."""
from __future__ import annotations

import pytest

BROWSER_FIXTURES = frozenset({"browser", "page"})  # ``page`` needs ``browser``; either drives Chromium
COLLECTED = pytest.StashKey[list]()  # every item collected, before -m deselects any


def uses_chromium(item: pytest.Item) -> bool:
    """The test requests ``browser`` or ``page`` as fixtures (not as a parameter of its own: a
    test may be parametrized over an argument called ``page``)."""
    params = set(getattr(getattr(item, "callspec", None), "params", {}))
    return bool((BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))) - params)
