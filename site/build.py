"""Build the reader's edition of the course: a static website, rendered from stored outputs.

Usage: ``python site/build.py [OUT]`` (``make site`` builds into ``_site/``).

The pages are the course's own files, never copies edited by hand: every notebook in
``notebooks/`` and ``exercises/`` (never ``solutions/``), the glossary, the instructor guide
and the data dictionary. They are staged with this folder's ``index.md`` in a throw-away
folder laid out like the repository, so the links between them work unchanged, and Sphinx
(with MyST-NB, which shows the outputs stored in the notebooks: no kernel runs) renders them.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
# What the site shows, by the repository's own paths. Globs, so new lessons join by themselves.
PAGES = (
    "notebooks/*.ipynb",
    "notebooks/glossary.md",
    "exercises/*.ipynb",
    "instructors/*.md",
    "data/README.md",
)
# Not pages, but a lesson may link them: staged, a link to one becomes a download.
DOWNLOADS = ("data/*.json",)


def page_files(root: Path = ROOT, patterns: tuple[str, ...] = PAGES) -> list[Path]:
    """The course files the site renders, as paths relative to ``root``, in course order."""
    found = {path.relative_to(root) for pattern in patterns for path in root.glob(pattern)}
    return sorted(found)


def stage(dest: Path, root: Path = ROOT) -> list[Path]:
    """Copy the start page and the course's pages (and downloads) into ``dest``, keeping
    their paths; return the pages."""
    shutil.copy2(SITE / "index.md", dest / "index.md")
    pages = page_files(root)
    for relative in pages + page_files(root, DOWNLOADS):
        (dest / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, dest / relative)
    return pages


def build(out: Path, root: Path = ROOT, *, quiet: bool = True) -> Path:
    """Render the site into ``out`` (emptied first) and return the path of its start page.

    Raises
    ------
    SystemExit
        With Sphinx's message when the build fails.
    """
    from sphinx.cmd.build import build_main

    out = out.resolve()
    if out == root or root.is_relative_to(out):
        raise SystemExit(f"refusing to empty {out}: it holds the course itself")
    with tempfile.TemporaryDirectory(prefix="nato-russia-site-") as work:
        source, html = Path(work) / "source", Path(work) / "build" / "html"
        source.mkdir()
        stage(source, root)
        # MyST-NB writes its scratch files beside the output folder (html's parent), so
        # Sphinx builds inside the throw-away folder and the finished site is moved out.
        args = ["-b", "html", "-c", str(SITE), "-d", str(Path(work) / "doctrees"),
                str(source), str(html)]
        if quiet:
            args.insert(0, "-q")
        status = build_main(args)
        if status:
            raise SystemExit(f"the site did not build (Sphinx exited with {status})")
        # The themes' source maps (a third of the site) serve only someone debugging them.
        for source_map in html.glob("_static/**/*.js.map"):
            source_map.unlink()
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(html, out)
    return out / "index.html"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", default=str(ROOT / "_site"), type=Path,
                        help="folder to build into (emptied first; default: _site)")
    args = parser.parse_args(argv)
    start = build(args.out)
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"The site is in {args.out} ({size / 1e6:.1f} MB); open {start}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
