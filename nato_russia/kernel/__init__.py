"""What the course adds to a student's Python kernel, as an IPython extension.

Loaded in every kernel of the course's environment (``python -m nato_russia.lab install``
writes the IPython setting), and again by :mod:`nato_russia.checks` for kernels started
without it. It adds:

- :mod:`~nato_russia.kernel.friendly_errors`: a cell's error told in a sentence, and in
  exercise notebooks *Run All* that goes on past a broken answer;
- :mod:`~nato_russia.kernel.answer_magic`: ``%%answer name`` cells for written answers;
- a kernel description without the Python version, so the ``language_info`` a notebook
  stores is the same on every machine and opening a notebook does not change it;
- charts shown in the notebook even when the shell that started JupyterLab chose a backend
  that draws to files (``MPLBACKEND=Agg``), where a chart cell would show nothing.

It imports nothing heavy: it runs at every kernel start.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from nato_russia.kernel import answer_magic, friendly_errors

INLINE = "module://matplotlib_inline.backend_inline"
# Backends that only write files: in a notebook a chart drawn with them never shows.
FILE_BACKENDS = frozenset({"agg", "cairo", "pdf", "pgf", "ps", "svg", "template"})

__all__ = ["install", "load_ipython_extension", "steady_language_info"]


def steady_language_info(info: dict[str, Any]) -> dict[str, Any]:
    """A kernel's ``language_info`` without what changes from machine to machine."""
    return {key: value for key, value in info.items() if key != "version"}


def charts_inline(environ: Any = os.environ) -> None:
    """Draw charts in the notebook, unless a backend with windows was chosen on purpose."""
    if environ.get("MPLBACKEND", "").lower() in FILE_BACKENDS:
        environ["MPLBACKEND"] = INLINE
        if "matplotlib" in sys.modules:  # already imported: switch the running one too
            sys.modules["matplotlib"].use(INLINE)


def install(shell: Any = None, keep_going: bool = False) -> None:
    """Add the course's kernel features to a running IPython shell (no-op outside IPython).

    Parameters
    ----------
    shell
        The shell; by default the one running, if any.
    keep_going
        Let *Run All* go on past explained errors (exercise notebooks).
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # plain Python: nothing to add to
            return
        shell = get_ipython()
    if shell is None:
        return
    charts_inline()
    friendly_errors.install(shell, keep_going=keep_going)
    if "answer" not in shell.magics_manager.magics.get("cell", {}):
        answer_magic.register(shell)
    kernel = getattr(shell, "kernel", None)
    if kernel is not None and isinstance(getattr(kernel, "language_info", None), dict):
        # Read by JupyterLab from the kernel_info reply and written into the notebook.
        kernel.language_info = steady_language_info(kernel.language_info)


def load_ipython_extension(shell: Any) -> None:
    """IPython's entry point: ``%load_ext nato_russia.kernel`` or the kernel's settings."""
    install(shell)
