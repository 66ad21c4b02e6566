"""``python -m nato_russia.authoring``: see :mod:`nato_russia.authoring.cli`."""

import sys

from nato_russia.authoring.cli import main

sys.exit(main())
