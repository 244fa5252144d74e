"""The report text, drafted from the computed figures in the phrasing of the ward's reports.

Deterministic: the same figures give the same words. Every word comes from ``lib.core.texts`` (the
``NARRATIVE_*`` templates); this module only decides which template fits an indicator and fills
it with numbers written by ``lib.core.fmt``. One sentence per indicator, for example::

    Tổng thu ngân sách nhà nước trên địa bàn tháng 6 đạt 824 triệu đồng; lũy kế 6 tháng đạt
    6.946 triệu đồng, bằng 52,1% dự toán năm, tăng 11,6% so với cùng kỳ, đúng tiến độ.

Rules:
* flows (``sum``): the month's figure and the cumulative one; % of the year's plan (“dự toán”
  for the budget); before the first harvest a crop is “chưa đến vụ thu hoạch”, not behind;
* levels (``last``): the latest level; counts compared with the target in %, rates (% and ‰)
  against the target or ceiling; yes/no goals as Đạt / Chưa đạt;
* year on year (“tăng/giảm x% so với cùng kỳ”) whenever the same month of the previous year is
  in the data: flows compare the cumulative totals, counts their levels, both in percent; rates
  compare in points (“tăng 1,2 điểm phần trăm”), since a percent of a percent misleads;
* each sentence ends with the indicator's status: a pace during the year, a result (“đã đạt /
  chưa đạt kế hoạch năm”) in December and from an indicator's assessed month on, “chưa đến kỳ
  đánh giá” before it; behind, at-risk and not-achieved ones are listed again, with the latest
  note staff wrote for them, in the sector's second paragraph;
* a partial month: a flow not yet reported for the month says so and gives the total to its last
  reported month (“lũy kế 2 tháng”); a level older than the month says which month it is from.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from lib.analytics import formulas
from lib.analytics.datastore import Store
from lib.core import fmt, texts

RATE_UNITS = ("%", "‰")
# The indicators the sector's second paragraph lists again: a pace that falls short, or a result
# (December, or past the indicator's ``assessed`` month) that missed the plan.
CONCERN_STATUSES = ("not_achieved", "at_risk", "behind")


@dataclass(frozen=True)
class Section:
    """One part of the report: a heading (may be empty) and its paragraphs."""

    key: str
    title: str
    paragraphs: tuple[str, ...]


# --- period phrases -------------------------------------------------------------------------

def subtitle(month: int, year: int) -> str:
    """Kết quả thực hiện … tháng 6 và 6 tháng đầu năm 2025 (tháng 1 alone; tháng 12 và cả năm)."""
    if month == 1:
        return texts.REPORT_SUBTITLE_FIRST.format(y=year)
    if month == 12:
        return texts.REPORT_SUBTITLE_YEAR.format(y=year)
    return texts.REPORT_SUBTITLE.format(m=month, y=year)


def period_phrase(month: int, year: int) -> str:
    """tháng 1 năm 2025 · 6 tháng đầu năm 2025 · cả năm 2025."""
    if month == 1:
        return texts.PERIOD_FIRST.format(y=year)
    if month == 12:
        return texts.PERIOD_YEAR.format(y=year)
    return texts.PERIOD_TO_DATE.format(m=month, y=year)


def _period_words(month: int, year: int) -> str:
    """The intro's period: “tháng 6 và 6 tháng đầu năm 2025” (the subtitle without its lead)."""
    sub = subtitle(month, year)
    return sub[sub.index(texts.NARRATIVE_PERIOD_START):]


# --- numbers in words -----------------------------------------------------------------------

def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plan_word(row: dict) -> str:
    return texts.PLAN_WORD.get(row["sector"], texts.PLAN_WORD_DEFAULT)


_OF_WHICH_PREFIX = texts.NARRATIVE_OF_WHICH_PREFIX


def _name(row: dict) -> str:
    """The indicator's name as a sentence starts with it (“Trong đó, đi làm việc …” for a part)."""
    name = str(row["name_vi"])
    if row.get("relation") == "of_which" or name.startswith(_OF_WHICH_PREFIX):
        return texts.NARRATIVE_OF_WHICH + name.removeprefix(_OF_WHICH_PREFIX).strip()
    return name


def _list_name(row: dict) -> str:
    """The name as a list names it: an “of which” part gets its counting noun (“người đi làm việc …”)."""
    name = str(row["name_vi"])
    if row.get("relation") == "of_which" or name.startswith(_OF_WHICH_PREFIX):
        name = name.removeprefix(_OF_WHICH_PREFIX).strip()
        if row["unit"] not in RATE_UNITS and row["unit"] != fmt.BINARY_UNIT:
            name = f"{row['unit']} {name}"
        return name[:1].upper() + name[1:]
    return name


def year_on_year(row: dict, current: float, previous: float | None) -> str:
    """“tăng 11,6% so với cùng kỳ”, “giảm 1,2 điểm phần trăm so với cùng kỳ”, “bằng cùng kỳ”, or ''."""
    if _missing(previous) or _missing(current) or row["unit"] == fmt.BINARY_UNIT:
        return ""
    if row["unit"] in RATE_UNITS:
        change = current - previous
        amount = texts.YOY_POINTS[row["unit"]].format(
            n=fmt.number(abs(change), row["unit"], False, int(row.get("decimals") or 0)).rstrip("%‰"))
        if fmt.number(abs(change), row["unit"], False, int(row.get("decimals") or 0)) == fmt.number(0, row["unit"]):
            return texts.YOY_SAME
    else:
        if previous == 0:
            return ""
        change = (current - previous) / previous * 100
        amount = fmt.percent(abs(change))
        if amount == fmt.percent(0):
            return texts.YOY_SAME
    return (texts.YOY_UP if change > 0 else texts.YOY_DOWN).format(change=amount)


def _status_clause(row: dict, month: int) -> str:
    """How the sentence ends: a pace during the year; a result (“đã đạt / chưa đạt kế hoạch năm”)
    in December and from an indicator's assessed month on (``analytics`` gives no pace status
    then); “chưa đến kỳ đánh giá” before that month."""
    status = row["status"]
    if status in texts.NARRATIVE_STATUS_NO_PROJECTION and _missing(row["projection"]):
        return texts.NARRATIVE_STATUS_NO_PROJECTION[status]
    return texts.NARRATIVE_STATUS[status].format(projection=fmt.of(row, row["projection"]))


def _join(parts: list[str]) -> str:
    """Clauses joined by commas, the sentence ended with a full stop."""
    return ", ".join(p for p in parts if p) + "."


def sentence(row: dict, month_value: float | None, previous: float | None, year: int, month: int) -> str:
    """The sentence of one indicator as of ``month``: its figures, the change against the same
    period of the year before (``previous``: cumulative for flows, the level for levels) and its status."""
    name, plan = _name(row), _plan_word(row)
    target = fmt.of(row, row["target"])
    actual = row["actual_to_date"]
    if _missing(actual):
        template = texts.NARRATIVE_NOT_DUE if row["status"] == "not_due" else texts.NARRATIVE_NO_DATA
        return template.format(name=name, plan=plan, target=target) + "."
    if row["unit"] == fmt.BINARY_UNIT:
        return texts.NARRATIVE_GOAL.format(name=name, value=fmt.of(row, actual).lower()) + "."
    yoy = year_on_year(row, actual, previous)
    if row["aggregation"] == "sum":
        if actual == 0 and (row["expected_to_date"] or 0) == 0:
            template = texts.NARRATIVE_NOT_YET_CROP if row["group"] == "crop" else texts.NARRATIVE_NOT_YET
            return template.format(name=name, plan=plan, target=target) + "."
        through = row.get("data_through")
        values = {"name": name, "m": month, "cum": fmt.of(row, actual), "pct": fmt.percent(row["achievement_pct"]),
                  "plan": plan, "month_value": fmt.of(row, month_value),
                  "through": month if _missing(through) else int(through)}
        if month == 1:
            head = texts.NARRATIVE_FLOW_FIRST.format(**values)
        elif _missing(month_value):
            head = texts.NARRATIVE_FLOW_MONTH_MISSING.format(**values)
        elif values["through"] < month:  # a total some of whose parts are not in for the month
            head = texts.NARRATIVE_FLOW_PARTS_MISSING.format(**values)
        elif month_value == 0:
            head = texts.NARRATIVE_FLOW_MONTH_ZERO.format(**values)
        else:
            head = texts.NARRATIVE_FLOW.format(**values)
    else:
        value = fmt.of(row, actual)
        if row["direction"] == "at_most":
            head = texts.NARRATIVE_CEILING.format(name=name, value=value, plan=plan, target=target)
        elif row["unit"] in RATE_UNITS:
            head = texts.NARRATIVE_RATE.format(name=name, value=value, plan=plan, target=target)
        else:
            head = texts.NARRATIVE_LEVEL.format(name=name, value=value, plan=plan, target=target,
                                                pct=fmt.percent(row["achievement_pct"]))
        last = row.get("last_month")
        if not _missing(last) and int(last) < month:
            head += texts.NARRATIVE_STALE.format(last=int(last), y=year)
    return _join([head, yoy, _status_clause(row, month)])


# --- paragraphs -----------------------------------------------------------------------------

def counts_phrase(statuses: pd.Series) -> str:
    """“5 chỉ tiêu đã đạt kế hoạch năm, 12 chỉ tiêu đúng tiến độ và 2 chỉ tiêu chậm tiến độ”."""
    parts = [texts.NARRATIVE_COUNTS[s].format(n=int((statuses == s).sum()))
             for s in formulas.STATUSES if (statuses == s).any()]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {texts.NARRATIVE_AND} " + parts[-1]


def _latest_notes(month_values: pd.DataFrame) -> dict[str, str]:
    notes = month_values[month_values["note"].astype(str).str.strip() != ""]
    return {code: str(group.sort_values("month")["note"].iloc[-1]).strip()
            for code, group in notes.groupby("code")}


def concerns_paragraph(rows: pd.DataFrame, notes: dict[str, str], month: int) -> str | None:
    """The not-achieved, at-risk and behind indicators, worst first, each with the latest note
    staff wrote (a result that missed the plan is simply “chưa đạt”)."""
    worst = formulas.worst_first(rows)
    worst = worst[worst["status"].isin(CONCERN_STATUSES)]
    if worst.empty:
        return None
    items = []
    for r in worst.to_dict("records"):
        note = notes.get(r["code"])
        note_text = texts.NARRATIVE_CONCERN_NOTE.format(note=note.rstrip(".")) if note else ""
        status = texts.STATUS_SHORT_LABELS[r["status"]].lower()  # a result that missed: “chưa đạt”
        items.append(texts.NARRATIVE_CONCERN_ITEM.format(name=_list_name(r), status=status, note=note_text))
    return texts.NARRATIVE_CONCERNS.format(items="; ".join(items))


def _previous_values(store: Store, gaps: pd.DataFrame, year: int, month: int) -> dict[str, float]:
    """Each indicator's figure in the same period of the year before, when that month is in the data."""
    previous = formulas.month_values(store, year - 1, month)
    present = set(previous.loc[previous["month"] == month, "code"])
    if not present:
        return {}
    before = formulas.gap_table(store, year - 1, month).set_index("code")["actual_to_date"]
    return {code: float(before[code]) for code in gaps["code"] if code in present and not _missing(before[code])}


def sections(store: Store, year: int, month: int, gaps: pd.DataFrame | None = None, *,
             tasks_view: pd.DataFrame | None = None, tasks_as_of=None,
             ranking: pd.DataFrame | None = None) -> list[Section]:
    """The whole draft: intro, overall assessment, one section per sector, the tasks and works
    (``tasks_view``: ``lib.analytics.tasks.assess`` of the list on ``tasks_as_of``), the emulation ranking
    (``ranking``: ``lib.analytics.scoring`` ranking), next month's focus."""
    gaps = formulas.gap_table(store, year, month) if gaps is None else gaps
    values = formulas.month_values(store, year, month)
    this_month = values[values["month"] == month].set_index("code")["value"].to_dict()
    previous = _previous_values(store, gaps, year, month)
    notes = _latest_notes(values)
    relations = store.catalogue.indicators.set_index("code")["relation"].to_dict()

    out = [Section("intro", "", (texts.NARRATIVE_INTRO.format(
        y=year, ward=texts.WARD, period=_period_words(month, year)),))]
    overview = texts.NARRATIVE_OVERVIEW.format(m=month, y=year, n=len(gaps), counts=counts_phrase(gaps["status"]))
    coverage = formulas.month_coverage(store, year, month)
    if coverage["partial"]:  # the reader must know the month's figures are not all in
        overview += texts.NARRATIVE_PARTIAL_MONTH.format(
            m=month, y=year, reported=coverage["reported"], expected=coverage["expected"])
    out.append(Section("overview", texts.NARRATIVE_OVERVIEW_TITLE, (overview,)))
    for i, (sector, label) in enumerate(texts.SECTORS.items(), start=2):
        rows = gaps[gaps["sector"] == sector]
        if rows.empty:
            continue
        lead = texts.NARRATIVE_SECTOR_LEAD.format(sector=label.lower(), n=len(rows), counts=counts_phrase(rows["status"]))
        body = [sentence({**r, "relation": relations.get(r["code"])}, this_month.get(r["code"]),
                         previous.get(r["code"]), year, month)
                for r in rows.to_dict("records")]
        paragraphs = [" ".join([lead, *body])]
        concerns = concerns_paragraph(rows.assign(relation=rows["code"].map(relations)), notes, month)
        if concerns:
            paragraphs.append(concerns)
        out.append(Section(sector, texts.NARRATIVE_SECTOR_TITLE.format(numeral=texts.ROMAN[i - 1], sector=label),
                           tuple(paragraphs)))
    if tasks_view is not None and len(tasks_view):
        out.append(tasks_section(tasks_view, tasks_as_of, year, numeral=texts.ROMAN[len(out) - 1]))
    if ranking is not None and len(ranking):
        out.append(emulation_section(ranking, numeral=texts.ROMAN[len(out) - 1]))
    out.append(_next_steps(gaps.assign(relation=gaps["code"].map(relations)), year, month,
                           numeral=texts.ROMAN[len(out) - 1]))
    return out


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _next_steps(gaps: pd.DataFrame, year: int, month: int, numeral: str) -> Section:
    """Next month's focus: the at-risk indicators by name, how many are behind; at year-end, the
    indicators not achieved."""
    worst = formulas.worst_first(gaps)

    def names(statuses) -> list[str]:
        return [_lower_first(_list_name(r)) for r in worst[worst["status"].isin(statuses)].to_dict("records")]

    at_risk, behind = names(["at_risk"]), names(["behind"])
    if month == 12:
        missed = names(["not_achieved", "at_risk", "behind"])
        text = texts.NARRATIVE_NEXT_YEAR_END.format(y=year, next_y=year + 1, items=", ".join(missed) or "—")
    elif at_risk or behind:
        focus = (texts.NARRATIVE_NEXT_AT_RISK.format(items=", ".join(at_risk)) if at_risk else "")
        focus += texts.NARRATIVE_NEXT_BEHIND.format(n=len(behind)) if behind else ""
        text = texts.NARRATIVE_NEXT.format(focus=focus[:1].upper() + focus[1:], y=year)
    else:
        text = texts.NARRATIVE_NEXT_ALL_GOOD.format(y=year)
    return Section("next", texts.NARRATIVE_NEXT_TITLE.format(numeral=numeral), (text,))


# --- tasks and the emulation ranking ---------------------------------------------------------

def _reported(row: dict) -> bool:
    """Whether an item had been updated by the report's day (``reported`` of ``lib.storage.task_store``)."""
    value = row.get("reported")
    return True if value is None else bool(value)


def tasks_section(view: pd.DataFrame, as_of, year: int, numeral: str) -> Section:
    """The tasks and works: how many in each status, the works' progress, the late ones (with the
    owner, the deadline and the latest note staff wrote)."""
    reported = view["reported"].fillna(True).astype(bool) if "reported" in view else pd.Series(True, index=view.index)
    if not reported.any():  # a list nobody has updated yet: say so, never “0% … chưa bắt đầu”
        text = texts.NARRATIVE_TASKS_NONE_REPORTED.format(total=len(view), y=year, as_of=fmt.day(as_of))
        return Section("tasks", texts.NARRATIVE_TASKS_TITLE.format(numeral=numeral), (text,))
    count = view.loc[reported, "status"].value_counts()
    unreported = int((~reported).sum())
    paragraphs = [texts.NARRATIVE_TASKS.format(
        total=len(view), y=year, as_of=fmt.day(as_of), done=int(count.get("hoan_thanh", 0)),
        doing=int(count.get("dang_thuc_hien", 0) + count.get("cham", 0)),
        not_started=int(count.get("chua_bat_dau", 0)), late=int(view["late"].sum()))
        + (texts.NARRATIVE_TASKS_NOT_REPORTED.format(n=unreported) if unreported else "")]
    works = view[view["kind"] == "cong_trinh"]
    if len(works):
        items = [texts.NARRATIVE_WORK_ITEM.format(title=r["title_vi"], progress=int(r["progress"]),
                                                  status=texts.TASK_STATUS_LABELS[r["status"]].lower())
                 if _reported(r) else texts.NARRATIVE_WORK_NOT_REPORTED.format(title=r["title_vi"])
                 for r in works.to_dict("records")]
        paragraphs.append(texts.NARRATIVE_WORKS.format(items="; ".join(items)))
    late = view[view["late"]]
    if len(late):
        items = []
        for r in late.to_dict("records"):
            note = str(r.get("note") or "").strip().rstrip(".")
            items.append(texts.NARRATIVE_TASK_LATE_ITEM.format(
                title=r["title_vi"], owner=r["owner_name"], deadline=fmt.day(r["deadline"]),
                note=texts.NARRATIVE_CONCERN_NOTE.format(note=note) if note else ""))
        paragraphs.append(texts.NARRATIVE_TASKS_LATE.format(items="; ".join(items)))
    else:
        paragraphs.append(texts.NARRATIVE_TASKS_NONE_LATE)
    return Section("tasks", texts.NARRATIVE_TASKS_TITLE.format(numeral=numeral), tuple(paragraphs))


def emulation_section(ranking: pd.DataFrame, numeral: str, leaders: int = 3, laggards: int = 2) -> Section:
    """The emulation ranking in words: per kind of unit, the leaders and the last ones, with their
    points and share of their maximum (what the rank compares); a kind that cannot be ranked, or
    lacks figures, says what is missing (``lib.analytics.scoring.missing_notes``), never a ranking of zeros."""
    from lib.analytics import scoring

    def unit(r: dict) -> str:
        return texts.NARRATIVE_EMULATION_UNIT.format(name=r["display_name"], score=fmt.decimal_text(r["total"], "#,##0.0"),
                                                     share=fmt.percent(r["share"]))

    paragraphs, ranked_any = [], False
    for kind, label in texts.NARRATIVE_EMULATION_KINDS.items():
        rows = scoring.ranked(ranking, kind).sort_values(["rank", "display_name"]).to_dict("records")
        if rows and all(r["total"] <= 0 for r in rows):
            paragraphs.append(texts.NARRATIVE_EMULATION_NO_POINTS.format(kind_label=label))
        elif len(rows) >= leaders + laggards:
            ranked_any = True
            paragraphs.append(texts.NARRATIVE_EMULATION_KIND.format(
                kind_label=label, leaders=", ".join(unit(r) for r in rows[:leaders]),
                laggards=", ".join(unit(r) for r in rows[-laggards:])))
        paragraphs.extend(scoring.missing_notes(ranking, kind) + scoring.left_out_notes(ranking, kind))
    if ranked_any:
        paragraphs.append(texts.NARRATIVE_EMULATION_BASIS)
    if ranking["display_name"].astype(str).str.contains(texts.UNIT_DEMO_MARK.strip(), regex=False).any():
        paragraphs.append(texts.NARRATIVE_EMULATION_DEMO)
    return Section("emulation", texts.NARRATIVE_EMULATION_TITLE.format(numeral=numeral), tuple(paragraphs))
