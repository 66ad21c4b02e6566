"""Binder builds the environment once per lock and serves the JupyterLab `make lab` serves.

repo2docker installs environment.yml before it copies the course only when the file names
nothing local; then a change to a lesson reuses the cached environment instead of
reinstalling every package. The Jupyter stack is pinned as conda packages, so conda, which
installed repo2docker's base environment, is its one installer; pip adds pandas, matplotlib
and their own dependencies. JupyterLab, the kernel and the widgets are the lock's versions,
so a student meets on Binder what `make lab` serves.
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
from sync_environment import canonical, sections, versions  # noqa: E402

ENVIRONMENT = ROOT / "environment.yml"


def _pip_lines() -> list[str]:
    return sections(ENVIRONMENT.read_text(encoding="utf-8"))[1]


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
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


def _conda_lines() -> list[str]:
    return sections(ENVIRONMENT.read_text(encoding="utf-8"))[0]


def test_make_lab_and_binder_serve_the_same_jupyterlab_kernel_and_widgets() -> None:
    locked = versions(ROOT / "requirements.txt")
    conda = dict(line.split("=", 1) for line in _conda_lines() if "=" in line)
    for name in ("jupyterlab", "ipykernel", "ipywidgets"):
        assert conda.get(name) == locked[name], f"Binder's conda step pins the lock's {name}"
        assert version(name) == locked[name], f"make lab installs {name} from the lock"


def test_pip_installs_nothing_of_the_jupyter_stack_on_binder() -> None:
    # Two installers over one package is the usual "works locally, fails on Binder".
    stack = {"jupyterlab", "jupyter-server", "ipykernel", "ipywidgets", "jupyter-client",
             "tornado", "traitlets", "pyzmq", "jupyterlab-widgets", "notebook-shim"}
    on_pip = {canonical(line.split("==")[0]) for line in _pip_lines()}
    assert not on_pip & stack, f"pip would reinstall conda's {sorted(on_pip & stack)}"
