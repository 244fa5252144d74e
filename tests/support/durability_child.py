"""Test-side pause for the kill tests (tests/storage/test_durability.py, tests/analytics/test_tasks.py): imported by a
writer started as a separate process, it stops that writer part-way through the commit of a new
version so that the test can kill it with SIGKILL. Production code knows nothing of it.

Importing this module reads the environment: ``TQT_TEST_PAUSE_AT`` is the point —
``history_temp`` (the new version's temp file is written, not yet renamed), ``after_history``
(the version is in place, the current file not yet replaced) or ``after_canonical`` (both
files in place, the audit line not yet written); ``TQT_TEST_PAUSE_MARKER`` a file to write the
point into once there; ``TQT_TEST_PAUSE_SECONDS`` how long to sleep there (default 30). There it
prints ``TQT_TEST_PAUSED <point>``. Only a commit of a new version pauses, never a baseline one
(a file found without a version, recorded first).

It wraps lib.storage.durable's public steps (``commit_files``, ``atomic_write``, ``append_audit``) and
``os.replace`` in this process; the writer runs the production code in between unchanged.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from lib.storage import durable

PAUSE_ENV = "TQT_TEST_PAUSE_AT"
PAUSE_SECONDS_ENV = "TQT_TEST_PAUSE_SECONDS"
PAUSE_MARKER_ENV = "TQT_TEST_PAUSE_MARKER"
PRELUDE = "import tests.support.durability_child\n"  # put before a writer's code to arm the pause

_armed: dict = {}  # the files of the commit under way, while one that may pause runs


def pause(point: str) -> None:
    if os.environ.get(PAUSE_ENV) != point:
        return
    print(f"TQT_TEST_PAUSED {point}", flush=True)
    marker = os.environ.get(PAUSE_MARKER_ENV)
    if marker:
        Path(marker).write_text(point, encoding="utf-8")
    time.sleep(float(os.environ.get(PAUSE_SECONDS_ENV) or 30))


def install() -> None:
    commit_files, atomic_write, append_audit = durable.commit_files, durable.atomic_write, durable.append_audit
    replace = os.replace

    def paused_commit(root, version_file, live_file, content, entry):
        if entry.get("action") == "baseline":
            return commit_files(root, version_file, live_file, content, entry)
        _armed.update(version=Path(version_file), live=Path(live_file))
        try:
            return commit_files(root, version_file, live_file, content, entry)
        finally:
            _armed.clear()

    def paused_atomic_write(target, content):
        if _armed and Path(target) == _armed["live"]:
            pause("after_history")
        return atomic_write(target, content)

    def paused_append_audit(root, line):
        if _armed:
            pause("after_canonical")
        return append_audit(root, line)

    def paused_replace(src, dst, *args, **kwargs):
        if _armed and Path(dst) == _armed["version"]:
            pause("history_temp")
        return replace(src, dst, *args, **kwargs)

    durable.commit_files = paused_commit
    durable.atomic_write = paused_atomic_write
    durable.append_audit = paused_append_audit
    os.replace = paused_replace


if os.environ.get(PAUSE_ENV):
    install()
