"""Plain helpers shared by several test modules; import them (``from tests.support.helpers import tree_hash``).

* ``tree_hash(root)``: one hash of a data folder, to check that an operation left it byte-identical;
* running a page headless with ``streamlit.testing.v1.AppTest`` (``open_app``) and reading it
  (``assert_clean``, ``banners``, ``selectbox``, ``named_row``), for ``tests/pages/test_pages.py`` and
  ``tests/pages/test_data_page.py``; their data-folder fixtures (``demo_env``, ``real_env``) are in
  ``tests/conftest.py``;
* expected texts used by more than one module (``DEMO_BANNER_START``, ``STATE_REVENUE``).

The browser helpers are in ``tests/support/server.py``, the data-folder builders in
``tests/support/data.py``, the CLI runner in ``tests/support/cli.py``.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

from lib.core import texts

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # seconds an AppTest run may take
MODES = ["direct", "dashboard"]  # the two ways ``open_app`` runs a page
DEMO_BANNER_START = "Đang hiển thị số liệu MINH HỌA"  # texts.DEMO_BANNER begins **Đang hiển thị …**
STATE_REVENUE = "Tổng thu ngân sách nhà nước trên địa bàn"


# --- files ------------------------------------------------------------------------------------

def tree_hash(root: Path) -> str:
    """One hash of everything under ``root``: each file's relative path and bytes, and each folder's
    path, so a new empty folder counts too. A folder that does not exist hashes as an empty one."""
    root = Path(root)
    h = hashlib.sha256()
    if not root.exists():
        return h.hexdigest()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            h.update(f"{rel}/\0".encode())
            continue
        content = path.read_bytes()
        h.update(f"{rel}\0{len(content)}\0".encode())
        h.update(content)
    return h.hexdigest()


# --- pages run with AppTest -------------------------------------------------------------------

def open_app(page: str, mode: str = "direct", *, query: dict | None = None,
             strict_overview: bool = False) -> AppTest:
    """Run ``pages/<page>.py`` alone (``direct``, as the legacy multipage mode would) or inside
    ``dashboard.py``'s ``st.navigation`` (``dashboard``: the overview first, then ``switch_page``).

    ``query`` is set as the URL's query parameters before the first run (no accounts are
    configured in tests: the app runs in local mode, as the local user). In ``dashboard`` mode the overview run must raise no exception before the switch;
    with ``strict_overview`` it must also show no error and have the overview's title.
    """
    script = REPO / "pages" / f"{page}.py" if mode == "direct" else REPO / "dashboard.py"
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    at.run()
    if mode == "dashboard" and page != "overview":
        if strict_overview:
            assert_clean(at)
            assert [t.value for t in at.title] == [texts.PAGE_OVERVIEW]
        else:
            assert [e.message for e in at.exception] == []
        at.switch_page(f"pages/{page}.py").run()
    return at


def assert_clean(at: AppTest) -> None:
    """No exception and no error message but the red banner of local mode (tests without
    accounts run in local mode, and every page must say so)."""
    assert [e.message for e in at.exception] == []
    assert [e.value for e in at.error] == [texts.LOCAL_MODE_BANNER]


def banners(at: AppTest) -> list[str]:
    """The demo banners shown (a warning starting with “Đang hiển thị số liệu MINH HỌA”)."""
    return [w.value for w in at.warning if DEMO_BANNER_START in w.value]


def selectbox(scope, label: str):
    """The one selectbox labelled ``label`` in ``scope`` (an AppTest, ``at.sidebar``, ``at.main``)."""
    boxes = [s for s in scope.selectbox if s.label == label]
    assert len(boxes) == 1, [s.label for s in scope.selectbox]
    return boxes[0]


def named_row(frame: pd.DataFrame, name: str) -> pd.Series:
    """The one row of a page's table whose indicator (column ``texts.COL_NAME``) is ``name``."""
    found = frame[frame[texts.COL_NAME] == name]
    assert len(found) == 1, f"{name!r} appears {len(found)} times in the table"
    return found.iloc[0]
