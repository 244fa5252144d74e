"""Limits and places that a deployment may want to change, in one module."""
from __future__ import annotations

import os
from datetime import timedelta, timezone
from pathlib import Path

# Places: the repository's data folder, its demo months and the plan's targets file; a hosted
# deployment points TQT_DATA_DIR (and TQT_TARGETS) elsewhere, e.g. a persistent volume.
REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA_DIR = REPO / "data"
DEMO_DIR = REPO / "data" / "demo"
DEFAULT_TARGETS = REPO / "data" / "targets_2025.csv"
PLAN_YEAR = 2025                      # the year the targets file plans
FONT_DIR = REPO / "lib" / "report" / "fonts"   # the Noto files embedded in PDFs and charts


def data_dir() -> Path:
    """The data folder: ``$TQT_DATA_DIR``, else the repository's ``data/``."""
    return Path(os.environ.get("TQT_DATA_DIR") or DEFAULT_DATA_DIR)


def targets_path() -> Path:
    """The targets file: ``$TQT_TARGETS``, else the repository's ``data/targets_2025.csv``."""
    return Path(os.environ.get("TQT_TARGETS") or DEFAULT_TARGETS)


# Uploads: a monthly file is a few kilobytes; anything far larger is a mistake or an attack.
MAX_UPLOAD_BYTES = 1_000_000          # the whole file as sent
MAX_FIELD_CHARS = 1_000               # one cell (a note is the longest thing staff write)
MAX_ROWS = 500                        # data rows in one file
MAX_XLSX_UNCOMPRESSED = 20_000_000    # all parts of an .xlsx once unzipped (zip bombs)
MAX_XLSX_MEMBERS = 200                # parts inside an .xlsx
MAX_CSV_FIELDS = 200                  # cells in one CSV line: a month file has a handful of columns
MAX_XLSX_XML = 2_000_000              # the .xlsx parts openpyxl parses (all but media); a month workbook has ~50 KB
MAX_SHEET_CELLS = 100_000             # cells parsed (empty formatted ones too): a month sheet has a few hundred
MAX_SHEET_ROWS = 65_536               # sheet rows, empty ones too
ZIP_BOMB_RATIO = 100                  # uncompressed / compressed size of one part; real sheets compress 5–20×
ZIP_BOMB_MIN_SIZE = 1_000_000         # parts smaller than this may compress well without harm
# A rate (%) whose plan figure is at least this is a coverage-type rate: a value of at most 1 may
# be a fraction (0,923 for 92,3%). Below it (poverty 0,17%) small percentages are normal.
FRACTION_TARGET_MIN = 10

# Time: every stamp, "today" and due date is the ward's local time (Vietnam has no daylight saving).
VN_TZ = timezone(timedelta(hours=7), "ICT")

# Writers: how long one waits for another before giving up with a message.
LOCK_TIMEOUT = 60.0                   # a month, task or backup commit (seconds)
GUARD_LOCK_TIMEOUT = 10.0             # a sign-in waiting for the sign-in state file (seconds)
SOURCE_MAX_CHARS = 200                # the "source" recorded in an audit line (a file name, a command)

# Tasks file: an id is a short ASCII slug, a title one line.
MAX_TASK_ID = 40
MAX_TASK_TITLE = 300
