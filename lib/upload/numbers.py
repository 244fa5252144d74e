"""Numbers written as text: what a cell's figure is, or why it is not one.

A lone “1.260” or “1,260” is ambiguous (thousands or decimals): ``parse_number_text`` then gives
both readings, and the file's convention (``VN`` / ``INTL``, from its other cells) decides later.
"""
from __future__ import annotations

import decimal
import re
import unicodedata
from dataclasses import dataclass

from lib.core.normalise import BIDI_CONTROLS
from lib.core.problems import Problem
from lib.upload.problems import fault
from lib.upload.text import SPACE_CHARS, clean, codes

VN, INTL = "vn", "intl"

EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
                "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
_NOT_FINITE = {"nan", "inf", "infinity", "∞", "+inf", "-inf", "-infinity", "+infinity", "-∞", "+∞",
               "-nan", "+nan"}
_P_INT = re.compile(r"\d+")
_P_SPACE_INT = re.compile(r"\d{1,3}(?: \d{3})+")
_P_SPACE_DEC = re.compile(r"(\d{1,3}(?: \d{3})+)([.,])(\d*)")
_P_ONE_SEP = re.compile(r"(\d*)([.,])(\d*)")
_P_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_P_COMMA_GROUPS = re.compile(r"\d{1,3}(?:,\d{3}){2,}")
_P_VN_DEC = re.compile(r"(\d{1,3}(?:\.\d{3})+),(\d*)")
_P_INTL_DEC = re.compile(r"(\d{1,3}(?:,\d{3})+)\.(\d*)")
_P_SCIENTIFIC = re.compile(r"\d*[.,]?\d+[eE][+-]?\d+")
_P_DATE = re.compile(r"\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|\d{1,2}-[A-Za-z]{3}(?:-\d{2,4})?|[A-Za-z]{3}-\d{2,4}")
_FULLWIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                            "．": ".", "，": ",", "－": "-", "＋": "+", "％": "%", "\u3000": " "})


class InvalidNumber(ValueError):
    """A value that is not a number; ``problem`` (no place yet) says why."""

    def __init__(self, found: Problem):
        super().__init__(found.code)
        self.problem = found

    @property
    def message(self) -> str:
        return self.problem.message


def _invalid(code: str, /, **params) -> InvalidNumber:
    return InvalidNumber(fault(code, **params))


@dataclass
class Num:
    value: decimal.Decimal | None     # None when ambiguous
    style: str | None = None          # evidence of the file's convention: VN / INTL / None
    as_group: decimal.Decimal | None = None    # ambiguous: the separator groups thousands
    as_decimal: decimal.Decimal | None = None  # ambiguous: the separator is the decimal mark
    sep: str = ""
    suffix: str = ""                  # "%" or "‰" written after the number
    fullwidth: bool = False           # written with full-width digits (１２６０), read as 1260


def _foreign_digits(text: str) -> list[str]:
    """Decimal digits other than 0–9 and their full-width forms (١, २ …)."""
    return [c for c in text if unicodedata.decimal(c, None) is not None
            and not ("0" <= c <= "9" or "\uff10" <= c <= "\uff19")]


def _dec(int_part: str, frac: str = "") -> decimal.Decimal:
    return decimal.Decimal(f"{int_part or '0'}.{frac or '0'}")


def _refuse_unreadable(found: str) -> None:
    """What makes ``found`` not a number before its digits are looked at."""
    if any(c in BIDI_CONTROLS for c in found):
        raise _invalid("ERR_UPLOAD_VALUE_BIDI", codes=codes(found, BIDI_CONTROLS))
    foreign = _foreign_digits(found)
    if foreign:
        reading = "".join(str(unicodedata.decimal(c)) if unicodedata.decimal(c, None) is not None else c
                          for c in found.translate(_FULLWIDTH))
        raise _invalid("ERR_UPLOAD_VALUE_FOREIGN_DIGITS", found=found, reading=reading,
                       chars=", ".join(dict.fromkeys(f"{c} U+{ord(c):04X}" for c in foreign)))
    t = found.translate(_FULLWIDTH)
    upper = t.upper()
    if upper in EXCEL_ERRORS:
        raise _invalid("ERR_UPLOAD_VALUE_EXCEL_ERROR", found=upper)
    if t and set(t) == {"#"}:
        raise _invalid("ERR_UPLOAD_VALUE_HASHES", found=t)
    if t.casefold().replace(" ", "") in _NOT_FINITE:
        raise _invalid("ERR_UPLOAD_VALUE_NOT_FINITE", found=found)


def parse_number_text(text: str) -> Num:
    """Read a number written as text; raises InvalidNumber with the reason when it is not one."""
    found = clean(text)
    _refuse_unreadable(found)
    t = found.translate(_FULLWIDTH)
    fullwidth = t != found
    suffix = ""
    if t.endswith(("%", "‰")):
        suffix, t = t[-1], t[:-1].strip()
    negative = False
    if t.startswith("(") and t.endswith(")"):          # accounting style (1.260,5)
        negative, t = True, t[1:-1].strip()
    if t[:1] in ("-", "−", "+"):
        if negative and t[0] != "+":
            raise _invalid("ERR_UPLOAD_VALUE_MALFORMED", found=found)
        negative = negative or t[0] != "+"
        t = t[1:].strip()
    for ch in SPACE_CHARS:
        t = t.replace(ch, " ")
    num = classify(t, found)
    num.suffix = suffix
    num.fullwidth = fullwidth
    if negative:
        num.value = -num.value if num.value is not None else None
        num.as_group = -num.as_group if num.as_group is not None else None
        num.as_decimal = -num.as_decimal if num.as_decimal is not None else None
    return num


def classify(t: str, found: str) -> Num:
    """The number ``t`` (signs and suffix removed from ``found``, as written): its value and the
    convention it shows, or both readings when it is ambiguous."""
    if _P_INT.fullmatch(t):
        return Num(decimal.Decimal(t))
    if _P_SPACE_INT.fullmatch(t):
        return Num(decimal.Decimal(t.replace(" ", "")))
    m = _P_SPACE_DEC.fullmatch(t)
    if m:
        return Num(_dec(m.group(1).replace(" ", ""), m.group(3)), VN if m.group(2) == "," else INTL)
    m = _P_ONE_SEP.fullmatch(t)
    if m and (m.group(1) or m.group(3)):
        int_part, sep, frac = m.groups()
        if len(frac) == 3 and 1 <= len(int_part) <= 3 and not int_part.startswith("0"):
            return Num(None, None, as_group=decimal.Decimal(int_part + frac),
                       as_decimal=_dec(int_part, frac), sep=sep)
        return Num(_dec(int_part, frac), VN if sep == "," else INTL)
    if _P_DOT_GROUPS.fullmatch(t):
        return Num(decimal.Decimal(t.replace(".", "")), VN)
    if _P_COMMA_GROUPS.fullmatch(t):
        return Num(decimal.Decimal(t.replace(",", "")), INTL)
    m = _P_VN_DEC.fullmatch(t)
    if m:
        return Num(_dec(m.group(1).replace(".", ""), m.group(2)), VN)
    m = _P_INTL_DEC.fullmatch(t)
    if m:
        return Num(_dec(m.group(1).replace(",", ""), m.group(2)), INTL)
    raise _not_a_number(t, found)


def _not_a_number(t: str, found: str) -> InvalidNumber:
    if _P_SCIENTIFIC.fullmatch(t):
        return _invalid("ERR_UPLOAD_VALUE_SCIENTIFIC", found=found)
    if _P_DATE.fullmatch(t):
        return _invalid("ERR_UPLOAD_VALUE_DATE", found=found)
    if any(c.isalpha() for c in t) or not t:
        return _invalid("ERR_UPLOAD_VALUE_TEXT", found=found)
    return _invalid("ERR_UPLOAD_VALUE_MALFORMED", found=found)
