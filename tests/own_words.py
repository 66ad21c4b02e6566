"""Runs of words a lesson shares with the 2014 fact sheet, found without storing the sheet's prose.

The course must tell the story in its own words and mark every borrowed phrase as a quotation.
The fact sheet lives outside the repository (``../shared/seeds``), so the test reads a list of
hashed 10-word runs ("shingles") of the sheet's narrative instead: a hash says whether a lesson
repeats a run without anyone being able to read the run back out of the file.

Regenerate the list after the fact sheet changes (it never should: it is a 2014 document)::

    python tests/own_words.py ../shared/seeds/000_*.txt > tests/fact_sheet_shingles.txt
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

RUN = 10
SHINGLES_FILE = Path(__file__).with_name("fact_sheet_shingles.txt")

# Text a lesson may share with the sheet because it is marked as a quotation: blockquote
# lines, “curly” and "straight" double quotes. Addresses and HTML tags are not prose.
_QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
_BLOCKQUOTE = re.compile(r"^\s*>.*$", re.M)
_NOT_PROSE = re.compile(r"\]\([^)]*\)|\[https?://[^\]]*\]|https?://\S+|<[^>]+>")
# The course sets a document's title in single asterisks (*Founding Act on Mutual Relations,
# ...*): a title is a name, shared with every text that cites it, not borrowed prose.
_TITLE = re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+\*(?![*\w])")
_WORD = re.compile(r"[a-z0-9]+")


def segments(text: str, *, blockquotes: bool = True) -> list[str]:
    """Split ``text`` into the stretches of unquoted prose between its quotations.

    A quotation cuts the text in two, so no run of words is counted across it.
    """
    if blockquotes:
        text = _BLOCKQUOTE.sub("\n\x00\n", text)
    text = _NOT_PROSE.sub(" ", text)
    return _TITLE.sub("\x00", _QUOTED.sub("\x00", text)).split("\x00")


def words(text: str) -> list[str]:
    """Lower-case words of ``text``: letters and digits only, so punctuation cannot hide a run."""
    return _WORD.findall(text.lower().replace("’", "'"))


def runs(text: str, *, blockquotes: bool = True) -> Iterator[str]:
    """Every run of ``RUN`` consecutive words in the unquoted prose of ``text``."""
    for segment in segments(text, blockquotes=blockquotes):
        found = words(segment)
        for start in range(len(found) - RUN + 1):
            yield " ".join(found[start : start + RUN])


def digest(run: str) -> str:
    """A short, one-way fingerprint of a run of words."""
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def fact_sheet_shingles(sheet: str) -> set[str]:
    """Fingerprints of the runs in the fact sheet's own narrative, its quotations left out."""
    # The sheet quotes official documents in curly quotes; those are the documents' words,
    # which the course may quote too, so they are not the sheet's narrative.
    return {digest(run) for run in runs(sheet, blockquotes=False)}


def stored_shingles() -> set[str]:
    """The fingerprints kept in the repository (comment lines skipped)."""
    lines = SHINGLES_FILE.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def shared_runs(text: str, shingles: set[str]) -> list[str]:
    """The unquoted runs of ``text`` whose fingerprints are among ``shingles``."""
    return [run for run in runs(text) if digest(run) in shingles]


def render(shingles: Iterable[str]) -> str:
    """The shingles file: a header saying how it was made, then one fingerprint a line."""
    header = [
        "# Hashed 10-word runs of the 2014 fact sheet's narrative (its quotations left out).",
        "# Made by tests/own_words.py from ../shared/seeds/000_*.txt (how to regenerate: its doc).",
    ]
    return "\n".join([*header, *sorted(shingles)]) + "\n"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/own_words.py FACT_SHEET > tests/fact_sheet_shingles.txt")
    sys.stdout.write(render(fact_sheet_shingles(Path(sys.argv[1]).read_text(encoding="utf-8"))))
