"""What `make lab`, the README's Python steps and Binder set up before JupyterLab starts.

The settings installed into the environment, the server's view of the course files (the
course's own notebooks read-only, its machinery out of the file browser) and the student's
own copies of the exercises, which no update of the course may touch.
"""

from __future__ import annotations

import asyncio
import json
import re
import shutil
import subprocess
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import nbformat
import pytest
from tornado import web

from nato_russia.authoring.cli import main as build_main
from nato_russia.lab import cli, contents, settings, student_work
from nato_russia.lab.contents import CourseContentsManager

ROOT = Path(__file__).resolve().parent.parent
T = TypeVar("T")
README = (ROOT / "README.md").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- settings


def test_install_puts_each_setting_where_its_tool_reads_it(tmp_path: Path) -> None:
    written = settings.install(prefix=tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in written) == [
        "etc/ipython/ipython_kernel_config.json",
        "etc/jupyter/jupyter_server_config.json",
        "etc/jupyter/labconfig/page_config.json",
        "share/jupyter/lab/settings/overrides.json",
        "share/jupyter/labextensions/nato-russia-answer-cells/package.json",
        "share/jupyter/labextensions/nato-russia-answer-cells/static/remoteEntry.js",
    ]
    extension = json.loads((tmp_path / "share/jupyter/labextensions/nato-russia-answer-cells"
                            / "package.json").read_text())
    entry = tmp_path / "share/jupyter/labextensions/nato-russia-answer-cells" / extension[
        "jupyterlab"]["_build"]["load"]
    assert "%%answer" in entry.read_text(), "the prebuilt extension's entry is where it says"
    kernel = json.loads((tmp_path / "etc/ipython/ipython_kernel_config.json").read_text())
    assert kernel["InteractiveShellApp"]["extra_extensions"] == ["nato_russia.kernel"]
    server = json.loads((tmp_path / "etc/jupyter/jupyter_server_config.json").read_text())
    assert server["ServerApp"]["contents_manager_class"].endswith("CourseContentsManager")
    assert server["LanguageServerManager"]["autodetect"] is False
    page = json.loads((tmp_path / "etc/jupyter/labconfig/page_config.json").read_text())
    assert page == {"buildCheck": False, "buildAvailable": False}
    assert settings.install(prefix=tmp_path) == [], "installing twice changes nothing"


def test_install_keeps_what_other_tools_set(tmp_path: Path) -> None:
    target = tmp_path / "etc" / "ipython" / "ipython_kernel_config.json"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps({"InteractiveShellApp": {"extra_extensions": ["autoreload"]},
                                  "IPKernelApp": {"matplotlib": "inline"}}))
    settings.install(prefix=tmp_path)
    merged = json.loads(target.read_text())
    assert merged["InteractiveShellApp"]["extra_extensions"] == ["autoreload",
                                                                 "nato_russia.kernel"]
    assert merged["IPKernelApp"] == {"matplotlib": "inline"}


def test_a_broken_settings_file_is_named(tmp_path: Path) -> None:
    target = tmp_path / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    target.parent.mkdir(parents=True)
    target.write_text("{not json")
    with pytest.raises(settings.SettingsError, match="overrides.json: is not valid JSON"):
        settings.install(prefix=tmp_path)


def test_the_settings_turn_on_line_wrapping_for_code_cells() -> None:
    overrides = json.loads((ROOT / "lab-settings" / "overrides.json").read_text())
    assert overrides["@jupyterlab/notebook-extension:tracker"]["codeCellConfig"]["lineWrap"]


def test_the_binder_link_opens_the_same_start_page() -> None:
    link = re.search(r"^\[binder\]: (\S+)$", README, flags=re.M)
    assert link, "the README defines its [binder] link"
    assert link.group(1).endswith("?urlpath=" + settings.start_page().lstrip("/"))
    assert (ROOT / settings.start_page().removeprefix("/lab/tree/")).is_file()


def test_binder_sets_up_as_make_lab_does() -> None:
    steps = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "python -m nato_russia.lab install" in steps
    assert "python -m nato_russia.lab copy" in steps


def test_the_launcher_passes_the_course_folder_and_the_authors_switch() -> None:
    args = cli._parser().parse_args(["--port", "8890", "--author"])
    args.jupyter_args = ["--ServerApp.port_retries=0"]
    argv = cli.jupyter_arguments(args)
    assert f"--ServerApp.root_dir={contents.COURSE_ROOT}" in argv
    assert "--ServerApp.port=8890" in argv and "--ServerApp.ip=127.0.0.1" in argv
    assert "--CourseContentsManager.protect_course=False" in argv
    assert argv[-1] == "--ServerApp.port_retries=0"


# --------------------------------------------------------------------------- the server's view


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a contents-manager call to the end, in a thread of its own: the browser tests'
    Playwright keeps an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()



@pytest.fixture
def manager() -> CourseContentsManager:
    return CourseContentsManager(root_dir=str(ROOT))


@pytest.mark.parametrize("path", ["notebooks/00_introduction.ipynb",
                                  "exercises/00_introduction.ipynb",
                                  "solutions/00_introduction.ipynb", "data/nato_russia.json"])
def test_the_course_files_are_read_only(manager: CourseContentsManager, path: str) -> None:
    assert not manager.is_writable(path)
    model = _run(manager.get(path, content=False))
    assert model["writable"] is False  # what JupyterLab reads to open it read-only
    with pytest.raises(web.HTTPError) as refused:
        _run(manager.save({"type": "file", "format": "text", "content": "x"}, path))
    assert refused.value.status_code == 403 and "my_work/" in refused.value.log_message
    with pytest.raises(web.HTTPError):
        _run(manager.delete_file(path))
    with pytest.raises(web.HTTPError):
        _run(manager.rename_file(path, "my_work/renamed.ipynb"))


def test_a_course_folder_cannot_be_moved(manager: CourseContentsManager) -> None:
    with pytest.raises(web.HTTPError):
        _run(manager.rename_file("notebooks", "lessons"))


def test_students_files_and_authors_stay_writable(manager: CourseContentsManager) -> None:
    assert manager.is_writable("README.md")
    assert contents.is_course_file(ROOT / "notebooks" / "00_introduction.ipynb")
    assert not contents.is_course_file(ROOT / "notebooks" / "Untitled.ipynb")
    assert not contents.is_course_file(ROOT / "my_work" / "00_introduction_exercises.ipynb")
    author = CourseContentsManager(root_dir=str(ROOT), protect_course=False)
    assert author.is_writable("notebooks/00_introduction.ipynb")


def test_the_file_browser_shows_what_a_student_needs(manager: CourseContentsManager) -> None:
    listing = {entry["name"] for entry in _run(manager.get(""))["content"]}
    assert {"notebooks", "data", "README.md"} <= listing
    assert not listing & contents.MACHINERY
    author = CourseContentsManager(root_dir=str(ROOT), hide_machinery=False)
    assert "solutions" in {e["name"] for e in _run(author.get(""))["content"]}
    # A hidden file still opens, from a link or its address.
    assert _run(manager.get("instructors/README.md"))["type"] == "file"


def test_every_top_level_entry_of_the_course_is_shown_or_hidden_on_purpose() -> None:
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    top = {name.split("/")[0] for name in tracked if not name.startswith(".")}
    shown = {"notebooks", "data", "README.md"}
    assert top - shown <= contents.MACHINERY, (
        f"new top-level entries: {sorted(top - shown - contents.MACHINERY)}; add them to "
        "contents.MACHINERY, or to the shown ones here if a student needs them")


# --------------------------------------------------------------------------- student work


def _course_copy(folder: Path) -> Path:
    for name in ("solutions", "exercises", "notebooks"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / ".gitignore", folder / ".gitignore")
    return folder


def test_each_exercise_is_copied_once_under_a_name_of_its_own(tmp_path: Path) -> None:
    root = _course_copy(tmp_path)
    made = student_work.copy_exercises(root)
    exercises = sorted((root / "exercises").glob("*.ipynb"))
    # Each exercise, then the student's capstone (tests/test_capstone_copy.py).
    assert [p.name for p in made] == [student_work.copy_name(p) for p in exercises] + [
        "09_capstone_mine.ipynb"]
    assert all(p.name.endswith("_exercises.ipynb") for p in made[:-1])
    # The warm-up, for students who never coded, is copied like every lesson's exercises.
    assert "10_warm_up_exercises.ipynb" in [p.name for p in made]
    assert made[0].read_bytes() == exercises[0].read_bytes()
    assert (root / "my_work" / "README.md").exists()
    assert student_work.copy_exercises(root) == []


def _answer(copy: Path) -> bytes:
    """Answer a question in a student's copy, as JupyterLab would save it."""
    notebook = nbformat.read(copy, as_version=4)
    cell = next(c for c in notebook.cells
                if c.metadata.get("nbgrader", {}).get("grade_id") == "answer_00_1")
    cell.source = 'signing_date = "27 May 1997"'
    nbformat.write(notebook, copy)
    return copy.read_bytes()


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = ["git", "-c", "user.name=Course", "-c", "user.email=course@example.org",
               "-c", "init.defaultBranch=main", *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True)


@pytest.mark.slow
def test_an_answered_copy_survives_an_update_of_the_course(tmp_path: Path) -> None:
    upstream = _course_copy(tmp_path / "upstream")
    _git(upstream, "init")
    _git(upstream, "add", ".")
    _git(upstream, "commit", "-m", "the course")
    _git(tmp_path, "clone", "--quiet", str(upstream), "student")
    student = tmp_path / "student"

    copy = student / "my_work" / "00_introduction_exercises.ipynb"
    student_work.copy_exercises(student)  # the first launch
    answered = _answer(copy)

    # The course changes a question and regenerates its exercises (make exercises)...
    solution = upstream / "solutions" / "00_introduction.ipynb"
    notebook = nbformat.read(solution, as_version=4)
    notebook.cells[0].source += "\n\nThis notebook was updated."
    nbformat.write(notebook, solution)
    assert build_main(["--root", str(upstream)]) == 0
    _git(upstream, "commit", "-am", "an update")
    # ...and the student pulls it, regenerates too, and starts the course again.
    pulled = _git(student, "pull", "--ff-only")
    assert "exercises/00_introduction.ipynb" in pulled.stdout
    assert build_main(["--root", str(student)]) == 0
    assert student_work.copy_exercises(student) == []

    assert copy.read_bytes() == answered
    assert "This notebook was updated." in (student / "exercises" / "00_introduction.ipynb"
                                            ).read_text(encoding="utf-8")
    assert _git(student, "status", "--porcelain").stdout == "", "my_work/ is git-ignored"

