"""Kernel-side redraw latency of each explorer: control change -> new chart ready.

For every explorer, changes one control at a time (period, year range, a kind, an area, a
weight...), cycling through its controls, and times from setting the value to the redrawn PNG
(or HTML) being in the widget, through the same background-thread path a browser's change
takes. Prints p50, p95 and max per explorer; the target is p95 <= 100 ms.

Run: ``python bench/explorers.py [--changes N]`` (or all benchmarks: ``python bench/run.py``).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nato_russia import data, explore  # noqa: E402
from nato_russia.explore import Explorer  # noqa: E402

TARGET_P95_MS = 100.0
# The quotation browser's document list follows its period, so the next document is chosen
# from the list as it stands when the change is made, not from the list at the start.
NEXT_DOCUMENT = object()
WARM_UP = 3  # first redraws build the reusable axes and legend caches: not timed


@dataclass
class Result:
    name: str
    changes: int
    p50: float
    p95: float
    worst: float

    @property
    def met(self) -> bool:
        return self.p95 <= TARGET_P95_MS


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (no interpolation, so it is a latency that really happened)."""
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))  # ceil without float surprises
    return ordered[rank - 1]


def _changes(explorer: Explorer) -> Iterator[tuple[str, Any]]:
    """Endless cycle of (control name, new value), mixing every kind of control it has."""
    controls = explorer.controls
    steps: list[list[tuple[str, Any]]] = []
    if "period" in controls:
        values = [v for _, v in controls["period"].options if v != "custom"]
        steps.append([("period", v) for v in values])
    if "years" in controls:
        lo, hi = controls["years"].min, controls["years"].max
        steps.append([("years", (lo + i, hi - j)) for i, j in [(0, 0), (5, 3), (9, 10), (2, 15)]])
    if "year" in controls:  # the map's single year
        lo = controls["year"].min
        steps.append([("year", lo + i) for i in (0, 9, 14, 18, 24, 32, 34)])
    for prefix in ("kind:", "area:", "weight:", "layer:"):
        names = [name for name in controls if name.startswith(prefix)]
        if names and prefix == "weight:":
            steps.append([(name, w) for name in names[:4] for w in (2.0, 0.5, 1.0)])
        elif names:
            steps.append([(name, flag) for name in names[:4] for flag in (False, True)])
    for name in ("signal", "mode"):
        if name in controls:
            options = ([True, False] if name == "signal"
                       else [v for _, v in controls[name].options])
            steps.append([(name, v) for v in options])
    if "document" in controls:
        steps.append([("document", NEXT_DOCUMENT)])
    # Round-robin across control kinds, so every kind is timed in every stretch of the run.
    cycles = [itertools.cycle(step) for step in steps if step]
    while True:
        for cycle in cycles:
            yield next(cycle)


def measure(name: str, factory: Callable[[data.Course], Explorer], course: data.Course,
            changes: int) -> Result:
    """Time ``changes`` control changes of one explorer."""
    explorer = factory(course)
    timings: list[float] = []
    source = _changes(explorer)
    while len(timings) < changes + WARM_UP:
        control, value = next(source)
        widget = explorer.controls[control]
        if value is NEXT_DOCUMENT:
            values = [v for _, v in widget.options]
            value = values[(values.index(widget.value) + 1) % len(values)]
        if widget.value == value:
            continue  # no change, no redraw: not a sample
        before = explorer.redraws
        start = time.perf_counter()
        widget.value = value
        if not explorer.wait(timeout=60):
            raise RuntimeError(f"{name}: a redraw did not finish within 60 s")
        elapsed = (time.perf_counter() - start) * 1000
        if explorer.error:
            raise RuntimeError(f"{name}: redraw failed: {explorer.error}")
        if explorer.redraws != before + 1:
            raise RuntimeError(f"{name}: {explorer.redraws - before} redraws for one change")
        timings.append(elapsed)
    timed = timings[WARM_UP:]
    return Result(name, len(timed), statistics.median(timed), _percentile(timed, 0.95),
                  max(timed))


EXPLORERS = explore.EXPLORERS


def table(results: list[Result]) -> str:
    """Format results as a plain-text table."""
    lines = [f"{'explorer':<20} {'changes':>7} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  "
             f"p95 <= {TARGET_P95_MS:.0f} ms",
             "-" * 68]
    for r in results:
        lines.append(f"{r.name:<20} {r.changes:>7} {r.p50:>8.1f} {r.p95:>8.1f} "
                     f"{r.worst:>8.1f}  {'yes' if r.met else 'NO'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> bool:
    """Run the benchmark, print its table; return True when every p95 meets the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=60, help="timed changes per explorer")
    args = parser.parse_args(argv)
    course = data.load()
    print(f"Explorer redraw latency (control change -> new chart ready), "
          f"{args.changes} changes each")
    load = os.getloadavg()
    print(f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
          f"{len(course.events)} events in {course.path.name}")
    results = [measure(name, factory, course, args.changes)
               for name, factory in EXPLORERS.items()]
    print(table(results))
    return all(r.met for r in results)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
