"""lib.upload.check_file on hostile and messy month files, built as the real bytes staff upload.

Every case of the table is a file (CSV in UTF-8, UTF-8 with BOM, Windows-1258, UTF-16, TCVN3 and
VNI legacy fonts, semicolons, decimal commas …, or an .xlsx built in memory, including zip and XML
bombs) checked against the shipped catalogue for June 2025 (or a small custom catalogue). A case
either is accepted with exactly the listed (code, value, note) rows and the expected warnings, or
is rejected with the expected message at the expected row and column.
"""
from __future__ import annotations

import builtins
import codecs
import io
import random
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field

import openpyxl
import pytest

from lib.analytics.datastore import DEFAULT_TARGETS
from lib.core import settings, texts
from lib.readers.catalogue import load_catalogue
from lib.upload import CheckResult, Problem, check_file, normalise_period

PERIOD = "2025-06"
CATALOGUE = load_catalogue(DEFAULT_TARGETS)


@pytest.fixture
def custom_catalogue(tmp_path, write_targets, ind):
    """A small catalogue: a count without upper bound, a rate whose minimum is above 1%, an amount."""
    path = write_targets(tmp_path / "targets.csv", [
        ind("population", sector="society", name_vi="Dân số trung bình", unit="người",
                  target=50000, aggregation="last", integer=True),
        ind("coverage_rate", sector="society", name_vi="Tỷ lệ bao phủ", unit="%",
                  target=95, aggregation="last", min=50, max=100),
        ind("budget_spent", sector="budget", name_vi="Chi thường xuyên", unit="triệu đồng", target=900),
    ])
    return load_catalogue(path)


# ------------------------------------------------------------------------------------------------
# Building real bytes
# ------------------------------------------------------------------------------------------------
def csv(*lines: str, sep: str = ",", eol: str = "\n") -> str:
    """Lines written with ``|`` between cells, joined with the file's delimiter."""
    return eol.join(line.replace("|", sep) for line in lines) + eol


def utf8(text: str, bom: bool = False) -> bytes:
    return (codecs.BOM_UTF8 if bom else b"") + text.encode("utf-8")


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Windows-1258 as Excel writes it: base letters (â, ơ …) precomposed, tone marks combining."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out += base.encode("cp1258") + tones.encode("cp1258")
    return out


# TCVN3 (ABC): Vietnamese letters as single bytes of the .VnTime fonts.
_TCVN3 = {"á": 0xB8, "à": 0xB5, "ả": 0xB6, "ã": 0xB7, "ạ": 0xB9, "ă": 0xA8, "â": 0xA9, "đ": 0xAE,
          "ê": 0xAA, "ô": 0xAB, "ơ": 0xAC, "ư": 0xAD, "ú": 0xF3, "ợ": 0xEE, "ị": 0xDE, "ớ": 0xED,
          "í": 0xDD, "ệ": 0xD6, "ố": 0xE8, "ỉ": 0xD8}


def tcvn3(text: str) -> bytes:
    return bytes(_TCVN3[ch] if ord(ch) > 127 else ord(ch) for ch in text)


def noise(seed: int, n: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def xlsx(rows: list[list], edit=None) -> bytes:
    """An .xlsx built with openpyxl in memory; ``edit(ws)`` adjusts cells (formats, errors …)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD_XLSX_ROWS = [["period", "indicator_code", "value", "note"],
                  ["2025-06", "rice_output", 845.5, "ước tính"],
                  ["2025-06", "pig_herd", 1260, None]]


def rezip(base: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """A copy of an .xlsx with some parts replaced or added, written by hand with zipfile."""
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


BILLION_LAUGHS = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(b' <!ENTITY lol%d "%s">\n' % (i, b"".join(b"&lol%s;" % (b"" if i == 1 else str(i - 1).encode())
                                                           for _ in range(10))) for i in range(1, 10))
    + b']>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>'
)


def xml_bomb() -> bytes:
    return rezip(xlsx(GOOD_XLSX_ROWS), replace={"xl/worksheets/sheet1.xml": BILLION_LAUGHS})


def zip_bomb() -> bytes:
    """A valid workbook plus 10 MB of zeros compressed about a thousand times."""
    return rezip(xlsx(GOOD_XLSX_ROWS), add={"xl/media/image1.bin": b"\0" * 10_000_000})


def _formula_without_value(ws):
    ws["C3"] = "=C2*2"  # openpyxl writes formulas without a cached value


def _error_cell(ws):
    ws["C3"] = "#DIV/0!"
    ws["C3"].data_type = "e"


def _remark_and_second_sheet(ws):
    ws["F3"] = "số liệu do HTX báo"
    other = ws.parent.create_sheet("Năm trước")
    other.append(["indicator_code", "value"])
    other.append(["rice_output", 700])


def noise_text(seed: int, n: int) -> bytes:
    """Text that compresses about four times: neither a zip bomb nor small."""
    rng = random.Random(seed)
    return bytes(rng.choice(b"abcd") for _ in range(n))


def styled_empty_sheet(rows: int, columns: int) -> bytes:
    """A worksheet of formatted empty cells and no <dimension>, as some tools write."""
    body = "".join(f'<row r="{r}">' + '<c s="0"/>' * columns + "</row>" for r in range(1, rows + 1))
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><sheetData>' + body + "</sheetData></worksheet>").encode()


def _period_date(ws):
    import datetime as dt
    ws["A2"] = dt.datetime(2025, 6, 1)
    ws["A2"].number_format = "mm/yyyy"


def _percent_cells_b(ws):
    ws["B2"].number_format = "0%"


def _date_cells(ws):
    import datetime as dt
    ws["A2"] = dt.datetime(2025, 6, 1)
    ws["A2"].number_format = "mm/yyyy"
    ws["C3"] = dt.datetime(2025, 5, 1)


# ------------------------------------------------------------------------------------------------
# The table of cases
# ------------------------------------------------------------------------------------------------
@dataclass
class Case:
    id: str
    data: object                              # bytes, or a function making them
    filename: str = "so_lieu_thang_6.csv"
    rows: list | None = None                  # accepted: exactly these (code, value, note)
    warnings: list = field(default_factory=list)  # substrings, each found in some warning
    errors: list = field(default_factory=list)    # rejected: (row, column, substring)
    n_errors: int | None = None               # exact number of errors, when it matters
    period: str = PERIOD
    custom: bool = False                      # use the small custom catalogue

    def bytes(self) -> bytes:
        return self.data() if callable(self.data) else self.data


MISSING = "Số liệu đã lưu trước đây"
VN_HEAD = "period|indicator_code|value|note"

CASES = [
    # ---- accepted -------------------------------------------------------------------------------
    Case("utf8_template_comma",
         utf8(csv(VN_HEAD, "2025-06|rice_output|845|", "2025-06|maize_output|12|ước tính",
                  "2025-06|graduation_rate|98|")),
         rows=[("rice_output", 845.0, ""), ("maize_output", 12.0, "ước tính"), ("graduation_rate", 98.0, "")],
         warnings=[MISSING, "Diện tích rau các loại"]),
    Case("utf8_bom_semicolon_decimal_comma_and_dot_thousands",
         utf8(csv(VN_HEAD, "2025-06|rice_output|845,5|Ước tính", "2025-06|cattle_herd|1.260|",
                  "2025-06|poverty_rate|0,17|", sep=";", eol="\r\n"), bom=True),
         rows=[("rice_output", 845.5, "Ước tính"), ("cattle_herd", 1260.0, ""), ("poverty_rate", 0.17, "")]),
    Case("cp1258_vietnamese_headers",
         cp1258(csv("Mã chỉ tiêu|Giá trị|Ghi chú", "rice_output|845,5|Ước tính, chưa chính thức",
                    "vegetable_area|7,25|Đã nghiệm thu", sep=";", eol="\r\n")),
         rows=[("rice_output", 845.5, "Ước tính, chưa chính thức"), ("vegetable_area", 7.25, "Đã nghiệm thu")],
         warnings=["không có cột kỳ báo cáo", "Tháng 6/2025"]),
    Case("excel_crlf_blank_lines_and_trailing_separators",
         utf8(csv(VN_HEAD + "||", ";;;;;", "2025-06|rice_output|600|||", "", "  ",
                  "2025-06|maize_output|45|||", ";;;;;", sep=";", eol="\r\n"), bom=True),
         rows=[("rice_output", 600.0, ""), ("maize_output", 45.0, "")]),
    Case("quoted_thousands_with_international_evidence",
         utf8(csv(VN_HEAD, '2025-06|cattle_herd|"1,260"|', "2025-06|peanut_output|14.5|",
                  '2025-06|vegetable_area|"7.5"|')),
         rows=[("cattle_herd", 1260.0, ""), ("peanut_output", 14.5, ""), ("vegetable_area", 7.5, "")]),
    Case("space_and_nbsp_grouping",
         utf8(csv(VN_HEAD, "2025-06|cattle_herd|1 260|", "2025-06|rice_output|1\u00a0150|",
                  "2025-06|pig_herd| 300 |", sep=";")),
         rows=[("cattle_herd", 1260.0, ""), ("rice_output", 1150.0, ""), ("pig_herd", 300.0, "")]),
    Case("template_number_format_trailing_decimal_comma",  # "#,##0.##" shows 1260 as "1.260,"
         utf8(csv(VN_HEAD, "2025-06|cattle_herd|1.260,|", "2025-06|rice_output|845,5|",
                  "2025-06|pig_herd|300,|", sep=";")),
         rows=[("cattle_herd", 1260.0, ""), ("rice_output", 845.5, ""), ("pig_herd", 300.0, "")]),
    Case("percent_signs_on_rates",
         utf8(csv(VN_HEAD, "2025-06|health_insurance_rate|92,3%|", "2025-06|poverty_rate|0,17 %|", sep=";")),
         rows=[("health_insurance_rate", 92.3, ""), ("poverty_rate", 0.17, "")]),
    Case("yes_no_words",
         utf8(csv(VN_HEAD, "2025-06|defence_strong|Đạt|", "2025-06|security_safe|chưa đạt|",
                  "2025-06|military_recruitment|100|")),
         rows=[("defence_strong", 1.0, ""), ("security_safe", 0.0, ""), ("military_recruitment", 100.0, "")]),
    Case("period_written_loosely",
         utf8(csv(VN_HEAD, "2025-6|rice_output|800|", "6/2025|maize_output|40|", "06/2025|pig_herd|310|")),
         rows=[("rice_output", 800.0, ""), ("maize_output", 40.0, ""), ("pig_herd", 310.0, "")],
         warnings=["Kỳ “2025-6” (dòng 2) được hiểu là 2025-06", "Kỳ “6/2025” (dòng 3)", "Kỳ “06/2025” (dòng 4)"]),
    Case("period_turned_into_a_date_by_excel",
         utf8(csv(VN_HEAD, "1/6/2025|rice_output|800|", "01/06/2025|maize_output|40|", sep=";")),
         rows=[("rice_output", 800.0, ""), ("maize_output", 40.0, "")],
         warnings=["Kỳ “1/6/2025” (dòng 2) được hiểu là 2025-06"]),
    Case("aliases_any_order_stt_and_unknown_column",
         utf8(csv("STT|GHI  CHÚ|Số liệu|Mã|Người nhập", "1|đã kiểm tra|845|Rice_Output |Lan",
                  "2|| 12 |MAIZE_OUTPUT|Lan", sep=";")),
         rows=[("rice_output", 845.0, "đã kiểm tra"), ("maize_output", 12.0, "")],
         warnings=["Các cột không dùng đến được bỏ qua: “Người nhập”"]),
    Case("headings_without_diacritics_spaces_or_case",
         utf8(csv("ma chi tieu|GiáTrị|Ghi_Chu", "rice_output|845|")),
         rows=[("rice_output", 845.0, "")]),
    Case("unit_column_agrees",
         utf8(csv("indicator_code|unit|value", "rice_output|Tấn|845", "health_insurance_rate|phần trăm|92",
                  "state_revenue|triệu đồng|1200", "natural_growth_rate|‰|7,5", "defence_strong|đạt|1", sep=";")),
         rows=[("rice_output", 845.0, ""), ("health_insurance_rate", 92.0, ""), ("state_revenue", 1200.0, ""),
               ("natural_growth_rate", 7.5, ""), ("defence_strong", 1.0, "")]),
    Case("name_differs_warning_only",
         utf8(csv("indicator_code|name_vi|value", "rice_output|Sản lượng lúa|845", "maize_output|Sản lượng bắp|40")),
         rows=[("rice_output", 845.0, ""), ("maize_output", 40.0, "")],
         warnings=["Dòng 3: tên “Sản lượng bắp” khác tên trong danh mục"]),
    Case("excel_sep_directive",
         utf8(csv("sep=;", "indicator_code|value", "rice_output|845,5", sep=";")),
         rows=[("rice_output", 845.5, "")]),
    Case("negative_where_allowed",
         utf8(csv("indicator_code|value", "natural_growth_rate|-3,5", "rice_output|0", sep=";")),
         rows=[("natural_growth_rate", -3.5, ""), ("rice_output", 0.0, "")]),
    Case("notes_verbatim",
         utf8(csv(VN_HEAD, '2025-06|rice_output|845|"  Gồm lúa ""chiêm"", lúa mùa\nđợt 2  "',
                  "2025-06|maize_output|12|=SUM(A1:A2)")),
         rows=[("rice_output", 845.0, 'Gồm lúa "chiêm", lúa mùa\nđợt 2'), ("maize_output", 12.0, "=SUM(A1:A2)")]),
    Case("nfd_text_normalised",
         utf8(unicodedata.normalize("NFD", csv("Mã chỉ tiêu|Giá trị|Ghi chú", "rice_output|845|Ước tính"))),
         rows=[("rice_output", 845.0, "Ước tính")]),
    Case("xlsx_numbers_text_and_notes", lambda: xlsx(GOOD_XLSX_ROWS), filename="thang6.xlsx",
         rows=[("rice_output", 845.5, "ước tính"), ("pig_herd", 1260.0, "")]),
    Case("xlsx_percent_format_and_text_numbers",
         lambda: xlsx([["indicator_code", "value"], ["health_insurance_rate", 0.923],
                       ["cattle_herd", "1.260"], ["rice_output", "845,5"]], _percent_cells_b),
         filename="thang6.XLSX",
         rows=[("health_insurance_rate", 92.3, ""), ("cattle_herd", 1260.0, ""), ("rice_output", 845.5, "")]),
    Case("xlsx_second_sheet_and_remark_right_of_the_table",
         lambda: xlsx(GOOD_XLSX_ROWS, _remark_and_second_sheet), filename="thang6.xlsx",
         rows=[("rice_output", 845.5, "ước tính"), ("pig_herd", 1260.0, "")],
         warnings=["chỉ đọc trang tính đầu tiên “Sheet”", "Cột thứ 6 không có tiêu đề"]),
    Case("xlsx_period_as_date_cell",
         lambda: xlsx([["period", "indicator_code", "value"], [None, "rice_output", 845], ["2025-06", "pig_herd", 300]],
                       _period_date),
         filename="thang6.xlsx",
         rows=[("rice_output", 845.0, ""), ("pig_herd", 300.0, "")]),
    Case("custom_catalogue_dot_groups_resolve_ambiguity",
         utf8(csv("indicator_code|value", "population|1.234.567", "budget_spent|2.500", sep=";")),
         rows=[("population", 1234567.0, ""), ("budget_spent", 2500.0, "")],
         warnings=["Tỷ lệ bao phủ"], custom=True),

    # ---- rejected: bytes and encodings ----------------------------------------------------------
    Case("utf16_with_bom", csv(VN_HEAD, "2025-06|rice_output|845|").encode("utf-16"),
         errors=[(None, None, "CSV UTF-8 (Comma delimited)")], n_errors=1),
    Case("utf16_le_without_bom", csv("indicator_code|value", "rice_output|845", sep="\t").encode("utf-16-le"),
         errors=[(None, None, "UTF-16")]),
    Case("tcvn3_legacy_font",
         tcvn3(csv("Mã chỉ tiêu|Giá trị|Ghi chú", "rice_output|845|Sản lượng lúa ước tính", sep=";")),
         errors=[(None, None, "TCVN3"), (None, None, "Chuyển mã")], n_errors=1),
    Case("vni_legacy_font_bytes",
         b"indicator_code;value;note\r\nrice_output;845;Vie\xe4t Nam ng\xf6\xf4\xf8i nh\xe4p\r\n",
         errors=[(None, None, "VNI"), (None, None, "Unikey")]),
    Case("vni_text_saved_as_utf8",
         utf8(csv("indicator_code|value|note", "rice_output|845|Soá lieäu ñaõ kieåm tra ngöôøi")),
         errors=[(None, None, "VNI")]),
    Case("xlsx_renamed_csv", lambda: xlsx(GOOD_XLSX_ROWS), filename="so_lieu.csv",
         errors=[(None, None, "đổi đuôi"), (None, None, ".xlsx")]),
    Case("nul_byte", b"indicator_code,value\nrice_output,845\nmaize\x00_output,12\n",
         errors=[(3, None, "NUL")]),
    Case("binary_png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, errors=[(None, None, "không phải tệp văn bản")]),
    Case("control_characters", b"indicator_code,value\nrice_output,8\x0745\n",
         errors=[(2, None, "ký tự điều khiển")]),
    Case("mixed_utf8_and_cp1258",
         utf8(csv("Mã chỉ tiêu|Giá trị|Ghi chú", "rice_output|845|Ước tính"), bom=True) + cp1258("maize_output,12,Đã kiểm tra\n"),
         errors=[(3, None, "lẫn nhiều bảng mã")]),
    Case("neither_utf8_nor_cp1258", b"indicator_code,value,note\nrice_output,845,\x81\x8d\x9d\n",
         errors=[(None, None, "Không nhận ra bảng mã")]),
    Case("old_xls_file", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, filename="so_lieu.xls",
         errors=[(None, None, "Excel đời cũ (.xls)")]),
    Case("unsupported_extension", utf8(csv("indicator_code|value", "rice_output|845")), filename="so_lieu.pdf",
         errors=[(None, None, "Không nhận loại tệp")]),
    Case("empty_file", b"", errors=[(None, None, "rỗng")], n_errors=1),
    Case("only_bom_and_blank_lines", codecs.BOM_UTF8 + b"\r\n\r\n", errors=[(None, None, "rỗng")]),
    Case("oversize_file", b"a" * (settings.MAX_UPLOAD_BYTES + 1),
         errors=[(None, None, "vượt giới hạn")], n_errors=1),
    Case("unbalanced_quote",
         utf8(csv(VN_HEAD, "2025-06|rice_output|845|", '2025-06|maize_output|12|"ước tính', "2025-06|pig_herd|300|")),
         errors=[(3, "note", "ngoặc kép")], n_errors=1),
    Case("unbalanced_quote_swallowing_rows",
         utf8(csv(VN_HEAD, '2025-06|rice_output|845|"ước tính', "2025-06|pig_herd|300|", '2025-06|maize_output|12|"x"')),
         errors=[(2, "note", "ngoặc kép")]),
    Case("text_after_closing_quote",
         utf8(csv(VN_HEAD, '2025-06|rice_output|"845"5|')),
         errors=[(2, "value", "Sau dấu ngoặc kép đóng")]),
    Case("oversize_field",
         utf8(csv(VN_HEAD, "2025-06|rice_output|845|" + "x" * (settings.MAX_FIELD_CHARS + 1))),
         errors=[(2, "note", "vượt giới hạn")]),
    Case("too_many_rows",
         utf8(csv("indicator_code|value", *["rice_output|1"] * (settings.MAX_ROWS + 1))),
         errors=[(None, None, f"hơn {settings.MAX_ROWS} dòng")], n_errors=1),
    Case("tab_delimited", utf8(csv("indicator_code|value", "rice_output|845", sep="\t")),
         errors=[(None, None, "dấu tab")]),

    # ---- rejected: columns ----------------------------------------------------------------------
    Case("missing_value_column", utf8(csv("indicator_code|note", "rice_output|845")),
         errors=[(1, None, "Thiếu cột giá trị"), (1, None, "value, giá trị, số liệu, thực hiện")], n_errors=1),
    Case("no_header_row", utf8(csv("rice_output|845", "maize_output|12")),
         errors=[(1, None, "Thiếu cột mã chỉ tiêu"), (1, None, "chèn lên đầu tệp dòng tiêu đề")]),
    Case("title_rows_above_header",
         utf8(csv("BÁO CÁO SỐ LIỆU THÁNG 6||", "||", "indicator_code|value|note", "rice_output|845|", sep=";")),
         errors=[(1, None, "Dòng tiêu đề có vẻ nằm ở dòng 3")]),
    Case("duplicated_column", utf8(csv("code|Mã|value", "rice_output|rice_output|845")),
         errors=[(1, "Mã", "cùng là cột mã chỉ tiêu")]),
    Case("header_only", utf8(csv(VN_HEAD)), errors=[(None, None, "không có dòng số liệu")]),

    # ---- rejected: rows -------------------------------------------------------------------------
    Case("unknown_code_with_suggestion", utf8(csv("indicator_code|value", "rice_ouput|845")),
         errors=[(2, "indicator_code", "Có phải “rice_output”?")], n_errors=1),
    Case("name_written_instead_of_code", utf8(csv("Mã|Giá trị", "Sản lượng lúa|845", sep=";")),
         errors=[(2, "Mã", "Có phải “rice_output”?")]),
    Case("derived_total_entered",
         utf8(csv("indicator_code|value", "food_output|900", "pupils_total|3700")),
         errors=[(2, "indicator_code", "tính tự động từ các thành phần (rice_output, maize_output)"),
                 (3, "indicator_code", "pupils_preschool, pupils_primary, pupils_secondary")], n_errors=2),
    Case("duplicated_indicator",
         utf8(csv("indicator_code|value", "rice_output|845", "maize_output|12", "RICE_OUTPUT|846")),
         errors=[(4, "indicator_code", "dòng 2 và dòng 4")], n_errors=1),
    Case("other_month", utf8(csv(VN_HEAD, "2025-06|rice_output|845|", "2025-05|maize_output|12|")),
         errors=[(3, "period", "khác tháng đã chọn (Tháng 6/2025)")], n_errors=1),
    Case("period_is_a_day", utf8(csv(VN_HEAD, "2025-06-15|rice_output|845|")),
         errors=[(2, "period", "là một ngày")]),
    Case("unit_contradicts",
         utf8(csv("indicator_code|ĐVT|value", "rice_output|kg|845000", "state_revenue|đồng|1200", sep=";")),
         errors=[(2, "ĐVT", "Đơn vị “kg” khác đơn vị của “Sản lượng lúa” là “tấn”"),
                 (3, "ĐVT", "“đồng”")]),
    Case("of_which_exceeds_whole",
         utf8(csv("indicator_code|value", "new_jobs|10", "overseas_workers|20")),
         errors=[(3, "value", "lớn hơn chỉ tiêu chứa nó")], n_errors=1),
    Case("decimal_comma_splits_cells_in_comma_file",
         utf8(csv("indicator_code|value|note", "rice_output|845,5|")),
         errors=[(2, "value", "bị tách đôi vì dấu phẩy (845,5)")]),
    Case("more_cells_than_headings",
         utf8(csv("indicator_code|value", "rice_output|845|ghi chú thêm")),
         errors=[(2, None, "nhiều hơn 2 cột")]),

    # ---- rejected: numbers ----------------------------------------------------------------------
    Case("ambiguous_thousands_alone",
         utf8(csv("indicator_code|value", "cattle_herd|1.260", "rice_output|845", sep=";")),
         errors=[(2, "value", "“1.260” không rõ nghĩa: là 1260 hay 1,26?")], n_errors=1),
    Case("ambiguous_quoted_comma_alone",
         utf8(csv("indicator_code|value", 'cattle_herd|"1,260"')),
         errors=[(2, "value", "hãy viết 1260")]),
    Case("mixed_conventions",
         utf8(csv("indicator_code|value", "rice_output|845,5", "maize_output|12,5", "peanut_output|14.5", sep=";")),
         errors=[(4, "value", "kiểu quốc tế")], n_errors=1),
    Case("text_blank_and_special_values",
         utf8(csv("indicator_code|value|note", "rice_output|khoảng 500|", "maize_output||đang tổng hợp",
                  "pig_herd|#DIV/0!|", "cattle_herd|NaN|", "buffalo_herd|inf|", "vegetable_area|∞|",
                  "vegetable_output|-inf|", "bean_output|####|", "peanut_output|1,5E+01|", sep=";")),
         errors=[(2, "value", "“khoảng 500” không phải là số"), (3, "value", "Chưa có giá trị"),
                 (4, "value", "lỗi Excel #DIV/0!"), (5, "value", "không phải một số hữu hạn"),
                 (6, "value", "“inf”"), (7, "value", "“∞”"), (8, "value", "“-inf”"),
                 (9, "value", "cột quá hẹp"), (10, "value", "lũy thừa")], n_errors=9),
    # A template row left as it came (code, no value, no note) is not a figure: skipped, listed
    # with the indicators the file does not report; a row with a note but no value is an error.
    Case("template_rows_left_empty",
         utf8(csv("period|indicator_code|name_vi|unit|value|note", "2025-06|rice_output|Sản lượng lúa|tấn|120|",
                  "2025-06|maize_output|Sản lượng ngô|tấn||", "2025-06|pig_herd|Đàn heo|con||")),
         rows=[("rice_output", 120, "")], warnings=["Sản lượng ngô", "Đàn heo"]),
    Case("negative_not_allowed", utf8(csv("indicator_code|value", "rice_output|-5")),
         errors=[(2, "value", "Giá trị âm (-5 tấn)")]),
    Case("fraction_of_people", utf8(csv("indicator_code|value", "new_jobs|12,5", sep=";")),
         errors=[(2, "value", "không thể là 12,5")]),
    Case("percent_over_100", utf8(csv("indicator_code|value", "health_insurance_rate|105,5", sep=";")),
         errors=[(2, "value", "Tỷ lệ 105,5% vượt quá 100%")]),
    Case("outside_indicator_range", utf8(csv("indicator_code|value", "rice_output|2000", "natural_growth_rate|-80")),
         errors=[(2, "value", "2.000 tấn nằm ngoài khoảng cho phép của “Sản lượng lúa” (từ 0 tấn đến 1.150 tấn)"),
                 (3, "value", "từ -20‰ đến 30‰")]),  # issue 9: the catalogue's plausible bounds
    Case("dong_instead_of_million_dong",
         utf8(csv("indicator_code|value", "state_revenue|1.234.500.000", sep=";")),
         errors=[(2, "value", "có vẻ số liệu đang tính bằng đồng"), (2, "value", "tức là 1.234,5 triệu đồng")]),
    Case("percent_sign_on_tonnes", utf8(csv("indicator_code|value", "rice_output|50%")),
         errors=[(2, "value", "có dấu %")]),
    Case("yes_no_goal_other_value", utf8(csv("indicator_code|value", "defence_strong|2", "security_safe|tốt")),
         errors=[(2, "value", "chỉ nhận 1 (đạt) hoặc 0 (chưa đạt)"), (3, "value", "“tốt”")]),
    Case("custom_rate_written_as_fraction",
         utf8(csv("indicator_code|value", "coverage_rate|0,923", sep=";")),
         errors=[(2, "value", "hãy ghi theo phần trăm, tức là 92,3 thay cho 0,923")], custom=True),
    Case("chosen_month_invalid", utf8(csv("indicator_code|value", "rice_output|845")), period="2025-13",
         errors=[(None, None, "Tháng đã chọn “2025-13” không hợp lệ")]),

    # ---- rejected: Excel workbooks --------------------------------------------------------------
    Case("xlsx_formula_without_cached_value", lambda: xlsx(GOOD_XLSX_ROWS, _formula_without_value),
         filename="thang6.xlsx", errors=[(3, "value", "Ô C3: ô công thức chưa có giá trị")], n_errors=1),
    Case("xlsx_error_value_cell", lambda: xlsx(GOOD_XLSX_ROWS, _error_cell),
         filename="thang6.xlsx", errors=[(3, "value", "Ô C3 có lỗi Excel #DIV/0!")], n_errors=1),
    Case("xlsx_date_in_value_cell", lambda: xlsx(GOOD_XLSX_ROWS, _date_cells),
         filename="thang6.xlsx", errors=[(3, "value", "ngày tháng (01/05/2025)")], n_errors=1),
    Case("xlsx_percent_format_on_tonnes",
         lambda: xlsx([["indicator_code", "value"], ["rice_output", 0.5]], _percent_cells_b),
         filename="thang6.xlsx", errors=[(2, "value", "Ô định dạng phần trăm")]),
    Case("xlsx_zip_bomb", zip_bomb, filename="thang6.xlsx", errors=[(None, None, "bom nén")]),
    Case("xlsx_too_large_uncompressed",
         lambda: rezip(xlsx(GOOD_XLSX_ROWS), add={"xl/media/big.bin": bytes(settings.MAX_XLSX_UNCOMPRESSED)}),
         filename="thang6.xlsx", errors=[(None, None, "khi giải nén")]),
    Case("xlsx_too_many_members",
         lambda: rezip(xlsx(GOOD_XLSX_ROWS), add={f"xl/media/i{i}.png": b"x" for i in range(settings.MAX_XLSX_MEMBERS)}),
         filename="thang6.xlsx", errors=[(None, None, "quá nhiều thành phần")]),
    Case("xlsx_bomb_in_the_sheet",
         lambda: rezip(xlsx(GOOD_XLSX_ROWS), replace={"xl/worksheets/sheet1.xml": b" " * 5_000_000}),
         filename="thang6.xlsx", errors=[(None, None, "“xl/worksheets/sheet1.xml”"), (None, None, "bom nén")]),
    Case("xlsx_xml_parts_too_large",
         lambda: rezip(xlsx(GOOD_XLSX_ROWS), add={"customXml/item1.xml": noise_text(11, 2_100_000)}),
         filename="thang6.xlsx", errors=[(None, None, "Phần bảng tính của tệp Excel")]),
    Case("xlsx_sheet_with_too_many_cells",
         lambda: rezip(xlsx(GOOD_XLSX_ROWS), replace={"xl/worksheets/sheet1.xml": styled_empty_sheet(6000, 20)}),
         filename="thang6.xlsx", errors=[(None, None, "Trang tính đầu tiên quá lớn")]),
    Case("xlsx_billion_laughs", xml_bomb, filename="thang6.xlsx", errors=[(None, None, "billion laughs")]),
    Case("xlsx_not_a_zip", lambda: noise(7, 3000), filename="thang6.xlsx",
         errors=[(None, None, "không phải tệp Excel .xlsx hợp lệ")]),
    Case("csv_renamed_xlsx", utf8(csv("indicator_code|value", "rice_output|845")), filename="thang6.xlsx",
         errors=[(None, None, "nội dung là văn bản")]),
    Case("xlsx_truncated", lambda: xlsx(GOOD_XLSX_ROWS)[:-200], filename="thang6.xlsx",
         errors=[(None, None, "không phải tệp Excel .xlsx hợp lệ")]),
]


def _result(case: Case, custom_catalogue) -> CheckResult:
    catalogue = custom_catalogue if case.custom else CATALOGUE
    return check_file(case.bytes(), case.filename, case.period, catalogue)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case, custom_catalogue):
    result = _result(case, custom_catalogue)
    shown = "\n".join(str(e) for e in result.errors) + "\n" + "\n".join(result.warnings)
    if case.rows is not None:
        assert result.accepted, shown
        assert result.errors == []
        assert [(r["indicator_code"], r["value"], r["note"]) for r in result.rows] == case.rows
        assert all(isinstance(r["value"], float) for r in result.rows)
    else:
        assert not result.accepted, shown
        assert result.rows == []
        for row, column, text in case.errors:
            assert any(e.row == row and e.column == column and text in e.message for e in result.errors), \
                f"no error ({row}, {column}, {text!r}) in:\n{shown}"
        if case.n_errors is not None:
            assert len(result.errors) == case.n_errors, shown
    for text in case.warnings:
        assert any(text in w for w in result.warnings), f"no warning {text!r} in:\n{shown}"
    assert result.period == (normalise_period(case.period) or case.period)
    for message in [e.message for e in result.errors] + result.warnings:
        assert unicodedata.is_normalized("NFC", message)
        assert "{" not in message and "}" not in message  # every template filled in


def test_enough_cases():
    assert len(CASES) >= 45
    assert len({c.id for c in CASES}) == len(CASES)


# ------------------------------------------------------------------------------------------------
# Shape, robustness, safety
# ------------------------------------------------------------------------------------------------
def test_to_json_shape():
    ok = check_file(utf8(csv(VN_HEAD, "2025-06|rice_output|845,5|ước tính", sep=";")), "a.csv", PERIOD, CATALOGUE)
    assert ok.to_json() == {
        "accepted": True,
        "rows": [{"indicator_code": "rice_output", "value": 845.5, "note": "ước tính"}],
        "warnings": ok.warnings,
        "errors": [],
    }
    bad = check_file(utf8(csv("indicator_code|value", "rice_output|abc", "x|1")), "a.csv", PERIOD, CATALOGUE)
    data = bad.to_json()
    assert set(data) == {"accepted", "rows", "warnings", "errors"}
    assert data["accepted"] is False and data["rows"] == []
    assert [set(e) for e in data["errors"]] == [{"row", "column", "code", "params", "message"}] * 2
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(2, "value"), (3, "indicator_code")]
    import json
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_problem_str_places_the_message():
    sai = texts.ERR_UPLOAD_VALUE_TEXT.format(found="sai")
    assert str(Problem("ERR_UPLOAD_VALUE_TEXT", {"found": "sai"}, 3, "Giá trị")) == f"Dòng 3, cột “Giá trị”: {sai}"
    assert str(Problem("ERR_UPLOAD_VALUE_TEXT", {"found": "sai"}, 3, None)) == f"Dòng 3: {sai}"
    assert str(Problem("ERR_UPLOAD_VALUE_TEXT", {"found": "sai"}, None, None)) == sai


@pytest.mark.parametrize("text, expected", [
    ("2025-3", "2025-03"), ("2025-03", "2025-03"), ("3/2025", "2025-03"), ("03/2025", "2025-03"),
    (" 2025-12 ", "2025-12"), ("2025-13", None), ("2025-0", None), ("13/2025", None), ("2025/03", None),
    ("March 2025", None), ("", None), (None, None),
])
def test_normalise_period(text, expected):
    assert normalise_period(text) == expected


def test_never_raises_on_garbage():
    rng = random.Random(20250601)
    good = xlsx(GOOD_XLSX_ROWS)
    samples = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000))) for _ in range(30)]
    samples += [bytes(rng.choice(b'abc,;"\r\n 0123456789.%-\xc3\xa1\xe1') for _ in range(rng.randrange(1, 800)))
                for _ in range(60)]
    for _ in range(30):  # a real workbook with a few bytes flipped
        damaged = bytearray(good)
        for _ in range(rng.randrange(1, 20)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        samples.append(bytes(damaged))
    for data in samples:
        for name in ("x.csv", "x.xlsx", "x.txt", "x"):
            result = check_file(data, name, PERIOD, CATALOGUE)
            assert isinstance(result, CheckResult)
            if not result.accepted:
                assert result.errors and all(isinstance(e, Problem) and e.message for e in result.errors)


def test_garbage_arguments_do_not_raise():
    assert not check_file(None, None, None, CATALOGUE).accepted  # type: ignore[arg-type]
    assert not check_file(b"indicator_code,value\nrice_output,1\n", "a.csv", "juin", CATALOGUE).accepted


def test_openpyxl_parses_through_defusedxml():
    import openpyxl.xml
    assert openpyxl.xml.DEFUSEDXML


def test_xml_bomb_is_rejected_quickly():
    data = xml_bomb()
    start = time.perf_counter()
    result = check_file(data, "bomb.xlsx", PERIOD, CATALOGUE)
    assert time.perf_counter() - start < 5
    assert not result.accepted and "billion laughs" in result.errors[0].message


def test_xml_bomb_is_rejected_by_defusedxml_too(monkeypatch):
    """Without the module's own DOCTYPE scan, openpyxl's defusedxml parser refuses the entities."""
    import lib.upload.xlsx as upload_xlsx
    monkeypatch.setattr(upload_xlsx, "unsafe_xml", lambda content: False)
    start = time.perf_counter()
    result = check_file(xml_bomb(), "bomb.xlsx", PERIOD, CATALOGUE)
    assert time.perf_counter() - start < 5
    assert not result.accepted
    assert result.errors[0].message == texts.ERR_UPLOAD_XLSX_UNSAFE_XML


def test_oversized_sheet_is_rejected_quickly():
    data = rezip(xlsx(GOOD_XLSX_ROWS), replace={"xl/worksheets/sheet1.xml": styled_empty_sheet(9000, 20)[:-24]
                                               + b'<row r="9001"><c r="A9001"><f>1+1</f></c></row></sheetData></worksheet>'})
    assert len(data) < settings.MAX_UPLOAD_BYTES
    start = time.perf_counter()
    result = check_file(data, "big.xlsx", PERIOD, CATALOGUE)
    assert time.perf_counter() - start < 5
    assert not result.accepted and "Trang tính đầu tiên quá lớn" in result.errors[0].message


def test_zip_bomb_is_rejected_quickly():
    start = time.perf_counter()
    result = check_file(zip_bomb(), "bomb.xlsx", PERIOD, CATALOGUE)
    assert time.perf_counter() - start < 5
    assert not result.accepted


def test_pure_function_touches_no_file(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("check_file opened a file")

    csv_bytes = utf8(csv(VN_HEAD, "2025-06|rice_output|845|"))
    xlsx_bytes = xlsx(GOOD_XLSX_ROWS)
    import lib.upload  # noqa: F401  (imported before open is forbidden)
    monkeypatch.setattr(builtins, "open", forbidden)
    assert check_file(csv_bytes, "../../etc/passwd.csv", PERIOD, CATALOGUE).accepted
    assert check_file(xlsx_bytes, "C:\\fakepath\\thang6.xlsx", PERIOD, CATALOGUE).accepted


def test_all_errors_listed_not_just_the_first():
    data = utf8(csv("indicator_code|value", "rice_ouput|845", "maize_output|abc", "food_output|1",
                    "pig_herd|-1", "pig_herd|2"))
    result = check_file(data, "a.csv", PERIOD, CATALOGUE)
    assert [e.row for e in result.errors] == [2, 3, 4, 5, 6]


def test_result_values_are_exact_floats_and_codes_lower_case():
    data = utf8(csv("indicator_code|value", "Rice_Output|845,5", "POVERTY_RATE|0,17", "Pig_Herd|300", sep=";"))
    result = check_file(data, "a.csv", PERIOD, CATALOGUE)
    assert result.rows == [{"indicator_code": "rice_output", "value": 845.5, "note": ""},
                           {"indicator_code": "poverty_rate", "value": 0.17, "note": ""},
                           {"indicator_code": "pig_herd", "value": 300.0, "note": ""}]
