"""Start the course: ``python -m nato_russia.lab``.

Usage::

    python -m nato_russia.lab              # set up, copy the exercises, open lesson 00
    python -m nato_russia.lab --port 8890 --no-browser
    python -m nato_russia.lab --author     # course files writable, machinery shown
    python -m nato_russia.lab install      # only install the Jupyter settings (Binder, make)
    python -m nato_russia.lab copy         # only copy new exercises into my_work/

Starting does what ``make lab`` does, with nothing but Python: it installs the course's
Jupyter settings into this environment (:mod:`~nato_russia.lab.settings`), copies any
exercise without a copy into ``my_work/`` (:mod:`~nato_russia.lab.student_work`) and runs
JupyterLab in the course folder, which opens lesson 00. Errors are one line, never a
traceback; the exit code is JupyterLab's, or 2 when the set-up failed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from nato_russia.lab import COURSE_ROOT, settings, student_work


def jupyter_arguments(args: argparse.Namespace) -> list[str]:
    """The command-line arguments JupyterLab is started with."""
    argv = [f"--ServerApp.root_dir={COURSE_ROOT}", f"--ServerApp.ip={args.ip}"]
    if args.port is not None:
        argv.append(f"--ServerApp.port={args.port}")
    if args.no_browser:
        argv.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # Containers and CI often run as root, where Jupyter refuses to start without it.
        argv.append("--allow-root")
    if args.author:
        argv += ["--CourseContentsManager.protect_course=False",
                 "--CourseContentsManager.hide_machinery=False"]
    return argv + list(args.jupyter_args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nato_russia.lab",
        description="Open the NATO-Russia course in JupyterLab, at lesson 00.")
    parser.add_argument("action", nargs="?", default="start",
                        choices=("start", "install", "copy"),
                        help="start (the default): set up and open the course; install: "
                             "only the Jupyter settings; copy: only the exercises")
    parser.add_argument("--ip", default="127.0.0.1",
                        help="address to serve on (default 127.0.0.1: this computer only)")
    parser.add_argument("--port", type=int, help="port to serve on (default 8888, or the "
                                                 "next free one)")
    parser.add_argument("--no-browser", action="store_true",
                        help="print the address instead of opening a browser")
    parser.add_argument("--author", action="store_true",
                        help="for course authors: course files writable, machinery shown")
    parser.epilog = "Arguments after -- go to jupyter lab unchanged."
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = _parser().parse_args(argv[:split])
    args.jupyter_args = argv[split + 1:]
    try:
        if args.action in ("start", "install"):
            for path in settings.install():
                print(f"installed {path}")
        if args.action in ("start", "copy"):
            for path in student_work.copy_exercises():
                print(f"your copy: {path.relative_to(COURSE_ROOT)}")
    except (settings.SettingsError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.action != "start":
        return 0
    from jupyterlab.labapp import LabApp  # late: install and copy need no server

    sys.stdout.flush()
    LabApp.launch_instance(argv=jupyter_arguments(args))
    return 0
