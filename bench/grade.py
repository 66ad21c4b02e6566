"""Grading a class: 60 copies of lesson 01's exercise, honest and hostile, in one command.

What an instructor waits for after collecting a class: ``python -m nato_russia.grade`` on 60
submissions (the hostile ones of the grader's tests, each once, and honest ones for the
rest: right, partly wrong and blank in turn), with the default limits and parallel jobs, the
reports and class.html included. Prints the wall time, the time per submission (from the
gradebook), the size of class.html and the gradebook's first rows. Everything is written to a
temporary folder and removed.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the test suite's submissions, not a copy of them

from grading_cases import honest_cases, hostile_cases  # noqa: E402

CLASS_SIZE = 60
# An instructor should have the gradebook and the class report within three minutes, whatever
# the class handed in.
TARGET_SECONDS = 180.0


def make_class(folder: Path, out: Path, size: int) -> int:
    """Write ``size`` submissions into ``folder``; return how many are hostile."""
    hostile = hostile_cases(folder, out)
    honest = honest_cases()
    cases = hostile[:size] + [honest[i % len(honest)] for i in range(size - len(hostile))]
    for number, case in enumerate(cases, start=1):
        replace(case, student=f"s{number:02d}-{case.student}").write(folder)
    return min(size, len(hostile))


def main(argv: list[str] | None = None) -> bool:
    """Grade one class and print the table; False when it took longer than the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=CLASS_SIZE)
    parser.add_argument("--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="nato-russia-bench-grade-"))
    try:
        submissions, out = folder / "submissions", folder / "graded"
        submissions.mkdir()
        hostile = make_class(submissions, out, args.size)
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "nato_russia.grade", "01", str(submissions), "--out",
             str(out), "--jobs", str(args.jobs)],
            capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        with (out / "gradebook.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        totals = [float(r["seconds"]) for r in rows if r["question"] == "total"
                  and r["status"] == "graded"]
        print(f"{'submissions':<34}{args.size} ({hostile} hostile), {args.jobs} job(s), "
              f"{os.cpu_count()} cores")
        print(f"{'wall time':<34}{wall:.1f} s (exit status {done.returncode})")
        print(f"{'per submission, median / max':<34}{statistics.median(totals):.2f} s / "
              f"{max(totals):.2f} s")
        report = out / "class.html"
        size = f"{report.stat().st_size / 1024:.0f} KB" if report.exists() else "not written"
        print(f"{'class.html':<34}{size}")
        print(f"{'target':<34}{TARGET_SECONDS:.0f} s")
        print("\ngradebook.csv, first rows:")
        with (out / "gradebook.csv").open(encoding="utf-8") as handle:
            for line in list(handle)[:9]:
                print("  " + line.rstrip())
        return wall <= TARGET_SECONDS and report.exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
