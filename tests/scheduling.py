"""How `make test` shares its tests between two workers (``--dist loadscope``).

Kept out of conftest.py so tests can import it: ``conftest`` names two modules here, this
folder's and the browser tests'.
"""

from __future__ import annotations

# Modules whose tests are many, cheap and share no costly module fixture: their tests are
# spread over the workers one by one. Every other module runs whole on one worker, so its
# module fixtures (a server, a built site, a graded class) are made once.
SPREAD = frozenset({"tests/test_checks.py"})


def scope(nodeid: str) -> str:
    """The unit of work a test belongs to under `make test`'s two workers.

    A notebook's cells (nbval) share one kernel and run in order; the browser tests share
    one JupyterLab and one Chromium at a time, so two never compete for the two cores;
    other modules run whole, but for the ones in ``SPREAD``.
    """
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/"):
        return "browser"
    if path in SPREAD:
        return nodeid
    return path
