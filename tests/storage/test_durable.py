"""lib.storage.durable, the storage layer's durable-write primitives, on their own: atomic
replacement, temp files and their cleanup, the steps of a commit and the audit log's repair, the
write lock (re-entrant, timing out with StorageError, held against other processes)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time

import pytest

from lib.core import texts
from lib.storage import durable, fileio, month_store, task_store
from tests.support.helpers import REPO


def test_atomic_write_replaces_the_whole_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "a" / "b" / "f.csv"
    durable.atomic_write(target, b"one\n")               # missing folders are created
    durable.atomic_write(target, b"two\n")
    assert target.read_bytes() == b"two\n"
    assert target.stat().st_mode & 0o777 == 0o644 & ~_umask()
    assert sorted(p.name for p in target.parent.iterdir()) == ["f.csv"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_failed_rename_keeps_the_old_file_and_removes_the_temp(tmp_path, monkeypatch):
    target = tmp_path / "f.csv"
    durable.atomic_write(target, b"old\n")

    def failing_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError):
        durable.atomic_write(target, b"new\n")
    monkeypatch.undo()
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]


def test_remove_temps_deletes_only_the_temp_files_it_is_asked_for(tmp_path):
    temp_a, temp_b = fileio.temp_path(tmp_path / "a.csv"), fileio.temp_path(tmp_path / "b.csv")
    for path in (temp_a, temp_b, tmp_path / "a.csv", tmp_path / ".hidden"):
        path.write_bytes(b"x")
    assert durable.TEMP_RE.match(temp_a.name).group(1) == "a.csv"
    assert len(durable.remove_temps(tmp_path, apply=False)) == 2     # only said, nothing done
    assert temp_a.exists() and temp_b.exists()
    assert len(durable.remove_temps(tmp_path, "a.csv")) == 1
    assert not temp_a.exists() and temp_b.exists()
    assert durable.remove_temps(tmp_path / "missing") == []
    durable.remove_temps(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".hidden", "a.csv"]


def test_commit_files_writes_the_version_the_live_file_and_one_audit_line(tmp_path):
    entry = {"period": "2025-03", "version": 1, "sha256": fileio.sha256(b"rows\n"), "user": "Lan"}
    version, live = tmp_path / "history" / "v0001.csv", tmp_path / "live.csv"
    durable.commit_files(tmp_path, version, live, b"rows\n", entry)
    assert version.read_bytes() == live.read_bytes() == b"rows\n"
    assert (tmp_path / durable.AUDIT_FILE).read_bytes() == (json.dumps(entry, ensure_ascii=False) + "\n").encode()
    assert durable.read_audit(tmp_path) == ([entry], [])
    with pytest.raises(ValueError):                          # not JSON: nothing is written at all
        durable.commit_files(tmp_path, tmp_path / "v2.csv", live, b"x", {**entry, "version": 2, "bad": float("nan")})
    assert not (tmp_path / "v2.csv").exists() and live.read_bytes() == b"rows\n"


def test_the_audit_log_skips_bad_lines_and_repairs_a_torn_tail(tmp_path):
    good = {"period": "2025-03", "version": 1, "sha256": "0" * 64}
    audit = tmp_path / durable.AUDIT_FILE
    audit.write_bytes(json.dumps(good).encode() + b"\nnot json\n\n" + json.dumps({"version": 2}).encode() + b"\n")
    assert durable.parse_audit(audit.read_bytes()) == ([good], [2, 4])
    entries, problems = durable.read_audit(tmp_path)
    assert entries == [good] and len(problems) == 2
    audit.write_bytes(json.dumps(good).encode())             # a whole line without its newline: finished
    assert durable.repair_audit_tail(tmp_path) == [texts.STORAGE_RECOVER_AUDIT_NEWLINE.format(file=durable.AUDIT_FILE)]
    assert audit.read_bytes().endswith(b"}\n")
    audit.write_bytes(audit.read_bytes() + b'{"period": "2025-0')   # a torn line: cut off
    assert durable.repair_audit_tail(tmp_path, apply=False) and audit.read_bytes().endswith(b'"2025-0')
    assert durable.repair_audit_tail(tmp_path) == [texts.STORAGE_RECOVER_AUDIT_TAIL.format(file=durable.AUDIT_FILE)]
    assert durable.read_audit(tmp_path) == ([good], []) and durable.repair_audit_tail(tmp_path) == []


def test_check_user():
    assert durable.check_user("  Lan ") == "Lan"
    for user in ("", "   ", None, 3):
        with pytest.raises(durable.StorageError):
            durable.check_user(user)


def test_the_lock_is_reentrant_and_times_out_for_another_thread(tmp_path, monkeypatch):
    monkeypatch.setattr(durable, "LOCK_TIMEOUT", 0.2)
    with durable.write_lock(tmp_path):
        with durable.write_lock(tmp_path):                    # the same thread may take it again
            assert (tmp_path / durable.LOCK_FILE).exists()
        errors = []

        def other():
            try:
                with durable.write_lock(tmp_path):
                    errors.append(None)
            except durable.StorageError as exc:
                errors.append(str(exc))

        thread = threading.Thread(target=other)
        thread.start()
        thread.join(5)
    assert errors == [texts.ERR_STORAGE_BUSY]
    with durable.write_lock(tmp_path):                        # released: free again
        pass


def test_the_lock_holds_against_another_process(tmp_path, monkeypatch):
    code = ("import sys, time\nfrom lib.storage import durable\nwith durable.write_lock(sys.argv[1]):\n"
            "    print('held', flush=True)\n    time.sleep(30)\n")
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(durable, "LOCK_TIMEOUT", 0.3)
        started = time.monotonic()
        with pytest.raises(durable.StorageError, match=re.escape(texts.ERR_STORAGE_BUSY)):
            with durable.write_lock(tmp_path):
                pass
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()
    with durable.write_lock(tmp_path):                        # a killed holder's lock dies with it
        pass


def test_the_stores_share_these_primitives():
    assert month_store.write_lock is durable.write_lock and month_store.StorageError is durable.StorageError
    assert month_store.commit_files is durable.commit_files and month_store.AUDIT_FILE == durable.AUDIT_FILE
    assert issubclass(month_store.StorageConflict, durable.StorageError)
    assert task_store.durable is durable
