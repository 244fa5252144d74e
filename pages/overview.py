"""Tổng quan: the year at a glance — sector cards, status by sector, every indicator worst first."""
from lib import ui
from lib.core import texts
from lib.ui import tasks as ui_tasks

ctx = ui.page_context()
ui.page_header(texts.PAGE_OVERVIEW, ctx)
ui.sector_cards(ctx)
ui.status_chart(ctx)
ui.indicator_table(ctx)
ui_tasks.overview_block(ctx)
