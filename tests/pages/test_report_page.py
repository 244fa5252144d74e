"""The Báo cáo page (AppTest): the draft shows the demo's figures, edits stick and reach the
export, the month selector redrafts, and the downloads are offered without being built."""
from __future__ import annotations

from datetime import date

import pytest

from lib.analytics.datastore import DEMO_DIR, Source, open_store
from lib.core import texts
from lib.report.model import build_report
from tests.support.helpers import MODES, assert_clean, open_app, selectbox

pytestmark = pytest.mark.usefixtures("demo_env")


def _area(at, title):
    return next(t for t in at.text_area if t.label == title)


@pytest.mark.parametrize("mode", MODES)
def test_draft_shows_figures(mode):
    at = open_app("report", mode, query={"thang": "2025-06"})
    assert_clean(at)
    assert [t.value for t in at.title] == [texts.PAGE_REPORT]
    budget = _area(at, "III. Ngân sách").value
    assert "lũy kế 6 tháng đạt 6.211 triệu đồng, bằng 46,5% dự toán năm, tăng 11,6% so với cùng kỳ" in budget
    # every section of the draft has its text area, in order
    expected = build_report(open_store(source=Source(DEMO_DIR, is_demo=True)), 2025, 6, issued=date.today())
    assert [t.value for t in at.text_area] == ["\n\n".join(s.paragraphs) for s in expected.sections]
    # four downloads, with the month in their file names, nothing built yet
    labels = [b.label for b in at.main.get("download_button")]
    assert labels == [texts.REPORT_DOCX, texts.REPORT_PDF, texts.REPORT_XLSX, texts.REPORT_PNG]


def test_edit_is_kept_and_marked():
    at = open_app("report", query={"thang": "2025-06"})
    area = _area(at, "III. Ngân sách")
    area.input("Thu ngân sách đạt khá.\n\nChi ngân sách còn chậm.").run()
    assert_clean(at)
    assert _area(at, "III. Ngân sách").value == "Thu ngân sách đạt khá.\n\nChi ngân sách còn chậm."
    assert any(texts.REPORT_EDITED in c.value for c in at.caption)
    # the other sections are untouched
    assert "Đàn trâu đạt 56 con" in _area(at, "II. Nông nghiệp").value
    # starting over brings the draft back
    next(b for b in at.button if b.label == texts.REPORT_RESET).click().run()
    assert "6.211 triệu đồng" in _area(at, "III. Ngân sách").value


def test_month_change_redrafts():
    at = open_app("report", query={"thang": "2025-06"})
    selectbox(at.sidebar, texts.AS_OF_LABEL).select("2025-03").run()
    assert_clean(at)
    overview = _area(at, "I. Đánh giá chung").value
    assert overview.startswith("Tính đến hết tháng 3/2025")
    assert at.query_params["thang"] == "2025-03"
