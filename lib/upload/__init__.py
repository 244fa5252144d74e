"""Checking an uploaded month file (CSV or Excel .xlsx) before anything is stored.

``check_file(data, filename, period, catalogue)`` reads the bytes staff upload (usually a CSV saved
from Excel on a Vietnamese-locale Windows machine, or an .xlsx) and either accepts the whole file,
with warnings only about what is certain, or rejects it listing every problem found, each a
``lib.core.problems.Problem`` with the row and the column as the user sees them and a Vietnamese
message saying how to fix it. It is a pure function: no file system (but ``units.csv`` when a
file with a unit column comes without a ``units`` table), no Streamlit, never raises.

A value is stored only when its meaning is certain. The hard part is the decimal separator:
Vietnamese Excel writes 845,5 and 1.260 (one thousand two hundred and sixty), English Excel writes
845.5 and 1,260. The file's convention is decided from evidence across all its value cells
(a decimal comma, several dot groups …); a lone "1.260" is stored only when that evidence exists.

A file may carry a reporting-unit column (“Tổ dân phố”, “Mã đơn vị”, ``unit_code`` …): a row with
a unit is that residential group's figure of a by-unit indicator (the targets' ``by_unit``), and the
ward's figure is then derived from the groups' (``lib.analytics.datastore``). “Đơn vị” and ``unit`` also name the
unit of measure (ĐVT) in older files: such a column is the reporting unit when its cells name units
of ``units.csv`` rather than units of measure. The list of units is the ``units`` argument, else
``units.csv`` (``lib.readers.org_units.load_units``), read only when the file has a unit column.

The modules, in the order a file goes through them:

- ``decode``: a CSV file's bytes → text (encodings, legacy Vietnamese fonts, binary files);
  ``csvfile``: the text → records; ``xlsx``: an .xlsx checked for safety, its first sheet → records;
  ``cells``: the one model of a cell for both.
- ``columns``: the header's headings → columns (aliases, ignored and ambiguous headings).
- ``rules``: the checks of one row, one function per rule; ``periods``: a row's period cell;
  ``units``: a row's reporting unit; ``values`` and ``numbers``: a row's figure read and judged;
  ``totals``: the checks across rows.
- ``check``: ``check_file``, running all of them; ``stored``: the months already stored.
- ``problems``, ``context``, ``text``, ``display``: what they share.
"""
from lib.core.normalise import BIDI_CONTROLS
from lib.core.periods import normalise_period
from lib.core.problems import Problem
from lib.upload.check import CheckResult, check_file
from lib.upload.columns import AMBIGUOUS_UNIT_HEADINGS, COLUMN_ALIASES, IGNORED_HEADINGS, REQUIRED_COLUMNS
from lib.upload.numbers import INTL, VN, InvalidNumber, Num, parse_number_text
from lib.upload.stored import StoredMonths, stored_months

__all__ = [
    "AMBIGUOUS_UNIT_HEADINGS", "BIDI_CONTROLS", "COLUMN_ALIASES", "IGNORED_HEADINGS", "INTL", "REQUIRED_COLUMNS",
    "VN", "CheckResult", "InvalidNumber", "Num", "Problem", "StoredMonths", "check_file", "normalise_period",
    "parse_number_text", "stored_months",
]
