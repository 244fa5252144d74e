"""Nhiệm vụ – Công trình: the plan's works, lines of work and criteria; late ones first; editors
update status, progress, note and milestones (previewed, confirmed, versioned, audited)."""
from lib import ui
from lib.core import texts
from lib.ui import tasks as ui_tasks

ctx = ui.page_context()  # the access check first; the sidebar month gives the “as of” date
ui.page_header(texts.PAGE_TASKS, ctx)
tc = ui_tasks.load(ctx)
ui_tasks.header(tc)
ui_tasks.late_block(tc)
ui_tasks.timeline(tc)
ui_tasks.task_list(tc)
ui_tasks.details(tc)
