"""Course execution overhead: loading the dataset, and running each notebook top to bottom.

What a student waits for: the first ``data.load()`` in a fresh kernel (imports and
validation included), a repeated load (served from the cache), and the wall time of
*Run All* for every lesson and solution notebook in a fresh ``python3`` kernel.
Notebooks run in memory; nothing is written back.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

from nato_russia import data
from nato_russia.authoring.execute import run
from nato_russia.authoring.notebook_files import read

ROOT = Path(__file__).resolve().parent.parent
FIRST_LOAD = "import time; t = time.perf_counter(); from nato_russia import data; data.load(); " \
             "print(time.perf_counter() - t)"
# A lesson should run in well under a minute, so Run All never feels stuck.
NOTEBOOK_TARGET_S = 30.0


def first_load_seconds(repeats: int) -> list[float]:
    """Time import plus first load in fresh interpreters, as a new kernel pays it."""
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", FIRST_LOAD], capture_output=True, text=True,
                             check=True, cwd=ROOT / "notebooks")
        times.append(float(out.stdout))
    return times


def cached_load_seconds(repeats: int) -> list[float]:
    """Time repeated loads in one process (validated once, then copied from the cache)."""
    data.load()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        data.load()
        times.append(time.perf_counter() - started)
    return times


def notebook_seconds(path: Path) -> float:
    """Wall time of running one notebook top to bottom in a fresh kernel."""
    notebook = read(path)
    started = time.perf_counter()
    run(notebook, path.parent, path)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> bool:
    """Print the table; return True when every notebook runs within the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="loads timed per measure")
    args = parser.parse_args(argv)

    first = first_load_seconds(args.repeats)
    cached = cached_load_seconds(args.repeats * 10)
    print("Dataset load")
    print(f"  first load in a fresh interpreter (imports included): median "
          f"{statistics.median(first) * 1000:.0f} ms over {len(first)}")
    print(f"  repeated load (cached copy): median {statistics.median(cached) * 1000:.1f} ms "
          f"over {len(cached)}")

    print(f"\nRun All, fresh kernel (target under {NOTEBOOK_TARGET_S:.0f} s each)")
    print(f"  {'notebook':<48} {'seconds':>8}")
    met = True
    for folder in ("notebooks", "solutions"):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            seconds = notebook_seconds(path)
            met &= seconds <= NOTEBOOK_TARGET_S
            print(f"  {folder + '/' + path.name:<48} {seconds:8.1f}")
    return met


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
