"""Write environment.yml (Binder / conda) from the pinned runtime lock, requirements.txt.

Binder reads environment.yml and ignores requirements.txt beside it, so the pins are
copied here rather than referenced; tests/test_environment.py checks the two agree.

The file names nothing local, so repo2docker installs it before it copies the course, and a
change to a lesson reuses the built environment; postBuild installs the course package.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_PIN = "3.11"

HEADER = """\
# Binder / conda environment for the course.
# Generated from requirements.txt by tools/sync_environment.py (run by `make lock`);
# tests/test_environment.py fails when the two disagree. It names nothing local, so Binder
# builds it once per lock; postBuild installs the course package.
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


def render() -> str:
    """Return the text environment.yml should have."""
    body = "".join(f"      - {pin}\n" for pin in pins(ROOT / "requirements.txt"))
    return HEADER.format(python=PYTHON_PIN) + body


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(render(), encoding="utf-8")
