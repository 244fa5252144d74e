"""The monthly report as a PDF (fpdf2): the same content in the same order as the Word file.

The Noto Serif fonts of ``lib/report/fonts/`` are embedded, so every diacritic renders on any
machine (the few characters they lack are replaced: ``lib.report.layout.pdf_text``); tables
repeat their heading row on each page; the footer numbers the pages. The creation date is the
report's date, so the same report gives the same bytes. ``lib.report.export.pdf_bytes`` is the
entry (it draws the charts when none are given).
"""
from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING

import pandas as pd

from lib.core import texts
from lib.core.normalise import printable
from lib.report.charts import CHART_H_IN, CHART_W_IN
from lib.report.layout import (
    AUTHORITY_RULE_MM,
    FIRST_LINE_INDENT_MM,
    FONT_DIR,
    HEAD_LEFT_MM,
    HEAD_OUTDENT_MM,
    HEAD_RIGHT_MM,
    HEADER_FILL,
    MARGIN_BOTTOM_MM,
    MARGIN_LEFT_MM,
    MARGIN_RIGHT_MM,
    MARGIN_TOP_MM,
    SECTOR_FILL,
    SERIF_FILES,
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
    pdf_text,
    status_ink,
)

if TYPE_CHECKING:  # lib.report.model imports the narrative; the exporters only read a Report's fields
    from lib.report.model import Report

# Points, except where named _MM (Noto Serif is wider than Times New Roman, so a little smaller).
PDF_BODY_PT = 12.5
PDF_HEAD_PT = {"authority": 12, "number": 12.5, "nation": 11.5, "motto": 12.5, "date": 12.5}
PDF_TABLE_PT = 9.5
PDF_LINE_HEIGHT = 1.35          # × font size
PDF_FOOTER_PT = 9
PDF_PAD_MM = 2 * 1.2 + 1.5      # a generic table's cell padding, left and right (mm)


def _pdf_class():
    from fpdf import FPDF

    class ReportPDF(FPDF):
        """A4 with the report's margins, the Noto fonts, and "Trang n/N" in the footer."""

        def footer(self) -> None:
            self.set_y(-(MARGIN_BOTTOM_MM - 6))
            self.set_font("NotoSerif", "", PDF_FOOTER_PT)
            self.set_text_color(90, 90, 90)
            self.cell(0, 5, texts.EXPORT_PAGE.format(page=self.page_no(), pages="{nb}"), align="C")
            self.set_text_color(0, 0, 0)

    return ReportPDF


def _pdf_new(report: Report):
    pdf = _pdf_class()(orientation="P", unit="mm", format="A4")
    for style, name in SERIF_FILES.items():
        pdf.add_font("NotoSerif", style, str(FONT_DIR / name))
    pdf.set_margins(MARGIN_LEFT_MM, MARGIN_TOP_MM, MARGIN_RIGHT_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_BOTTOM_MM)
    pdf.set_lang("vi")
    pdf.set_title(pdf_text(f"{report.title} {report.subtitle}"))
    pdf.set_author(pdf_text(texts.EXPORT_AUTHOR))
    pdf.set_subject(pdf_text(report.subtitle))
    pdf.set_creator(pdf_text(texts.APP_TITLE))
    pdf.set_creation_date(dt.datetime(report.issued.year, report.issued.month, report.issued.day,
                                      tzinfo=dt.timezone.utc))
    pdf.add_page()
    return pdf


def _pt_mm(points: float) -> float:
    return points * 25.4 / 72


def _pdf_fit(pdf, text: str, style: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits in ``width`` mm on one line."""
    while size > 6:
        pdf.set_font("NotoSerif", style, size)
        if pdf.get_string_width(text) <= width:
            break
        size -= 0.5
    return size


def _pdf_heading_block(pdf, report: Report) -> None:
    """The two columns of the heading block, line by line, so the "Số" line and the date line
    sit on the same baseline; the rules are drawn, measured from the text above them."""
    h = report.heading
    pt = PDF_HEAD_PT
    x_left = MARGIN_LEFT_MM - HEAD_OUTDENT_MM
    x_right = x_left + HEAD_LEFT_MM
    columns = (
        (x_left, HEAD_LEFT_MM, [(h.authority, "B", pt["authority"]), (h.ward, "B", pt["authority"]),
                                None, (h.number, "", pt["number"])]),
        (x_right, HEAD_RIGHT_MM, [(h.nation, "B", pt["nation"]), (h.motto, "B", pt["motto"]),
                                  None, (h.place_date, "I", pt["date"])]),
    )
    top = pdf.get_y()
    line_h = 6.2
    for x, width, lines in columns:
        y = top
        above_width = 0.0
        for line in lines:
            if line is None:                    # the rule under the line above
                rule = AUTHORITY_RULE_MM if x == x_left else above_width
                pdf.set_line_width(0.3)
                pdf.line(x + (width - rule) / 2, y + 1.6, x + (width + rule) / 2, y + 1.6)
                y += 3.5
                continue
            text, style, size = line
            text = pdf_text(text)
            size = _pdf_fit(pdf, text, style, size, width - 2)
            above_width = pdf.get_string_width(text)
            pdf.set_xy(x, y)
            pdf.cell(width, line_h, text, align="C")
            y += line_h
    pdf.set_xy(MARGIN_LEFT_MM, top + 4 * line_h + 3.5)


def _pdf_title(pdf, report: Report) -> None:
    pdf.ln(9)
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT + 1)
    pdf.multi_cell(0, 7, pdf_text(report.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
    pdf.multi_cell(0, 6.4, pdf_text(balanced(report.subtitle, SUBTITLE_LINE_CHARS)), align="C", new_x="LMARGIN",
                   new_y="NEXT")
    y = pdf.get_y() + 2.0
    center = MARGIN_LEFT_MM + TEXT_W_MM / 2
    pdf.set_line_width(0.3)
    pdf.line(center - TITLE_RULE_MM / 2, y, center + TITLE_RULE_MM / 2, y)
    pdf.ln(3)
    if report.is_demo:
        pdf.ln(1)
        pdf.set_font("NotoSerif", "B", PDF_BODY_PT - 1.5)
        pdf.set_text_color(*hex_rgb(texts.STATUS_COLORS["at_risk"]))
        pdf.multi_cell(0, 6, pdf_text(texts.REPORT_DEMO_NOTE), align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
    pdf.ln(4)


def _pdf_sections(pdf, report: Report) -> None:
    with pdf.text_columns(text_align="J", line_height=PDF_LINE_HEIGHT) as columns:
        for section in report.sections:
            if section.title:
                pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
                with columns.paragraph(text_align="L", top_margin=2, bottom_margin=1.5) as paragraph:
                    paragraph.write(pdf_text(section.title))
            pdf.set_font("NotoSerif", "", PDF_BODY_PT)
            for text in section.paragraphs:
                with columns.paragraph(first_line_indent=FIRST_LINE_INDENT_MM, bottom_margin=2) as paragraph:
                    paragraph.write(pdf_text(text))


def _pdf_table_title(pdf, title: str, subtitle: str | None = None, need_mm: float = 40) -> None:
    if pdf.will_page_break(need_mm):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
    pdf.multi_cell(0, 6.4, pdf_text(title), align="C", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font("NotoSerif", "I", PDF_BODY_PT - 1)
        pdf.multi_cell(0, 6, pdf_text(subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _pdf_table(pdf, widths, align):
    from fpdf.fonts import FontFace

    pdf.set_font("NotoSerif", "", PDF_TABLE_PT)
    return pdf.table(
        col_widths=tuple(widths), width=sum(widths), align="C", text_align=tuple(align),
        line_height=_pt_mm(PDF_TABLE_PT) * 1.3, padding=(0.9, 1.2, 0.9, 1.2), repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD", fill_color=hex_rgb(HEADER_FILL)),
        v_align="M", borders_layout="ALL",
    )


def _pdf_indicator_table(pdf, report: Report) -> None:
    from fpdf.fonts import FontFace

    _pdf_table_title(pdf, texts.EXPORT_TABLE_TITLE.format(year=report.year), f"({as_of(report)})")
    sector_style = FontFace(emphasis="BOLD", fill_color=hex_rgb(SECTOR_FILL))
    group_style = FontFace(emphasis="ITALICS")
    with _pdf_table(pdf, TABLE_COL_MM, TABLE_ALIGN) as table:
        heading = table.row()
        for text in indicator_header():
            heading.cell(pdf_text(text), align="C")
        for item in indicator_rows(report):
            row = table.row()
            if item.kind == "indicator":
                for text in item.cells[:-1]:
                    row.cell(pdf_text(text))
                row.cell(pdf_text(item.cells[-1]),
                         style=FontFace(emphasis="BOLD", color=hex_rgb(status_ink(item.status))))
                continue
            number, name = item.cells
            style = sector_style if item.kind == "sector" else group_style
            row.cell(pdf_text(number), style=style, align="C")
            row.cell(pdf_text(name), style=style, colspan=len(TABLE_COL_MM) - 1, align="L")


def _pdf_frame(pdf, title: str, frame: pd.DataFrame) -> None:
    """A titled DataFrame as a PDF table: heading row repeated on each page, cells wrapped."""
    _pdf_table_title(pdf, title)
    if not len(frame.columns):
        return
    widths = column_widths(frame, TEXT_W_MM, PDF_TABLE_PT, PDF_PAD_MM)
    first = frame.iloc[0] if len(frame) else None
    align = ["R" if first is not None and is_number(first[c]) else "L" for c in frame.columns]
    with _pdf_table(pdf, widths, align) as table:
        heading = table.row()
        for column in frame.columns:
            heading.cell(pdf_text(column), align="C")
        decimals = column_decimals(frame)
        for values in frame.itertuples(index=False):
            row = table.row()
            for value, places in zip(values, decimals):
                row.cell(pdf_text(cell_text(value, places)), align="R" if is_number(value) else "L")


def _pdf_charts(pdf, charts: dict[str, bytes]) -> None:
    if not charts:
        return
    height = TEXT_W_MM * CHART_H_IN / CHART_W_IN
    _pdf_table_title(pdf, texts.EXPORT_CHARTS_TITLE, need_mm=height + 20)
    for png in charts.values():
        if pdf.will_page_break(height + 2):
            pdf.add_page()
        pdf.image(io.BytesIO(png), x=MARGIN_LEFT_MM, w=TEXT_W_MM, h=height)
        pdf.ln(4)


def _pdf_signature(pdf, report: Report) -> None:
    lines = len(report.recipients) + 1
    need = max(lines * 5 + 4, (len(printable(report.signer_title).split("\n")) + SIGNATURE_SPACE_LINES) * 6.5)
    if pdf.will_page_break(need + 8):
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    pdf.set_xy(MARGIN_LEFT_MM, top)
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT - 2)   # Nghị định 30: bold italic; the bold face here
    pdf.cell(SIGN_LEFT_MM, 5.5, pdf_text(texts.REPORT_RECIPIENTS_TITLE), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("NotoSerif", "", PDF_BODY_PT - 3)
    for item in report.recipients:
        pdf.multi_cell(SIGN_LEFT_MM, 4.6, pdf_text(f"- {item}"), new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_font("NotoSerif", "B", PDF_BODY_PT)
    y = top
    for line in printable(report.signer_title).split("\n"):
        pdf.set_xy(MARGIN_LEFT_MM + SIGN_LEFT_MM, y)
        pdf.cell(SIGN_RIGHT_MM, 6.4, pdf_text(line), align="C")
        y += 6.4
    pdf.set_xy(MARGIN_LEFT_MM, max(bottom, y + SIGNATURE_SPACE_LINES * 6.4))


def pdf_bytes(report: Report, charts: dict[str, bytes]) -> bytes:
    """The report as a PDF: the same content and order as the Word file, Noto Serif embedded, with
    the chart images ``charts`` (``lib.report.export.chart_pngs``; {} for none)."""
    pdf = _pdf_new(report)
    _pdf_heading_block(pdf, report)
    _pdf_title(pdf, report)
    _pdf_sections(pdf, report)
    _pdf_indicator_table(pdf, report)
    for title, frame in extra_tables(report):
        _pdf_frame(pdf, title, frame)
    _pdf_charts(pdf, charts)
    _pdf_signature(pdf, report)
    return bytes(pdf.output())
