"""Runs as its own process: imports what every kernel needs once, then forks the kernels.

Starting a kernel from nothing costs seconds, most of them importing pandas, matplotlib
and IPython and validating the dataset, the same for every submission. This process (run
by the grader, as root, with the grader's own environment for kernels) does that once; for
each kernel the grader asks for, it forks, and the child drops every privilege before any
student code can run: a new session, the kernel's own environment, folder and resource
limits, the kernel user's uid and gid with no supplementary groups, then the IPython
kernel. Each kernel starts from a clean copy of this process's memory, so nothing one
student does reaches another, and as a different user a kernel can neither signal nor read
this process.

Protocol, one JSON object per line: this process writes ``{"ready": true}`` once warmed up;
the grader writes a request (``cwd``, ``env``, ``rlimits``, ``uid``, ``gid``, ``log``,
``argv``) and reads ``{"pid": n}`` back. Only the standard library is imported at the top:
the grader imports this module for its :data:`SOURCE` without running any of it.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

# The grader sends this text to the interpreter; run that way, the module has no file.
SOURCE = Path(__file__).read_text(encoding="utf-8") if "__file__" in globals() else ""


def _reap(*_: Any) -> None:
    """Collect every kernel that has ended, so none lingers as a zombie."""
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def _become_kernel(request: dict[str, Any]) -> None:
    """In the forked child: drop privileges and run the IPython kernel (never returns)."""
    import resource
    import tempfile

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.setsid()
    log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.closerange(3, 65536)  # the pipe to the grader above all
    os.chdir(request["cwd"])
    os.umask(0o077)
    os.environ.clear()
    os.environ.update(request["env"])
    tempfile.tempdir = None  # found again from the kernel's own TMPDIR
    for name, value in request["rlimits"]:
        resource.setrlimit(getattr(resource, name), (value, value))
    if request["uid"] is not None:
        os.setgroups([])
        os.setgid(request["gid"])
        os.setuid(request["uid"])
        if os.getuid() != request["uid"] or os.geteuid() != request["uid"]:
            os._exit(70)  # never run a student's code with privileges left
    from ipykernel.kernelapp import IPKernelApp

    sys.argv = ["ipykernel_launcher", *request["argv"]]
    IPKernelApp.launch_instance(argv=request["argv"])
    os._exit(0)


def _warm_up() -> None:
    """Import and load what every kernel would: the course, its dataset, the kernel."""
    import ipykernel.kernelapp  # noqa: F401 - imported for the children
    import matplotlib.pyplot  # noqa: F401
    import pandas  # noqa: F401

    from nato_russia import data
    from nato_russia.checks import check  # noqa: F401

    data.load()


def main() -> None:
    """Warm up, then fork one kernel per request until the grader closes the pipe."""
    _warm_up()
    signal.signal(signal.SIGCHLD, _reap)
    out = sys.stdout
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                _become_kernel(request)
            except BaseException:  # noqa: BLE001 - to the kernel's log, then out
                import traceback

                traceback.print_exc()
            finally:
                os._exit(71)
        out.write(json.dumps({"pid": pid}) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
