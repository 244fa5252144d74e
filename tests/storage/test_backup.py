"""lib/storage/backup.py and ``python -m lib.cli backup`` / ``restore-backup``: a round trip gives back the
same folder, the data in place is kept aside, and any damaged or hostile archive is refused with
the data folder left byte for byte as it was."""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from lib import cli
from lib.core import texts
from lib.storage import backup, month_store
from tests.support.cli import run_cli as run_in_process

REPO = Path(__file__).resolve().parents[2]
USER = "Nguyễn Văn A"


# --- helpers --------------------------------------------------------------------------------------

def row(code, value, note=""):
    return {"indicator_code": code, "value": value, "note": note}


def tree(root: Path, skip=()) -> dict[str, bytes]:
    """Every file under root (relative path → bytes), without .write.lock and the ``skip`` prefixes."""
    root = Path(root)
    out = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel != month_store.LOCK_FILE and not rel.startswith(tuple(skip)):
            out[rel] = path.read_bytes()
    return out


def snapshot(root: Path) -> dict:
    """Everything about a folder a restore could change: every entry's kind, bytes and mtime."""
    root = Path(root)
    out = {}
    for path in sorted([root, *root.rglob("*")]):
        st = path.lstat()
        rel = path.relative_to(root).as_posix()
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        out[rel] = (path.is_dir(), path.is_symlink(), content, st.st_mtime_ns, st.st_mode)
    return out


def run_cli(*args, cwd=REPO):
    """``python -m lib.cli *args`` from ``cwd`` (``lib.cli.main`` in this process, stdin empty and no
    terminal, as ``stdin=DEVNULL`` was: ``tests/support/cli.py``)."""
    env = {k: v for k, v in os.environ.items() if k not in ("TQT_DATA_DIR", "TQT_TARGETS")}
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONPATH"] = str(REPO)
    return run_in_process(args, cwd=cwd, env=env)


@pytest.fixture
def targets(tmp_path, write_targets, ind):
    return write_targets(tmp_path / "targets.csv", [
        ind("rice_output"), ind("maize_output"),
        ind("state_revenue", sector="budget", unit="triệu đồng", target=13345),
    ])


@pytest.fixture
def src(tmp_path):
    """A data folder with two months (January in two versions), history, audit and recovered/."""
    root = tmp_path / "src"
    month_store.import_rows(root, "2025-01", [row("rice_output", 10), row("state_revenue", 988.5)], user=USER,
                        source="so-lieu-1.csv")
    month_store.import_rows(root, "2025-01", [row("rice_output", 12, "Sửa lại sau khi đối chiếu")], user=USER)
    month_store.import_rows(root, "2025-02", [row("maize_output", 3.25), row("state_revenue", 1000)], user=USER)
    # A canonical file edited by hand: recovery keeps it in recovered/ and puts the version back.
    month_store.month_path(root, "2025-02").write_text("period,indicator_code,value,note\n2025-02,maize_output,99,\n",
                                                    encoding="utf-8")
    assert month_store.recover(root)
    assert list((root / "recovered").iterdir())
    return root


@pytest.fixture
def dst(tmp_path, targets):
    """Another data folder with data of its own (one month), which a restore must keep aside."""
    root = tmp_path / "dst"
    month_store.import_rows(root, "2025-03", [row("rice_output", 77)], user="Trần Thị B")
    return root


@pytest.fixture
def archive(tmp_path, src, targets):
    result = backup.create_backup(src, targets, tmp_path / "backup.tar.gz")
    return result.path


def read_members(path: Path) -> list[tuple[tarfile.TarInfo, bytes | None]]:
    with tarfile.open(path, "r:gz") as tar:
        return [(m, tar.extractfile(m).read() if m.isfile() else None) for m in tar.getmembers()]


def write_archive(path: Path, entries, fix_manifest: bool = False) -> Path:
    """Write ``entries`` (TarInfo, bytes) as a .tar.gz; ``fix_manifest`` lists them in the
    manifest exactly, so that only the content checks can catch the problem."""
    entries = list(entries)
    if fix_manifest:
        manifest_index = next(i for i, (m, _) in enumerate(entries) if m.name == backup.MANIFEST)
        manifest = json.loads(entries[manifest_index][1])
        manifest["files"] = [{"path": m.name, "size": len(c), "sha256": hashlib.sha256(c).hexdigest()}
                             for m, c in entries if m.isfile() and m.name != backup.MANIFEST]
        content = json.dumps(manifest).encode()
        info = entries[manifest_index][0]
        info.size = len(content)
        entries[manifest_index] = (info, content)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for info, content in entries:
            if content is not None:
                info.size = len(content)
            tar.addfile(info, io.BytesIO(content) if content is not None else None)
    path.write_bytes(gzip.compress(buf.getvalue()))
    return path


def file_info(name: str, content: bytes) -> tuple[tarfile.TarInfo, bytes]:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o644
    return info, content


def link_info(name: str, kind: bytes, target: str = "") -> tuple[tarfile.TarInfo, None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info, None


# --- backup ---------------------------------------------------------------------------------------

def test_archive_holds_every_data_file_and_a_manifest(src, targets, archive):
    members = read_members(archive)
    names = [m.name for m, _ in members]
    assert names[0] == "MANIFEST.json"
    assert all(m.isfile() and m.mode == 0o644 and m.uid == 0 for m, _ in members)
    data = {m.name: c for m, c in members}
    expected = {f"{k}": v for k, v in tree(src).items()}
    assert {k: v for k, v in data.items() if k not in ("MANIFEST.json", "targets.csv")} == expected
    assert data["targets.csv"] == targets.read_bytes()
    assert {"actuals/2025-01.csv", "actuals/2025-02.csv", "history/2025-01/v0001.csv",
            "history/2025-01/v0002.csv", "history/2025-02/v0001.csv", "audit.jsonl"} <= set(names)
    assert any(n.startswith("recovered/") for n in names)
    manifest = json.loads(data["MANIFEST.json"])
    assert manifest["format"] == "tqt-dashboard-backup" and manifest["created"]
    assert "app_version" in manifest
    assert manifest["counts"]["months"] == 2 and manifest["counts"]["versions"] == 3
    assert manifest["counts"]["audit_lines"] == 3
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(data) - {"MANIFEST.json"}
    for name, content in data.items():
        if name != "MANIFEST.json":
            assert listed[name]["size"] == len(content)
            assert listed[name]["sha256"] == hashlib.sha256(content).hexdigest()
    assert archive.stat().st_mode & 0o777 == 0o600


def test_backup_cli_default_name_counts_and_no_overwrite(tmp_path, src, targets):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    result = run_cli("backup", "--data-dir", src, "--targets", targets, cwd=out_dir)
    assert result.returncode == 0, result.stderr
    made = list(out_dir.iterdir())
    assert len(made) == 1 and re.fullmatch(r"tqt-backup-\d{8}-\d{6}\.tar\.gz", made[0].name)
    assert str(made[0]) in result.stdout
    assert "Đã sao lưu" in result.stdout and "2 tháng, 3 phiên bản, 3 dòng nhật ký" in result.stdout

    before = made[0].read_bytes()
    again = run_cli("backup", "-o", made[0], "--data-dir", src, "--targets", targets)
    assert again.returncode == 1 and "đã có" in again.stderr
    assert made[0].read_bytes() == before

    # The default name has the second in it: in-process the runs above take well under a second, so
    # wait for the next one (a new process took longer than that to start).
    while backup.default_name() == made[0].name:
        time.sleep(0.05)
    into_dir = run_cli("backup", "-o", out_dir, "--data-dir", src, "--targets", targets)
    assert into_dir.returncode == 0, into_dir.stderr


def test_backup_of_a_missing_data_folder_fails(tmp_path, targets):
    result = run_cli("backup", "-o", tmp_path / "x.tar.gz", "--data-dir", tmp_path / "nope", "--targets", targets)
    assert result.returncode == 1 and "Không có thư mục dữ liệu" in result.stderr
    assert not (tmp_path / "x.tar.gz").exists()


def test_backup_waits_for_a_write_in_progress(tmp_path, src, targets):
    out = tmp_path / "during-write.tar.gz"
    with month_store.write_lock(src):
        proc = subprocess.Popen([sys.executable, "-m", "lib.cli", "backup", "-o", str(out), "--data-dir", str(src),
                                 "--targets", str(targets)], cwd=REPO, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(REPO)})
        time.sleep(2.0)
        assert proc.poll() is None and not out.exists()
    assert proc.wait(timeout=60) == 0
    assert out.exists()


# --- restore --------------------------------------------------------------------------------------

def test_round_trip_restores_the_same_tree_and_keeps_the_old_data(src, dst, targets, archive):
    old = tree(dst)
    result = run_cli("restore-backup", archive, "--data-dir", dst, "--targets", targets, "--yes")
    assert result.returncode == 0, result.stderr
    assert "Đã khôi phục" in result.stdout and "2 tháng" in result.stdout
    assert tree(dst, skip=[backup.BEFORE_RESTORE_PREFIX]) == tree(src)
    aside = [p for p in dst.iterdir() if p.name.startswith(backup.BEFORE_RESTORE_PREFIX)]
    assert len(aside) == 1 and str(aside[0]) in result.stdout
    kept = tree(aside[0])
    note = json.loads(kept.pop("RESTORE.json"))
    assert note["archive"] == str(archive)
    assert kept == old
    assert not [p for p in dst.iterdir() if p.name.startswith(".restore")]
    # The restored folder is consistent and usable by the storage layer.
    assert month_store.recover(dst) == []
    assert [e["version"] for e in month_store.history(dst, "2025-01")] == [1, 2]
    assert month_store.current_rows(dst, "2025-01") == month_store.current_rows(src, "2025-01")
    entry = month_store.import_rows(dst, "2025-02", [row("rice_output", 5)], user=USER)
    assert entry["version"] == 2


def test_restore_into_a_new_folder_and_twice(tmp_path, src, targets, archive):
    fresh = tmp_path / "fresh" / "data"
    for _ in range(2):
        result = run_cli("restore-backup", archive, "--data-dir", fresh, "--targets", targets, "--yes")
        assert result.returncode == 0, result.stderr
        assert tree(fresh, skip=[backup.BEFORE_RESTORE_PREFIX]) == tree(src)
    asides = sorted(p for p in fresh.iterdir() if p.name.startswith(backup.BEFORE_RESTORE_PREFIX))
    assert len(asides) == 2
    assert set(tree(asides[1])) - {"RESTORE.json"} == set(tree(src))   # the second kept the first's


def test_restore_without_yes_and_without_a_terminal_refuses(dst, targets, archive):
    before = snapshot(dst)
    result = run_cli("restore-backup", archive, "--data-dir", dst, "--targets", targets)
    assert result.returncode == 1
    assert texts.RESTORE_NEEDS_YES in result.stderr
    assert snapshot(dst) == before


class _Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("answer, restored", [("có\n", True), ("Có\n", True), ("không\n", False), ("\n", False)])
def test_restore_asks_on_a_terminal(monkeypatch, capsys, src, dst, targets, archive, answer, restored):
    before = snapshot(dst)
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    code = cli.main(["restore-backup", str(archive), "--data-dir", str(dst), "--targets", str(targets)])
    out, err = capsys.readouterr()
    assert "Gõ “có” để tiếp tục" in out
    if restored:
        assert code == 0 and tree(dst, skip=[backup.BEFORE_RESTORE_PREFIX]) == tree(src)
    else:
        assert code == 1 and texts.RESTORE_CANCELLED in err and snapshot(dst) == before


def test_a_different_catalogue_is_only_warned_about(tmp_path, dst, targets, archive, write_targets, ind):
    other = write_targets(tmp_path / "other-targets.csv", [
        ind("rice_output"), ind("maize_output"), ind("pig_herd", unit="con", aggregation="last"),
        ind("state_revenue", sector="budget", unit="triệu đồng", target=13345),
    ])
    content = other.read_bytes()
    result = run_cli("restore-backup", archive, "--data-dir", dst, "--targets", other, "--yes")
    assert result.returncode == 0, result.stderr
    assert "khác tệp chỉ tiêu đang dùng" in result.stderr
    assert other.read_bytes() == content


def test_a_failure_while_swapping_puts_everything_back(monkeypatch, dst, targets, archive):
    before = tree(dst)
    real_replace = os.replace
    calls = []

    def flaky(a, b):
        calls.append((a, b))
        if len(calls) == 3:   # after the current data has been moved aside
            raise OSError(28, "No space left on device")
        return real_replace(a, b)

    checked = backup.check_archive(archive, targets)
    monkeypatch.setattr(backup.os, "replace", flaky)
    with pytest.raises(backup.BackupError) as info:
        backup.restore_checked(checked, dst)
    assert "dữ liệu hiện có được giữ nguyên" in str(info.value)
    monkeypatch.undo()
    assert tree(dst) == before
    assert sorted(p.name for p in dst.iterdir()) == sorted([".write.lock", "actuals", "history", "audit.jsonl"])


# --- damaged and hostile archives: refused, nothing changed --------------------------------------

def _flip_byte(good: bytes, tmp: Path) -> Path:
    raw = bytearray(good)
    raw[len(raw) // 2] ^= 0xFF
    (tmp / "bad.tar.gz").write_bytes(bytes(raw))
    return tmp / "bad.tar.gz"


def _truncate(n):
    def make(good: bytes, tmp: Path) -> Path:
        (tmp / "bad.tar.gz").write_bytes(good[:-n])
        return tmp / "bad.tar.gz"
    return make


def _rebuild(change, fix_manifest=False):
    def make(good: bytes, tmp: Path) -> Path:
        (tmp / "good.tar.gz").write_bytes(good)
        entries = change(read_members(tmp / "good.tar.gz"))
        return write_archive(tmp / "bad.tar.gz", entries, fix_manifest)
    return make


def _change_content(entries):
    out = []
    for info, content in entries:
        if info.name == "actuals/2025-01.csv":
            content = content.replace(b"rice_output,12", b"rice_output,13")
        out.append((info, content))
    return out


def _without(name):
    return lambda entries: [(i, c) for i, c in entries if i.name != name]


def _plus(*extra):
    return lambda entries: entries + list(extra)


MONTH_5 = b"period,indicator_code,value,note\n2025-05,rice_output,1,\n"

TAMPERED = {
    "changed byte": (_flip_byte, None),
    "truncated gzip": (_truncate(100), "bị cắt cụt"),
    "gzip trailer cut": (_truncate(4), "bị cắt cụt"),
    "not a gzip": (lambda good, tmp: (tmp / "bad.tar.gz").write_bytes(b"period,value\n") and tmp / "bad.tar.gz",
                   "không phải tệp .tar.gz"),
    "changed member": (_rebuild(_change_content), "đã bị thay đổi"),
    "missing manifest": (_rebuild(_without("MANIFEST.json")), "thiếu tệp MANIFEST.json"),
    "file missing from the archive": (_rebuild(_without("actuals/2025-02.csv")), "không có trong bản sao lưu"),
    "extra member": (_rebuild(_plus(file_info("actuals/2025-05.csv", MONTH_5))), "không có trong MANIFEST.json"),
    "unexpected name": (_rebuild(_plus(file_info("run.sh", b"rm -rf /\n"))), "không thuộc bản sao lưu"),
    "unexpected folder": (_rebuild(_plus(file_info("actuals/sub/2025-05.csv", MONTH_5))), "không thuộc bản sao lưu"),
    "path traversal": (_rebuild(_plus(file_info("../evil", b"x"))), "không an toàn"),
    "traversal inside": (_rebuild(_plus(file_info("actuals/../../evil", b"x"))), "không an toàn"),
    "absolute path": (_rebuild(_plus(file_info("/tmp/evil", b"x"))), "không an toàn"),
    "symlink": (_rebuild(_plus(link_info("actuals/2025-09.csv", tarfile.SYMTYPE, "/etc/passwd"))),
                "không phải tệp thường"),
    "hard link": (_rebuild(_plus(link_info("actuals/2025-10.csv", tarfile.LNKTYPE, "actuals/2025-01.csv"))),
                  "không phải tệp thường"),
    "device": (_rebuild(_plus(link_info("audit2", tarfile.CHRTYPE))), "không phải tệp thường"),
    "duplicate member": (_rebuild(lambda e: e + [e[-1]]), "nhiều lần"),
    "month not in the catalogue": (_rebuild(_plus(file_info(
        "actuals/2025-05.csv", b"period,indicator_code,value,note\n2025-05,gold_output,1,\n")), fix_manifest=True),
        "không có trong danh mục"),
    "month of another period": (_rebuild(_plus(file_info("actuals/2025-05.csv", MONTH_5.replace(b"2025-05,", b"2025-06,"))),
                                         fix_manifest=True), "khác tên tệp"),
    "version that does not parse": (_rebuild(_plus(file_info("history/2025-05/v0001.csv", b"period,value\n")),
                                             fix_manifest=True), "history/2025-05/v0001.csv"),
    "audit line that does not parse": (_rebuild(lambda e: [(i, c + b'{"time": "torn' if i.name == "audit.jsonl" else c)
                                                          for i, c in e], fix_manifest=True), "audit.jsonl, dòng 4"),
}


@pytest.mark.parametrize("case", list(TAMPERED))
def test_a_tampered_archive_is_refused_and_nothing_changes(tmp_path, capsys, dst, targets, archive, case):
    """The CLI in this process (the subprocess path is covered above): even with --yes, refused."""
    make, message = TAMPERED[case]
    bad = make(archive.read_bytes(), tmp_path)
    before = snapshot(dst)
    around = sorted(p.name for p in tmp_path.iterdir())
    code = cli.main(["restore-backup", str(bad), "--data-dir", str(dst), "--targets", str(targets), "--yes"])
    out, err = capsys.readouterr()
    assert code == 1, out + err
    assert "Không khôi phục" in err and "không bị thay đổi" in err
    if message:
        assert message in err
    assert snapshot(dst) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == around      # no ../evil, nothing else


def test_check_archive_lists_every_problem(tmp_path, targets, archive):
    bad = _rebuild(_plus(file_info("../evil", b"x"), link_info("actuals/2025-09.csv", tarfile.SYMTYPE, "/etc"),
                         file_info("notes.txt", b"")))(archive.read_bytes(), tmp_path)
    with pytest.raises(backup.BackupError) as info:
        backup.check_archive(bad, targets)
    assert len(info.value.messages) == 3


# --- the ward's own units and scoring rules travel with the data ------------------------------------------

def test_units_and_rules_of_the_data_folder_are_backed_up_and_checked(tmp_path, src, dst):
    from lib.analytics import scoring
    from lib.readers import org_units

    real_targets = REPO / "data" / "targets_2025.csv"
    shipped_units = (REPO / "data" / org_units.FILE_NAME).read_bytes()
    own_units = shipped_units.replace("Tổ dân phố số 1,".encode(), "Tổ dân phố Phú Vinh,".encode(), 1)
    (src / org_units.FILE_NAME).write_bytes(own_units)
    (src / scoring.RULES_FILE).write_bytes((REPO / "data" / scoring.RULES_FILE).read_bytes())
    result = backup.create_backup(src, real_targets, tmp_path / "own.tar.gz")
    checked = backup.check_archive(result.path, real_targets)
    assert {org_units.FILE_NAME, scoring.RULES_FILE} <= set(checked.files)
    backup.restore_checked(checked, dst)
    assert (dst / org_units.FILE_NAME).read_bytes() == own_units
    assert (dst / scoring.RULES_FILE).read_bytes() == (src / scoring.RULES_FILE).read_bytes()

    # a units file broken by hand, and rules naming a unit the archive's units do not have: refused
    (src / org_units.FILE_NAME).write_bytes(shipped_units.replace(b",residential_group,", b",to_dan_pho,", 1))
    broken = backup.create_backup(src, real_targets, tmp_path / "broken.tar.gz")
    with pytest.raises(backup.BackupError) as info:
        backup.check_archive(broken.path, real_targets)
    assert any(org_units.FILE_NAME in m and "kind" in m for m in info.value.messages), info.value.messages
    (src / org_units.FILE_NAME).write_bytes(shipped_units.replace(b"truong_tho_tay_a,", b"tdp_12,", 1))
    renamed = backup.create_backup(src, real_targets, tmp_path / "renamed.tar.gz")
    with pytest.raises(backup.BackupError) as info:
        backup.check_archive(renamed.path, real_targets)
    assert any(scoring.RULES_FILE in m and "truong_tho_tay_a" in m for m in info.value.messages), info.value.messages
