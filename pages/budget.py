"""Ngân sách: the sector's gauges, the monthly trend of one indicator at a time, its table.

The layout is the same for every sector: ``lib.ui.sector_page`` (access check first).
"""
from lib import ui

ui.sector_page("budget")
