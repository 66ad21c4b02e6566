"""Questions that weigh records (issue 21, item 1): sourcing, corroboration, sequencing,
claim and evidence.

Their options are records of the dataset, shown by ``options("NN.k")``; every wrong choice
gets a hint of its own; the check names what is wrong (the record that does not belong, the
first event out of place, the first claim with the wrong record); and every set 01-08 has a
sourcing or corroboration question. Odd input never raises: tests/test_checks.py tries every
odd input on one question of each kind.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import nbformat
import pandas as pd
import pytest
from course_files import notebooks

from nato_russia import data
from nato_russia.checks import check, options
from nato_russia.questions import QUESTIONS
from nato_russia.questions.choices import LETTERS, read_letters
from nato_russia.questions.readers import Problem
from nato_russia.questions.record_kinds import (
    ClaimEvidenceQuestion,
    CorroborationQuestion,
    QuotationQuestion,
    RecordQuestion,
    SequencingQuestion,
    SourcingQuestion,
)

RECORD_IDS = sorted(q for q, question in QUESTIONS.items() if isinstance(question, RecordQuestion))
@functools.cache
def _course() -> data.Course:
    """The course, loaded when a test first needs it: collecting the tests loads nothing."""
    return data.load()


def _right(question: str) -> str:
    expected = QUESTIONS[question].answer_key(_course())[0]
    return "".join(expected)


def _run(capsys: pytest.CaptureFixture[str], question: str, answer: Any) -> tuple[bool, str]:
    ok = bool(check(question, answer))
    return ok, " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("lesson", [f"{n:02}" for n in range(1, 9)])
def test_every_set_has_a_sourcing_or_corroboration_question(lesson: str) -> None:
    kinds = {type(QUESTIONS[q]) for q in QUESTIONS if q.startswith(f"{lesson}.")}
    assert kinds & {SourcingQuestion, CorroborationQuestion}, lesson


def test_every_new_kind_is_asked_somewhere() -> None:
    kinds = {type(QUESTIONS[q]) for q in RECORD_IDS}
    assert kinds == {SourcingQuestion, CorroborationQuestion, SequencingQuestion,
                     ClaimEvidenceQuestion}


@pytest.mark.parametrize("question", RECORD_IDS)
def test_the_right_answer_passes_in_any_sensible_form(capsys: pytest.CaptureFixture[str],
                                                      question: str) -> None:
    right = _right(question)
    forms: list[Any] = [right, right.lower(), ", ".join(right), list(right), tuple(right),
                        pd.Series(list(right)), f"  {' '.join(right)}  "]
    for form in forms:
        ok, out = _run(capsys, question, form)
        assert ok, f"{form!r}: {out}"
        assert out.startswith(f"✅ {question} Correct!")


@pytest.mark.parametrize("question", RECORD_IDS)
def test_every_wrong_choice_has_a_hint_of_its_own(capsys: pytest.CaptureFixture[str],
                                                  question: str) -> None:
    """Each option put where it does not belong gets a hint naming what it is."""
    q = QUESTIONS[question]
    assert isinstance(q, RecordQuestion)
    right = _right(question)
    hints = set()
    for position, choice in enumerate(q.choices):
        letter = LETTERS[position]
        if isinstance(q, SequencingQuestion):
            assert choice.why, f"{question}: option {letter} has no hint"
            continue
        wrong = _wrong_with(q, right, letter)
        if wrong is None:
            continue
        ok, out = _run(capsys, question, wrong)
        assert not ok and "💡 Hint:" in out, out
        hint = out.split("💡 Hint:")[1]
        hints.add(hint)
        assert hint.strip() != q.hint.strip(), f"{question}: {letter} gets only the general hint"
    if not isinstance(q, SequencingQuestion):
        assert len(hints) >= len(q.choices) - len(set(right)), f"{question}: hints repeat"


def _wrong_with(q: RecordQuestion, right: str, letter: str) -> str | None:
    """An answer that puts ``letter`` where it does not belong, or None if it always does."""
    if isinstance(q, SourcingQuestion):
        return None if letter == right else letter
    if isinstance(q, CorroborationQuestion):
        return None if letter in right else right[0] + letter
    if isinstance(q, ClaimEvidenceQuestion):
        for n, wanted in enumerate(right):
            if wanted != letter:
                return right[:n] + letter + right[n + 1:]
    return None


@pytest.mark.parametrize("question", [q for q in RECORD_IDS
                                      if isinstance(QUESTIONS[q], SequencingQuestion)])
def test_a_sequence_out_of_order_names_the_first_event_out_of_place(
        capsys: pytest.CaptureFixture[str], question: str) -> None:
    right = _right(question)
    swapped = right[0] + right[2] + right[1] + right[3:]
    ok, out = _run(capsys, question, swapped)
    assert not ok
    assert f"{right[2]} is the first one out of place, in position 2" in out, out
    assert f"{right[2]} came after {right[1]}" in out, out
    ok, out = _run(capsys, question, right[:-1] + right[0])
    assert not ok and f"{right[-1]} is missing" in out, out


def test_a_claim_given_the_wrong_record_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    [question] = [q for q in RECORD_IDS if isinstance(QUESTIONS[q], ClaimEvidenceQuestion)]
    right = _right(question)
    wrong = right[0] + right[2] + right[1]
    ok, out = _run(capsys, question, wrong)
    assert not ok
    assert "2 of the 3 claims have the wrong record; the first is claim 2" in out, out


def test_corroboration_refuses_one_record_twice_and_names_the_right_one_kept(
        capsys: pytest.CaptureFixture[str]) -> None:
    [question] = [q for q in RECORD_IDS if q == "01.7"]
    right = _right(question)
    ok, out = _run(capsys, question, right[0] * 2)
    assert not ok and "one record twice" in out
    other = next(letter for letter in LETTERS[:5] if letter not in right)
    ok, out = _run(capsys, question, right[0] + other)
    assert not ok and f"{other} is not one of the two. {right[0]} is." in out, out


@pytest.mark.parametrize("answer", ["Z", "B D E F G H I J K L", "", [1], {"a": 1}, b"B"])
def test_letters_that_are_not_options_are_refused_by_name(answer: Any) -> None:
    reading = read_letters(answer, "ABCDE")
    assert isinstance(reading, Problem)
    assert reading.message


@pytest.mark.parametrize("question", RECORD_IDS)
def test_the_options_are_shown_from_the_dataset(capsys: pytest.CaptureFixture[str],
                                                question: str) -> None:
    options(question)
    out = capsys.readouterr().out
    q = QUESTIONS[question]
    assert isinstance(q, RecordQuestion)
    for position, choice in enumerate(q.choices):
        shown = re.search(rf"^{LETTERS[position]}\. (.*)", out, re.M)
        assert shown, out
        text = " ".join(shown.group(1).split())
        for table in (_course().quotations, _course().documents, _course().events):
            row = table[table["id"] == choice.record]
            if len(row):
                words = str(row["text"].iloc[0] if "text" in row else row["title"].iloc[0])
                assert " ".join(words.split())[:30] in text
    if isinstance(q, SequencingQuestion):  # the dates are what the student finds
        assert not re.search(r"\b(19|20)\d\d\)", out), out


@pytest.mark.parametrize("odd", [None, 3.1, "99.9", "00.1", b"01.7", ["01.7"]])
def test_options_never_raise(capsys: pytest.CaptureFixture[str], odd: Any) -> None:
    options(odd)
    out = capsys.readouterr().out
    assert out.startswith("⚠️"), out


@pytest.mark.parametrize("question", RECORD_IDS)
def test_the_exercise_shows_the_options_before_the_answer(question: str) -> None:
    lesson = question[:2]
    [path] = [p for p in notebooks("solutions") if p.name.startswith(lesson)]
    sources = [c.source for c in nbformat.read(path, as_version=4).cells]
    show = next(i for i, s in enumerate(sources) if f'options("{question}")' in s)
    check_at = next(i for i, s in enumerate(sources) if s.startswith(f'check("{question}"'))
    assert show < check_at


# --------------------------------------------------------------------------- quotation finding

QUOTATION_IDS = sorted(q for q, question in QUESTIONS.items()
                       if isinstance(question, QuotationQuestion))


@pytest.mark.parametrize("question", QUOTATION_IDS)
def test_a_pasted_sentence_passes_with_any_quotes_and_spacing(
        capsys: pytest.CaptureFixture[str], question: str) -> None:
    text = QUESTIONS[question].answer_key(_course())[0]
    straight = text.replace("’", "'")
    for form in (text, straight, f'  "{straight}"  ', straight.replace(" ", "\n  ", 3),
                 f"{text} The Allies said so."):
        ok, out = _run(capsys, question, form)
        assert ok, f"{form!r}: {out}"


@pytest.mark.parametrize("question", QUOTATION_IDS)
def test_a_wrong_sentence_gets_its_own_hint(capsys: pytest.CaptureFixture[str],
                                            question: str) -> None:
    q = QUESTIONS[question]
    assert isinstance(q, QuotationQuestion)
    text, others = q.answer_key(_course())
    assert others, f"{question}: the document has no other excerpt to tell apart"
    for other, hint in others:
        ok, out = _run(capsys, question, other)
        assert not ok and "does not support the claim" in out
        assert " ".join(hint.split())[:60] in out
    half = " ".join(text.split()[: len(text.split()) // 2])
    ok, out = _run(capsys, question, half)
    assert not ok and "part of the right sentence" in out
    ok, out = _run(capsys, question, f"{text} " + "More words of the page. " * 20)
    assert not ok and "a good deal more" in out


@pytest.mark.parametrize("question", QUOTATION_IDS)
def test_the_claim_is_in_the_exercise_and_the_excerpt_is_official(question: str) -> None:
    q = QUESTIONS[question]
    assert isinstance(q, QuotationQuestion)
    [path] = [p for p in notebooks("solutions") if p.name.startswith(question[:2])]
    prompt = next(c.source for c in nbformat.read(path, as_version=4).cells
                  if c.source.startswith(f"## {question} · "))
    assert f"> {q.claim}" in prompt
    quotation = _course().quotations.set_index("id").loc[q.quotation]
    document = _course().documents.set_index("id").loc[quotation["document"]]
    assert document["voice"] not in ("scholarship",), "official texts only"
    assert len(quotation["text"].split()) <= 60, "an excerpt within quotation norms"
