"""``python -m lib.cli``: the command line (``lib.cli.main``)."""
import sys

from lib.cli import main

sys.exit(main())
