"""Binder builds the environment once and serves the JupyterLab that `make lab` serves.

repo2docker installs environment.yml before it copies the course only when the file names
nothing local; then a change to a lesson reuses the cached environment instead of
reinstalling every package. The Jupyter stack is repo2docker's own conda environment, and
the runtime lock pins the same versions, so one installer owns each package on Binder and a
student sees the same JupyterLab on Binder and with `make lab`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.metadata import version

import pytest
from course_files import ROOT
from repo2docker.utils import is_local_pip_requirement

sys.path.insert(0, str(ROOT / "tools"))
from binder_base import base_packages, canonical  # noqa: E402
from sync_environment import PYTHON_PIN, pins  # noqa: E402

ENVIRONMENT = ROOT / "environment.yml"


def _pip_lines() -> list[str]:
    lines = ENVIRONMENT.read_text(encoding="utf-8").splitlines()
    start = lines.index("  - pip:")
    return [line.strip()[2:] for line in lines[start + 1:] if line.startswith("      - ")]


def _locked() -> dict[str, str]:
    return {canonical(pin.split("==")[0]): pin.split("==")[1]
            for pin in pins(ROOT / "requirements.txt")}


@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The Dockerfile repo2docker writes for the course, one line per item."""
    done = subprocess.run(
        [sys.executable, "-m", "repo2docker", "--no-build", "--no-run", "--debug", str(ROOT)],
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = (done.stdout + done.stderr).splitlines()
    assert any(line.startswith("FROM ") for line in lines), "repo2docker printed a Dockerfile"
    return lines


def _first(lines: list[str], pattern: str) -> int:
    found = [i for i, line in enumerate(lines) if re.search(pattern, line)]
    assert found, f"no line of the Dockerfile matches {pattern!r}"
    return found[0]


def test_environment_yml_names_nothing_local() -> None:
    local = [line for line in _pip_lines() if is_local_pip_requirement(line)]
    assert not local, f"environment.yml refers to local files, which stops caching: {local}"


def test_repo2docker_installs_the_environment_before_it_copies_the_course(
        dockerfile: list[str]) -> None:
    install = _first(dockerfile, r"env update .*--file \"?environment\.yml")
    copy_course = _first(dockerfile, r"^COPY --chown=\S+ src/ \$\{REPO_DIR\}/?$")
    post_build = _first(dockerfile, r"^RUN \./postBuild")
    assert install < copy_course < post_build, (
        "the environment must be installed before the course is copied, postBuild after")


def test_postbuild_installs_the_course_package_without_its_dependencies() -> None:
    steps = (ROOT / "postBuild").read_text(encoding="utf-8").splitlines()
    install = [line for line in steps if "pip install" in line]
    assert install and "--no-deps" in install[0] and install[0].rstrip().endswith("-e .")
    assert steps.index(install[0]) < steps.index("python -m nato_russia.lab install")


def test_one_installer_owns_each_package_on_binder() -> None:
    base = base_packages(PYTHON_PIN)
    twice = [line for line in _pip_lines() if canonical(line.split("==")[0]) in base]
    assert not twice, f"pip would reinstall what repo2docker's conda environment has: {twice}"


def test_the_lock_pins_binders_versions_of_the_jupyter_stack() -> None:
    base, locked = base_packages(PYTHON_PIN), _locked()
    differ = {name: (locked[name], base[name]) for name in locked.keys() & base.keys()
              if locked[name] != base[name]}
    assert not differ, f"lock and Binder disagree (lock, Binder): {differ}; run `make lock`"
    stack = {"jupyterlab", "jupyter-server", "ipykernel", "ipywidgets"}
    assert stack <= locked.keys() & base.keys()


def test_make_lab_and_binder_serve_the_same_jupyterlab() -> None:
    binder = base_packages(PYTHON_PIN)["jupyterlab"]
    assert _locked()["jupyterlab"] == binder
    assert version("jupyterlab") == binder, "this environment was installed from the lock"


def test_what_binder_installs_with_pip_is_in_the_runtime_lock() -> None:
    locked = set(pins(ROOT / "requirements.txt"))
    assert set(_pip_lines()) <= locked
    # The kernel's own needs, which repo2docker's environment lacks, come from pip.
    assert {canonical(line.split("==")[0]) for line in _pip_lines()} >= {
        "pandas", "matplotlib", "numpy", "pillow"}
