"""``python -m nato_russia.grade LESSON SUBMISSIONS``: see :mod:`nato_russia.grade`."""

import sys

from nato_russia.grade.cli import main

sys.exit(main())
