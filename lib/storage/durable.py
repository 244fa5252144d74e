"""The storage layer's durable writes: the write lock, atomic replacement, the commit of a
version and recovery of an interrupted one, shared by lib.storage.month_store (month files),
lib.storage.task_store (the task list) and lib.storage.backup (restore). No Streamlit.

The guarantees:

* ``atomic_write`` — a file is only ever replaced whole: a temp file in the same folder, written
  and fsynced, ``os.replace`` (atomic rename), fsync of the folder. A reader sees the old or the
  new file; a crash leaves the old file and at most a temp file (``TEMP_RE``), which
  ``remove_temps`` deletes.
* ``commit_files`` — a commit, for a caller holding the lock: the new numbered version, then the
  live file (each ``atomic_write``), then one line appended and fsynced to the audit log
  (``audit.jsonl``, ``append_audit``). The audit line is the commit: a version without one is an
  incomplete write, which the owner's recovery deletes, putting the live file back to the latest
  audited version. ``repair_audit_tail`` finishes or cuts off a last line torn by a crash;
  ``read_audit`` / ``parse_audit`` read the log, skipping (and reporting) lines that do not parse.
* ``write_lock`` — the data folder's lock (``.write.lock``): a FileLock (flock: it dies with a
  killed process) behind a per-process re-entrant thread lock, so threads of one server queue up
  and a function holding the lock may call another that takes it; StorageError after
  ``LOCK_TIMEOUT`` seconds (``settings.LOCK_TIMEOUT``).

The mechanics of one file (write every byte, fsync, rename, fsync the folder) are
lib.storage.fileio's; this module adds the storage's policy (mode 0644, temp names the recovery
knows, the lock, the audit log).
"""
from __future__ import annotations

import json
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout

from lib.core import settings, texts
from lib.storage import fileio

__all__ = [
    "StorageError", "AUDIT_FILE", "LOCK_FILE", "LOCK_TIMEOUT", "TEMP_RE", "ProcessLock", "write_lock",
    "atomic_write", "append_audit", "commit_files", "valid_entry", "parse_audit", "read_audit",
    "repair_audit_tail", "remove_temps", "check_user",
]

AUDIT_FILE = "audit.jsonl"
LOCK_FILE = ".write.lock"
LOCK_TIMEOUT = settings.LOCK_TIMEOUT
TEMP_RE = re.compile(r"^\.(.+)\.tmp-\d+-[0-9a-f]+$")  # atomic_write's temp files: .<name>.tmp-<pid>-<hex>


class StorageError(Exception):
    """Reading or writing the data folder failed; the message is Vietnamese, for the user."""


def check_user(user) -> str:
    """The writer's name, stripped; StorageError when it is empty."""
    if not isinstance(user, str) or not user.strip():
        raise StorageError(texts.ERR_STORAGE_USER)
    return user.strip()


# --- files: atomic replace, fsync, append (the mechanics are lib.storage.fileio's) -------------------------

def atomic_write(target: Path, content: bytes) -> None:
    """Replace ``target`` with ``content`` all at once, durably: a temp file in the same folder
    (``.<name>.tmp-<pid>-<hex>``, what ``remove_temps`` deletes), written whole and fsynced,
    ``os.replace`` onto ``target`` (atomic: a reader sees the old or the new file, never a torn
    one), then the folder fsynced so the rename survives a crash; missing parent folders are
    created durably; mode 0644 (``fileio.atomic_write`` with the storage's policy)."""
    fileio.atomic_write(target, content, mode=0o644, temp_name=fileio.temp_path)


def append_audit(root: Path, line: bytes) -> None:
    """Append one encoded audit line to ``root/audit.jsonl`` and fsync it (the commit of a
    version); a new log's directory entry is fsynced too."""
    path = root / AUDIT_FILE
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        fileio.write_all(fd, line)  # one write() in practice; a torn line is cut off by recover()
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fileio.fsync_dir(root)


def commit_files(root: Path, version_file: Path, live_file: Path, content: bytes, entry: dict) -> None:
    """The steps of a commit, for a caller holding the lock: ``version_file`` (the new numbered
    version) and then ``live_file`` (the current file) replaced by ``content``, each atomically, then
    ``entry`` appended to the audit log, which is the commit. The audit line is encoded before any
    file is touched. OSError when a step fails; what was written is left to ``recover_locked``."""
    line = (json.dumps(entry, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")  # before any file
    atomic_write(version_file, content)
    atomic_write(live_file, content)
    append_audit(root, line)



# --- the lock -------------------------------------------------------------------------------------

class ProcessLock:
    """One per process and lock file: a thread lock first (so threads of a Streamlit server wait for
    each other and re-entry is counted here), then the FileLock against other processes."""

    def __init__(self, path: str):
        self.thread_lock = threading.RLock()
        self.depth = 0
        self.file_lock = FileLock(path, timeout=LOCK_TIMEOUT, thread_local=False, fallback_to_soft=False,
                                  poll_interval=0.01)


_LOCKS: dict[tuple[int, str], ProcessLock] = {}
_LOCKS_GUARD = threading.Lock()


@contextmanager
def write_lock(root: Path) -> Iterator[None]:
    """The data folder's write lock, held while the block runs: ``root/.write.lock`` locked with
    flock (it dies with a killed process) behind a per-process re-entrant thread lock, so threads of
    one server queue up and a function holding the lock may call another that takes it. The folder
    is created (durably) if missing. StorageError when the lock cannot be had within
    ``LOCK_TIMEOUT`` (``settings.LOCK_TIMEOUT``) or cannot be taken at all."""
    path = os.path.realpath(Path(root) / LOCK_FILE)
    key = (os.getpid(), path)  # a forked child must not reuse its parent's lock object
    with _LOCKS_GUARD:
        lock = _LOCKS.get(key)
        if lock is None:
            lock = _LOCKS[key] = ProcessLock(path)
    if not lock.thread_lock.acquire(timeout=LOCK_TIMEOUT):
        raise StorageError(texts.ERR_STORAGE_BUSY)
    try:
        if lock.depth == 0:
            fileio.make_dirs(Path(root))
            try:
                lock.file_lock.acquire()
            except Timeout:
                raise StorageError(texts.ERR_STORAGE_BUSY) from None
            except (OSError, RuntimeError) as exc:
                raise StorageError(texts.ERR_STORAGE_LOCK.format(msg=exc)) from exc
        lock.depth += 1
        try:
            yield
        finally:
            lock.depth -= 1
            if lock.depth == 0:
                lock.file_lock.release()
    finally:
        lock.thread_lock.release()


# --- the audit log --------------------------------------------------------------------------------

def valid_entry(entry) -> bool:
    """Whether a parsed audit line is a commit record: a dict with a period, an integer version and a sha256."""
    return (isinstance(entry, dict) and isinstance(entry.get("period"), str)
            and isinstance(entry.get("version"), int) and not isinstance(entry.get("version"), bool)
            and isinstance(entry.get("sha256"), str))


def parse_audit(content: bytes) -> tuple[list[dict], list[int]]:
    """The valid entries of an audit log's bytes, oldest first, and the numbers of the non-blank
    lines that are not one (lines counted from 1)."""
    entries, bad = [], []
    for number, raw in enumerate(content.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            entry = None
        if not valid_entry(entry):
            bad.append(number)
            continue
        entries.append(entry)
    return entries, bad


def read_audit(root: Path) -> tuple[list[dict], list[str]]:
    """Every readable audit line, oldest first, and a message for each line that is not."""
    path = Path(root) / AUDIT_FILE
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return [], []
    entries, bad = parse_audit(content)
    return entries, [texts.STORAGE_AUDIT_BAD_LINE.format(file=AUDIT_FILE, line=number) for number in bad]


# --- recovery of an interrupted write -----------------------------------------------------------------

def remove_temps(folder: Path, target_name: str | None = None, apply: bool = True) -> list[str]:
    """Delete the temp files ``atomic_write`` left in ``folder`` (of ``target_name`` only, if given)."""
    if not folder.is_dir():
        return []
    messages = []
    for path in sorted(folder.iterdir()):
        m = TEMP_RE.match(path.name)
        if m and path.is_file() and (target_name is None or m.group(1) == target_name):
            if apply:
                path.unlink()
            messages.append(texts.STORAGE_RECOVER_TEMP.format(path=path))
    if messages and apply:
        fileio.fsync_dir(folder)
    return messages


def repair_audit_tail(root: Path, apply: bool = True) -> list[str]:
    """A last audit line without its newline is a commit cut short: finish it if it is whole,
    otherwise cut it off (its version is then an orphan and is undone like any other)."""
    path = root / AUDIT_FILE
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return []
    if not content or content.endswith(b"\n"):
        return []
    cut = content.rfind(b"\n") + 1
    try:
        whole = valid_entry(json.loads(content[cut:].decode("utf-8")))
    except (UnicodeDecodeError, ValueError):
        whole = False
    if whole:
        if apply:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND)
            try:
                os.write(fd, b"\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        return [texts.STORAGE_RECOVER_AUDIT_NEWLINE.format(file=AUDIT_FILE)]
    if apply:
        fd = os.open(path, os.O_WRONLY)
        try:
            os.ftruncate(fd, cut)
            os.fsync(fd)
        finally:
            os.close(fd)
    return [texts.STORAGE_RECOVER_AUDIT_TAIL.format(file=AUDIT_FILE)]
