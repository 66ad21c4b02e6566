"""The grader as an instructor runs it, on honest and hostile submissions of lesson 01.

One run grades every hostile submission of ``grading_cases`` and then the honest ones,
one at a time (``--jobs 1``), so the honest ones come strictly after every hostile one;
another, at the same time, grades the honest ones alone, in parallel. Each hostile case
must get its own status and flags; the honest ones must get the same grades in both runs;
the course must be unchanged and no process of a kernel left behind. The grader's own
environment points ``NATO_RUSSIA_DATA`` at a doctored copy, which it must ignore.

Kernels only run as a user of their own when the grader is root, as it is in CI; without
root a submission could write the course, so these tests would be unsafe and are skipped.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from grading_cases import AUTO_POINTS, LESSON, ROOT, Case, honest_cases, hostile_cases

from nato_russia.grade.sandbox import FIRST_UID, processes_of, unheld

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="kernels get a user of their own only "
                                                  "when the grader runs as root"),
]
DATASET = ROOT / "data" / "nato_russia.json"


@dataclass
class Run:
    """A grading run's inputs and everything it produced."""

    cases: list[Case]
    submissions: Path
    out: Path
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def rows(self) -> dict[tuple[str, str], dict[str, str]]:
        with (self.out / "gradebook.csv").open(encoding="utf-8") as handle:
            return {(r["student"], r["question"]): r for r in csv.DictReader(handle)}

    def flags(self, student: str) -> set[str]:
        with (self.out / "flags.csv").open(encoding="utf-8") as handle:
            return {r["flag"] for r in csv.DictReader(handle) if r["student"] == student}

    def feedback(self, student: str) -> str:
        return (self.out / "feedback" / f"{student}.md").read_text(encoding="utf-8")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class _Grading:
    """A grading run started in the background; :meth:`finish` waits for it."""

    def __init__(self, folder: Path, cases: list[Case], jobs: int, env: dict[str, str]) -> None:
        self.cases, self.submissions, self.out = cases, folder / "submissions", folder / "graded"
        self.submissions.mkdir()
        for case in cases:
            case.write(self.submissions)
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nato_russia.grade", "01", str(self.submissions),
             "--out", str(self.out),
             # Limits with room for `make test`'s load (two cores shared with the browser
             # lanes): an honest answer must never time out (a chart cell took over 15 s
             # there); the endless loop still does, after 60 s.
             "--jobs", str(jobs), "--cell-timeout", "60", "--notebook-timeout", "300"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def finish(self) -> Run:
        try:
            stdout, stderr = self.process.communicate(timeout=600)
        except subprocess.TimeoutExpired:
            self.process.kill()  # as subprocess.run's timeout does: no grader left running
            self.process.communicate()
            raise
        return Run(self.cases, self.submissions, self.out, self.process.returncode, stdout,
                   stderr, time.monotonic() - self.started)


@pytest.fixture(scope="module")
def course_before() -> dict[str, str]:
    """The dataset's checksum and the repository's state before any grading."""
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout
    return {"dataset": _sha(DATASET), "status": status}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory,
         course_before: dict[str, str]) -> dict[str, Run]:
    """Both runs at once, as two instructors' runs on one machine: each has kernel users of
    its own, so neither can reach, or end, the other's kernels."""
    folder = tmp_path_factory.mktemp("hostile")
    doctored = folder / "doctored.json"
    doctored.write_text(DATASET.read_text(encoding="utf-8").replace(
        '"1990-11-19"', '"1990-11-20"'), encoding="utf-8")
    hostile = _Grading(folder, hostile_cases(folder / "submissions", folder / "graded")
                       + honest_cases(), jobs=1,
                       env={**os.environ, "NATO_RUSSIA_DATA": str(doctored)})
    honest = _Grading(tmp_path_factory.mktemp("honest"), honest_cases(), jobs=2,
                      env={k: v for k, v in os.environ.items() if k != "NATO_RUSSIA_DATA"})
    return {"honest": honest.finish(), "hostile": hostile.finish()}


@pytest.fixture(scope="module")
def hostile_run(runs: dict[str, Run]) -> Run:
    return runs["hostile"]


@pytest.fixture(scope="module")
def honest_run(runs: dict[str, Run]) -> Run:
    return runs["honest"]


HOSTILE = hostile_cases(Path("/submissions"), Path("/graded"))


@pytest.mark.parametrize("student", [c.student for c in HOSTILE],
                         ids=[f"{c.student}: {c.what}" for c in HOSTILE])
def test_each_hostile_submission_gets_its_status_and_flags(hostile_run: Run,
                                                           student: str) -> None:
    case = next(c for c in hostile_run.cases if c.student == student)
    rows = hostile_run.rows()
    got = {q: rows[(student, q)]["status"] for q in case.expected()}
    assert got == case.expected(), hostile_run.feedback(student)
    flags = hostile_run.flags(student)
    assert case.flags <= flags, f"{student}: flags {flags}"
    if case.exact_flags:
        assert flags == case.flags
    assert rows[(student, "total")]["flags"] == ";".join(sorted(flags))


def test_honest_grades_are_the_same_alone_and_after_every_hostile_one(
        hostile_run: Run, honest_run: Run) -> None:
    after, alone = hostile_run.rows(), honest_run.rows()
    for case in honest_cases():
        for question in [*case.expected(), "total"]:
            key = (case.student, question)
            kept = ("status", "points", "maximum", "flags", "dataset_sha256")
            assert {k: after[key][k] for k in kept} == {k: alone[key][k] for k in kept}, key
        assert hostile_run.feedback(case.student) == honest_run.feedback(case.student)


def test_honest_grades_are_right(honest_run: Run) -> None:
    rows = honest_run.rows()
    assert honest_run.returncode == 0, honest_run.stderr
    for case in honest_cases():
        assert {q: rows[(case.student, q)]["status"] for q in case.expected()} == \
            case.expected()
    totals = {c.student: rows[(c.student, "total")] for c in honest_cases()}
    # A point for each answer its case expects correct, out of every auto-checked question.
    assert [(t["points"], t["maximum"]) for t in totals.values()] == [
        (str(sum(s == "correct" for s in c.expected().values())), str(AUTO_POINTS))
        for c in honest_cases()]
    assert [t["points"] for t in totals.values()][0] == str(AUTO_POINTS)


def test_only_the_unreadable_submission_fails_the_run(hostile_run: Run) -> None:
    assert hostile_run.returncode == 1
    assert "1 submission(s) could not be graded: o-invalid-json" in hostile_run.stderr
    assert "Traceback" not in hostile_run.stderr + hostile_run.stdout
    assert hostile_run.rows()[("o-invalid-json", "total")]["status"] == "unreadable"


def test_nothing_outside_the_reports_changed(hostile_run: Run,
                                            course_before: dict[str, str]) -> None:
    assert _sha(DATASET) == course_before["dataset"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True,
                            text=True, check=False).stdout
    assert status == course_before["status"]
    planted = [p for folder in (ROOT, ROOT / "nato_russia", hostile_run.submissions,
                                hostile_run.out) for p in folder.glob("planted-*")]
    assert not planted


def test_no_process_of_a_kernel_outlives_the_run(hostile_run: Run) -> None:
    # The kernel users no run holds now: a class graded at the same time in another lane
    # (test_grade_class.py) has live kernels under the users it holds.
    with unheld(range(FIRST_UID, FIRST_UID + 16)) as free:
        assert len(free) >= 8, "most kernel users should be free once this run is over"
        left = {uid: pids for uid in free if (pids := processes_of(uid))}
    assert not left


def test_the_instructors_dataset_is_used_whatever_the_environment_says(
        hostile_run: Run) -> None:
    assert "NATO_RUSSIA_DATA is set and ignored" in hostile_run.stdout
    checksums = {r["dataset_sha256"] for r in hostile_run.rows().values()}
    assert checksums == {_sha(DATASET)}


def test_feedback_says_what_went_wrong_in_plain_words(hostile_run: Run) -> None:
    assert "ran too long and was stopped" in hostile_run.feedback("k-endless-loop")
    assert "kernel stopped while your answer cell ran" in hostile_run.feedback("l-os-exit")
    assert "more memory than allowed" in hostile_run.feedback("n-memory-hog")
    assert "KeyError" in hostile_run.feedback("q-error-in-one")
    assert "code cell" not in hostile_run.feedback("zz-honest-right")
    partly = " ".join(hostile_run.feedback("zz-honest-partly").split())
    assert "137 is not the number of days" in partly and "💡 Hint:" in partly
    assert "is not valid JSON" in hostile_run.feedback("o-invalid-json")


def test_written_answers_are_recorded_never_marked(honest_run: Run) -> None:
    with (honest_run.out / "written.csv").open(encoding="utf-8") as handle:
        written = {r["student"]: r for r in csv.DictReader(handle)}
    assert written["zz-honest-right"]["status"] == "written"
    assert int(written["zz-honest-right"]["words"]) > 100
    assert written["zz-honest-blank"]["status"] == "unanswered"
    row = honest_run.rows()[("zz-honest-right", "01.6")]
    assert (row["points"], row["maximum"]) == ("0", "0")


def test_the_run_prints_one_line_per_submission(hostile_run: Run) -> None:
    lines = [line for line in hostile_run.stdout.splitlines() if line.startswith("[")]
    assert len(lines) == len(hostile_run.cases)
    assert lines[-1].startswith(f"[{len(hostile_run.cases)}/{len(hostile_run.cases)}]")
    assert json.dumps(LESSON)[1:-1] in hostile_run.stdout


def test_kernels_started_from_nothing_grade_the_same(tmp_path: Path, honest_run: Run) -> None:
    """The slower way, for an ordinary user's grader, run here with users of their own."""
    from nato_russia.grade.batch import Options, run

    submissions = tmp_path / "submissions"
    submissions.mkdir()
    case = honest_cases()[1]
    case.write(submissions)
    result = run(Options("01", submissions, tmp_path / "graded", jobs=1, fork=False),
                 say=lambda line: None)
    got = {q: o.status for q, o in result.results[0].outcomes.items()}
    assert got == case.expected()
    assert (tmp_path / "graded" / "feedback" / f"{case.student}.md").read_text(
        encoding="utf-8") == honest_run.feedback(case.student)


def test_a_changed_copy_of_the_course_is_noticed(hostile_run: Run) -> None:
    with (hostile_run.out / "flags.csv").open(encoding="utf-8") as handle:
        details = {r["detail"] for r in csv.DictReader(handle)
                   if r["student"] == "v-swaps-its-course-copy"}
    assert "its copy of the course or dataset was changed" in details


def test_a_python_staged_with_its_packages_runs_a_kernel_as_its_own_user() -> None:
    """The fallback for a course folder other users cannot enter: all of Python staged."""
    import shutil
    import tempfile

    from nato_russia.grade.interpreter import VERSION, preflight, stage
    from nato_russia.grade.sandbox import (
        kernel_users,
        make_sandbox,
        release_users,
        remove_sandbox,
    )

    scratch = Path(tempfile.mkdtemp(prefix="nato-russia-stage-"))  # as the grader makes it
    users = kernel_users(1)
    try:
        scratch.chmod(0o711)
        box = make_sandbox(scratch, "box", users[0], DATASET.read_bytes(),
                           (ROOT / "data" / "schema.json").read_bytes())
        staged = stage(scratch / "python", with_packages=True)
        packages = staged.python.parents[1] / "lib" / VERSION / "site-packages"
        assert packages.is_dir() and not packages.is_symlink()
        assert preflight(staged, box) == ""
        remove_sandbox(box)
    finally:
        release_users(users)
        shutil.rmtree(scratch, ignore_errors=True)
