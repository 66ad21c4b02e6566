"""Generate the exercise notebooks from the solutions, check them, or run notebooks.

Usage::

    python -m nato_russia.authoring                 # write exercises/ from solutions/
    python -m nato_russia.authoring --check         # exit 1 when exercises/ is out of date
    python -m nato_russia.authoring --execute       # run notebooks/ and solutions/ in place
    python -m nato_russia.authoring --execute solutions/00_introduction.ipynb
    python -m nato_russia.authoring --times         # rewrite every stated time

Writing a solution notebook (``solutions/NN_name.ipynb``):

* each question is a markdown cell headed ``## NN.k · Title ★★☆`` with its hint in a
  ``<details>`` block, then an answer cell, then a check cell ``check("NN.k", name)``;
* answer code goes between ``### BEGIN SOLUTION`` and ``### END SOLUTION``; code
  outside the markers (``fig, ax = plt.subplots()``) is kept as scaffolding;
* a written answer is a cell starting ``%%answer name`` with the model answer, as plain
  text, between the markers;
* the question is registered in :mod:`nato_russia.questions`;
* ``--execute`` on the file stores its outputs, sets nbgrader's cell metadata and
  regenerates the exercises.

Exit codes: 0 all well; 1 ``--check`` found exercises that differ from what would be
generated (or are missing, or have no solution); 2 a notebook could not be read,
has broken solution markers, or failed to run. Errors are one line naming the file
and the cell, never a traceback. Solutions are only ever read, except by
``--execute``, which stores fresh outputs in them.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from nato_russia.authoring.notebook_files import NotebookError, dumps, read
from nato_russia.authoring.passes import exercise_from

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS, EXERCISES, LESSONS = "solutions", "exercises", "notebooks"


def generate(solution_path: Path) -> str:
    """Return the text of the exercise notebook generated from one solution file.

    Raises
    ------
    NotebookError
        When the solution cannot be read or its markers or nbgrader metadata are wrong.
    """
    return dumps(exercise_from(read(solution_path), solution_path))


def _short(path: Path) -> Path:
    """The path relative to the working directory when inside it: shorter messages."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _pairs(root: Path) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """Solution/exercise path pairs, and exercise files that have no solution."""
    solutions = sorted(_short(p) for p in (root / SOLUTIONS).glob("*.ipynb"))
    pairs = [(s, _short(root / EXERCISES / s.name)) for s in solutions]
    names = {s.name for s in solutions}
    orphans = sorted(e for e in (root / EXERCISES).glob("*.ipynb") if e.name not in names)
    return pairs, orphans


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def build(root: Path) -> int:
    """Write every exercise notebook; report exercises without a solution."""
    pairs, orphans = _pairs(root)
    texts = {exercise: generate(solution) for solution, exercise in pairs}  # all or nothing
    (root / EXERCISES).mkdir(exist_ok=True)
    for exercise, text in texts.items():
        current = exercise.read_text(encoding="utf-8") if exercise.exists() else None
        if current != text:
            exercise.write_text(text, encoding="utf-8")
            print(f"wrote {_rel(exercise, root)}")
    for orphan in orphans:
        print(f"note: {_rel(orphan, root)} has no solution notebook; delete it if it is stale")
    print(f"{len(texts)} exercise notebook(s) up to date")
    return 0


def check(root: Path) -> int:
    """Compare exercises/ with what would be generated; list every difference."""
    pairs, orphans = _pairs(root)
    problems = []
    for solution, exercise in pairs:
        text = generate(solution)
        if not exercise.exists():
            problems.append(f"{_rel(exercise, root)} is missing")
        elif exercise.read_text(encoding="utf-8") != text:
            problems.append(f"{_rel(exercise, root)} differs from what "
                            f"{_rel(solution, root)} generates")
    problems += [f"{_rel(o, root)} has no solution notebook" for o in orphans]
    if problems:
        print("Exercises are out of date:")
        for problem in problems:
            print(f"  - {problem}")
        print("Run: python -m nato_russia.authoring")
        return 1
    print(f"{len(pairs)} exercise notebook(s) match their solutions")
    return 0


def execute(root: Path, paths: Sequence[str], timeout: int) -> int:
    """Run notebooks in place: the given ones, or all of notebooks/ and solutions/."""
    # Imported late: only this mode needs nbclient.
    from nato_russia.authoring.execute import execute_in_place

    if paths:
        targets = [Path(p) for p in paths]
    else:
        targets = sorted((root / LESSONS).glob("*.ipynb")) + sorted(
            (root / SOLUTIONS).glob("*.ipynb"))
    for target in targets:
        if target.resolve().parent.name == EXERCISES:
            raise NotebookError(target, "exercises are generated without outputs; run "
                                        "python -m nato_russia.authoring instead")
        if not target.is_file():
            raise NotebookError(target, "no such notebook")
    for target in targets:
        print(f"running {_rel(target, root)} ...", flush=True)
        execute_in_place(target, timeout)
    print(f"{len(targets)} notebook(s) run and saved")
    if any(t.resolve().parent.name == SOLUTIONS for t in targets):
        return build(root)  # a solution's nbgrader metadata may have changed
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m nato_russia.authoring",
        description="Generate exercises/ from solutions/, check them, or run notebooks.",
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="exit 1 when exercises/ differs from what would be generated")
    mode.add_argument("--times", action="store_true",
                      help="rewrite every stated time (lessons, sets, guide, syllabus)")
    mode.add_argument("--execute", nargs="*", metavar="NOTEBOOK",
                      help="run notebooks in place (default: notebooks/ and solutions/)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the course folder (default: the one this package is in)")
    parser.add_argument("--timeout", type=int, default=600,
                        help="seconds a cell may run under --execute (default 600)")
    args = parser.parse_args(argv)
    try:
        if args.check:
            return check(args.root)
        if args.times:
            from nato_russia.authoring.times import rewrite

            for changed in rewrite(args.root):
                print(f"wrote {changed}")
            return 0
        if args.execute is not None:
            return execute(args.root, args.execute, args.timeout)
        return build(args.root)
    except NotebookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # --times: a table without the row it rewrites
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
