"""Checks across the rows of a file, once each figure is settled: a year-to-date total beside the
month's amount, an indicator reported both for the ward and by its groups, a part (“of which”)
larger than its whole, and a month's figure that looks like a running total."""
from __future__ import annotations

import decimal

from lib.core import fmt, texts
from lib.upload.context import Context
from lib.upload.display import quantity, rows_text
from lib.upload.values import Entry, judge_form


def _exact(value: float) -> decimal.Decimal:
    return decimal.Decimal(format(value, ".15g"))


def check_partners(ctx: Context, entries: list[Entry]) -> None:
    """A year-to-date total written beside the month's amount must agree with it and the
    stored months; when those months are missing it cannot be checked (said as a warning)."""
    for e in entries:
        p = e.partner
        if p is None or e.failed or e.value is None or p.failed or p.number is None:
            continue
        why = judge_form(p, p.number)
        if why:
            e.fail(ctx, why, p.column)
            continue
        unit = e.ind["unit"]
        earlier, missing = ctx.month.earlier(e.code, e.unit)
        if missing:
            ctx.found.warn_at("WARN_UPLOAD_CUMULATIVE_UNCHECKED", p.row, p.column,
                              months=ctx.month.months_text(missing), cum=quantity(p.number, unit),
                              value=quantity(e.value, unit))
            continue
        expected = earlier + _exact(e.value)
        cum = _exact(p.number)
        if abs(cum - expected) > decimal.Decimal("1e-9") * max(1, abs(cum)):
            e.failed = True
            ctx.found.error("ERR_UPLOAD_CUMULATIVE_MISMATCH", p.row, p.column,
                            cum=quantity(cum, unit), value=quantity(e.value, unit), value_column=e.column,
                            months=ctx.month.before_text(), earlier=quantity(earlier, unit),
                            expected=quantity(expected, unit))


def check_mixed(ctx: Context, entries: list[Entry]) -> None:
    """An indicator is reported either for the ward or by its groups, never both in one file."""
    known = [e for e in entries if e.ind is not None and not e.unit_error]
    by_units = {e.code for e in known if e.unit}
    for code in dict.fromkeys(e.code for e in known if not e.unit and e.code in by_units):
        ward_rows = [e.row for e in known if e.code == code and not e.unit]
        unit_rows = [e.row for e in known if e.code == code and e.unit]
        for e in known:
            if e.code == code and not e.unit:
                e.failed = True
        ctx.found.error("ERR_UPLOAD_UNIT_MIXED", ward_rows[0], name=ctx.catalogue.get(code)["name_vi"],
                        ward_rows=rows_text(ward_rows, 5), unit_rows=rows_text(unit_rows, 5))


def check_of_which(ctx: Context, entries: list[Entry]) -> None:
    """A part counted “of which” inside another indicator cannot exceed it (a by-unit whole:
    the sum of its groups in the file)."""
    good: dict[str, list[Entry]] = {}
    for e in entries:
        if e.stored:
            good.setdefault(e.code, []).append(e)
    for parts in good.values():
        e, part = parts[0], sum(p.value for p in parts)
        if e.ind.get("relation") != "of_which" or not e.ind.get("parent"):
            continue
        wholes = good.get(e.ind["parent"])
        if not wholes:
            continue
        whole, total = wholes[0], sum(w.value for w in wholes)
        if part <= total + 1e-9:
            continue
        for p in parts:
            p.failed = True
        ctx.found.error("ERR_UPLOAD_OF_WHICH", e.row, e.column, part_name=e.ind["name_vi"],
                        part=quantity(part, e.ind["unit"]), whole_name=whole.ind["name_vi"],
                        whole=quantity(total, whole.ind["unit"]), whole_row=whole.row)


def flows_to_date(ctx: Context, entries: list[Entry]) -> None:
    """The year-to-date total of each summed figure (for the preview), and a warning on a
    month's figure that is at least the stored total of the earlier months: a running total
    typed where the month's amount belongs would be counted twice."""
    month = ctx.month.number
    for e in entries:
        if not e.stored or e.ind["aggregation"] != "sum":
            continue
        earlier, missing = ctx.month.earlier(e.code, e.unit)
        if not missing:
            ctx.year_to_date[(e.code, e.unit)] = float(earlier + _exact(e.value))
        if e.cumulative or e.partner is not None or month == 1 or earlier <= 0:
            continue
        if _exact(e.value) >= earlier:
            present = [m for m in range(1, month) if m not in missing]
            unit = e.ind["unit"]
            ctx.found.warn_at("WARN_UPLOAD_LOOKS_CUMULATIVE", e.row, e.column, value=quantity(e.value, unit),
                              label=fmt.period_label(ctx.month.key), months=ctx.month.months_text(present),
                              earlier=quantity(earlier, unit), name=e.ind["name_vi"], unit=ctx.unit_text(e.unit),
                              cumulative_column=texts.TEMPLATE_HEADINGS["cumulative"])
