"""Moved to ``tests/support/data.py``; this name is kept so that older imports still work."""
from tests.support.data import MARCH, WARD_MONTHS, codes_in, write_month, write_partial_months  # noqa: F401
