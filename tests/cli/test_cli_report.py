"""``python -m lib.cli report`` run as a user runs it (``lib.cli.main`` in this process, with the
environment, working folder, exit code and output of a new one: ``tests/support/cli.py``), each
format, its exit codes.

The files are opened and read back: the date given with ``--date`` is on the Word and PDF heading,
the state revenue's figures of the demo (13.345 planned, 6.211 by June: see tests/report/test_export.py)
are in the tables, the Excel values are numbers.
"""
from __future__ import annotations

import io
import os
import subprocess
import zipfile
from pathlib import Path

import pytest

from lib.core import texts
from tests.support.cli import run_cli
from tests.support.helpers import STATE_REVENUE

REPO = Path(__file__).resolve().parents[2]
PLACE_DATE = "Trương Quang Trọng, ngày 05 tháng 07 năm 2025"
CHART_FILES = ["01-tong-quan.png", "02-nong-nghiep.png", "03-ngan-sach.png", "04-van-hoa-xa-hoi.png",
               "05-quoc-phong-an-ninh.png"]


def run(*args: str, cwd: Path, data_dir: Path) -> subprocess.CompletedProcess:
    """The CLI from ``cwd``, ``TQT_DATA_DIR`` = ``data_dir``."""
    env = {k: v for k, v in os.environ.items() if k not in ("TQT_DATA_DIR", "TQT_TARGETS")}
    env.update(TQT_DATA_DIR=str(data_dir), PYTHONIOENCODING="utf-8", PYTHONPATH=str(REPO))
    return run_cli(["report", *args], cwd=cwd, env=env)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """Every format written once, as of June, dated 5 July 2025, on the demo months (an empty
    data folder): the outputs folder and each run's result."""
    folder = tmp_path_factory.mktemp("report")
    empty = folder / "no-data"
    empty.mkdir()
    (folder / "pngs").mkdir()
    results = {}
    for kind, target in (("docx", "bc.docx"), ("pdf", "bc.pdf"), ("xlsx", "bc.xlsx"), ("png", "charts.zip"),
                         ("png-folder", "pngs")):
        results[kind] = run("--as-of", "2025-06", "--format", kind.split("-")[0], "-o", str(folder / target),
                            "--date", "2025-07-05", cwd=folder, data_dir=empty)
    return folder, results


@pytest.mark.parametrize("kind", ["docx", "pdf", "xlsx", "png", "png-folder"])
def test_every_format_exits_0_and_says_so(out, kind):
    folder, results = out
    done = results[kind]
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == texts.CLI_REPORT_DEMO                  # no real month: the demo, said
    if kind == "png-folder":
        assert done.stdout.strip() == texts.CLI_REPORT_WRITTEN_PNGS.format(n=5, folder=folder / "pngs")
    else:
        target = {"docx": "bc.docx", "pdf": "bc.pdf", "xlsx": "bc.xlsx", "png": "charts.zip"}[kind]
        assert done.stdout.strip() == texts.CLI_REPORT_WRITTEN.format(path=folder / target)
    leftovers = [p.name for p in folder.iterdir() if ".tmp-" in p.name]
    assert leftovers == []                                                # atomic writes leave no temp file


def test_docx(out):
    from docx import Document

    doc = Document(str(out[0] / "bc.docx"))
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", PLACE_DATE]
    assert "PHƯỜNG TRƯƠNG QUANG TRỌNG" in [p.text for p in left.paragraphs]
    assert texts.REPORT_DEMO_NOTE in [p.text for p in doc.paragraphs]
    rows = [tuple(c.text for c in row.cells) for row in doc.tables[1].rows]
    assert ("1", STATE_REVENUE, "triệu đồng", "13.345", "6.211", "46,5%", "Đúng tiến độ") in rows
    assert len(doc.inline_shapes) == 5


def test_pdf(out):
    from pypdf import PdfReader

    data = (out[0] / "bc.pdf").read_bytes()
    assert data[:5] == b"%PDF-"
    reader = PdfReader(io.BytesIO(data))
    first = reader.pages[0].extract_text()
    assert PLACE_DATE in first and "BÁO CÁO" in first and "Trang 1/" in first
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", " ")
    assert "13.345" in text and "6.211" in text and "46,5%" in text


def test_xlsx(out):
    from openpyxl import load_workbook

    wb = load_workbook(out[0] / "bc.xlsx")
    assert wb.sheetnames == ["Chênh lệch", "Số liệu tháng", "Nhiệm vụ – công trình", "Kết quả thi đua"]
    row = next(r for r in wb["Chênh lệch"].iter_rows() if r[2].value == STATE_REVENUE)
    assert [c.value for c in row[5:7]] == [13345, 6211]


def test_png_zip_and_folder(out):
    folder = out[0]
    with zipfile.ZipFile(folder / "charts.zip") as archive:
        assert archive.namelist() == CHART_FILES
        for name in CHART_FILES:
            assert archive.read(name)[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in (folder / "pngs").iterdir()) == CHART_FILES
    assert (folder / "pngs" / "03-ngan-sach.png").read_bytes() == zipfile.ZipFile(folder / "charts.zip").read(
        "03-ngan-sach.png")


def test_default_name_and_real_data(tmp_path):
    """Without -o the file is named after the month, in the current folder; with --data-dir the
    data is not the demo, so the report carries no demo note."""
    done = run("--as-of", "2025-06", "--format", "xlsx", "--data-dir", str(REPO / "data" / "demo"),
               cwd=tmp_path, data_dir=tmp_path / "unused")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert (tmp_path / "bao-cao-2025-06.xlsx").is_file()
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "bao-cao-2025-06.xlsx")["Chênh lệch"]
    assert texts.REPORT_DEMO_NOTE not in [c.value for c in ws["A"]]

    folder = tmp_path / "ra"
    folder.mkdir()
    done = run("--as-of", "2025-03", "--format", "xlsx", "-o", str(folder), "--data-dir", str(REPO / "data" / "demo"),
               cwd=tmp_path, data_dir=tmp_path / "unused")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in folder.iterdir()] == ["bao-cao-2025-03.xlsx"]     # an existing folder: the name inside


@pytest.mark.parametrize(("args", "message"), [
    (["--as-of", "2025-13", "--format", "pdf"], "“2025-13” không phải tháng dạng YYYY-MM"),
    (["--as-of", "06/2025", "--format", "pdf"], "“06/2025” không phải tháng dạng YYYY-MM"),
    (["--as-of", "2025-06", "--format", "odt"], texts.CLI_REPORT_BAD_FORMAT.format(value="odt")),
    (["--as-of", "2025-06", "--format", "pdf", "--date", "05/07/2025"],
     texts.CLI_REPORT_BAD_DATE.format(value="05/07/2025")),
    (["--as-of", "2025-06", "--format", "pdf", "--date", "2025-02-30"],
     texts.CLI_REPORT_BAD_DATE.format(value="2025-02-30")),
    (["--format", "pdf"], "--as-of"),
])
def test_usage_errors_exit_2_and_write_nothing(tmp_path, args, message):
    done = run(*args, "-o", str(tmp_path / "x.pdf"), cwd=tmp_path, data_dir=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_unreadable_data_exits_1(tmp_path):
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "actuals" / "2025-06.csv").write_text("period,indicator_code,value,note\n2025-06,rice_output,nhiều,\n",
                                                  encoding="utf-8")
    done = run("--as-of", "2025-06", "--format", "pdf", "-o", str(tmp_path / "x.pdf"), "--data-dir", str(data),
               cwd=tmp_path, data_dir=data)
    assert done.returncode == 1
    assert "2025-06.csv" in done.stderr and "dòng 2" in done.stderr
    assert not (tmp_path / "x.pdf").exists()

    done = run("--as-of", "2025-06", "--format", "pdf", "-o", str(tmp_path / "x.pdf"), "--targets",
               str(tmp_path / "khong-co.csv"), cwd=tmp_path, data_dir=data)
    assert done.returncode == 1
    assert texts.ERR_TARGETS_MISSING.format(path=tmp_path / "khong-co.csv") in done.stderr


def test_unwritable_output_exits_1(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    done = run("--as-of", "2025-06", "--format", "xlsx", "-o", str(blocker / "bc.xlsx"), "--data-dir",
               str(REPO / "data" / "demo"), cwd=tmp_path, data_dir=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(texts.CLI_REPORT_WRITE_ERROR.split("{")[0])
    assert blocker.read_text() == "x"
