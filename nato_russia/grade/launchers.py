"""Two ways to start a student's kernel process, with one interface.

* :class:`Zygote` (the grader is root): a warmed-up process forks each kernel, which drops
  to its user before running anything (see :mod:`nato_russia.grade.zygote`). A kernel is
  ready in a fraction of a second instead of several.
* :class:`FreshProcesses` (an ordinary user): each kernel is a new Python process, started
  by a two-line launcher that lowers its resource limits and then becomes the kernel. A
  process forked from a shared one could be tampered with by a kernel of the same user, so
  without a user of their own, kernels start from nothing.

Either way the kernel runs in a session of its own (its process group is its pid), in the
sandbox's folder, with the sandbox's environment and the limits.
"""

from __future__ import annotations

import contextlib
import json
import select
import subprocess
import threading
from pathlib import Path
from typing import Protocol

from nato_russia.grade.interpreter import Interpreter
from nato_russia.grade.sandbox import Limits, Sandbox
from nato_russia.grade.zygote import SOURCE

READY_SECONDS = 180.0
# Lowers the limits, then becomes the kernel (same process: limits and pid carry over).
LAUNCHER = (
    "import os, resource, sys\n"
    "for name, value in {limits!r}:\n"
    "    resource.setrlimit(getattr(resource, name), (value, value))\n"
    "os.execv(sys.executable, [sys.executable, '-m', 'ipykernel_launcher', *sys.argv[1:]])\n"
)


class LaunchError(Exception):
    """A kernel process could not be started; the message says why."""


class Launcher(Protocol):
    """Starts kernel processes and tells whether they still run."""

    def launch(self, box: Sandbox, argv: list[str], log: Path) -> int:
        """Start a kernel with these ipykernel arguments; return its pid."""
        ...

    def alive(self, pid: int) -> bool:
        """Whether a kernel started here is still running."""
        ...

    def forget(self, pid: int) -> None:
        """Let go of a kernel that has been stopped."""
        ...


def _running(pid: int) -> bool:
    """Whether a process exists and has not ended (Linux: from /proc)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat_line.rpartition(")")[2].split()[:1] != ["Z"]


class FreshProcesses:
    """Each kernel a new process (see the module docstring)."""

    def __init__(self, interpreter: Interpreter, limits: Limits) -> None:
        self.interpreter = interpreter
        self.limits = limits
        self.processes: dict[int, subprocess.Popen[bytes]] = {}

    def launch(self, box: Sandbox, argv: list[str], log: Path) -> int:
        user = box.user
        launcher = LAUNCHER.format(limits=self.limits.rlimits(user.own))
        with log.open("wb") as output:
            try:
                process = subprocess.Popen(
                    [str(self.interpreter.python), "-c", launcher, *argv],
                    cwd=box.workdir,
                    env=box.environment(self.interpreter.python, self.interpreter.library),
                    user=user.uid, group=user.gid, extra_groups=[] if user.own else None,
                    stdin=subprocess.DEVNULL, stdout=output, stderr=output,
                    start_new_session=True, umask=0o077,
                )
            except OSError as exc:
                raise LaunchError(str(exc)) from None
        self.processes[process.pid] = process
        return process.pid

    def alive(self, pid: int) -> bool:
        process = self.processes.get(pid)
        return process is not None and process.poll() is None

    def forget(self, pid: int) -> None:
        process = self.processes.pop(pid, None)
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)


class Zygote:
    """Kernels forked from one warmed-up process (see the module docstring)."""

    def __init__(self, interpreter: Interpreter, limits: Limits, base: Sandbox) -> None:
        """Start the zygote, in ``base``'s environment, and wait until it is warm.

        Raises
        ------
        LaunchError
            When it does not start or warm up.
        """
        self.interpreter = interpreter
        self.limits = limits
        self.lock = threading.Lock()
        self.log = base.root / "zygote.log"
        env = base.environment(interpreter.python, interpreter.library)
        with self.log.open("wb") as output:
            self.process = subprocess.Popen(
                [str(interpreter.python), "-c", SOURCE], cwd=base.workdir, env=env,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=output,
                start_new_session=True,
            )
        reply = self._read(READY_SECONDS)
        if not reply.get("ready"):
            self.close()
            raise LaunchError(f"the kernel starter did not warm up: {self._log_tail()}")

    def _log_tail(self) -> str:
        with contextlib.suppress(OSError):
            lines = [x for x in self.log.read_text(errors="replace").splitlines() if x.strip()]
            if lines:
                return lines[-1][:300]
        return "no message"

    def _read(self, seconds: float) -> dict[str, object]:
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], seconds)
        line = self.process.stdout.readline() if ready else b""
        try:
            reply = json.loads(line)
        except ValueError:
            return {}
        return reply if isinstance(reply, dict) else {}

    def launch(self, box: Sandbox, argv: list[str], log: Path) -> int:
        user = box.user
        request = {
            "cwd": str(box.workdir),
            "env": box.environment(self.interpreter.python, self.interpreter.library),
            "rlimits": self.limits.rlimits(user.own),
            "uid": user.uid, "gid": user.gid,
            "log": str(log),
            "argv": argv,
        }
        with self.lock:
            if self.process.poll() is not None or self.process.stdin is None:
                raise LaunchError(f"the kernel starter has stopped: {self._log_tail()}")
            self.process.stdin.write((json.dumps(request) + "\n").encode())
            self.process.stdin.flush()
            reply = self._read(30)
        pid = reply.get("pid")
        if not isinstance(pid, int):
            raise LaunchError(f"the kernel starter did not answer: {self._log_tail()}")
        return pid

    def alive(self, pid: int) -> bool:
        return _running(pid)

    def forget(self, pid: int) -> None:
        """Nothing to do: the zygote collects its ended children itself."""

    def close(self) -> None:
        """Stop the zygote (its kernels are stopped by their own Kernel)."""
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
