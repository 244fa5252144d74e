"""``python -m lib.cli check / import / template / history / restore`` run as staff run them, from the
repository root (``lib.cli.main`` in this process, ``tests/support/cli.py``: the environment, exit
code, stdout and stderr of a new process); files on disk, exit codes and printed text checked.

Exit codes (lib/cli/__init__.py): 0 done (``check``: accepted), 1 rejected or the data cannot be read,
2 usage error. Files are written the way Vietnamese Excel saves them: semicolons, decimal commas.
``TQT_DATA_DIR`` always points at a folder of the test, so nothing touches the repository's data.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
from pathlib import Path

import pytest

from lib.core import texts
from lib.readers.catalogue import load_catalogue
from lib.storage import month_store
from lib.upload import check_file
from lib.views.templates import TEMPLATE_COLUMNS, headings
from tests.support.cli import run_cli as run_in_process
from tests.support.helpers import REPO, tree_hash

TARGETS = REPO / "data" / "targets_2025.csv"
DEMO_JUNE = REPO / "data" / "demo" / "actuals" / "2025-06.csv"
PERIOD = "2025-06"
LABEL = "Tháng 6/2025"
NOTE = "Thu tiền sử dụng đất tăng, đã đối chiếu với Kho bạc"
GOOD = (
    "period;indicator_code;value;note\n"
    f"{PERIOD};state_revenue;1.250,5;{NOTE}\n"
    f"{PERIOD};health_insurance_rate;92,3;\n"
)
BAD = (
    "period;indicator_code;value;note\n"
    f"{PERIOD};state_revenue;abc;\n"
    f"{PERIOD};rice_outptu;12;\n"
)
BAD_ERRORS = [
    {"row": 2, "column": "value", "code": "ERR_UPLOAD_VALUE_TEXT", "params": {"found": "abc"},
     "message": texts.ERR_UPLOAD_VALUE_TEXT.format(found="abc")},
    {"row": 3, "column": "indicator_code", "code": "ERR_UPLOAD_CODE_UNKNOWN_SUGGEST",
     "params": {"code": "rice_outptu", "suggestion": "rice_output"},
     "message": texts.ERR_UPLOAD_CODE_UNKNOWN.format(code="rice_outptu")
     + texts.HINT_UPLOAD_CODE_SUGGEST.format(suggestion="rice_output")},
]


# --- helpers ----------------------------------------------------------------------------------

@pytest.fixture
def data_dir(tmp_path) -> Path:
    """The data folder ``TQT_DATA_DIR`` points at (not created: the first import creates it)."""
    return tmp_path / "data"


@pytest.fixture
def run_cli(tmp_path, data_dir):
    """``run_cli(*args)`` → CompletedProcess (text); ``run_cli(*args, binary=True)`` → bytes."""
    env = {k: v for k, v in os.environ.items() if k not in ("TQT_DATA_DIR", "TQT_TARGETS")}
    env["TQT_DATA_DIR"] = str(data_dir)
    env["PYTHONIOENCODING"] = "utf-8"

    def run(*args: str, binary: bool = False) -> subprocess.CompletedProcess:
        return run_in_process(args, cwd=REPO, env=env, binary=binary)

    return run


@pytest.fixture
def good_file(tmp_path) -> Path:
    path = tmp_path / "so-lieu-thang-6.csv"
    path.write_bytes(GOOD.encode("utf-8"))
    return path


@pytest.fixture
def bad_file(tmp_path) -> Path:
    path = tmp_path / "so-lieu-loi.csv"
    path.write_bytes(BAD.encode("utf-8"))
    return path


@pytest.fixture
def check_json(run_cli):
    """``check_json(file, *args, period=PERIOD, returncode=0)`` → the result of ``check … --json``,
    once the exit code and the JSON's keys (in order) are checked."""

    def check(path: Path, *args: str, period: str = PERIOD, returncode: int = 0) -> dict:
        done = run_cli("check", path, "--period", period, *args, "--json")
        assert done.returncode == returncode, done.stdout + done.stderr
        result = json.loads(done.stdout)
        assert list(result) == ["accepted", "rows", "warnings", "errors"]
        return result

    return check


def vn_number(value: float) -> str:
    """845.5 → "845,5"; 1840.0 → "1840" (no thousands separator: never ambiguous)."""
    return f"{value:g}".replace(".", ",") if value != int(value) else str(int(value))


def demo_june() -> list[dict]:
    """The demo's June as the ward's figures, one row per indicator (the shipped file has the
    residential groups' rows of the by-unit indicators; their ward figure is the ward series)."""
    from lib.readers import demo

    return [{"indicator_code": code, "value": float(values[5]), "note": demo.NOTES.get((code, 6), "")}
            for code, values in demo.SERIES.items() if values[5] is not None]


def non_derived_codes() -> list[str]:
    catalogue = load_catalogue(TARGETS)
    return catalogue.indicators.loc[~catalogue.indicators["derived"], "code"].tolist()


def audit_lines(root: Path) -> list[dict]:
    return [json.loads(line) for line in (root / "audit.jsonl").read_text(encoding="utf-8").splitlines()]


# --- check ------------------------------------------------------------------------------------

def test_check_accepts_a_complete_vietnamese_file_json(run_cli, tmp_path):
    """Every indicator of the demo's June, written the Vietnamese way: accepted, no warning."""
    rows = demo_june()
    assert len(rows) == 32
    lines = ["period;indicator_code;value;note"]
    lines += [f"{PERIOD};{r['indicator_code']};{vn_number(r['value'])};{r['note']}" for r in rows]
    path = tmp_path / "thang-6-day-du.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))

    done = run_cli("check", path, "--period", PERIOD, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    result = json.loads(done.stdout)
    assert list(result) == ["accepted", "rows", "warnings", "errors"]
    assert result == {"accepted": True, "rows": rows, "warnings": [], "errors": []}
    assert all(list(r) == ["indicator_code", "value", "note"] for r in result["rows"])


def test_check_accepted_json_exact(check_json, good_file):
    result = check_json(good_file)
    assert result["accepted"] is True
    assert result["rows"] == [
        {"indicator_code": "state_revenue", "value": 1250.5, "note": NOTE},
        {"indicator_code": "health_insurance_rate", "value": 92.3, "note": ""},
    ]
    assert result["errors"] == []
    # 30 indicators not in the file: one warning naming them, the stored ones are kept.
    assert len(result["warnings"]) == 1
    assert result["warnings"][0].startswith("Tệp chưa có số liệu của 30 chỉ tiêu: Sản lượng lúa; ")


def test_check_accepted_text(run_cli, good_file):
    done = run_cli("check", good_file, "--period", PERIOD)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == texts.CLI_CHECK_ACCEPTED.format(n=2)
    assert lines[1].startswith("! Tệp chưa có số liệu của 30 chỉ tiêu")


def test_check_rejected_json(check_json, bad_file):
    result = check_json(bad_file, returncode=1)
    assert result["accepted"] is False
    assert result["rows"] == []
    assert result["errors"] == BAD_ERRORS
    assert all(list(e) == ["row", "column", "code", "params", "message"] for e in result["errors"])
    assert "Có phải “rice_output”?" in result["errors"][1]["message"]


def test_check_rejected_text(run_cli, bad_file):
    done = run_cli("check", bad_file, "--period", PERIOD)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == texts.UPLOAD_REJECTED
    assert lines[1] == f"- dòng 2, cột “value”: {BAD_ERRORS[0]['message']}"
    assert lines[2] == f"- dòng 3, cột “indicator_code”: {BAD_ERRORS[1]['message']}"


def test_check_a_file_error_has_no_row(check_json, tmp_path):
    """A problem of the whole file: row and column are null in the JSON."""
    path = tmp_path / "rong.csv"
    path.write_bytes(b"")
    errors = check_json(path, returncode=1)["errors"]
    assert len(errors) == 1
    assert errors[0]["row"] is None and errors[0]["column"] is None
    assert errors[0]["message"] == texts.ERR_UPLOAD_EMPTY.format(name="rong.csv")


def test_check_period_in_file_must_match(check_json, good_file):
    errors = check_json(good_file, period="2025-07", returncode=1)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "period"), (3, "period")]
    assert all("Tháng 7/2025" in e["message"] for e in errors)


def test_check_period_written_without_zero_is_accepted(check_json, good_file):
    assert check_json(good_file, period="2025-6")["accepted"] is True


@pytest.mark.parametrize("args, message", [
    ([], "the following arguments are required: --period"),
    (["--period", "2025-13"], "“2025-13” không phải tháng dạng YYYY-MM (ví dụ 2025-06)"),
    (["--period", "6/2025"], "“6/2025” không phải tháng dạng YYYY-MM"),
    (["--period", "tháng sáu"], "không phải tháng dạng YYYY-MM"),
], ids=["missing-period", "month-13", "slash", "words"])
def test_check_usage_errors(run_cli, good_file, args, message):
    done = run_cli("check", good_file, "--json", *args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_check_missing_file_is_a_usage_error(run_cli, tmp_path):
    missing = tmp_path / "khong-co.csv"
    done = run_cli("check", missing, "--period", PERIOD, "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"Không đọc được tệp {missing}" in done.stderr
    assert "Traceback" not in done.stderr


def test_check_missing_targets_file_exits_1(run_cli, good_file, tmp_path):
    done = run_cli("check", good_file, "--period", PERIOD, "--targets", tmp_path / "khong-co.csv")
    assert done.returncode == 1
    assert texts.ERR_TARGETS_MISSING.format(path=tmp_path / "khong-co.csv") in done.stderr


# --- --targets: any catalogue -------------------------------------------------------------------

@pytest.fixture
def minimal_targets(tmp_path, write_targets, ind) -> Path:
    """Only the required columns: no bounds, profile, parent… (the defaults must do)."""
    path = write_targets(tmp_path / "chi-tieu.csv", [
        ind("milk_output", name_vi="Sản lượng sữa"),
        ind("vaccination_rate", sector="society", name_vi="Tỷ lệ tiêm chủng đầy đủ", unit="%", target=95,
            aggregation="last"),
    ])
    assert path.read_text(encoding="utf-8").splitlines()[0] == \
        "code,sector,name_vi,unit,target,direction,aggregation"
    return path


def test_check_with_minimal_targets(check_json, tmp_path, minimal_targets):
    path = tmp_path / "sua.csv"
    path.write_bytes("indicator_code;value;note\nmilk_output;1.250,5;\nvaccination_rate;96,5;đợt 2\n"
                     .encode("utf-8"))
    result = check_json(path, "--targets", minimal_targets)
    assert result["rows"] == [{"indicator_code": "milk_output", "value": 1250.5, "note": ""},
                              {"indicator_code": "vaccination_rate", "value": 96.5, "note": "đợt 2"}]
    assert result["warnings"] == [texts.WARN_UPLOAD_NO_PERIOD_COLUMN.format(label=LABEL)]

    # The same file against the full catalogue: neither code exists there.
    assert [e["row"] for e in check_json(path, returncode=1)["errors"]] == [2, 3]


def test_check_with_minimal_targets_rejects(check_json, tmp_path, minimal_targets):
    path = tmp_path / "sua-loi.csv"
    path.write_bytes("indicator_code;value\nmilk_outpt;12\nvaccination_rate;105\nmilk_output;-3\n".encode("utf-8"))
    errors = check_json(path, "--targets", minimal_targets, returncode=1)["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(2, "indicator_code"), (3, "value"), (4, "value")]
    assert errors[0]["message"].endswith(texts.HINT_UPLOAD_CODE_SUGGEST.format(suggestion="milk_output"))
    assert errors[1]["message"] == texts.ERR_UPLOAD_VALUE_PERCENT_OVER.format(value="105%")
    assert "âm" in errors[2]["message"]


def test_template_with_minimal_targets(run_cli, minimal_targets):
    done = run_cli("template", PERIOD, "--targets", minimal_targets, binary=True)
    assert done.returncode == 0, done.stderr
    # issue 9: the template is Vietnamese (“Mã chỉ tiêu”), semicolon-separated for Vietnamese Excel
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode("utf-8-sig")), delimiter=";"))
    assert [r["Mã chỉ tiêu"] for r in rows] == ["milk_output", "vaccination_rate"]


# --- import -----------------------------------------------------------------------------------

def test_import_writes_version_1(run_cli, data_dir, good_file):
    done = run_cli("import", good_file, "--period", PERIOD, "--user", "Chị Lan")
    assert done.returncode == 0, done.stderr
    saved = texts.UPLOAD_SAVED.format(period=LABEL, version=1)
    assert saved == "Đã lưu số liệu Tháng 6/2025 (phiên bản 1)."
    assert done.stdout.splitlines()[-1] == saved
    assert done.stdout.splitlines()[0] == texts.CLI_IMPORT_ACCEPTED.format(n=2)

    canonical = data_dir / "actuals" / f"{PERIOD}.csv"  # TQT_DATA_DIR, no --data-dir given
    assert canonical.read_text(encoding="utf-8") == (
        "period,indicator_code,value,note\n"
        f"{PERIOD},state_revenue,1250.5,\"{NOTE}\"\n"
        f"{PERIOD},health_insurance_rate,92.3,\n"
    )
    assert (data_dir / "history" / PERIOD / "v0001.csv").read_bytes() == canonical.read_bytes()
    (entry,) = audit_lines(data_dir)
    assert (entry["version"], entry["action"], entry["user"], entry["source"]) == (1, "import", "Chị Lan", good_file.name)
    assert entry["sha256"] == hashlib.sha256(canonical.read_bytes()).hexdigest()


def test_import_same_file_twice_makes_no_new_version(run_cli, data_dir, good_file):
    assert run_cli("import", good_file, "--period", PERIOD, "--user", "An").returncode == 0
    before = tree_hash(data_dir)
    done = run_cli("import", good_file, "--period", PERIOD, "--user", "An")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == texts.UPLOAD_UNCHANGED.format(period=LABEL)
    assert tree_hash(data_dir) == before


def test_import_with_data_dir_option(run_cli, data_dir, tmp_path, good_file):
    other = tmp_path / "khac"
    done = run_cli("import", good_file, "--period", PERIOD, "--data-dir", other, "--user", "An")
    assert done.returncode == 0, done.stderr
    assert (other / "actuals" / f"{PERIOD}.csv").is_file()
    assert not data_dir.exists()  # TQT_DATA_DIR untouched


def test_rejected_import_leaves_the_folder_byte_identical(run_cli, data_dir, good_file, bad_file):
    assert run_cli("import", good_file, "--period", PERIOD, "--user", "An").returncode == 0
    before = tree_hash(data_dir)
    done = run_cli("import", bad_file, "--period", PERIOD, "--user", "An")
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == texts.UPLOAD_REJECTED
    assert "Có phải “rice_output”?" in done.stdout
    assert "Đã lưu" not in done.stdout
    assert tree_hash(data_dir) == before
    assert len(audit_lines(data_dir)) == 1


def test_rejected_import_into_an_empty_folder_creates_nothing(run_cli, data_dir, bad_file):
    data_dir.mkdir()
    before = tree_hash(data_dir)
    done = run_cli("import", bad_file, "--period", PERIOD, "--user", "An")
    assert done.returncode == 1
    assert tree_hash(data_dir) == before
    assert list(data_dir.iterdir()) == []  # not even the lock file


def test_import_usage_errors(run_cli, data_dir, good_file, tmp_path):
    assert run_cli("import", good_file, "--user", "An").returncode == 2  # no --period
    assert run_cli("import", good_file, "--period", "2025-00", "--user", "An").returncode == 2
    assert run_cli("import", tmp_path / "khong-co.csv", "--period", PERIOD, "--user", "An").returncode == 2
    assert not data_dir.exists()


def test_import_storage_error_is_a_message_not_a_traceback(run_cli, data_dir, good_file):
    done = run_cli("import", good_file, "--period", PERIOD, "--user", "   ")
    assert done.returncode == 1
    assert done.stderr.strip() == texts.ERR_STORAGE_USER
    assert "Traceback" not in done.stderr


# --- template ---------------------------------------------------------------------------------

def test_template_csv(run_cli):
    done = run_cli("template", PERIOD, binary=True)
    assert done.returncode == 0, done.stderr
    content = done.stdout
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel shows the Vietnamese names
    text = content.decode("utf-8-sig")
    # issue 9: Vietnamese headings, “;” (Excel with Vietnamese regional settings), period “Tháng 6/2025”
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert text.splitlines()[0] == ";".join(headings(TEMPLATE_COLUMNS))
    assert not text.startswith("sep=")  # a sep= line would make Excel ignore the BOM
    codes = [r["Mã chỉ tiêu"] for r in rows]
    assert len(codes) == 32 and codes == non_derived_codes()
    assert "food_output" not in codes and "pupils_total" not in codes  # totals are computed
    assert all(r["Kỳ báo cáo"] == LABEL and r["Thực hiện trong tháng"] == "" and r["Ghi chú"] == ""
               and r["Lũy kế từ đầu năm"] == "" for r in rows)
    assert rows[0]["Tên chỉ tiêu"] == "Sản lượng lúa" and rows[0]["Đơn vị tính"] == "tấn"
    assert rows[0]["Loại số liệu"] == "Số trong tháng"
    assert text.endswith("\r\n")


def test_template_csv_to_file_and_period_normalised(run_cli, tmp_path):
    out = tmp_path / "mau.csv"
    done = run_cli("template", "2025-6", "-o", out)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert {r["Kỳ báo cáo"] for r in rows} == {LABEL}  # issue 9: the period as Excel will not turn it into a date


def test_template_bad_period_is_a_usage_error(run_cli):
    done = run_cli("template", "2025-13")
    assert done.returncode == 2
    assert "không phải tháng dạng YYYY-MM" in done.stderr


def test_template_xlsx_filled_in_is_accepted(run_cli, check_json, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "mau-so-lieu-2025-06.xlsx"
    done = run_cli("template", PERIOD, "--xlsx", "-o", path)
    assert done.returncode == 0, done.stderr
    assert path.read_bytes()[:4] == b"PK\x03\x04"

    wb = openpyxl.load_workbook(path)
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == headings(TEMPLATE_COLUMNS)  # issue 9: Vietnamese headings
    assert ws.title == "Số liệu tháng 6-2025"
    value_i, note_i = TEMPLATE_COLUMNS.index("value"), TEMPLATE_COLUMNS.index("note")
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    codes = [r[1] for r in body]
    assert codes == non_derived_codes()
    assert all(r[0] == LABEL and r[value_i] is None for r in body)

    # Fill it in as staff would (the demo's June figures, numbers as numbers), save, check it.
    values = {r["indicator_code"]: r for r in demo_june()}
    for row in ws.iter_rows(min_row=2):
        code = row[1].value
        row[value_i].value = values[code]["value"]
        row[note_i].value = values[code]["note"] or None
    filled = tmp_path / "so-lieu-2025-06.xlsx"
    wb.save(filled)

    catalogue = load_catalogue(TARGETS)
    result = check_file(filled.read_bytes(), filled.name, PERIOD, catalogue)
    assert result.accepted, [str(e) for e in result.errors]
    assert result.warnings == []
    assert result.rows == [{"indicator_code": c, "value": values[c]["value"], "note": values[c]["note"]}
                           for c in codes]

    assert check_json(filled)["rows"] == result.rows  # and through the CLI


# --- history and restore ----------------------------------------------------------------------

@pytest.fixture
def two_versions(run_cli, data_dir, good_file, tmp_path) -> Path:
    """Version 1 by Chị Lan (the good file), version 2 by Anh Minh (state revenue corrected)."""
    assert run_cli("import", good_file, "--period", PERIOD, "--user", "Chị Lan").returncode == 0
    fix = tmp_path / "sua-thu-ngan-sach.csv"
    fix.write_bytes(f"period;indicator_code;value;note\n{PERIOD};state_revenue;1.300,75;đã sửa\n".encode("utf-8"))
    done = run_cli("import", fix, "--period", PERIOD, "--user", "Anh Minh")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == texts.UPLOAD_SAVED.format(period=LABEL, version=2)
    return data_dir


def test_history_lists_versions(run_cli, two_versions):
    done = run_cli("history", PERIOD)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2
    audit = audit_lines(two_versions)
    for line, entry, user, changed in zip(lines, audit, ["Chị Lan", "Anh Minh"], [2, 1]):
        assert line.split()[0] == str(entry["version"])
        assert entry["time"] in line and user in line and "Tải lên" in line
        assert f"{changed} chỉ tiêu thay đổi" in line
        assert line.endswith(f"sha256 {entry['sha256'][:12]}")


def test_history_json(run_cli, two_versions):
    done = run_cli("history", PERIOD, "--json")
    assert done.returncode == 0, done.stderr
    versions = json.loads(done.stdout)
    assert [v["version"] for v in versions] == [1, 2]
    assert [v["user"] for v in versions] == ["Chị Lan", "Anh Minh"]
    assert set(versions[0]) == {"time", "user", "action", "period", "version", "sha256", "changes", "source",
                                "restored_from"}
    assert versions[1]["changes"] == [{"indicator_code": "state_revenue", "old": 1250.5, "new": 1300.75,
                                       "old_note": NOTE, "new_note": "đã sửa"}]


def test_history_of_a_month_without_versions(run_cli, two_versions):
    before = tree_hash(two_versions)
    done = run_cli("history", "2025-07")
    assert done.returncode == 0
    assert done.stdout.strip() == texts.DATA_NO_HISTORY
    assert tree_hash(two_versions) == before


def test_restore_creates_a_new_version(run_cli, two_versions):
    v1 = (two_versions / "history" / PERIOD / "v0001.csv").read_bytes()
    done = run_cli("restore", PERIOD, "1", "--user", "Chị Hoa")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == texts.DATA_RESTORED.format(period=LABEL, restored=1, version=3) == \
        "Đã khôi phục Tháng 6/2025 về nội dung phiên bản 1 (thành phiên bản mới 3)."
    assert (two_versions / "actuals" / f"{PERIOD}.csv").read_bytes() == v1
    assert (two_versions / "history" / PERIOD / "v0003.csv").read_bytes() == v1
    assert (two_versions / "history" / PERIOD / "v0002.csv").is_file()  # nothing is deleted
    entry = audit_lines(two_versions)[-1]
    assert (entry["version"], entry["action"], entry["restored_from"], entry["user"]) == (3, "restore", 1, "Chị Hoa")

    lines = run_cli("history", PERIOD).stdout.splitlines()
    assert len(lines) == 3
    assert "Khôi phục (từ phiên bản 1)" in lines[2] and "Chị Hoa" in lines[2]

    # Restoring what is already current commits nothing.
    before = tree_hash(two_versions)
    done = run_cli("restore", PERIOD, "3", "--user", "Chị Hoa")
    assert done.returncode == 0
    assert done.stdout.strip() == texts.UPLOAD_UNCHANGED.format(period=LABEL)
    assert tree_hash(two_versions) == before


def test_restore_missing_version(run_cli, two_versions):
    before = tree_hash(two_versions)
    done = run_cli("restore", PERIOD, "7", "--user", "An")
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.strip() == texts.ERR_STORAGE_NO_VERSION.format(period=PERIOD, version=7) == \
        "Kỳ 2025-06 không có phiên bản 7."
    assert tree_hash(two_versions) == before

    done = run_cli("restore", "2025-07", "1", "--user", "An")  # a month with no version at all
    assert done.returncode == 1
    assert done.stderr.strip() == "Kỳ 2025-07 không có phiên bản 1."
    assert tree_hash(two_versions) == before


def test_restore_in_a_folder_that_does_not_exist(run_cli, data_dir):
    done = run_cli("restore", PERIOD, "1", "--user", "An")
    assert done.returncode == 1
    assert done.stderr.strip() == "Kỳ 2025-06 không có phiên bản 1."
    assert "Traceback" not in done.stderr
    assert not data_dir.exists()


def test_restore_usage_errors(run_cli, two_versions):
    before = tree_hash(two_versions)
    for args in (["restore", PERIOD, "một"], ["restore", "2025-13", "1"], ["restore", PERIOD]):
        done = run_cli(*args)
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr
    assert tree_hash(two_versions) == before


def test_storage_history_matches_the_cli(run_cli, two_versions):
    """The CLI and the dashboard read the same audit log."""
    cli = json.loads(run_cli("history", PERIOD, "--json").stdout)
    lib = [{k: v for k, v in e.items() if k != "path"} for e in month_store.history(two_versions, PERIOD)]
    assert cli == lib


# --- issue 9: the months stored in the data folder (year-to-date totals) -------------------------

CUMULATIVE_FILE = "Mã chỉ tiêu;Thực hiện trong tháng;Lũy kế từ đầu năm\r\nstate_revenue;;2.000,5\r\n"


def _january_february(root: Path) -> None:
    month_store.import_rows(root, "2025-01", [{"indicator_code": "state_revenue", "value": 800.0, "note": ""}], user="An")
    month_store.import_rows(root, "2025-02", [{"indicator_code": "state_revenue", "value": 650.5, "note": ""}], user="An")


def test_check_compares_with_the_months_stored_in_data_dir(check_json, tmp_path):
    other = tmp_path / "khac"
    _january_february(other)
    path = tmp_path / "luy-ke-thang-3.csv"
    path.write_bytes(CUMULATIVE_FILE.encode("utf-8"))
    result = check_json(path, "--data-dir", other, period="2025-03")
    assert result["rows"] == [{"indicator_code": "state_revenue", "value": 550.0, "note": ""}]
    assert any(w.startswith("Dòng 2, cột “Lũy kế từ đầu năm”: lũy kế 2.000,5 triệu đồng") for w in result["warnings"])
    # TQT_DATA_DIR (no --data-dir) holds no month: the month's amount cannot be derived
    refused = check_json(path, period="2025-03", returncode=1)
    assert [(e["row"], e["column"]) for e in refused["errors"]] == [(2, "Lũy kế từ đầu năm")]
    assert "chưa lưu số liệu tháng 1, 2/2025" in refused["errors"][0]["message"]


def test_check_flags_a_running_total_against_data_dir(check_json, tmp_path):
    other = tmp_path / "khac"
    _january_february(other)
    path = tmp_path / "thang-3.csv"
    path.write_bytes("indicator_code;value\r\nstate_revenue;2000,5\r\n".encode("utf-8"))
    result = check_json(path, "--data-dir", other, period="2025-03")
    assert result["accepted"] is True
    assert any("Có phải đây là số lũy kế từ đầu năm?" in w and w.startswith("Dòng 2, cột “value”")
               for w in result["warnings"])


def test_import_stores_the_month_amount_of_a_cumulative(run_cli, data_dir, tmp_path):
    _january_february(data_dir)
    path = tmp_path / "luy-ke-thang-3.csv"
    path.write_bytes(CUMULATIVE_FILE.encode("utf-8"))
    done = run_cli("import", path, "--period", "2025-03", "--user", "An")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (data_dir / "actuals" / "2025-03.csv").read_text(encoding="utf-8") == (
        "period,indicator_code,value,note\n2025-03,state_revenue,550,\n")


def test_template_shows_the_months_stored_in_data_dir(run_cli, tmp_path):
    other = tmp_path / "khac"
    _january_february(other)
    done = run_cli("template", "2025-03", "--data-dir", other, binary=True)
    assert done.returncode == 0, done.stderr
    rows = {r["Mã chỉ tiêu"]: r for r in csv.DictReader(io.StringIO(done.stdout.decode("utf-8-sig")), delimiter=";")}
    assert (rows["state_revenue"]["Tháng đã lưu gần nhất"], rows["state_revenue"]["Số đã lưu của tháng đó"],
            rows["state_revenue"]["Lũy kế đã lưu đến tháng trước"]) == ("Tháng 2/2025", "650,5", "1.450,5")
