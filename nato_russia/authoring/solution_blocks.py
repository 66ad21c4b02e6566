"""Solution blocks: find them in a cell and write the placeholder that replaces each.

Answer code sits between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the nbgrader
convention). In the exercise each such block becomes a placeholder that keeps *Run
All* going and keeps the names the rest of the notebook needs:

* code: ``count = ...  # your code here``, one line per name the block defines and
  later code uses (just the comment when there is none);
* a written answer, in a cell that starts ``%%answer name`` (see
  :mod:`nato_russia.kernel.answer_magic`): three dots for the student to replace with text;
  in the older form, a block that only assigns one string literal, the name assigned
  three dots between triple quotes, with a comment asking for the answer there;
* markdown: ``*Write your answer here.*``.

The check cells run unchanged; :mod:`nato_russia.questions.readers` recognises the dots as
"not answered yet" (both sides take them from :mod:`nato_russia.questions.placeholders`).
The whole solution-to-exercise step is :mod:`nato_russia.authoring.passes`.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass

import nbformat

from nato_russia.questions import placeholders

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
CHECK_CALL = re.compile(r"""\bcheck\(\s*["'](\d{2}\.\d+)["']""")
ANSWER_MAGIC = re.compile(r"^%%answer[ \t]+([A-Za-z_]\w*)[ \t]*$", re.M)
_MARKER_WORDS = re.compile(r"\b(BEGIN|END)\s+SOLUTION")
UNMARKED_SOLUTION = (
    f"nbgrader metadata marks this cell as a solution, but it has no {BEGIN} marker: put "
    "the markers back, or delete the cell's nbgrader metadata if it is no longer an answer"
)


@dataclass(frozen=True)
class Block:
    """One solution block: its indentation and the lines between the markers."""

    indent: str
    lines: tuple[str, ...]

    @property
    def body(self) -> str:
        """The block's code, dedented."""
        return textwrap.dedent("".join(self.lines))


Segment = str | Block


def split(source: str) -> list[Segment]:
    """Split a cell's source into plain text and solution blocks.

    Raises
    ------
    ValueError
        On a marker written differently from ``### BEGIN SOLUTION`` / ``### END SOLUTION``,
        a BEGIN inside a block, an END outside one, or a BEGIN without END. The message
        gives the line number.
    """
    segments: list[Segment] = []
    text: list[str] = []
    block: list[str] | None = None
    indent = ""
    begun_at = 0
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        stripped = line.strip()
        if _MARKER_WORDS.search(line) and stripped not in (BEGIN, END):
            raise ValueError(
                f"line {number}: write the marker on its own line, exactly as "
                f"'{BEGIN}' or '{END}' (found {stripped[:50]!r})"
            )
        if stripped == BEGIN:
            if block is not None:
                raise ValueError(f"line {number}: a second {BEGIN} before the {END} of the "
                                 f"block opened on line {begun_at}")
            segments.append("".join(text))
            text, block, begun_at = [], [], number
            indent = line[: len(line) - len(line.lstrip())]
        elif stripped == END:
            if block is None:
                raise ValueError(f"line {number}: {END} without a {BEGIN} before it")
            segments.append(Block(indent, tuple(block)))
            block = None
        elif block is not None:
            block.append(line)
        else:
            text.append(line)
    if block is not None:
        raise ValueError(f"line {begun_at}: {BEGIN} is never closed by {END}")
    segments.append("".join(text))
    return [s for s in segments if s != ""]


def has_solution(source: str) -> bool:
    """Tell whether a cell's source has a solution marker of any spelling."""
    return bool(_MARKER_WORDS.search(source))


def _defined_names(tree: ast.Module) -> list[str]:
    """Names a block defines at its top level, in order of first definition."""
    names: list[str] = []

    def add_target(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, ast.Tuple | ast.List):
            for element in target.elts:
                add_target(element)
        elif isinstance(target, ast.Starred):
            add_target(target.value)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                add_target(target)
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.For):
            add_target(node.target)
        elif isinstance(node, ast.With):
            for item in node.items:
                if item.optional_vars is not None:
                    add_target(item.optional_vars)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names += [(alias.asname or alias.name).split(".")[0] for alias in node.names]
    return list(dict.fromkeys(names))


def written_answer_name(source: str) -> str | None:
    """The name an ``%%answer name`` cell stores its text in, or None for other cells."""
    first = source.lstrip("\n").split("\n", 1)[0]
    found = ANSWER_MAGIC.match(first)
    return found.group(1) if found else None


def _is_written_answer(tree: ast.Module) -> str | None:
    """Return the name a block assigns text to, when that is all the block does."""
    if len(tree.body) != 1 or not isinstance(tree.body[0], ast.Assign):
        return None
    node = tree.body[0]
    if (len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
        return node.targets[0].id
    return None


def placeholder(block: Block, later_code: str) -> str:
    """The code that replaces a solution block in the exercise.

    Parameters
    ----------
    block
        The solution block.
    later_code
        All code after the block (rest of its cell and the cells below), to find which
        of the block's names the notebook still needs.

    Raises
    ------
    ValueError
        When the block is not valid Python on its own.
    """
    try:
        tree = ast.parse(block.body)
    except SyntaxError as exc:
        raise ValueError(
            f"the code between the markers is not valid Python on its own "
            f"(line {exc.lineno} of the block: {exc.msg})"
        ) from None
    written = _is_written_answer(tree)
    if written:
        lines = [f"{written} = {placeholders.TEXT}  {placeholders.TEXT_COMMENT}"]
    else:
        needed = [name for name in _defined_names(tree)
                  if re.search(rf"\b{re.escape(name)}\b", later_code)]
        lines = [f"{name} = {placeholders.CODE}  {placeholders.CODE_COMMENT}"
                 for name in needed]
        if not lines:
            # At the top level a comment reads best (a bare ... would print "Ellipsis");
            # inside an indented block Python needs a statement.
            statement = f"{placeholders.CODE}  " if block.indent else ""
            lines = [statement + placeholders.CODE_COMMENT]
    return "".join(f"{block.indent}{line}\n" for line in lines)


def cell_placeholder(source: str, block: Block, later_code: str) -> str:
    """The placeholder for a solution block of a code cell whose source is ``source``.

    In an ``%%answer`` cell the block is text, not code: three dots replace it. Elsewhere
    it is :func:`placeholder`.
    """
    if written_answer_name(source):
        return f"{block.indent}{placeholders.WRITTEN}\n"
    return placeholder(block, later_code)


def join(segments: list[Segment], fill: dict[int, str]) -> str:
    """Rebuild a cell's source, each block replaced by ``fill[index of the block]``."""
    parts = [fill[i] if isinstance(s, Block) else s for i, s in enumerate(segments)]
    return "".join(parts).rstrip("\n")


def check_ids(source: str) -> list[str]:
    """The question numbers a cell checks, such as ``["00.1"]``."""
    return CHECK_CALL.findall(source)


def visible_code(source: str) -> str:
    """A cell's code as the exercise keeps it: without its solution blocks."""
    try:
        return "".join(s for s in split(source) if isinstance(s, str))
    except ValueError:  # reported when that cell itself is processed
        return source


def code_after(notebook: nbformat.NotebookNode) -> list[str]:
    """For each cell, the code of all code cells below it, solution blocks left out."""
    after: list[str] = []
    collected = ""
    for cell in reversed(notebook.cells):
        after.append(collected)
        if cell.cell_type == "code":
            collected = visible_code(cell.source) + "\n" + collected
    return list(reversed(after))
