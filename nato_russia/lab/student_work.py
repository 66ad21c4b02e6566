"""Each student's own copies of the exercises, in ``my_work/``.

The course ships ``exercises/`` and regenerates it (``make exercises``, ``git pull``), so a
student who answers there would lose answers or meet "local changes would be overwritten".
Instead each exercise is copied once into ``my_work/`` (git-ignored) under a name of its
own, ``00_introduction_exercises.ipynb``, so its tab never reads like the lesson's. A copy
that exists is never written again, whatever happens to the course: a new exercise gets a
new copy the next time the course starts, and an answered one stays as the student left
it. ``my_work/`` is what a student hands in.
"""

from __future__ import annotations

from pathlib import Path

from nato_russia.lab import COURSE_ROOT, capstone_copy

WORK_FOLDER = "my_work"
EXERCISES = "exercises"
SUFFIX = "_exercises"
README = """\
# Your work

This folder is yours. The course put a copy of each exercise notebook here the first time it
started, and never writes to a copy again: updates of the course leave your answers alone.
Answer the exercises here; JupyterLab saves them as you go. Your capstone is here too:
09_capstone_mine.ipynb, with your justification, and my_events.json, your records.

To hand in or keep your work, right-click a notebook in the file browser and choose
*Download* (on Binder, do this before you close the tab: a Binder session is deleted when it
ends). To start an exercise afresh, rename or delete your copy; the course makes a new one
the next time it starts.
"""


def copy_name(exercise: Path | str) -> str:
    """The file name of a student's copy of an exercise notebook."""
    return f"{Path(exercise).stem}{SUFFIX}.ipynb"


def _create(target: Path, data: bytes) -> bool:
    """Write a new file; never replace one (mode "x" fails if it exists, even in a race)."""
    try:
        with target.open("xb") as out:
            out.write(data)
    except FileExistsError:
        return False
    return True


def copy_exercises(root: Path = COURSE_ROOT) -> list[Path]:
    """Copy every exercise notebook, and the capstone, that has no copy yet into ``my_work/``.

    Parameters
    ----------
    root
        The course folder (the one holding ``exercises/``).

    Returns
    -------
    list of Path
        The copies made now (empty when every exercise already has one).
    """
    work = root / WORK_FOLDER
    work.mkdir(exist_ok=True)
    _create(work / "README.md", README.encode("utf-8"))
    made = []
    for exercise in sorted((root / EXERCISES).glob("*.ipynb")):
        target = work / copy_name(exercise)
        if _create(target, exercise.read_bytes()):
            made.append(target)
    capstone = root / capstone_copy.LESSON_FOLDER / capstone_copy.CAPSTONE
    target = work / capstone_copy.COPY_NAME
    if capstone.is_file() and not target.exists():
        try:
            copy = capstone_copy.student_copy(capstone.read_bytes())
        except ValueError as exc:  # a broken lesson must not stop the course from starting
            raise OSError(str(exc)) from None
        if _create(target, copy):
            made.append(target)
    return made
