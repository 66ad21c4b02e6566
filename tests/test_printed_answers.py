"""No auto-checked answer printed in its lesson (issue 21, item 2), nor in its set's feedback.

For each auto-checked question, the answer key's rendering is worked out from the dataset
(a date in the forms prose uses, a number in digits or words, the names asked for, the
quotation and its document, the events' dates) and looked for in the lesson, captions and
alt text included, where the question's subject is discussed: a sentence that holds the
rendering and words of the question's subject. The same rendering must not be in the other
questions' check messages of the set (their praise and hints). An exception stands only
with its justification in the answer key (``printed_reason``).
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import re
from collections.abc import Iterator

import nbformat
import pytest
from course_files import notebooks

from nato_russia import data
from nato_russia.questions import QUESTIONS
from nato_russia.questions.choices import record
from nato_russia.questions.question_types import (
    DateQuestion,
    NamesQuestion,
    NumberQuestion,
    Question,
    _text,
)
from nato_russia.questions.record_kinds import (
    ClaimEvidenceQuestion,
    CorroborationQuestion,
    QuotationQuestion,
    SequencingQuestion,
    SourcingQuestion,
)


@functools.cache
def _course() -> data.Course:
    """The course, loaded when a test first needs it: collecting the tests loads nothing."""
    return data.load()
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                "seventeen", "eighteen", "nineteen", "twenty")
# Words of a question's ``about`` too common to show that a sentence discusses its subject.
COMMON = {"number", "which", "their", "there", "these", "those", "after", "before", "event",
          "events", "dataset", "course", "first", "between", "given", "names", "states",
          "record", "records", "document", "from", "with", "year", "years", "change"}
MONTHS = ("(?:January|February|March|April|May|June|July|August|September|October|November|"
          "December)")
NEAR = 80  # characters either side of a rendering in which the subject must be named
CHECKED = sorted(q for q, question in QUESTIONS.items()
                 if isinstance(question, DateQuestion | NumberQuestion | NamesQuestion
                               | SourcingQuestion | CorroborationQuestion | SequencingQuestion
                               | ClaimEvidenceQuestion | QuotationQuestion))


def _lesson_text(lesson: str) -> str:
    """A lesson's prose, code output, captions and alt text, as plain text."""
    [path] = [p for p in notebooks("notebooks") if p.name.startswith(lesson)]
    parts = []
    for cell in nbformat.read(path, as_version=4).cells:
        parts.append(cell.source)
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            for kind, value in output.get("data", {}).items():
                if kind.startswith("text/"):
                    text = "".join(value) if isinstance(value, list) else str(value)
                    alts = re.findall(r'(?:alt|aria-label)="([^"]*)"', text)
                    parts += [html.unescape(re.sub(r"<[^>]+>", " ", text)), *alts]
    return "\n\n".join(parts)


LESSON_TEXT = {lesson: _lesson_text(lesson) for lesson in {q[:2] for q in CHECKED}}


def _sentences(text: str) -> Iterator[str]:
    for sentence in re.split(r"(?<=[.!?])\s+|\n{2,}|\n#+ ", text):
        yield " ".join(sentence.split())


def _subject_words(question: Question) -> set[str]:
    words = re.findall(r"[A-Za-z][A-Za-z-]{4,}", question.about.lower())
    return {word for word in words if word not in COMMON}


def _date_forms(day: dt.date) -> list[str]:
    return [f"{day.day} {day:%B} {day.year}", f"{day:%B} {day.day}, {day.year}", day.isoformat(),
            f"{day.day} {day:%B}"]


def _number_forms(value: float) -> list[str]:
    if not math.isclose(value, round(value)):
        return [f"{value:.2f}", f"{value:.1f}"]
    number = int(round(value))
    forms = [str(number), f"{number:,}"]
    if 0 <= number < len(NUMBER_WORDS):
        forms.append(NUMBER_WORDS[number])
    return forms


def _has(sentence: str, form: str) -> bool:
    return re.search(rf"(?<![\w.-]){re.escape(form)}(?![\w]|\.\d)", sentence, re.I) is not None


def printed_in(question_id: str, text: str, subject_words: int = 2,
               digits_only: bool = False) -> list[str]:
    """The sentences of ``text`` that give the question's answer away."""
    question = QUESTIONS[question_id]
    expected = question.answer_key(_course())[0]
    subject = _subject_words(question)
    found: list[str] = []
    if isinstance(question, DateQuestion | NumberQuestion):
        forms = (_date_forms(expected) if isinstance(question, DateQuestion)
                 else _number_forms(float(expected)))
        if not digits_only:
            forms = [form for form in forms if form.isalpha() or any(c.isdigit() for c in form)]
        else:
            forms = [form for form in forms if not form.isalpha()]
        need = 1 if isinstance(question, DateQuestion) else min(subject_words, len(subject))
        for sentence in _sentences(text):
            lowered = sentence.lower()
            for form in forms:
                # A number followed by a month is a day of a date, not a count.
                where = re.search(rf"(?<![\w.-]){re.escape(form)}(?![\w]|\.\d)(?!\s+{MONTHS})",
                                  sentence, re.I)
                if not where:
                    continue
                # The subject's words near the rendering: a number is the answer only when
                # it is said of the question's subject.
                near = lowered[max(0, where.start() - NEAR):where.end() + NEAR]
                if sum(word in near for word in subject) >= need:
                    found.append(sentence)
                    break
    elif isinstance(question, NamesQuestion):
        titles = dict(zip(_course().events["id"], _course().events["title"], strict=True))
        names = [titles.get(name, name) for name in expected]
        flat = " ".join(text.split()).lower()
        first = names[0].lower()
        for position in [m.start() for m in re.finditer(re.escape(first), flat)]:
            window = flat[max(0, position - NEAR * 3):position + NEAR * 3]
            if len(names) > 1 and all(name.lower() in window for name in names):
                found.append(window[:200])
    elif isinstance(question, SourcingQuestion):
        quote = record(_course(), question.quotation)
        for paragraph in re.split(r"\n{2,}\s*(?=[^>\s-])", text):
            flat = " ".join(paragraph.split())
            if quote.text[:40] in flat and quote.title[:25] in flat:
                found.append(flat[:200])
    elif isinstance(question, CorroborationQuestion):
        first, second = (record(_course(), r).text[:40] for r in question.disagree)
        flat = " ".join(text.split())
        for position in [m.start() for m in re.finditer(re.escape(first), flat)]:
            if second in flat[max(0, position - 600):position + 600]:
                found.append(flat[max(0, position - 100):position + 100])
    elif isinstance(question, SequencingQuestion):
        days = [record(_course(), c.record).date.date() for c in question.choices]
        if all(any(form in text for form in _date_forms(day)) for day in days):
            found.append("every event's date")
    elif isinstance(question, QuotationQuestion):
        if record(_course(), question.quotation).text[:40] in " ".join(text.split()):
            found.append("the sentence to find")
    elif isinstance(question, ClaimEvidenceQuestion):
        quotes = [record(_course(), claim.record).text[:40] for claim in question.claims]
        if all(quote in " ".join(text.split()) for quote in quotes):
            found.append("every claim's record")
    return found


@pytest.mark.parametrize("question", CHECKED)
def test_the_lesson_does_not_print_the_answer(question: str) -> None:
    found = printed_in(question, LESSON_TEXT[question[:2]])
    reason = QUESTIONS[question].printed_reason
    if reason:
        assert len(reason.split()) >= 15, f"{question}: justify the exception in a sentence"
        return
    assert not found, f"{question}: the lesson prints the answer: {found[:2]}"


def _messages(question: Question) -> str:
    """Everything a question's check can say: its praise, its hints."""
    expected, mistakes = question.answer_key(_course())
    praise = _text(getattr(question, "praise", ""), _course())
    return "\n\n".join([praise, question.hint, *(hint for _, hint in mistakes)])


@pytest.mark.parametrize("question", CHECKED)
def test_no_other_check_of_the_set_gives_the_answer(question: str) -> None:
    others = [QUESTIONS[q] for q in QUESTIONS if q[:2] == question[:2] and q != question]
    for other in others:
        if isinstance(QUESTIONS[question], DateQuestion | NumberQuestion | NamesQuestion):
            found = printed_in(question, _messages(other), subject_words=1, digits_only=True)
            assert not found, f"{question}: {other.id}'s feedback gives the answer: {found[:1]}"
