"""Văn hóa – Xã hội: gauges, the monthly trend of one indicator at a time, and the indicator table."""
from lib import texts, ui

SECTOR = "society"

ctx = ui.page_context()
ui.page_header(texts.SECTORS[SECTOR], ctx)
ui.sector_status_line(ctx, SECTOR)
ui.gauges(ctx, SECTOR)
ui.trend_selector(ctx, SECTOR)
ui.indicator_table(ctx, SECTOR)
