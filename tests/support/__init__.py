"""Shared test support: the one place test modules and ``bench/run.py`` import helpers from.

* ``tests.support.helpers``: ``tree_hash`` (a data folder byte-identical?), running a page with
  ``AppTest`` (``open_app``, ``assert_clean``, ``banners``, ``selectbox``, ``named_row``) and the
  expected texts several modules use;
* ``tests.support.data``: targets and month files written into a folder (``write_targets_csv``,
  ``write_month_files``, ``make_store``) and the partly reported months (``write_partial_months``);
* ``tests.support.server``: a real Streamlit server (``streamlit_server``), Debian's Chromium
  (``launch_chromium``, ``require_browser``) and reading a drawn page (``wait_rendered``,
  ``page_text``, ``assert_no_errors`` …); also what ``bench/run.py`` uses;
* ``tests.support.cli``: ``lib.cli.main(argv)`` run in this process (``run_cli``) or, once, as
  ``python -m lib.cli`` in a new process (``run_cli_process``).

The pytest fixtures built on them (``write_targets``, ``demo_env``, ``browser``, ``page`` …) are in
``tests/conftest.py``, which also marks every test that drives Chromium ``browser``. Importing
this package is cheap: nothing here imports Streamlit, Playwright or pytest at package level.
"""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
