"""The grader's command line: ``python -m nato_russia.grade LESSON SUBMISSIONS [options]``,
and ``python -m nato_russia.grade capstone SUBMISSIONS`` for the capstone's records
(:mod:`~nato_russia.grade.capstone`).

Exit codes: 0 every submission was graded; 1 at least one could not be (unreadable, or
its kernel could not run), or the run stopped; 2 the inputs cannot be used. Problems are
one line naming what is wrong, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from nato_russia.grade.batch import GradeError, Options, run
from nato_russia.grade.lesson import LessonError
from nato_russia.grade.sandbox import Limits
from nato_russia.grade.submissions import SubmissionsError

DEFAULTS = Limits()


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text!r} must be more than 0")
        return value
    return parse


def parser() -> argparse.ArgumentParser:
    """The command's arguments."""
    jobs = max(1, min(4, os.cpu_count() or 1))
    command = argparse.ArgumentParser(
        prog="python -m nato_russia.grade",
        description="Grade a folder of submitted exercise notebooks into a gradebook. Each "
        "submission runs in a kernel of its own, isolated, and is judged with the course's "
        "own checks and dataset.")
    command.add_argument("lesson", help="the lesson: its number (01), its exercise's name, "
                                        "or the path of an exercise notebook")
    command.add_argument("submissions", type=Path,
                         help="a folder of <student>.ipynb files, or of one folder per "
                              "student (nbgrader's submitted/ folder or its course folder)")
    command.add_argument("--out", type=Path, help="where the reports go (default: a folder "
                         "named after the submissions folder, with -graded, beside it)")
    command.add_argument("--roster", type=Path,
                         help="the students expected: one id per line, or a CSV file with a "
                              "'student' column; those without a file are graded missing")
    command.add_argument("--data", type=Path, help="the dataset to grade against (default: "
                         "the course's; NATO_RUSSIA_DATA is ignored)")
    command.add_argument("--cell-timeout", type=_positive(float),
                         default=DEFAULTS.cell_seconds, metavar="SECONDS",
                         help=f"time for one answer cell (default {DEFAULTS.cell_seconds:g})")
    command.add_argument("--notebook-timeout", type=_positive(float),
                         default=DEFAULTS.notebook_seconds, metavar="SECONDS",
                         help="time for a whole submission (default "
                              f"{DEFAULTS.notebook_seconds:g})")
    command.add_argument("--memory", type=_positive(int), default=DEFAULTS.memory_mb,
                         metavar="MB", help="memory for one kernel (default "
                                            f"{DEFAULTS.memory_mb})")
    command.add_argument("--jobs", type=_positive(int), default=jobs,
                         help=f"submissions graded at once (default {jobs} here)")
    command.add_argument("--written-marks", type=Path, metavar="CSV",
                         help="a written.csv with its criteria columns filled in: the marks "
                              "become the written answers' points in the gradebook and "
                              "feedback")
    return command


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["capstone"]:
        from nato_russia.grade.capstone import main as capstone

        return capstone(argv[1:])
    args = parser().parse_args(argv)
    submitted = args.submissions.resolve()
    out = args.out or submitted.parent / f"{submitted.name}-graded"
    limits = Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.notebook_timeout,
                    memory_mb=args.memory)
    options = Options(args.lesson, args.submissions, out, args.roster, args.data, limits,
                      args.jobs, written_marks=args.written_marks)
    started = time.monotonic()
    try:
        result = run(options, lambda line: print(line, flush=True))
    except (GradeError, LessonError, SubmissionsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    elapsed = time.monotonic() - started
    flagged = sum(1 for r in result.results if r.flags)
    print(f"graded {len(result.results) - len(result.failures)} of {len(result.results)} in "
          f"{elapsed:.1f} s; {flagged} flagged for review; reports in {out} (the class at "
          "a glance: class.html)")
    blank = [r.submission.student for r in result.results
             if any(f.name == "untouched" for f in r.flags)]
    if blank:
        print(f"note: {len(blank)} handed in the blank sheet (flag untouched): "
              f"{', '.join(blank[:10])}{' ...' if len(blank) > 10 else ''}")
    if result.stopped:
        print(f"error: {result.stopped}", file=sys.stderr)
        return 1
    if result.failures:
        names = ", ".join(r.submission.student for r in result.failures[:10])
        print(f"error: {len(result.failures)} submission(s) could not be graded: {names}",
              file=sys.stderr)
        return 1
    return 0
