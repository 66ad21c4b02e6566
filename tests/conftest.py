"""Fixtures every test module shares: the checkout, the loaded course, the notebook lists.

The dataset is loaded when a test first asks for ``course``, never while modules are
collected, so a broken dataset fails the tests that use it with its own clear message
instead of stopping collection.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from course_files import ROOT, notebooks

from nato_russia import data


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The course checkout."""
    return ROOT


@pytest.fixture(scope="session")
def course() -> data.Course:
    """The course dataset, loaded once for the session (tests must not change it)."""
    return data.load()


@pytest.fixture(scope="session")
def lesson_paths() -> list[Path]:
    """The lesson notebooks, in course order."""
    return notebooks("notebooks")


@pytest.fixture(scope="session")
def solution_paths() -> list[Path]:
    """The solution notebooks, in course order."""
    return notebooks("solutions")


@pytest.fixture(scope="session")
def exercise_paths() -> list[Path]:
    """The exercise notebooks, in course order."""
    return notebooks("exercises")
