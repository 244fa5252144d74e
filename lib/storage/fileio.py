"""Low-level durable file operations shared by lib.storage.month_store, lib.access.auth and lib.storage.backup (no Streamlit).

Each caller keeps its own policy (file mode, temp-file names, ownership, test hooks) and passes it
in; what is here is only the mechanics: write every byte, fsync the file, rename or link it into
place, fsync the folder so the new directory entry survives a crash.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path
from typing import Callable

__all__ = ["sha256", "fsync_dir", "make_dirs", "temp_path", "write_all", "write_exclusive",
           "atomic_write", "write_new_file"]


def sha256(content: bytes) -> str:
    """The hex SHA-256 of ``content``."""
    return hashlib.sha256(content).hexdigest()


def fsync_dir(folder) -> None:
    """fsync a folder, so that entries just created, renamed or removed in it are durable."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def make_dirs(folder) -> None:
    """Create ``folder`` and its missing parents, making every new directory entry durable."""
    folder = Path(folder)
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            pass
        fsync_dir(path.parent)


def temp_path(target: Path) -> Path:
    """The default temp name next to ``target``: ``.<name>.tmp-<pid>-<hex>`` (hidden; the pattern
    ``lib.storage.durable.remove_temps`` deletes)."""
    return target.parent / f".{target.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}"


def write_all(fd: int, content: bytes) -> None:
    """``os.write`` until every byte of ``content`` is written."""
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view):]


def _take_owner(fd: int, target: Path) -> None:
    # Run as root (sudo) for the service user: the file keeps the owner of the file it replaces,
    # or takes the folder's owner when new. Without the right to chown, nothing changes.
    try:
        try:
            st = target.stat()
        except FileNotFoundError:
            st = target.parent.stat()
        if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
            os.fchown(fd, st.st_uid, st.st_gid)
    except PermissionError:
        pass


def write_exclusive(path: Path, content: bytes, *, mode: int, exact_mode: bool = False,
                    owner_of: Path | None = None) -> None:
    """Create ``path`` (it must not exist) with ``mode``, write ``content`` and fsync it.

    ``exact_mode``: fchmod to ``mode`` (the umask may have taken bits away). ``owner_of``: give
    the file the owner of that path (or of its folder when it does not exist), where allowed.
    A file this call created is removed again if writing it fails."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            if exact_mode:
                os.fchmod(fd, mode)
            if owner_of is not None:
                _take_owner(fd, Path(owner_of))
            write_all(fd, content)
            os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        try:
            os.unlink(path)
        except OSError:
            pass
        raise


def atomic_write(target, content: bytes, *, mode: int, temp_name: Callable[[Path], Path] = temp_path,
                 durable_parents: bool = True, exact_mode: bool = False, keep_owner: bool = False) -> None:
    """Replace ``target`` with ``content`` all at once: a temp file in the same folder (named by
    ``temp_name(target)``) created with ``mode``, fsync, ``os.replace``, fsync of the folder. A
    reader sees the old or the new file, never a torn one; the temp file is removed on failure.

    ``durable_parents``: missing folders are created with ``make_dirs`` (each fsynced), else with
    a plain ``mkdir(parents=True)``. ``exact_mode`` / ``keep_owner``: see ``write_exclusive``
    (``keep_owner``: the owner of the file replaced, or of the folder)."""
    target = Path(target)
    if durable_parents:
        make_dirs(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    temp = temp_name(target)
    write_exclusive(temp, content, mode=mode, exact_mode=exact_mode,
                    owner_of=target if keep_owner else None)
    try:
        os.replace(temp, target)
    except BaseException:
        try:
            temp.unlink()
        except OSError:
            pass
        raise
    fsync_dir(target.parent)


def write_new_file(path, content: bytes, *, mode: int, temp_name: Callable[[Path], Path] = temp_path) -> None:
    """Write ``path`` atomically (temp file, fsync, hard link into place, fsync of the folder);
    never overwrite a file: FileExistsError if ``path`` exists. The temp file is always removed."""
    path = Path(path)
    temp = temp_name(path)
    write_exclusive(temp, content, mode=mode)
    try:
        os.link(temp, path)       # fails with FileExistsError instead of replacing a file
    finally:
        try:
            temp.unlink()
        except OSError:
            pass
    fsync_dir(path.parent)
