"""How `make test` shares its tests between its workers (``--dist loadscope``).

Kept out of conftest.py so tests can import it: ``conftest`` names two modules here, this
folder's and the browser tests'.
"""

from __future__ import annotations

# Modules whose tests are many, cheap and share no costly module fixture: their tests are
# spread over the workers one by one. Every other module runs whole on one worker, so its
# module fixtures (a server, a built site, a graded class) are made once.
SPREAD = frozenset({"tests/test_checks.py"})
# Modules that grade whole classes in the grader's sandboxes: one at a time, on one worker.
# (nbgrader's own run, in test_grade_nbgrader.py, uses no sandbox and runs beside them.)
GRADER = frozenset({"tests/test_grade_runs.py", "tests/test_grade_class.py"})
# The browser tests in two lanes, each with its own JupyterLab and Chromium: never more
# than two browsers at once, and the slowest module not behind the others.
BROWSER_LANES = {"tests/browser/test_first_hour.py": "browser: first hour"}


def scope(nodeid: str) -> str:
    """The unit of work a test belongs to under `make test`'s workers.

    A notebook's cells (nbval) share one kernel and run in order; the browser tests run in
    two lanes (:data:`BROWSER_LANES`, the rest in a second one); the grader's class runs
    share one lane; other modules run whole, but for the ones in :data:`SPREAD`.
    """
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/"):
        return BROWSER_LANES.get(path, "browser: lessons and site")
    if path in GRADER:
        return "grader"
    if path in SPREAD:
        return nodeid
    return path
