"""The two tiers of tests: `make check` starts no kernel, `make test` runs everything once.

What each tier runs is read from the Makefile; how `make test` shares the work between its
workers is :func:`scheduling.scope`.
"""

from __future__ import annotations

import re

from course_files import ROOT
from scheduling import BROWSER_LANES, GRADER, LONG, SPREAD, rank, scope

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def _recipe(target: str) -> str:
    return MAKEFILE.split(f"\n{target}:", 1)[1].split("\n\n", 1)[0]


def _variable(name: str) -> str:
    found = re.search(rf"^{name} \??:?= (.*)$", MAKEFILE, flags=re.M)
    assert found, name
    return found.group(1)


def test_check_leaves_out_kernels_browsers_and_notebooks() -> None:
    recipe = _recipe("check")
    assert '-m "not slow and not browser"' in recipe
    assert "$(NBVAL)" not in recipe and "--nbval" not in recipe
    assert "ruff check" in recipe and "mypy" in recipe
    assert "-n 2" in recipe, "kernel-free tests gain nothing from more workers than cores"


def test_test_runs_everything_with_nbval_on_workers() -> None:
    recipe = _recipe("test")
    assert "pytest $(NBVAL) $(PARALLEL)" in recipe and "pytest -m" not in recipe
    assert _variable("PARALLEL") == "-n $(WORKERS) --dist loadscope"
    assert _variable("WORKERS") == "4"


def test_a_notebook_the_browser_and_a_module_each_stay_on_one_worker() -> None:
    assert scope("notebooks/00_introduction.ipynb::Cell 3") == "notebooks/00_introduction.ipynb"
    browsers = {scope(f"tests/browser/{name}::test_x[a]") for name in
                ("test_lab.py", "test_first_hour.py", "test_site.py", "test_new.py")}
    assert len(browsers) == 3, "three browser lanes: lessons, first hour, the rest"
    assert scope("tests/test_grade_runs.py::a") != scope("tests/test_grade_class.py::b")
    assert scope("tests/test_grade_runs.py::a") == scope("tests/test_grade_runs.py::c")
    assert scope("tests/test_data.py::test_a[b]") == "tests/test_data.py"
    spread = next(iter(SPREAD))
    assert scope(f"{spread}::test_a[1]") != scope(f"{spread}::test_a[2]")
    assert all((ROOT / path).is_file() for path in SPREAD | set(GRADER) | set(BROWSER_LANES))


def test_the_long_lanes_are_handed_out_first() -> None:
    ids = ["notebooks/00_introduction.ipynb::Cell 0", "tests/test_data.py::test_a",
           "tests/browser/test_site.py::test_b", "tests/test_grade_runs.py::test_c",
           "tests/browser/test_lab.py::test_d[x]", "tests/browser/test_first_hour.py::test_e",
           "tests/test_grade_class.py::test_f"]
    ordered = sorted(ids, key=rank)
    assert [scope(i) for i in ordered[:5]] == list(LONG)
    assert ordered[5:] == ids[:2], "the rest keep the order they were collected in"
