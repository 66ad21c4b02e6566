"""The grader's parts, without kernels: answers carried as plain data, flags, rebuilding,
finding submissions, and the command's answers to bad input.

The round trip is the heart of it: every answer form the check tests use is turned into
plain data as a student's kernel would (``to_plain``), rebuilt (``from_plain``) and judged
with ``checks.judge``; the verdict must be the one ``check`` gives the original object, so a
grade always matches the feedback the student saw.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import nbformat
import pytest
from grading_cases import LESSON, ROOT, answered, exercise, model_answers
from test_checks import (  # _course: the autouse fixture the answer tables read
    CHART_FORMS,
    DATE_FORMS,
    NAME_FORMS,
    NUMBER_FORMS,
    ODD,
    WRONG,
    Hostile,
    _course,  # noqa: F401
    _machinery_questions,  # noqa: F401 - registers the tables' own questions 99.1 and 99.2
)

from nato_russia import data
from nato_russia.checks import judge
from nato_russia.grade import cli, flags, from_plain, lesson, rebuild, submissions, to_plain
from nato_russia.grade.judge import outcome
from nato_russia.grade.sandbox import KernelUser, Limits, Sandbox
from nato_russia.questions import QUESTIONS, readers
from nato_russia.questions.question_types import WrittenQuestion

# One question of each kind: date, names, number, chart, written.
KINDS = ["00.1", "99.1", "99.2", "00.5", "00.6"]


def _verdicts(question: str, make: Any, course: data.Course) -> tuple[Any, Any]:
    """check's verdict on a fresh answer, and the grader's on what its kernel sends."""
    try:
        direct = judge(question, make(), course)
    except Exception:  # check reports these as "could not check": not right
        direct = None
    except SystemExit:  # an answer whose __eq__ exits: the same
        direct = None
    sent = json.loads(json.dumps({"answer": to_plain.encode(make())}))
    return direct, outcome(question, sent, course, "answer").verdict


FORMS = ([("00.1", f"date {k}", v) for k, v in DATE_FORMS.items()]
         + [("99.1", f"names {k}", v) for k, v in NAME_FORMS.items()]
         + [("99.2", f"number {k}", v) for k, v in NUMBER_FORMS.items()]
         + [("00.5", f"chart {k}", v) for k, v in CHART_FORMS.items()]
         + [(q, f"wrong {q} {e}", f) for q, f, e in WRONG]
         + [(q, f"odd {k} {q}", v) for k, v in ODD.items() for q in KINDS])


@pytest.mark.parametrize(("question", "name", "make"), FORMS, ids=[n for _, n, _ in FORMS])
def test_an_answer_carried_out_of_the_kernel_gets_checks_verdict(
        course: data.Course, question: str, name: str, make: Any) -> None:
    direct, carried = _verdicts(question, make, course)
    if direct is None:  # the object broke the readers: check said it could not check it
        assert carried.status != "correct"
        return
    assert carried.status == direct.status
    if " at 0x" not in direct.message:  # an object's address differs from run to run
        assert (carried.message, carried.hint, carried.details) == (
            direct.message, direct.hint, direct.details)


def test_the_kernel_side_reads_as_many_items_as_the_readers() -> None:
    assert to_plain.MAX_ITEMS == readers.MAX_ITEMS


def test_plain_data_is_json_and_never_code() -> None:
    encoded = to_plain.encode(Hostile())
    assert json.loads(json.dumps(encoded)) == encoded
    assert encoded["t"] == "object"
    with pytest.raises(from_plain.PlainError):
        from_plain.value({"t": "pickle", "v": "gASVAAAAAAAAAACMBG9zLnN5c3RlbZST"})
    with pytest.raises(from_plain.PlainError):
        from_plain.value({"t": "float", "v": 3.5})  # numbers travel as text
    with pytest.raises(from_plain.PlainError):
        from_plain.value(["not", "tagged"])


def test_a_forged_huge_shape_cannot_exhaust_the_grader() -> None:
    frame = from_plain.value({"t": "frame", "shape": [10**12, 3], "cell": None})
    assert frame.size <= from_plain.MAX_CELLS
    series = from_plain.value({"t": "series", "len": 10**12, "items": []})
    assert len(series) <= from_plain.MAX_CELLS


def test_a_written_answer_never_scores_whatever_its_length(course: data.Course) -> None:
    essay = " ".join(["evidence"] * 5000)
    got = outcome("00.6", {"answer": to_plain.encode(essay)}, course, "weighing")
    assert (got.status, got.points, got.maximum) == ("written", 0.0, 0.0)
    assert got.written == essay


def test_an_answer_that_could_not_be_read_is_an_error_naming_the_variable(
        course: data.Course) -> None:
    payload = {"error": {"ename": "NameError", "evalue": "name 'x' is not defined"}}
    got = outcome("00.3", payload, course, "members_added")
    assert got.status == "error" and "members_added" in got.problem and got.points == 0


# --------------------------------------------------------------------------- flags


FLAGGED = [
    ("def check(*args):\n    return True", {"redefines-check"}),
    ("check = print", {"redefines-check"}),
    ("globals()['check'] = print", {"redefines-check"}),
    ("from nato_russia import checks\nchecks._check = lambda q, a: True", {"package-internals"}),
    ("from nato_russia.questions import QUESTIONS", {"answer-keys"}),
    ("import importlib\nimportlib.import_module('nato_russia.questions.lesson01')",
     {"answer-keys"}),
    ("import os\nos.environ['NATO_RUSSIA_DATA'] = '/tmp/x.json'", {"environment"}),
    ("%env NATO_RUSSIA_DATA=/tmp/x.json", {"environment"}),
    ("import os\nos.chdir('/tmp')", {"environment"}),
    ("open('../data/nato_russia.json', 'w').write('{}')", {"files"}),
    ("course.events.to_csv('../data/events.csv')", {"files"}),
    ("from pathlib import Path\nPath('x').write_text('y')", {"files"}),
    ("import shutil\nshutil.rmtree('..')", {"files"}),
    ("!rm -rf ..", {"commands"}),
    ("import subprocess", {"commands"}),
    ("import os\nos._exit(0)", {"exits"}),
    ("import sys\nsys.exit()", {"exits"}),
    ("raise SystemExit", {"exits"}),
    ("get_ipython().events.register('pre_run_cell', print)", {"kernel-hooks"}),
    ("import sys\nsys.stdout = None", {"kernel-hooks"}),
    ("print('✅ 01.3 Correct!')", {"verdict-symbols"}),
    ("print('01.3 Correct! 136 days')", {"verdict-symbols"}),
]


@pytest.mark.parametrize(("source", "expected"), FLAGGED, ids=[s for s, _ in FLAGGED])
def test_code_worth_a_look_is_flagged(source: str, expected: set[str]) -> None:
    assert {f.name for f in flags.scan(source, "a cell")} >= expected


HARMLESS = ["print(os.environ.get('HOME'))", "text = open('notes.txt').read()",
            "from nato_russia.checks import check", "from nato_russia import data",
            "import sys\nsys.stdout.write('hi')", "fig.savefig('chart.png')",
            "days = (paris['date'] - london['end_date']).days",
            "name = name.replace('Czechia', 'Czech Republic')",
            "table = table.rename(columns={'country': 'state'})",
            "print(table.to_markdown())"]


@pytest.mark.parametrize("source", HARMLESS)
def test_ordinary_code_is_not_flagged(source: str) -> None:
    assert flags.scan(source, "a cell") == []


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")),
                         ids=lambda p: p.name)
def test_no_model_answer_is_flagged(path: Path) -> None:
    answers = model_answers(path.stem)
    found = flags.scan_cells([(q, (q,), source) for q, source in answers.items()])
    assert found == []


def test_a_flag_names_the_cell_and_the_line() -> None:
    flag = flags.scan("x = 1\nimport os\nos._exit(0)", "the answer to 01.3", ("01.3",))[0]
    assert flag.questions == ("01.3",)
    assert "the answer to 01.3" in flag.describe() and "line 3: os._exit(0)" in flag.describe()


# --------------------------------------------------------------------------- rebuilding


def _plan() -> lesson.Plan:
    return lesson.plan("01")


def _notebook(raw: dict[str, Any]) -> nbformat.NotebookNode:
    """A notebook as the grader reads it from a file."""
    return nbformat.reads(json.dumps(raw), as_version=4)


def test_answers_are_matched_by_grade_id_when_cell_ids_changed() -> None:
    notebook = answered()
    for index, cell in enumerate(notebook["cells"]):
        cell["id"] = f"renumbered-{index}"
    rebuilt = rebuild.rebuild(_plan(), _notebook(notebook))
    assert all(source is not None for source in rebuilt.answers.values())
    assert not rebuilt.deleted_checks


def test_deleted_changed_and_added_cells_are_recorded() -> None:
    notebook = answered(drop_checks=True, drop_answers=("01.4",))
    notebook["cells"].append({"cell_type": "code", "id": "mine", "metadata": {},
                              "source": "helper = 1", "outputs": [], "execution_count": None})
    rebuilt = rebuild.rebuild(_plan(), _notebook(notebook))
    assert sorted(rebuilt.deleted_checks) == sorted(q for q in QUESTIONS if q.startswith("01."))
    step = next(i for i, s in enumerate(_plan().steps) if "01.4" in s.questions)
    assert rebuilt.answers[step] is None
    notes = " ".join(rebuilt.notes)
    assert "01.4 is missing" in notes and "1 code cell you added did not run" in notes


def test_only_the_answer_cells_of_a_student_are_taken() -> None:
    notebook = answered()
    setup = notebook["cells"][1]
    setup["source"] = "import os\nos._exit(0)"  # a changed course cell: never run
    plan = _plan()
    rebuilt = rebuild.rebuild(plan, _notebook(notebook))
    run = [s.cell.source for s in plan.steps if s.kind == "course"]
    assert "os._exit" not in "".join(run)
    assert any("was changed" in note for note in rebuilt.notes)


def test_stored_verdict_lines_are_read_as_claims() -> None:
    notebook = answered()
    notebook["cells"][4]["outputs"] = [{"name": "stdout", "output_type": "stream",
                                        "text": "✅ 01.1 Correct! ...\n"}]
    rebuilt = rebuild.rebuild(_plan(), _notebook(notebook))
    assert rebuilt.claims == {"01.1": "correct"}


# --------------------------------------------------------------------------- submissions


def _write(path: Path, notebook: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_flat_and_nbgrader_layouts_are_both_found(tmp_path: Path) -> None:
    _write(tmp_path / "flat" / "ana.ipynb", exercise())
    _write(tmp_path / "course" / "submitted" / "ben" / "lesson01" / f"{LESSON}.ipynb",
           exercise())
    _write(tmp_path / "course" / "submitted" / "cy" / "lesson01" / "other.ipynb", exercise())
    (tmp_path / "course" / "submitted" / "dee").mkdir()
    flat = submissions.find(tmp_path / "flat", f"{LESSON}.ipynb")
    assert [(s.student, s.path.name if s.path else None) for s in flat] == [
        ("ana", "ana.ipynb")]
    nested = {s.student: s for s in submissions.find(tmp_path / "course", f"{LESSON}.ipynb")}
    assert nested["ben"].path is not None and nested["ben"].path.name == f"{LESSON}.ipynb"
    assert nested["cy"].path is not None  # the only notebook in the folder
    assert "or 01_1990_london_summit.ipynb found" in nested["dee"].problem


def test_a_roster_adds_the_missing_and_notes_the_unknown(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,student\nAna,ana\nBen,ben\n", encoding="utf-8")
    found = [submissions.Submission("ana", tmp_path / "ana.ipynb"),
             submissions.Submission("zed", tmp_path / "zed.ipynb")]
    merged = {s.student: s for s in submissions.with_roster(
        found, submissions.read_roster(roster))}
    assert merged["ben"].missing
    assert "not on the roster" in merged["zed"].notes


@pytest.mark.parametrize(("text", "problem"), [
    ("{not json", "is not valid JSON"),
    ('{"cells": "none"}', "not a Jupyter notebook"),
    ("", "is not valid JSON"),
])
def test_an_unreadable_file_is_recorded_with_its_reason(tmp_path: Path, text: str,
                                                        problem: str) -> None:
    path = tmp_path / "ana.ipynb"
    path.write_text(text, encoding="utf-8")
    loaded = submissions.load(submissions.Submission("ana", path))
    assert loaded.notebook is None and problem in loaded.problem
    assert str(tmp_path) not in loaded.problem


def test_a_student_id_becomes_a_safe_file_name() -> None:
    assert submissions.safe_name("../../etc/passwd") == "_.._etc_passwd"
    assert submissions.safe_name("ana.lima@uni.example") == "ana.lima@uni.example"


# --------------------------------------------------------------------------- the sandbox


def test_a_kernels_environment_is_built_from_nothing(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(data.ENV_VAR, "/elsewhere/doctored.json")
    monkeypatch.setenv("SECRET_TOKEN", "do-not-pass")
    env = Sandbox(tmp_path, KernelUser()).environment(Path("/venv/bin/python"), None)
    assert data.ENV_VAR not in env and "SECRET_TOKEN" not in env
    assert env["HOME"].startswith(str(tmp_path)) and env["TMPDIR"].startswith(str(tmp_path))
    assert env["PYTHONPATH"] == str(tmp_path / "course")


def test_limits_are_lowered_never_left_open() -> None:
    limits = dict(Limits(memory_mb=512, notebook_seconds=60).rlimits(own_user=True))
    assert limits["RLIMIT_AS"] == 512 * 2**20
    assert limits["RLIMIT_CPU"] >= 60 and limits["RLIMIT_NPROC"] > 0
    assert "RLIMIT_NPROC" not in dict(Limits().rlimits(own_user=False))


# --------------------------------------------------------------------------- the command


@pytest.mark.parametrize(("args", "message"), [
    (["42", "{tmp}"], "there is no lesson '42'"),
    (["01", "{tmp}/nowhere"], "there is no folder"),
    (["01", "{tmp}"], "no submissions found"),
    (["01", "{tmp}", "--out", str(ROOT / "grades")], "inside the course repository"),
    (["01", "{tmp}", "--out", "{tmp}/graded"], "inside the submissions folder"),
])
def test_bad_input_gets_one_line_and_exit_status_2(tmp_path: Path, capsys: Any,
                                                   args: list[str], message: str) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (ROOT / "grades").exists()


def test_every_registered_question_of_a_lesson_is_in_its_plan() -> None:
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        plan = lesson.plan(path.stem[:2])
        assert set(plan.questions) == {q for q in QUESTIONS if q.startswith(path.stem[:2])}
        marked = [q for q in plan.questions if not isinstance(QUESTIONS[q], WrittenQuestion)]
        assert all(plan.marked(q) for q in marked)
        assert os.path.samefile(plan.path, path)


def test_a_written_answer_cell_becomes_the_assignment_its_magic_makes() -> None:
    from nato_russia.grade.runner import written_answer_as_python

    cell = "%%answer weighing\n### BEGIN SOLUTION\nNATO's own words: \"partner\".\n### END SOLUTION"
    namespace: dict[str, str] = {}
    exec(written_answer_as_python(cell), namespace)  # noqa: S102 - the grader's own output
    assert namespace["weighing"] == "NATO's own words: \"partner\"."
    assert written_answer_as_python("x = 1") == "x = 1"
    assert written_answer_as_python("%%answer 2bad\ntext") == "%%answer 2bad\ntext"


@pytest.mark.skipif(os.geteuid() != 0, reason="kernels get users of their own only as root")
def test_two_grading_runs_at_once_never_share_a_kernel_user() -> None:
    """Each run kills every process of its kernels' users; a shared user would kill the
    other run's kernels. A second run (another process) must get other uids while the first
    holds its own, and a run's uids are given back when it ends."""
    import subprocess
    import sys

    from nato_russia.grade import sandbox

    other_run = [sys.executable, "-c", "from nato_russia.grade.sandbox import kernel_users; "
                 "print(' '.join(str(u.uid) for u in kernel_users(2)))"]
    mine = sandbox.kernel_users(2)
    more = sandbox.kernel_users(1)
    try:
        theirs = subprocess.run(other_run, capture_output=True, text=True, check=True,
                                cwd=ROOT).stdout.split()
        assert len(theirs) == 2 and not {str(u.uid) for u in mine + more} & set(theirs)
        assert more[0].uid not in {u.uid for u in mine}, "nor twice in one process"
    finally:
        sandbox.release_users(mine + more)
    assert not {u.uid for u in mine + more} & set(sandbox._held)


@pytest.mark.skipif(os.geteuid() != 0, reason="kernels get users of their own only as root")
def test_a_check_for_leftover_kernels_skips_the_users_a_run_holds() -> None:
    from nato_russia.grade import sandbox

    running = sandbox.kernel_users(2)  # a run grading at the time of the check
    held = {u.uid for u in running}
    try:
        with sandbox.unheld(range(sandbox.FIRST_UID, sandbox.FIRST_UID + 6)) as free:
            assert free and not held & set(free)
            assert set(free) <= set(sandbox._held), "held while the check looks"
    finally:
        sandbox.release_users(running)
    assert not set(free) & set(sandbox._held), "given back after the check"
