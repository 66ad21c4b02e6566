"""nbgrader grades the course as the instructor guide says: right points, no checksum trouble.

An nbgrader course folder is made with ``solutions/01_1990_london_summit.ipynb`` as its
source, and the course's Python registered as the kernel ``nato-russia-course`` exactly
as the guide shows. Three students hand in copies of ``exercises/`` (what Binder and
JupyterHub give them, not nbgrader's own release): one right, one partly wrong, one blank.
``generate_assignment``, ``autograde`` and ``export`` must run cleanly and give full points, two
fewer, and none (one point per auto-checked question of the set).
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from grading_cases import AUTO_POINTS, LESSON, ROOT, answered, exercise

from nato_russia.authoring.nbgrader_metadata import points
from nato_russia.authoring.solution_blocks import check_ids

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent
KERNEL = "nato-russia-course"
STUDENTS = {
    "right": answered(),
    "partly": answered({"01.1": "article = 6", "01.3": "days_to_paris = 137"}),
    "blank": exercise(),
}


def _nbgrader(course: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if not (BIN / "nbgrader").exists():
        pytest.fail("nbgrader is missing: it is in the dev lock, install it with make test")
    folder = tmp_path_factory.mktemp("nbgrader")
    course, jupyter = folder / "course", folder / "jupyter"
    (course / "source" / "lesson01").mkdir(parents=True)
    (course / "source" / "lesson01" / f"{LESSON}.ipynb").write_bytes(
        (ROOT / "solutions" / f"{LESSON}.ipynb").read_bytes())
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        'c.CourseDirectory.course_id = "nato-russia"\n'
        f'c.Execute.kernel_name = "{KERNEL}"\n', encoding="utf-8")
    for student, notebook in STUDENTS.items():
        target = course / "submitted" / student / "lesson01"
        target.mkdir(parents=True)
        (target / f"{LESSON}.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    # The guide's registration, into a folder of the test's own instead of the user's.
    subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", str(jupyter),
                    "--name", KERNEL, "--display-name", "NATO-Russia course"],
                   check=True, capture_output=True)
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "JUPYTER_PATH": str(jupyter / "share" / "jupyter"),
           "JUPYTER_CONFIG_DIR": str(folder / "config"),
           "JUPYTER_DATA_DIR": str(folder / "data"),
           "JUPYTER_RUNTIME_DIR": str(folder / "runtime")}
    env.pop("NBGRADER_EXECUTION", None)
    steps = {name: _nbgrader(course, env, *args) for name, args in (
        ("generate", ("generate_assignment", "lesson01", "--force")),
        ("autograde", ("autograde", "lesson01", "--force")),
        ("export", ("export",)),
    )}
    grades = {}
    if (course / "grades.csv").exists():
        with (course / "grades.csv").open(encoding="utf-8") as handle:
            grades = {row["student_id"]: row for row in csv.DictReader(handle)}
    return {"steps": steps, "grades": grades, "course": course}


def test_every_nbgrader_step_runs_cleanly(graded: dict[str, object]) -> None:
    steps = graded["steps"]
    assert isinstance(steps, dict)
    for name, done in steps.items():
        assert done.returncode == 0, f"{name}: {done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, f"{name}: {done.stderr[-2000:]}"


def test_copies_from_exercises_match_nbgraders_checksums(graded: dict[str, object]) -> None:
    steps = graded["steps"]
    assert isinstance(steps, dict)
    log = steps["autograde"].stderr
    assert "has changed" not in log and "Inconsistent checksums" not in log, log[-3000:]


def test_right_partly_wrong_and_blank_get_their_points(graded: dict[str, object]) -> None:
    grades = graded["grades"]
    assert isinstance(grades, dict)
    scores = {s: (float(r["score"]), float(r["max_score"])) for s, r in grades.items()}
    full = float(AUTO_POINTS)  # "partly" gets 01.1 and 01.3 wrong
    assert scores == {"right": (full, full), "partly": (full - 2, full), "blank": (0.0, full)}


def test_a_failing_check_shows_its_hint_in_the_autograded_notebook(
        graded: dict[str, object]) -> None:
    course = graded["course"]
    assert isinstance(course, Path)
    notebook = json.loads((course / "autograded" / "partly" / "lesson01" /
                           f"{LESSON}.ipynb").read_text(encoding="utf-8"))
    texts = ["".join(o.get("text", "")) for c in notebook["cells"]
             if c["cell_type"] == "code" and check_ids("".join(c["source"])) == ["01.3"]
             for o in c.get("outputs", [])]
    shown = " ".join(" ".join(texts).split())
    assert "❌ 01.3 Not yet." in shown and "💡 Hint:" in shown


def test_every_marked_question_is_worth_one_point_and_written_ones_none() -> None:
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            questions = check_ids("".join(cell["source"])) if cell["cell_type"] == "code" else []
            if not questions:
                continue
            meta = cell["metadata"]["nbgrader"]
            assert meta["grade"] == (points(questions) > 0), (path.name, questions)
            assert meta.get("points", 0) == points(questions)


def test_nbgraders_menus_stay_out_of_the_courses_jupyterlab() -> None:
    page_config = Path(sys.prefix) / "etc" / "jupyter" / "labconfig" / "page_config.json"
    disabled = json.loads(page_config.read_text(encoding="utf-8"))["disabledExtensions"]
    assert disabled.get("@jupyter/nbgrader") is True
