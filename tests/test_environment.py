"""The locks: every requirement pinned, the dev lock contains the runtime one, Binder agrees."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

from sync_environment import pins, render  # noqa: E402

PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][A-Za-z0-9.+!-]*$")
# What the student's kernel and JupyterLab import; anything else must come in as their dependency.
RUNTIME_CORE = {"jupyterlab", "pandas", "matplotlib", "ipywidgets", "jsonschema"}
TEST_ONLY = {"pytest", "nbval", "playwright", "ruff", "pytest-timeout", "coverage"}


def _lines(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _names(lines: list[str]) -> set[str]:
    return {line.split("==")[0].lower().replace("_", "-") for line in lines if "==" in line}


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_exactly(name: str) -> None:
    for line in _lines(name):
        if line == "-r requirements.txt":
            continue
        assert PIN.match(line), f"{name}: {line!r} is not pinned as name==version"


def test_the_dev_lock_includes_the_runtime_lock_and_adds_only_tools() -> None:
    dev = _lines("requirements-dev.txt")
    assert dev[0] == "-r requirements.txt"
    runtime = _names(_lines("requirements.txt"))
    added = _names(dev[1:])
    assert not runtime & added, f"pinned twice: {sorted(runtime & added)}"
    assert TEST_ONLY - {"coverage"} <= added


def test_the_runtime_lock_is_lean() -> None:
    runtime = _names(_lines("requirements.txt"))
    assert runtime >= RUNTIME_CORE
    assert not runtime & TEST_ONLY, f"test tools in the student's kernel: {runtime & TEST_ONLY}"


def test_environment_yml_agrees_with_the_runtime_lock() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert text == render(), "environment.yml is stale: run `python tools/sync_environment.py`"
    listed = [line.strip()[2:] for line in text.splitlines() if line.startswith("      - ")]
    assert [p for p in listed if "==" in p] == pins(ROOT / "requirements.txt")
    assert "  - python=3.11" in text.splitlines()
    assert "-e ." in listed, "Binder must install the course's helper package"


def test_the_package_is_installed_from_this_checkout() -> None:
    import nato_russia

    assert Path(nato_russia.__file__).resolve().parent == ROOT / "nato_russia"
