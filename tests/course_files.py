"""Where the course's files are: one definition for every test module instead of a copy each."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("notebooks", "solutions", "exercises")


def notebooks(*folders: str) -> list[Path]:
    """The ``.ipynb`` files of the given folders (default: lessons, solutions, exercises)."""
    return sorted(p for folder in folders or FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def notebook_id(path: Path) -> str:
    """A notebook's test id: its path inside the course, such as ``notebooks/00_intro...``."""
    return str(path.relative_to(ROOT))

