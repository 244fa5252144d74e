"""A row's figure: read from its cell, settled once the file's number convention is known, and
judged for its indicator (form, range, a fraction written for a percent, a year-to-date total).

No number is stored on a guess: an ambiguous “1.260” is read the file's way, or refused.
"""
from __future__ import annotations

import datetime as dt
import decimal
import math
from dataclasses import dataclass

from lib.core import fmt, settings, texts
from lib.core.problems import Problem
from lib.readers.catalogue import bounds
from lib.upload.cells import Cell, excel_text
from lib.upload.context import Context
from lib.upload.display import intl_decimal, number, plain_number, quantity, rows_text
from lib.upload.numbers import INTL, VN, InvalidNumber, Num, parse_number_text
from lib.upload.problems import fault, placed
from lib.upload.text import clean

# Yes/no goals (unit "đạt"): words that are certain.
YES_NO_WORDS = {"có": 1.0, "không": 0.0, "đạt": 1.0, "chưa đạt": 0.0, "không đạt": 0.0,
                "true": 1.0, "false": 0.0}
# The catalogue's unit of money: a figure of a million or more in it was written in đồng.
MILLION_DONG_WORDS = {"triệu đồng"}


@dataclass
class Entry:
    """One data row that names an indicator (known or not) and has a value to read."""

    row: int
    code: str
    ind: dict | None
    cell: Cell
    column: str
    num: Num | None = None            # text values
    number: float | None = None       # values already certain (Excel numbers, yes/no words)
    failed: bool = False
    value: float | None = None
    note: str = ""
    unit: str = ""                    # the reporting unit's code; "" = the ward as a whole
    unit_error: bool = False          # the unit is unknown, or may not report this indicator
    cumulative: bool = False          # the cell is the year-to-date total (“lũy kế”), not the month's
    partner: "Entry | None" = None    # a cumulative given beside the month's amount: checked against it
    earlier: decimal.Decimal | None = None   # cumulative: the stored total of the earlier months

    @property
    def stored(self) -> bool:
        """Whether the row's figure is stored."""
        return self.ind is not None and not self.failed and not self.unit_error and self.value is not None

    def fail(self, ctx: Context, found: Problem, column: str | None = None) -> None:
        """The figure cannot be stored: ``found`` says why, at this row and ``column`` (the entry's)."""
        self.failed = True
        ctx.found.add(placed(found, self.row, self.column if column is None else column))


def entry_for(ctx: Context, rowno: int, code: str, ind: dict | None, value_cell: Cell, cum_cell: Cell, note: str,
              unit_code: str, unit_failed: bool, broken: set) -> Entry:
    """The row's figure: the month's amount (or level), or, when only the year-to-date column
    is filled, that total (turned into the month's amount once stored months are known).
    Both filled: the month's amount, with the total as a partner checked against it."""
    table = ctx.table
    has_cum = "cumulative" in table.columns and not cum_cell.blank
    use_cum = has_cum and value_cell.blank
    column = table.heading("cumulative" if use_cum else "value")
    entry = Entry(rowno, code, ind, cum_cell if use_cum else value_cell, column, note=note, unit=unit_code,
                  unit_error=unit_failed, cumulative=use_cum)
    if "value" in broken or "indicator_code" in broken or (has_cum and "cumulative" in broken):
        entry.failed = True
        return entry
    if has_cum and ind is not None and ind["aggregation"] != "sum":
        entry.fail(ctx, fault("ERR_UPLOAD_CUMULATIVE_LEVEL", name=ind["name_vi"],
                              value_column=table.heading("value")), table.heading("cumulative"))
        return entry
    read_value(ctx, entry)
    if has_cum and not use_cum:
        partner = Entry(rowno, code, ind, cum_cell, table.heading("cumulative"), unit=unit_code,
                        unit_error=unit_failed, cumulative=True, partner=entry)
        read_value(ctx, partner)
        entry.partner = partner
        if partner.failed:
            entry.failed = True
    return entry


def read_value(ctx: Context, e: Entry) -> None:
    """The cell's number (certain: ``e.number``; written as text: ``e.num``), or why it is none."""
    c, ind = e.cell, e.ind
    name = ind["name_vi"] if ind is not None else e.code
    unit = ind["unit"] if ind is not None else ""
    if c.blank:
        e.fail(ctx, fault("ERR_UPLOAD_VALUE_BLANK", name=name or "?"))
    elif c.kind == "number":
        value = float(c.value)
        if not math.isfinite(value):
            e.fail(ctx, fault("ERR_UPLOAD_VALUE_NOT_FINITE", found=str(c.value)))
        elif c.percent and ind is not None and unit != "%":
            e.fail(ctx, fault("ERR_UPLOAD_VALUE_PERCENT_FORMAT", found=fmt.percent(value * 100, 1), name=name,
                              unit=unit))
        else:
            e.number = round(value * 100, 9) if c.percent else value
    elif c.kind == "bool":
        if unit == fmt.BINARY_UNIT or ind is None:
            e.number = 1.0 if c.value else 0.0
        else:
            e.fail(ctx, fault("ERR_UPLOAD_VALUE_BOOL", found=excel_text(c.value), name=name))
    elif c.kind == "date":
        shown = c.value.strftime("%d/%m/%Y") if isinstance(c.value, (dt.date, dt.datetime)) else str(c.value)
        e.fail(ctx, fault("ERR_UPLOAD_VALUE_DATE", found=shown))
    else:
        text = clean(c.text)
        word = YES_NO_WORDS.get(" ".join(text.casefold().split()))
        if word is not None and unit == fmt.BINARY_UNIT:
            e.number = word
            return
        try:
            e.num = parse_number_text(text)
        except InvalidNumber as bad:
            e.fail(ctx, bad.problem)


def file_convention(ctx: Context, entries: list[Entry]) -> tuple[str | None, dict[str, list[Entry]]]:
    """The file's number convention (VN, INTL, None when no cell tells) and the cells that show
    each; cells of both conventions in one file: those of the rarer one (of both when even) fail."""
    styled = {VN: [e for e in entries if e.num and e.num.style == VN],
              INTL: [e for e in entries if e.num and e.num.style == INTL]}
    vn, intl = styled[VN], styled[INTL]
    if vn and intl:
        wrong = intl if len(intl) < len(vn) else vn if len(vn) < len(intl) else vn + intl
        for e in sorted(wrong, key=lambda x: x.row):
            other = intl if e.num.style == VN else vn
            e.fail(ctx, fault("ERR_UPLOAD_VALUE_MIXED", found=clean(e.cell.text),
                              style=_style(e.num.style), other_style=_style(INTL if e.num.style == VN else VN),
                              other_rows=_rows(other), example=clean(other[0].cell.text)))
        return None, styled
    return (VN if vn else INTL if intl else None), styled


def _style(style: str) -> str:
    return texts.NUMBER_STYLE_VN if style == VN else texts.NUMBER_STYLE_INTL


def _rows(entries: list[Entry]) -> str:
    return rows_text([o.row for o in entries], 5)


def resolve_values(ctx: Context, entries: list[Entry]) -> None:
    """Settle every figure read (an ambiguous one the file's way), judge it for its indicator and
    keep the month's amount in ``e.value``."""
    convention, styled = file_convention(ctx, entries)
    for e in entries:
        if e.failed:
            continue
        if e.num is not None and not _settle(ctx, e, convention, styled[INTL]):
            continue
        if e.ind is None or e.number is None or (e.cumulative and e.partner is not None):
            continue  # a cumulative beside the month's figure is checked once that is settled
        why, month = admissible(ctx, e, e.number)
        if why:
            e.fail(ctx, why)
            continue
        e.value = float(round(month)) if e.ind["integer"] else float(month)
        if e.value == 0:
            e.value = 0.0  # never -0.0
        if e.cumulative:
            code, params = cumulative_used(ctx, e)
            ctx.found.warn_at(code, e.row, e.column, **params)


def _settle(ctx: Context, e: Entry, convention: str | None, intl: list[Entry]) -> bool:
    """The number written as text, in ``e.number``; False when it cannot be known."""
    num = e.num
    if num.value is None:
        if convention is None:
            e.fail(ctx, fault("ERR_UPLOAD_VALUE_AMBIGUOUS", found=clean(e.cell.text), plain=str(num.as_group),
                              fraction=number(num.as_decimal), sep=num.sep))
            return False
        groups = (num.sep == ".") == (convention == VN)
        if convention == VN or e.ind is None:
            # Vietnamese writing (1.260 = 1260, 1,260 = 1,26) is also the ward's habit.
            num.value = num.as_group if groups else num.as_decimal
        elif not pick_reading(ctx, e, num, groups, intl):
            e.failed = True
            return False
    value = float(num.value)
    if not math.isfinite(value):
        e.fail(ctx, fault("ERR_UPLOAD_VALUE_NOT_FINITE", found=clean(e.cell.text)))
        return False
    e.number = value
    if num.fullwidth:
        ctx.found.warn_at("WARN_UPLOAD_FULLWIDTH_DIGITS", e.row, e.column, found=clean(e.cell.text),
                          value=plain_number(num.value))
    return True


def pick_reading(ctx: Context, e: Entry, num: Num, groups: bool, evidence: list[Entry]) -> bool:
    """A “1.260” or “1,260” in a file whose numbers are written the international way: the
    file says one reading, the ward's Vietnamese habit the other. Kept (with a warning) when
    only one of them is possible for the indicator; refused (False) otherwise."""
    file_v, other_v = (num.as_group, num.as_decimal) if groups else (num.as_decimal, num.as_group)
    file_why, _ = admissible(ctx, e, float(file_v))
    other_why, _ = admissible(ctx, e, float(other_v))
    found = clean(e.cell.text)
    if file_why is None and other_why is None:
        example = evidence[0]
        ctx.found.error("ERR_UPLOAD_VALUE_TWO_READINGS", e.row, e.column,
                        found=found, as_group=plain_number(num.as_group), as_decimal=plain_number(num.as_decimal),
                        sep=num.sep, name=e.ind["name_vi"], style=texts.NUMBER_STYLE_INTL,
                        example=clean(example.cell.text), example_row=example.row,
                        write_group=plain_number(num.as_group), write_decimal=intl_decimal(num.as_decimal))
        return False
    if file_why is not None and other_why is not None:
        ctx.found.add(placed(file_why, e.row, e.column))
        return False
    chosen, other, why = (file_v, other_v, other_why) if file_why is None else (other_v, file_v, file_why)
    how = texts.READ_AS_GROUP if chosen is num.as_group else texts.READ_AS_DECIMAL
    ctx.found.warn_at("WARN_UPLOAD_VALUE_READ_AS", e.row, e.column, found=found, value=plain_number(chosen),
                      how=how.format(sep=num.sep), other=plain_number(other), why=why.message)
    num.value = chosen
    return True


def admissible(ctx: Context, e: Entry, v: float) -> tuple[Problem | None, float | None]:
    """(why the reading ``v`` of the cell cannot be stored, or None; the month's amount it
    gives): a year-to-date total becomes the month's amount by taking away the stored months."""
    if not e.cumulative:
        why = judge(e, v)
        return why, (v if why is None else None)
    why = judge_form(e, v)
    if why:
        return why, None
    unit, name = e.ind["unit"], e.ind["name_vi"]
    month = ctx.month
    earlier, missing = month.earlier(e.code, e.unit)
    if missing:
        return fault("ERR_UPLOAD_CUMULATIVE_MISSING", cum=quantity(v, unit), label=month.label, name=name,
                     unit=ctx.unit_text(e.unit), months=month.months_text(missing),
                     value_column=ctx.table.heading("value")), None
    cum = decimal.Decimal(format(v, ".15g"))
    amount = cum - earlier
    shown = {"cum": quantity(cum, unit), "earlier": quantity(earlier, unit), "month": quantity(amount, unit),
             "months": month.before_text()}
    if amount < 0:
        return fault("ERR_UPLOAD_CUMULATIVE_BELOW", name=name, unit=ctx.unit_text(e.unit), **shown), None
    why = judge(e, float(amount))
    if why:
        return fault("ERR_UPLOAD_CUMULATIVE_DERIVED_WHY", why=why.message, **shown), None
    e.earlier = earlier
    return None, float(amount)


def cumulative_used(ctx: Context, e: Entry) -> tuple[str, dict]:
    """The warning (code, params) for a year-to-date total stored as the month's amount."""
    unit = e.ind["unit"]
    label = fmt.period_label(ctx.month.key)
    month = ctx.month.chosen_number
    if month == 1:
        return "WARN_UPLOAD_CUMULATIVE_FIRST", {"month": quantity(e.value, unit), "label": label}
    return "WARN_UPLOAD_CUMULATIVE_USED", {
        "cum": quantity(e.number, unit), "months": ctx.month.months_text(list(range(1, month))),
        "earlier": quantity(e.earlier, unit), "month": quantity(e.value, unit), "label": label}


def judge_form(e: Entry, v: float) -> Problem | None:
    """What the value's form forbids whatever its size: a wrong sign (%, ‰), not 0/1 for a
    yes/no goal, a fraction of a count, a negative amount."""
    ind = e.ind
    unit, name = ind["unit"], ind["name_vi"]
    found = clean(e.cell.text) if e.cell.kind == "text" else number(v)
    suffix = e.num.suffix if e.num is not None else ""
    if suffix and suffix != unit:
        return fault("ERR_UPLOAD_VALUE_SUFFIX", found=found, sign=suffix, name=name, unit=unit)
    if unit == fmt.BINARY_UNIT:
        return None if v in (0.0, 1.0) else fault("ERR_UPLOAD_VALUE_BINARY", name=name, found=found)
    low, _high = bounds(ind)
    if ind["integer"] and not math.isclose(v, round(v), rel_tol=0, abs_tol=1e-9):
        return fault("ERR_UPLOAD_VALUE_FRACTION", name=name, unit=unit, value=number(v))
    if v < 0 <= low:
        return fault("ERR_UPLOAD_VALUE_NEGATIVE", value=quantity(v, unit), name=name, low=quantity(low, unit))
    return None


def fraction_reading(e: Entry, v: float, low: float, high: float) -> float | None:
    """The percent a value of at most 1 would be if it were a fraction (0,923 → 92,3), when
    that reading is possible: a rate whose plan figure or minimum is well above 1%, no % sign
    written, not an Excel percent cell."""
    ind = e.ind
    if ind["unit"] != "%" or not 0 < v <= 1 or e.cell.percent or (e.num is not None and e.num.suffix):
        return None
    if not (low > 1 or float(ind["target"]) >= settings.FRACTION_TARGET_MIN):
        return None
    percent = round(v * 100, 9)
    return percent if low <= percent <= high else None


def judge(e: Entry, v: float | None = None) -> Problem | None:
    """Why the value cannot be stored for its indicator, or None."""
    v = e.number if v is None else v
    why = judge_form(e, v)
    ind = e.ind
    unit, name = ind["unit"], ind["name_vi"]
    if why or unit == fmt.BINARY_UNIT:
        return why
    found = clean(e.cell.text) if e.cell.kind == "text" else number(v)
    low, high = bounds(ind)
    if unit == "%" and v > 100:
        return fault("ERR_UPLOAD_VALUE_PERCENT_OVER", value=quantity(v, unit))
    if unit in MILLION_DONG_WORDS and v >= 1_000_000:
        return fault("ERR_UPLOAD_VALUE_DONG", value=number(v), hint=quantity(v / 1_000_000, unit))
    fraction = fraction_reading(e, v, low, high)
    if low <= v <= high:
        if fraction is None:
            return None
        return fault("ERR_UPLOAD_VALUE_PERCENT_OR_FRACTION", found=found, value=number(v), percent=number(fraction),
                     name=name, low=quantity(low, unit), high=quantity(high, unit))
    params = {"value": quantity(v, unit), "name": name, "low": quantity(low, unit)}
    if not math.isinf(high):
        params["high"] = quantity(high, unit)
    code = "ERR_UPLOAD_VALUE_BELOW" if math.isinf(high) else "ERR_UPLOAD_VALUE_RANGE"
    if fraction is None:
        return fault(code, **params)
    return fault(code + "_FRACTION", hint=number(fraction), found=found, **params)
