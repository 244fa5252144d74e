"""The monthly report as data: heading block, narrative sections, the tables behind them.

``build_report`` gathers everything an export needs from the Store, once; the exporters in
``lib.report.export`` (Word, PDF, Excel, chart images) only lay it out. The narrative text of each
section comes from ``lib.report.narrative`` and may be replaced by a leader's edited draft
(``with_sections``) before exporting.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from lib.analytics import formulas
from lib.analytics.datastore import Store
from lib.core import texts
from lib.readers import org_units
from lib.report import narrative
from lib.report.narrative import Section
from lib.views import scoreboard as scoreboard_view

__all__ = ["Heading", "Report", "Section", "build_report"]


@dataclass(frozen=True)
class Heading:
    """The heading block of an official document (Nghị định 30/2020/NĐ-CP, mẫu báo cáo)."""

    authority: str      # ỦY BAN NHÂN DÂN
    ward: str           # PHƯỜNG TRƯƠNG QUANG TRỌNG
    number: str         # Số:      /BC-UBND
    nation: str         # CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    motto: str          # Độc lập – Tự do – Hạnh phúc
    place_date: str     # Trương Quang Trọng, ngày 05 tháng 7 năm 2025


@dataclass(frozen=True)
class Report:
    year: int
    month: int
    issued: date
    heading: Heading
    title: str                      # BÁO CÁO
    subtitle: str                   # Kết quả thực hiện … tháng 6 và 6 tháng đầu năm 2025
    sections: tuple[Section, ...]
    gaps: pd.DataFrame = field(repr=False)      # analytics.gap_table, catalogue order
    monthly: pd.DataFrame = field(repr=False)   # code, name_vi, unit, sector, month, value (months 1..m)
    is_demo: bool = False
    # Issue 6's tables, with Vietnamese headings, when the data has them (None otherwise):
    tasks: pd.DataFrame | None = field(default=None, repr=False)     # tasks and works, late first
    ranking: pd.DataFrame | None = field(default=None, repr=False)   # the emulation ranking
    signer_title: str = texts.REPORT_SIGNER_TITLE
    recipients: tuple[str, ...] = texts.REPORT_RECIPIENTS

    @property
    def period_text(self) -> str:
        return narrative.period_phrase(self.month, self.year)

    def with_sections(self, edited: dict[str, str]) -> Report:
        """The same report with some sections' text replaced by an edited draft.

        ``edited`` maps a section key to its whole text; paragraphs are separated by blank lines.
        """
        sections = []
        for s in self.sections:
            if s.key in edited:
                paragraphs = tuple(p.strip() for p in edited[s.key].replace("\r\n", "\n").split("\n\n") if p.strip())
                s = replace(s, paragraphs=paragraphs)
            sections.append(s)
        return replace(self, sections=tuple(sections))

    def section_text(self, key: str) -> str:
        """A section's paragraphs as one editable text (blank line between paragraphs)."""
        for s in self.sections:
            if s.key == key:
                return "\n\n".join(s.paragraphs)
        raise KeyError(key)


def heading(issued: date) -> Heading:
    return Heading(
        authority=texts.REPORT_AUTHORITY,
        ward=texts.WARD.upper(),
        number=texts.REPORT_NUMBER,
        nation=texts.REPORT_NATION,
        motto=texts.REPORT_MOTTO,
        place_date=texts.REPORT_PLACE_DATE.format(d=issued.day, m=issued.month, y=issued.year),
    )


def monthly_actuals(store: Store, year: int, month: int) -> pd.DataFrame:
    """Every reported value of ``year`` up to ``month`` (totals computed from their parts), long format."""
    frame = formulas.month_values(store, year, month)
    return frame[["code", "name_vi", "unit", "sector", "month", "value", "note"]]


def tasks_of_month(store: Store, year: int, month: int, *, root=None):
    """The tasks list as it stood at the month's end (``lib.storage.task_store.tasks_as_of``: the demo's
    while the Store is the demo and the data folder has no tasks of its own) and that day; (None,
    as_of) when the list cannot be read (the Nhiệm vụ – Công trình page says why). ``root``: the data
    folder (default: the Store's folder, or ``lib.analytics.datastore.data_dir()`` for the demo)."""
    from lib.analytics import datastore, tasks
    from lib.storage import task_store

    as_of = tasks.month_end(year, month)
    source = store.source
    if root is None:
        root = source.root if source is not None and not source.is_demo else datastore.data_dir()
    try:
        return task_store.tasks_as_of(as_of, root, source=source), as_of
    except (tasks.TasksError, org_units.UnitsError, OSError, ValueError):
        return None, as_of


def _tasks(items: pd.DataFrame | None, as_of):
    """The tasks judged at the month's end and their report table; (None, None, as_of) without a list."""
    from lib.analytics import tasks

    if items is None:
        return None, None, as_of
    owners = org_units.load_units(_owners_file(items))
    return tasks.assess(items, as_of, owners), tasks.report_table(items, as_of, owners), as_of


def _owners_file(items: pd.DataFrame):
    """The units file the list's owners are named from: the repository's for the demo list."""
    from lib.analytics import datastore

    return datastore.units_file(datastore.DEMO_DIR) if len(items) and bool(items["demo"].all()) else None


def _ranking(store: Store, year: int, month: int, gaps: pd.DataFrame, tasks: pd.DataFrame | None = None):
    """The emulation ranking (every unit) as of the month, its tasks as they stood then (``tasks``;
    None: the scoring reads the tasks file), or None when the rules cannot be used."""
    from lib.analytics import scoring

    try:
        board = scoring.scoreboard(store, year, month, gaps=gaps, tasks=tasks)
    except (scoring.RulesError, org_units.UnitsError, OSError):
        return None, None
    table = scoreboard_view.ranking_table(board.ranking, board.breakdown, as_text=False)
    table.attrs["decimals"] = {texts.COL_EMU_TOTAL: 1, texts.COL_EMU_MAX: 1,
                               texts.COL_EMU_SHARE: 1}  # scores read 85,0 beside 85,7; shares 100,0 beside 61,6
    return board.ranking, table


def build_report(store: Store, year: int, month: int, issued: date | None = None, *,
                 with_tasks: bool = True, with_ranking: bool = True, tasks_root=None) -> Report:
    """Everything the exports need for the report as of ``month`` of ``year``: the indicators, and
    (unless turned off) the tasks and works and the emulation ranking, both with the tasks as they
    stood at the month's end (``tasks_of_month``; ``tasks_root``: the data folder whose task
    updates count): a past month's report reads the same whenever it is made."""
    issued = issued or date.today()
    gaps = formulas.gap_table(store, year, month)
    items, month_end = tasks_of_month(store, year, month, root=tasks_root) if with_tasks or with_ranking else (None, None)
    view, tasks_table, as_of = _tasks(items, month_end) if with_tasks else (None, None, None)
    ranking, ranking_table = _ranking(store, year, month, gaps, items) if with_ranking else (None, None)
    sections = narrative.sections(store, year, month, gaps, tasks_view=view, tasks_as_of=as_of, ranking=ranking)
    return Report(
        year=year,
        month=month,
        issued=issued,
        heading=heading(issued),
        title=texts.REPORT_TITLE,
        subtitle=narrative.subtitle(month, year),
        sections=tuple(sections),
        gaps=gaps,
        monthly=monthly_actuals(store, year, month),
        is_demo=bool(store.source and store.source.is_demo),
        tasks=tasks_table,
        ranking=ranking_table,
    )
