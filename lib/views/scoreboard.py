"""The scoreboard for people: the criteria and the ranking as Vietnamese tables, a Markdown list of
the criteria, and the ranking's downloads (CSV, Excel). The numbers come from
``lib.analytics.scoring``; every text cell of a download is formula-safe."""
from __future__ import annotations

import io

import pandas as pd

from lib.analytics.scoring import (
    SCORED,
    Scoreboard,
    field_label,
    missing_note,
    pct_text,
    plain_text,
    points_text,
    round1,
)
from lib.core import fmt, texts
from lib.readers.rules import SPLIT
from lib.views.templates import spreadsheet_safe


def describe_rule(rule: dict, indicators: pd.DataFrame, task_titles: dict[str, str] | None = None) -> str:
    """How a criterion earns its points, in one Vietnamese sentence (the rules table)."""
    kind = rule["kind"]
    names = dict(zip(indicators["code"], indicators["name_vi"]))
    if kind == "bonus":
        condition = texts.EMU_CONDITIONS[rule["condition"]].format(
            name=names.get(rule["indicator"], rule["indicator"]),
            task=(task_titles or {}).get(rule["condition_arg"], rule["condition_arg"]))
        return texts.EMU_HOW_BONUS.format(points=points_text(min(rule["points"], rule["weight"])), condition=condition)
    if kind == "penalty":
        return texts.EMU_HOW_PENALTY.format(points=points_text(rule["points"]), weight=points_text(rule["weight"]),
                                            occurrence=texts.EMU_CONDITIONS[rule["condition"]])
    if kind == "indicator":
        measured = texts.EMU_HOW_INDICATOR.format(name=names.get(rule["indicator"], rule["indicator"]))
    elif kind == "field":
        measured = texts.EMU_HOW_FIELD.format(field=field_label(rule["indicator"], indicators))
    else:
        measured = texts.EMU_MEASURES[rule["measure"]]
    return f"{measured}: {describe_scale(rule)}"


def describe_scale(rule: dict) -> str:
    """How a scored criterion's achievement becomes points (linear or threshold), in words."""
    if rule["mapping"] == "threshold":
        return texts.EMU_HOW_THRESHOLD.format(full=plain_text(rule["full_at"]), weight=points_text(rule["weight"]))
    return texts.EMU_HOW_LINEAR.format(zero=plain_text(rule["zero_at"]), full=plain_text(rule["full_at"]),
                                       weight=points_text(rule["weight"]))


def same_scale(a: dict, b: dict) -> bool:
    """Two field criteria that differ only in whom they apply to and which field (shown as one)."""
    keys = ("kind", "short_vi", "weight", "mapping", "zero_at", "full_at")
    return a["kind"] == "field" and all(a[k] == b[k] for k in keys)


def rule_max_text(rule: dict) -> str:
    """The most a criterion gives (“20,0”), adds (“+5,0”) or takes off (“−10,0”)."""
    if rule["kind"] == "penalty":
        return "−" + points_text(rule["weight"])
    if rule["kind"] == "bonus":
        return "+" + points_text(min(rule["points"], rule["weight"]))
    return points_text(rule["weight"])


def with_unit_kinds(rules: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The rules with ``unit_kinds``: the kinds of the units each one applies to."""
    kinds = dict(zip(units["code"], units["kind"]))
    return rules.assign(unit_kinds=[tuple(dict.fromkeys(kinds[u] for u in us if u in kinds)) for us in rules["units"]])


def kind_rules(rules: pd.DataFrame, units: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """The rules in file order with ``unit_kinds``; with ``kind``, only those applying to some unit
    of that kind, with ``whole_kind`` telling whether ``applies_to`` names just that kind."""
    rules = with_unit_kinds(rules, units)
    if kind is not None:
        rules = rules[[kind in kinds for kinds in rules["unit_kinds"]]]
    tokens = [[t.lower() for t in SPLIT.split(text) if t] for text in rules["applies_to"]]
    return rules.assign(whole_kind=[t == [kind] for t in tokens]).reset_index(drop=True)


def applies_text(rule: dict, units: pd.DataFrame) -> str:
    """Whom a rule applies to, in words: “Các tổ dân phố”, or the units' names."""
    names = dict(zip(units["code"], units["display_name"]))
    tokens = [t.lower() for t in SPLIT.split(rule["applies_to"]) if t]
    return ", ".join(texts.EMU_APPLIES_KIND.get(t) or names.get(t, t) for t in tokens)


def rules_table(rules: pd.DataFrame, indicators: pd.DataFrame, units: pd.DataFrame, kind: str | None = None,
                task_titles: dict[str, str] | None = None) -> pd.DataFrame:
    """The criteria with Vietnamese headings — Tiêu chí, Áp dụng cho, Điểm tối đa, Cách chấm, Ghi
    chú — in file order; with ``kind``, only those applying to some unit of that kind."""
    rows = [{texts.COL_EMU_CRITERION: rule["name_vi"], texts.COL_EMU_APPLIES: applies_text(rule, units),
             texts.COL_EMU_WEIGHT: rule_max_text(rule),
             texts.COL_EMU_HOW: describe_rule(rule, indicators, task_titles),
             texts.COL_EMU_NOTE: rule["note_vi"]}
            for rule in kind_rules(rules, units, kind).to_dict("records")]
    return pd.DataFrame(rows, columns=[texts.COL_EMU_CRITERION, texts.COL_EMU_APPLIES, texts.COL_EMU_WEIGHT,
                                       texts.COL_EMU_HOW, texts.COL_EMU_NOTE])


def criterion_columns(breakdown: pd.DataFrame) -> list[str]:
    """The criteria's short names in rule order (criteria of the same short name share a column)."""
    return list(dict.fromkeys(breakdown["criterion_short"]))


def ranking_table(ranking: pd.DataFrame, breakdown: pd.DataFrame, kind: str | None = None,
                  as_text: bool = True) -> pd.DataFrame:
    """The ranking with Vietnamese headings, for the page, its download and the monthly report.

    Without ``kind``: every unit, residential groups then departments — Hạng, Đơn vị, Loại đơn vị,
    Tổng điểm, Điểm tối đa, % điểm tối đa (what the rank compares). With ``kind``: that kind's
    units, and after those columns one column of points per criterion, headed by its ``short_vi``
    (criteria of the same short name share one; empty where the criterion does not count for the
    unit). A unit not ranked has no rank or points, only the note; the Ghi chú column (present
    when some unit lacks figures) says what is missing. ``as_text`` writes numbers the Vietnamese
    way (87,5); otherwise they stay numbers (for a spreadsheet).
    """
    frame = ranking if kind is None else ranking[ranking["kind"] == kind]
    empty = "" if as_text else None

    def number(value, show: bool = True):
        return (points_text(value) if as_text else float(value)) if show and not pd.isna(value) else empty

    shown = frame["ranked"].tolist()
    table = pd.DataFrame({texts.COL_EMU_RANK: pd.array([int(r) if ok else None for r, ok in zip(frame["rank"], shown)],
                                                       dtype="Int64"),
                          texts.COL_EMU_UNIT: frame["display_name"].tolist()})
    if kind is None:
        table[texts.COL_EMU_KIND] = [texts.EMU_KIND_LABELS.get(k, k) for k in frame["kind"]]
    table[texts.COL_EMU_TOTAL] = [number(v, ok) for v, ok in zip(frame["total"], shown)]
    table[texts.COL_EMU_MAX] = [number(v, ok) for v, ok in zip(frame["max_total"], shown)]
    table[texts.COL_EMU_SHARE] = [number(v, ok) for v, ok in zip(frame["share"], shown)]
    if kind is not None and len(frame):
        mine = breakdown[breakdown["unit"].isin(frame["unit"])]
        counts = mine[mine["state"] == SCORED]
        sums = counts.groupby(["unit", "criterion_short"], sort=False)["points"].sum()
        for name in criterion_columns(mine):
            table[name] = [number(sums[(u, name)], ok) if (u, name) in sums.index else empty
                           for u, ok in zip(frame["unit"], shown)]
    if any(frame["missing"]):
        table[texts.COL_EMU_NOTE] = [missing_note(r) for r in frame.to_dict("records")]
    return table


def unit_breakdown_table(breakdown: pd.DataFrame, unit: str) -> pd.DataFrame:
    """One unit's points criterion by criterion (Tiêu chí, Mức đạt, Điểm, Điểm tối đa, Cách tính)."""
    rows = []
    for line in breakdown[breakdown["unit"] == unit].to_dict("records"):
        rows.append({texts.COL_EMU_CRITERION: line["criterion_name"],
                     texts.COL_EMU_ACHIEVEMENT: "—" if pd.isna(line["achievement"]) else pct_text(line["achievement"]),
                     texts.COL_EMU_POINTS: points_text(line["points"]),
                     texts.COL_EMU_MAX: texts.EMU_PENALTY_MAX if line["rule_kind"] == "penalty"
                     or line["state"] != SCORED else points_text(line["max_points"]),
                     texts.COL_EMU_EXPLANATION: line["explanation"]})
    return pd.DataFrame(rows, columns=[texts.COL_EMU_CRITERION, texts.COL_EMU_ACHIEVEMENT, texts.COL_EMU_POINTS,
                                       texts.COL_EMU_MAX, texts.COL_EMU_EXPLANATION])


def rules_markdown(board: Scoreboard, kind: str) -> str:
    """The criteria as a Markdown list: short name (the table's column), most points, how they are
    earned, the ward's note. Field criteria that differ only in the department and its field make
    one item with a line per department. The file's text is Markdown-escaped, never HTML."""
    inputs = board.inputs
    titles = {} if inputs.tasks is None else dict(zip(inputs.tasks["id"], inputs.tasks["title_vi"]))
    groups: list[list[dict]] = []
    for rule in kind_rules(board.rules, inputs.units, kind).to_dict("records"):
        if groups and same_scale(groups[-1][0], rule):
            groups[-1].append(rule)
        else:
            groups.append([rule])
    lines = []
    for group in groups:
        rule = group[0]
        head = f"- **{fmt.md_escape(rule['short_vi'])}**"
        points = f" · {fmt.md_escape(rule_max_text(rule))} {texts.EMU_POINTS_WORD}"
        if len(group) > 1:
            scale = fmt.md_escape(f"{texts.EMU_HOW_FIELD_EACH}: {describe_scale(rule)}")
            lines.append(f"{head}{points}: {scale}.")
            for each in group:
                field = field_label(each["indicator"], inputs.indicators)
                note = f" *{fmt.md_escape(each['note_vi'])}*" if each["note_vi"] else ""
                lines.append(f"    - {fmt.md_escape(applies_text(each, inputs.units))}: "
                             f"{fmt.md_escape(field)}.{note}")
            continue
        whom = "" if rule["whole_kind"] else f" ({fmt.md_escape(applies_text(rule, inputs.units))})"
        note = f" *{fmt.md_escape(rule['note_vi'])}*" if rule["note_vi"] else ""
        how = fmt.md_escape(describe_rule(rule, inputs.indicators, titles))
        lines.append(f"{head}{whom}{points}: {how}.{note}")
    return "\n".join(lines)


def ranking_csv(table: pd.DataFrame) -> bytes:
    """A ranking table as CSV for Excel: UTF-8 with a BOM, text cells formula-safe."""
    safe = table.map(lambda v: spreadsheet_safe(v) if isinstance(v, str) else v)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def ranking_xlsx(table: pd.DataFrame, details: pd.DataFrame, title: str) -> bytes:
    """A workbook: the ranking (numbers as numbers, one decimal) under a title row, and every
    unit's points criterion by criterion with the explanation. Text cells are formula-safe."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    sheets = [(wb.active, texts.EMU_SHEET, table), (wb.create_sheet(), texts.EMU_SHEET_DETAILS, details)]
    for ws, name, frame in sheets:
        ws.title = name
        ws.append([spreadsheet_safe(title)])
        ws["A1"].font = Font(bold=True, size=13)
        ws.append([spreadsheet_safe(c) for c in frame.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DBEAFE")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in frame.itertuples(index=False):
            ws.append([spreadsheet_safe(v) if isinstance(v, str) else (None if pd.isna(v) else v) for v in row])
        for column in ws.iter_cols(min_row=3):
            for cell in column:
                if isinstance(cell.value, float):
                    cell.number_format = "0.0"
        for i, col in enumerate(frame.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in frame[col]])
            ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = min(max(8, longest + 2), 70)
        ws.freeze_panes = "C3"
        ws.auto_filter.ref = f"A2:{ws.cell(row=2, column=len(frame.columns)).column_letter}{len(frame) + 2}"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def details_table(ranking: pd.DataFrame, breakdown: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """Every unit's points criterion by criterion, numbers as numbers (the workbook's second sheet)."""
    names = dict(zip(ranking["unit"], ranking["display_name"]))
    units = ranking["unit"] if kind is None else ranking.loc[ranking["kind"] == kind, "unit"]
    mine = breakdown[breakdown["unit"].isin(set(units))]
    order = {u: i for i, u in enumerate(units)}
    mine = mine.assign(_o=mine["unit"].map(order)).sort_values("_o", kind="stable")
    return pd.DataFrame({
        texts.COL_EMU_UNIT: [names[u] for u in mine["unit"]],
        texts.COL_EMU_CRITERION: mine["criterion_name"].tolist(),
        texts.COL_EMU_ACHIEVEMENT: [None if pd.isna(a) else round1(a) for a in mine["achievement"]],
        texts.COL_EMU_POINTS: mine["points"].tolist(),
        texts.COL_EMU_MAX: [None if k == "penalty" or st != SCORED else m
                            for k, st, m in zip(mine["rule_kind"], mine["state"], mine["max_points"])],
        texts.COL_EMU_EXPLANATION: mine["explanation"].tolist(),
    })
