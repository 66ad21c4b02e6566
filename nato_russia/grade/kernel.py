"""Start a student's kernel in its sandbox and run code in it, cell by cell, under limits.

The kernel is an ordinary IPython kernel, started by a :mod:`launcher
<nato_russia.grade.launchers>` as the sandbox's user, with the sandbox's environment and
limits, in a session of its own. It talks over Unix sockets inside the sandbox, which only
its user and the grader can open, so no other kernel can listen in.

:meth:`Kernel.run` never raises for what the code does: an error, a time-out (the kernel
is interrupted, then killed if it does not stop), or a kernel that died are all returned
as a :class:`CellRun`.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from nato_russia.grade.launchers import Launcher, LaunchError
from nato_russia.grade.sandbox import Sandbox, end_processes

STARTUP_SECONDS = 60.0
# After an interrupt, how long a cell has to stop before its kernel is killed.
INTERRUPT_GRACE = 3.0
# Printed output kept per cell: enough to read, not enough to fill the grader's memory.
MAX_OUTPUT = 20_000
MAX_DISPLAYS = 50


class KernelError(Exception):
    """The kernel could not be started; the message says why."""


@dataclass
class CellRun:
    """What running one piece of code did.

    Attributes
    ----------
    status
        ``ok``, ``error`` (the code raised), ``timeout`` or ``died`` (the kernel stopped).
    ename, evalue
        The exception's name and message, for ``error``.
    stdout
        Text the code printed (cut at ``MAX_OUTPUT`` characters).
    data
        The rich outputs the code displayed: one mimetype-to-content dict each.
    seconds
        Wall time.
    """

    status: str
    ename: str = ""
    evalue: str = ""
    stdout: str = ""
    data: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0


class Kernel:
    """One student's kernel: started, run cell by cell, restarted, stopped."""

    def __init__(self, box: Sandbox, launcher: Launcher) -> None:
        self.box = box
        self.launcher = launcher
        self.pid: int | None = None
        self.client: BlockingKernelClient | None = None
        self.starts = 0

    # ----------------------------------------------------------------------- life

    def start(self) -> None:
        """Start the kernel and wait until it answers.

        Raises
        ------
        KernelError
            When it does not start or answer within a minute.
        """
        self.starts += 1
        box = self.box
        connection = box.runtime / f"kernel-{self.starts}.json"
        write_connection_file(str(connection), transport="ipc",
                              ip=str(box.runtime / f"ipc-{self.starts}"))
        box.user.give(connection)
        argv = ["-f", str(connection), "--HistoryManager.enabled=False",
                "--IPKernelApp.quiet=True"]
        try:
            self.pid = self.launcher.launch(box, argv, self._log())
        except LaunchError as exc:
            raise KernelError(f"the kernel could not be started: {exc}") from None
        client = BlockingKernelClient(connection_file=str(connection))
        client.load_connection_file()
        client.start_channels()
        self.client = client
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if not self.alive():
                problem = self._log_tail()
                self.stop()
                raise KernelError(f"the kernel stopped while starting: {problem}")
            try:
                client.wait_for_ready(timeout=1)
                return
            except RuntimeError:
                if time.monotonic() > deadline:
                    self.stop()
                    raise KernelError("the kernel did not answer within a minute") from None

    def _log(self) -> Path:
        return self.box.root / f"kernel-{self.starts}.log"

    def _log_tail(self) -> str:
        with contextlib.suppress(OSError):
            text = self._log().read_text(errors="replace")
            lines = [line for line in text.splitlines() if line.strip()]
            if lines:
                return lines[-1][:300]
        return "no message"

    def alive(self) -> bool:
        """Whether the kernel process is still running."""
        return self.pid is not None and self.launcher.alive(self.pid)

    def stop(self) -> None:
        """Stop the kernel and everything it started; safe to call twice."""
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.stop_channels()
            self.client = None
        end_processes(self.box.user, self.pid)
        if self.pid is not None:
            self.launcher.forget(self.pid)
            self.pid = None

    def restart(self) -> None:
        """Stop the kernel and start a fresh one (its state is lost)."""
        self.stop()
        self.start()

    # ----------------------------------------------------------------------- running

    def run(self, code: str, timeout: float) -> CellRun:
        """Run code in the kernel and wait for it to finish, at most ``timeout`` seconds."""
        assert self.client is not None and self.pid is not None, "start the kernel first"
        started = time.monotonic()
        result = CellRun("ok")
        if not self.alive():
            result.status = "died"
            return result
        msg_id = self.client.execute(code, store_history=False, allow_stdin=False,
                                     stop_on_error=False)
        deadline = started + max(timeout, 0.1)
        interrupted_at: float | None = None
        while True:
            now = time.monotonic()
            if interrupted_at is None and now > deadline:
                interrupted_at = now
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(self.pid, signal.SIGINT)
            if interrupted_at is not None and now > interrupted_at + INTERRUPT_GRACE:
                self.stop()  # it ignored the interrupt: the kernel goes
                result.status = "timeout"
                break
            if not self.alive():
                result.status = "timeout" if interrupted_at is not None else "died"
                break
            try:
                message = self.client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue  # output of something still running from an earlier cell
            if self._take(message, result):
                if interrupted_at is not None:
                    result.status = "timeout"
                break
        result.seconds = time.monotonic() - started
        return result

    @staticmethod
    def _take(message: dict[str, Any], result: CellRun) -> bool:
        """Record one output message; True when the code has finished."""
        kind, content = message.get("msg_type"), message.get("content", {})
        if kind == "stream" and len(result.stdout) < MAX_OUTPUT:
            result.stdout += str(content.get("text", ""))[: MAX_OUTPUT - len(result.stdout)]
        elif kind in ("display_data", "execute_result"):
            data = content.get("data")
            if isinstance(data, dict) and len(result.data) < MAX_DISPLAYS:
                result.data.append(data)
        elif kind == "error":
            result.status = "error"
            result.ename = str(content.get("ename", ""))[:200]
            result.evalue = str(content.get("evalue", ""))[:1000]
        elif kind == "status" and content.get("execution_state") == "idle":
            return True
        return False
