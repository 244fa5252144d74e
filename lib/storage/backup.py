"""Backups of a data folder: one ``.tar.gz`` to take away, checked in full before it is restored.

An archive holds, at its top level::

    MANIFEST.json            format, creation time, app version, every file with size and sha256
    targets.csv              the indicator catalogue in use when the backup was taken
    audit.jsonl              the audit log
    actuals/YYYY-MM.csv      the current version of every month
    history/YYYY-MM/vNNNN.csv  every committed version
    recovered/…              hand edits kept by lib.storage.month_store.recover (if any)
    tasks_2025.csv           the works and lines of work (lib.analytics.tasks), once edited in the folder
    history/tasks/vNNNN.csv  its versions (lib.storage.task_store); checked with lib.analytics.tasks on restore
    units.csv                the ward's own reporting units, when the data folder has them (lib.readers.org_units)
    emulation_rules_2025.csv the ward's own scoring rules, when the data folder has them (lib.readers.rules)

Only regular files are stored (mode 0644, owner 0, the file's mtime); nothing else is accepted
back. The backup is taken under the storage lock (``lib.storage.month_store``), after the same recovery every
write runs, so it is one consistent state: no write is half-done in it.

A restore first checks the whole archive in memory and writes nothing while doing so: a valid
gzip stream to its end (CRC included), a tar of regular files with safe relative names under the
expected top-level names only, a MANIFEST.json that lists exactly the files present with their
sizes and sha256, month files that ``lib.readers.months.read_month_file`` reads with the current catalogue,
history versions that ``lib.storage.month_store.read_rows`` reads and an audit log whose every line parses.
Only then, under the storage lock, the files are written into a staging folder inside the data
folder, the current ``actuals/``, ``history/``, ``audit.jsonl`` and ``recovered/`` are moved into
``before-restore-<time>/`` (never deleted) and the staged ones are moved in with ``os.replace``.
The catalogue (targets file) is never replaced: the archive's copy is only compared.

No Streamlit here; the CLI (``python -m lib.cli backup`` / ``restore-backup``) prints the messages.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath

from lib.core import texts
from lib.readers import org_units
from lib.readers import rules as rules_file
from lib.readers import tasks as task_file
from lib.storage import durable, fileio, month_store, task_store

FORMAT = "tqt-dashboard-backup"
FORMAT_VERSION = 1
MANIFEST = "MANIFEST.json"
TARGETS_MEMBER = "targets.csv"
TASKS_HISTORY = "tasks"  # history/tasks/vNNNN.csv: the versions of the tasks file (lib.storage.task_store)
SINGLE_FILES = (durable.AUDIT_FILE, task_file.FILE_NAME, org_units.FILE_NAME, rules_file.RULES_FILE)
DATA_NAMES = (month_store.ACTUALS_DIR, month_store.HISTORY_DIR, month_store.RECOVERED_DIR, *SINGLE_FILES)
TOP_LEVEL = {MANIFEST, TARGETS_MEMBER, *DATA_NAMES}
BEFORE_RESTORE_PREFIX = "before-restore-"
STAGING_PREFIX = ".restore-staging-"
DEFAULT_NAME = "tqt-backup-{stamp}.tar.gz"
NAME_STAMP = "%Y%m%d-%H%M%S"

MAX_ARCHIVE_BYTES = 256 * 1024 * 1024    # the .tar.gz itself
MAX_UNPACKED_BYTES = 512 * 1024 * 1024   # the tar stream once decompressed (gzip bombs stop here)
MAX_MEMBERS = 100_000
MAX_LISTED_PROBLEMS = 20

SAFE_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]*$")
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")


class BackupError(Exception):
    """A backup or a restore was refused or failed; ``messages`` say why, in Vietnamese."""

    def __init__(self, messages: list[str] | str):
        messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class Counts:
    months: int = 0
    versions: int = 0
    audit_lines: int = 0
    recovered: int = 0
    files: int = 0
    bytes: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class BackupResult:
    path: Path
    counts: Counts
    messages: list[str] = field(default_factory=list)   # what recovery did, files left out


@dataclass
class CheckedArchive:
    """An archive that passed every check: its data files in memory, ready to be put in place."""

    path: Path
    manifest: dict
    files: dict[str, bytes]          # data files only (actuals/, history/, audit.jsonl, recovered/)
    mtimes: dict[str, int]
    counts: Counts
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    root: Path
    aside: Path
    counts: Counts
    warnings: list[str] = field(default_factory=list)


# --- helpers --------------------------------------------------------------------------------------

def _now() -> datetime:
    return datetime.now(month_store.VN_TZ)


def default_name(now: datetime | None = None) -> str:
    return DEFAULT_NAME.format(stamp=(now or _now()).strftime(NAME_STAMP))


def size_text(n: int) -> str:
    """A file size the Vietnamese way: 812 byte, 5,0 kB, 1,2 MB."""
    if n < 1024:
        return f"{n} byte"
    value, unit = (n / 1024, "kB") if n < 1024 * 1024 else (n / 1024 / 1024, "MB")
    return f"{value:.1f} {unit}".replace(".", ",")


def app_version() -> str | None:
    """``lib.__version__`` if the package has one, else the git commit of the checkout, else None."""
    import lib

    version = getattr(lib, "__version__", None)
    if version:
        return str(version)
    git = Path(lib.__file__).resolve().parent.parent / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="ascii").strip()
        if head.startswith("ref: "):
            ref = head[5:]
            ref_file = git / ref
            if ref_file.is_file():
                return "git " + ref_file.read_text(encoding="ascii").strip()[:12]
            for line in (git / "packed-refs").read_text(encoding="ascii").splitlines():
                if line.endswith(" " + ref):
                    return "git " + line.split()[0][:12]
            return None
        return "git " + head[:12]
    except (OSError, UnicodeDecodeError):
        return None


def _kind(name: str) -> str | None:
    """Which data file a member name is (``actuals``, ``history``, …), None if it is none."""
    parts = name.split("/")
    if len(parts) == 1 and name in (MANIFEST, TARGETS_MEMBER, durable.AUDIT_FILE):
        return name
    if name == task_file.FILE_NAME:
        return "tasks"
    if name == org_units.FILE_NAME:
        return "units"
    if name == rules_file.RULES_FILE:
        return "rules"
    if (parts[0] == month_store.HISTORY_DIR and len(parts) == 3 and parts[1] == TASKS_HISTORY
            and month_store.VERSION_FILE_RE.match(parts[2])):
        return "tasks_history"
    if parts[0] == month_store.ACTUALS_DIR and len(parts) == 2 and month_store.MONTH_FILE_RE.match(parts[1]):
        return "actuals"
    if (parts[0] == month_store.HISTORY_DIR and len(parts) == 3 and month_store.PERIOD_RE.match(parts[1])
            and month_store.VERSION_FILE_RE.match(parts[2])):
        return "history"
    if parts[0] == month_store.RECOVERED_DIR and len(parts) == 2 and SAFE_NAME_RE.match(parts[1]):
        return "recovered"
    return None


def _dir_allowed(name: str) -> bool:
    parts = name.split("/")
    if len(parts) == 1:
        return name in (month_store.ACTUALS_DIR, month_store.HISTORY_DIR, month_store.RECOVERED_DIR)
    return len(parts) == 2 and parts[0] == month_store.HISTORY_DIR and (
        bool(month_store.PERIOD_RE.match(parts[1])) or parts[1] == TASKS_HISTORY)


def _safe_path(name: str) -> bool:
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return False
    if any(not ch.isprintable() for ch in name):
        return False
    parts = name.split("/")
    return all(part not in ("", ".", "..") for part in parts) and not PurePosixPath(name).is_absolute()


def _counts(files: dict[str, bytes]) -> Counts:
    counts = Counts(files=len(files), bytes=sum(len(c) for c in files.values()))
    for name, content in files.items():
        kind = _kind(name)
        if kind == "actuals":
            counts.months += 1
        elif kind == "history":
            counts.versions += 1
        elif kind == "recovered":
            counts.recovered += 1
        elif kind == durable.AUDIT_FILE:
            counts.audit_lines = sum(1 for line in content.split(b"\n") if line.strip())
    return counts


# --- backup ---------------------------------------------------------------------------------------

def _collect(root: Path) -> tuple[dict[str, bytes], dict[str, int], list[str]]:
    """Every data file under ``root`` (member name → bytes, mtimes) and the files left out."""
    files: dict[str, bytes] = {}
    mtimes: dict[str, int] = {}
    skipped: list[str] = []

    def add(path: Path, name: str) -> None:
        try:
            files[name] = path.read_bytes()
            mtimes[name] = int(path.stat().st_mtime)
        except OSError as exc:
            raise BackupError(texts.ERR_BACKUP_READ.format(path=path, msg=exc.strerror or exc)) from exc

    def walk(folder: Path, prefix: str) -> None:
        if not folder.is_dir():
            return
        for path in sorted(folder.iterdir()):
            name = f"{prefix}/{path.name}"
            if path.is_dir() and not path.is_symlink():
                if _dir_allowed(name):
                    walk(path, name)
                else:
                    skipped.append(str(path))
            elif path.is_file() and not path.is_symlink() and _kind(name) is not None:
                add(path, name)
            elif not durable.TEMP_RE.match(path.name):
                skipped.append(str(path))

    for name in SINGLE_FILES:
        if (root / name).is_file():
            add(root / name, name)
    for folder in (month_store.ACTUALS_DIR, month_store.HISTORY_DIR, month_store.RECOVERED_DIR):
        walk(root / folder, folder)
    return files, mtimes, skipped


def _tar_bytes(members: list[tuple[str, bytes, int]]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name, content, mtime in members:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = 0o644
            info.mtime = mtime
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(content))
    return buf.getvalue()


def create_backup(root, targets, output=None) -> BackupResult:
    """Write one archive of the data folder ``root`` and the catalogue ``targets``.

    ``output``: a file name, an existing folder (the default name is used inside it) or None (the
    default name in the current folder). An existing file is never overwritten. Raises BackupError.
    """
    root = Path(root)
    targets = Path(targets)
    if not root.is_dir():
        raise BackupError(texts.ERR_BACKUP_NO_DATA.format(path=root))
    now = _now()
    out = Path(output) if output else Path.cwd()
    if out.is_dir():
        out = out / default_name(now)
    out = out.absolute()
    if out.exists():
        raise BackupError(texts.ERR_BACKUP_EXISTS.format(path=out))
    try:
        targets_bytes = targets.read_bytes()
    except OSError as exc:
        raise BackupError(texts.ERR_BACKUP_TARGETS.format(path=targets, msg=exc.strerror or exc)) from exc

    messages: list[str] = []
    try:
        with durable.write_lock(root):
            messages += [texts.BACKUP_BEFORE.format(msg=m) for m in month_store.recover_locked(root, None)]
            messages += [texts.BACKUP_BEFORE.format(msg=m) for m in task_store.recover_locked(root)]
            files, mtimes, skipped = _collect(root)
    except durable.StorageError as exc:
        raise BackupError(str(exc)) from exc
    messages += [texts.BACKUP_SKIPPED.format(path=p) for p in skipped]

    files = {TARGETS_MEMBER: targets_bytes, **files}
    mtimes[TARGETS_MEMBER] = int(targets.stat().st_mtime)
    counts = _counts(files)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": now.isoformat(timespec="seconds"),
        "app_version": app_version(),
        "data_dir": str(root.absolute()),
        "targets_file": targets.name,
        "counts": counts.as_dict(),
        "files": [{"path": name, "size": len(content), "sha256": fileio.sha256(content)}
                  for name, content in files.items()],
    }
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    members = [(MANIFEST, manifest_bytes, int(now.timestamp()))]
    members += [(name, content, mtimes[name]) for name, content in files.items()]
    archive = gzip.compress(_tar_bytes(members), compresslevel=9, mtime=int(now.timestamp()))
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fileio.write_new_file(out, archive, mode=0o600)  # never overwrites an existing backup
    except FileExistsError:
        raise BackupError(texts.ERR_BACKUP_EXISTS.format(path=out)) from None
    except OSError as exc:
        raise BackupError(texts.ERR_BACKUP_WRITE.format(path=out, msg=exc.strerror or exc)) from exc
    try:  # what was written must read back as what was meant
        _read_archive(out)
    except BackupError as exc:
        out.unlink(missing_ok=True)
        raise BackupError(texts.ERR_BACKUP_VERIFY.format(path=out, msg="; ".join(exc.messages))) from exc
    return BackupResult(out, counts, messages)


# --- checking an archive --------------------------------------------------------------------------

def _gunzip(path: Path) -> bytes:
    """The whole decompressed stream (every gzip member, CRCs checked), at most MAX_UNPACKED_BYTES."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise BackupError(texts.RESTORE_ERR_NOT_FOUND) from None
    except OSError as exc:
        raise BackupError(texts.RESTORE_ERR_OPEN.format(msg=exc.strerror or exc)) from exc
    if size > MAX_ARCHIVE_BYTES:
        raise BackupError(texts.RESTORE_ERR_ARCHIVE_TOO_BIG.format(limit=MAX_ARCHIVE_BYTES))
    out = io.BytesIO()
    try:
        with gzip.open(path, "rb") as stream:
            while chunk := stream.read(1024 * 1024):
                out.write(chunk)
                if out.tell() > MAX_UNPACKED_BYTES:
                    raise BackupError(texts.RESTORE_ERR_UNPACKED_TOO_BIG.format(limit=MAX_UNPACKED_BYTES))
    except BackupError:
        raise
    except IsADirectoryError as exc:
        raise BackupError(texts.RESTORE_ERR_OPEN.format(msg=exc.strerror or exc)) from exc
    except (OSError, EOFError, zlib.error) as exc:   # BadGzipFile is an OSError
        raise BackupError(texts.RESTORE_ERR_GZIP.format(msg=exc)) from exc
    return out.getvalue()


def _read_archive(path: Path) -> tuple[dict, dict[str, bytes], dict[str, int]]:
    """Structure checks: the manifest and every file, all matching. Raises BackupError (all problems)."""
    raw = _gunzip(Path(path))
    problems: list[str] = []
    files: dict[str, bytes] = {}
    mtimes: dict[str, int] = {}
    seen: set[str] = set()
    try:
        with tarfile.open(fileobj=io.BytesIO(raw), mode="r:") as tar:
            count = 0
            while (member := tar.next()) is not None:
                count += 1
                if count > MAX_MEMBERS:
                    raise BackupError(texts.RESTORE_ERR_TOO_MANY.format(limit=MAX_MEMBERS))
                name = member.name
                if not _safe_path(name):
                    problems.append(texts.RESTORE_ERR_PATH.format(name=name))
                    continue
                if name in seen:
                    problems.append(texts.RESTORE_ERR_DUPLICATE.format(name=name))
                    continue
                seen.add(name)
                if member.isdir():
                    if not _dir_allowed(name):
                        problems.append(texts.RESTORE_ERR_UNEXPECTED.format(name=name))
                    continue
                if not member.isfile():
                    problems.append(texts.RESTORE_ERR_TYPE.format(name=name))
                    continue
                if _kind(name) is None:
                    problems.append(texts.RESTORE_ERR_UNEXPECTED.format(name=name))
                    continue
                handle = tar.extractfile(member)
                files[name] = handle.read() if handle is not None else b""
                mtimes[name] = int(member.mtime) if isinstance(member.mtime, (int, float)) else 0
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BackupError(texts.RESTORE_ERR_TAR.format(msg=exc)) from exc

    manifest = None
    if MANIFEST not in files:
        problems.append(texts.RESTORE_ERR_NO_MANIFEST)
    else:
        try:
            manifest = json.loads(files.pop(MANIFEST).decode("utf-8"))
            listed = _manifest_files(manifest)
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(texts.RESTORE_ERR_MANIFEST.format(msg=exc))
            manifest = None
    if manifest is not None:
        for name in files:
            if name not in listed:
                problems.append(texts.RESTORE_ERR_NOT_LISTED.format(name=name))
        for name, (size, sha) in listed.items():
            if name not in files:
                problems.append(texts.RESTORE_ERR_MISSING.format(name=name))
            elif len(files[name]) != size:
                problems.append(texts.RESTORE_ERR_SIZE.format(name=name, size=len(files[name]), expected=size))
            elif fileio.sha256(files[name]) != sha:
                problems.append(texts.RESTORE_ERR_SHA.format(name=name))
    if problems:
        raise BackupError(problems)
    return manifest, files, mtimes


def _manifest_files(manifest) -> dict[str, tuple[int, str]]:
    """``{path: (size, sha256)}`` of a manifest; ValueError (Vietnamese) if it is not one of ours."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(texts.RESTORE_ERR_MANIFEST_FORMAT.format(format=FORMAT))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ValueError(texts.RESTORE_ERR_MANIFEST_VERSION.format(version=manifest.get('format_version')))
    entries = manifest.get("files")
    if not isinstance(entries, list):
        raise ValueError(texts.RESTORE_ERR_MANIFEST_FILES)
    listed: dict[str, tuple[int, str]] = {}
    for entry in entries:
        if not (isinstance(entry, dict) and isinstance(entry.get("path"), str)
                and isinstance(entry.get("size"), int) and not isinstance(entry.get("size"), bool)
                and entry["size"] >= 0 and isinstance(entry.get("sha256"), str)
                and SHA256_RE.match(entry["sha256"])):
            raise ValueError(texts.RESTORE_ERR_MANIFEST_ENTRY.format(entry=str(entry)[:120]))
        if entry["path"] in listed:
            raise ValueError(texts.RESTORE_ERR_MANIFEST_TWICE.format(path=entry['path']))
        listed[entry["path"]] = (entry["size"], entry["sha256"])
    return listed


def _check_contents(files: dict[str, bytes], targets: Path) -> list[str]:
    """Content checks: months read with the current catalogue, versions and audit lines parse."""
    from lib.readers.catalogue import CatalogueError, load_catalogue
    from lib.readers.months import ActualsError, read_month_file

    problems: list[str] = []
    try:
        catalogue = load_catalogue(targets)
    except (CatalogueError, OSError) as exc:
        msg = "; ".join(getattr(exc, "messages", None) or [str(exc)])
        return [texts.RESTORE_ERR_CATALOGUE.format(path=targets, msg=msg)]
    with tempfile.TemporaryDirectory(prefix="tqt-restore-check-") as tmp:
        for name, content in files.items():
            kind = _kind(name)
            if kind not in ("actuals", "history", "tasks", "tasks_history", "units"):
                continue
            path = Path(tmp) / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
            try:
                if kind == "actuals":
                    read_month_file(path, catalogue)
                elif kind in ("tasks", "tasks_history"):
                    task_file.read_tasks_file(path)
                elif kind == "units":
                    org_units.load_units(path)
                else:
                    month_store.read_rows(path)
            except (ActualsError, task_file.TasksError, org_units.UnitsError) as exc:
                problems += [texts.RESTORE_ERR_FILE.format(name=name, msg=m) for m in exc.messages]
            except durable.StorageError as exc:
                problems.append(texts.RESTORE_ERR_FILE.format(name=name, msg=exc))
            except Exception as exc:  # noqa: BLE001 - pandas' parser errors, decoding errors
                problems.append(texts.RESTORE_ERR_FILE.format(name=name, msg=exc))
        if rules_file.RULES_FILE in files:  # checked against the archive's units when it has its own
            rules, own_units = Path(tmp) / rules_file.RULES_FILE, Path(tmp) / org_units.FILE_NAME
            rules.write_bytes(files[rules_file.RULES_FILE])
            try:
                rules_file.load_rules(rules, units=org_units.load_units(own_units) if own_units.is_file() else None,
                                   catalogue=catalogue)
            except (rules_file.RulesError, org_units.UnitsError) as exc:
                problems += [texts.RESTORE_ERR_FILE.format(name=rules_file.RULES_FILE, msg=m) for m in exc.messages]
    audit = files.get(durable.AUDIT_FILE)
    if audit is not None:
        problems += [texts.RESTORE_ERR_AUDIT_LINE.format(line=number) for number in durable.parse_audit(audit)[1]]
    return problems


def check_archive(path, targets) -> CheckedArchive:
    """Every check of a restore, nothing written. Raises BackupError listing the problems."""
    path = Path(path)
    targets = Path(targets)
    manifest, files, mtimes = _read_archive(path)
    problems = _check_contents(files, targets)
    if problems:
        raise BackupError(problems)
    warnings = []
    archived_targets = files.pop(TARGETS_MEMBER, None)
    mtimes.pop(TARGETS_MEMBER, None)
    if archived_targets is None:
        warnings.append(texts.RESTORE_WARN_NO_TARGETS)
    else:
        try:
            current = targets.read_bytes()
        except OSError:
            current = None
        if current != archived_targets:
            warnings.append(texts.RESTORE_WARN_TARGETS_DIFFER.format(path=targets))
    return CheckedArchive(path, manifest, files, mtimes, _counts(files), warnings)


# --- restoring ------------------------------------------------------------------------------------

def _unique_folder(root: Path, prefix: str, stamp: str) -> Path:
    candidate = root / f"{prefix}{stamp}"
    n = 2
    while candidate.exists():
        candidate = root / f"{prefix}{stamp}-{n}"
        n += 1
    return candidate


def _stage(checked: CheckedArchive, staging: Path) -> None:
    for folder in (month_store.ACTUALS_DIR, month_store.HISTORY_DIR):
        (staging / folder).mkdir(parents=True, exist_ok=True)
    for name, content in checked.files.items():
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        fileio.write_exclusive(target, content, mode=0o644)
        mtime = checked.mtimes.get(name)
        if mtime:
            os.utime(target, (mtime, mtime))
    # Run as root on the service's folder: the restored files belong to the folder's owner, or the
    # service could no longer write its next version.
    _give_to_owner(staging.parent, [staging, *staging.rglob("*")])
    for folder in sorted({p for p in staging.rglob("*") if p.is_dir()} | {staging}, reverse=True):
        fileio.fsync_dir(folder)


def restore_checked(checked: CheckedArchive, root) -> RestoreResult:
    """Put a checked archive in place of the data in ``root`` (created if missing), under the lock.

    The current data is moved into ``root/before-restore-<time>/``, never deleted. A failure while
    swapping moves everything back. Raises BackupError."""
    root = Path(root)
    try:
        fileio.make_dirs(root)
        with durable.write_lock(root):
            for leftover in root.glob(STAGING_PREFIX + "*"):   # from a restore killed part-way
                if leftover.is_dir() and not leftover.is_symlink():
                    shutil.rmtree(leftover, ignore_errors=True)
            stamp = _now().strftime(NAME_STAMP)
            staging = _unique_folder(root, STAGING_PREFIX, stamp)
            staging.mkdir()
            try:
                _stage(checked, staging)
                aside = _unique_folder(root, BEFORE_RESTORE_PREFIX, stamp)
                aside.mkdir()
                try:
                    _swap(root, staging, aside)
                except OSError:
                    try:
                        aside.rmdir()   # everything was moved back: no empty folder left behind
                    except OSError:
                        pass
                    raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            note = {"restored": _now().isoformat(timespec="seconds"), "archive": str(checked.path.absolute()),
                    "archive_created": checked.manifest.get("created"),
                    "archive_sha256": fileio.sha256(checked.path.read_bytes()) if checked.path.is_file() else None,
                    "user": _user()}
            try:
                (aside / "RESTORE.json").write_text(json.dumps(note, ensure_ascii=False, indent=1) + "\n",
                                                     encoding="utf-8")
            except OSError:
                pass
            _give_to_owner(root, [aside, aside / "RESTORE.json", root / durable.LOCK_FILE])
            fileio.fsync_dir(root)
    except durable.StorageError as exc:
        raise BackupError(str(exc)) from exc
    except OSError as exc:
        raise BackupError(texts.ERR_RESTORE_WRITE.format(msg=exc.strerror or exc)) from exc
    return RestoreResult(root, aside, checked.counts, list(checked.warnings))


def _give_to_owner(root: Path, paths) -> None:
    """When run as root on a folder someone else owns (the service user), hand ``paths`` to them."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return
    owner = root.stat()
    if owner.st_uid == 0:
        return
    for path in paths:
        try:
            os.chown(path, owner.st_uid, owner.st_gid, follow_symlinks=False)
        except FileNotFoundError:
            pass


def _swap(root: Path, staging: Path, aside: Path) -> None:
    moved: list[tuple[Path, Path]] = []
    try:
        for name in DATA_NAMES:
            if os.path.lexists(root / name):
                os.replace(root / name, aside / name)
                moved.append((root / name, aside / name))
        fileio.fsync_dir(aside)
        for name in DATA_NAMES:
            if os.path.lexists(staging / name):
                os.replace(staging / name, root / name)
                moved.append((staging / name, root / name))
        fileio.fsync_dir(root)
    except OSError:
        for source, target in reversed(moved):   # put everything back where it was
            try:
                os.replace(target, source)
            except OSError:
                pass
        raise


def _user() -> str | None:
    try:
        import getpass

        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in this environment
        return None


def restore_backup(path, root, targets) -> RestoreResult:
    """Check ``path`` in full, then restore it into ``root`` (no confirmation; the CLI asks)."""
    return restore_checked(check_archive(path, targets), root)
