"""Text as the upload compares and quotes it: cells cleaned, headings and units as comparison keys."""
from __future__ import annotations

import unicodedata

from lib.core.normalise import nfc

INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
SPACE_CHARS = "\u00a0\u202f\u2009\u2007"   # NBSP, narrow NBSP, thin space, figure space
_STROKED_D = str.maketrans({chr(0x0111): "d", chr(0x0110): "D"})   # the letter đ has no decomposition


def clean(text: str) -> str:
    """NFC, outer whitespace (NBSP too) and invisible characters removed."""
    return nfc(text).strip().strip(INVISIBLE).strip()


def key(text: str) -> str:
    """Comparison key of a heading/unit/name: NFC, casefolded, underscores as spaces, one space."""
    text = clean(text).casefold().replace("_", " ")
    return " ".join(text.split()).rstrip(":*").strip()


def plain(text: str) -> str:
    """The key without diacritics (ma chi tieu), for headings typed without accents."""
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED_D))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def short(text: str, limit: int = 60) -> str:
    """The text on one line, cut to ``limit`` characters with “…”."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def codes(text: str, chars: str) -> str:
    """“U+202E, U+2066”: the characters of ``chars`` found in ``text``, as code points."""
    return ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in text if c in chars))
