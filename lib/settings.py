"""Limits and places that a deployment may want to change, in one module."""
from __future__ import annotations

# Uploads: a monthly file is a few kilobytes; anything far larger is a mistake or an attack.
MAX_UPLOAD_BYTES = 1_000_000          # the whole file as sent
MAX_FIELD_CHARS = 1_000               # one cell (a note is the longest thing staff write)
MAX_ROWS = 500                        # data rows in one file
MAX_XLSX_UNCOMPRESSED = 20_000_000    # all parts of an .xlsx once unzipped (zip bombs)
MAX_XLSX_MEMBERS = 200                # parts inside an .xlsx
