"""Text as every module compares and stores it: Unicode NFC, and the yes/no words of the CSV files.

One place for these, so that the targets file, the reporting units, the task list, the scoring
rules, uploads, passwords and exports all agree on what the same text is.
"""
from __future__ import annotations

import unicodedata

# The words a yes/no column may hold (after ``clean`` and lower-casing); anything else is a problem
# the reader reports. An empty cell means no.
YES_WORDS = frozenset({"true", "1", "yes", "có", "x"})
NO_WORDS = frozenset({"false", "0", "no", "không", ""})

# Unicode bidirectional controls: they can make a note read backwards (U+202E) and are never typed
# on purpose in a ward's figures.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_CONTROL = {c: None for c in range(32) if chr(c) not in "\n\t"} | {0x7F: None, 0x0B: "\n", 0x0C: "\n", 0x0D: "\n"}


def nfc(text) -> str:
    """``text`` as Unicode NFC (precomposed letters: a Vietnamese word typed with another input
    method may arrive decomposed); None is the empty string. Nothing is stripped."""
    return "" if text is None else unicodedata.normalize("NFC", str(text))


def clean(text) -> str:
    """NFC with the outer whitespace removed: how a cell of a CSV file is read."""
    return nfc(text).strip()


def printable(text) -> str:
    """NFC without control characters (pasted text may carry them; Word and Excel files cannot hold
    them); Windows line ends become ``\\n``."""
    return nfc("" if text is None else str(text).replace("\r\n", "\n")).translate(_CONTROL)


def is_flag(word: str) -> bool:
    """Whether ``word`` (already cleaned and lower-cased) is one of the yes/no words."""
    return word in YES_WORDS or word in NO_WORDS


def flag(word: str) -> bool:
    """True for a yes word; False otherwise (check ``is_flag`` first to report a wrong word)."""
    return word in YES_WORDS
