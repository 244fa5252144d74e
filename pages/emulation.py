"""Thi đua: the emulation scoreboard of section III of the plan — residential groups and departments
ranked on the criteria of the rules file, the rules beside the ranking, one unit's detail."""
from lib import ui
from lib.ui import emulation as ui_emulation

ctx = ui.page_context()  # the sign-in gate first, then the month
board = ui_emulation.scoreboard(ctx)
ui_emulation.header(board)
ui.coverage_line(ctx)  # how complete the month's figures are
ui_emulation.notes(board)
for kind, tab in ui_emulation.kind_tabs(board):  # Tổ dân phố | Bộ phận: only the open tab is built
    with tab:
        ui_emulation.ranking(board, kind)
        ui_emulation.unit_detail(board, kind)
