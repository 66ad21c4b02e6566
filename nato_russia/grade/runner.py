"""Grade one submission: rebuild it, run it in its own sandboxed kernel, judge each answer.

The rebuilt notebook runs cell by cell: the course's own cells as the instructor wrote
them, each of the student's answer cells in its place, and, where the exercise has a
check cell, the answers it names are read out of the kernel as plain data and judged in
the grader. Every answer cell has its own time limit and the notebook one for all; an
answer that raises, runs too long, exhausts its memory or kills the kernel costs that
question only: a dead or stuck kernel is replaced by a fresh one, the cells that had
worked are run again, and grading goes on with the next question.
"""

from __future__ import annotations

import keyword
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path

from nato_russia.data import Course
from nato_russia.grade import flags as flagging
from nato_russia.grade.judge import Outcome, failed, maximum, outcome
from nato_russia.grade.kernel import CellRun, Kernel, KernelError
from nato_russia.grade.launchers import Launcher
from nato_russia.grade.lesson import Plan, Step
from nato_russia.grade.rebuild import VERDICT_LINE, Rebuilt, rebuild, untouched
from nato_russia.grade.sandbox import KernelUser, Limits, make_sandbox, remove_sandbox
from nato_russia.grade.submissions import Submission
from nato_russia.grade.to_plain import MIME
from nato_russia.kernel.answer_magic import answer_text

TO_PLAIN = (Path(__file__).resolve().parent / "to_plain.py").read_text(encoding="utf-8")
# The course's own cells only import and load the dataset: they get at least this long,
# whatever the limit for answers, so a tight answer limit cannot fail an honest notebook.
COURSE_CELL_SECONDS = 120.0
UNTOUCHED = ("You handed in the blank sheet: none of your answer cells differs from the "
             "exercise as it was handed out. Did you hand in the exercise itself instead of "
             "your copy in my_work/?")
NOT_ANSWERED = "Not answered: this answer cell is as the exercise hands it out."
EXPORT = """def __nato_russia_export():
    namespace = {{}}
    exec({source!r}, namespace)
    namespace["publish"]({token!r}, {question!r}, lambda: ({expression}))
__nato_russia_export()
del __nato_russia_export
"""


@dataclass(frozen=True)
class Context:
    """What every submission is graded with: the lesson, the instructor's dataset (and
    its bytes, copied into each sandbox), how kernels start, the limits, a scratch folder
    and files every kernel's home starts with."""

    plan: Plan
    course: Course
    dataset: bytes
    schema: bytes
    launcher: Launcher
    limits: Limits
    scratch: Path
    home_files: dict[str, bytes] = field(default_factory=dict)


@dataclass
class Result:
    """One submission, graded.

    Attributes
    ----------
    submission
        The submission.
    outcomes
        Per question, in the lesson's order.
    flags
        What the instructor may want to look at.
    notes
        What the student should know about how it was graded, in plain words.
    graded
        False when the submission could not be graded at all (see ``problem``).
    problem
        Why not.
    seconds
        Wall time of the whole submission.
    restarts
        How often its kernel was replaced.
    """

    submission: Submission
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    flags: list[flagging.Flag] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    graded: bool = True
    problem: str = ""
    seconds: float = 0.0
    restarts: int = 0

    @property
    def points(self) -> float:
        """Points earned."""
        return sum(o.points for o in self.outcomes.values())

    @property
    def maximum(self) -> float:
        """Points available."""
        return sum(o.maximum for o in self.outcomes.values())

    @property
    def status(self) -> str:
        """One word for the submission as a whole: missing, unreadable, graded, not graded."""
        if self.submission.missing:
            return "missing"
        if self.submission.notebook is None:
            return "unreadable"
        return "graded" if self.graded else "not graded"


def written_answer_as_python(source: str) -> str:
    """An ``%%answer name`` cell as the assignment the course's kernel extension makes.

    The grader's kernels load no course extension (nothing of the student's setup is
    trusted), so a written answer is turned into plain Python here: its text, read exactly as
    :func:`nato_russia.kernel.answer_magic.answer_text` reads it, assigned to its name. Any
    other cell, or an ``%%answer`` line without a valid name, is returned unchanged.
    """
    first, _, body = source.partition("\n")
    words = first.split()
    if len(words) != 2 or words[0] != "%%answer":
        return source
    name = words[1]
    if not name.isidentifier() or keyword.iskeyword(name):
        return source
    return f"{name} = {answer_text(body)!r}\n"


def not_run(context: Context, submission: Submission, status: str, problem: str) -> Result:
    """A result for a submission that never ran: missing, unreadable, or a kernel failure."""
    result = Result(submission, graded=status == "missing", problem=problem)
    for question in context.plan.questions:
        result.outcomes[question] = failed(question, status, problem)
    return result


def _kernel_trouble(run: CellRun, source: str) -> tuple[str, str]:
    """The status and words for an answer cell that did not run cleanly."""
    if run.status == "timeout":
        return "timeout", "Your answer cell ran too long and was stopped."
    if run.status == "died":
        return "error", ("The kernel stopped while your answer cell ran (it exited, or "
                         "crashed); the cells after it ran in a fresh kernel.")
    if run.ename == "MemoryError":
        return "memory", "Your answer cell used more memory than allowed and was stopped."
    if run.ename == "NotImplementedError" and "raise NotImplementedError" in source:
        return "unanswered", "Not answered yet: the cell still raises NotImplementedError."
    return "error", f"Your answer cell stopped with an error: {run.ename}: {run.evalue}"


class _Grading:
    """The state of one submission's run: its kernel, clock, and what is decided."""

    def __init__(self, context: Context, result: Result, rebuilt: Rebuilt,
                 kernel: Kernel) -> None:
        self.context = context
        self.result = result
        self.rebuilt = rebuilt
        self.kernel = kernel
        self.deadline = time.monotonic() + context.limits.notebook_seconds
        self.worked: list[str] = []  # code that ran cleanly, to run again after a restart
        self.answer_seconds: dict[str, float] = {}

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def decide(self, question: str, status: str, problem: str, seconds: float = 0.0) -> None:
        if question not in self.result.outcomes:
            self.result.outcomes[question] = failed(question, status, problem, seconds)

    def recover(self) -> bool:
        """Replace a dead or stuck kernel and run again what had worked; False if it cannot."""
        self.result.restarts += 1
        try:
            self.kernel.restart()
        except KernelError as exc:
            self.result.notes.append(f"The kernel could not be started again: {exc}.")
            return False
        for code in self.worked:
            run = self.kernel.run(code, min(COURSE_CELL_SECONDS, max(self.left(), 0.1)))
            if run.status in ("timeout", "died"):
                self.result.notes.append("After a restart, the cells that had worked did not "
                                         "run again in time.")
                return False
        return True

    def course_cell(self, step: Step) -> bool:
        limit = min(max(self.context.limits.cell_seconds, COURSE_CELL_SECONDS), self.left())
        run = self.kernel.run(step.cell.source, limit)
        if run.status == "ok":
            self.worked.append(step.cell.source)
            return True
        what = f"{run.ename}: {run.evalue}" if run.status == "error" else run.status
        self.result.graded = False
        self.result.problem = f"the course's own cell failed ({what})"
        return False

    def answer_cell(self, step: Step, source: str | None) -> bool:
        if source is None:
            for question in step.questions:
                self.decide(question, "missing", "Your notebook has no answer cell for it.")
            return True
        source = written_answer_as_python(source)
        run = self.kernel.run(source, min(self.context.limits.cell_seconds, self.left()))
        for question in step.questions:
            self.answer_seconds[question] = run.seconds
        if VERDICT_LINE.search(run.stdout):
            self.result.flags.append(flagging.Flag(
                "verdict-symbols", f"the answer to {', '.join(step.questions)}",
                "printed a verdict line when it ran", step.questions))
        if run.status == "ok":
            self.worked.append(source)
            return True
        status, problem = _kernel_trouble(run, source)
        for question in step.questions:
            self.decide(question, status, problem, run.seconds)
        return self.kernel.alive() or self.recover()

    def check_cell(self, step: Step) -> bool:
        for call in step.calls:
            if call.question in self.result.outcomes:
                continue  # decided already: missing, or its answer cell failed
            token = secrets.token_hex(16)
            code = EXPORT.format(source=TO_PLAIN, token=token, question=call.question,
                                 expression=call.expression)
            run = self.kernel.run(code, min(self.context.limits.cell_seconds, self.left()))
            seconds = self.answer_seconds.get(call.question, 0.0)
            payload = next((d[MIME] for d in run.data if isinstance(d.get(MIME), dict)
                            and d[MIME].get("token") == token
                            and d[MIME].get("question") == call.question), None)
            if run.status == "ok" and payload is not None:
                judged = outcome(call.question, payload, self.context.course, call.expression)
                judged.seconds = seconds
                self.result.outcomes[call.question] = judged
                continue
            if run.status == "timeout":
                self.decide(call.question, "timeout", "Reading your answer took too long.",
                            seconds)
            elif run.status == "died":
                self.decide(call.question, "error", "The kernel stopped while your answer "
                                                    "was read.", seconds)
            else:
                self.decide(call.question, "error", "Your answer could not be read out of "
                                                    "the notebook (its output was redirected "
                                                    "or the kernel's display was replaced).",
                            seconds)
            if not self.kernel.alive() and not self.recover():
                return False
        return True

    def run(self) -> None:
        for index, step in enumerate(self.context.plan.steps):
            if self.left() <= 0:
                break
            if step.kind == "course":
                going = self.course_cell(step)
            elif step.kind == "answer":
                going = self.answer_cell(step, self.rebuilt.answers.get(index))
            else:
                going = self.check_cell(step)
            if not going:
                break
        if self.result.problem:
            status, reason = "error", f"Not graded: {self.result.problem}."
        elif self.left() <= 0:
            status, reason = "timeout", "The notebook ran out of time before this question."
        else:
            status, reason = "error", "The kernel could not go on after an earlier answer."
        for question in self.context.plan.questions:
            self.decide(question, status, reason)


def _forged(result: Result, rebuilt: Rebuilt) -> None:
    """Flag stored outputs that claim more than the answer earns."""
    for question, claimed in rebuilt.claims.items():
        got = result.outcomes.get(question)
        if claimed == "correct" and got is not None and got.status != "correct":
            result.flags.append(flagging.Flag(
                "forged-output", f"the stored output of {question}",
                f"shows ✅ but the answer, run again, is {got.status}", (question,)))


def grade(context: Context, submission: Submission, user: KernelUser, name: str) -> Result:
    """Grade one read submission in a sandbox of its own.

    Parameters
    ----------
    context
        What all submissions are graded with.
    submission
        The submission, already read.
    user
        Who its kernel runs as.
    name
        A name for its sandbox folder, unique in this run.
    """
    started = time.monotonic()
    if submission.missing:
        return not_run(context, submission, "missing", "Nothing was submitted.")
    if submission.notebook is None:
        return not_run(context, submission, "unreadable",
                       f"The file could not be read: {submission.problem}")
    rebuilt = rebuild(context.plan, submission.notebook)
    result = Result(submission, notes=list(rebuilt.notes) + list(submission.notes))
    result.flags += flagging.scan_cells(rebuilt.own_code)
    result.flags += [flagging.Flag("deleted-check", f"the check cell of {q}", "deleted", (q,))
                     for q in rebuilt.deleted_checks]
    result.flags += [flagging.Flag("changed-check", f"the check cell of {q}", "changed", (q,))
                     for q in rebuilt.changed_checks]
    if submission.others and submission.path is not None:
        result.flags.append(flagging.Flag(
            "several-copies", "the student's folder",
            f"graded {submission.path.name}, the most recently modified; not graded: "
            f"{', '.join(submission.others)}"))
    if untouched(context.plan, rebuilt):
        # Nothing of the student's to run: every question is unanswered, said plainly and
        # flagged, never a silent 0.
        result.flags.append(flagging.Flag("untouched", "every answer cell",
                                          "as the exercise hands it out"))
        result.outcomes = {q: failed(q, "unanswered", NOT_ANSWERED)
                           for q in context.plan.questions}
        _forged(result, rebuilt)  # a blank sheet may still store a forged ✅
        result.seconds = time.monotonic() - started
        return result
    box = make_sandbox(context.scratch, name, user, context.dataset, context.schema,
                       context.home_files)
    kernel = Kernel(box, context.launcher)
    try:
        before = box.course_checksum()
        try:
            kernel.start()
        except KernelError as exc:
            failed_run = not_run(context, submission, "error", f"The kernel could not start: "
                                                               f"{exc}")
            failed_run.flags, failed_run.notes = result.flags, result.notes
            failed_run.graded = False
            return failed_run
        grading = _Grading(context, result, rebuilt, kernel)
        grading.run()
        kernel.stop()
        if box.course_checksum() != before:
            result.flags.append(flagging.Flag(
                "files", "while it ran", "its copy of the course or dataset was changed"))
    finally:
        kernel.stop()
        remove_sandbox(box)
    result.outcomes = {q: result.outcomes[q] for q in context.plan.questions}
    for question, got in result.outcomes.items():
        got.maximum = maximum(question)
    _forged(result, rebuilt)
    result.seconds = time.monotonic() - started
    return result
