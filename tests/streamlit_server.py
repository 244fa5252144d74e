"""Run the dashboard (or any Streamlit script) in a real server, and wait for pages to be drawn.

Used by the browser tests (``tests/test_browser.py``) and the benchmark (``bench/run.py``)::

    from tests.streamlit_server import streamlit_server, wait_rendered, launch_chromium

    with streamlit_server(env={"TQT_DATA_DIR": str(empty_dir)}) as base_url:
        page.goto(base_url + "/budget")
        wait_rendered(page, expected_charts=2)

Nothing here imports Streamlit or Playwright at module level, so importing it is cheap.
"""
from __future__ import annotations

import contextlib
import os
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

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]

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
