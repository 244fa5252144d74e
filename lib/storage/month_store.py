"""The storage layer: month files, every version ever committed, and the audit log.

Nothing stored is ever lost: each write commits a new numbered version and never edits an old
one. Layout under a data folder ``root``::

    actuals/YYYY-MM.csv           the canonical month file (the current version), read by lib.analytics.datastore
    history/YYYY-MM/v0001.csv …   every committed version, same bytes as the canonical file was
    audit.jsonl                   one JSON object per committed version (the commit record)
    recovered/                    only if a canonical file edited outside the dashboard had to be
                                  replaced by recover(): its bytes are kept here, never deleted
    .write.lock                   the lock every write and every recovery holds

Files are ``period,indicator_code,value,note``, UTF-8 without BOM, ``\\n`` line endings, values
written with ``format(value, ".15g")``. A month with figures of reporting units (tổ dân phố) has a
``unit`` column after ``indicator_code`` (the unit's code; empty for the ward's rows); a month
without any keeps the four columns, so files written before units existed stay byte-identical
when stored again. Rows are identified by (indicator, unit): a row has the key ``"unit"`` only
when it is a unit's.

A commit, under the lock: (1) ``history/…/vNNNN.csv`` is written atomically (a temp file in the
same folder, flush, fsync, ``os.replace``, fsync of the folder), (2) the canonical file is replaced
the same way, (3) the audit line is appended and fsynced. The audit line is the commit: a version
without one is an incomplete write that ``recover()`` deletes, and the canonical file is put back
to the latest audited version. ``write_month`` runs ``recover`` for its month first, so a writer
killed at any point never leaves a state a later write builds on.

Reading (``current_rows``, ``history``, ``audit_entries``, ``months``) takes no lock and writes
nothing; files are only ever replaced whole, so a reader sees either the old or the new file.

Uploads should go through ``import_rows`` (merge with the current version and commit, both under
the lock): reading ``current_rows`` and then calling ``write_month`` outside the lock lets two
simultaneous uploads of one month drop each other's indicators from the current version (both
stay in history). Callers that must read first (a preview the user confirms) can pass
``expected_version`` to ``write_month`` and get StorageConflict instead.

The lock, the atomic writes, the steps of one commit, the audit log's reading and repair and
the temp files' cleanup are lib.storage.durable's (``write_lock``, ``atomic_write``,
``commit_files``, ``read_audit`` / ``parse_audit``, ``repair_audit_tail``, ``remove_temps``,
``check_user``, ``StorageError``), shared with lib.storage.task_store and lib.storage.backup; the
names are public here too. What is the months' own stays here: their paths and versions, their
audit entries, and ``recover_locked`` (the recovery of the months, for a caller holding the lock).
"""
from __future__ import annotations

import csv
import io
import logging
import math
import re
import secrets
from datetime import datetime
from pathlib import Path

from lib.core import settings, texts
from lib.storage import durable, fileio
from lib.storage.durable import (  # the primitives, public here too for the modules that took them from here
    AUDIT_FILE,
    LOCK_FILE,
    LOCK_TIMEOUT,
    TEMP_RE,
    StorageError,
    append_audit,
    atomic_write,
    check_user,
    commit_files,
    parse_audit,
    read_audit,
    remove_temps,
    repair_audit_tail,
    write_lock,
)

__all__ = [
    "StorageError", "StorageConflict", "month_path", "read_rows", "current_rows", "merge", "diff",
    "write_month", "import_rows", "history", "restore", "audit_entries", "recover", "months",
    "write_lock", "atomic_write", "append_audit", "commit_files", "read_audit", "parse_audit", "check_user",
    "recover_locked", "repair_audit_tail", "remove_temps", "AUDIT_FILE", "LOCK_FILE", "LOCK_TIMEOUT", "TEMP_RE",
]

COLUMNS = ["period", "indicator_code", "value", "note"]
UNIT_COLUMNS = ["period", "indicator_code", "unit", "value", "note"]  # when some row is a unit's
UNIT_RE = re.compile(r"^[a-z0-9_]+$")
ACTIONS = ("import", "restore", "baseline")
ACTUALS_DIR = "actuals"
HISTORY_DIR = "history"
RECOVERED_DIR = "recovered"
SOURCE_MAX_CHARS = settings.SOURCE_MAX_CHARS
VN_TZ = settings.VN_TZ

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
MONTH_FILE_RE = re.compile(r"^(\d{4}-(?:0[1-9]|1[0-2]))\.csv$")
VERSION_FILE_RE = re.compile(r"^v(\d{4,})\.csv$")

log = logging.getLogger(__name__)


class StorageConflict(StorageError):
    """``write_month(expected_version=…)``: someone committed another version in the meantime."""


# --- paths ------------------------------------------------------------------------------------

def _period(period: str) -> str:
    if not isinstance(period, str) or not PERIOD_RE.match(period):
        raise StorageError(texts.ERR_STORAGE_PERIOD.format(period=period))
    return period


def month_path(root, period) -> Path:
    """``root/actuals/YYYY-MM.csv``; the period is checked, so it can never leave the folder."""
    return Path(root) / ACTUALS_DIR / f"{_period(period)}.csv"


def _history_dir(root: Path, period: str) -> Path:
    return Path(root) / HISTORY_DIR / period


def _version_path(root: Path, period: str, version: int) -> Path:
    return _history_dir(root, period) / f"v{version:04d}.csv"


# --- reading and writing rows -------------------------------------------------------------------

def _clean_note(note) -> str:
    # A lone "\r" is not quoted by the csv module and would split the row: keep line breaks as "\n".
    if note is None:
        return ""
    return str(note).replace("\r\n", "\n").replace("\r", "\n")


def _code(code) -> str:
    return str(code).strip().lower()


def _unit(row: dict) -> str:
    """The row's reporting unit ("" for the ward)."""
    unit = row.get("unit")
    return "" if unit is None else str(unit).strip().lower()


def _key(row: dict) -> tuple[str, str]:
    """What identifies a row of a month: (indicator, unit)."""
    return _code(row["indicator_code"]), _unit(row)


def _with_unit(row: dict, unit: str) -> dict:
    """``row`` with the key ``"unit"`` after ``indicator_code`` when it is a unit's row."""
    if not unit:
        return row
    return {"indicator_code": row["indicator_code"], "unit": unit,
            **{k: v for k, v in row.items() if k != "indicator_code"}}


def _stored(value) -> float:
    """The value as it reads back from a file (written with 15 significant digits)."""
    return float(format(float(value), ".15g"))


def _parse_rows(content: bytes, name: str) -> list[dict]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise StorageError(texts.ERR_STORAGE_READ.format(file=name, msg=texts.ERR_STORAGE_READ_ENCODING)) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise StorageError(texts.ERR_STORAGE_READ.format(
            file=name, msg=texts.ERR_STORAGE_READ_COLUMNS.format(cols="indicator_code, value")))
    header = [h.strip().lower() for h in header]
    missing = [c for c in ("indicator_code", "value") if c not in header]
    if missing:
        raise StorageError(texts.ERR_STORAGE_READ.format(
            file=name, msg=texts.ERR_STORAGE_READ_COLUMNS.format(cols=", ".join(missing))))
    i_code, i_value = header.index("indicator_code"), header.index("value")
    i_note = header.index("note") if "note" in header else None
    i_unit = header.index("unit") if "unit" in header else None
    rows = []
    for line, rec in enumerate(reader, start=2):
        if not any(cell.strip() for cell in rec):
            continue
        rec = rec + [""] * (len(header) - len(rec))
        try:
            value = float(rec[i_value])
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise StorageError(texts.ERR_STORAGE_READ.format(
                file=name, msg=texts.ERR_STORAGE_READ_VALUE.format(row=line, value=rec[i_value]))) from None
        rows.append(_with_unit({"indicator_code": _code(rec[i_code]), "value": value,
                                "note": rec[i_note] if i_note is not None else ""},
                               rec[i_unit].strip().lower() if i_unit is not None else ""))
    return rows


def read_rows(path) -> list[dict]:
    """The rows ``{"indicator_code", "value" (float), "note"}`` of a canonical or history file."""
    path = Path(path)
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise StorageError(texts.ERR_STORAGE_READ.format(file=path.name, msg=exc.strerror or exc)) from exc
    return _parse_rows(content, path.name)


def current_rows(root, period) -> list[dict]:
    """The rows of the month's canonical file; [] if there is none."""
    path = month_path(root, period)
    if not path.is_file():
        return []
    return read_rows(path)


def _clean_rows(period: str, rows) -> list[dict]:
    out, seen = [], set()
    for row in rows:
        code, unit = _key(row)
        if not code:
            raise StorageError(texts.ERR_STORAGE_ROWS.format(period=period, msg=texts.ERR_STORAGE_CODE))
        if unit and not UNIT_RE.match(unit):
            raise StorageError(texts.ERR_STORAGE_ROWS.format(
                period=period, msg=texts.ERR_STORAGE_UNIT.format(unit=unit)))
        if (code, unit) in seen:
            msg = (texts.ERR_STORAGE_UNIT_DUPLICATE.format(code=code, unit=unit) if unit
                   else texts.ERR_STORAGE_DUPLICATE.format(code=code))
            raise StorageError(texts.ERR_STORAGE_ROWS.format(period=period, msg=msg))
        try:
            value = float(row["value"])
        except (TypeError, ValueError):
            value = math.nan
        if not math.isfinite(value):
            raise StorageError(texts.ERR_STORAGE_ROWS.format(
                period=period, msg=texts.ERR_STORAGE_VALUE.format(code=code)))
        seen.add((code, unit))
        out.append(_with_unit({"indicator_code": code, "value": value, "note": _clean_note(row.get("note"))}, unit))
    mixed = sorted({c for c, u in seen if u} & {c for c, u in seen if not u})
    if mixed:
        raise StorageError(texts.ERR_STORAGE_ROWS.format(
            period=period, msg=texts.ERR_STORAGE_UNIT_MIXED.format(code=mixed[0])))
    return out


def _serialize(period: str, rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    with_units = any(_unit(row) for row in rows)
    writer.writerow(UNIT_COLUMNS if with_units else COLUMNS)
    for row in rows:
        unit = [_unit(row)] if with_units else []
        writer.writerow([period, row["indicator_code"], *unit, format(row["value"], ".15g"), row["note"]])
    content = buf.getvalue().encode("utf-8")
    # The file must read back as exactly these rows, or it is not written at all.
    back = [(*_key(r), r["value"], r["note"]) for r in _parse_rows(content, f"{period}.csv")]
    if back != [(*_key(r), _stored(r["value"]), r["note"]) for r in rows]:
        raise StorageError(texts.ERR_STORAGE_ROWS.format(period=period, msg=texts.ERR_STORAGE_ROUNDTRIP))
    return content


# --- merge and diff ---------------------------------------------------------------------------

def _row(row: dict) -> dict:
    return _with_unit({"indicator_code": _code(row["indicator_code"]), "value": float(row["value"]),
                       "note": _clean_note(row.get("note"))}, _unit(row))


def merge(old_rows, new_rows) -> list[dict]:
    """The stored month after an upload: a row of ``new_rows`` replaces the old row of its
    (indicator, unit) (value and note); rows the upload does not mention keep their old row, so
    groups may report in several uploads. An indicator is either the ward's or its units': ward
    rows in the upload drop the old unit rows of that indicator, and unit rows drop its old ward
    row. Order: the old order, then rows new to the month in upload order."""
    new = {}
    for row in new_rows:
        new[_key(row)] = _row(row)
    ward_now = {code for code, unit in new if not unit}
    units_now = {code for code, unit in new if unit}
    out, done = [], set()
    for row in old_rows:
        key = _key(row)
        code, unit = key
        if key in done or (unit and code in ward_now) or (not unit and code in units_now):
            continue
        done.add(key)
        out.append(new[key] if key in new else _row(row))
    out.extend(row for key, row in new.items() if key not in done)
    return out


def diff(old_rows, new_rows) -> list[dict]:
    """The indicators whose value or note differs between two full versions of a month.

    Entries ``{"indicator_code", "old", "new", "old_note", "new_note"}`` (and ``"unit"`` after
    the code for a unit's row: rows are compared per (indicator, unit)); ``old``/``old_note`` are
    None for a row new to the month, ``new``/``new_note`` None for one no longer in it.
    Values are compared as stored (15 significant digits)."""
    old = {_key(r): _row(r) for r in old_rows}
    new = {_key(r): _row(r) for r in new_rows}
    changes = []
    for (code, unit), row in new.items():
        before = old.get((code, unit))
        new_value = _stored(row["value"])
        if before is None:
            changes.append(_with_unit({"indicator_code": code, "old": None, "new": new_value,
                                       "old_note": None, "new_note": row["note"]}, unit))
        elif _stored(before["value"]) != new_value or before["note"] != row["note"]:
            changes.append(_with_unit({"indicator_code": code, "old": _stored(before["value"]), "new": new_value,
                                       "old_note": before["note"], "new_note": row["note"]}, unit))
    for (code, unit), row in old.items():
        if (code, unit) not in new:
            changes.append(_with_unit({"indicator_code": code, "old": _stored(row["value"]), "new": None,
                                       "old_note": row["note"], "new_note": None}, unit))
    return changes


def audit_entries(root) -> list[dict]:
    """Every audit line, oldest first. A line that does not parse (a write torn by a crash) is
    skipped and reported in the log, never raised."""
    entries, problems = durable.read_audit(Path(root))
    for problem in problems:
        log.warning(problem)
    return entries


def _audited(entries: list[dict], period: str) -> dict[int, dict]:
    return {e["version"]: e for e in entries if e["period"] == period}


def history(root, period) -> list[dict]:
    """The audited versions of a month, oldest first: each audit entry plus ``"path"``."""
    root = Path(root)
    period = _period(period)
    audited = _audited(audit_entries(root), period)
    return [{**audited[v], "path": _version_path(root, period, v)} for v in sorted(audited)]


def months(root) -> list[str]:
    """The periods that have a canonical file, sorted."""
    folder = Path(root) / ACTUALS_DIR
    if not folder.is_dir():
        return []
    return sorted(m.group(1) for p in folder.iterdir() if (m := MONTH_FILE_RE.match(p.name)) and p.is_file())


# --- recovery -------------------------------------------------------------------------------------

def recover(root, period=None) -> list[str]:
    """Undo what writers killed part-way left behind, under the lock; Vietnamese descriptions of
    what was done ([] when the folder was consistent, which it then leaves untouched).

    Deletes temp files, cuts a torn last audit line, deletes history versions that have no audit
    line, and puts the canonical file back to the latest audited version when it differs (a
    canonical file edited outside the dashboard is first kept in ``recovered/``).

    A first look without the lock decides whether anything is to be done, so a consistent folder
    is not touched at all (not even by creating the lock file); what is found is redone under it."""
    root = Path(root)
    if period is not None:
        period = _period(period)
    if not root.is_dir():
        return []
    try:
        needed = bool(recover_locked(root, period, apply=False))
    except OSError:  # a file moved under our feet: a writer is busy, look again under the lock
        needed = True
    if not needed:
        return []
    with durable.write_lock(root):
        return recover_locked(root, period)


def _periods_on_disk(root: Path, entries: list[dict]) -> list[str]:
    found = set(months(root))
    found.update(e["period"] for e in entries if PERIOD_RE.match(e["period"]))
    folder = root / HISTORY_DIR
    if folder.is_dir():
        found.update(p.name for p in folder.iterdir() if p.is_dir() and PERIOD_RE.match(p.name))
    return sorted(found)


def _set_aside(root: Path, period: str, content: bytes) -> Path:
    stamp = datetime.now(VN_TZ).strftime("%Y%m%dT%H%M%S")
    target = root / RECOVERED_DIR / f"{period}.{stamp}-{secrets.token_hex(3)}.csv"
    durable.atomic_write(target, content)
    return target


def recover_locked(root: Path, period: str | None, apply: bool = True) -> list[str]:
    """What recovery does (``apply``) or would do (not ``apply``: nothing is changed), for a
    caller holding ``write_lock``; ``period`` None: every month."""
    messages = durable.repair_audit_tail(root, apply)
    entries, _ = durable.read_audit(root)  # a torn tail parses as skipped, cut off or not
    periods = [period] if period is not None else _periods_on_disk(root, entries)
    if period is None:
        for folder in (root, root / ACTUALS_DIR, root / RECOVERED_DIR):
            messages += durable.remove_temps(folder, None, apply)
    else:
        messages += durable.remove_temps(root / ACTUALS_DIR, f"{period}.csv", apply)
    for p in periods:
        messages += _recover_month(root, p, _audited(entries, p), apply)
    return messages


def _recover_month(root: Path, period: str, audited: dict[int, dict], apply: bool) -> list[str]:
    folder = _history_dir(root, period)
    messages = durable.remove_temps(folder, None, apply)
    orphan_shas = set()
    if folder.is_dir():
        removed = False
        for path in sorted(folder.iterdir()):
            m = VERSION_FILE_RE.match(path.name)
            if m and path.is_file() and int(m.group(1)) not in audited:
                if apply:
                    orphan_shas.add(fileio.sha256(path.read_bytes()))
                    path.unlink()
                    removed = True
                messages.append(texts.STORAGE_RECOVER_ORPHAN.format(version=int(m.group(1)), period=period))
        if removed:
            fileio.fsync_dir(folder)
    if not audited:
        return messages
    latest = max(audited)
    expected = audited[latest]["sha256"]
    canonical = month_path(root, period)
    try:
        current = canonical.read_bytes()
    except FileNotFoundError:
        current = None
    if current is not None and fileio.sha256(current) == expected:
        return messages
    try:
        source = _version_path(root, period, latest).read_bytes()
    except FileNotFoundError:
        return messages + [texts.STORAGE_RECOVER_NO_SOURCE.format(
            period=period, version=latest,
            msg=texts.ERR_STORAGE_VERSION_MISSING.format(version=latest, period=period))]
    if fileio.sha256(source) != expected:
        return messages + [texts.STORAGE_RECOVER_NO_SOURCE.format(
            period=period, version=latest,
            msg=texts.ERR_STORAGE_VERSION_CORRUPT.format(version=latest, period=period))]
    if current is not None and apply:
        sha = fileio.sha256(current)
        if sha not in orphan_shas and sha not in {e["sha256"] for e in audited.values()}:
            kept = _set_aside(root, period, current)  # edited by hand: keep it, never lose it
            messages.append(texts.STORAGE_RECOVER_SET_ASIDE.format(period=period, path=kept))
    if apply:
        durable.atomic_write(canonical, source)
    template = texts.STORAGE_RECOVER_CANONICAL if current is not None else texts.STORAGE_RECOVER_CANONICAL_MISSING
    messages.append(template.format(period=period, version=latest))
    return messages


# --- writing --------------------------------------------------------------------------------------

def _source(source) -> str | None:
    if source is None:
        return None
    text = "".join(ch if ch.isprintable() else " " for ch in str(source))
    return text[:SOURCE_MAX_CHARS]


def _commit(root: Path, period: str, version: int, content: bytes, *, user: str, action: str,
            changes: list[dict], source: str | None, restored_from: int | None) -> dict:
    entry = {
        "time": datetime.now(VN_TZ).isoformat(timespec="seconds"), "user": user, "action": action,
        "period": period, "version": version, "sha256": fileio.sha256(content), "changes": changes,
        "source": source, "restored_from": restored_from,
    }
    try:
        durable.commit_files(root, _version_path(root, period, version), month_path(root, period), content, entry)
    except OSError as exc:
        try:  # leave the folder as it was before this write
            for message in recover_locked(root, period):
                log.warning(message)
        except Exception:  # noqa: BLE001 - the next write recovers; report the first error
            log.exception("recover after a failed write")
        raise StorageError(texts.ERR_STORAGE_WRITE.format(period=period, msg=exc.strerror or exc)) from exc
    return entry


def _parsed_or_empty(content: bytes | None, name: str) -> list[dict]:
    if content is None:
        return []
    try:
        return _parse_rows(content, name)
    except StorageError:
        return []


def _write_locked(root: Path, period: str, rows: list[dict], *, user: str, action: str,
                  source: str | None, restored_from: int | None, expected_version: int | None) -> dict:
    for message in recover_locked(root, period):
        log.warning(message)
    audited = _audited(durable.read_audit(root)[0], period)
    latest = max(audited, default=0)
    if expected_version is not None and expected_version != latest:
        raise StorageConflict(texts.ERR_STORAGE_CONFLICT.format(period=period, current=latest,
                                                                expected=expected_version))
    canonical = month_path(root, period)
    try:
        current = canonical.read_bytes()
    except FileNotFoundError:
        current = None
    name = canonical.name
    if current is not None and (not audited or fileio.sha256(current) != audited[latest]["sha256"]):
        # A month file placed by hand (or shipped) that no version records: keep it as a version first.
        before = []
        if audited:
            try:
                before = _parse_rows(_version_path(root, period, latest).read_bytes(), name)
            except (OSError, StorageError):
                before = []
        latest += 1
        _commit(root, period, latest, current, user=texts.STORAGE_SYSTEM_USER, action="baseline",
                changes=diff(before, _parsed_or_empty(current, name)), source=None, restored_from=None)
    content = _serialize(period, rows)
    if content == current:
        return {"unchanged": True, "time": None, "user": user, "action": action, "period": period,
                "version": latest, "sha256": fileio.sha256(content), "changes": [], "source": source,
                "restored_from": restored_from}
    return _commit(root, period, latest + 1, content, user=user, action=action,
                   changes=diff(_parsed_or_empty(current, name), rows), source=source,
                   restored_from=restored_from)


def write_month(root, period, rows, *, user, action="import", source=None, restored_from=None,
                expected_version=None) -> dict:
    """Commit ``rows`` (the full new content of the month) as its next version; the audit entry.

    Under the lock: recover the month, commit a canonical file no version records as a
    "baseline" version (user "hệ thống"), then commit the new version. Content byte-identical to
    the current version commits nothing: ``{"unchanged": True, …}`` with the current version.
    ``expected_version`` (optional): the latest version the caller based ``rows`` on (0 = none);
    if another one was committed since, StorageConflict is raised and nothing is written."""
    root = Path(root)
    period = _period(period)
    user = durable.check_user(user)
    if action not in ("import", "restore"):
        raise StorageError(texts.ERR_STORAGE_ACTION.format(action=action))
    clean = _clean_rows(period, rows)
    _serialize(period, clean)  # refuse rows that cannot be stored before taking the lock
    with durable.write_lock(root):
        return _write_locked(root, period, clean, user=user, action=action, source=_source(source),
                             restored_from=restored_from, expected_version=expected_version)


def import_rows(root, period, new_rows, *, user, source=None) -> dict:
    """Merge an upload into the month and commit the result, all under the lock, so two uploads at
    the same moment never drop each other's indicators. Returns what write_month returns."""
    root = Path(root)
    period = _period(period)
    user = durable.check_user(user)
    new_rows = _clean_rows(period, new_rows)
    with durable.write_lock(root):
        for message in recover_locked(root, period):
            log.warning(message)
        merged = merge(current_rows(root, period), new_rows)
        return write_month(root, period, merged, user=user, action="import", source=source)


def restore(root, period, version, *, user) -> dict:
    """Commit the rows of an earlier version as a new version (action "restore", restored_from)."""
    root = Path(root)
    period = _period(period)
    user = durable.check_user(user)
    try:
        number = int(version)
    except (TypeError, ValueError):
        raise StorageError(texts.ERR_STORAGE_NO_VERSION.format(period=period, version=version)) from None
    if not root.is_dir():
        raise StorageError(texts.ERR_STORAGE_NO_VERSION.format(period=period, version=number))
    with durable.write_lock(root):
        for message in recover_locked(root, period):
            log.warning(message)
        audited = _audited(durable.read_audit(root)[0], period)
        if number not in audited:
            raise StorageError(texts.ERR_STORAGE_NO_VERSION.format(period=period, version=number))
        try:
            content = _version_path(root, period, number).read_bytes()
        except FileNotFoundError:
            raise StorageError(texts.ERR_STORAGE_VERSION_MISSING.format(version=number, period=period)) from None
        if fileio.sha256(content) != audited[number]["sha256"]:
            raise StorageError(texts.ERR_STORAGE_VERSION_CORRUPT.format(version=number, period=period))
        rows = _parse_rows(content, f"v{number:04d}.csv")
        return write_month(root, period, rows, user=user, action="restore", restored_from=number)
