"""``python -m nato_russia.lab``: see :mod:`nato_russia.lab.cli`."""

import sys

from nato_russia.lab.cli import main

sys.exit(main())
