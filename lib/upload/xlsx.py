"""An Excel .xlsx file → the records of its first sheet, after checking it is safe to open.

The workbook is inspected with ``zipfile`` before openpyxl touches it (member count, uncompressed
size, compression ratio, DOCTYPE/ENTITY declarations); openpyxl then parses the XML through
defusedxml (``openpyxl.xml.DEFUSEDXML``), so entity-expansion bombs are refused twice.
"""
from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import warnings as _warnings
import zipfile
from itertools import zip_longest

import defusedxml  # noqa: F401  (installed ⇒ openpyxl parses every XML part through defusedxml)
from defusedxml import DefusedXmlException

from lib.core import settings, texts
from lib.core.normalise import nfc
from lib.upload.cells import EMPTY, Cell, excel_text
from lib.upload.decode import OLE_MAGIC, ZIP_MAGIC, looks_like_text, looks_utf16, refuse_legacy_font
from lib.upload.display import count, sizes
from lib.upload.problems import Refused, fault

_MEDIA_PREFIXES = ("xl/media/", "xl/embeddings/", "docprops/thumbnail")
_SHEET_RID = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\br:id=\"([^\"]+)\"")
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_UNSAFE_XML = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_UNSAFE_XML_TEXT = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_QUOTED_FORMAT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def first_sheet_part(parts: dict[str, bytes]) -> str | None:
    """The zip member of the workbook's first sheet (the one read), from xl/workbook.xml and its
    relationships; None when it cannot be told (the streaming read then applies the limits alone)."""
    found = _SHEET_RID.search(parts.get("xl/workbook.xml", b""))
    if not found:
        return None
    for rel in _RELATIONSHIP.findall(parts.get("xl/_rels/workbook.xml.rels", b"")):
        if f'Id="{found.group(1).decode("ascii", "replace")}"'.encode() in rel:
            target = re.search(rb'Target="([^"]+)"', rel)
            if not target:
                return None
            path = target.group(1).decode("utf-8", "replace")
            return path.lstrip("/") if path.startswith("/") else "xl/" + path
    return None


def unsafe_xml(content: bytes) -> bool:
    """A DOCTYPE or ENTITY declaration: Excel never writes one; entity bombs need one."""
    if _UNSAFE_XML.search(content):
        return True
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or looks_utf16(content):
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                if _UNSAFE_XML_TEXT.search(content.decode(encoding, errors="ignore")):
                    return True
            except Exception:  # noqa: BLE001
                continue
    return False


def caused_by(exc: BaseException, kind: type) -> bool:
    """Whether ``exc`` or an exception it was raised from is a ``kind``."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def is_percent_format(number_format: str | None) -> bool:
    return bool(number_format) and "%" in _QUOTED_FORMAT.sub("", number_format)


def excel_cell(cv, cf, ref: str) -> Cell:
    """One worksheet cell from the cached-values pass (cv) and the formulas pass (cf)."""
    value = getattr(cv, "value", None)
    data_type = getattr(cv, "data_type", None)
    if value is None:
        if getattr(cf, "data_type", None) == "f":
            return Cell(kind="formula", ref=ref)
        return Cell(kind="empty", ref=ref)
    if data_type == "e":
        return Cell(text=str(value), kind="error", value=value, ref=ref)
    if isinstance(value, bool):
        return Cell(text=excel_text(value), kind="bool", value=value, ref=ref)
    if isinstance(value, (int, float)):
        return Cell(text=excel_text(value), kind="number", value=value, ref=ref,
                    percent=is_percent_format(getattr(cv, "number_format", None)))
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return Cell(text=excel_text(value), kind="date", value=value, ref=ref)
    return Cell(text=nfc(str(value)), kind="text", ref=ref)


def _sheet_too_large() -> Refused:
    return Refused(fault("ERR_UPLOAD_XLSX_SHEET_TOO_LARGE", max_cells=count(settings.MAX_SHEET_CELLS),
                         max_rows=count(settings.MAX_SHEET_ROWS)))


def _open_archive(data: bytes, name: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The zip archive and its members, refused when it is not one or would be too large unpacked."""
    if not data.startswith(ZIP_MAGIC):
        if data.startswith(OLE_MAGIC):
            raise Refused(fault("ERR_UPLOAD_OLD_EXCEL", name=name))
        raise Refused(fault("ERR_UPLOAD_XLSX_IS_TEXT" if looks_like_text(data) else "ERR_UPLOAD_XLSX_INVALID",
                            name=name))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except Exception:  # noqa: BLE001 (BadZipFile, and whatever a crafted header provokes)
        raise Refused(fault("ERR_UPLOAD_XLSX_INVALID", name=name)) from None
    if len(infos) > settings.MAX_XLSX_MEMBERS:
        raise Refused(fault("ERR_UPLOAD_XLSX_MEMBERS", n=count(len(infos)), limit=count(settings.MAX_XLSX_MEMBERS)))
    total = sum(i.file_size for i in infos)
    if total > settings.MAX_XLSX_UNCOMPRESSED:
        shown, limit = sizes(total, settings.MAX_XLSX_UNCOMPRESSED)
        raise Refused(fault("ERR_UPLOAD_XLSX_UNCOMPRESSED", size=shown, limit=limit))
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused(fault("ERR_UPLOAD_XLSX_ENCRYPTED"))
        if (info.file_size > settings.ZIP_BOMB_MIN_SIZE
                and info.file_size > settings.ZIP_BOMB_RATIO * max(info.compress_size, 1)):
            ratio = info.file_size // max(info.compress_size, 1)
            raise Refused(fault("ERR_UPLOAD_XLSX_BOMB", member=info.filename, ratio=count(ratio)))
    xml_size = sum(i.file_size for i in infos if not i.filename.lower().startswith(_MEDIA_PREFIXES))
    if xml_size > settings.MAX_XLSX_XML:  # what openpyxl parses (twice when there are formulas)
        shown, limit = sizes(xml_size, settings.MAX_XLSX_XML)
        raise Refused(fault("ERR_UPLOAD_XLSX_XML_TOO_LARGE", size=shown, limit=limit))
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise Refused(fault("ERR_UPLOAD_XLSX_INVALID", name=name))
    return archive, infos


def check_xlsx(data: bytes, name: str) -> bool:
    """Refuse a workbook that is not safe to open (see the module docstring); True when some part
    has formulas (a second openpyxl pass then sees those whose cached value is missing)."""
    archive, infos = _open_archive(data, name)
    has_formulas = False
    parts = {}
    for info in infos:  # every part is read once here: sizes and CRCs are checked by zipfile
        try:
            content = archive.read(info)
        except Exception:  # noqa: BLE001
            raise Refused(fault("ERR_UPLOAD_XLSX_UNREADABLE", name=name)) from None
        if unsafe_xml(content):
            raise Refused(fault("ERR_UPLOAD_XLSX_UNSAFE_XML"))
        has_formulas = has_formulas or bool(_FORMULA_TAG.search(content)) or looks_utf16(content)
        parts[info.filename] = content
    sheet = parts.get(first_sheet_part(parts) or "")
    if sheet is not None and (sheet.count(b"<c ") + sheet.count(b"<c>") > settings.MAX_SHEET_CELLS
                              or sheet.count(b"<row") > settings.MAX_SHEET_ROWS):
        # The same limit the streaming read applies, counted on the raw XML: a sheet of
        # 180.000 formatted empty cells is refused in milliseconds instead of after parsing half.
        raise _sheet_too_large()
    return has_formulas


def read_xlsx(data: bytes, name: str, warnings: list[str]) -> list:
    """The records (sheet row, cells) of the first sheet of a safe workbook; raises Refused.
    A warning about other sheets with content is added to ``warnings``."""
    has_formulas = check_xlsx(data, name)
    records = read_workbook(data, name, has_formulas, warnings)
    refuse_legacy_font("\n".join(c.text for _, cells in records for c in cells if c.kind == "text"))
    return records


def _row_cells(row_v, row_f, rowno: int) -> list[Cell]:
    """The cells of one sheet row up to its last used one ([] when none is used)."""
    from openpyxl.utils import get_column_letter

    used = {}
    for col in range(1, max(len(row_v), len(row_f)) + 1):
        cv = row_v[col - 1] if col <= len(row_v) else None
        cf = row_f[col - 1] if col <= len(row_f) else None
        if getattr(cv, "value", None) is not None or getattr(cf, "data_type", None) == "f":
            used[col] = excel_cell(cv, cf, f"{get_column_letter(col)}{rowno}")
    if not used:
        return []
    return [used.get(col, EMPTY) for col in range(1, max(used) + 1)]


def _sheet_records(sheet_v, rows_f) -> list:
    """The rows with content, within the sheet limits, stopping once there are too many."""
    records: list = []
    budget = settings.MAX_SHEET_CELLS
    for rowno, (row_v, row_f) in enumerate(zip_longest(sheet_v.iter_rows(), rows_f, fillvalue=()), 1):
        budget -= max(len(row_v), len(row_f), 1)
        if budget < 0 or rowno > settings.MAX_SHEET_ROWS:
            raise _sheet_too_large()
        cells = _row_cells(row_v, row_f, rowno)
        if cells and any(not c.blank for c in cells):
            records.append((rowno, cells))
            if len(records) > settings.MAX_ROWS + 1:
                break
    return records


def _load(openpyxl, data: bytes, books: list, data_only: bool):
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=data_only, keep_links=False)
    books.append(book)
    return book


def read_workbook(data: bytes, name: str, has_formulas: bool, warnings: list[str]) -> list:
    """The records of the workbook's first sheet, read with openpyxl; raises Refused."""
    import openpyxl  # imported here: the CSV path does not need it

    books: list = []
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            values = _load(openpyxl, data, books, data_only=True)
            if not values.worksheets:
                raise Refused(fault("ERR_UPLOAD_XLSX_NO_SHEET"))
            sheet_v = values.worksheets[0]
            if len(values.worksheets) > 1 and any(
                    (ws.max_row or 0) > 1 or (ws.max_column or 0) > 1 for ws in values.worksheets[1:]):
                warnings.append(texts.WARN_UPLOAD_EXTRA_SHEETS.format(n=len(values.worksheets), sheet=sheet_v.title))
            sheet_v.reset_dimensions()  # the <dimension> a tool wrote may be wrong
            rows_f = iter(())
            if has_formulas:  # a second pass sees the formulas whose cached value is missing
                sheet_f = _load(openpyxl, data, books, data_only=False).worksheets[0]
                sheet_f.reset_dimensions()
                rows_f = sheet_f.iter_rows()
            return _sheet_records(sheet_v, rows_f)
    except Refused:
        raise
    except Exception as exc:  # noqa: BLE001 (any damage openpyxl trips over)
        if caused_by(exc, DefusedXmlException):  # openpyxl wraps it in a ValueError
            raise Refused(fault("ERR_UPLOAD_XLSX_UNSAFE_XML")) from None
        raise Refused(fault("ERR_UPLOAD_XLSX_UNREADABLE", name=name)) from None
    finally:
        for book in books:
            try:
                book.close()
            except Exception:  # noqa: BLE001
                pass
