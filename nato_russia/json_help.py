"""What is wrong with a JSON file, told to someone who has never written JSON.

Python's own message ("Expecting property name enclosed in double quotes") names what the
parser wanted, not what the writer did. A student who copied a Python dict, pasted text from
a word processor or left a comment meets the same few slips again and again; each is
recognised here from the text around the spot where parsing stopped, and told with its line,
its column and the fix. Only the wording is new: whether the text is JSON is still decided
by :func:`json.loads`.
"""

from __future__ import annotations

import json
import re

SMART_QUOTES = "“”„‟‘’‚‛«»"
_PYTHON_WORDS = {"True": "true", "False": "false", "None": "null"}
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_.\[\]\"']*)\s*=\s*(?=[{\[])")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NUMBER_BEFORE = re.compile(r":\s*(-?\d+)$")


def where(text: str, pos: int) -> tuple[int, int]:
    """The line and column (both counted from 1) of a character in ``text``."""
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    return line, column


def _at(text: str, pos: int) -> str:
    line, column = where(text, pos)
    return f"at line {line}, column {column}"


def _previous(text: str, pos: int) -> int:
    """The position of the last character before ``pos`` that is not white space."""
    before = text[:pos].rstrip()
    return len(before) - 1


def problem(text: str) -> str | None:
    """Explain why ``text`` is not valid JSON, or return None when it is.

    Parameters
    ----------
    text
        The whole content of the file.

    Returns
    -------
    str or None
        One or two sentences: what is wrong, where (line and column) and how to fix it.
    """
    if not text.strip():
        return ("the file is empty. Create it from the template with data.start_my_events(), "
                "or write at least {\"events\": []} in it")
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return explain(text, exc)
    except RecursionError:
        return "the file is nested too deeply to read; check that every { and [ is closed"
    return None


def explain(text: str, error: json.JSONDecodeError) -> str:  # noqa: PLR0911 - one case each
    """Re-tell a :class:`json.JSONDecodeError` as a slip and its fix."""
    pos = error.pos
    here = text[pos:pos + 1]
    word = _WORD.match(text, pos)
    assignment = _ASSIGNMENT.match(text)
    if assignment and pos <= assignment.end():
        return (f"the file starts with Python code, '{assignment.group(0).strip()}' (line 1). "
                "A JSON file holds only the data: delete everything before the first { so "
                "that the file starts with {")
    if here and here in SMART_QUOTES:
        return (f"there is a curly quote mark {here} {_at(text, pos)}, as a word processor "
                "types them. JSON needs straight double quotes (\"): retype each quote mark in "
                "this editor, or paste from a plain-text editor, never from Word or Docs")
    if here == "'":
        return (f"text is in single quotes {_at(text, pos)}. JSON writes every name and every "
                "piece of text in double quotes: \"id\", not 'id' (a Python dict printed by "
                "Python uses single quotes; the file cannot)")
    if text.startswith("//", pos) or text.startswith("/*", pos) or here == "#":
        return (f"there is a comment {_at(text, pos)}. JSON has no comments: delete the "
                "line (keep your notes in the notebook instead)")
    if word and word.group(0) in _PYTHON_WORDS:
        python = word.group(0)
        return (f"{python} {_at(text, pos)} is Python's spelling. JSON writes "
                f"{_PYTHON_WORDS[python]} in lower case (true, false, null), without quotes")
    closing = here in ("}", "]")
    if error.msg.startswith(("Expecting property name", "Expecting value")) and closing:
        comma = _previous(text, pos)
        if comma >= 0 and text[comma] == ",":
            return (f"there is a comma after the last item of a list or record "
                    f"{_at(text, comma)}. JSON allows no comma before a closing {here}: "
                    "delete that comma")
    if not here:
        return ("the file ends too early: some { or [ is never closed. Check that every { "
                "has its } and every [ its ], in the right order, at the end of the file")
    if error.msg.startswith("Expecting ','"):
        number = _NUMBER_BEFORE.search(text[:pos])
        if number and here == "-":
            return (f"a date is written as a number {_at(text, pos - len(number.group(1)))}. "
                    "A date is text, in double quotes: \"2018-03-27\", not 2018-03-27")
        comma = _previous(text, pos)
        return (f"a comma is missing {_at(text, comma + 1)}, after the last value on that "
                "line. The fields of a record, and the records of a list, are separated by "
                "commas: add one there")
    if error.msg.startswith("Expecting property name") and word:
        return (f"the name {word.group(0)} {_at(text, pos)} has no quotes. Every field "
                f"name is written in double quotes: \"{word.group(0)}\"")
    if error.msg.startswith("Expecting ':'"):
        return (f"a colon is missing {_at(text, pos)}. A field is written \"name\": value, "
                "with a colon between the name and its value")
    if error.msg.startswith("Extra data"):
        return (f"something follows the end of the data {_at(text, pos)}: the file may "
                "hold only one {...}. Put every record inside the lists of that one object, "
                "separated by commas")
    if word:
        return (f"the word {word.group(0)} {_at(text, pos)} is not in quotes. Text is "
                f"written in double quotes (\"{word.group(0)}\"); numbers, true, false and "
                "null are not")
    return (f"the file is not valid JSON {_at(text, pos)} ({error.msg}). Look just before "
            "that spot for a missing comma or quote mark, or a comma after the last item")


def bare_record(content: object) -> str | None:
    """Say how to wrap a file that holds records without the ``{"events": [...]}`` around them.

    Returns
    -------
    str or None
        The advice, or None when the outline is not one of these slips.
    """
    names = "(or \"sources\", \"documents\", \"quotations\" for other kinds of record)"
    if isinstance(content, list):
        return ("the file holds a list [...] on its own, without its name. Write it as "
                f"{{\"events\": [ your records ]}} {names}.")
    if isinstance(content, dict) and "id" in content and not any(
            isinstance(value, list) and value and isinstance(value[0], dict)
            for value in content.values()):
        return ("the file holds one record on its own, without the list around it. Put "
                f"it inside a named list: {{\"events\": [ your record ]}} {names}.")
    return None
