"""Writing the tasks file: every edit is a new numbered version, old ones are kept, each is audited.

The same durability as the month files, with the storage layer's primitives (``lib.storage.durable``): its write lock
(``.write.lock``, shared with uploads), its atomic replace (temp file in the same folder, fsync,
``os.replace``, fsync of the folder; the temp names its recovery knows), its audit log. Under the
data folder::

    tasks_2025.csv                the current version (what lib.analytics.tasks reads)
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

Every update is dated: ``on``, the day whose state it reports (today by default; never a day to
come, never before the plan's year). Its audit line keeps that date and the item's whole state
after it (``"on"``, ``"state"``: status, progress, note, milestones, owner), so the audit log is
also the dated log of updates, under the same guarantees (the line is the commit). The current
file holds each item's latest-dated state: an update dated before the item's current ``updated``
(entered late for an earlier month) is kept in the log and changes only the months it is about.
``tasks_as_of(D)`` rebuilds every item as it stood at the end of D from that log.

The first edit of a data folder that has no ``tasks_2025.csv`` yet copies the shipped file there
as version 1 (action "baseline", user "hệ thống"), then commits the edit as version 2. A current
file that no version records (edited by hand, e.g. to add an item) is likewise committed as a
baseline version before the edit, so a hand edit is never overwritten unrecorded.
"""
from __future__ import annotations

import csv
import io
import logging
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from lib.analytics import tasks
from lib.core import fmt, settings, texts
from lib.core.problems import problem
from lib.readers import org_units
from lib.readers import tasks as task_file
from lib.storage import durable, fileio, month_store

DOC = "tasks"  # the audit lines' "kind" and "period", and the history folder's name
STATE = ("status", "progress", "note", "milestones", "owner")  # what an update sets, kept in its audit line
LOG_COLUMNS = ["id", "date", "status", "progress", "note", "milestones", "owner"]  # data/demo/tasks_log_2025.csv

log = logging.getLogger(__name__)


class TasksConflict(task_file.TasksError):
    """``update(base=…)``: the item changed since the editor read it; nothing was written."""


# --- paths and the audit log ----------------------------------------------------------------------

def _root(root) -> Path:
    from lib.analytics.datastore import data_dir

    return Path(root) if root is not None else data_dir()


def history_dir(root=None) -> Path:
    return _root(root) / month_store.HISTORY_DIR / DOC


def version_path(root, version: int) -> Path:
    return history_dir(root) / f"v{version:04d}.csv"


def _audited(root: Path) -> dict[int, dict]:
    entries, _ = durable.read_audit(root)
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


# --- the tasks as they stood on a day ---------------------------------------------------------------

def uses_demo(root=None, source=None) -> bool:
    """Whether the demo list (``data/demo/``) is the one shown: the dashboard is in demo mode
    (``source``, by default ``lib.analytics.datastore.resolve_source(root)``: no real month yet) and the data folder
    holds no tasks file of its own (nobody has updated a task there)."""
    from lib.analytics import datastore

    root = _root(root)
    source = source if source is not None else datastore.resolve_source(root)
    live = tasks.live_path(root)
    own = live.is_file() and live.resolve() != tasks.shipped_path().resolve()  # the repository's data/ is no edit
    return bool(source.is_demo) and not own


def _update(on: date, seq: float, task_id: str, state: dict, before: dict | None = None) -> dict:
    return {"on": on, "seq": seq, "id": task_id, "state": state, "before": before or {}}


def _logged_updates(root: Path, owners: pd.DataFrame) -> list[dict]:
    """Every audited update of the data folder: its date, order, item, the state it set and the
    values it replaced. Lines written before updates were dated count on the item's ``updated``
    in the version they committed; a baseline (a list found edited by hand) counts its dated rows."""
    out = []
    for e in history(root):
        if e.get("action") == "baseline":  # a list as it was found (edited by hand): its dated rows count
            try:
                found = task_file.parse_tasks(e["path"].read_bytes(), e["path"].name, owners)
            except (OSError, task_file.TasksError):
                continue
            out += [{**u, "seq": e["version"]} for u in _file_updates(found)]
            continue
        if e.get("action") != "update" or not e.get("task_id"):
            continue
        before = {c["field"]: c["old"] for c in e.get("changes") or [] if isinstance(c, dict) and "field" in c}
        state, on = e.get("state"), e.get("on")
        if isinstance(state, dict) and isinstance(on, str):
            out.append(_update(date.fromisoformat(on), e["version"], e["task_id"], state, before))
            continue
        try:
            rows = task_file.parse_tasks(e["path"].read_bytes(), e["path"].name, owners).to_dict("records")
        except (OSError, task_file.TasksError):
            continue
        row = next((r for r in rows if r["id"] == e["task_id"]), None)
        if row is not None and row["updated"] is not None:
            out.append(_update(row["updated"], e["version"], row["id"], {f: row[f] for f in STATE}, before))
    return out


def _file_updates(items: pd.DataFrame) -> list[dict]:
    """The list file's own states, after every logged update of the same day: a row edited by hand
    (or the demo's latest state) counts on its ``updated``; an undated row that is not the plan's
    starting state (chưa bắt đầu, 0%, no note) counts from the start."""
    out = []
    for r in items.to_dict("records"):
        fresh = r["status"] == task_file.NOT_STARTED and r["progress"] == 0 and not r["note"]
        if r["updated"] is not None or not fresh:
            out.append(_update(r["updated"] or date.min, float("inf"), r["id"], {f: r[f] for f in STATE}))
    return out


def read_log(path: Path, items: pd.DataFrame, owners: pd.DataFrame) -> list[dict]:
    """A dated log file (``LOG_COLUMNS``; the demo's ``data/demo/tasks_log_2025.csv``): each line
    checked as the item would hold it. TasksError listing every problem."""
    content = path.read_bytes()
    by_id = {r["id"]: r for r in items.to_dict("records")}
    out, problems = [], []
    for line, rec in enumerate(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")), start=2):
        item = by_id.get((rec.get("id") or "").strip())
        if item is None:
            problems.append(problem("TASKS_LOG_UNKNOWN_TASK", line, "id", file=path.name, id=rec.get("id")))
            continue
        strings = task_file.record_strings(item)
        strings.update({f: rec.get(f) or "" for f in STATE if f in rec and f != "owner"})
        strings["updated"] = (rec.get("date") or "").strip()
        row, errors = task_file.check_logged_item(strings, owners, path.name, line)
        if errors or row["updated"] is None:
            problems += errors or [problem("TASKS_LOG_NO_DATE", line, "date", file=path.name, value=rec.get("date"))]
            continue
        out.append(_update(row["updated"], line, row["id"], {f: row[f] for f in STATE}, {"milestones": ""}))
    if problems:
        raise task_file.TasksError(problems)
    return out


def apply_updates(items: pd.DataFrame, updates: list[dict], as_of: date) -> pd.DataFrame:
    """The items as they stood at the end of ``as_of``: each with its latest update dated on or
    before that day (among one day's, the last entered). Before any, the plan's item as it was
    before its first update, with no progress: chưa bắt đầu, 0%, no note, ``updated`` None.
    Adds ``reported`` (whether the item had been updated by then)."""
    first: dict[str, dict] = {}
    latest: dict[str, dict] = {}
    for u in sorted(updates, key=lambda u: (u["on"], u["seq"])):
        first.setdefault(u["id"], u)
        if u["on"] <= as_of:
            latest[u["id"]] = u
    rows = []
    for r in items.to_dict("records"):
        if r["id"] in latest:
            u = latest[r["id"]]
            rows.append({**r, **{f: u["state"][f] for f in STATE if f in u["state"]},
                         "updated": None if u["on"] == date.min else u["on"], "reported": True})
            continue
        u = first.get(r["id"])
        base = {f: u["before"].get(f, u["state"].get(f, r[f])) for f in ("milestones", "owner")} if u else {}
        rows.append({**r, **base, "status": task_file.NOT_STARTED, "progress": 0, "note": "", "updated": None,
                     "reported": False})
    return pd.DataFrame(rows, columns=[*task_file.COLUMNS, "reported"])


def _real_items(root: Path, owners: pd.DataFrame) -> pd.DataFrame:
    return tasks.load_tasks(tasks.tasks_path(root), owners)


def tasks_as_of(as_of: date, root=None, *, source=None, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """The tasks list as it stood at the end of ``as_of`` — what a view, presentation or report of a
    month shows (pass ``lib.analytics.tasks.month_end(year, month)``).

    Columns: those of ``lib.analytics.tasks.load_tasks`` (status, progress, note, milestones, owner and
    ``updated`` from each item's latest update dated on or before ``as_of``; the plan's item with
    no progress before any) and ``reported`` (bool). ``root``: the data folder (default
    ``lib.analytics.datastore.data_dir()``); ``source``: the dashboard's ``lib.analytics.datastore.Source`` (default
    ``lib.analytics.datastore.resolve_source(root)``). In demo mode, while the folder has no tasks file of its own,
    the demo list and its dated history (``data/demo/``, every row ``demo``); otherwise the folder's
    list (else the plan's, ``data/tasks_2025.csv``) and its dated updates (the audit log).
    Raises TasksError (Vietnamese) when a file cannot be used."""
    from lib.analytics import datastore

    root = _root(root)
    if uses_demo(root, source):
        owners = owners if owners is not None else org_units.load_units(datastore.units_file(datastore.DEMO_DIR))
        items = tasks.load_tasks(tasks.demo_path(), owners)
        updates = read_log(tasks.demo_log_path(), items, owners)
    else:
        owners = owners if owners is not None else org_units.load_units()
        items = _real_items(root, owners)
        updates = _logged_updates(root, owners)
    return apply_updates(items, updates + _file_updates(items), as_of)


def real_tasks_as_of(as_of: date, root=None, *, owners: pd.DataFrame | None = None) -> pd.DataFrame:
    """``tasks_as_of`` of the data folder's own list (never the demo): what an update starts from."""
    root = _root(root)
    owners = owners if owners is not None else org_units.load_units()
    items = _real_items(root, owners)
    return apply_updates(items, _logged_updates(root, owners) + _file_updates(items), as_of)


# --- recovery --------------------------------------------------------------------------------------

def recover(root=None) -> list[str]:
    """Undo what a writer killed part-way left (temp files, a torn audit line, versions without
    an audit line, a current file that is such a version); Vietnamese descriptions of what was
    done. A consistent folder is only looked at, not even locked."""
    root = _root(root)
    if not root.is_dir():
        return []
    try:
        needed = bool(recover_locked(root, apply=False))
    except OSError:  # a file moved under our feet: a writer is busy, look again under the lock
        needed = True
    if not needed:
        return []
    with durable.write_lock(root):
        return recover_locked(root)


def recover_locked(root: Path, apply: bool = True) -> list[str]:
    """What ``recover`` does (``apply``) or would do, for a caller holding ``storage.write_lock``."""
    messages = durable.repair_audit_tail(root, apply)
    messages += durable.remove_temps(root, task_file.FILE_NAME, apply)
    folder = history_dir(root)
    messages += durable.remove_temps(folder, None, apply)
    audited = _audited(root)
    orphans: set[str] = set()
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            m = month_store.VERSION_FILE_RE.match(path.name)
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
        durable.atomic_write(live, source)
    return messages + [texts.TASKS_RECOVER_LIVE.format(version=latest)]


# --- writing ---------------------------------------------------------------------------------------

def _commit(root: Path, version: int, content: bytes, *, user: str, action: str, task_id: str | None,
            changes: list[dict], dated: dict | None = None) -> dict:
    entry = {
        "time": datetime.now(settings.VN_TZ).isoformat(timespec="seconds"), "user": user, "action": action,
        "kind": DOC, "period": DOC, "version": version, "sha256": fileio.sha256(content), "task_id": task_id,
        "changes": changes, "source": None, "restored_from": None, **(dated or {}),
    }
    try:
        durable.commit_files(root, version_path(root, version), tasks.live_path(root), content, entry)
    except OSError as exc:
        try:  # leave the folder as it was before this write
            for message in recover_locked(root):
                log.warning(message)
        except Exception:  # noqa: BLE001 - the next write recovers; report the first error
            log.exception("recover after a failed write of the tasks file")
        raise task_file.TasksError([problem("TASKS_ERR_WRITE", msg=exc.strerror or exc)]) from exc
    return entry


def _edited(old: dict, changes: dict, on: date, owners: pd.DataFrame) -> dict:
    """The item with ``changes`` applied, dated ``on``, checked as the file would spell it;
    TasksError if not."""
    rec = task_file.record_strings(old)
    for field, value in changes.items():
        if field == "progress" and isinstance(value, float) and value.is_integer():
            value = int(value)  # 80.0 from a number box is 80; 80.5 stays and is refused
        rec[field] = "" if value is None else str(value)
    rec["updated"] = on.isoformat()
    row, problems = task_file.check_item(rec, owners)
    if problems:
        raise task_file.TasksError(problems)
    return row


def _check_on(on: date, today: date) -> None:
    from lib.analytics.datastore import PLAN_YEAR

    first = date(PLAN_YEAR, 1, 1)
    if on > today:
        raise task_file.TasksError([problem("TASKS_ERR_ON_FUTURE", on=fmt.day(on), today=fmt.day(today))])
    if on < first:
        raise task_file.TasksError([problem("TASKS_ERR_ON_BEFORE", on=fmt.day(on), first=fmt.day(first))])


def update(task_id: str, changes: dict, *, user: str, root=None, base: dict | None = None, today=None,
           on: date | None = None, owners: pd.DataFrame | None = None) -> dict:
    """Change the editable fields (``tasks.EDITABLE``: status, progress, note, milestones, owner) of
    one item as of the day ``on`` and commit the whole file as its next version; returns the audit
    entry (with ``on`` and the item's ``state`` after the update: the dated log).

    ``on``: the day whose state the update reports (default ``today``, itself by default today in
    Vietnam); from 1 January of the plan's year to today, never later. The change is made to the
    item as it stood on ``on`` (``real_tasks_as_of``); the current file takes it only when ``on``
    is not before the item's current ``updated``. ``base``: the values the editor saw (field →
    value); if the item as of ``on`` differs on a field being changed, TasksConflict and nothing is
    written. Nothing changed → ``{"unchanged": True, "version": …}`` and no new version. Any
    problem raises TasksError (Vietnamese messages) before anything is written.
    """
    root = _root(root)
    try:
        user = durable.check_user(user)
    except durable.StorageError as exc:
        raise task_file.TasksError([task_file.refused(str(exc))]) from None
    bad = [f for f in changes if f not in tasks.EDITABLE]
    if bad:
        allowed = ", ".join(texts.TASK_FIELD_LABELS[f] for f in tasks.EDITABLE)
        raise task_file.TasksError([problem("TASKS_ERR_FIELD", field=f, allowed=allowed) for f in bad])
    owners = owners if owners is not None else org_units.load_units()
    today = today or datetime.now(settings.VN_TZ).date()
    on = on or today
    _check_on(on, today)
    # Checked once without the lock, so that a rejected update touches nothing at all (not even the
    # lock file), then again under the lock on what is current by then.
    if _edit(root, task_id, changes, base=base, on=on, owners=owners) is None:
        return {"unchanged": True, "version": max(_audited(root), default=0), "task_id": task_id, "changes": []}
    try:
        with durable.write_lock(root):
            return _update_locked(root, task_id, changes, user=user, base=base, on=on, owners=owners)
    except durable.StorageError as exc:  # the lock is busy or cannot be taken
        raise task_file.TasksError([task_file.refused(str(exc))]) from None


def _edit(root: Path, task_id: str, changes: dict, *, base: dict | None, on: date, owners: pd.DataFrame):
    """The file as it is (bytes, or None before the first edit), and the whole table after the
    edit, serialised, with its changes and the dated state for the audit line; None when nothing
    changes. TasksError when the edit, or the current file, is not acceptable."""
    audited = _audited(root)
    try:
        current = tasks.live_path(root).read_bytes()
    except FileNotFoundError:
        current = None
        if audited:  # recovery could not put it back: never fall back on the shipped file silently
            latest = max(audited)
            raise task_file.TasksError([problem("TASKS_RECOVER_VERSION_MISSING", version=latest, period=DOC)]) from None
    source = current if current is not None else tasks.shipped_path().read_bytes()
    items = task_file.parse_tasks(source, task_file.FILE_NAME, owners)
    records = items.to_dict("records")
    found = [i for i, r in enumerate(records) if r["id"] == task_id]
    if len(found) != 1:
        raise task_file.TasksError([problem("TASKS_ERR_UNKNOWN_TASK", id=task_id)])
    stood = apply_updates(items, _logged_updates(root, owners) + _file_updates(items), on)
    old = {k: v for k, v in stood.to_dict("records")[found[0]].items() if k != "reported"}
    if base:
        moved = [f for f in changes if f in base and base[f] != old[f]]
        if moved:
            raise TasksConflict([problem("TASKS_ERR_CONFLICT", title=old["title_vi"],
                                         fields=", ".join(texts.TASK_FIELD_LABELS[f].lower() for f in moved))])
    new = _edited(old, changes, on, owners)
    diffs = tasks.task_changes(old, new)
    if not diffs and bool(stood["reported"].iat[found[0]]):
        return None
    if not diffs:  # the first report of an item that has not started: “chưa bắt đầu” is news
        diffs = [{"field": "status", "old": None, "new": new["status"]}]
    current_row = records[found[0]]
    if current_row["updated"] is None or on >= current_row["updated"]:
        records[found[0]] = {**current_row, **{f: new[f] for f in STATE}, "updated": on}
    content = task_file.serialize(pd.DataFrame(records, columns=task_file.COLUMNS))
    if task_file.parse_tasks(content, task_file.FILE_NAME, owners).to_dict("records") != records:
        raise task_file.TasksError([problem("TASKS_WRITE_ROUNDTRIP")])
    dated = {"on": on.isoformat(), "state": {f: new[f] for f in STATE}}
    return current, source, content, diffs, dated


def _update_locked(root: Path, task_id: str, changes: dict, *, user: str, base: dict | None, on: date,
                   owners: pd.DataFrame) -> dict:
    for message in recover_locked(root):
        log.warning(message)
    edit = _edit(root, task_id, changes, base=base, on=on, owners=owners)
    audited = _audited(root)
    latest = max(audited, default=0)
    if edit is None:
        return {"unchanged": True, "version": latest, "task_id": task_id, "changes": []}
    current, source, content, diffs, dated = edit
    if current is None or not audited or fileio.sha256(current) != audited[latest]["sha256"]:
        latest += 1  # the shipped file, or one edited by hand: recorded as it was, first
        _commit(root, latest, source, user=texts.STORAGE_SYSTEM_USER, action="baseline", task_id=None,
                changes=[])
    return _commit(root, latest + 1, content, user=user, action="update", task_id=task_id, changes=diffs,
                   dated=dated)
