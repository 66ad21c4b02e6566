"""Find the submitted notebooks in a folder, read each, and match them to a roster.

Two layouts are understood, and may be mixed:

* a flat folder of ``<student>.ipynb`` files (Binder downloads, an LMS export);
* one folder per student holding the lesson's notebook somewhere inside: nbgrader's
  ``submitted/<student>/<assignment>/<notebook>.ipynb`` (give the ``submitted`` folder or
  the nbgrader course folder above it), a Binder download of the student's copy
  (``01_..._exercises.ipynb``), or home folders collected from JupyterHub, each a whole
  checkout of the course.

In a student's folder the student's own copy (the name
:func:`nato_russia.lab.student_work.copy_name` gives it, anywhere in the folder) wins over
the handed-out exercise of the same lesson, which a checkout also holds; the lesson and
answer-key notebooks of a checkout (``notebooks/``, ``solutions/``) are never taken. Of
several candidates, the most recently modified is graded and the others are named.

A file that cannot be read is recorded with the reason, never dropped; a student on the
roster with no file is recorded as missing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from nato_russia.authoring.notebook_files import NotebookError, read
from nato_russia.lab.student_work import copy_name

MAX_BYTES = 50 * 2**20
ROSTER_COLUMNS = ("student", "student_id", "id", "username", "login", "email")
SKIPPED = {".ipynb_checkpoints", "__pycache__", ".git"}
# Folders of a course checkout whose notebooks share the exercise's name but are not a
# student's answers: the lesson itself and the answer keys.
NOT_WORK = {"notebooks", "solutions"}


@dataclass
class Submission:
    """One student's submitted notebook.

    Attributes
    ----------
    student
        The student's id: the file's name or the student's folder.
    path
        The file; None for a student on the roster who submitted nothing.
    notebook
        The notebook read; None when missing or unreadable.
    problem
        Why the file could not be read ('' when it could).
    notes
        What else was noticed while finding it (several copies, not on the roster).
    others
        Other candidate copies found in the student's folder and not graded (relative to
        it), most recent first.
    """

    student: str
    path: Path | None
    notebook: nbformat.NotebookNode | None = None
    problem: str = ""
    notes: tuple[str, ...] = ()
    others: tuple[str, ...] = ()

    @property
    def missing(self) -> bool:
        """Whether the student submitted nothing."""
        return self.path is None


class SubmissionsError(Exception):
    """The submissions folder or the roster cannot be used; the message says why."""


def safe_name(student: str) -> str:
    """A file name for a student's id: letters, digits, and ``._@-`` kept, the rest ``_``."""
    name = re.sub(r"[^A-Za-z0-9._@-]", "_", student).strip(".") or "student"
    return name[:100]


def _in_checkout_folder(path: Path, folder: Path) -> bool:
    """Whether a notebook sits in a checkout's ``notebooks/`` or ``solutions/`` folder
    (one beside an ``exercises/`` folder)."""
    parent = path.parent
    return (parent.name in NOT_WORK and parent != folder
            and (parent.parent / "exercises").is_dir())


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _copies(folder: Path, notebook_name: str) -> list[Path]:
    """The candidate notebooks of the lesson in a student's folder, the one to grade first.

    The student's own copies (``<exercise>_exercises.ipynb``) if there are any, else the
    notebooks named as the exercise (outside a checkout's ``notebooks/`` and
    ``solutions/``), else the folder's only notebook; most recently modified first.
    """
    found = [p for p in folder.rglob("*.ipynb")
             if p.is_file() and not SKIPPED & set(p.relative_to(folder).parts)]
    own = [p for p in found if p.name == copy_name(notebook_name)]
    named = [p for p in found if p.name == notebook_name and not _in_checkout_folder(p, folder)]
    chosen = own or named or (found if len(found) == 1 else [])
    return sorted(chosen, key=lambda p: (-_modified(p), len(p.relative_to(folder).parts),
                                         str(p)))


def class_root(folder: Path) -> Path | None:
    """The folder holding one entry per student: ``folder``, or its ``submitted/`` when it
    is an nbgrader course folder; None when ``folder`` does not exist."""
    if not folder.is_dir():
        return None
    return folder / "submitted" if (folder / "submitted").is_dir() else folder


def find(folder: Path, notebook_name: str) -> list[Submission]:
    """Find one submission per student under ``folder`` (not yet read).

    Raises
    ------
    SubmissionsError
        When the folder does not exist.
    """
    root = class_root(folder)
    if root is None:
        raise SubmissionsError(f"there is no folder {folder}")
    folder = root
    found: dict[str, Submission] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name in SKIPPED or entry.name.startswith("."):
            continue
        if entry.is_file() and entry.suffix == ".ipynb":
            found[entry.stem] = Submission(entry.stem, entry)
        elif entry.is_dir():
            copies = _copies(entry, notebook_name)
            others = tuple(str(p.relative_to(entry)) for p in copies[1:])
            notes: tuple[str, ...] = ()
            if others:
                notes = (f"Several copies of the exercise were found in your folder; the "
                         f"most recently modified, {copies[0].relative_to(entry)}, was "
                         f"graded (not {', '.join(others[:5])}).",)
            if entry.name in found:
                found[entry.name].notes += (f"a folder {entry.name}/ was found too and "
                                            "not graded",)
            elif copies:
                found[entry.name] = Submission(entry.name, copies[0], notes=notes,
                                               others=others)
            else:
                found[entry.name] = Submission(
                    entry.name, entry, problem=f"no {copy_name(notebook_name)} or "
                                               f"{notebook_name} found in the folder "
                                               f"{entry.name}/")
    return list(found.values())


def read_roster(path: Path) -> list[str]:
    """Read a roster: one student id per line, or a CSV file with a ``student`` column
    (or ``id``, ``username``, ``email``...).

    Raises
    ------
    SubmissionsError
        When the file cannot be read or holds no ids.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SubmissionsError(f"the roster {path} cannot be read ({exc})") from None
    rows = [row for row in csv.reader(text.splitlines()) if row and row[0].strip()
            and not row[0].startswith("#")]
    if not rows:
        raise SubmissionsError(f"the roster {path} lists no students")
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(name) for name in ROSTER_COLUMNS if name in header), None)
    if column is not None:
        rows = rows[1:]
    else:
        column = 0
    students = [row[column].strip() for row in rows if len(row) > column and row[column].strip()]
    return list(dict.fromkeys(students))


def with_roster(submissions: list[Submission], roster: list[str]) -> list[Submission]:
    """Add the students on the roster who submitted nothing; note those not on it."""
    known = set(roster)
    for submission in submissions:
        if submission.student not in known:
            submission.notes += ("not on the roster",)
    have = {s.student for s in submissions}
    return submissions + [Submission(student, None) for student in roster if student not in have]


def load(submission: Submission) -> Submission:
    """Read a submission's file, recording why when it cannot be read."""
    path = submission.path
    if path is None or submission.problem:
        return submission
    try:
        size = path.stat().st_size
    except OSError as exc:
        submission.problem = f"cannot be read ({exc.strerror or exc})"
        return submission
    if size > MAX_BYTES:
        submission.problem = f"is {size / 2**20:.0f} MB, larger than a notebook should be"
        return submission
    try:
        submission.notebook = read(path)
    except NotebookError as exc:
        message = str(exc)
        prefix = f"{path}: "
        submission.problem = message[len(prefix):] if message.startswith(prefix) else message
    return submission
