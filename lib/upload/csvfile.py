"""A CSV file's text → its records: the delimiter (“,” or “;”, Excel's ``sep=`` line) and the
fields of each record with the line it starts on, quotes checked."""
from __future__ import annotations

import re

from lib.core import settings
from lib.upload.cells import Cell
from lib.upload.decode import decode_csv
from lib.upload.problems import Refused, fault
from lib.upload.text import clean, short

_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def read_csv(data: bytes, name: str, codes: set[str]) -> tuple[list, str]:
    """The records of a CSV file as (line, cells), and its delimiter; raises Refused.
    ``codes``: the catalogue's indicator codes (a quote that swallows lines holding them is unclosed)."""
    text = decode_csv(data, name)
    delimiter, text = find_delimiter(text)
    records = split_records(text, delimiter, codes)
    return [(line, [Cell(text=f, quoted=q) for f, q in zip(fields, quoted)])
            for line, fields, quoted in records], delimiter


def find_delimiter(text: str) -> tuple[str, str]:
    """The delimiter from the header line (the first line with content) and the text; honours
    Excel's ``sep=;`` first line (blanked, so that line numbers stay those of the file)."""
    for m in re.finditer(r"[^\r\n]*", text):
        line = m.group(0)
        if not line.strip(" \t,;"):
            continue
        stripped = line.strip()
        if stripped.lower().startswith("sep=") and len(stripped) == 5:
            sep = stripped[4]
            if sep in ",;":
                return sep, text[: m.start()] + text[m.end():]
            if sep == "\t":
                raise Refused(fault("ERR_UPLOAD_TAB"))
            continue
        outside = re.sub(r'"[^"]*"', "", line)
        semicolons, commas = outside.count(";"), outside.count(",")
        if semicolons > commas:
            return ";", text
        if commas == 0 and "\t" in outside:
            raise Refused(fault("ERR_UPLOAD_TAB"))
        return ",", text
    return ",", text


def _header_heading(records: list, index: int) -> str | None:
    """The heading of field ``index`` in the header read so far (the first record with content)."""
    for _, fields, _q in records:
        if any(clean(f) for f in fields):
            return clean(fields[index]) or None if index < len(fields) else None
    return None


class _Reader:
    """Reads the records of ``text`` one field at a time."""

    def __init__(self, text: str, delim: str, codes: set[str]):
        self.text, self.delim, self.codes = text, delim, codes
        self.unquoted = re.compile("[^" + re.escape(delim) + "\r\n]*")
        self.records: list = []
        self.pos, self.line = 0, 1

    def refuse(self, line: int, index: int, code: str, /, **params) -> Refused:
        return Refused(fault(code, line, _header_heading(self.records, index), **params))

    def quoted_field(self, j: int, index: int) -> str:
        """The quoted field starting at ``j`` (the ``index``-th of its record); moves past it."""
        text, n, delim = self.text, len(self.text), self.delim
        quote_line = self.line
        m = _QUOTED.match(text, j)
        if not m:
            raise self.refuse(quote_line, index, "ERR_UPLOAD_QUOTE_UNCLOSED")
        raw = m.group(1)
        breaks = raw.count("\n") + raw.count("\r") - raw.count("\r\n")
        k = m.end()
        while k < n and text[k] in " \t":
            k += 1
        swallowed = breaks and any(any(clean(tok).lower() in self.codes for tok in part.split(delim))
                                   for part in _LINE_BREAK.split(raw)[1:])
        if swallowed or (k < n and text[k] not in (delim, "\r", "\n") and breaks):
            raise self.refuse(quote_line, index, "ERR_UPLOAD_QUOTE_UNCLOSED")
        if k < n and text[k] not in (delim, "\r", "\n"):
            after = self.unquoted.match(text, k).group(0)
            raise self.refuse(quote_line, index, "ERR_UPLOAD_QUOTE_TRAILING", after=short(after, 20))
        self.line += breaks
        self.pos = k
        return raw.replace('""', '"')

    def record(self) -> None:
        """Read one record (it may span lines inside quotes) into ``records``."""
        text, n = self.text, len(self.text)
        start_line = self.line
        fields: list[str] = []
        quoted: list[bool] = []
        while True:
            j = self.pos
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] == '"':
                fields.append(self.quoted_field(j, len(fields)))
                quoted.append(True)
            else:
                m = self.unquoted.match(text, self.pos)
                fields.append(m.group(0))
                quoted.append(False)
                self.pos = m.end()
            if len(fields) > settings.MAX_CSV_FIELDS:
                raise Refused(fault("ERR_UPLOAD_TOO_MANY_FIELDS", start_line, limit=settings.MAX_CSV_FIELDS))
            if self.pos >= n:
                break
            if text[self.pos] == self.delim:
                self.pos += 1
                if self.pos >= n:  # a trailing delimiter at the very end: one more empty field
                    fields.append("")
                    quoted.append(False)
                    break
                continue
            self.pos += 2 if text.startswith("\r\n", self.pos) else 1
            self.line += 1
            break
        self.records.append((start_line, fields, quoted))


def split_records(text: str, delim: str, codes: set[str]) -> list:
    """CSV records as (first line number, fields, quoted flags); raises Refused on a broken quote.
    Reading stops once there are more rows with content than a file may hold."""
    reader = _Reader(text, delim, codes)
    filled = 0
    while reader.pos < len(text):
        reader.record()
        if any(clean(f) for f in reader.records[-1][1]):
            filled += 1
            if filled > settings.MAX_ROWS + 1:  # header + too many rows: enough to say so
                break
    return reader.records
