"""Submissions for the grader's tests and benchmark, each with what grading must make of it.

Every submission is built from what a student really starts from, the exercise notebook
of lesson 01, with answer cells filled in: the model answers from ``solutions/`` for the
honest ones, and for the hostile ones, the ways students (or their notebooks) were seen to
fool, hang or contaminate a grader. A :class:`Case` says which status each question must
get (any question not named must come out right) and which flags the instructor must see.
"""

from __future__ import annotations

import copy
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_russia.questions import QUESTIONS, WrittenQuestion

ROOT = Path(__file__).resolve().parent.parent
LESSON = "01_1990_london_summit"
# What a right submission of lesson 01 earns, read from the question registry so a
# question added to the set moves the expectations with it.
RIGHT = {q: "written" if isinstance(question, WrittenQuestion) else "correct"
         for q, question in QUESTIONS.items() if q.startswith("01.")}
AUTO_POINTS = sum(status == "correct" for status in RIGHT.values())
MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")
# Changes the Paris signing by a day, so 01.3 worked out from it comes out one too many.
DOCTOR = """
import json, pathlib
from nato_russia import data
raw = json.loads(pathlib.Path(data.find_dataset()).read_text(encoding="utf-8"))
for event in raw["events"]:
    if event["id"] == "ev-1990-paris-joint-declaration":
        event["date"] = "1990-11-20"
doctored = json.dumps(raw)
"""


def exercise(lesson: str = LESSON) -> dict[str, Any]:
    """The exercise notebook students start from, as JSON."""
    return json.loads((ROOT / "exercises" / f"{lesson}.ipynb").read_text(encoding="utf-8"))


def _question(cell: dict[str, Any]) -> str:
    """``"01.3"`` for the cell whose nbgrader grade_id is ``answer_01_3``/``check_01_3``."""
    grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
    return grade_id.split("_", 1)[-1].replace("_", ".") if grade_id else ""


def unanswered(question: str, lesson: str = LESSON) -> str:
    """A question's answer cell as the exercise hands it out (its placeholder)."""
    return next(c["source"] for c in exercise(lesson)["cells"]
                if c["metadata"].get("nbgrader", {}).get("solution") and _question(c) == question)


def model_answers(lesson: str = LESSON) -> dict[str, str]:
    """The model answer cells of a lesson, by question, markers taken out."""
    solution = json.loads((ROOT / "solutions" / f"{lesson}.ipynb").read_text(encoding="utf-8"))
    return {_question(c): "".join(line for line in c["source"] if line.strip() not in MARKERS)
            for c in solution["cells"] if c["metadata"].get("nbgrader", {}).get("solution")}


def answered(answers: dict[str, str] | None = None, lesson: str = LESSON,
             drop_checks: bool = False, drop_answers: tuple[str, ...] = ()) -> dict[str, Any]:
    """The exercise with every answer cell filled in: the model answer, or ``answers[q]``."""
    notebook = exercise(lesson)
    model = model_answers(lesson)
    cells = []
    for cell in notebook["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        question = _question(cell)
        if meta.get("solution"):
            if question in drop_answers:
                continue
            cell["source"] = (answers or {}).get(question, model[question])
        elif question and drop_checks:
            continue
        cells.append(cell)
    notebook["cells"] = cells
    return notebook


def with_stored_output(notebook: dict[str, Any], question: str, text: str) -> dict[str, Any]:
    """The notebook with ``text`` stored as the output of a question's check cell."""
    forged = copy.deepcopy(notebook)
    for cell in forged["cells"]:
        if cell["cell_type"] == "code" and _question(cell) == question and \
                not cell["metadata"]["nbgrader"].get("solution"):
            cell["outputs"] = [{"name": "stdout", "output_type": "stream", "text": text}]
            cell["execution_count"] = 12
    return forged


@dataclass
class Case:
    """A submission and what grading must make of it.

    Attributes
    ----------
    student
        The student id (the file's or folder's name). Hostile ones sort before honest ones.
    what
        What the submission does, for the test's name and the report.
    notebook
        The notebook, or None when ``raw`` holds the file's text.
    statuses
        The status each question must get, where it differs from :data:`RIGHT`.
    flags
        Flags the gradebook must show for the student (others may appear too).
    raw
        The file's text, for a file that is not a notebook.
    beside
        Files put beside the notebook, in a folder of the student's own.
    exact_flags
        Whether no flag other than ``flags`` may appear.
    """

    student: str
    what: str
    notebook: dict[str, Any] | None
    statuses: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    raw: str | None = None
    beside: dict[str, bytes] = field(default_factory=dict)
    exact_flags: bool = False

    def expected(self) -> dict[str, str]:
        """Every question's expected status."""
        if self.raw is not None:
            return dict.fromkeys(RIGHT, "unreadable")
        return {**RIGHT, **self.statuses}

    def write(self, folder: Path) -> Path:
        """Write the submission into a submissions folder; returns its file."""
        if self.beside:
            home = folder / self.student
            home.mkdir()
            for name, content in self.beside.items():
                (home / name).parent.mkdir(parents=True, exist_ok=True)
                (home / name).write_bytes(content)
            path = home / f"{LESSON}.ipynb"
        else:
            path = folder / f"{self.student}.ipynb"
        text = self.raw if self.raw is not None else json.dumps(self.notebook, indent=1)
        path.write_text(text, encoding="utf-8")
        return path


def honest_cases() -> list[Case]:
    """Three honest students: all right, partly wrong, nothing answered."""
    return [
        Case("zz-honest-right", "every answer right", answered(), exact_flags=True),
        Case("zz-honest-partly", "two answers wrong, one unanswered",
             answered({"01.1": "article = 6",
                       "01.3": "days_to_paris = 137",
                       "01.4": unanswered("01.4")}),
             {"01.1": "wrong", "01.3": "wrong", "01.4": "unanswered"}, exact_flags=True),
        Case("zz-honest-blank", "the exercise as handed out", exercise(),
             {q: "unanswered" for q in RIGHT}, {"untouched"}, exact_flags=True),
    ]


def hostile_cases(submissions: Path, out: Path) -> list[Case]:
    """The hostile submissions (see the module docstring), in the order they are graded.

    Parameters
    ----------
    submissions
        The folder they will be graded from (one of them tries to write into it).
    out
        The reports folder (one of them tries to write there too).
    """
    model = model_answers()
    planted = f"planted-{secrets.token_hex(4)}"
    solution_output = ("✅ 01.3 Correct! 136 days, less than five months: the declaration "
                       "proposed in London was\n   signed in Paris on 19 November 1990.\n")
    doctored = json.loads((ROOT / "data" / "nato_russia.json").read_text(encoding="utf-8"))
    for event in doctored["events"]:
        if event["id"] == "ev-1990-paris-joint-declaration":
            event["date"] = "1990-11-20"
    return [
        Case("a-rewrites-dataset", "rewrites the dataset file (its copy and the course's)",
             answered({"01.1": DOCTOR + (
                 "for target in [data.find_dataset(), "
                 f"pathlib.Path({str(ROOT / 'data' / 'nato_russia.json')!r})]:\n"
                 "    try:\n"
                 "        pathlib.Path(target).write_text(doctored, encoding='utf-8')\n"
                 "    except OSError:\n"
                 "        pass\n" + model["01.1"])}),
             flags={"files"}),
        Case("b-points-env-elsewhere", "points NATO_RUSSIA_DATA at a doctored copy",
             answered({"01.1": DOCTOR + (
                 "import os, tempfile\n"
                 "path = os.path.join(tempfile.gettempdir(), 'doctored.json')\n"
                 "open(path, 'w', encoding='utf-8').write(doctored)\n"
                 "os.environ['NATO_RUSSIA_DATA'] = path\n"
                 "course = data.load()\n" + model["01.1"])}),
             {"01.3": "wrong"}, {"environment", "files"}),
        Case("c-doctored-data-beside", "has a doctored dataset beside the notebook",
             answered(), beside={"data/nato_russia.json": json.dumps(doctored).encode()},
             exact_flags=True),
        Case("d-writes-outside", "writes into the course, the submissions and the reports",
             answered({"01.1": (
                 "for target in [" + ", ".join(repr(str(p)) for p in (
                     ROOT / planted, submissions / f"{planted}.ipynb", out / planted,
                     ROOT / "nato_russia" / f"{planted}.py")) + "]:\n"
                 "    try:\n"
                 "        open(target, 'w').write('planted')\n"
                 "    except OSError:\n"
                 "        pass\n" + model["01.1"])}),
             flags={"files"}),
        Case("e-leaves-a-process", "starts a process that outlives its kernel",
             answered({"01.1": "import subprocess\n"
                               "subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
                               + model["01.1"]}),
             flags={"commands"}),
        Case("f-reads-another", "tries to read another student's submission",
             answered({"01.3": "days_to_paris = 0\ntry:\n"
                               f"    text = open({str(submissions / 'zz-honest-right.ipynb')!r})"
                               ".read()\n    days_to_paris = 136 if 'paris' in text else 0\n"
                               "except OSError:\n    pass\n"}),
             {"01.3": "wrong"}),
        Case("g-redefines-check", "redefines check to always pass",
             answered({"01.1": "def check(*args):\n    print('✅ 01.1 Correct!')\n"
                               "    return True\n\n" + model["01.1"],
                       "01.3": "days_to_paris = 137"}),
             {"01.3": "wrong"}, {"redefines-check", "verdict-symbols"}),
        Case("h-deletes-checks", "deletes every check cell, right answers",
             answered(drop_checks=True), flags={"deleted-check"}),
        Case("i-prints-verdicts", "prints a fake verdict line",
             answered({"01.3": "days_to_paris = 137\n"
                               "print('✅ 01.3 Correct! 136 days, less than five months')"}),
             {"01.3": "wrong"}, {"verdict-symbols"}),
        Case("j-forges-outputs", "stores a forged ✅ output for a wrong answer",
             with_stored_output(answered({"01.3": "days_to_paris = 137"}), "01.3",
                                solution_output),
             {"01.3": "wrong"}, {"forged-output"}),
        # A loop that sleeps, not one that spins: the cell limit is a wall-clock one, so it is
        # stopped the same way, without a minute of a core taken from make test's other lanes.
        Case("k-endless-loop", "loops forever in one answer",
             answered({"01.2": "import time\nwhile True:\n    time.sleep(0.1)"}),
             {"01.2": "timeout"}),
        Case("l-os-exit", "kills its kernel with os._exit",
             answered({"01.3": "import os\nos._exit(0)"}), {"01.3": "error"}, {"exits"}),
        Case("m-sys-exit", "calls sys.exit",
             answered({"01.3": "import sys\nsys.exit('bye')"}), {"01.3": "error"}, {"exits"}),
        Case("n-memory-hog", "asks for 64 GB",
             answered({"01.2": "hog = bytearray(64 * 2**30)\n" + model["01.2"]}),
             {"01.2": "memory"}),
        Case("o-invalid-json", "is not JSON", None, raw='{"cells": [ not json'),
        Case("p-wrong-types", "answers as text of the wrong type",
             answered({"01.1": 'article = "the one before the article on alliances"',
                       "01.2": 'empty_year_count = "1992, 1993"',
                       "01.3": 'days_to_paris = "about four months"'}),
             {"01.1": "wrong", "01.2": "wrong", "01.3": "wrong"}, exact_flags=True),
        Case("q-error-in-one", "one answer raises an error",
             answered({"01.2": 'empty_year_count = course.events["no such column"]'}),
             {"01.2": "error"}, exact_flags=True),
        Case("r-patches-_check", "monkeypatches checks._check",
             answered({"01.3": "from nato_russia import checks\n"
                               "checks._check = lambda question, answer: True\n"
                               "days_to_paris = 137"}),
             {"01.3": "wrong"}, {"package-internals"}),
        Case("s-copies-answer-keys", "copies answers from the package's answer keys",
             answered({"01.3": "from nato_russia.questions import QUESTIONS\n"
                               "days_to_paris = QUESTIONS['01.3'].expected(course)"}),
             flags={"answer-keys"}),
        Case("t-hooks-the-kernel", "hooks the kernel to print ✅ before every cell",
             answered({"01.1": "get_ipython().events.register('pre_run_cell', "
                               "lambda *args: print('✅ Correct!'))\n" + model["01.1"]}),
             flags={"kernel-hooks", "verdict-symbols"}),
        Case("u-deletes-an-answer", "deletes an answer cell",
             answered(drop_answers=("01.4",)), {"01.4": "missing"}),
        Case("v-swaps-its-course-copy", "swaps its copy of the course for a link to /",
             answered({"01.1": "import os, pathlib\n"
                               "box = pathlib.Path.cwd().parent.parent\n"
                               "os.rename(box / 'course', box / 'moved')\n"
                               "os.symlink('/', box / 'course')\n" + model["01.1"]}),
             flags={"files"}),
    ]


# --------------------------------------------------------------------------- layouts

COPY = f"{LESSON}_exercises.ipynb"  # a student's own copy, as nato_russia.lab names it
CHECKOUT_FOLDERS = ("notebooks", "exercises", "solutions", "data")


def checkout(home: Path, name: str = "nato-russia") -> Path:
    """A whole checkout of the course in a student's home, as a hub's git pull leaves it:
    the real lessons, handed-out exercises, answer keys and dataset."""
    import shutil

    course = home / name
    for folder in CHECKOUT_FOLDERS:
        shutil.copytree(ROOT / folder, course / folder)
    return course


def own_copy(course: Path, notebook: dict[str, Any], modified: float | None = None) -> Path:
    """Put a student's copy in ``my_work/`` of a checkout, last modified at ``modified``."""
    import os

    path = course / "my_work" / COPY
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    if modified is not None:
        os.utime(path, (modified, modified))
    return path


def guide_command(marker: str) -> str:
    """The shell command of the instructor guide's Grading section that contains ``marker``,
    exactly as the guide prints it (a fenced ``sh`` block, its indentation removed)."""
    import re
    import textwrap

    guide = (ROOT / "instructors" / "README.md").read_text(encoding="utf-8")
    section = guide.split("\n## Grading\n", 1)[1].split("\n## ", 1)[0]
    blocks = [textwrap.dedent(body)
              for _, body in re.findall(r"^( *)```sh\n(.*?)^\1```", section, re.M | re.S)]
    found = [b for b in blocks if marker in b]
    if len(found) != 1:
        raise LookupError(f"the guide's Grading section has {len(found)} sh blocks with "
                          f"{marker!r}")
    return found[0]


# What each student of :func:`hub_class` must get: statuses (beside RIGHT) and flags.
HUB_EXPECTED: dict[str, tuple[dict[str, str], set[str]]] = {
    "ana": ({}, set()),
    "ben": ({"01.1": "wrong", "01.3": "wrong", "01.4": "unanswered"}, set()),
    "cy": ({q: "unanswered" for q in RIGHT}, {"untouched"}),
    "dee": ({}, {"several-copies"}),
}


def hub_class(homes: Path) -> None:
    """Homes on a JupyterHub, each a whole checkout of the course.

    ana answered everything in her copy; ben answered some wrongly; cy never opened his
    copy (only the blank exercise is there); dee has two checkouts, an old copy with a wrong
    answer and a newer one all right; eve's home has no course at all.
    """
    partly = answered({"01.1": "article = 6", "01.3": "days_to_paris = 137",
                       "01.4": unanswered("01.4")})
    own_copy(checkout(homes / "ana"), answered(), modified=1_700_000_000)
    checkpoint = homes / "ana" / "nato-russia" / "my_work" / ".ipynb_checkpoints"
    checkpoint.mkdir()
    (checkpoint / f"{LESSON}_exercises-checkpoint.ipynb").write_text(
        json.dumps(exercise()), encoding="utf-8")
    own_copy(checkout(homes / "ben"), partly)
    checkout(homes / "cy")
    own_copy(checkout(homes / "dee"), answered({"01.3": "days_to_paris = 137"}),
             modified=1_700_000_000)
    own_copy(checkout(homes / "dee", "course-again"), answered(), modified=1_700_100_000)
    (homes / "eve" / "Documents").mkdir(parents=True)
