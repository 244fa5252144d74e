"""One model of a cell for CSV and Excel: what was written, and what kind of value it is."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lib.upload.text import clean


@dataclass
class Cell:
    text: str = ""               # the cell as written (NFC); Excel values converted to text
    kind: str = "text"           # text | number | bool | date | error | formula | empty
    value: object = None         # Excel: the number / bool / date
    quoted: bool = False         # CSV: the field was in quotes
    ref: str | None = None       # Excel: A1-style reference
    percent: bool = False        # Excel: the number format shows a percentage

    @property
    def blank(self) -> bool:
        if self.kind == "empty":
            return True
        return self.kind == "text" and not clean(self.text)


EMPTY = Cell(kind="empty")


def excel_text(value) -> str:
    """An Excel value as text: TRUE/FALSE, 1260 rather than 1260.0, dates in ISO form."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return "" if value is None else str(value)


def cell_text(c: Cell) -> str:
    """The cell as text, cleaned: a heading, a code, a unit."""
    return clean(c.text if c.kind == "text" else excel_text(c.value))


def quoted_text(c: Cell) -> str:
    """The cell as a message quotes it: text cleaned, an Excel value as Excel shows it."""
    return clean(c.text) if c.kind == "text" else excel_text(c.value)
