"""Trình chiếu: the meeting-room mode — large type, one sector per screen, the indicators behind
or at risk first, ◀ Trước / Tiếp ▶ (PageUp / PageDown). Opened by a link such as
``/present?thang=2025-06&linh_vuc=budget``. The screens and their blocks: ``lib.ui.present``.
"""
from lib.ui import present as ui_present

ui_present.page()
