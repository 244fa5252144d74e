"""The monthly report as a Word document (.docx, python-docx).

It follows Nghị định 30/2020/NĐ-CP for administrative documents: A4, margins 20/20/30/15 mm,
Times New Roman 14 pt (set for the Latin, East-Asian and complex scripts, so Word never
substitutes a font without Vietnamese glyphs), the two-column heading block with its short
rules, justified paragraphs with a first-line indent, the "Nơi nhận" list beside the signer.
Every property element is put where the schema wants it, so Word opens the file without repair.
``lib.report.export.docx_bytes`` is the entry (it draws the charts when none are given).
"""
from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import pandas as pd

from lib.core import texts
from lib.core.normalise import printable
from lib.report.layout import (
    AUTHORITY_RULE_MM,
    FIRST_LINE_INDENT_MM,
    HEAD_LEFT_MM,
    HEAD_OUTDENT_MM,
    HEAD_RIGHT_MM,
    HEADER_FILL,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    PAGE_H_MM,
    PAGE_W_MM,
    SECTOR_FILL,
    SIGN_LEFT_MM,
    SIGN_RIGHT_MM,
    SIGNATURE_SPACE_LINES,
    SUBTITLE_LINE_CHARS,
    TABLE_ALIGN,
    TABLE_COL_MM,
    TEXT_W_MM,
    TITLE_RULE_MM,
    as_of,
    balanced,
    cell_text,
    column_decimals,
    column_widths,
    extra_tables,
    hex_rgb,
    indicator_header,
    indicator_rows,
    is_number,
    status_ink,
    text_mm,
)

if TYPE_CHECKING:  # lib.report.model imports the narrative; the exporters only read a Report's fields
    from lib.report.model import Report

# Points, except where named _MM.
DOCX_FONT = "Times New Roman"
DOCX_LANG = "vi-VN"
DOCX_BODY_PT = 14
DOCX_HEAD_PT = {"authority": 12, "number": 13, "nation": 12.5, "motto": 13, "date": 13}
DOCX_TABLE_PT = 11
DOCX_TABLE_CELL_MARGIN_MM = 1.0
DOCX_RECIPIENTS_TITLE_PT, DOCX_RECIPIENTS_PT = 12, 11
DOCX_LINE_SPACING = 1.15
DOCX_PARAGRAPH_AFTER_PT = 6
DOCX_PAD_MM = 2 * DOCX_TABLE_CELL_MARGIN_MM + 1.5   # a generic table's cell padding, left and right


def _docx_fonts(rpr, name: str = DOCX_FONT) -> None:
    """Set one font for every script of a run-properties element (w:rFonts), dropping theme fonts
    that would otherwise win over it."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), name)
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)


def _docx_defaults(doc) -> None:
    """Document-wide: Times New Roman everywhere (defaults and styles), Vietnamese language, 14 pt."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _docx_fonts(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    for attr in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attr}"), DOCX_LANG)
    for style in doc.styles:
        if style.type == 1 or style.type == 3:      # paragraph and table styles
            _docx_fonts(style.element.get_or_add_rPr())
    normal = doc.styles["Normal"]
    normal.font.size = Pt(DOCX_BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    heading = doc.styles["Heading 1"]
    heading.font.size = Pt(DOCX_BODY_PT)
    heading.font.bold = True
    heading.font.italic = False
    heading.font.color.rgb = RGBColor(0, 0, 0)
    heading.paragraph_format.space_before = Pt(6)
    heading.paragraph_format.space_after = Pt(DOCX_PARAGRAPH_AFTER_PT)
    heading.paragraph_format.keep_with_next = True


def _docx_page(doc) -> None:
    from docx.shared import Mm

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W_MM), Mm(PAGE_H_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(10)


def _docx_page_numbers(doc) -> None:
    """Page numbers at the top centre from page 2 (Nghị định 30: the first page has none)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    section = doc.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
    paragraph.style.font.size = Pt(DOCX_BODY_PT)


def _docx_paragraph(container, text: str = "", *, size: float | None = None, bold: bool = False,
                    italic: bool = False, align=None, color: str | None = None, exact_pt: float | None = None,
                    before: float = 0, after: float = 0):
    """A paragraph with one run of ``text`` formatted as given (line height exactly ``exact_pt``
    when given, so that the heading block's two columns line up)."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    paragraph = container.add_paragraph()
    fmt_ = paragraph.paragraph_format
    fmt_.space_before, fmt_.space_after = Pt(before), Pt(after)
    if exact_pt:
        fmt_.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt_.line_spacing = Pt(exact_pt)
    if align is not None:
        paragraph.alignment = align
    lines = printable(text).split("\n")
    for i, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if color:
            run.font.color.rgb = RGBColor(*hex_rgb(color))
        if i < len(lines) - 1:
            run.add_break()
    return paragraph


def _docx_rule(container, rule_mm: float, width_mm: float, before: float = 0):
    """A short horizontal rule, centred in ``width_mm``: an empty paragraph with a bottom border,
    indented so the border is ``rule_mm`` long."""
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    pf = paragraph.paragraph_format
    side = max(0.0, (width_mm - rule_mm) / 2)
    pf.left_indent, pf.right_indent = Mm(side), Mm(side)
    pf.space_before, pf.space_after = Pt(before), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(3)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attr, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{attr}"), value)
    borders.append(bottom)
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                              "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
                              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
                              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection",
                              "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                              "w:rPr", "w:sectPr", "w:pPrChange")
    return paragraph


_TBL_PR_AFTER = {   # the elements that must follow each child of w:tblPr (ECMA-376 order)
    "w:tblInd": ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                 "w:tblDescription", "w:tblPrChange"),
    "w:tblBorders": ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                     "w:tblPrChange"),
    "w:tblCellMar": ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
}
_TC_PR_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
                    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def _twips(mm: float) -> str:
    return str(round(mm / 25.4 * 1440))


def _docx_table_props(table, widths_mm, *, borders: bool, indent_mm: float = 0, cell_margin_mm=None) -> None:
    """Fixed column widths (grid and cells), a table indent, borders on or off, cell margins;
    each property element put where the schema wants it, so Word opens the file without repair."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table.autofit = False                           # w:tblLayout type="fixed"
    tbl_pr = table._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))               # the whole width, or LibreOffice fits it to the text
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), _twips(sum(widths_mm)))
    if indent_mm:
        ind = OxmlElement("w:tblInd")
        ind.set(qn("w:w"), _twips(indent_mm))
        ind.set(qn("w:type"), "dxa")
        tbl_pr.insert_element_before(ind, *_TBL_PR_AFTER["w:tblInd"])
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single" if borders else "nil")
        if borders:
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        edges.append(element)
    tbl_pr.insert_element_before(edges, *_TBL_PR_AFTER["w:tblBorders"])
    if cell_margin_mm is not None:
        margins = OxmlElement("w:tblCellMar")
        for edge in ("left", "right"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:w"), _twips(cell_margin_mm))
            element.set(qn("w:type"), "dxa")
            margins.append(element)
        tbl_pr.insert_element_before(margins, *_TBL_PR_AFTER["w:tblCellMar"])
    for column, width in zip(table.columns, widths_mm):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _docx_row_flags(row, *, header: bool = False) -> None:
    """A row never split across pages; a header row repeated on each page."""
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _docx_shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().insert_element_before(shading, *_TC_PR_AFTER_SHD)


def _docx_cell(cell, text: str, *, align: str = "L", size: float = DOCX_TABLE_PT, bold: bool = False,
               italic: bool = False, color: str | None = None) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    alignment = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT}
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    paragraph = cell.paragraphs[0]
    paragraph.alignment = alignment[align]
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(1)
    run = paragraph.add_run(printable(text))
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    if color:
        run.font.color.rgb = RGBColor(*hex_rgb(color))


def _docx_heading_block(doc, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    h = report.heading
    table = doc.add_table(rows=1, cols=2)
    _docx_table_props(table, (HEAD_LEFT_MM, HEAD_RIGHT_MM), borders=False, indent_mm=-HEAD_OUTDENT_MM,
                      cell_margin_mm=0)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    pt = DOCX_HEAD_PT
    for cell, lines, width in (
        (left, [(h.authority, pt["authority"], True, False), (h.ward, pt["authority"], True, False),
                "rule-short", (h.number, pt["number"], False, False)], HEAD_LEFT_MM),
        (right, [(h.nation, pt["nation"], True, False), (h.motto, pt["motto"], True, False),
                 "rule-motto", (h.place_date, pt["date"], False, True)], HEAD_RIGHT_MM),
    ):
        cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
        for i, line in enumerate(lines):
            if line == "rule-short":
                _docx_rule(cell, AUTHORITY_RULE_MM, width, before=2)
            elif line == "rule-motto":
                _docx_rule(cell, _motto_rule_mm(h.motto), width, before=2)
            else:
                text, size, bold, italic = line
                _docx_paragraph(cell, text, size=size, bold=bold, italic=italic, align=center,
                                exact_pt=17, before=8 if i == 3 else 0)


def _motto_rule_mm(motto: str) -> float:
    """The rule under the motto is as long as the motto (Nghị định 30), measured in the PDF font."""
    return min(HEAD_RIGHT_MM - 10, text_mm(motto, DOCX_HEAD_PT["motto"], "B") * 0.92)


def _docx_title(doc, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    center = WD_ALIGN_PARAGRAPH.CENTER
    _docx_paragraph(doc, report.title, size=DOCX_BODY_PT, bold=True, align=center, before=18)
    _docx_paragraph(doc, balanced(report.subtitle, SUBTITLE_LINE_CHARS), size=DOCX_BODY_PT, bold=True, align=center)
    _docx_rule(doc, TITLE_RULE_MM, TEXT_W_MM, before=3)
    if report.is_demo:
        _docx_paragraph(doc, texts.REPORT_DEMO_NOTE, size=DOCX_BODY_PT - 1, bold=True, italic=True,
                        align=center, color=texts.STATUS_COLORS["at_risk"], before=6)
    _docx_paragraph(doc, "", after=6)


def _docx_sections(doc, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    for section in report.sections:
        if section.title:
            doc.add_paragraph(printable(section.title), style="Heading 1")
        for text in section.paragraphs:
            paragraph = _docx_paragraph(doc, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=DOCX_PARAGRAPH_AFTER_PT)
            paragraph.paragraph_format.first_line_indent = Mm(FIRST_LINE_INDENT_MM)
            paragraph.paragraph_format.line_spacing = DOCX_LINE_SPACING
            paragraph.paragraph_format.widow_control = True
        if not section.paragraphs:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(DOCX_PARAGRAPH_AFTER_PT)


def _docx_table_title(doc, title: str, subtitle: str | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = _docx_paragraph(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=12)
    paragraph.paragraph_format.keep_with_next = True
    if subtitle:
        paragraph = _docx_paragraph(doc, subtitle, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6)
        paragraph.paragraph_format.keep_with_next = True


def _docx_indicator_table(doc, report: Report) -> None:
    _docx_table_title(doc, texts.EXPORT_TABLE_TITLE.format(year=report.year), f"({as_of(report)})")
    rows = indicator_rows(report)
    table = doc.add_table(rows=1 + len(rows), cols=len(TABLE_COL_MM))
    _docx_table_props(table, TABLE_COL_MM, borders=True, cell_margin_mm=DOCX_TABLE_CELL_MARGIN_MM)
    header = table.rows[0]
    _docx_row_flags(header, header=True)
    for cell, text in zip(header.cells, indicator_header()):
        _docx_cell(cell, text, align="C", bold=True)
        _docx_shade(cell, HEADER_FILL)
    for row, item in zip(table.rows[1:], rows):
        _docx_row_flags(row)
        cells = row.cells
        if item.kind == "indicator":
            for cell, text, align in zip(cells, item.cells, TABLE_ALIGN):
                _docx_cell(cell, text, align=align)
            status_cell = cells[-1]
            status_cell.paragraphs[0].runs[0].font.color.rgb = None
            _recolour(status_cell, status_ink(item.status))
            continue
        number, name = item.cells
        merged = cells[1].merge(cells[-1])
        bold = item.kind == "sector"
        _docx_cell(cells[0], number, align="C", bold=bold)
        _docx_cell(merged, name, bold=bold, italic=not bold)
        if bold:
            _docx_shade(cells[0], SECTOR_FILL)
            _docx_shade(merged, SECTOR_FILL)


def _recolour(cell, color: str) -> None:
    from docx.shared import RGBColor

    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor(*hex_rgb(color))
        run.bold = True


def _docx_frame(doc, title: str, frame: pd.DataFrame) -> None:
    """A titled DataFrame as a Word table: heading row repeated, numbers right-aligned."""
    from docx.enum.table import WD_TABLE_ALIGNMENT

    _docx_table_title(doc, title)
    columns = list(frame.columns)
    if not columns:
        return
    widths = column_widths(frame, TEXT_W_MM, DOCX_TABLE_PT, DOCX_PAD_MM)   # measured in Noto: a little wide
    table = doc.add_table(rows=1 + len(frame), cols=len(columns))
    _docx_table_props(table, widths, borders=True, cell_margin_mm=DOCX_TABLE_CELL_MARGIN_MM)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _docx_row_flags(table.rows[0], header=True)
    for cell, column in zip(table.rows[0].cells, columns):
        _docx_cell(cell, str(column), align="C", bold=True)
        _docx_shade(cell, HEADER_FILL)
    decimals = column_decimals(frame)
    for row, values in zip(table.rows[1:], frame.itertuples(index=False)):
        _docx_row_flags(row)
        for cell, value, places in zip(row.cells, values, decimals):
            _docx_cell(cell, cell_text(value, places), align="R" if is_number(value) else "L")


def _docx_charts(doc, charts: dict[str, bytes]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    if not charts:
        return
    _docx_table_title(doc, texts.EXPORT_CHARTS_TITLE)
    for png in charts.values():
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(TEXT_W_MM))


def _docx_signature(doc, report: Report) -> None:
    """"Nơi nhận" on the left (bold italic title, small list), the signer on the right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    _docx_paragraph(doc, "", after=6)
    table = doc.add_table(rows=1, cols=2)
    _docx_table_props(table, (SIGN_LEFT_MM, SIGN_RIGHT_MM), borders=False, cell_margin_mm=0)
    _docx_row_flags(table.rows[0])
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    _docx_paragraph(left, texts.REPORT_RECIPIENTS_TITLE, size=DOCX_RECIPIENTS_TITLE_PT, bold=True, italic=True)
    for item in report.recipients:
        _docx_paragraph(left, f"- {item}", size=DOCX_RECIPIENTS_PT)
    center = WD_ALIGN_PARAGRAPH.CENTER
    for line in printable(report.signer_title).split("\n"):
        _docx_paragraph(right, line, size=DOCX_BODY_PT, bold=True, align=center)
    for _ in range(SIGNATURE_SPACE_LINES):
        _docx_paragraph(right, "", size=DOCX_BODY_PT)


def _docx_properties(doc, report: Report) -> None:
    properties = doc.core_properties
    stamp = dt.datetime(report.issued.year, report.issued.month, report.issued.day)
    properties.author = properties.last_modified_by = texts.EXPORT_AUTHOR
    properties.title = printable(report.subtitle)
    properties.subject = printable(report.title)
    properties.language = DOCX_LANG
    properties.created = properties.modified = stamp
    properties.revision = 1
    properties.comments = texts.REPORT_DEMO_NOTE if report.is_demo else ""


def docx_bytes(report: Report, charts: dict[str, bytes]) -> bytes:
    """The report as a Word document (.docx) laid out as Nghị định 30/2020/NĐ-CP asks, with the
    chart images ``charts`` (``lib.report.export.chart_pngs``; {} for none)."""
    from docx import Document

    doc = Document()
    _docx_defaults(doc)
    _docx_page(doc)
    _docx_page_numbers(doc)
    _docx_properties(doc, report)
    _docx_heading_block(doc, report)
    _docx_title(doc, report)
    _docx_sections(doc, report)
    _docx_indicator_table(doc, report)
    for title, frame in extra_tables(report):
        _docx_frame(doc, title, frame)
    _docx_charts(doc, charts)
    _docx_signature(doc, report)
    body = doc.element.body
    first = body[0]
    if first.tag.endswith("}p") and not first.xpath(".//w:t"):
        body.remove(first)                          # the template's empty first paragraph
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
