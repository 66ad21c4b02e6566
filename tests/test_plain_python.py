"""The README's way in without make runs as written, in a fresh copy of the course.

The three commands of the block marked in the README (a virtual environment, the pinned
packages and the package itself, the launcher) run exactly as a student types them, in a
temporary copy of the course, with ``python3`` being this machine's base interpreter. Set-up
must print no deprecation banner, and the launcher must serve lesson 00 and make the
student's copies of the exercises. pip's cache makes the install quick after the first run.

Building a virtual environment from nothing is the slowest test of all, and its outcome
depends on the locks, the project file and the README's commands: once it has passed for
them, a stamp named after their hash in .venv/ skips it until one changes. CI starts from a
clean clone, so it always runs there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from course_files import ROOT, passed_stamp
from processes import start_printing, stop_group, wait_for_printed

from nato_russia.lab import capstone_copy, contents

MARKER = "<!-- tests/test_plain_python.py runs exactly these three commands -->"
BANNERS = re.compile(r"deprecat|BuildBackendWarning|^\s*!!\s*$", re.I | re.M)
URL = re.compile(r"(http://127\.0\.0\.1:\d+/lab/tree/notebooks/00_introduction\.ipynb"
                 r"\?token=\w+)")
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "my_work", "__pycache__", "*.egg-info",
                                    ".pytest_cache", ".ruff_cache", ".mypy_cache", "artifacts",
                                    "results")

pytestmark = pytest.mark.slow


def readme_commands() -> list[str]:
    """The commands of the README's marked block, one per line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(re.escape(MARKER) + r"\n```sh\n(.*?)```", text, flags=re.S)
    assert block, "the README marks its commands without make"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_names_the_python_versions_and_windows() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "3.11, 3.12, 3.13 or 3.14" in text
    assert ".venv\\Scripts\\python -m nato_russia.lab" in text


def _stamp() -> Path:
    """Where a pass is recorded for this lock, project file and README block."""
    return passed_stamp("plain-python-passed", [
        *((ROOT / name).read_bytes() for name in ("requirements.txt", "pyproject.toml")),
        "\n".join(readme_commands()).encode()])


def test_the_commands_without_make_set_up_and_open_the_course(tmp_path: Path) -> None:
    stamp = _stamp()
    if stamp.exists():
        pytest.skip(f"passed already for this lock and README ({stamp.name}); "
                    "delete the stamp to run it again")
    create, install, start = readme_commands()
    assert create.startswith("python3 -m venv") and start.endswith("-m nato_russia.lab")
    course = tmp_path / "course"
    shutil.copytree(ROOT, course, ignore=NOT_COPIED)
    tools = tmp_path / "bin"
    tools.mkdir()
    (tools / "python3").symlink_to(getattr(sys, "_base_executable", sys.executable))
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join([str(tools), env.get("PATH", "")])
    for command in (create, install):
        done = subprocess.run(["bash", "-c", command], cwd=course, env=env, text=True,
                              capture_output=True, timeout=900, check=False)
        assert done.returncode == 0, f"{command}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        banner = BANNERS.search(done.stdout + done.stderr)
        assert not banner, f"{command} printed a banner: {banner.group(0)!r}"

    for name in ("config", "data", "runtime"):
        env[f"JUPYTER_{name.upper()}_DIR"] = str(tmp_path / name)
    env.update(IPYTHONDIR=str(tmp_path / "ipython"), BROWSER="true")
    server, printed = start_printing(["bash", "-c", start], course, env)
    try:
        address = wait_for_printed(server, printed, URL)
        with urllib.request.urlopen(address, timeout=30) as response:
            assert response.status == 200 and b"JupyterLab" in response.read()
        base, token = address.split("/lab/")[0], address.split("token=")[1]
        with urllib.request.urlopen(f"{base}/api/contents/?token={token}", timeout=30) as reply:
            listing = {entry["name"] for entry in json.load(reply)["content"]}
        assert "notebooks" in listing and not listing & contents.MACHINERY
        copies = sorted(p.name for p in (course / "my_work").glob("*.ipynb"))
        # Each exercise's copy (the warm-up's among them), and the student's capstone.
        assert copies == sorted([*(f"{p.stem}_exercises.ipynb"
                                   for p in (course / "exercises").glob("*.ipynb")),
                                 capstone_copy.COPY_NAME])
    finally:
        stop_group(server)
    if stamp.parent.is_dir():
        stamp.touch()
