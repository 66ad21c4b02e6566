"""Servers the tests start in a process group of their own: a port, the printed address, the stop.

Shared by the tests that run `make lab`, the README's commands without make and the
JupyterLab the browser tests drive, so that each starts, waits and stops the same way.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_printing(args: list[str], cwd: Path, env: dict[str, str]
                   ) -> tuple[subprocess.Popen[str], list[str]]:
    """Start a command in a session of its own; its output is gathered, line by line, as it
    comes, into the list returned beside it."""
    process = subprocess.Popen(args, cwd=cwd, env=env, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True)
    printed: list[str] = []
    threading.Thread(target=lambda: printed.extend(process.stdout or []), daemon=True).start()
    return process, printed


def wait_for_printed(process: subprocess.Popen[Any], printed: list[str],
                     pattern: re.Pattern[str], seconds: float = 120) -> str:
    """The first group of ``pattern`` once the process prints it; fail if it exits first or
    prints nothing matching within ``seconds``.

    When the group is an http address, also wait until its port takes connections: Jupyter's
    server prints its address before it listens (it binds the port once its event loop
    runs), and on a busy machine a request in between was refused.
    """
    deadline = time.monotonic() + seconds
    while not (found := pattern.search("".join(printed))):
        assert process.poll() is None, "".join(printed)[-3000:]
        assert time.monotonic() < deadline, f"no address printed within {seconds:.0f} s"
        time.sleep(0.2)
    address = found.group(1)
    served = urllib.parse.urlsplit(address)
    if served.scheme == "http" and served.hostname and served.port:
        while True:
            with contextlib.suppress(OSError), socket.create_connection(
                    (served.hostname, served.port), timeout=5):
                break
            assert process.poll() is None, "".join(printed)[-3000:]
            assert time.monotonic() < deadline, f"nothing listens at {address}"
            time.sleep(0.1)
    return address


def stop_group(process: subprocess.Popen[Any]) -> None:
    """End a process and everything it started (its process group): politely, then not."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            process.wait()
