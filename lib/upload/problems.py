"""The problems and warnings one check collects.

Every error is a ``lib.core.problems.Problem`` (a ``lib.core.texts`` code and its params). Words
taken from the file are shown with their bidirectional controls written out ([U+202E]), so that a
message never reorders itself on screen: ``fault`` does that to every text param.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from lib.core.normalise import BIDI_CONTROLS
from lib.core.problems import Problem


def visible(text: str) -> str:
    """The text with bidi controls written as [U+202E], so that a message never reorders itself."""
    return "".join(f"[U+{ord(c):04X}]" if c in BIDI_CONTROLS else c for c in text)


def fault(code: str, row: int | None = None, column: str | None = None, /, **params) -> Problem:
    """The problem ``code`` (a ``lib.core.texts`` name) at ``row``/``column``, its text params made
    visible. Positional-only: a message may have a param named ``code``."""
    return Problem(code, {k: visible(v) if isinstance(v, str) else v for k, v in params.items()}, row, column)


def placed(found: Problem, row: int | None, column: str | None) -> Problem:
    """``found`` (made without a place) at ``row``/``column``."""
    return dataclasses.replace(found, row=row, column=column)


class Refused(Exception):
    """The file cannot be read any further: ``problem`` says why."""

    def __init__(self, found: Problem):
        super().__init__(found.code)
        self.problem = found


@dataclass
class Findings:
    """What one check found: ``errors`` (each rejects the file) and ``warnings`` (lines of text)."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def error(self, code: str, row: int | None = None, column: str | None = None, /, **params) -> None:
        self.errors.append(fault(code, row, column, **params))

    def add(self, found: Problem) -> None:
        self.errors.append(found)

    def warn(self, text: str) -> None:
        """A warning already written (it names its place itself, if it has one)."""
        self.warnings.append(text)

    def warn_at(self, code: str, row: int, column: str | None, /, **params) -> None:
        """The warning ``code`` with its place before it (“Dòng 3, cột “value”: …”)."""
        self.warnings.append(visible(str(Problem(code, params, row, column))))

    def has_error_at(self, row: int) -> bool:
        return any(e.row == row for e in self.errors)
