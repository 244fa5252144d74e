"""The bytes of a CSV file → its text, or why it cannot be read (a binary file, UTF-16, a legacy
Vietnamese font encoding, mixed encodings …)."""
from __future__ import annotations

import codecs
import io
import re
import zipfile

from lib.core import texts
from lib.core.normalise import nfc
from lib.upload.problems import Refused, fault

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"   # .xls, and password-protected .xlsx
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b",
                 b"PK\x05\x06", b"MZ", b"\x7fELF", b"{\\rtf")
_CONTROL = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x19\x1b-\x1f\x7f]")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")

# Characters that never occur in Vietnamese but that text in the old font encodings shows once
# read as Windows-1258 (or pasted from a .VnTime / VNI-Times document into a Unicode file).
_TCVN3_MARKS = "¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹¼½¾ÆÇË"
_VNI_MARKS = "øäåëïîöûüñÑÖØÄÅÜÛÏÎ"
_MARKS = _TCVN3_MARKS + _VNI_MARKS
_MARK_IN_WORD = re.compile("(?:(?<=[^\\W\\d_])|(?<=[" + re.escape(_MARKS) + "]))[" + re.escape(_MARKS) + "]")
_LEGACY_MIN_HITS = 2


def looks_utf16(data: bytes) -> bool:
    sample = data[:4096]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.3


def looks_like_text(data: bytes) -> bool:
    """Whether the bytes read as text (UTF-8 or Windows-1258, no control characters)."""
    sample = data[:4096]
    if b"\x00" in sample or _CONTROL.search(sample):
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not just a character cut at the end of the sample
            try:
                sample.decode("cp1258")
            except UnicodeDecodeError:
                return False
    return True


def _line_at(data, index: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, index) + 1


def legacy_font(text: str) -> tuple[str, str] | None:
    """(encoding label, a sample word) when the text looks like TCVN3/VNI, else None."""
    hits = list(_MARK_IN_WORD.finditer(text))
    if len(hits) < _LEGACY_MIN_HITS:
        return None
    tcvn3 = sum(1 for m in hits if m.group(0) in _TCVN3_MARKS)
    vni = len(hits) - tcvn3
    label = texts.LEGACY_TCVN3 if tcvn3 > vni else texts.LEGACY_VNI if vni > tcvn3 else texts.LEGACY_EITHER
    pos = hits[0].start()
    start, end = pos, pos + 1
    stop = set(" \t\r\n,;\"'")
    while start > 0 and pos - start < 20 and text[start - 1] not in stop:
        start -= 1
    while end < len(text) and end - pos < 20 and text[end] not in stop:
        end += 1
    return label, text[start:end]


def refuse_legacy_font(text: str) -> None:
    """Raise Refused when ``text`` is in a legacy Vietnamese font encoding (TCVN3, VNI)."""
    legacy = legacy_font(text)
    if legacy:
        encoding, sample = legacy
        raise Refused(fault("ERR_UPLOAD_LEGACY_FONT", encoding=encoding, fonts=texts.LEGACY_FONTS[encoding],
                            sample=sample))


def _refuse_not_text(data: bytes, name: str) -> None:
    """What the first bytes tell: an .xlsx or another binary file, UTF-16, NUL or control characters."""
    if data.startswith(ZIP_MAGIC):
        try:
            is_excel = "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
        except Exception:  # noqa: BLE001
            is_excel = False
        raise Refused(fault("ERR_UPLOAD_RENAMED_XLSX" if is_excel else "ERR_UPLOAD_BINARY", name=name))
    if data.startswith(OLE_MAGIC):
        raise Refused(fault("ERR_UPLOAD_OLD_EXCEL", name=name))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_BE)) or looks_utf16(data):
        raise Refused(fault("ERR_UPLOAD_UTF16"))
    if data.startswith(_BINARY_MAGIC):
        raise Refused(fault("ERR_UPLOAD_BINARY", name=name))
    nul = data.find(b"\x00")
    if nul >= 0:
        raise Refused(fault("ERR_UPLOAD_NUL", _line_at(data, nul)))


def decode_csv(data: bytes, name: str) -> str:
    """The text of a CSV file (UTF-8, else Windows-1258; NFC, no BOM); raises Refused."""
    _refuse_not_text(data, name)
    data = data.rstrip(b"\x1a")  # DOS end-of-file mark
    control = _CONTROL.search(data)
    if control:
        raise Refused(fault("ERR_UPLOAD_CONTROL_CHAR", _line_at(data, control.start()),
                            code=f"0x{control.group(0)[0]:02X}"))
    body = data[len(codecs.BOM_UTF8):] if data.startswith(codecs.BOM_UTF8) else data
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        replaced = body.decode("utf-8", errors="replace").count("\ufffd")
        valid = len(_UTF8_MULTIBYTE.findall(body))
        if valid >= 2 and valid > replaced:
            raise Refused(fault("ERR_UPLOAD_MIXED_ENCODING", _line_at(body, exc.start))) from None
        try:
            text = body.decode("cp1258")
        except UnicodeDecodeError:
            raise Refused(fault("ERR_UPLOAD_ENCODING")) from None
    text = nfc(text).lstrip("\ufeff")
    refuse_legacy_font(text)
    return text
