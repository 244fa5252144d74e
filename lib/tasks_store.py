"""Writing the tasks file: every edit is a new numbered version, old ones are kept, each is audited.

The same durability as the month files, with ``lib.storage``'s own primitives: its write lock
(``.write.lock``, shared with uploads), its atomic replace (temp file in the same folder, fsync,
``os.replace``, fsync of the folder; the temp names its recovery knows), its audit log. Under the
data folder::

    tasks_2025.csv                the current version (what lib.tasks reads)
    history/tasks/v0001.csv …     every version ever committed, the current one included
    audit.jsonl                   one line per version, shared with the months:
                                  {"time", "user", "action", "kind": "tasks", "period": "tasks",
                                   "version", "sha256", "task_id", "changes": [{"field", "old", "new"}],
                                   "source": null, "restored_from": null}

(``period`` is "tasks" so that every line is a valid storage entry — the month tools skip it, as
it is no month.) A commit, under the lock: the version into ``history/tasks/``, then the current
file, each atomically, then the audit line, which is the commit. ``update`` first runs
``recover``: a version without its audit line (a writer killed part-way) is deleted and the
current file put back to the latest audited version.

The first edit of a data folder that has no ``tasks_2025.csv`` yet copies the shipped file there
as version 1 (action "baseline", user "hệ thống"), then commits the edit as version 2. A current
file that no version records (edited by hand, e.g. to add an item) is likewise committed as a
baseline version before the edit, so a hand edit is never overwritten unrecorded.
"""
from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

import pandas as pd

from lib import fileio, storage, tasks, texts, units

DOC = "tasks"  # the audit lines' "kind" and "period", and the history folder's name

log = logging.getLogger(__name__)


class TasksConflict(tasks.TasksError):
    """``update(base=…)``: the item changed since the editor read it; nothing was written."""


# --- paths and the audit log ----------------------------------------------------------------------

def _root(root) -> Path:
    from lib.data import data_dir

    return Path(root) if root is not None else data_dir()


def history_dir(root=None) -> Path:
    return _root(root) / storage.HISTORY_DIR / DOC


def version_path(root, version: int) -> Path:
    return history_dir(root) / f"v{version:04d}.csv"


def _audited(root: Path) -> dict[int, dict]:
    entries, _ = storage._read_audit(root)
    return {e["version"]: e for e in entries if e.get("period") == DOC}


def history(root=None, task_id: str | None = None) -> list[dict]:
    """The audited versions of the tasks file, oldest first (each audit entry plus ``path``);
    with ``task_id``, only the updates of that item."""
    root = _root(root)
    audited = _audited(root)
    out = [{**audited[v], "path": version_path(root, v)} for v in sorted(audited)]
    if task_id is not None:
        out = [e for e in out if e.get("task_id") == task_id]
    return out


# --- recovery --------------------------------------------------------------------------------------

def recover(root=None) -> list[str]:
    """Undo what a writer killed part-way left (temp files, a torn audit line, versions without
    an audit line, a current file that is such a version); Vietnamese descriptions of what was
    done. A consistent folder is only looked at, not even locked."""
    root = _root(root)
    if not root.is_dir():
        return []
    try:
        needed = bool(_recover_locked(root, apply=False))
    except OSError:  # a file moved under our feet: a writer is busy, look again under the lock
        needed = True
    if not needed:
        return []
    with storage._write_lock(root):
        return _recover_locked(root)


def _recover_locked(root: Path, apply: bool = True) -> list[str]:
    messages = storage._repair_audit_tail(root, apply)
    messages += storage._remove_temps(root, tasks.FILE_NAME, apply)
    folder = history_dir(root)
    messages += storage._remove_temps(folder, None, apply)
    audited = _audited(root)
    orphans: set[str] = set()
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            m = storage.VERSION_FILE_RE.match(path.name)
            if m and path.is_file() and int(m.group(1)) not in audited:
                orphans.add(fileio.sha256(path.read_bytes()))
                if apply:
                    path.unlink()
                messages.append(texts.TASKS_RECOVER_ORPHAN.format(version=int(m.group(1))))
        if orphans and apply:
            fileio.fsync_dir(folder)
    if not audited:
        return messages
    latest = max(audited)
    live = tasks.live_path(root)
    try:
        current = live.read_bytes()
    except FileNotFoundError:
        current = None
    if current is not None and (fileio.sha256(current) == audited[latest]["sha256"]
                                or fileio.sha256(current) not in orphans):
        return messages  # up to date, or edited by hand: the next update records it as a version
    try:
        source = version_path(root, latest).read_bytes()
    except FileNotFoundError:
        source = None
    if source is None or fileio.sha256(source) != audited[latest]["sha256"]:
        why = (texts.ERR_STORAGE_VERSION_MISSING if source is None else texts.ERR_STORAGE_VERSION_CORRUPT)
        return messages + [texts.TASKS_RECOVER_NO_SOURCE.format(
            version=latest, msg=why.format(version=latest, period=DOC))]
    if apply:
        storage._atomic_write(live, source)
    return messages + [texts.TASKS_RECOVER_LIVE.format(version=latest)]


# --- writing ---------------------------------------------------------------------------------------

def _commit(root: Path, version: int, content: bytes, *, user: str, action: str, task_id: str | None,
            changes: list[dict], pause: bool) -> dict:
    entry = {
        "time": datetime.now(storage.VN_TZ).isoformat(timespec="seconds"), "user": user, "action": action,
        "kind": DOC, "period": DOC, "version": version, "sha256": fileio.sha256(content), "task_id": task_id,
        "changes": changes, "source": None, "restored_from": None,
    }
    line = (json.dumps(entry, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")  # before any file
    try:
        storage._atomic_write(version_path(root, version), content, "history_temp" if pause else None)
        if pause:
            storage._test_pause("after_history")
        storage._atomic_write(tasks.live_path(root), content)
        if pause:
            storage._test_pause("after_canonical")
        storage._append_audit(root, line)
    except OSError as exc:
        try:  # leave the folder as it was before this write
            for message in _recover_locked(root):
                log.warning(message)
        except Exception:  # noqa: BLE001 - the next write recovers; report the first error
            log.exception("recover after a failed write of the tasks file")
        raise tasks.TasksError([texts.TASKS_ERR_WRITE.format(msg=exc.strerror or exc)]) from exc
    return entry


def _edited(old: dict, changes: dict, today, owners: pd.DataFrame) -> dict:
    """The item with ``changes`` applied, checked as the file would spell it; TasksError if not."""
    rec = tasks.record_strings(old)
    for field, value in changes.items():
        if field == "progress" and isinstance(value, float) and value.is_integer():
            value = int(value)  # 80.0 from a number box is 80; 80.5 stays and is refused
        rec[field] = "" if value is None else str(value)
    rec["updated"] = today.isoformat()
    row, problems = tasks.check_item(rec, owners)
    if problems:
        raise tasks.TasksError(problems)
    return row


def update(task_id: str, changes: dict, *, user: str, root=None, base: dict | None = None, today=None,
           owners: pd.DataFrame | None = None) -> dict:
    """Change the editable fields (``tasks.EDITABLE``: status, progress, note, milestones) of one
    item and commit the whole file as its next version; returns the audit entry.

    ``base``: the values the editor saw (field → value); if the stored item differs on a field
    being changed, TasksConflict and nothing is written. ``today`` (default: today in Vietnam)
    becomes the item's ``updated``. Nothing changed → ``{"unchanged": True, "version": …}`` and
    no new version. Any problem raises TasksError (Vietnamese messages) before anything is written.
    """
    root = _root(root)
    try:
        user = storage._user(user)
    except storage.StorageError as exc:
        raise tasks.TasksError([str(exc)]) from None
    bad = [f for f in changes if f not in tasks.EDITABLE]
    if bad:
        allowed = ", ".join(texts.TASK_FIELD_LABELS[f] for f in tasks.EDITABLE)
        raise tasks.TasksError([texts.TASKS_ERR_FIELD.format(field=f, allowed=allowed) for f in bad])
    owners = owners if owners is not None else units.load_units()
    today = today or datetime.now(storage.VN_TZ).date()
    # Checked once without the lock, so that a rejected update touches nothing at all (not even the
    # lock file), then again under the lock on what is current by then.
    if _edit(root, task_id, changes, base=base, today=today, owners=owners) is None:
        return {"unchanged": True, "version": max(_audited(root), default=0), "task_id": task_id, "changes": []}
    try:
        with storage._write_lock(root):
            return _update_locked(root, task_id, changes, user=user, base=base, today=today, owners=owners)
    except storage.StorageError as exc:  # the lock is busy or cannot be taken
        raise tasks.TasksError([str(exc)]) from None


def _edit(root: Path, task_id: str, changes: dict, *, base: dict | None, today, owners: pd.DataFrame):
    """The file as it is (bytes, or None before the first edit), and the whole table after the
    edit, serialised, with its changes; None when nothing changes. TasksError when the edit, or
    the current file, is not acceptable."""
    audited = _audited(root)
    try:
        current = tasks.live_path(root).read_bytes()
    except FileNotFoundError:
        current = None
        if audited:  # recovery could not put it back: never fall back on the shipped file silently
            latest = max(audited)
            raise tasks.TasksError([texts.TASKS_RECOVER_NO_SOURCE.format(
                version=latest, msg=texts.ERR_STORAGE_VERSION_MISSING.format(version=latest, period=DOC))]) from None
    source = current if current is not None else tasks.shipped_path().read_bytes()
    records = tasks.parse_tasks(source, tasks.FILE_NAME, owners).to_dict("records")
    found = [i for i, r in enumerate(records) if r["id"] == task_id]
    if len(found) != 1:
        raise tasks.TasksError([texts.TASKS_ERR_UNKNOWN_TASK.format(id=task_id)])
    old = records[found[0]]
    if base:
        moved = [f for f in changes if f in base and base[f] != old[f]]
        if moved:
            raise TasksConflict([texts.TASKS_ERR_CONFLICT.format(
                title=old["title_vi"], fields=", ".join(texts.TASK_FIELD_LABELS[f].lower() for f in moved))])
    new = _edited(old, changes, today, owners)
    diffs = tasks.task_changes(old, new)
    if not diffs:
        return None
    records[found[0]] = new
    content = tasks.serialize(pd.DataFrame(records, columns=tasks.COLUMNS))
    if tasks.parse_tasks(content, tasks.FILE_NAME, owners).to_dict("records") != records:
        raise tasks.TasksError([texts.TASKS_ERR_WRITE.format(msg=texts.ERR_STORAGE_ROUNDTRIP)])
    return current, source, content, diffs


def _update_locked(root: Path, task_id: str, changes: dict, *, user: str, base: dict | None, today,
                   owners: pd.DataFrame) -> dict:
    for message in _recover_locked(root):
        log.warning(message)
    edit = _edit(root, task_id, changes, base=base, today=today, owners=owners)
    audited = _audited(root)
    latest = max(audited, default=0)
    if edit is None:
        return {"unchanged": True, "version": latest, "task_id": task_id, "changes": []}
    current, source, content, diffs = edit
    if current is None or not audited or fileio.sha256(current) != audited[latest]["sha256"]:
        latest += 1  # the shipped file, or one edited by hand: recorded as it was, first
        _commit(root, latest, source, user=texts.STORAGE_SYSTEM_USER, action="baseline", task_id=None,
                changes=[], pause=False)
    return _commit(root, latest + 1, content, user=user, action="update", task_id=task_id, changes=diffs,
                   pause=True)
