"""Moved to ``tests/support/helpers.py``; this name is kept so that older imports still work."""
from tests.support.helpers import *  # noqa: F401,F403
