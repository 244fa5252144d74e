"""The Báo cáo page in a real browser: a leader edits the draft, downloads the Word and PDF files,
and the files hold the edited text with the demo's figures.

One server on the demo months (``TQT_DATA_DIR`` = an empty folder). Screenshots: ``shots``.
"""
from __future__ import annotations

import io

import pytest

from tests.support.server import assert_no_errors, full_screenshot, require_browser, streamlit_server, wait_idle

require_browser()
pytestmark = pytest.mark.browser  # (tests/conftest.py would mark them anyway)
docx = pytest.importorskip("docx")
pypdf = pytest.importorskip("pypdf")

EDITED = "Thu ngân sách 6 tháng đạt khá nhờ thu tiền sử dụng đất; chi thường xuyên còn chậm."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    empty = tmp_path_factory.mktemp("no_data")
    with streamlit_server(env={"TQT_DATA_DIR": str(empty)}) as url:
        yield url


def _open(page, server):
    page.goto(server + "/report?thang=2025-06")
    page.locator("h1", has_text="Báo cáo").wait_for()
    page.get_by_role("textbox", name="III. Ngân sách").wait_for()
    wait_idle(page)


def test_draft_edit_and_download(server, page, shots):
    _open(page, server)
    assert_no_errors(page)
    area = page.get_by_role("textbox", name="III. Ngân sách")
    assert "lũy kế 6 tháng đạt 6.211 triệu đồng, bằng 46,5% dự toán năm" in area.input_value()
    full_screenshot(page, shots / "report-page.png", min_height=1000)

    area.fill(EDITED)
    area.blur()  # a text area sends its value when it loses focus
    page.get_by_text("Đã sửa").first.wait_for()
    wait_idle(page)

    with page.expect_download() as info:
        page.get_by_role("button", name="Word (.docx)").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-2025-06.docx"
    document = docx.Document(io.BytesIO(download_bytes(download)))
    text = " ".join(" ".join(p.text for p in document.paragraphs).split())  # lines broken anywhere
    assert EDITED in text
    assert "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng 6 và 6 tháng đầu năm 2025" in text
    assert "Đàn trâu đạt 56 con, bằng 93,3% kế hoạch năm (60 con)" in text  # an unedited section

    with page.expect_download() as info:
        page.get_by_role("button", name="PDF").click()
    pdf = pypdf.PdfReader(io.BytesIO(download_bytes(info.value)))
    pdf_text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert " ".join(EDITED.split()) in pdf_text


def download_bytes(download) -> bytes:
    with open(download.path(), "rb") as f:
        return f.read()
