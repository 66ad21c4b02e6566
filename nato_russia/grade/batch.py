"""Grade a folder of submissions: the whole run, from checks on the inputs to the reports.

Before the first kernel starts, the instructor's dataset is read once, validated and
checksummed, and the course package and dataset file are fingerprinted. Submissions are
then graded in parallel jobs, each job's kernels as a user of their own (when root). After
each submission the course on disk is fingerprinted again: if anything changed it, the run
stops rather than grade the rest against a course that is no longer the instructor's. The
reports go to a folder outside the course repository and outside the submissions.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from nato_russia import data
from nato_russia.grade import reports, submissions, written_marks
from nato_russia.grade.interpreter import Interpreter, InterpreterError, kernel_python
from nato_russia.grade.launchers import FreshProcesses, Launcher, LaunchError, Zygote
from nato_russia.grade.lesson import ROOT, plan
from nato_russia.grade.runner import Context, Result, grade, not_run
from nato_russia.grade.sandbox import (
    PACKAGE,
    KernelUser,
    Limits,
    adopt_orphans,
    home_files,
    kernel_users,
    make_sandbox,
    release_users,
    remove_sandbox,
    sha256,
    tree_checksum,
)


class GradeError(Exception):
    """The run cannot start, or had to stop; the message says why in one sentence."""


@dataclass(frozen=True)
class Options:
    """What to grade and how (see ``python -m nato_russia.grade --help``)."""

    lesson: str
    submissions: Path
    out: Path
    roster: Path | None = None
    data: Path | None = None
    limits: Limits = Limits()
    jobs: int = 1
    # Fork kernels from a warmed-up process when they have users of their own; False starts
    # each one from nothing, as for an ordinary user (slower, for comparison and tests).
    fork: bool = True
    # A filled-in written.csv, whose marks become the written answers' points.
    written_marks: Path | None = None


@dataclass
class Run:
    """A finished run: every result, the dataset's checksum, and whether all was graded."""

    results: list[Result]
    checksum: str
    stopped: str = ""

    @property
    def failures(self) -> list[Result]:
        """The submissions that could not be graded (missing ones are not failures)."""
        return [r for r in self.results if not r.graded and not r.submission.missing]


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _check_out(out: Path, submitted: Path) -> None:
    if _inside(out, ROOT):
        raise GradeError(f"the output folder {out} is inside the course repository; choose "
                         "one outside it (the grader never writes into the course)")
    if _inside(out, submitted):
        raise GradeError(f"the output folder {out} is inside the submissions folder; choose "
                         "one outside it, or the next run would grade it as a student")


def _dataset(path: Path | None) -> tuple[data.Course, bytes, bytes, Path]:
    """Read, validate and tabulate the dataset once, from the exact bytes checksummed."""
    file = path or ROOT / "data" / data.DATA_FILE
    try:
        raw_bytes = file.read_bytes()
    except OSError as exc:
        raise GradeError(f"the dataset {file} cannot be read ({exc.strerror or exc})") from None
    try:
        raw = json.loads(raw_bytes.decode("utf-8"))
        data.validate(raw, file)
        course = data.tabulate(raw, file)
    except (ValueError, UnicodeDecodeError) as exc:
        raise GradeError(f"the dataset cannot be used: {exc}") from None
    return course, raw_bytes, data.schema_path().read_bytes(), file


def _launcher(scratch: Path, users: list[KernelUser], interpreter: Interpreter,
              limits: Limits, dataset: bytes, schema: bytes, fork: bool) -> Launcher:
    """Kernels forked from a warmed-up process when they get users of their own (root);
    otherwise each a fresh process (see :mod:`nato_russia.grade.launchers`)."""
    if not (fork and users[0].own):
        return FreshProcesses(interpreter, limits)
    base = make_sandbox(scratch, "zygote", KernelUser(), dataset, schema)
    for folder in (base.root, base.root / "home"):  # kernels read the course copy from here
        folder.chmod(0o755)
    try:
        return Zygote(interpreter, limits, base)
    except LaunchError as exc:
        raise GradeError(str(exc)) from None


def _fingerprint(dataset_file: Path) -> str:
    return tree_checksum([PACKAGE, dataset_file])


def run(options: Options, say: Callable[[str], None] = print) -> Run:
    """Grade every submission and write the reports.

    Raises
    ------
    GradeError
        When the inputs cannot be used, or the course changed during the run.
    """
    _check_out(options.out, options.submissions)
    lesson = plan(options.lesson)
    course, dataset, schema, dataset_file = _dataset(options.data)
    checksum = sha256(dataset)
    if os.environ.get(data.ENV_VAR):
        say(f"note: {data.ENV_VAR} is set and ignored; grading with {dataset_file}")
    found = submissions.find(options.submissions, lesson.path.name)
    if options.roster is not None:
        found = submissions.with_roster(found, submissions.read_roster(options.roster))
    found = sorted((submissions.load(s) for s in found), key=lambda s: s.student)
    if not found:
        raise GradeError(f"no submissions found in {options.submissions}: put one "
                         f"<student>.ipynb per student there, or nbgrader's submitted/ folder")
    marks = {}
    if options.written_marks is not None:  # checked before any kernel starts
        try:
            marks = written_marks.read(options.written_marks, lesson,
                                       [s.student for s in found])
        except written_marks.MarksError as exc:
            raise GradeError(str(exc)) from None
    say(f"grading {len(found)} submission(s) of {lesson.name} with dataset sha256 "
        f"{checksum[:16]}... in {options.jobs} job(s)")
    adopt_orphans()
    scratch = Path(tempfile.mkdtemp(prefix="nato-russia-grade-"))
    if _inside(scratch, ROOT):
        shutil.rmtree(scratch)
        raise GradeError("the temporary folder is inside the course repository; set TMPDIR "
                         "to a folder outside it")
    scratch.chmod(0o711)  # kernels' users may pass through, not list or write
    users: list[KernelUser] = []
    try:
        users = kernel_users(options.jobs)
        probe = make_sandbox(scratch, "preflight", users[0], dataset, schema)
        try:
            interpreter = kernel_python(probe, scratch / "python")
            seeds = home_files(probe, ".matplotlib")  # the font list the preflight built
        except InterpreterError as exc:
            raise GradeError(str(exc)) from None
        finally:
            remove_sandbox(probe)
        launcher = _launcher(scratch, users, interpreter, options.limits, dataset, schema,
                             options.fork)
        try:
            context = Context(lesson, course, dataset, schema, launcher, options.limits,
                              scratch, seeds)
            outcome = _grade_all(context, found, users, _fingerprint(dataset_file),
                                 dataset_file, say)
        finally:
            if isinstance(launcher, Zygote):
                launcher.close()
    finally:
        release_users(users)
        shutil.rmtree(scratch, ignore_errors=True)
    outcome.checksum = checksum
    if sha256(dataset_file.read_bytes()) != checksum and not outcome.stopped:
        outcome.stopped = (f"the dataset file {dataset_file} changed during the run; the "
                           "grades used the copy checksummed at the start")
    written_marks.fold(((r.submission.student, got) for r in outcome.results
                        for got in r.outcomes.values()), marks)
    if marks:
        say(f"written marks folded in: {len(marks)} answer(s) from {options.written_marks}")
    reports.write_all(options.out, outcome.results, lesson, checksum)
    return outcome


def _grade_all(context: Context, found: list[submissions.Submission],
               users: list[KernelUser], fingerprint: str, dataset_file: Path,
               say: Callable[[str], None]) -> Run:
    free: queue.Queue[KernelUser] = queue.Queue()
    for user in users:
        free.put(user)
    results: dict[int, Result] = {}
    lock = threading.Lock()
    stop = threading.Event()
    run_state = Run([], "")
    done = [0]

    def one(index: int, submission: submissions.Submission) -> None:
        if stop.is_set():
            results[index] = not_run(context, submission, "error",
                                     "Not graded: the run stopped before it.")
            results[index].graded = False
            return
        user = free.get()
        try:
            result = grade(context, submission, user, f"s{index}")
        finally:
            free.put(user)
        with lock:
            results[index] = result
            done[0] += 1
            if _fingerprint(dataset_file) != fingerprint:
                stop.set()
                run_state.stopped = (f"the course package or dataset on disk changed while "
                                     f"{submission.student} was graded; the run stopped. "
                                     "Grade as root, or in a container, so kernels run as a "
                                     "user who cannot write the course")
            say(_progress(done[0], len(found), result))

    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        futures = [pool.submit(one, i, s) for i, s in enumerate(found)]
        for future in futures:
            with contextlib.suppress(Exception):
                future.result()
    for index, submission in enumerate(found):  # a job that crashed still gets a row
        if index not in results:
            results[index] = not_run(context, submission, "error",
                                     "Not graded: the grader failed on it.")
            results[index].graded = False
    run_state.results = [results[i] for i in range(len(found))]
    return run_state


def _progress(done: int, total: int, result: Result) -> str:
    student = result.submission.student
    if result.submission.missing:
        state = "missing"
    elif result.submission.notebook is None:
        state = f"unreadable ({result.submission.problem})"
    elif not result.graded:
        state = f"not graded ({result.problem})"
    else:
        state = f"{result.points:g}/{result.maximum:g}"
    flagged = sorted({f.name for f in result.flags})
    extra = f", flags: {', '.join(flagged)}" if flagged else ""
    return f"[{done}/{total}] {student}: {state} in {result.seconds:.1f} s{extra}"
