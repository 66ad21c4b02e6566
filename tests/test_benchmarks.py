"""The benchmarks run to the end on the current course (their timings are not tested here).

`make bench` is how performance is measured; a benchmark broken by a change to the explorers
would leave the course without its numbers, so each explorer is driven through a few changes.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
from course_files import ROOT


def _load(name: str) -> ModuleType:
    path = ROOT / "bench" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # runs the explorer benchmark itself
def test_the_explorer_benchmark_drives_every_explorer(
        capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("explorers")
    done = bench.main(["--changes", "4"])
    assert isinstance(done, bool)
    printed = capsys.readouterr().out
    for name in bench.EXPLORERS:
        assert f"\n{name} " in printed, f"{name} missing from the table"
