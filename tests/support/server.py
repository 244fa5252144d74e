"""Run the dashboard (or any Streamlit script) in a real server, and wait for pages to be drawn.

Used by the browser tests (``tests/test_*browser*.py`` and the browser tests of mixed modules) and
the benchmark (``bench/run.py``)::

    from tests.support.server import streamlit_server, wait_rendered, launch_chromium

    with streamlit_server(env={"TQT_DATA_DIR": str(empty_dir)}) as base_url:
        page.goto(base_url + "/budget")
        wait_rendered(page, expected_charts=2)

The browser tests also share what is below ``require_browser``: reading a page (``page_text``,
``grid_text``, ``sidebar``), waiting (``wait_idle``, ``open_from_sidebar``), checking
(``assert_no_errors``, ``assert_no_exception``) and screenshots (``full_screenshot``). Their pytest
fixtures (``browser``, ``page``, ``shots``) are in ``tests/conftest.py``.

Nothing here imports Streamlit, Playwright or pytest at module level, so importing it is cheap.
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Iterator, Mapping, Sequence

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]
VIEWPORT = {"width": 1600, "height": 1000}  # the browser tests' window

# The script has finished and every Plotly chart and table asked for is drawn.
# * ``stApp[data-test-script-state]`` is "initial" until the first run starts, "running" while
#   the script runs and "notRunning" once it has ended (a fresh server runs /budget twice: the
#   first run switches off the legacy pages/ mode and reruns, so "notRunning" with nothing drawn
#   happens in between — hence the element counts below).
# * ``stStatusWidgetRunningIcon`` is the "Running…" indicator of the header.
# * ``stElementContainer[data-stale=true]``: elements of the previous run not yet replaced.
# * A Plotly chart is drawn once Plotly has put its ``.main-svg`` in the ``.js-plotly-plot``.
# * ``st.dataframe`` is loaded lazily and draws on a canvas (glide-data-grid). Its cells are not
#   in the DOM as text, but the grid later fills an accessible ``<table>`` copy of the rendered
#   cells — ~0.3 s after the canvas, so it is only waited for when the text is needed.
_RENDERED_JS = """
([charts, tables, tableText]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (document.querySelector('[data-testid="stElementContainer"][data-stale="true"]')) return false;
  const plots = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  if (plots.length !== charts) return false;
  for (const c of plots) if (!c.querySelector('.js-plotly-plot .main-svg')) return false;
  const grids = document.querySelectorAll('[data-testid="stDataFrame"]');
  if (tables !== null && grids.length !== tables) return false;
  for (const g of grids)
    if (!g.querySelector('[data-testid="data-grid-canvas"]') || (tableText && !g.querySelector('table tbody tr')))
      return false;
  return true;
}
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(url: str) -> str:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.read().decode("utf-8", "replace").strip()
    except (urllib.error.URLError, ConnectionError, OSError):
        return ""


@contextlib.contextmanager
def streamlit_server(script: str | os.PathLike = "dashboard.py", *, args: Sequence[str] = (),
                     env: Mapping[str, str] | None = None, timeout: float = 60.0,
                     cwd: str | os.PathLike = REPO) -> Iterator[str]:
    """Start ``streamlit run <script>`` on a free port; yield its base URL; stop it on exit.

    ``script`` is relative to ``cwd`` (the repository root by default). ``env`` is added to the
    current environment. The server's output goes to a temporary log file which is printed in
    the error when the server does not become healthy within ``timeout`` seconds.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "streamlit", "run", str(script),
           "--server.port", str(port), "--server.address", "127.0.0.1",
           "--server.headless", "true", "--browser.gatherUsageStats", "false", *args]
    full_env = {**os.environ, **(env or {})}
    log = tempfile.NamedTemporaryFile(prefix="streamlit-", suffix=".log", delete=False)
    proc = subprocess.Popen(cmd, cwd=str(cwd), env=full_env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # its own process group, killed as a whole
    try:
        deadline = time.monotonic() + timeout
        while _health(url) != "ok":
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{_read(log.name)}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"streamlit not healthy after {timeout:.0f} s:\n{_read(log.name)}")
            time.sleep(0.2)
        yield url
    finally:
        _stop(proc)
        log.close()
        with contextlib.suppress(OSError):
            os.unlink(log.name)


def _read(path: str) -> str:
    with contextlib.suppress(OSError):
        return Path(path).read_text(encoding="utf-8", errors="replace")[-4000:]
    return ""


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def wait_rendered(page, expected_charts: int, expected_tables: int | None = None, *,
                  table_text: bool = False, timeout: float = 30.0) -> None:
    """Wait until the Streamlit run has ended and exactly ``expected_charts`` Plotly charts are drawn.

    ``page`` is a Playwright (sync) Page. Every ``st.dataframe`` present must be drawn too, and
    when ``expected_tables`` is given there must be exactly that many (they load lazily, so
    without it a table still being fetched is not waited for). A table counts as drawn once its
    canvas is there; with ``table_text`` its cells must also be readable as text (the grid's
    accessible ``<table>``, e.g. ``locator('[data-testid="stDataFrame"] table').text_content()``).
    ``timeout`` in seconds.

    After an in-app action (a click, a widget change) the previous page is still "rendered" for
    a moment: first wait for a sign of the new state (the URL, a heading), then call this.
    """
    page.wait_for_function(_RENDERED_JS, arg=[expected_charts, expected_tables, table_text],
                           timeout=timeout * 1000, polling="raf")


def launch_chromium(playwright):
    """The Debian chromium, headless (pip's Playwright cannot download its own browser here)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


# --- for the browser tests ----------------------------------------------------------------------

# The script run has ended (whatever is drawn): the first three checks of _RENDERED_JS.
_IDLE_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && !document.querySelector('[data-testid="stElementContainer"][data-stale="true"]');
}"""


def require_browser():
    """Skip the calling test module unless Debian's chromium and Playwright are installed; returns
    ``playwright.sync_api``. Call it at module level: ``sync_api = require_browser()``."""
    import pytest

    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found (apt-get install chromium)", allow_module_level=True)
    return pytest.importorskip("playwright.sync_api")


def wait_idle(page) -> None:
    """Wait until the script run has ended, whatever is drawn (``page``'s default timeout)."""
    page.wait_for_function(_IDLE_JS, polling="raf")


def sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def open_from_sidebar(page, name: str, path: str, charts: int, tables: int = 1) -> None:
    """Click the sidebar's navigation link ``name`` and wait for that page: the URL ``path`` (with or
    without a query), its title ``name`` and its ``charts`` charts and ``tables`` tables drawn."""
    sidebar(page).locator('[data-testid="stSidebarNavLink"]', has_text=name).click()
    page.wait_for_url(re.compile(re.escape(path) + r"(\?|$)"))
    page.locator("h1", has_text=name).wait_for()
    wait_rendered(page, charts, expected_tables=tables, table_text=True)


def grid_text(scope) -> str:
    """The cells of every ``st.dataframe`` in ``scope`` (a page or a locator): the grid draws them on
    a canvas and keeps an accessible (hidden) ``<table>`` copy, which has them as textContent."""
    return "\n".join(scope.locator('[data-testid="stDataFrame"] table').all_text_contents())


def page_text(page) -> str:
    """Everything a reader can see as text: the body (Plotly's SVG text included) and the tables
    (hidden from ``inner_text``, see ``grid_text``)."""
    return page.inner_text("body") + "\n" + grid_text(page)


def assert_none_shown(page, *testids: str) -> None:
    for testid in testids:
        boxes = page.locator(f'[data-testid="{testid}"]')
        assert boxes.count() == 0, f"{testid}: {boxes.first.inner_text()}"


def assert_no_exception(page) -> None:
    """No traceback box on the page (error messages meant for the reader are allowed)."""
    assert_none_shown(page, "stException")


LOCAL_MODE_START = "Đăng nhập đang TẮT"  # lib.core.texts.LOCAL_MODE_BANNER: the one red box local mode shows


def assert_no_errors(page) -> None:
    """Neither a traceback box nor an error message on the page (the red banner of local mode,
    which tests without accounts run in, is expected and checked to be there)."""
    assert_none_shown(page, "stException")
    errors = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert [e for e in errors if LOCAL_MODE_START not in e] == [], errors
    assert any(LOCAL_MODE_START in e for e in errors), "the local-mode banner is missing"


def full_screenshot(page, path: Path, *, min_height: int = 3200, max_height: int = 8000) -> None:
    """Streamlit scrolls inside its own container: grow the viewport to the content (within
    ``min_height`` and ``max_height``), shoot the whole page, then restore ``VIEWPORT``."""
    height = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(main ? main.scrollHeight : 0, document.body.scrollHeight);
    }""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(height + 40, min_height), max_height)})
    page.wait_for_timeout(300)  # let Plotly and the grid lay out again
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
