"""Write environment.yml (Binder / conda) from the pinned runtime lock, requirements.txt.

Binder reads environment.yml and ignores requirements.txt beside it, so the pins are
copied here rather than referenced; tests/test_environment.py checks the two agree.

One solver owns the Jupyter stack on Binder. repo2docker's base environment is a conda one
(JupyterLab, the server, ipykernel), so the stack is pinned here as conda packages
(tools/conda-stack.txt, versions seen built on conda-forge) and conda installs it and
everything it depends on. pip then adds only what lies outside that stack (pandas,
matplotlib and their own dependencies), at the lock's versions. Which locked packages the
stack pulls in is read from the installed packages' metadata, so run this with the course's
venv, after installing the runtime lock (`make lock` does).

The file names nothing local, so repo2docker installs it before it copies the course, and a
change to a lesson reuses the built environment; postBuild installs the course package.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON_PIN = "3.11"

HEADER = """\
# Binder / conda environment for the course.
# Generated from requirements.txt and tools/conda-stack.txt by tools/sync_environment.py
# (run by `make lock`); tests/test_environment.py fails when they disagree. It names nothing
# local, so Binder builds it once per lock; postBuild installs the course package.
# conda installs the Jupyter stack and what it depends on (one solver, as for repo2docker's
# own base environment); pip adds only what lies outside it, at the lock's versions.
name: nato-russia-course
channels:
  - conda-forge
dependencies:
  - python={python}
{conda}  - pip
  - pip:
"""


def canonical(name: str) -> str:
    """Return a distribution name normalised (``Jupyter_Server`` -> ``jupyter-server``)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: Path) -> list[str]:
    """Return the ``name==version`` lines of a requirements file, comments dropped."""
    lines = requirements.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith(("#", "-"))]


def versions(requirements: Path) -> dict[str, str]:
    """Return a requirements file's pins as ``{canonical name: version}``."""
    return {canonical(pin.split("==")[0]): pin.split("==")[1] for pin in pins(requirements)}


def sections(text: str) -> tuple[list[str], list[str]]:
    """Return environment.yml's conda specs (Python's and pip's included) and its pip lines."""
    lines = text.splitlines()
    start, end = lines.index("dependencies:"), lines.index("  - pip:")
    conda = [line.strip()[2:] for line in lines[start + 1:end]]
    pip = [line.strip()[2:] for line in lines[end + 1:] if line.startswith("      - ")]
    return conda, pip


def stack_closure(roots: list[str]) -> set[str]:
    """Return the canonical names of ``roots`` and everything they require, installed here.

    Raises
    ------
    SystemExit
        When a package of the stack is not installed: the runtime lock must be.
    """
    from packaging.requirements import Requirement

    seen: set[tuple[str, str]] = set()
    # (name, extra) pairs: jupyter-events wants jsonschema[format-nongpl], nbconvert
    # bleach[css], and what an extra adds belongs to the stack as much as the package.
    todo = [(name, "") for name in roots]
    while todo:
        name, extra = todo.pop()
        name = canonical(name)
        if (name, extra) in seen:
            continue
        seen.add((name, extra))
        try:
            requires = metadata.distribution(name).requires or []
        except metadata.PackageNotFoundError:
            raise SystemExit(f"{name} is not installed here: install requirements.txt into "
                             "this Python first (`make lock` does)") from None
        for line in requires:
            requirement = Requirement(line)
            # Platform markers are evaluated for this machine, Linux as Binder's.
            if requirement.marker is None or requirement.marker.evaluate({"extra": extra}):
                todo.extend((requirement.name, wanted) for wanted in ["", *requirement.extras])
    return {name for name, _ in seen}


def render() -> str:
    """Return the text environment.yml should have."""
    locked = pins(ROOT / "requirements.txt")
    version = versions(ROOT / "requirements.txt")
    stack = pins(ROOT / "tools" / "conda-stack.txt")
    conda = ""
    for pin in stack:
        name, wanted = pin.split("==")
        if version.get(canonical(name)) != wanted:
            raise SystemExit(f"requirements.txt has {name} {version.get(canonical(name))}, "
                             f"tools/conda-stack.txt {wanted}: run `make lock`")
        conda += f"  - {name}={wanted}\n"
    owned = stack_closure([pin.split("==")[0] for pin in stack])
    body = "".join(f"      - {pin}\n" for pin in locked
                   if canonical(pin.split("==")[0]) not in owned)
    return HEADER.format(python=PYTHON_PIN, conda=conda) + body


if __name__ == "__main__":
    (ROOT / "environment.yml").write_text(render(), encoding="utf-8")
    sys.exit(0)
