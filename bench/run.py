"""Run every benchmark in bench/ and print its table (``make bench``).

A benchmark is a module here with a ``main()`` function that prints its own table; one that
returns ``False`` missed its target. By default a missed target is reported, not fatal
(timings depend on the machine); ``--strict`` makes it the exit status.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def benchmarks() -> list[Path]:
    """The benchmark modules, in name order."""
    return sorted(p for p in HERE.glob("*.py") if p.name != "run.py" and not p.name.startswith("_"))


def run(path: Path) -> bool | None:
    """Import one benchmark module and call its ``main()`` with no arguments."""
    spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look modules up by name
    spec.loader.exec_module(module)
    main = getattr(module, "main", None)
    if main is None:
        print(f"(skipped {path.name}: no main())")
        return None
    # A main(argv) gets no command-line arguments; a main() is called bare. Asked of the
    # signature, not learnt from a TypeError, which would hide a real one from the benchmark.
    takes_argv = bool(inspect.signature(main).parameters)
    result = main([]) if takes_argv else main()
    return result if isinstance(result, bool) else None


def cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    missed = []
    for path in benchmarks():
        print(f"\n== {path.stem} ==")
        started = time.perf_counter()
        if run(path) is False:
            missed.append(path.stem)
        print(f"({path.stem} took {time.perf_counter() - started:.1f} s)")
    if missed:
        print(f"\nTarget missed by: {', '.join(missed)}")
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    sys.exit(cli())
