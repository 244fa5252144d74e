"""Dữ liệu: which months and indicators are reported, every month's versions, restoring one."""
from lib import ui
from lib.core import texts
from lib.ui import data as ui_data

ctx = ui.page_context()
ui.page_header(texts.PAGE_DATA, ctx)
ui_data.completeness_grid(ui.store(ctx), ctx.year)
ui_data.history_block(ui.store(ctx).catalogue)
