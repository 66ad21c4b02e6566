"""nbval's kernels on Unix sockets instead of TCP ports.

jupyter_client picks a TCP kernel's five ports by binding each to port 0 and closing it;
the kernel binds them again a moment later, as it starts. In between, any other process
may take one (jupyter_client issue 487), and `make test` starts over a hundred kernels,
servers and browsers on one machine. Once, an nbval kernel died before it answered and a
whole solution notebook failed; nbval throws a kernel's error output away, so that it
lost a port is likely, not proven. A Unix socket has a path of its own, which nothing
else can take.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from typing import Any

from jupyter_client.manager import KernelManager


class UnixSocketKernelManager(KernelManager):
    """A kernel manager whose kernel listens on Unix sockets under the temp folder.

    Each kernel gets a name of its own (several notebooks of a folder run at once on the
    workers); jupyter_client removes the sockets when the kernel is shut down.
    """

    def __init__(self, **kwargs: Any) -> None:
        name = os.path.join(tempfile.gettempdir(), f"nbval-kernel-{uuid.uuid4().hex}")
        super().__init__(transport="ipc", ip=name, **kwargs)


def use_for_nbval() -> None:
    """Make nbval start its kernels with :class:`UnixSocketKernelManager`."""
    import nbval.kernel

    nbval.kernel.KernelManager = UnixSocketKernelManager
