"""Moved to ``tests/support/server.py``; this name is kept so that older imports still work."""
from tests.support.server import *  # noqa: F401,F403
