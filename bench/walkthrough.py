"""Lessons 01 and 05 and their exercise sets, worked through as a student, in the browser.

In the real JupyterLab (served on a copy of the course, as the browser tests serve it) and a
headless Chromium, a student goes through lesson 01, lesson 05, then their exercise sets in
``my_work/``, doing every step: opening each fold, running each code cell with Shift+Enter,
moving each explorer's controls and waiting for the redraw, typing each answer (the
solution's, and a written answer of the length asked), running each check, and writing the
lesson's *Your turn* in the set's cell kept for it.

Measured: the machine's wall-clock time of every step, and the words the student reads on
the way (the visible text of each markdown cell and each opened fold, and of each cell's
output: tables, explorer captions, the records a question prints, the marking scale, the
checks' replies). Counted: the words typed (prose by its words, code by the typing
standard's five characters a word), and the documents the text asks the student to open.
The lesson's *Your turn*, written in the set, counts for the lesson, as the formula counts
it. A notebook's minutes, low-high, are then

    words read / 200-150  +  words typed / 30-20  +  3-5 per document  +  machine time

The 3-5 minutes a document are the formula's own figure (:data:`nato_russia.timing.
OPEN_DOCUMENT`), not a measurement; what the student thinks before typing is not counted at
all, so these minutes are a floor. The table sets them beside the range each notebook states.

Run: ``python bench/walkthrough.py [--lessons 01 05]`` (or all benchmarks: ``make bench``).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nato_russia import timing
from nato_russia.authoring.notebook_files import read
from nato_russia.questions import QUESTIONS
from nato_russia.questions.record_kinds import QuotationQuestion

ROOT = Path(__file__).resolve().parent.parent

LESSONS = ("01", "05")
TYPING_WORDS_PER_MINUTE = (30, 20)  # brisk, careful
CHARACTERS_PER_WORD = 5  # the typing standard's word, for code
OUTSIDE = 0.10  # a measured end more than this share beyond the stated range is reported
REDRAW_TIMEOUT_MS = 60_000
STATED = re.compile(r"about (\d+)-(\d+) minutes")
# A sentence that asks the student to open a document: it begins "Open ..." ("Then open
# ..."), or sends them to "the link above"; not one that opens a fold (the course's reading).
ASKS = re.compile(r"^(?:then |and )?open (?!the course's reading|it after)|\bat the link above\b",
                  re.I)
SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
WORD = re.compile(r"\w")
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION\n?", re.S)
# Two or three sentences, as a lesson's Your turn asks, in line with the course's reading.
YOUR_TURN = {
    "01": "The third reading fits the record best. Baker's words of 9 February were spoken in "
          "the talks on Germany and bound no one in writing, and the Two Plus Four Treaty "
          "limits forces in the former GDR alone. Yet the words were said, so Moscow's later "
          "sense of a broken promise has a source in the record.",
    "05": "The evidence supports each claim only in part. The EU's mission found that Georgia's "
          "shelling of Tskhinvali began the large-scale fighting, and that Russia's response "
          "went beyond reasonable defence once its forces moved past South Ossetia. I would "
          "still want to know what each side had prepared before August.",
}


# --------------------------------------------------------------------------- counting


def count_words(text: str) -> int:
    """Words in visible text: pieces between spaces with a letter or digit in them.

    A heading's anchor mark, a bullet or a table rule is not a word.
    """
    return sum(1 for piece in text.split() if WORD.search(piece))


def document_asks(text: str) -> list[str]:
    """The sentences of visible text that ask the student to open a document."""
    return [s.strip() for s in SENTENCE.split(text) if ASKS.search(s.strip())]


def typed_words(text: str, prose: bool) -> int:
    """Words typed: prose by its words; code by the typing standard's word of five
    characters (spaces folded), since a line of pandas is one or two words to ``split()``."""
    if prose:
        return count_words(text)
    return round(len(" ".join(text.split())) / CHARACTERS_PER_WORD)


def solution_text(source: str) -> str:
    """An answer cell as a student who has it right leaves it: the solution's markers gone."""
    return SOLUTION.sub(lambda found: found.group(1), source)


def typed_part(source: str) -> str:
    """What the student types into an answer cell: the solution block (all of it, if none)."""
    found = SOLUTION.search(source)
    return found.group(1) if found else source


def stated_range(path: Path) -> tuple[int, int]:
    """The first range a notebook's first cell states ("about 25-35 minutes")."""
    found = STATED.search(read(path).cells[0].source)
    if not found:
        raise ValueError(f"{path.name}: its first cell states no time (about N-M minutes)")
    return int(found.group(1)), int(found.group(2))


@dataclass
class Tally:
    """What one notebook cost the student: words read and typed, documents, machine time."""

    name: str
    stated: tuple[int, int]
    read: int = 0  # markdown cells and their folds
    printed: int = 0  # cells' outputs
    typed: int = 0
    documents: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # machine time by kind of step
    redraws: int = 0
    notes: list[str] = field(default_factory=list)

    def add_markdown(self, closed: str, opened: str) -> None:
        """A markdown cell: the documents its text asks for, before any fold is opened (a
        hint names its question's document again), and every word once its folds are open."""
        self.documents += document_asks(closed)
        self.read += count_words(opened)

    @contextlib.contextmanager
    def timed(self, kind: str) -> Iterator[None]:
        """Add the wall-clock time of the step inside to ``kind``."""
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[kind] = self.seconds.get(kind, 0.0) + time.perf_counter() - started

    @property
    def machine_minutes(self) -> float:
        return sum(self.seconds.values()) / 60

    def minutes(self) -> timing.Minutes:
        """Reading, typing, documents (the formula's figure) and machine time, low-high."""
        words = self.read + self.printed
        ends = [words / timing.WORDS_PER_MINUTE[end] + self.typed / TYPING_WORDS_PER_MINUTE[end]
                + len(self.documents) * timing.OPEN_DOCUMENT[end] + self.machine_minutes
                for end in (0, 1)]
        return timing.Minutes(*ends)

    def ends(self) -> tuple[float, float]:
        """How far each measured end lies from the stated one, as a share of it."""
        measured, (low, high) = self.minutes(), self.stated
        return measured.low / low - 1, measured.high / high - 1

    def within(self) -> bool:
        """Both ends within 10 % of the stated ones."""
        return all(abs(end) <= OUTSIDE for end in self.ends())


def table(tallies: Iterable[Tally]) -> str:
    """The measured minutes beside the stated ones, one notebook a row."""
    head = (f"{'notebook':<18} {'read':>6} {'output':>6} {'typed':>5} {'docs':>4} "
            f"{'machine':>7} {'measured':>9} {'stated':>7}  ends vs stated")
    lines = [head, "-" * len(head)]
    for tally in tallies:
        measured = tally.minutes()
        low, high = tally.ends()
        lines.append(f"{tally.name:<18} {tally.read:>6} {tally.printed:>6} {tally.typed:>5} "
                     f"{len(tally.documents):>4} {tally.machine_minutes:>7.1f} "
                     f"{measured.low:>4.0f}-{measured.high:<4.0f} "
                     f"{tally.stated[0]:>3}-{tally.stated[1]:<3}  {low:+.0%} / {high:+.0%}"
                     f"{'' if tally.within() else '  (beyond 10 %)'}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- in the browser


def _tests_on_path() -> None:
    """Let the browser tests' own helpers be imported: the server, the Chromium flags, the
    notebook's cells (done when the browser is wanted, not on import)."""
    for folder in (ROOT / "tests", ROOT / "tests" / "browser"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))


def _browser_helpers() -> tuple[Any, Any]:
    """tests/browser/conftest.py (loaded by its path: a second module named ``conftest``
    would shadow tests/conftest.py) and notebook_ui."""
    _tests_on_path()
    spec = importlib.util.spec_from_file_location(
        "browser_conftest", ROOT / "tests" / "browser" / "conftest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    import notebook_ui

    return module, notebook_ui


# The explorer's picture (or quotation view) and caption, to tell when it has been redrawn.
VIEW = """root => {
  const view = root.querySelector('img.nato-explorer-chart')
               || root.querySelector('.nato-explorer-quotations-view');
  const caption = root.querySelector('.nato-explorer-caption');
  return {view: view ? (view.src || view.innerHTML) : '',
          caption: caption ? caption.innerText : ''};
}"""
REDRAWN = """([root, old]) => {
  const error = root.querySelector('.nato-explorer-error');
  if (error && error.offsetParent !== null) return true;
  const img = root.querySelector('img.nato-explorer-chart');
  const now = (__VIEW__)(root);
  return now.view !== old.view && (!old.caption || now.caption !== old.caption)
         && (!img || (img.complete && img.naturalWidth > 0));
}""".replace("__VIEW__", VIEW)


# A lesson opens with its stored execution counts (1, 2, 3...), which a fresh kernel gives
# again: notebook_ui.run_selected, which waits for a new count, could not tell the run had
# finished. The counts are forgotten in the page once, on opening; nothing is saved.
FORGET_COUNTS = """(path) => {
  for (const widget of window.jupyterapp.shell.widgets('main')) {
    if (widget.context && widget.context.path === path) {
      const cells = widget.content.model.cells;
      for (let i = 0; i < cells.length; i++) {
        if (cells.get(i).type === 'code') cells.get(i).executionCount = null;
      }
    }
  }
}"""


class Student:
    """One student in one browser page, working through notebooks and keeping tallies."""

    def __init__(self, page: Any, lab: Any, ui: Any, solutions: Path) -> None:
        self.page, self.lab, self.ui, self.solutions = page, lab, ui, solutions

    # -- steps

    def _read_markdown(self, cell: Any, tally: Tally) -> None:
        rendered = cell.locator(".jp-RenderedMarkdown")
        closed = rendered.inner_text()
        with tally.timed("folds"):
            for summary in rendered.locator("details:not([open]) > summary").all():
                summary.scroll_into_view_if_needed()
                summary.click()
        tally.add_markdown(closed, rendered.inner_text())

    def _run(self, path: str, index: int, tally: Tally, kind: str) -> str:
        cell = self.ui.cell_at(self.page, index)
        with tally.timed(kind):
            cell.locator(".jp-InputArea-prompt").click()
            self.ui.run_selected(self.page, path, index)
        outputs = cell.locator(".jp-OutputArea")
        shown = outputs.inner_text() if outputs.count() else ""
        tally.printed += count_words(shown)
        return self.ui.cell_output_text(self.page, path, index)

    def _type(self, path: str, index: int, text: str, tally: Tally) -> None:
        """Put ``text`` in a cell as the student's own (the typing time is counted apart)."""
        cell = self.ui.cell_at(self.page, index)
        with tally.timed("typing"):
            cell.locator(".cm-content").click()
            self.page.keyboard.press("Control+A")
            self.page.keyboard.insert_text(text)
        model = self.ui.notebook_state(self.page, path)["model"]["cells"][index]
        source = "".join(model["source"]) if isinstance(model["source"], list) \
            else model["source"]
        if source != text:
            raise RuntimeError(f"{path}, cell {index}: the typed text did not arrive whole")

    def _move(self, explorer: Any, act: Any, tally: Tally) -> None:
        before = explorer.evaluate(VIEW)
        with tally.timed("explorers"):
            act()
            try:
                self.page.wait_for_function(REDRAWN, arg=[explorer.element_handle(), before],
                                            timeout=REDRAW_TIMEOUT_MS)
            except Exception:  # noqa: BLE001 - a slow redraw is reported, the walk goes on
                tally.notes.append("an explorer was not redrawn within "
                                   f"{REDRAW_TIMEOUT_MS // 1000} s")
            else:
                tally.redraws += 1
        error = explorer.locator(".nato-explorer-error")
        if error.count() and error.first.is_visible():
            tally.notes.append(f"explorer error: {error.first.inner_text()[:120]}")

    def _explore(self, index: int, tally: Tally) -> None:
        """Move an explorer's controls a few times: another period and back, the first
        slider a step each way; wait for each redraw."""
        explorer = self.ui.cell_at(self.page, index).locator(".nato-explorer")
        with tally.timed("explorers"):
            explorer.wait_for()
            explorer.scroll_into_view_if_needed()
        select = explorer.locator("select").first
        if explorer.locator("select").count():
            labels = select.locator("option").all_inner_texts()
            first = select.evaluate("s => s.selectedIndex")
            others = [i for i, label in enumerate(labels)
                      if i != first and "Custom" not in label]
            # Back to the first period, unless it was "Custom", which redraws nothing.
            back = first if "Custom" not in labels[first] else others[1]
            for choice in (others[0], back):
                self._move(explorer, lambda choice=choice: select.select_option(index=choice),
                           tally)
        handle = explorer.locator(".noUi-handle").first
        if explorer.locator(".noUi-handle").count():
            for key in ("ArrowRight", "ArrowLeft"):
                self._move(explorer, lambda key=key: (handle.focus(), handle.press(key)), tally)

    # -- notebooks

    def lesson(self, notebook: Path) -> Tally:
        """Work through a lesson (read-only in notebooks/) from the top."""
        tally = Tally(f"lesson {notebook.name[:2]}", stated_range(notebook))
        with tally.timed("open"):
            path = self.ui.open_path(self.page, self.lab, f"notebooks/{notebook.name}")
        self.page.evaluate(FORGET_COUNTS, path)
        self._walk(path, notebook, tally, lesson_tally=tally)
        return tally

    def exercise_set(self, copy: Path, lesson: Tally) -> Tally:
        """Work through the student's copy of a set; its *Your turn* counts for ``lesson``."""
        tally = Tally(f"set {copy.name[:2]} (my_work)", stated_range(copy))
        with tally.timed("open"):
            path = self.ui.open_path(self.page, self.lab, f"my_work/{copy.name}")
        self._walk(path, copy, tally, lesson_tally=lesson)
        return tally

    def _walk(self, path: str, notebook: Path, tally: Tally, lesson_tally: Tally) -> None:
        cells = read(notebook).cells
        answers = self._answers(notebook)
        for index, cell in enumerate(cells):
            if os.environ.get("WALKTHROUGH_VERBOSE"):
                print(f"  {notebook.name} cell {index}: {cell.source[:50]!r}", flush=True)
            if cell.cell_type == "markdown":
                self._read_markdown(self.ui.cell_at(self.page, index), tally)
                continue
            if cell.cell_type != "code":
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if cell.source.startswith("%%answer your_turn"):
                text = f"%%answer your_turn\n{YOUR_TURN[notebook.name[:2]]}"
                self._type(path, index, text, lesson_tally)
                lesson_tally.typed += typed_words(YOUR_TURN[notebook.name[:2]], prose=True)
                self._run(path, index, lesson_tally, "answers")
            elif grade_id.startswith("answer_"):
                source = answers[grade_id]
                self._type(path, index, solution_text(source), tally)
                question = QUESTIONS[grade_id[len("answer_"):].replace("_", ".")]
                if not isinstance(question, QuotationQuestion):  # copied from the page
                    tally.typed += typed_words(typed_part(source),
                                               prose=source.startswith("%%answer"))
                self._run(path, index, tally, "answers")
            elif grade_id.startswith("check_"):
                said = self._run(path, index, tally, "checks")
                if not said.startswith(("✅", "📝")):
                    tally.notes.append(f"{grade_id}: {said[:100]}")
            else:
                self._run(path, index, tally, "cells")
                if "explore." in cell.source and not cell.source.lstrip().startswith("from"):
                    self._explore(index, tally)

    def _answers(self, notebook: Path) -> dict[str, str]:
        """grade id -> the solution's answer cell, for the set beside ``notebook``."""
        found = sorted(self.solutions.glob(f"{notebook.name[:2]}_*.ipynb"))
        if not found or not notebook.name.endswith("_exercises.ipynb"):
            return {}
        return {cell.metadata["nbgrader"]["grade_id"]: cell.source for cell in read(found[0]).cells
                if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith("answer_")}


def walk(lessons: Iterable[str], chromium: str) -> list[Tally]:
    """Serve a copy of the course, work through each lesson, then each set; the tallies."""
    from playwright.sync_api import sync_playwright

    from nato_russia.lab.student_work import copy_exercises, copy_name

    conftest, ui = _browser_helpers()
    lessons = list(lessons)
    with tempfile.TemporaryDirectory(prefix="walkthrough-") as temp:
        root = ui.copy_course(Path(temp) / "course")
        copy_exercises(root)  # what the course does when it first starts
        with conftest.serve(root, Path(temp) / "jupyter") as lab, sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=chromium, headless=True,
                                             args=conftest.CHROMIUM_ARGS)
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                context.set_default_timeout(REDRAW_TIMEOUT_MS)
                student = Student(context.new_page(), lab, ui, root / "solutions")
                done = {n: student.lesson(next((root / "notebooks").glob(f"{n}_*.ipynb")))
                        for n in lessons}
                sets = [student.exercise_set(
                    root / "my_work" / copy_name(next((root / "exercises").glob(f"{n}_*.ipynb"))),
                    done[n]) for n in lessons]
            finally:
                browser.close()
    return [*done.values(), *sets]


def main(argv: list[str] | None = None) -> bool | None:
    """Print the table; True when every measured range is within 10 % of the stated one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", nargs="+", default=list(LESSONS), help="lesson numbers")
    args = parser.parse_args(argv)
    unknown = [n for n in args.lessons if n not in YOUR_TURN]
    if unknown:  # the script writes each lesson's Your turn; it has one for these only
        parser.error(f"no Your turn written for lesson {', '.join(unknown)}: the walk-through "
                     f"knows lessons {', '.join(YOUR_TURN)} (add one to YOUR_TURN)")
    _tests_on_path()
    from chromium import chromium_path

    chromium, reason = chromium_path()
    if chromium is None:
        print(f"(skipped: {reason})")
        return None
    load = os.getloadavg()
    print(f"Lessons {', '.join(args.lessons)} and their sets, worked through in JupyterLab "
          f"(headless Chromium); {os.cpu_count()} CPUs, load average {load[0]:.2f}")
    tallies = walk(args.lessons, chromium)
    print("words read (markdown and folds; outputs), typed; documents asked for; machine "
          "minutes; measured minutes = read/200-150 + typed/30-20 + documents x 3-5 + machine")
    print(table(tallies))
    for tally in tallies:
        steps = ", ".join(f"{kind} {seconds:.0f} s" for kind, seconds in tally.seconds.items())
        print(f"\n{tally.name}: machine time {steps}; {tally.redraws} explorer redraws")
        for sentence in tally.documents:
            print(f"  document asked for: {sentence[:110]}")
        for note in tally.notes:
            print(f"  NOTE {note}")
    return all(t.within() for t in tallies)


if __name__ == "__main__":
    result = main()
    sys.exit(0 if result is not False else 1)
