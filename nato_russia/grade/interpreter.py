"""A Python that the kernels' user can run: the course's own, or a staged copy of it.

When the grader is root, kernels run as a user of their own, who may not be allowed into
the folder the course's interpreter lives in (pyenv installs under ``/root``, which only
root may enter). Then the interpreter and its standard library are staged in the grading
run's temporary folder, as hard links where the file system allows (no copying) and
copies where not, beside a venv configuration whose site-packages is the course venv's
own: the same Python and the same packages, at a path that user can reach. Where the
course's folder itself is closed to other users, the packages are staged as well.

Whether that worked is proven, not assumed: :func:`kernel_python` starts the interpreter
as the kernels' user in a sandbox and has it import the kernel, the course and the
dataset, and says in one sentence what is missing when it cannot.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from nato_russia.grade.sandbox import Sandbox

VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"
# What a kernel needs before the first cell: if this runs, grading can start.
PREFLIGHT = (
    "import ipykernel, matplotlib.pyplot, pandas\n"
    "from nato_russia import data\n"
    "from nato_russia.checks import check\n"
    "data.load()\n"
)
# Parts of the standard library no kernel needs: left out of a staged copy.
UNNEEDED = frozenset({"site-packages", "test", "idlelib", "tkinter", "turtledemo",
                      "ensurepip", "lib2to3", "pydoc_data"})


class InterpreterError(Exception):
    """No Python that the kernels' user can run was found; the message says why."""


@dataclass(frozen=True)
class Interpreter:
    """The Python kernels start with, and the library folder it needs (staged copies)."""

    python: Path
    library: Path | None = None


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: copy instead
        shutil.copy2(source, target)


def _stage_tree(source: Path, target: Path, skip: frozenset[str] = frozenset()) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for folder, subfolders, files in os.walk(source):
        here = Path(folder)
        if here == source:
            subfolders[:] = [d for d in subfolders if d not in skip]
        out = target / here.relative_to(source)
        out.mkdir(exist_ok=True)
        for name in files:
            path = here / name
            if path.is_symlink():
                (out / name).symlink_to(os.readlink(path))
            else:
                _link_or_copy(path, out / name)


def stage(target: Path, with_packages: bool = False) -> Interpreter:
    """Stage this Python (interpreter, shared library, standard library) under ``target``.

    Parameters
    ----------
    target
        An empty folder.
    with_packages
        Stage the venv's packages too, for when the course folder itself is closed to
        other users; by default the staged venv links to them where they are.

    Returns
    -------
    Interpreter
        The staged venv's python, and the folder holding ``libpython`` for the loader.
    """
    base = Path(sys.base_prefix)
    (target / "base" / "bin").mkdir(parents=True)
    executable = base / "bin" / VERSION
    _link_or_copy(executable, target / "base" / "bin" / VERSION)
    library = target / "base" / "lib"
    library.mkdir()
    for shared in (base / "lib").glob("libpython*"):
        if shared.is_file():
            _link_or_copy(shared, library / shared.name)
    _stage_tree(base / "lib" / VERSION, library / VERSION, UNNEEDED)
    venv = target / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / VERSION
    _link_or_copy(executable, python)
    (venv / "pyvenv.cfg").write_text(
        f"home = {target / 'base' / 'bin'}\ninclude-system-site-packages = false\n"
        f"version = {sys.version.split()[0]}\n", encoding="utf-8")
    (venv / "lib" / VERSION).mkdir(parents=True)
    packages = Path(sysconfig.get_paths()["purelib"])
    if with_packages:
        _stage_tree(packages, venv / "lib" / VERSION / "site-packages")
    else:
        (venv / "lib" / VERSION / "site-packages").symlink_to(packages)
    for folder in [target, *target.rglob("*")]:
        if folder.is_dir() and not folder.is_symlink():
            folder.chmod(0o755)
    return Interpreter(python, library)


def preflight(interpreter: Interpreter, box: Sandbox) -> str:
    """Run the kernel's imports and a dataset load as the kernels' user, in a sandbox.

    Returns
    -------
    str
        Empty when it worked; otherwise the last line of what went wrong.
    """
    user = box.user
    try:
        done = subprocess.run(
            [str(interpreter.python), "-c", PREFLIGHT],
            cwd=box.workdir, env=box.environment(interpreter.python, interpreter.library),
            user=user.uid, group=user.gid, extra_groups=[] if user.own else None,
            capture_output=True, text=True, timeout=120, check=False,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return str(exc)
    if done.returncode == 0:
        return ""
    lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
    return lines[-1] if lines else f"exit status {done.returncode}"


def kernel_python(box: Sandbox, stage_in: Path) -> Interpreter:
    """Find a Python the kernels' user can run the course with.

    Parameters
    ----------
    box
        A sandbox to try it in, with the kernels' user.
    stage_in
        A folder for a staged copy, when the course's own Python cannot be used.

    Raises
    ------
    InterpreterError
        When neither the course's Python nor a staged copy works for that user.
    """
    own = Interpreter(Path(sys.executable))
    problem = preflight(own, box)
    if not problem:
        return own
    if not box.user.own:
        raise InterpreterError(f"the course's Python cannot run a kernel: {problem}")
    staged = stage(stage_in)
    second = preflight(staged, box)
    if second:  # perhaps the course's own folder is closed: stage its packages too
        shutil.rmtree(stage_in)
        staged = stage(stage_in, with_packages=True)
        second = preflight(staged, box)
    if second:
        raise InterpreterError(
            f"the unprivileged user that runs the kernels (uid {box.user.uid}) cannot run "
            f"the course's Python ({problem}), nor a copy of it ({second}). Make the "
            "course folder and its .venv readable by all users, or grade as an ordinary "
            "user.")
    return staged
