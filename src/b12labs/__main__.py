"""``python -m b12labs``: the same as the ``b12labs`` command."""

import sys

from .cli import main

sys.exit(main())
