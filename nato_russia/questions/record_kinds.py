"""The kinds of question that weigh records rather than retrieve a value.

- :class:`SourcingQuestion`: whose words are these? A quotation is shown without its
  document; the student picks the document it stands in, from documents of other voices.
- :class:`CorroborationQuestion`: which two of these records disagree?
- :class:`SequencingQuestion`: put these events in order; the check names the first one
  out of place.
- :class:`ClaimEvidenceQuestion`: match each claim to the record that supports or refutes it.
- :class:`QuotationQuestion`: paste the sentence of a linked document that supports a claim,
  checked against the excerpt of that document stored in the dataset.

Every option is a record of the dataset (:mod:`nato_russia.questions.choices`), shown with
a letter by :func:`nato_russia.checks.options`; every wrong choice has its own hint, from
the question's declaration or worked out from the data; and, like every kind, a check never
raises whatever it is given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from nato_russia.data import Course
from nato_russia.questions.choices import (
    VOICES,
    Choice,
    Record,
    letter_of,
    read_letters,
    record,
    when,
)
from nato_russia.questions.question_types import Question, Verdict, _problem, _text
from nato_russia.questions.readers import Problem, and_list, read_text


def _records(course: Course, choices: Sequence[Choice]) -> list[Record]:
    return [record(course, choice.record) for choice in choices]


def _letters(choices: Sequence[Choice]) -> str:
    return "".join(letter_of(i) for i in range(len(choices)))


@dataclass(frozen=True)
class RecordQuestion(Question):
    """What the record-weighing kinds share: options, their letters, and how they are shown.

    Attributes
    ----------
    choices
        The options, in the order shown (A first).
    praise
        The sentence shown with a right answer.
    """

    choices: tuple[Choice, ...] = ()
    praise: str | Callable[[Course], str] = ""

    def option_lines(self, course: Course) -> list[str]:
        """The options as a student sees them: one line per letter."""
        return [f"{letter_of(i)}. {self.show(item)}"
                for i, item in enumerate(_records(course, self.choices))]

    def preamble(self, course: Course) -> list[str]:
        """Lines shown above the options (the quotation to source, the claims)."""
        return []

    def show(self, item: Record) -> str:
        """One option's words."""
        if item.kind == "quotation":
            return f"“{item.text}” ({item.title}, {when(item)})"
        if item.kind == "document":
            return f"{item.title}, {when(item)}"
        return item.text

    def _why(self, course: Course, position: int) -> str:
        """The hint for choosing the option at ``position`` where it does not belong."""
        choice = self.choices[position]
        return choice.why or self.hint

    def _read(self, answer: Any, count: int) -> tuple[str, ...] | Verdict:
        reading = read_letters(answer, _letters(self.choices))
        if isinstance(reading, Problem):
            return _problem(reading)
        letters: tuple[str, ...] = reading.value
        if len(letters) != count:
            wanted = "one letter" if count == 1 else f"{count} letters"
            return Verdict("wrong", f"You gave {len(letters)} letter"
                           f"{'s' if len(letters) != 1 else ''}; the question asks for "
                           f"{wanted}.", self.hint)
        return letters


@dataclass(frozen=True)
class SourcingQuestion(RecordQuestion):
    """Whose words are these? One quotation; the options are documents of several voices.

    The right option is the quotation's own document, as the dataset records it.

    Attributes
    ----------
    quotation
        The id of the quotation shown, without its document.
    """

    quotation: str = ""

    def show(self, item: Record) -> str:
        """A document by its title alone: when it was written is for the student to weigh."""
        return item.title

    def preamble(self, course: Course) -> list[str]:
        """The quotation, as the dataset holds it, without its source."""
        return [f"“{record(course, self.quotation).text}”", "Which document is it from?"]

    def expected(self, course: Course) -> str:
        """The letter of the quotation's document."""
        document = course.quotations.set_index("id").loc[self.quotation, "document"]
        ids = [choice.record for choice in self.choices]
        if document not in ids:
            raise ValueError(f"{self.id}: the quotation's document {document!r} is not an "
                             "option")
        return letter_of(ids.index(document))

    def mistakes(self, course: Course) -> list[tuple[str, str]]:
        """Every other option, with its hint."""
        right = self.expected(course)
        return [(letter_of(i), self._why(course, i)) for i in range(len(self.choices))
                if letter_of(i) != right]

    def _why(self, course: Course, position: int) -> str:
        item = record(course, self.choices[position].record)
        voice = VOICES.get(item.voice, item.voice)
        worked = f"{letter_of(position)} was issued by {item.issuer}, speaking for {voice}."
        return f"{worked} {self.choices[position].why or self.hint}"

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Right when the letter is the quotation's document's."""
        letters = self._read(answer, 1)
        if isinstance(letters, Verdict):
            return letters
        [given] = letters
        if given == self.expected(course):
            return Verdict("correct", _text(self.praise, course))
        hints = dict(self.mistakes(course))
        return Verdict("wrong", f"{given} is not {self.about}.", hints[given])


@dataclass(frozen=True)
class CorroborationQuestion(RecordQuestion):
    """Which two records disagree? The answer is two letters, in any order.

    Attributes
    ----------
    disagree
        The ids of the two records that contradict each other (the others agree, or speak
        past each other); a judgment the question declares, its letters worked out from
        the options.
    on_what
        What the two disagree on, in the course's words: told with a right answer, and
        what the student is asked to name beside the letters.
    """

    disagree: tuple[str, str] = ("", "")
    on_what: str = ""

    def expected(self, course: Course) -> tuple[str, str]:
        """The letters of the two records that disagree, in alphabetical order."""
        ids = [choice.record for choice in self.choices]
        for record_id in self.disagree:
            record(course, record_id)  # a renamed record is the course's fault
            if record_id not in ids:
                raise ValueError(f"{self.id}: {record_id!r} is not an option")
        first, second = sorted(letter_of(ids.index(r)) for r in self.disagree)
        return first, second

    def mistakes(self, course: Course) -> list[tuple[str, str]]:
        """Each option that is not one of the two, with its hint."""
        right = self.expected(course)
        return [(letter_of(i), self._why(course, i)) for i in range(len(self.choices))
                if letter_of(i) not in right]

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Right when the two letters are the two that disagree."""
        letters = self._read(answer, 2)
        if isinstance(letters, Verdict):
            return letters
        if letters[0] == letters[1]:
            return Verdict("wrong", "That is one record twice: a record cannot disagree with "
                           "itself.", self.hint)
        right = self.expected(course)
        if sorted(letters) == list(right):
            return Verdict("correct", f"{right[0]} and {right[1]}: they disagree on "
                           f"{self.on_what}. {_text(self.praise, course)}".strip())
        hints = dict(self.mistakes(course))
        wrong = [letter for letter in letters if letter not in right]
        kept = [letter for letter in letters if letter in right]
        message = f"{and_list(wrong)} {'is' if len(wrong) == 1 else 'are'} not one of the two."
        if kept:
            message += f" {kept[0]} is."
        return Verdict("wrong", message, hints[wrong[0]])


@dataclass(frozen=True)
class SequencingQuestion(RecordQuestion):
    """Put these events in order, earliest first; the check names the first out of place.

    The options are events, shown by title without their dates; the right order is the
    order of their dates in the dataset. Each hint is worked out from the data: it names
    an event the misplaced one came before or after.
    """

    def expected(self, course: Course) -> tuple[str, ...]:
        """The letters in the order of the events' dates."""
        items = _records(course, self.choices)
        days = [item.date for item in items]
        if len(set(days)) != len(days):
            raise ValueError(f"{self.id}: two options share a date, so no one order is right")
        return tuple(letter_of(i) for i in sorted(range(len(items)), key=lambda i: days[i]))

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Right when the letters follow the dates; else name the first out of place."""
        letters = self._read(answer, len(self.choices))
        if isinstance(letters, Verdict):
            return letters
        missing = [letter for letter in _letters(self.choices) if letter not in letters]
        if missing:
            return Verdict("wrong", f"Every option goes in the order once; {and_list(missing)} "
                           f"{'is' if len(missing) == 1 else 'are'} missing.", self.hint)
        right = self.expected(course)
        if letters == right:
            items = {letter_of(i): item for i, item in enumerate(_records(course, self.choices))}
            order = "; ".join(f"{letter}, {items[letter].text} ({when(items[letter])})"
                              for letter in right)
            return Verdict("correct", f"{_text(self.praise, course)} In order: {order}.")
        position = next(i for i, (a, b) in enumerate(zip(letters, right, strict=True)) if a != b)
        misplaced = letters[position]
        items = {letter_of(i): item for i, item in enumerate(_records(course, self.choices))}
        # The event the student put first in its place: it belongs later than that.
        hint = self._why(course, _letters(self.choices).index(misplaced))
        earlier = [letter for letter in right[:right.index(misplaced)]]
        later_put = [letter for letter in letters[position + 1:] if letter in earlier]
        if later_put:
            other = later_put[0]
            worked = (f"{misplaced} came after {other} ({items[other].text!r}): look up when "
                      "each happened.")
        else:
            worked = f"{misplaced} belongs later in the order: look up when it happened."
        return Verdict("wrong", f"{misplaced} is the first one out of place, in position "
                       f"{position + 1}.", f"{worked} {hint}".strip())

    def _why(self, course: Course, position: int) -> str:
        return self.choices[position].why


@dataclass(frozen=True)
class Claim:
    """A claim about the record, in the course's words, and the record that settles it.

    Attributes
    ----------
    text
        The claim.
    record
        The id of the record (an option of the question) that supports or refutes it.
    supports
        True when the record supports the claim, False when it refutes it.
    """

    text: str
    record: str
    supports: bool = True


@dataclass(frozen=True)
class ClaimEvidenceQuestion(RecordQuestion):
    """Match each claim to the record that supports or refutes it: one letter per claim.

    Attributes
    ----------
    claims
        The claims, numbered from 1 in the order shown.
    """

    claims: tuple[Claim, ...] = ()

    def preamble(self, course: Course) -> list[str]:
        """The claims, each saying whether its record supports or refutes it."""
        return [f"Claim {n}: {claim.text} (find the record that "
                f"{'supports' if claim.supports else 'refutes'} it)"
                for n, claim in enumerate(self.claims, start=1)]

    def expected(self, course: Course) -> tuple[str, ...]:
        """The letter of each claim's record, in the order of the claims."""
        ids = [choice.record for choice in self.choices]
        for claim in self.claims:
            record(course, claim.record)
            if claim.record not in ids:
                raise ValueError(f"{self.id}: {claim.record!r} is not an option")
        return tuple(letter_of(ids.index(claim.record)) for claim in self.claims)

    def mistakes(self, course: Course) -> list[tuple[tuple[str, ...], str]]:
        """One per option: that option given for every claim, with its hint."""
        right = self.expected(course)
        return [((letter_of(i),) * len(self.claims), self._why(course, i))
                for i in range(len(self.choices))
                if (letter_of(i),) * len(self.claims) != right]

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Right when every claim has its record; else name the first claim mismatched."""
        letters = self._read(answer, len(self.claims))
        if isinstance(letters, Verdict):
            return letters
        right = self.expected(course)
        if letters == right:
            return Verdict("correct", _text(self.praise, course))
        wrong = [n for n, (a, b) in enumerate(zip(letters, right, strict=True), start=1)
                 if a != b]
        first = wrong[0]
        given = letters[first - 1]
        hint = self._why(course, _letters(self.choices).index(given))
        return Verdict("wrong", f"{len(wrong)} of the {len(self.claims)} claims "
                       f"{'has' if len(wrong) == 1 else 'have'} the wrong record; the first "
                       f"is claim {first}: {given} does not settle it.", hint)


_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _normal(text: str) -> str:
    """Text compared as words: curly quotes straightened, case, spacing and end stops ignored."""
    return " ".join(re.findall(r"[\w'-]+", text.translate(_QUOTES).lower()))


@dataclass(frozen=True)
class QuotationQuestion(Question):
    """Paste the sentence of a linked document that supports a claim.

    The answer is checked against the dataset's excerpt of that document (an official text,
    stored as a quotation with its source): right when the pasted text holds the whole
    excerpt and little more than a sentence around it. Pasting another excerpt of the same
    document gets that excerpt's own hint.

    Attributes
    ----------
    quotation
        The id of the excerpt that supports the claim.
    claim
        The claim, in the course's words.
    others
        Hints for the document's other stored excerpts, by quotation id.
    praise
        The sentence shown with a right answer.
    """

    quotation: str = ""
    claim: str = ""
    others: dict[str, str] = field(default_factory=dict)
    praise: str | Callable[[Course], str] = ""
    slack: int = 40  # words a pasted answer may hold beyond the sentence itself

    def expected(self, course: Course) -> str:
        """The excerpt, as the dataset stores it."""
        return str(record(course, self.quotation).text)

    def mistakes(self, course: Course) -> list[tuple[str, str]]:
        """The document's other excerpts, each with its hint."""
        document = course.quotations.set_index("id").loc[self.quotation, "document"]
        others = course.quotations[(course.quotations["document"] == document)
                                   & (course.quotations["id"] != self.quotation)]
        return [(str(text), self.others.get(str(qid), self.hint))
                for qid, text in zip(others["id"], others["text"], strict=True)]

    def assess(self, answer: Any, course: Course) -> Verdict:
        """Right when the pasted text holds the stored sentence; else say what is missing."""
        reading = read_text(answer)
        if isinstance(reading, Problem):
            return _problem(reading)
        given = _normal(reading.value)
        if not given:
            return Verdict("unanswered", "Paste the sentence in place of the dots.")
        wanted = _normal(self.expected(course))
        if wanted in given:
            if len(given.split()) > len(wanted.split()) + self.slack:
                return Verdict("wrong", "The sentence is there, with a good deal more: paste "
                               "the one sentence that supports the claim.", self.hint)
            return Verdict("correct", _text(self.praise, course))
        for text, hint in self.mistakes(course):
            if _normal(text) in given or (len(given.split()) >= 6 and given in _normal(text)):
                return Verdict("wrong", "That sentence is in the document, but it does not "
                               "support the claim.", hint)
        if len(given.split()) >= 6 and given in wanted:
            return Verdict("wrong", "That is part of the right sentence: paste all of it.",
                           "Copy from the sentence's first word to its full stop.")
        return Verdict("wrong", "That is not a sentence of the document that supports the "
                       "claim.", self.hint)
