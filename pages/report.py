"""Báo cáo: the monthly report drafted from the figures, editable, downloadable as Word, PDF,
Excel and chart images (the downloads sit above the draft and take the draft as edited)."""
from lib import ui
from lib.core import texts
from lib.ui import report as ui_report

ctx = ui.page_context()
ui.page_header(texts.PAGE_REPORT, ctx)
downloads = ui_report.downloads_area()
report = ui_report.draft_editor(ctx)
with downloads:
    ui_report.downloads(report)
