"""``python -m nato_russia.build``: see :mod:`nato_russia.build.cli`."""

import sys

from nato_russia.build.cli import main

sys.exit(main())
