"""lib.storage.month_store against real processes: concurrent writers, writers killed with SIGKILL mid-commit,
and operations that must leave the data folder byte-identical.

Writers are separate ``python -c`` processes importing lib.storage.month_store, so the file lock, fsync and
rename are exercised exactly as in production. The kill tests pause the writer with the test-side
hook of ``tests/support/durability_child.py`` (environment variables TQT_TEST_PAUSE_AT / _SECONDS / _MARKER).
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from lib.storage import month_store
from tests.support.durability_child import PRELUDE
from tests.support.helpers import REPO, tree_hash

P = "2025-03"
WORKERS = 5
WRITES = 6  # per worker


def row(code, value, note=""):
    return {"indicator_code": code, "value": value, "note": note}


def tree(root: Path) -> dict[str, bytes]:
    root = Path(root)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in sorted(Path(root).rglob("*"))}


def raw_audit(root: Path) -> list[dict]:
    """Every line of audit.jsonl must be complete JSON, and the file must end with a newline."""
    content = (Path(root) / "audit.jsonl").read_bytes()
    assert content.endswith(b"\n")
    return [json.loads(line) for line in content.decode("utf-8").split("\n")[:-1]]


def assert_consistent(root: Path) -> None:
    root = Path(root)
    lines = raw_audit(root)
    by_month = defaultdict(list)
    for e in lines:
        by_month[e["period"]].append(e["version"])
    for period, versions in by_month.items():
        assert versions == list(range(1, len(versions) + 1)), period  # no gap, no duplicate, in order
        folder = root / "history" / period
        assert sorted(p.name for p in folder.iterdir()) == [f"v{v:04d}.csv" for v in versions]
    assert sorted(by_month) == month_store.months(root)
    for period in month_store.months(root):
        versions = month_store.history(root, period)
        for e in versions:
            assert hashlib.sha256(e["path"].read_bytes()).hexdigest() == e["sha256"]
        canonical = month_store.month_path(root, period)
        assert canonical.read_bytes() == versions[-1]["path"].read_bytes()
        month_store.read_rows(canonical)  # parses completely
    assert not list(root.rglob(".*.tmp-*"))


def run_python(code: str, *args, env: dict | None = None, **kwargs) -> subprocess.Popen:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("TQT_TEST_PAUSE")}
    full_env.update(env or {})
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], cwd=REPO, env=full_env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


# --- 1. several processes writing at once ---------------------------------------------------------

WORKER = r"""
import json, random, sys, time
from pathlib import Path
from lib.storage import month_store as storage

root, wid, go = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
shared, own = "2025-01", f"2025-{wid + 2:02d}"
row = lambda code, value, note="": {"indicator_code": code, "value": value, "note": note}
while not go.exists():
    time.sleep(0.002)
results = []

def optimistic(period, new_rows):
    # read, merge, write with expected_version; on a concurrent commit read again
    for attempt in range(200):
        versions = storage.history(root, period)
        base = versions[-1]["version"] if versions else 0
        merged = storage.merge(storage.current_rows(root, period), new_rows)
        try:
            return storage.write_month(root, period, merged, user=f"tiến trình {wid}", expected_version=base)
        except storage.StorageConflict:
            time.sleep(0.001 * (1 + wid))
    raise SystemExit("too many conflicts")

for i in range(6):
    time.sleep(random.uniform(0, 0.02))  # staff do not all click at the same instant: interleave
    note = f"ghi chú {wid}/{i}, có dấu phẩy và \"ngoặc\""
    if i == 0:
        entry = storage.import_rows(root, shared, [row(f"w{wid}_0", wid + 0.5, note), row("chung", wid * 100 + i)],
                                    user=f"tiến trình {wid}", source=f"w{wid}.csv")
    elif i == 1:
        entry = storage.import_rows(root, own, [row(f"w{wid}_1", wid * 1.1)], user=f"tiến trình {wid}")
    elif i == 2:
        entry = optimistic(shared, [row(f"w{wid}_2", 1e-3 * wid, note), row("chung", wid * 100 + i)])
    elif i == 3:
        entry = optimistic(own, [row(f"w{wid}_3", 12345678.9 + wid)])
    elif i == 4:  # the same figure again: nothing changes, nothing is committed
        note = f"ghi chú {wid}/0, có dấu phẩy và \"ngoặc\""
        entry = storage.import_rows(root, shared, [row(f"w{wid}_0", wid + 0.5, note)], user=f"tiến trình {wid}")
    else:
        entry = storage.restore(root, own, 1, user=f"tiến trình {wid}")
    results.append({"period": entry["period"], "version": entry["version"], "unchanged": bool(entry.get("unchanged")),
                    "sha256": entry["sha256"]})
print(json.dumps(results))
"""


def test_concurrent_writers(tmp_path):
    root, go = tmp_path / "data", tmp_path / "go"
    procs = [run_python(WORKER, root, w, go) for w in range(WORKERS)]
    time.sleep(0.3)  # let every interpreter start, then release them together
    go.touch()
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        results.extend(json.loads(out))
    assert len(results) == WORKERS * WRITES
    changed = [r for r in results if not r["unchanged"]]
    assert len(changed) == WORKERS * (WRITES - 1)  # only the repeated figure changed nothing

    lines = raw_audit(root)
    assert len(lines) == len(changed)
    assert sorted((e["period"], e["version"], e["sha256"]) for e in lines) == \
        sorted((r["period"], r["version"], r["sha256"]) for r in changed)
    assert_consistent(root)

    # no upload lost another's indicators: the shared month holds every one written to it
    shared = {r["indicator_code"]: r for r in month_store.current_rows(root, "2025-01")}
    assert set(shared) == {"chung"} | {f"w{w}_{i}" for w in range(WORKERS) for i in (0, 2)}
    for w in range(WORKERS):
        assert shared[f"w{w}_0"]["value"] == w + 0.5
        assert shared[f"w{w}_0"]["note"] == f"ghi chú {w}/0, có dấu phẩy và \"ngoặc\""
        own = f"2025-{w + 2:02d}"
        # own month: v1 import, v2 optimistic merge, v3 restore of v1
        assert [(e["version"], e["action"], e["restored_from"]) for e in month_store.history(root, own)] == [
            (1, "import", None), (2, "import", None), (3, "restore", 1)]
        assert month_store.current_rows(root, own) == [row(f"w{w}_1", float(format(w * 1.1, ".15g")))]
    assert len(month_store.history(root, "2025-01")) == 2 * WORKERS


# --- 2. writers killed with SIGKILL in the middle of a commit --------------------------------------

KILLED = r"""
import sys
from lib.storage import month_store as storage
storage.import_rows(sys.argv[1], "2025-03", [{"indicator_code": "b", "value": 99, "note": "bị ngắt"}],
                    user="tiến trình bị ngắt", source="killed.csv")
print("DONE", flush=True)
"""


def start_paused(code: str, root: Path, point: str, marker: Path) -> subprocess.Popen:
    """Start the writer ``code`` (on ``root``) with the pause hook at ``point``; return once it has
    paused there (it has written ``marker``)."""
    proc = run_python(PRELUDE + code, root, env={"TQT_TEST_PAUSE_AT": point, "TQT_TEST_PAUSE_SECONDS": "60",
                                                 "TQT_TEST_PAUSE_MARKER": str(marker)})
    deadline = time.monotonic() + 20
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the writer never reached the pause"
        time.sleep(0.01)
    return proc


def start_and_kill(root: Path, point: str, tmp_path: Path, code: str = KILLED) -> str:
    """Start the writer ``code`` paused at ``point``, wait until it is there, SIGKILL it; its stdout."""
    proc = start_paused(code, root, point, tmp_path / f"paused-{point}")
    os.kill(proc.pid, signal.SIGKILL)
    out, _ = proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert f"TQT_TEST_PAUSED {point}" in out and "DONE" not in out
    return out


def two_versions(root: Path) -> None:
    month_store.import_rows(root, P, [row("a", 1, "tháng 3"), row("b", 2)], user="An")
    month_store.import_rows(root, P, [row("b", 3)], user="Bình")


@pytest.mark.parametrize("point", ["history_temp", "after_history", "after_canonical"])
def test_kill_mid_write_then_recover(tmp_path, point):
    root = tmp_path / "data"
    two_versions(root)
    before = tree(root)
    previous = month_store.month_path(root, P).read_bytes()

    start_and_kill(root, point, tmp_path)

    after_kill = tree(root)
    hist = root / "history" / P
    assert after_kill["audit.jsonl"] == before["audit.jsonl"]  # no commit record for the killed write
    assert [e["version"] for e in month_store.history(root, P)] == [1, 2]
    if point == "history_temp":
        assert len(list(hist.glob(".v0003.csv.tmp-*"))) == 1 and not (hist / "v0003.csv").exists()
    else:
        assert (hist / "v0003.csv").exists()  # the orphan: written, never committed
    if point == "after_canonical":
        assert month_store.month_path(root, P).read_bytes() != previous
    else:
        assert month_store.month_path(root, P).read_bytes() == previous

    messages = month_store.recover(root)
    assert messages and all(isinstance(m, str) for m in messages)
    assert month_store.month_path(root, P).read_bytes() == previous
    assert tree(root) == before  # orphan version and temp files gone, nothing else touched
    assert month_store.recover(root) == []

    started = time.monotonic()
    entry = month_store.import_rows(root, P, [row("c", 4)], user="An")
    assert time.monotonic() - started < 5  # the killed writer's lock died with it
    assert entry["version"] == 3
    assert month_store.current_rows(root, P) == [row("a", 1.0, "tháng 3"), row("b", 3.0), row("c", 4.0)]
    assert [e["version"] for e in raw_audit(root)] == [1, 2, 3]
    assert_consistent(root)


@pytest.mark.parametrize("point", ["after_history", "after_canonical"])
def test_next_write_recovers_by_itself(tmp_path, point):
    root = tmp_path / "data"
    two_versions(root)
    start_and_kill(root, point, tmp_path)
    # no explicit recover(): the write merges into the last committed version, not the killed one
    entry = month_store.import_rows(root, P, [row("c", 4)], user="An")
    assert entry["version"] == 3
    assert entry["changes"] == [{"indicator_code": "c", "old": None, "new": 4.0, "old_note": None, "new_note": ""}]
    assert month_store.current_rows(root, P) == [row("a", 1.0, "tháng 3"), row("b", 3.0), row("c", 4.0)]
    assert not (root / "recovered").exists()  # the killed write's content was never committed: not kept
    assert_consistent(root)


WAITER = r"""
import json, sys
from lib.storage import month_store as storage
entry = storage.import_rows(sys.argv[1], "2025-03", [{"indicator_code": "d", "value": 5, "note": ""}], user="chờ")
print(json.dumps(entry, ensure_ascii=False))
"""


def test_a_waiting_writer_takes_over_when_the_holder_is_killed(tmp_path):
    root = tmp_path / "data"
    two_versions(root)
    holder = start_paused(KILLED, root, "after_canonical", tmp_path / "paused")
    waiter = run_python(WAITER, root)
    with pytest.raises(subprocess.TimeoutExpired):
        waiter.wait(timeout=1.0)  # blocked on the lock the paused writer holds
    os.kill(holder.pid, signal.SIGKILL)
    holder.communicate(timeout=10)
    out, err = waiter.communicate(timeout=20)
    assert waiter.returncode == 0, err
    entry = json.loads(out)
    assert entry["version"] == 3 and entry["user"] == "chờ"
    # it merged into the last committed version, not into the killed writer's canonical file
    assert month_store.current_rows(root, P) == [row("a", 1.0, "tháng 3"), row("b", 3.0), row("d", 5.0)]
    assert_consistent(root)


def test_kill_during_a_restore(tmp_path):
    root = tmp_path / "data"
    two_versions(root)
    before = tree(root)
    code = "import sys\nfrom lib.storage import month_store as storage\nstorage.restore(sys.argv[1], '2025-03', 1, user='x')\n"
    start_and_kill(root, "after_canonical", tmp_path, code)
    assert month_store.recover(root)
    assert tree(root) == before
    assert month_store.restore(root, P, 1, user="An")["version"] == 3
    assert_consistent(root)


# --- 3. operations that must leave the folder byte-identical ------------------------------------

def populated(root: Path) -> Path:
    two_versions(root)
    month_store.import_rows(root, "2025-04", [row("a", 5, "tháng 4")], user="An")
    month_store.restore(root, P, 1, user="Chi")
    shipped = root / "actuals" / "2025-05.csv"  # placed by hand, no history yet
    shipped.write_bytes("period,indicator_code,value,note\n2025-05,a,7,có sẵn\n".encode("utf-8"))
    return root


def test_read_only_operations_leave_the_folder_identical(tmp_path):
    root = populated(tmp_path / "data")
    digest, times = tree_hash(root), mtimes(root)
    for _ in range(2):
        assert month_store.months(root) == [P, "2025-04", "2025-05"]
        for period in month_store.months(root):
            month_store.current_rows(root, period)
            for e in month_store.history(root, period):
                month_store.read_rows(e["path"])
        assert len(month_store.audit_entries(root)) == 4
        assert month_store.current_rows(root, "2025-06") == [] and month_store.history(root, "2025-06") == []
        assert month_store.recover(root) == []
        assert month_store.recover(root, P) == []
        assert month_store.recover(root, "2025-05") == []
        month_store.merge(month_store.current_rows(root, P), [row("z", 1)])
    assert tree_hash(root) == digest
    assert mtimes(root) == times  # lib.analytics.datastore.data_version() fingerprints mtimes: no spurious reloads


def test_recover_on_a_folder_never_written_creates_nothing(tmp_path):
    root = tmp_path / "shipped"
    (root / "actuals").mkdir(parents=True)
    (root / "actuals" / "2025-01.csv").write_text("period,indicator_code,value,note\n2025-01,a,1,\n")
    digest = tree_hash(root)
    assert month_store.recover(root) == []
    assert tree_hash(root) == digest and not (root / ".write.lock").exists()


def test_rejected_writes_leave_the_folder_identical(tmp_path):
    root = populated(tmp_path / "data")
    digest, times = tree_hash(root), mtimes(root)
    rejected = [
        lambda: month_store.write_month(root, P, [row("a", float("nan"))], user="An"),
        lambda: month_store.write_month(root, P, [row("a", 1), row("a", 2)], user="An"),
        lambda: month_store.write_month(root, P, [row("a", 1)], user=""),
        lambda: month_store.write_month(root, "2025-13", [row("a", 1)], user="An"),
        lambda: month_store.write_month(root, P, [row("a", 9)], user="An", expected_version=1),
        lambda: month_store.import_rows(root, P, [row("a", "không phải số")], user="An"),
        lambda: month_store.restore(root, P, 99, user="An"),
        lambda: month_store.restore(root, "../2025-03", 1, user="An"),
    ]
    for attempt in rejected:
        with pytest.raises(month_store.StorageError):
            attempt()
    assert tree_hash(root) == digest
    assert mtimes(root) == times
