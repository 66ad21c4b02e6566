"""The locks install on the oldest Python the README names, as this machine has it.

The README promises Python 3.11 (and later); Debian 12's ``python3`` is 3.11.2, where a
package that needs 3.11.5 stopped the install. pip's dry run resolves each lock for the
oldest 3.11 found here (``--python-version`` with its full version, wheels only, as a student
installs them), without installing anything. Skipped when no such Python is on the machine.

The outcome depends only on the lock and that Python's version: once a lock has resolved, a
stamp named after their hash in .venv/ skips the resolution (a minute of pip's resolver) until
either changes, as tests/test_plain_python.py does for its venv. CI starts from a clean clone,
so it always resolves there.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from course_files import ROOT, passed_stamp

pytestmark = pytest.mark.slow

NAMED = re.compile(r"All you need is Python ((?:3\.\d+(?:, | or )?)+)")


def named_versions() -> list[tuple[int, int]]:
    """The Python versions the README's install section names, oldest first."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = NAMED.search(text)
    assert found, "the README names the Pythons it supports"
    return sorted(tuple(int(p) for p in v.split(".")) for v in re.findall(r"3\.\d+", found[1]))


def _version(python: str) -> tuple[int, int, int] | None:
    try:
        result = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:3])"],
                                capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    major, minor, micro = (int(p) for p in result.stdout.split())
    return major, minor, micro


def oldest_named_python() -> tuple[int, int, int] | None:
    """The oldest full version of the oldest named Python found on this machine."""
    major, minor = named_versions()[0]
    name = f"python{major}.{minor}"
    candidates = {shutil.which(name), f"/usr/bin/{name}", f"/usr/local/bin/{name}",
                  sys.executable}
    versions = [v for c in candidates if c and Path(c).exists() and (v := _version(c))]
    matching = [v for v in versions if v[:2] == (major, minor)]
    return min(matching) if matching else None


def test_the_readme_and_the_package_name_the_same_oldest_python() -> None:
    project = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    major, minor = named_versions()[0]
    assert f'requires-python = ">={major}.{minor}"' in project


def _stamp(lock: str, version: str) -> Path:
    """Where a resolution is recorded for this lock (with the runtime lock it includes)."""
    locks = sorted({lock, "requirements.txt"})
    return passed_stamp("oldest-python-resolved",
                        [version.encode(), *((ROOT / name).read_bytes() for name in locks)])


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_the_lock_resolves_on_the_oldest_named_python(lock: str, tmp_path: Path) -> None:
    oldest = oldest_named_python()
    if oldest is None:
        pytest.skip("no Python of the oldest version the README names is on this machine")
    version = ".".join(map(str, oldest))
    stamp = _stamp(lock, version)
    if stamp.exists():
        pytest.skip(f"{lock} resolved already on Python {version} ({stamp.name}); "
                    "delete the stamp to resolve it again")
    command = [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed",
               "--only-binary=:all:", f"--python-version={version}",
               "--target", str(tmp_path / "target"), "--quiet", "--report", "-",
               "-r", lock]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600,
                            check=False)
    if "from versions: none" in result.stderr:
        pytest.skip("no package index reachable from here")
    assert result.returncode == 0, f"{lock} on Python {version}:\n{result.stderr[-3000:]}"
    assert '"install"' in result.stdout
    if stamp.parent.is_dir():
        stamp.touch()
