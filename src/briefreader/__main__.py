"""``python -m briefreader``."""

import sys

from .cli import main

sys.exit(main())
