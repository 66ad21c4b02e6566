"""How `make test` shares its tests between its workers (``--dist loadscope``).

Kept out of conftest.py so tests can import it: ``conftest`` names two modules here, this
folder's and the browser tests'.
"""

from __future__ import annotations

# Modules whose tests are many, cheap and share no costly module fixture: their tests are
# spread over the workers one by one. Every other module runs whole on one worker, so its
# module fixtures (a server, a built site, a graded class) are made once.
SPREAD = frozenset({"tests/test_checks.py"})
# The modules that grade whole classes in the grader's sandboxes, each a lane of its own: runs
# at once get kernel users of their own (the grader reserves them), and test_grade_runs.py
# checks for leftover processes only among the users no run holds.
GRADER = {"tests/test_grade_runs.py": "grader", "tests/test_grade_class.py": "grader: class"}
# The browser tests in three lanes, each with its own JupyterLab and Chromium: the lessons,
# the first hour, and the rest (the site, the capstone, saved work, the warm-up, the charts'
# text, the map's slider, answer cells), each a few minutes.
BROWSER_LANES = {"tests/browser/test_first_hour.py": "browser: first hour",
                 "tests/browser/test_lab.py": "browser: lessons"}


def scope(nodeid: str) -> str:
    """The unit of work a test belongs to under `make test`'s workers.

    A notebook's cells (nbval) share one kernel and run in order; the browser tests run in
    three lanes (:data:`BROWSER_LANES`, and the rest in a third); each grading module is a
    lane (:data:`GRADER`); other modules run whole, but for the ones in :data:`SPREAD`.
    """
    path = nodeid.split("::", 1)[0]
    if path.startswith("tests/browser/"):
        return BROWSER_LANES.get(path, "browser: the rest")
    if path in GRADER:
        return GRADER[path]
    if path in SPREAD:
        return nodeid
    return path


# The lanes that take minutes: they are handed out before anything else, the first four at
# once, one to a worker, and the class grading (about a minute) to the first worker free, so
# none of them begins late and holds up the end of the run.
LONG = ("grader", "browser: first hour", "browser: lessons", "browser: the rest",
        "grader: class")


def rank(nodeid: str) -> int:
    """Where a test's scope comes in the order work is handed out (lower first).

    xdist hands each worker one scope, then a second, then more as each gets idle. The long
    lanes come first, one to a worker; then every other scope, as collected. A scope is
    ranked by its first test, so all of a scope's tests move together.
    """
    lane = scope(nodeid)
    return LONG.index(lane) if lane in LONG else len(LONG)
