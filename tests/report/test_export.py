"""The report exports (lib/report/export.py and the modules of each format): Word, PDF, Excel and chart images, opened and read back.

The report is the demo as of June 2025, dated 5 July 2025. Figures checked by hand against the
demo month files and the targets file: the state revenue (Tổng thu ngân sách nhà nước trên địa
bàn) reaches 988 million in June and 6.211 million by June against a year's plan of 13.345, so
46,5% of the plan; 13 345 × 44% (the profile's first six months) = 5 871,8 is expected by June;
the gap is 6 211 − 13 345 = −7 134; the projection 6 211 ÷ 0,44 = 14 115,9 meets the plan, so
the status is Đúng tiến độ. The peanut target is 14,5 tấn; the rate of natural growth 7,1‰
against a ceiling of 8‰ is 100 + (8 − 7,1) ÷ 8 × 100 = 111,25% of plan.
"""
from __future__ import annotations

import io
import re
import struct
import unicodedata
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lib.analytics.datastore import DEMO_DIR, Source, open_store
from lib.core import texts
from lib.core.normalise import printable
from lib.report import charts as chart_files
from lib.report import excel, export, layout
from lib.report.model import build_report
from tests.support.helpers import STATE_REVENUE

ISSUED = date(2025, 7, 5)
PLACE_DATE = "Trương Quang Trọng, ngày 05 tháng 07 năm 2025"
REVENUE_ROW = ("1", STATE_REVENUE, "triệu đồng", "13.345", "6.211", "46,5%", "Đúng tiến độ")
REVENUE_SENTENCE = f"{STATE_REVENUE} tháng 6 đạt 988 triệu đồng; lũy kế 6 tháng đạt 6.211 triệu đồng, bằng 46,5%"
CHART_KEYS = ["tong-quan", "nong-nghiep", "ngan-sach", "van-hoa-xa-hoi", "quoc-phong-an-ninh"]
HOSTILE_NOTES = {"bean_output": "=1+1", "pig_herd": "@SUM(A1)"}
HYPERLINK = '=HYPERLINK("http://example.invalid","bấm")'


# --- fixtures: the demo report once per module, every file built once ---------------------------

@pytest.fixture(scope="module")
def demo_store():
    return open_store(source=Source(DEMO_DIR, is_demo=True))


@pytest.fixture(scope="module")
def report(demo_store):
    return build_report(demo_store, 2025, 6, issued=ISSUED)


@pytest.fixture(scope="module")
def charts(report):
    return export.chart_pngs(report)


@pytest.fixture(scope="module")
def docx_file(report, charts):
    from docx import Document

    return Document(io.BytesIO(export.docx_bytes(report, charts)))


@pytest.fixture(scope="module")
def pdf_data(report, charts) -> bytes:
    return export.pdf_bytes(report, charts)


@pytest.fixture(scope="module")
def pdf_text(pdf_data) -> str:
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf_data)).pages]
    return "\n".join(re.sub(r"\s*Trang \d+/\d+\s*$", "\n", page) for page in pages)   # without the footers


@pytest.fixture(scope="module")
def workbook(report):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(export.xlsx_bytes(report)))


def tasks_frame() -> pd.DataFrame:
    """A stand-in for the tasks table the lead adds (Vietnamese headings, a hostile cell)."""
    return pd.DataFrame({
        "Nhiệm vụ": ["Nâng cấp đường Trương Quang Trọng", HYPERLINK],
        "Khối lượng (m)": [1260, 14.5],
        "Hạn hoàn thành": [date(2025, 9, 30), date(2025, 12, 31)],
        "Đã xong": [False, True],
    })


@pytest.fixture(scope="module")
def extra_report(report):
    """The demo report with hostile notes, the tasks and ranking tables, and marked real data."""
    monthly = report.monthly.copy()
    for code, note in HOSTILE_NOTES.items():
        monthly.loc[(monthly["code"] == code) & (monthly["month"] == 6), "note"] = note
    ranking = pd.DataFrame({"Hạng": [1, 2], "Đơn vị": ["Tổ dân phố 1", "Tổ dân phố 2"], "Điểm": [95.5, 90.0]})
    ranking.attrs["title"] = "Thi đua: tổ/khối [quý 2]"   # characters a sheet name may not have
    return replace(report, monthly=monthly, tasks=tasks_frame(), ranking=ranking, is_demo=False)


def squash(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines and spaces words its own way."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


# --- shared pieces --------------------------------------------------------------------------------

def test_file_names_and_chart_keys_are_ascii(report):
    assert export.filename(report, "docx") == "bao-cao-2025-06.docx"
    assert export.filename(report, "pdf") == "bao-cao-2025-06.pdf"
    assert export.filename(report, "zip") == "bieu-do-2025-06.zip"
    assert layout.slug("Văn hóa – Xã hội") == "van-hoa-xa-hoi"
    assert layout.slug("Quốc phòng – An ninh") == "quoc-phong-an-ninh"
    assert layout.slug("Đường Trương Quang Trọng") == "duong-truong-quang-trong"
    assert chart_files.chart_keys(report) == CHART_KEYS


def test_indicator_rows_grouped_and_written_the_vietnamese_way(report):
    rows = layout.indicator_rows(report)
    sectors = [r.cells for r in rows if r.kind == "sector"]
    assert sectors == [("I", "Nông nghiệp"), ("II", "Ngân sách"), ("III", "Văn hóa – Xã hội"),
                       ("IV", "Quốc phòng – An ninh")]
    indicators = {r.cells[1]: r for r in rows if r.kind == "indicator"}
    assert len(indicators) == 34
    assert indicators[STATE_REVENUE].cells == REVENUE_ROW          # numbering restarts in each sector
    assert indicators["Sản lượng lạc"].cells[3:6] == ("14,5", "11,6", "80,0%")
    assert indicators["Tổng sản lượng lương thực"].cells[3:5] == ("1.260", "719")
    assert indicators["Tỷ lệ tăng dân số tự nhiên"].cells[2:7] == ("‰", "không quá 8,0", "7,1", "111,3%", "Đạt")
    # issue 9: the poverty rate is judged at year-end (assessed 12): not due in June (was Nguy cơ không đạt)
    assert indicators["Tỷ lệ hộ nghèo"].cells[3:7] == ("không quá 0,17", "0,34", "0,0%", "Chưa đến kỳ đánh giá")
    assert indicators["Phường vững mạnh về quốc phòng"].cells[2:6] == ("", "Đạt", "Đạt", "100,0%")
    groups = [r.cells[1] for r in rows if r.kind == "group"]
    assert groups[:3] == ["Trồng trọt", "Chăn nuôi", "Thu ngân sách"]
    # every row's index: the group row comes right before its first indicator
    names = [r.cells[1] for r in rows]
    assert names.index("Chăn nuôi") + 1 == names.index("Đàn trâu")


def test_indicator_rows_without_data(demo_store, build_store, ind):
    january = build_report(demo_store, 2025, 1, issued=ISSUED)
    row = next(r for r in layout.indicator_rows(january) if r.cells[1] == "Tỷ lệ học sinh xét tốt nghiệp")
    # issue 9: graduation is judged in June (assessed 6): in January, not due (was Chưa có số liệu)
    assert row.cells[4:] == ("—", "—", "Chưa đến kỳ đánh giá")
    assert row.status == "not_due"
    store = build_store([ind("x", name_vi="Chỉ tiêu x"), ind("y", name_vi="Chỉ tiêu y")], {1: {"x": 10}})
    row = next(r for r in layout.indicator_rows(build_report(store, 2025, 1, issued=ISSUED))
               if r.cells[1] == "Chỉ tiêu y")
    assert row.cells[4:] == ("—", "—", "Chưa có số liệu")
    assert row.status == "no_data"


def test_generic_cells_and_balanced_lines():
    assert layout.cell_text(1260) == "1.260"
    assert layout.cell_text(14.5) == "14,5"
    assert layout.cell_text(float("nan")) == ""
    assert layout.cell_text(None) == ""
    assert layout.cell_text(date(2025, 7, 5)) == "05/07/2025"
    assert layout.cell_text(True) == "Có"
    assert layout.cell_text("Tổ dân phố 1") == "Tổ dân phố 1"
    subtitle = "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng 6 và 6 tháng đầu năm 2025"
    lines = layout.balanced(subtitle, 64).split("\n")
    assert len(lines) == 2 and " ".join(lines) == subtitle
    assert abs(len(lines[0]) - len(lines[1])) < 12                  # no lone "2025" on the last line
    assert layout.balanced("BÁO CÁO", 64) == "BÁO CÁO"


def test_status_words_printed_dark_enough():
    for status in texts.STATUS_COLORS:
        ink = layout.status_ink(status)
        assert layout.luminance(ink) <= layout.TEXT_MAX_LUMINANCE
    assert layout.status_ink("at_risk") == texts.STATUS_COLORS["at_risk"]   # dark already: unchanged
    assert layout.status_ink("behind") != texts.STATUS_COLORS["behind"]     # the yellow is darkened
    r, g, b = layout.hex_rgb(layout.status_ink("behind"))
    assert r > g > b                                                        # … and stays yellow-brown


@pytest.mark.parametrize(("unit", "integer", "decimals", "value", "expected"), [
    ("tấn", False, 0, 1260, "#,##0"),
    ("tấn", False, 0, 687.5, "#,##0.0"),        # as lib.core.fmt writes it: 687,5 tấn
    ("tấn", False, 1, 14.5, "#,##0.0"),
    ("tấn", False, 1, 14.0, "#,##0"),
    ("triệu đồng", False, 0, 6211, "#,##0"),
    ("triệu đồng", False, 0, 5871.8, "#,##0"),  # amounts of money have no decimals
    ("con", True, 0, 478, "#,##0"),
    ("%", False, 0, 92.3, '0.0"%"'),
    ("%", False, 2, 0.17, '0.00"%"'),
    ("‰", False, 0, 7.1, '0.0"‰"'),
    ("đạt", True, 0, 1, '[=1]"Đạt";[=0]"Chưa đạt";General'),
])
def test_excel_number_formats_follow_lib_fmt(unit, integer, decimals, value, expected):
    assert excel.number_format(unit, integer, decimals, value) == expected


# --- charts -------------------------------------------------------------------------------------

def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_chart_pngs_one_per_sector_and_the_overview(charts, report):
    assert list(charts) == CHART_KEYS
    for data in charts.values():
        assert png_size(data) == (1600, 900)
        assert 20_000 < len(data) < 1_000_000
    redrawn = chart_files.figure_png(chart_files.sector_figure(report, "budget"))        # drawn again, not from the cache
    assert redrawn == charts["ngan-sach"]                                # deterministic bytes
    assert b"Software" not in charts["tong-quan"][:200]


def test_charts_drawn_once_per_content(report, charts, demo_store, monkeypatch):
    edited = report.with_sections({"budget": "Một đoạn đã sửa."})      # the text is not in the charts
    monkeypatch.setattr(chart_files, "figure_png", lambda fig: pytest.fail("drawn again"))
    assert export.chart_pngs(edited) == charts
    monkeypatch.undo()
    january = build_report(demo_store, 2025, 1, issued=ISSUED)
    assert export.chart_pngs(january)["ngan-sach"] != charts["ngan-sach"]
    assert export.chart_pngs(replace(report, is_demo=False))["tong-quan"] != charts["tong-quan"]   # no demo note


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


def test_chart_labels_and_fonts(report):
    from matplotlib.text import Text

    fig = chart_files.sector_figure(report, "agriculture")
    words = _texts(fig)
    assert "Nông nghiệp: % kế hoạch năm đã đạt (tính đến tháng 6/2025)" in words
    assert {"57,1%", "80,0%", "37,5%", "93,3%"} <= set(words)
    assert {"Đúng tiến độ", "Chậm tiến độ", "Nguy cơ không đạt", "100% kế hoạch", "Mức cần đạt đến nay"} <= set(words)
    assert "Đạt" not in words                                   # the legend shows only the statuses present
    assert texts.REPORT_DEMO_NOTE in words
    assert {"0%", "50%", "100%", "150%"} <= set(words)
    for text in fig.findobj(Text):
        if text.get_text():                                     # every word in a lib/report/fonts/ file, never a system font
            assert Path(text.get_fontproperties().get_file()).parent == layout.FONT_DIR, text.get_text()

    security = _texts(chart_files.sector_figure(report, "security"))
    assert security.count("Đạt") >= 3                           # two yes/no goals + the legend
    assert "100,0%" in security
    society = _texts(chart_files.sector_figure(report, "society"))
    assert "Tỷ lệ tăng dân số tự nhiên *" in society and "111,3%" in society
    assert any(t.startswith("% kế hoạch năm") and "trần" in t for t in society)

    overview = _texts(chart_files.overview_figure(report))
    assert "Tình trạng các chỉ tiêu theo lĩnh vực (tính đến tháng 6/2025)" in overview
    assert {"18 chỉ tiêu", "10 chỉ tiêu", "3 chỉ tiêu", "7"} <= set(overview)   # society: 7 behind


def test_chart_shows_indicators_without_data(demo_store, build_store, ind):
    january = build_report(demo_store, 2025, 1, issued=ISSUED)
    # issue 9: the graduation rate (no figure before June) is not due in January (was Chưa có số liệu)
    words = _texts(chart_files.sector_figure(january, "society"))
    assert words.count("Chưa đến kỳ đánh giá") >= 2      # the bar's label and the legend
    store = build_store([ind("x", name_vi="Chỉ tiêu x"), ind("y", name_vi="Chỉ tiêu y")], {1: {"x": 10}})
    assert "Chưa có số liệu" in _texts(chart_files.sector_figure(build_report(store, 2025, 1, issued=ISSUED),
                                                             "agriculture"))


def test_zip_of_pngs(report, charts):
    data = export.zip_of_pngs(report, charts)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names == [f"{i:02d}-{key}.png" for i, key in enumerate(CHART_KEYS, start=1)]
        assert all(name.isascii() for name in names)
        assert archive.read("03-ngan-sach.png") == charts["ngan-sach"]
    assert export.zip_of_pngs(report, charts) == data           # fixed timestamps: same bytes


# --- Word -----------------------------------------------------------------------------------------

def paragraphs_of(container) -> list[str]:
    return [p.text for p in container.paragraphs if p.text.strip()]


def test_docx_page_and_fonts(docx_file):
    from docx.oxml.ns import qn

    section = docx_file.sections[0]
    sizes = [round(length.mm, 1) for length in (section.page_width, section.page_height, section.top_margin,
                                                 section.bottom_margin, section.left_margin, section.right_margin)]
    assert sizes == [210, 297, 20, 20, 30, 15]                   # A4; Nghị định 30's margins
    defaults = docx_file.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        assert fonts.get(qn(f"w:{script}")) == "Times New Roman"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    normal = docx_file.styles["Normal"]
    assert normal.font.size.pt == 14
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert docx_file.core_properties.author == texts.EXPORT_AUTHOR


def test_docx_heading_block(docx_file):
    heading = docx_file.tables[0]
    left, right = heading.rows[0].cells
    assert paragraphs_of(left) == ["ỦY BAN NHÂN DÂN", "PHƯỜNG TRƯƠNG QUANG TRỌNG", "Số:        /BC-UBND"]
    assert paragraphs_of(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc", PLACE_DATE]
    runs = {p.text: p.runs[0] for cell in (left, right) for p in cell.paragraphs if p.runs}
    assert runs["PHƯỜNG TRƯƠNG QUANG TRỌNG"].bold and runs["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"].bold
    assert runs["Độc lập – Tự do – Hạnh phúc"].bold and not runs[PLACE_DATE].bold
    assert runs[PLACE_DATE].italic
    # the short rules: a bordered empty paragraph under the ward's name and under the motto
    for cell in (left, right):
        rules = [p for p in cell.paragraphs if p._p.pPr is not None and p._p.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None]
        assert len(rules) == 1 and rules[0].text == ""
    # borderless, reaching into the left margin so that each line fits on one line
    xml = heading._tbl.xml
    assert 'w:val="nil"' in xml and "w:tblInd" in xml


def test_docx_title_sections_and_order(docx_file, report):
    body = [p.text for p in docx_file.paragraphs]
    assert "BÁO CÁO" in body
    title = docx_file.paragraphs[body.index("BÁO CÁO")]
    assert title.runs[0].bold and title.alignment == 1           # centred
    subtitle = docx_file.paragraphs[body.index("BÁO CÁO") + 1]
    assert subtitle.text.replace("\n", " ") == report.subtitle
    assert texts.REPORT_DEMO_NOTE in body
    for section in report.sections:                              # every narrative paragraph, verbatim
        if section.title:
            assert section.title in body
        for paragraph in section.paragraphs:
            assert paragraph in body
    assert any(REVENUE_SENTENCE in text for text in body)
    first = docx_file.paragraphs[body.index(report.sections[1].paragraphs[0])]
    assert first.alignment == 3                                  # justified
    assert round(first.paragraph_format.first_line_indent.mm, 1) == layout.FIRST_LINE_INDENT_MM
    # the order of the document: heading, title, sections, table, charts, signature
    xml = docx_file.element.body.xml
    order = [xml.index(t) for t in ("CỘNG HÒA XÃ HỘI", "BÁO CÁO", "I. Đánh giá chung",
                                    "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", "BIỂU ĐỒ", "Nơi nhận:")]
    assert order == sorted(order)


def test_docx_indicator_table(docx_file):
    table = docx_file.tables[1]
    rows = [tuple(c.text for c in row.cells) for row in table.rows]
    assert rows[0] == ("STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm", "Thực hiện lũy kế", "% kế hoạch", "Tình trạng")
    assert REVENUE_ROW in rows
    assert ("II", "Ngân sách", "Ngân sách", "Ngân sách", "Ngân sách", "Ngân sách", "Ngân sách") in rows  # merged
    assert len([r for r in rows if r[0].isdigit()]) == 34
    header_xml = table.rows[0]._tr.xml
    assert "w:tblHeader" in header_xml                           # repeated on every page
    revenue = next(row for row in table.rows if row.cells[1].text == STATE_REVENUE)
    assert revenue.cells[3].paragraphs[0].alignment == 2         # numbers right-aligned
    status_run = revenue.cells[6].paragraphs[0].runs[0]
    assert str(status_run.font.color.rgb) == layout.status_ink("on_track").lstrip("#").upper()


def test_docx_images_and_signature(docx_file, report):
    from docx.shared import Mm

    shapes = docx_file.inline_shapes
    assert len(shapes) == 5                                      # the overview and four sectors
    assert all(abs(s.width - Mm(165)) < Mm(0.5) for s in shapes)
    signature = docx_file.tables[-1]
    left, right = signature.rows[0].cells
    assert paragraphs_of(left) == ["Nơi nhận:", *[f"- {r}" for r in report.recipients]]
    assert left.paragraphs[0].runs[0].bold and left.paragraphs[0].runs[0].italic
    assert paragraphs_of(right) == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


# Children of these elements must come in the schema's order, or Word "repairs" the file.
_ORDER = {
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"],
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
            "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr"],
}


def test_docx_xml_in_schema_order(docx_file):
    from lxml import etree

    checked = 0
    for name, order in _ORDER.items():
        for element in docx_file.element.body.iter(f"{{*}}{name}"):
            children = [etree.QName(c).localname for c in element]
            assert len(children) == len(set(children)), (name, children)      # no element twice
            assert [order.index(c) for c in children] == sorted(order.index(c) for c in children), (name, children)
            checked += 1
    assert checked > 100


def test_docx_extra_tables(extra_report):
    from docx import Document

    doc = Document(io.BytesIO(export.docx_bytes(extra_report, charts={})))
    body = [p.text for p in doc.paragraphs]
    assert texts.REPORT_DEMO_NOTE not in body
    assert "NHIỆM VỤ – CÔNG TRÌNH" in body and "Thi đua: tổ/khối [quý 2]" in body
    tasks = next(t for t in doc.tables if t.rows[0].cells[0].text == "Nhiệm vụ")
    rows = [tuple(c.text for c in row.cells) for row in tasks.rows]
    assert rows[0] == ("Nhiệm vụ", "Khối lượng (m)", "Hạn hoàn thành", "Đã xong")
    assert rows[1] == ("Nâng cấp đường Trương Quang Trọng", "1.260", "30/09/2025", "Không")
    assert rows[2] == (HYPERLINK, "14,5", "31/12/2025", "Có")                 # Word shows text as text
    assert len(doc.inline_shapes) == 0


# --- PDF ------------------------------------------------------------------------------------------

def test_pdf_text_has_every_diacritic(pdf_text, report):
    text = squash(pdf_text)
    for expected in ("ỦY BAN NHÂN DÂN", "PHƯỜNG TRƯƠNG QUANG TRỌNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập – Tự do – Hạnh phúc", PLACE_DATE, "BÁO CÁO", report.subtitle, texts.REPORT_DEMO_NOTE,
                     REVENUE_SENTENCE, "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ – XÃ HỘI NĂM 2025",
                     "".join(REVENUE_ROW), "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "BIỂU ĐỒ"):
        assert squash(expected) in text, expected
    for section in report.sections:
        for paragraph in section.paragraphs:
            assert squash(paragraph) in text
    assert unicodedata.is_normalized("NFC", pdf_text)


def test_pdf_pages_fonts_and_images(pdf_data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_data))
    pages = len(reader.pages)
    assert 5 <= pages <= 12
    assert "Trang 1/" in reader.pages[0].extract_text()
    assert f"Trang {pages}/{pages}" in reader.pages[-1].extract_text()
    from fontTools.ttLib import TTFont

    fonts, images = set(), 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in (resources.get("/Font") or {}).values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            embedded = TTFont(io.BytesIO(descriptor["/FontFile2"].get_object().get_data()))   # embedded, not referenced
            fonts.add(embedded["name"].getDebugName(4))          # the full name inside the font file itself
        for xobject in (resources.get("/XObject") or {}).values():
            images += xobject.get_object()["/Subtype"] == "/Image"
    assert fonts == {"Noto Serif Regular", "Noto Serif Bold", "Noto Serif Italic"}
    assert images == 5
    assert reader.metadata.author == texts.EXPORT_AUTHOR


def _char_boxes(textpage, text: str) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in points of each character of the first occurrence of ``text``."""
    found = textpage.search(text, match_case=True).get_next()
    assert found, text
    start, count = found
    return [textpage.get_charbox(i) for i in range(start, start + count)]


def _char_box(textpage, text: str):
    """The box around the first occurrence of ``text`` on the page."""
    boxes = _char_boxes(textpage, text)
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def test_pdf_first_page_layout(pdf_data, shots):
    """Page 1 as a reader sees it (saved to the screenshots folder): the heading block's lines
    each on one line, its columns centred, the number and the date on one baseline."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_data)
    page = document[0]
    image = page.render(scale=2).to_pil()
    image.save(shots / "export-pdf-page1.png")
    width_pt, _ = page.get_size()
    assert image.size == (round(width_pt * 2), round(page.get_size()[1] * 2))
    textpage = page.get_textpage()
    mm = 72 / 25.4
    authority = _char_box(textpage, "ỦY BAN NHÂN DÂN")
    ward = _char_box(textpage, "PHƯỜNG TRƯƠNG QUANG TRỌNG")          # found whole: one line
    number = _char_box(textpage, "Số:")
    nation = _char_box(textpage, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = _char_box(textpage, "Độc lập – Tự do – Hạnh phúc")
    place_date = _char_box(textpage, PLACE_DATE)                     # one line
    left_centre = (layout.MARGIN_LEFT_MM - layout.HEAD_OUTDENT_MM + layout.HEAD_LEFT_MM / 2) * mm
    right_centre = (layout.MARGIN_LEFT_MM - layout.HEAD_OUTDENT_MM + layout.HEAD_LEFT_MM
                    + layout.HEAD_RIGHT_MM / 2) * mm
    for box, centre in ((authority, left_centre), (ward, left_centre), (nation, right_centre),
                        (motto, right_centre), (place_date, right_centre)):
        assert abs((box[0] + box[2]) / 2 - centre) < 1.5 * mm
    baseline_number = _char_boxes(textpage, "Số:")[0][1]           # bottom of "S" and of "T": the baselines
    baseline_date = _char_boxes(textpage, PLACE_DATE)[0][1]
    assert abs(baseline_number - baseline_date) < 0.5               # the same line (within 0,5 pt)
    assert abs(authority[1] - nation[1]) < 2.5 and abs(ward[1] - motto[1]) < 2.5
    assert ward[2] < nation[0]                                       # the columns do not overlap
    assert place_date[2] <= (layout.PAGE_W_MM - layout.MARGIN_RIGHT_MM) * mm + 1
    title = _char_box(textpage, "BÁO CÁO")
    assert abs((title[0] + title[2]) / 2 - (layout.MARGIN_LEFT_MM + layout.TEXT_W_MM / 2) * mm) < 1.5 * mm
    assert title[3] < number[1]                                      # the title comes below the heading block


def test_pdf_extra_tables(extra_report):
    from pypdf import PdfReader

    data = export.pdf_bytes(extra_report, charts={})
    text = squash("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
    assert squash("NHIỆM VỤ – CÔNG TRÌNH") in text
    assert squash("Nâng cấp đường Trương Quang Trọng 1.260 30/09/2025 Không") in text
    assert squash("Tổ dân phố 1 95,5") in text
    assert squash(texts.REPORT_DEMO_NOTE) not in text


# --- Excel ----------------------------------------------------------------------------------------

def header_row(ws, first: str) -> int:
    return next(row[0].row for row in ws.iter_rows(max_col=1) if row[0].value == first)


def row_of(ws, column: int, value) -> list:
    return next(list(row) for row in ws.iter_rows() if row[column - 1].value == value)


def test_xlsx_gap_sheet(workbook):
    assert workbook.sheetnames == ["Chênh lệch", "Số liệu tháng", "Nhiệm vụ – công trình", "Kết quả thi đua"]
    ws = workbook["Chênh lệch"]
    assert ws["A1"].value == "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội năm 2025 – phường Trương Quang Trọng"
    assert ws["A2"].value == "Tính đến tháng 6/2025"
    assert texts.REPORT_DEMO_NOTE in [ws.cell(row=r, column=1).value for r in range(2, 6)]
    head = header_row(ws, "STT")
    headings = [c.value for c in ws[head]]
    assert headings[:12] == ["STT", "Lĩnh vực", "Chỉ tiêu", "ĐVT", "Loại kế hoạch", "Kế hoạch năm",
                             "Thực hiện lũy kế", "Cần đạt đến nay", "Dự báo cả năm", "% kế hoạch",
                             "Chênh lệch", "Tình trạng"]
    assert ws.freeze_panes == f"D{head + 1}"
    assert ws.auto_filter.ref == f"A{head}:P{head + 34}"
    revenue = {h: c for h, c in zip(headings, row_of(ws, 3, STATE_REVENUE))}
    assert revenue["Kế hoạch năm"].value == 13345 and revenue["Kế hoạch năm"].number_format == "#,##0"
    assert revenue["Thực hiện lũy kế"].value == 6211
    assert revenue["Cần đạt đến nay"].value == pytest.approx(5871.8)
    assert revenue["Dự báo cả năm"].value == pytest.approx(6211 / 0.44)
    assert revenue["% kế hoạch"].value == pytest.approx(6211 / 13345 * 100)
    assert revenue["% kế hoạch"].number_format == '0.0"%"'
    assert revenue["Chênh lệch"].value == -7134
    assert revenue["Chênh lệch"].number_format == "+#,##0;-#,##0;#,##0"
    assert revenue["Tình trạng"].value == "Đúng tiến độ"
    assert revenue["Mã chỉ tiêu"].value == "state_revenue"
    assert revenue["Tháng báo cáo gần nhất"].value == "Tháng 6/2025"
    for cell in ("Kế hoạch năm", "Thực hiện lũy kế", "% kế hoạch", "Chênh lệch"):
        assert revenue[cell].data_type == "n"
    peanut = {h: c for h, c in zip(headings, row_of(ws, 3, "Sản lượng lạc"))}
    assert (peanut["Kế hoạch năm"].value, peanut["Kế hoạch năm"].number_format) == (14.5, "#,##0.0")
    growth = {h: c for h, c in zip(headings, row_of(ws, 3, "Tỷ lệ tăng dân số tự nhiên"))}
    assert (growth["Thực hiện lũy kế"].value, growth["Thực hiện lũy kế"].number_format) == (7.1, '0.0"‰"')
    assert growth["Loại kế hoạch"].value == "Không vượt quá (trần)"
    assert growth["Chênh lệch"].value == pytest.approx(0.9)
    goal = {h: c for h, c in zip(headings, row_of(ws, 3, "Phường vững mạnh về quốc phòng"))}
    assert goal["Thực hiện lũy kế"].value == 1
    assert goal["Thực hiện lũy kế"].number_format.startswith('[=1]"Đạt"')
    assert goal["Cần đạt đến nay"].value is None                   # a level has no pace: left empty


def test_xlsx_monthly_sheet(workbook):
    ws = workbook["Số liệu tháng"]
    assert ws["A1"].value == "Số liệu báo cáo từng tháng năm 2025, tháng 1 đến tháng 6 – phường Trương Quang Trọng"
    head = header_row(ws, "STT")
    headings = [c.value for c in ws[head]]
    assert headings == ["STT", "Lĩnh vực", "Chỉ tiêu", "ĐVT", *[f"Tháng {m}" for m in range(1, 7)], "Ghi chú",
                        "Mã chỉ tiêu"]
    assert ws.freeze_panes == f"E{head + 1}"
    assert ws.auto_filter.ref == f"A{head}:L{head + 34}"
    revenue = {h: c for h, c in zip(headings, row_of(ws, 3, STATE_REVENUE))}
    assert revenue["Tháng 6"].value == 988 and revenue["Tháng 6"].data_type == "n"
    buffalo = {h: c for h, c in zip(headings, row_of(ws, 3, "Đàn trâu"))}
    assert [buffalo[f"Tháng {m}"].value for m in range(1, 7)] == [58, 58, 57, 57, 57, 56]
    assert buffalo["Ghi chú"].value == "Tháng 6: Hộ chăn nuôi bán trâu do thiếu bãi chăn thả."
    food = {h: c for h, c in zip(headings, row_of(ws, 3, "Tổng sản lượng lương thực"))}   # computed from its parts
    assert [food[f"Tháng {m}"].value for m in range(1, 7)] == [0, 0, 24, 280, 415, 0]
    graduation = {h: c for h, c in zip(headings, row_of(ws, 3, "Tỷ lệ học sinh xét tốt nghiệp"))}
    assert [graduation[f"Tháng {m}"].value for m in range(1, 6)] == [None] * 5     # not reported: empty
    assert graduation["Tháng 6"].value == pytest.approx(99.4)
    assert graduation["Tháng 6"].number_format == '0.0"%"'


def test_xlsx_neutralises_formulas_and_adds_extra_sheets(extra_report):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export.xlsx_bytes(extra_report)))
    assert wb.sheetnames == ["Chênh lệch", "Số liệu tháng", "Nhiệm vụ – công trình", "Thi đua  tổ khối  quý 2"]
    monthly = wb["Số liệu tháng"]
    headings = [c.value for c in monthly[header_row(monthly, "STT")]]
    for name, note in (("Sản lượng đậu các loại", "=1+1"), ("Đàn heo", "@SUM(A1)")):
        cell = dict(zip(headings, row_of(monthly, 3, name)))["Ghi chú"]
        assert cell.data_type == "s" and cell.value == f"Tháng 6: {note}"
    tasks = wb["Nhiệm vụ – công trình"]
    head = header_row(tasks, "Nhiệm vụ")
    assert [c.value for c in tasks[head]] == ["Nhiệm vụ", "Khối lượng (m)", "Hạn hoàn thành", "Đã xong"]
    hostile = tasks.cell(row=head + 2, column=1)
    assert hostile.data_type == "s" and hostile.value == "'" + HYPERLINK       # text, never a formula
    amount = tasks.cell(row=head + 1, column=2)
    assert (amount.value, amount.number_format) == (1260, "#,##0")
    assert tasks.cell(row=head + 2, column=2).number_format == "#,##0.0#"
    assert tasks.cell(row=head + 1, column=3).number_format == "dd/mm/yyyy"
    assert tasks.cell(row=head + 1, column=3).value.date() == date(2025, 9, 30)
    assert wb["Chênh lệch"].cell(row=3, column=1).value != texts.REPORT_DEMO_NOTE
    for ws in wb.worksheets:                                     # no formula anywhere in the workbook
        assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_every_export_builds_by_name(report, monkeypatch):
    monkeypatch.setattr(export, "chart_pngs", lambda rep: {"tong-quan": b"\x89PNG-stub"})
    monkeypatch.setattr(export, "docx_bytes", lambda rep: b"docx")
    monkeypatch.setattr(export, "pdf_bytes", lambda rep: b"pdf")
    assert export.build(report, "docx") == b"docx"
    assert export.build(report, "pdf") == b"pdf"
    assert export.build(report, "xlsx")[:2] == b"PK"
    with zipfile.ZipFile(io.BytesIO(export.build(report, "png"))) as archive:
        assert archive.namelist() == ["01-tong-quan.png"]
    with pytest.raises(ValueError):
        export.build(report, "odt")


def test_pasted_control_characters_never_break_a_file(report):
    """A leader's edit pasted from elsewhere may hold control characters (Word's manual line break
    \\v, a NUL, a bell); the files still build, line breaks kept as line breaks, the rest dropped."""
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    pasted = replace(report.with_sections({"budget": "Thu ngân sách\x0bđạt khá\x00.\x07\r\nChi còn chậm."}),
                     monthly=report.monthly.assign(note=report.monthly["note"].where(
                         report.monthly["code"] != "pig_herd", "Dịch\x1f tả")))
    assert printable("a\x0bb\x00c\r\nd\re") == "a\nbc\nd\ne"
    doc = Document(io.BytesIO(export.docx_bytes(pasted, charts={})))
    assert "Thu ngân sách\nđạt khá.\nChi còn chậm." in [p.text for p in doc.paragraphs]
    pdf = PdfReader(io.BytesIO(export.pdf_bytes(pasted, charts={})))
    assert squash("Thu ngân sách đạt khá. Chi còn chậm.") in squash("".join(p.extract_text() for p in pdf.pages))
    ws = load_workbook(io.BytesIO(export.xlsx_bytes(pasted)))["Số liệu tháng"]
    assert any(str(c.value).startswith("Tháng 1: Dịch tả") for row in ws.iter_rows() for c in row)


def test_scores_keep_one_decimal_in_every_format(report, docx_file, workbook):
    """The ranking asks for one decimal (attrs["decimals"]): 85,0 beside 85,7, in Word and Excel."""
    assert report.ranking.attrs["decimals"] == {"Tổng điểm": 1, "Điểm tối đa": 1, "% điểm tối đa": 1}
    ranking = next(t for t in docx_file.tables if t.rows[0].cells[0].text == "Hạng")
    totals = [row.cells[3].text for row in ranking.rows[1:]]
    assert totals and all(re.fullmatch(r"\d+,\d", t) for t in totals), totals
    share = [c.text for c in ranking.rows[0].cells].index("% điểm tối đa")
    shares = [row.cells[share].text for row in ranking.rows[1:] if row.cells[share].text]
    assert shares and all(re.fullmatch(r"\d+,\d", t) for t in shares), shares  # 100,0 beside 61,6
    sheet = workbook["Kết quả thi đua"]
    header = next(r for r in range(1, 10) if sheet.cell(row=r, column=1).value == "Hạng")
    first = sheet.cell(row=header + 1, column=4)
    assert first.number_format == "#,##0.0"  # 83 is shown 83,0 (issue 9: June's leader has 83 points)
    fraction = next(sheet.cell(row=r, column=4) for r in range(header + 1, sheet.max_row + 1)
                    if isinstance(sheet.cell(row=r, column=4).value, float))
    assert isinstance(fraction.value, float) and fraction.number_format == "#,##0.0"


# --- issue 9: not due, results, no pace mark -------------------------------------------------

def test_no_pace_mark_for_not_due_or_a_result():
    row = {"direction": "at_least", "target": 100.0, "expected_to_date": 50.0}
    assert chart_files.pace_mark({**row, "status": "behind"}) == pytest.approx(50.0)
    assert chart_files.pace_mark({**row, "status": "not_due"}) is None
    assert chart_files.pace_mark({**row, "status": "not_achieved"}) is None


def test_june_charts_name_not_due_and_december_results(demo_store, report):
    # June: the pupils (counted in September) and the year-end poverty figures are not due
    society = _texts(chart_files.sector_figure(report, "society"))
    assert texts.STATUS_LABELS["not_due"] in society
    overview = _texts(chart_files.overview_figure(report))
    assert texts.STATUS_LABELS["not_due"] in overview
    assert texts.STATUS_LABELS["not_achieved"] not in overview   # none in June: not in the legend
    dec = build_report(demo_store, 2025, 12, issued=date(2026, 1, 5))
    rows = [r for r in layout.indicator_rows(dec) if r.kind == "indicator"]
    assert {r.status for r in rows} == {"achieved", "not_achieved"}
    assert {r.cells[-1] for r in rows} == {"Đạt", "Chưa đạt kế hoạch năm"}
    # a ceiling above it is 0 % of plan, never negative
    assert all(not r.cells[5].startswith("-") for r in rows)
