"""The locks: every requirement pinned, the dev lock contains the runtime one, Binder agrees."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from course_files import ROOT

sys.path.insert(0, str(ROOT / "tools"))
from sync_environment import (  # noqa: E402
    canonical,
    pins,
    render,
    sections,
    stack_closure,
    versions,
)

PIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*==[0-9][A-Za-z0-9.+!-]*$")
# pyproject.toml is the one list of top-level names: what the package imports, what a
# student's JupyterLab adds (the lab extra), and the test tools (the test extra).
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
RUNTIME_CORE = {*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["lab"]}
TEST_ONLY = set(PROJECT["optional-dependencies"]["test"])


def _lines(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _names(lines: list[str]) -> set[str]:
    return {_canonical(line.split("==")[0]) for line in lines if "==" in line}


def _canonical(name: str) -> str:
    # A requirement's name, without a version bound such as "soupsieve<3.0.2".
    return canonical(re.split(r"[<>=!~;\[\s]", name, maxsplit=1)[0])


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
    assert added >= {_canonical(name) for name in TEST_ONLY}


def test_the_runtime_lock_is_lean() -> None:
    runtime = _names(_lines("requirements.txt"))
    assert runtime >= {_canonical(name) for name in RUNTIME_CORE}
    assert not runtime & TEST_ONLY, f"test tools in the student's kernel: {runtime & TEST_ONLY}"


def test_environment_yml_agrees_with_the_runtime_lock() -> None:
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    assert text == render(), "environment.yml is stale: run `make lock`"
    conda_specs, pip_lines = sections(text)
    assert "python=3.11" in conda_specs
    locked = versions(ROOT / "requirements.txt")
    conda = [spec.split("=") for spec in conda_specs
             if "=" in spec and not spec.startswith("python=")]
    on_pip = [line.split("==") for line in pip_lines]
    for name, pinned in [*conda, *on_pip]:
        lock = locked[canonical(name)]
        assert lock == pinned, f"environment.yml: {name} {pinned}, lock {lock}"
    # Every locked package reaches Binder: by conda, as the stack or its dependency, or by pip.
    owned = stack_closure([name for name, _ in conda])
    missing = set(locked) - owned - {canonical(name) for name, _ in on_pip}
    assert not missing, f"in the lock, installed by nobody on Binder: {sorted(missing)}"
    assert not owned & {canonical(name) for name, _ in on_pip}, "pip would reinstall conda's"


def test_the_conda_stack_is_the_lock_s() -> None:
    locked = versions(ROOT / "requirements.txt")
    for pin in pins(ROOT / "tools" / "conda-stack.txt"):
        name, wanted = pin.split("==")
        assert locked[canonical(name)] == wanted, (
            f"{name}: run `make lock` after changing tools/conda-stack.txt")


def test_stack_closure_follows_extras() -> None:
    # jupyter-events asks for jsonschema[format-nongpl]: its validators are conda's too.
    assert {"jsonschema", "rfc3987-syntax", "webcolors"} <= stack_closure(["jupyter-events"])


def test_the_package_is_installed_from_this_checkout() -> None:
    import nato_russia

    assert Path(nato_russia.__file__).resolve().parent == ROOT / "nato_russia"


def test_every_third_party_import_of_the_package_is_a_declared_dependency() -> None:
    import ast

    stdlib = set(sys.stdlib_module_names)
    import_names = {"PIL": "pillow"}  # where the distribution and the module differ
    imported = set()
    for path in (ROOT / "nato_russia").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {import_names.get(name, name) for name in imported - stdlib - {"nato_russia"}}
    declared = {_canonical(name) for name in PROJECT["dependencies"]}
    assert {_canonical(name) for name in third_party} <= declared, (
        f"imported but not in pyproject.toml's dependencies: {sorted(third_party - declared)}")


def test_the_test_tools_spare_every_process_the_slow_iri_parsers() -> None:
    # Why the dev lock has rfc3987 (pyproject.toml's test extra): with it, jsonschema's
    # import skips rfc3987-syntax, which builds its parsers on import, in every process.
    script = "import sys, nbformat; print('rfc3987_syntax' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
