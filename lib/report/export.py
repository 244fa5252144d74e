"""The monthly report as files: Word (.docx), PDF, Excel (.xlsx) and chart images (PNG).

The entry the Báo cáo page (``lib/ui/report.py``) and ``python -m lib.cli report`` call: one
function per format, the download's file names, and the charts drawn once per content. Layout
only: every figure comes from the ``Report`` (``lib.report.model.build_report``), every word from
``lib.core.texts``, every number's spelling from ``lib.core.fmt``. No Streamlit here.

One module per format lays the report out: ``lib.report.word`` (Nghị định 30/2020/NĐ-CP),
``lib.report.pdf`` (fpdf2, Noto Serif embedded), ``lib.report.excel`` (numbers as numbers) and
``lib.report.charts`` (matplotlib, 1600×900 px); what they share (the page, the tables as the
files show them, fonts, names, colours) is ``lib.report.layout``.

Tables that a report may carry besides the gap table (``Report.tasks``, ``Report.ranking``:
DataFrames with Vietnamese column headings) are drawn generically in every format: see
``layout.extra_tables``. In them, numbers are written with ``fmt.number`` (1.260; 14,5); a column
that must not be written as an amount (a year, a code) should hold text.
"""
from __future__ import annotations

import hashlib
import io
import threading
import zipfile
from collections import OrderedDict
from typing import TYPE_CHECKING

from lib.report import charts as chart_images
from lib.report import excel, word
from lib.report import pdf as pdf_file

if TYPE_CHECKING:  # lib.report.model imports the narrative; the exporters only read a Report's fields
    from lib.report.model import Report

FORMATS = ("docx", "pdf", "xlsx", "png")
CHART_CACHE_SIZE = 8            # sets of charts kept (about 0,5 MB each)


def filename(report: Report, ext: str) -> str:
    """The download's file name: bao-cao-2025-06.docx; the chart archive is bieu-do-2025-06.zip."""
    stem = "bieu-do" if ext == "zip" else "bao-cao"
    return f"{stem}-{report.year:04d}-{report.month:02d}.{ext}"


# --- the charts, drawn once per content -----------------------------------------------------------

_CHARTS: OrderedDict[str, dict[str, bytes]] = OrderedDict()
_CHARTS_LOCK = threading.Lock()


def _charts_key(report: Report) -> str:
    """What the charts depend on: the period, the demo flag and the gap table (not the narrative,
    which a leader may edit), so the Word, PDF and image downloads of one month draw them once."""
    content = f"{report.year}-{report.month}-{report.is_demo}\n{report.gaps.to_csv(index=False)}"
    return hashlib.sha256(content.encode()).hexdigest()


def chart_pngs(report: Report) -> dict[str, bytes]:
    """The overview chart and one chart per sector, as PNG (1600×900), keyed tong-quan, nong-nghiep …

    Drawing them (``lib.report.charts.draw_charts``) takes a few seconds; the last
    ``CHART_CACHE_SIZE`` sets are kept (by content)."""
    key = _charts_key(report)
    with _CHARTS_LOCK:
        if key in _CHARTS:
            _CHARTS.move_to_end(key)
            return dict(_CHARTS[key])
    charts = chart_images.draw_charts(report)
    with _CHARTS_LOCK:
        _CHARTS[key] = charts
        while len(_CHARTS) > CHART_CACHE_SIZE:
            _CHARTS.popitem(last=False)
    return dict(charts)


def png_names(charts: dict[str, bytes]) -> dict[str, str]:
    """File names of the charts, numbered in slide order: 01-tong-quan.png, 02-nong-nghiep.png …"""
    return {key: f"{i:02d}-{key}.png" for i, key in enumerate(charts, start=1)}


# --- one function per format ------------------------------------------------------------------------

def zip_of_pngs(report: Report, charts: dict[str, bytes] | None = None) -> bytes:
    """Every chart in one .zip (ASCII names, fixed timestamps so the same report gives the same bytes)."""
    charts = charts or chart_pngs(report)
    out = io.BytesIO()
    stamp = (report.issued.year, report.issued.month, report.issued.day, 0, 0, 0)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for key, name in png_names(charts).items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, charts[key])
    return out.getvalue()


def docx_bytes(report: Report, charts: dict[str, bytes] | None = None) -> bytes:
    """The report as a Word document (.docx) laid out as Nghị định 30/2020/NĐ-CP asks.

    ``charts`` (from ``chart_pngs``) may be passed to reuse images already drawn."""
    return word.docx_bytes(report, charts if charts is not None else chart_pngs(report))


def pdf_bytes(report: Report, charts: dict[str, bytes] | None = None) -> bytes:
    """The report as a PDF: the same content and order as the Word file, Noto Serif embedded."""
    return pdf_file.pdf_bytes(report, charts if charts is not None else chart_pngs(report))


def xlsx_bytes(report: Report) -> bytes:
    """The report's tables as an Excel workbook: "Chênh lệch" (the gap table), "Số liệu tháng"
    (every month's figures and notes), and the report's other tables as further sheets."""
    return excel.xlsx_bytes(report)


def build(report: Report, kind: str) -> bytes:
    """The file of format ``kind`` (``png``: the zip of every chart)."""
    if kind == "docx":
        return docx_bytes(report)
    if kind == "pdf":
        return pdf_bytes(report)
    if kind == "xlsx":
        return xlsx_bytes(report)
    if kind == "png":
        return zip_of_pngs(report)
    raise ValueError(kind)
