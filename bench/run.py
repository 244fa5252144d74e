"""How much slower than a one-line Streamlit page is each dashboard page? (``python bench/run.py``)

Measured in one run, on the shipped demo months (``TQT_DATA_DIR`` = an empty folder):

(a) server rerun — the page file run with ``AppTest.from_file(pages/<x>.py)``: one run to warm
    the caches, then the median of ``RERUNS`` timed ``at.run()`` calls;
(b) browser render — a real server per script (``tests/support/server.py``) and headless
    Chromium: one visit to warm, then the median of ``VISITS`` timed ``page.goto(url)`` until the
    script has finished and every chart and table is drawn (``wait_rendered``: Plotly's SVG in
    every chart, the table's canvas — not the grid's accessible text copy, filled ~0.3 s later,
    which a reader does not wait for); each visit is a new Streamlit session, the browser's
    cache of static files stays warm;
(c) in-app switch — the way a meeting browses: the app is open, a click on the page's link in
    the sidebar until it is drawn (no page load; Plotly's code is already in the browser); the
    baseline is ``bench/trivial_nav.py``, two one-line pages behind ``st.navigation``;
(d) the JSON size of the Plotly figures the page ships.

Every figure is compared with ``bench/trivial.py`` (``st.write("Xin chào")``) measured the same
way. The table is printed and written to ``bench/results/latest.md`` (gitignored).

The server, Chromium and the wait for a drawn page are the browser tests' own: this script imports
only from ``tests.support`` (the tests' shared support), nothing from the test modules.
"""
from __future__ import annotations

import logging
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from datetime import datetime
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.support.server import CHROMIUM, launch_chromium, streamlit_server, wait_rendered  # noqa: E402

RERUNS = 20
VISITS = 7
TRIVIAL = "bench/trivial.py"
TRIVIAL_NAV = "bench/trivial_nav.py"
TRIVIAL_TEXT = "Xin chào"
# name, script, URL path, Plotly charts, tables, sidebar link text
PAGES = [
    ("overview", "pages/overview.py", "/", 1, 1, "Tổng quan"),
    ("agriculture", "pages/agriculture.py", "/agriculture", 2, 1, "Nông nghiệp"),
    ("budget", "pages/budget.py", "/budget", 2, 1, "Ngân sách"),
    ("society", "pages/society.py", "/society", 2, 1, "Văn hóa – Xã hội"),
    ("security", "pages/security.py", "/security", 2, 1, "Quốc phòng – An ninh"),
    ("tasks", "pages/tasks.py", "/tasks", 1, 1, "Nhiệm vụ – Công trình"),
    ("emulation", "pages/emulation.py", "/emulation", 1, 1, "Thi đua"),
    ("report", "pages/report.py", "/report", 0, 0, "Báo cáo"),
]
# Trình chiếu hides the sidebar (no link to switch away from it): measured in tests/views/test_slides*.
VIEWPORT = {"width": 1600, "height": 1000}


def machine() -> list[str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "not found"
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in
                         ("streamlit", "plotly", "pandas", "duckdb", "babel", "playwright"))
    return [
        f"- machine: nproc {usable} (cpu_count {os.cpu_count()}), CPU {model or platform.processor() or '?'}, "
        f"{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}; {versions}",
        f"- browser: {chromium}",
    ]


# --- (a) server-side rerun with AppTest, (c) figure JSON ---------------------------------------

def server_reruns(script: str) -> tuple[float, int]:
    """Median ms of ``RERUNS`` warm ``at.run()`` of ``script``, and the bytes of its Plotly specs."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / script), default_timeout=60)
    at.run()  # warm: caches, imports, the navigation rerun
    if at.exception:
        raise RuntimeError(f"{script}: {[e.message for e in at.exception]}")
    times = []
    for _ in range(RERUNS):
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
    if at.exception:
        raise RuntimeError(f"{script}: {[e.message for e in at.exception]}")
    spec_bytes = sum(len(e.proto.spec.encode("utf-8")) for e in at.get("plotly_chart"))
    return statistics.median(times), spec_bytes


# --- (b) browser render -----------------------------------------------------------------------

def browser_renders(app_url: str, trivial_url: str) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()

        def visit(url: str, charts: int | None, tables: int) -> float:
            t0 = time.perf_counter()
            page.goto(url)
            if charts is None:  # the trivial page: its one line of text
                page.get_by_text(TRIVIAL_TEXT).wait_for(timeout=30_000)
                wait_rendered(page, 0, expected_tables=0)
            else:
                wait_rendered(page, charts, expected_tables=tables)
            return time.perf_counter() - t0

        targets = [(name, app_url + path, charts, tables) for name, _, path, charts, tables, _ in PAGES]
        targets.append(("trivial", trivial_url + "/", None, 0))
        for name, url, charts, tables in targets:
            visit(url, charts, tables)  # warm
            results[name] = statistics.median(visit(url, charts, tables) for _ in range(VISITS))
        browser.close()
    return results


def in_app_switches(app_url: str, trivial_nav_url: str) -> dict[str, float]:
    """Median seconds from a click on a sidebar link until that page is drawn."""
    from playwright.sync_api import sync_playwright

    results: dict[str, list[float]] = {}
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_context(viewport=VIEWPORT).new_page()

        def click(link: str, charts: int, tables: int, text: str | None = None) -> float:
            t0 = time.perf_counter()
            page.locator('[data-testid="stSidebarNav"] a').filter(has_text=link).first.click()
            if text:
                page.get_by_text(text).wait_for(timeout=30_000)
            wait_rendered(page, charts, expected_tables=tables)
            return time.perf_counter() - t0

        page.goto(app_url + "/")
        wait_rendered(page, 1, expected_tables=1)
        for round_ in range(VISITS + 1):  # the first round warms every page
            for name, _, _, charts, tables, link in [*PAGES[1:], PAGES[0]]:
                seconds = click(link, charts, tables)
                if round_:
                    results.setdefault(name, []).append(seconds)
        page.goto(trivial_nav_url + "/")
        page.get_by_text("Xin chào").wait_for(timeout=30_000)
        for round_ in range(VISITS + 1):
            for link, text in (("Hai", "Tạm biệt"), ("Một", "Xin chào")):
                seconds = click(link, 0, 0, text)
                if round_:
                    results.setdefault("trivial", []).append(seconds)
        browser.close()
    return {name: statistics.median(values) for name, values in results.items()}


def main() -> int:
    warnings.filterwarnings("ignore")
    started = time.perf_counter()
    empty = tempfile.mkdtemp(prefix="tqt-bench-empty-")
    os.environ["TQT_DATA_DIR"] = empty  # AppTest runs in this process; the servers inherit it
    info = machine()
    print("\n".join(info), flush=True)

    import streamlit.runtime.scriptrunner_utils.script_run_context as src  # noqa: F401  (creates its logger)
    # "missing ScriptRunContext" from AppTest's main thread (Streamlit resets logger levels itself).
    logging.getLogger(src.__name__).addFilter(lambda record: "ScriptRunContext" not in record.getMessage())
    server: dict[str, tuple[float, int]] = {}
    for name, script, *_ in PAGES:
        server[name] = server_reruns(script)
        print(f"  server rerun {name:<12} {server[name][0]:8.1f} ms", flush=True)
    server["trivial"] = server_reruns(TRIVIAL)
    print(f"  server rerun {'trivial':<12} {server['trivial'][0]:8.1f} ms", flush=True)

    browser: dict[str, float] = {}
    switch: dict[str, float] = {}
    if Path(CHROMIUM).exists():
        env = {"TQT_DATA_DIR": empty}
        with streamlit_server("dashboard.py", env=env) as app_url, \
                streamlit_server(TRIVIAL, env=env) as trivial_url, \
                streamlit_server(TRIVIAL_NAV, env=env) as trivial_nav_url:
            browser = browser_renders(app_url, trivial_url)
            for name, seconds in browser.items():
                print(f"  browser render {name:<12} {seconds:6.2f} s", flush=True)
            switch = in_app_switches(app_url, trivial_nav_url)
            for name, seconds in switch.items():
                print(f"  in-app switch  {name:<12} {seconds:6.2f} s", flush=True)
    else:
        print(f"  {CHROMIUM} not found: no browser measurements", flush=True)

    base_ms = server["trivial"][0]
    base_s = browser.get("trivial")
    lines = [
        "| page | server rerun (ms) | × trivial | page load in browser (s) | × trivial "
        "| in-app switch (s) | × trivial | figure JSON (KB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name in [p[0] for p in PAGES] + ["trivial"]:
        ms, spec = server[name]
        s = browser.get(name)
        sw, base_sw = switch.get(name), switch.get("trivial")
        lines.append(
            f"| {name} | {ms:.1f} | {ms / base_ms:.1f} | "
            + (f"{s:.2f} | {s / base_s:.1f}" if s is not None and base_s else "– | –")
            + (f" | {sw:.2f} | {sw / base_sw:.1f}" if sw is not None and base_sw else " | – | –")
            + f" | {spec / 1024:.1f} |"
        )
    notes = [
        f"Server rerun: median of {RERUNS} warm `AppTest.from_file(<page file>).run()`; "
        f"page load: median of {VISITS} warm `page.goto` until the script has finished and "
        "every Plotly chart (SVG) and table (canvas) is drawn (headless Chromium, 1600×1000); "
        f"in-app switch: median of {VISITS} clicks on the page's sidebar link until the same "
        f"(baseline `{TRIVIAL_NAV}`); "
        "figure JSON: sum of the Plotly figure specs sent. Demo months (TQT_DATA_DIR empty). "
        f"Trivial page: `{TRIVIAL}`.",
    ]
    elapsed = time.perf_counter() - started
    report = "\n".join([
        f"# Benchmark {datetime.now().isoformat(timespec='seconds')}", "", *info, "", *lines, "",
        *notes, "", f"Whole run: {elapsed:.0f} s.", "",
    ])
    print()
    print("\n".join(lines))
    print()
    print(notes[0])
    print(f"Whole run: {elapsed:.0f} s.")
    out = REPO / "bench" / "results" / "latest.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    print(f"written to {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
