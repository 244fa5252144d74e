"""lib.storage.month_store in one process: merge/diff, versions, baseline, history/restore, audit, recovery."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from datetime import datetime
from pathlib import Path

import pytest

from lib.core import texts
from lib.readers.catalogue import load_catalogue
from lib.readers.months import read_month_file
from lib.storage import month_store

P = "2025-03"


def row(code, value, note=""):
    return {"indicator_code": code, "value": value, "note": note}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (relative path → bytes)."""
    root = Path(root)
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def audit_lines(root: Path) -> list[dict]:
    raw = (Path(root) / "audit.jsonl").read_bytes()
    assert raw.endswith(b"\n")
    return [json.loads(line) for line in raw.decode("utf-8").splitlines()]


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def assert_consistent(root: Path) -> None:
    """Every month: canonical bytes == latest audited version's bytes, sha256s match, no orphans."""
    root = Path(root)
    entries = audit_lines(root)
    for period in month_store.months(root):
        versions = month_store.history(root, period)
        assert [e["version"] for e in versions] == list(range(1, len(versions) + 1))
        for e in versions:
            assert sha(e["path"].read_bytes()) == e["sha256"]
        assert month_store.month_path(root, period).read_bytes() == versions[-1]["path"].read_bytes()
        on_disk = sorted(p.name for p in (root / "history" / period).iterdir())
        assert on_disk == [f"v{e['version']:04d}.csv" for e in versions]
    assert len(entries) == sum(len(month_store.history(root, p)) for p in month_store.months(root))
    assert not [p for p in root.rglob(".*.tmp-*")]


# --- paths, merge, diff -------------------------------------------------------------------------

def test_month_path_checks_the_period(tmp_path):
    assert month_store.month_path(tmp_path, P) == tmp_path / "actuals" / "2025-03.csv"
    assert month_store.month_path(str(tmp_path), "2025-12") == tmp_path / "actuals" / "2025-12.csv"
    for bad in ["2025-13", "2025-3", "../../etc", "2025-03/../x", "", None, "2025-00"]:
        with pytest.raises(month_store.StorageError, match="không hợp lệ"):
            month_store.month_path(tmp_path, bad)
    with pytest.raises(month_store.StorageError):
        month_store.write_month(tmp_path, "../x", [row("a", 1)], user="An")
    assert not tmp_path.joinpath("actuals").exists()


def test_merge_replaces_keeps_and_orders():
    old = [row("a", 1, "cũ a"), row("b", 2, "cũ b"), row("c", 3)]
    new = [row("d", 40), row("b", 20, "mới b"), row("e", 50)]
    merged = month_store.merge(old, new)
    assert [r["indicator_code"] for r in merged] == ["a", "b", "c", "d", "e"]
    assert merged[1] == row("b", 20.0, "mới b")  # value and note both from the upload
    assert merged[0] == row("a", 1.0, "cũ a")  # untouched indicators keep their old row
    assert month_store.merge([], new) == [row("d", 40.0), row("b", 20.0, "mới b"), row("e", 50.0)]
    assert month_store.merge(old, []) == [row("a", 1.0, "cũ a"), row("b", 2.0, "cũ b"), row("c", 3.0)]
    # a replaced row's empty note clears the old one: the row is replaced as a whole
    assert month_store.merge([row("a", 1, "ghi chú")], [row("a", 1, "")]) == [row("a", 1.0, "")]


def test_diff_lists_only_changed_indicators():
    old = [row("a", 1, "x"), row("b", 2), row("c", 3), row("r", 9, "bỏ")]
    new = [row("a", 1, "y"), row("b", 2.0), row("c", 3.5), row("n", 7)]
    changes = month_store.diff(old, new)
    assert changes == [
        {"indicator_code": "a", "old": 1.0, "new": 1.0, "old_note": "x", "new_note": "y"},
        {"indicator_code": "c", "old": 3.0, "new": 3.5, "old_note": "", "new_note": ""},
        {"indicator_code": "n", "old": None, "new": 7.0, "old_note": None, "new_note": ""},
        {"indicator_code": "r", "old": 9.0, "new": None, "old_note": "bỏ", "new_note": None},
    ]
    # values are compared as stored (15 significant digits): 0.1 + 0.2 is stored as 0.3
    assert month_store.diff([row("a", 0.3)], [row("a", 0.1 + 0.2)]) == []
    assert month_store.diff(old, old) == []


# --- writing ---------------------------------------------------------------------------------------

def test_first_write_exact_bytes_and_history(tmp_path):
    rows = [row("lua", 1234.5, "Vụ Đông Xuân, đạt \"tốt\""), row("ngo", 1e-7), row("heo", 12000, "dòng 1\ndòng 2"),
            row("ti_le", 0.1 + 0.2), row("lon", 123456789012345678)]
    entry = month_store.write_month(tmp_path, P, rows, user="Nguyễn Văn An", source="so_lieu_thang3.csv")
    expected = (
        "period,indicator_code,value,note\n"
        "2025-03,lua,1234.5,\"Vụ Đông Xuân, đạt \"\"tốt\"\"\"\n"
        "2025-03,ngo,1e-07,\n"
        "2025-03,heo,12000,\"dòng 1\ndòng 2\"\n"
        "2025-03,ti_le,0.3,\n"
        "2025-03,lon,1.23456789012346e+17,\n"
    ).encode("utf-8")
    canonical = tmp_path / "actuals" / "2025-03.csv"
    assert canonical.read_bytes() == expected
    assert (tmp_path / "history" / P / "v0001.csv").read_bytes() == expected
    assert entry["version"] == 1 and entry["sha256"] == sha(expected)
    assert month_store.read_rows(canonical) == [
        row("lua", 1234.5, "Vụ Đông Xuân, đạt \"tốt\""), row("ngo", 1e-7), row("heo", 12000.0, "dòng 1\ndòng 2"),
        row("ti_le", 0.3), row("lon", 1.23456789012346e17)]
    assert month_store.current_rows(tmp_path, P) == month_store.read_rows(canonical)
    assert month_store.months(tmp_path) == [P]
    assert_consistent(tmp_path)


def test_carriage_returns_in_notes_are_stored_as_line_breaks(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1, "x\r\ny\rz")], user="An")
    assert month_store.current_rows(tmp_path, P) == [row("a", 1.0, "x\ny\nz")]


def test_lib_data_reads_what_storage_writes(tmp_path, write_targets, ind):
    targets = write_targets(tmp_path / "targets.csv", [ind("lua"), ind("heo", unit="con")])
    month_store.write_month(tmp_path / "d", P, [row("lua", 12.5, "có, phẩy"), row("heo", 300)], user="An")
    frame = read_month_file(month_store.month_path(tmp_path / "d", P), load_catalogue(targets))
    assert frame.to_dict("records") == [
        {"year": 2025, "month": 3, "code": "lua", "value": 12.5, "note": "có, phẩy"},
        {"year": 2025, "month": 3, "code": "heo", "value": 300.0, "note": ""},
    ]


def test_version_numbering_per_month(tmp_path):
    for i in range(1, 4):
        assert month_store.write_month(tmp_path, P, [row("a", i)], user="An")["version"] == i
    assert month_store.write_month(tmp_path, "2025-04", [row("a", 1)], user="An")["version"] == 1
    assert month_store.write_month(tmp_path, P, [row("a", 9)], user="An")["version"] == 4
    assert [e["version"] for e in month_store.history(tmp_path, P)] == [1, 2, 3, 4]
    assert [e["version"] for e in month_store.history(tmp_path, "2025-04")] == [1]
    assert month_store.months(tmp_path) == [P, "2025-04"]
    assert_consistent(tmp_path)


def test_unchanged_content_commits_nothing(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1, "n"), row("b", 0.3)], user="An")
    before = tree(tmp_path)
    result = month_store.write_month(tmp_path, P, [row("a", 1.0, "n"), row("b", 0.1 + 0.2)], user="Bình")
    assert result["unchanged"] is True and result["version"] == 1 and result["changes"] == []
    assert tree(tmp_path) == before
    result = month_store.import_rows(tmp_path, P, [row("b", 0.3)], user="Bình")
    assert result["unchanged"] is True
    assert tree(tmp_path) == before


def test_audit_lines_carry_everything(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1, "ghi chú")], user="Trần Thị Bình", source="a" * 500)
    month_store.write_month(tmp_path, P, [row("a", 2, "ghi chú"), row("b", 5)], user="Lê Cường", source="\x00tệp\n.csv")
    raw = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert "Trần Thị Bình" in raw and "ghi chú" in raw  # ensure_ascii=False: Vietnamese as is
    lines = audit_lines(tmp_path)
    assert len(lines) == 2
    keys = {"time", "user", "action", "period", "version", "sha256", "changes", "source", "restored_from"}
    for n, entry in enumerate(lines, start=1):
        assert set(entry) == keys
        assert datetime.fromisoformat(entry["time"]).utcoffset() is not None
        assert entry["action"] == "import" and entry["period"] == P and entry["version"] == n
        assert entry["sha256"] == sha((tmp_path / "history" / P / f"v{n:04d}.csv").read_bytes())
        assert entry["restored_from"] is None
    assert lines[0]["user"] == "Trần Thị Bình" and lines[0]["source"] == "a" * 200
    assert lines[1]["source"] == " tệp .csv"  # informational only: control characters blanked
    assert lines[1]["changes"] == [
        {"indicator_code": "a", "old": 1.0, "new": 2.0, "old_note": "ghi chú", "new_note": "ghi chú"},
        {"indicator_code": "b", "old": None, "new": 5.0, "old_note": None, "new_note": ""},
    ]
    assert month_store.audit_entries(tmp_path) == lines
    assert [{k: v for k, v in e.items() if k != "path"} for e in month_store.history(tmp_path, P)] == lines


def test_write_month_refuses_what_it_cannot_store(tmp_path):
    for rows in ([row("a", 1), row("A ", 2)], [row("a", float("nan"))], [row("a", float("inf"))], [row("", 1)],
                 [row("a", "x")]):
        with pytest.raises(month_store.StorageError):
            month_store.write_month(tmp_path, P, rows, user="An")
    with pytest.raises(month_store.StorageError):
        month_store.write_month(tmp_path, P, [row("a", 1)], user="  ")
    with pytest.raises(month_store.StorageError):
        month_store.write_month(tmp_path, P, [row("a", 1)], user="An", action="baseline")
    assert not (tmp_path / "actuals").exists() and not (tmp_path / "audit.jsonl").exists()


def test_import_rows_merges_with_the_current_version(tmp_path):
    month_store.import_rows(tmp_path, P, [row("a", 1), row("b", 2)], user="An")
    entry = month_store.import_rows(tmp_path, P, [row("c", 3), row("a", 10, "sửa")], user="Bình", source="t.xlsx")
    assert entry["version"] == 2 and entry["source"] == "t.xlsx"
    assert month_store.current_rows(tmp_path, P) == [row("a", 10.0, "sửa"), row("b", 2.0), row("c", 3.0)]
    assert [c["indicator_code"] for c in entry["changes"]] == ["a", "c"]


def test_expected_version_detects_a_concurrent_commit(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An", expected_version=0)
    month_store.write_month(tmp_path, P, [row("a", 2)], user="Bình", expected_version=1)
    before = tree(tmp_path)
    with pytest.raises(month_store.StorageConflict, match="phiên bản hiện tại là 2"):
        month_store.write_month(tmp_path, P, [row("a", 3)], user="An", expected_version=1)
    assert tree(tmp_path) == before


def test_threads_of_one_process_take_turns(tmp_path):
    errors = []

    def work(t):
        try:
            for i in range(5):
                month_store.import_rows(tmp_path, P, [row(f"t{t}_{i}", i)], user=f"luồng {t}")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(month_store.current_rows(tmp_path, P)) == 20
    assert [e["version"] for e in month_store.history(tmp_path, P)] == list(range(1, 21))
    assert_consistent(tmp_path)


# --- baseline ----------------------------------------------------------------------------------

def test_baseline_of_a_canonical_file_placed_by_hand(tmp_path):
    canonical = tmp_path / "actuals" / "2025-03.csv"
    canonical.parent.mkdir(parents=True)
    shipped = "\ufeffPeriod,Indicator_Code,Value,Note\r\n2025-03,LUA,10,đã có\r\n2025-03,heo,5,\r\n".encode("utf-8")
    canonical.write_bytes(shipped)
    assert month_store.history(tmp_path, P) == []
    assert month_store.current_rows(tmp_path, P) == [row("lua", 10.0, "đã có"), row("heo", 5.0)]
    entry = month_store.import_rows(tmp_path, P, [row("heo", 6)], user="An")
    versions = month_store.history(tmp_path, P)
    assert [(e["version"], e["action"], e["user"]) for e in versions] == [
        (1, "baseline", texts.STORAGE_SYSTEM_USER), (2, "import", "An")]
    assert versions[0]["path"].read_bytes() == shipped  # kept byte for byte
    assert versions[0]["sha256"] == sha(shipped)
    assert [c["indicator_code"] for c in versions[0]["changes"]] == ["lua", "heo"]
    assert entry["version"] == 2
    assert entry["changes"] == [{"indicator_code": "heo", "old": 5.0, "new": 6.0, "old_note": "", "new_note": ""}]
    assert month_store.current_rows(tmp_path, P) == [row("lua", 10.0, "đã có"), row("heo", 6.0)]
    assert_consistent(tmp_path)
    # restoring the baseline gives its content back (in the canonical format)
    month_store.restore(tmp_path, P, 1, user="An")
    assert month_store.current_rows(tmp_path, P) == [row("lua", 10.0, "đã có"), row("heo", 5.0)]


def test_baseline_is_recorded_even_when_the_upload_changes_nothing(tmp_path, write_months):
    write_months(tmp_path, {3: {"a": 1.5}})  # the same bytes write_month would write
    result = month_store.import_rows(tmp_path, P, [row("a", 1.5)], user="An")
    assert result["unchanged"] is True and result["version"] == 1
    assert [e["action"] for e in month_store.history(tmp_path, P)] == ["baseline"]
    assert_consistent(tmp_path)


# --- history and restore ------------------------------------------------------------------------

def test_restore_is_a_new_version(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1, "một")], user="An")
    month_store.write_month(tmp_path, P, [row("a", 2), row("b", 3)], user="An")
    v1 = (tmp_path / "history" / P / "v0001.csv").read_bytes()
    entry = month_store.restore(tmp_path, P, 1, user="Bình")
    assert entry["version"] == 3 and entry["action"] == "restore" and entry["restored_from"] == 1
    assert entry["user"] == "Bình"
    assert entry["changes"] == [
        {"indicator_code": "a", "old": 2.0, "new": 1.0, "old_note": "", "new_note": "một"},
        {"indicator_code": "b", "old": 3.0, "new": None, "old_note": "", "new_note": None},
    ]
    assert month_store.month_path(tmp_path, P).read_bytes() == v1
    assert (tmp_path / "history" / P / "v0003.csv").read_bytes() == v1
    assert (tmp_path / "history" / P / "v0002.csv").exists()  # nothing is deleted
    assert audit_lines(tmp_path)[-1]["restored_from"] == 1
    # restoring the current content commits nothing; versions that do not exist are refused
    before = tree(tmp_path)
    assert month_store.restore(tmp_path, P, 3, user="An")["unchanged"] is True
    assert month_store.restore(tmp_path, P, "1", user="An")["unchanged"] is True
    for bad in (0, 4, "x", None):
        with pytest.raises(month_store.StorageError, match="không có phiên bản"):
            month_store.restore(tmp_path, P, bad, user="An")
    with pytest.raises(month_store.StorageError):
        month_store.restore(tmp_path / "none", P, 1, user="An")
    assert tree(tmp_path) == before
    assert not (tmp_path / "none").exists()
    assert_consistent(tmp_path)


def test_restore_refuses_a_tampered_version(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    month_store.write_month(tmp_path, P, [row("a", 2)], user="An")
    (tmp_path / "history" / P / "v0001.csv").write_text("period,indicator_code,value,note\n2025-03,a,666,\n")
    with pytest.raises(month_store.StorageError, match="mã kiểm tra"):
        month_store.restore(tmp_path, P, 1, user="An")
    (tmp_path / "history" / P / "v0001.csv").unlink()
    with pytest.raises(month_store.StorageError, match="Không tìm thấy"):
        month_store.restore(tmp_path, P, 1, user="An")


# --- recovery --------------------------------------------------------------------------------------

def test_recover_on_a_consistent_folder_does_nothing(tmp_path):
    assert month_store.recover(tmp_path / "missing") == []
    assert not (tmp_path / "missing").exists()
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    month_store.write_month(tmp_path, "2025-04", [row("a", 1)], user="An")
    before = tree(tmp_path)
    assert month_store.recover(tmp_path) == []
    assert month_store.recover(tmp_path, P) == []
    assert tree(tmp_path) == before


def test_recover_removes_orphan_versions_and_temp_files(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    before = tree(tmp_path)
    hist = tmp_path / "history" / P
    (hist / "v0002.csv").write_text("period,indicator_code,value,note\n2025-03,a,2,\n")
    (hist / "v0007.csv").write_text("x")
    temps = [hist / ".v0003.csv.tmp-123-abcd1234", tmp_path / "actuals" / ".2025-03.csv.tmp-9-0f0f",
             tmp_path / "actuals" / ".2025-04.csv.tmp-9-0f0f"]
    for t in temps:
        t.write_text("partial")
    keep = [hist / "notes.txt", tmp_path / "actuals" / ".hidden"]
    for k in keep:
        k.write_text("not ours")
    messages = month_store.recover(tmp_path)
    assert len(messages) == 5 and all(isinstance(m, str) for m in messages)
    assert any("phiên bản 2" in m for m in messages) and any("phiên bản 7" in m for m in messages)
    for t in temps:
        assert not t.exists()
    assert not (hist / "v0002.csv").exists() and not (hist / "v0007.csv").exists()
    for k in keep:
        assert k.exists()
        k.unlink()
    assert tree(tmp_path) == before


def test_recover_for_one_month_leaves_other_months_alone(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    month_store.write_month(tmp_path, "2025-04", [row("a", 1)], user="An")
    orphan_p = tmp_path / "history" / P / "v0002.csv"
    orphan_q = tmp_path / "history" / "2025-04" / "v0002.csv"
    orphan_p.write_text("x")
    orphan_q.write_text("x")
    assert len(month_store.recover(tmp_path, P)) == 1
    assert not orphan_p.exists() and orphan_q.exists()
    # write_month recovers its own month before committing: the orphan does not block v0002
    assert month_store.write_month(tmp_path, "2025-04", [row("a", 2)], user="An")["version"] == 2
    assert month_store.current_rows(tmp_path, "2025-04") == [row("a", 2.0)]
    assert_consistent(tmp_path)


def test_recover_repairs_a_canonical_file_edited_by_hand(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    month_store.write_month(tmp_path, P, [row("a", 2)], user="An")
    latest = (tmp_path / "history" / P / "v0002.csv").read_bytes()
    canonical = month_store.month_path(tmp_path, P)
    edited = b"period,indicator_code,value,note\n2025-03,a,999,sua tay\n"
    canonical.write_bytes(edited)
    messages = month_store.recover(tmp_path)
    assert canonical.read_bytes() == latest
    assert any("phiên bản 2" in m for m in messages)
    kept = list((tmp_path / "recovered").iterdir())  # the hand edit is not lost
    assert len(kept) == 1 and kept[0].read_bytes() == edited and kept[0].name.startswith(P)
    # a canonical file put back to an older version is simply repaired (its bytes are in history)
    canonical.write_bytes((tmp_path / "history" / P / "v0001.csv").read_bytes())
    assert month_store.recover(tmp_path, P)
    assert canonical.read_bytes() == latest
    assert len(list((tmp_path / "recovered").iterdir())) == 1
    # a deleted canonical file comes back
    canonical.unlink()
    assert month_store.recover(tmp_path) and canonical.read_bytes() == latest
    assert_consistent(tmp_path)


def test_recover_reports_a_missing_history_file_and_write_month_still_works(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    (tmp_path / "history" / P / "v0001.csv").unlink()
    month_store.month_path(tmp_path, P).write_text("period,indicator_code,value,note\n2025-03,a,5,\n")
    messages = month_store.recover(tmp_path)
    assert len(messages) == 1 and "Không tìm thấy" in messages[0]
    # the next write keeps the unrecorded canonical content as a baseline, then commits
    entry = month_store.write_month(tmp_path, P, [row("a", 6)], user="An")
    assert entry["version"] == 3
    assert [e["action"] for e in month_store.history(tmp_path, P)] == ["import", "baseline", "import"]
    assert month_store.read_rows(tmp_path / "history" / P / "v0002.csv") == [row("a", 5.0)]


def test_truncated_last_audit_line(tmp_path, caplog):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    month_store.write_month(tmp_path, P, [row("a", 2)], user="An")
    audit = tmp_path / "audit.jsonl"
    full = audit.read_bytes()
    second = full.splitlines(keepends=True)[1]
    torn = full[:-len(second)] + second[: len(second) // 2]  # a crash in the middle of the 2nd line
    audit.write_bytes(torn)
    with caplog.at_level(logging.WARNING, logger="lib.storage.month_store"):
        entries = month_store.audit_entries(tmp_path)
    assert [e["version"] for e in entries] == [1]
    assert any("dòng 2" in r.getMessage() for r in caplog.records)
    assert [e["version"] for e in month_store.history(tmp_path, P)] == [1]
    # recover cuts the torn line; version 2 is then an orphan and the canonical file goes back to v1
    messages = month_store.recover(tmp_path)
    assert len(messages) == 3
    assert audit.read_bytes() == full[:-len(second)]
    assert month_store.current_rows(tmp_path, P) == [row("a", 1.0)]
    assert month_store.write_month(tmp_path, P, [row("a", 3)], user="An")["version"] == 2
    assert [e["version"] for e in audit_lines(tmp_path)] == [1, 2]
    assert_consistent(tmp_path)


def test_whole_last_audit_line_without_newline_is_completed(tmp_path):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    audit = tmp_path / "audit.jsonl"
    audit.write_bytes(audit.read_bytes().rstrip(b"\n"))
    assert [e["version"] for e in month_store.audit_entries(tmp_path)] == [1]
    assert len(month_store.recover(tmp_path)) == 1
    assert audit.read_bytes().endswith(b"}\n")
    assert month_store.write_month(tmp_path, P, [row("a", 2)], user="An")["version"] == 2
    assert_consistent(tmp_path)


def test_a_failed_write_leaves_the_previous_version(tmp_path, monkeypatch):
    month_store.write_month(tmp_path, P, [row("a", 1)], user="An")
    before = tree(tmp_path)
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(os.path.join("actuals", "2025-03.csv")):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(month_store.StorageError, match="không bị ảnh hưởng"):
        month_store.write_month(tmp_path, P, [row("a", 2)], user="An")
    monkeypatch.undo()
    assert tree(tmp_path) == before  # the history file of the failed write was removed at once
    assert month_store.write_month(tmp_path, P, [row("a", 2)], user="An")["version"] == 2


def test_read_rows_reports_bad_files(tmp_path):
    bad = tmp_path / "bad.csv"
    for content in [b"", b"period,code,value\n", b"period,indicator_code,value\n2025-03,a,abc\n", b"\xff\xfe\x00",
                    b"indicator_code,value\na,nan\n", b"indicator_code,value\na,-inf\n"]:
        bad.write_bytes(content)
        with pytest.raises(month_store.StorageError, match="bad.csv"):
            month_store.read_rows(bad)
    with pytest.raises(month_store.StorageError):
        month_store.read_rows(tmp_path / "missing.csv")
    bad.write_bytes(b"indicator_code,value\nA,1\n\n")
    assert month_store.read_rows(bad) == [row("a", 1.0)]
    assert month_store.current_rows(tmp_path, P) == []
    assert month_store.months(tmp_path) == [] and month_store.history(tmp_path, P) == []
    assert month_store.audit_entries(tmp_path) == []


def test_a_broken_hand_placed_file_is_kept_as_baseline_before_being_replaced(tmp_path):
    canonical = tmp_path / "actuals" / "2025-03.csv"
    canonical.parent.mkdir(parents=True)
    broken = b"period,indicator_code,value\n2025-03,a,mot tram\n"
    canonical.write_bytes(broken)
    with pytest.raises(month_store.StorageError, match="mot tram"):
        month_store.import_rows(tmp_path, P, [row("a", 100)], user="An")  # cannot merge into it
    assert not (tmp_path / "history").exists()
    entry = month_store.write_month(tmp_path, P, [row("a", 100)], user="An")  # full content: replaces it
    assert entry["version"] == 2
    versions = month_store.history(tmp_path, P)
    assert versions[0]["action"] == "baseline" and versions[0]["path"].read_bytes() == broken
    assert month_store.current_rows(tmp_path, P) == [row("a", 100.0)]
    assert_consistent(tmp_path)
