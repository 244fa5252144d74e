"""One problem type for every reader of a file and for the upload check.

A reader (targets, reporting units, stored months, tasks, scoring rules) or the upload check
collects *all* the problems of a file, each with where it is (``row``, ``column``), what it is
(``code``: the name of a message in ``lib.core.texts``) and what to say (``params``), and raises
``ProblemsError`` once, or returns them. Checking is apart from showing: the Vietnamese message is
written only when shown, by ``Problem.message`` / ``str(problem)``, and the page, the CLI and the
JSON output format problems with the functions here, never by hand.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from lib.core import texts


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be used as it is.

    ``code``: a message's name in ``lib.core.texts`` (``"ERR_TARGETS_MISSING"``); ``params``: the
    values its ``{placeholders}`` take; ``row``: the file's line or sheet row (header = 1), None
    for the whole file; ``column``: the heading as written in the file, None if not one column.
    A message whose text names the place itself (``{row}`` in it) is shown as it is; any other is
    prefixed with the place (“Dòng 3, cột “value”: …”).
    """

    code: str
    params: Mapping = field(default_factory=dict)
    row: int | None = None
    column: str | None = None

    def __post_init__(self):
        if not isinstance(getattr(texts, self.code, None), str):
            raise ValueError(f"{self.code!r} is not a message of lib.core.texts")
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def __reduce__(self):
        # Picklable (Streamlit's st.cache_data pickles what it caches; a mappingproxy is not).
        return (Problem, (self.code, dict(self.params), self.row, self.column))

    @property
    def template(self) -> str:
        return getattr(texts, self.code)

    @property
    def names_its_place(self) -> bool:
        return "{row" in self.template or "{column" in self.template

    @property
    def message(self) -> str:
        """The Vietnamese message, without the place unless the message names it itself."""
        return self.template.format(**self._place(), **self.params)

    def _place(self) -> dict:
        place = {}
        if self.row is not None:
            place["row"] = self.row
        if self.column is not None:
            place["column"] = self.column
        return place

    def __str__(self) -> str:
        message = self.message
        if self.names_its_place:
            return message
        if self.row is not None and self.column:
            return texts.PROBLEM_AT_ROW_COLUMN.format(row=self.row, column=self.column, message=message)
        if self.row is not None:
            return texts.PROBLEM_AT_ROW.format(row=self.row, message=message)
        if self.column:
            return texts.PROBLEM_AT_COLUMN.format(column=self.column, message=message)
        return message

    def to_json(self) -> dict:
        """``{"row", "column", "code", "params", "message"}``: the message without the place."""
        return {"row": self.row, "column": self.column, "code": self.code,
                "params": {k: _json_value(v) for k, v in self.params.items()}, "message": self.message}


def _json_value(value):
    return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)


class ProblemsError(ValueError):
    """A file cannot be used: ``problems`` lists every reason found, in file order.

    ``messages`` (and ``str(error)``, one per line) are the problems as shown to people."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(lines(self.problems)))

    @property
    def messages(self) -> list[str]:
        return lines(self.problems)


def problem(code: str, row: int | None = None, column: str | None = None, **params) -> Problem:
    """``Problem(code, params, row, column)`` written as a call: ``problem("ERR_X", 3, path=p)``."""
    return Problem(code, params, row, column)


def lines(problems: Iterable[Problem]) -> list[str]:
    """Each problem as one line of Vietnamese, with its place: for the page and the CLI."""
    return [str(p) for p in problems]


def to_json(problems: Iterable[Problem]) -> list[dict]:
    """Each problem as a JSON object (``Problem.to_json``): for ``--json`` output."""
    return [p.to_json() for p in problems]
