"""Write environment.yml (Binder / conda) from the pinned runtime lock, requirements.txt.

Binder reads environment.yml and ignores requirements.txt beside it, so the pins are
copied here rather than referenced; tests/test_environment.py checks the two agree.

Only the packages that repo2docker's base environment lacks are listed: the Jupyter stack
is conda's, installed by repo2docker at the versions the runtime lock also pins
(tools/binder_base.py). The file names nothing local, so repo2docker installs it before it
copies the course, and a change to a lesson reuses the installed environment; postBuild
installs the course package itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from binder_base import base_packages, canonical  # noqa: E402

PYTHON_PIN = "3.11"

HEADER = """\
# Binder / conda environment for the course.
# Generated from requirements.txt by tools/sync_environment.py (run by `make lock`);
# tests/test_environment.py fails when the two disagree. JupyterLab, the server and their
# dependencies are repo2docker's own (conda, at the versions requirements.txt pins too):
# listed here are only the packages its base environment lacks. postBuild installs the
# course package.
name: nato-russia-course
channels:
  - conda-forge
dependencies:
  - python={python}
  - pip
  - pip:
"""


def pins(requirements: Path) -> list[str]:
    """Return the ``name==version`` lines of a requirements file, comments dropped."""
    lines = requirements.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith(("#", "-"))]


def binder_pins() -> list[str]:
    """The runtime lock's pins that repo2docker's base environment does not already hold."""
    base = base_packages(PYTHON_PIN)
    return [pin for pin in pins(ROOT / "requirements.txt")
            if canonical(pin.split("==")[0]) not in base]


def render() -> str:
    """Return the text environment.yml should have."""
    body = "".join(f"      - {pin}\n" for pin in binder_pins())
    return HEADER.format(python=PYTHON_PIN) + body


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(render(), encoding="utf-8")
