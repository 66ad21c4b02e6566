"""The instructor's kit holds to the course it describes (issue 18).

- the syllabus plans ten weeks, one lesson each (00-09), states each lesson's times exactly as
  the lesson does (reading from its "Time to learn", exercises by the one rule in
  ``nato_russia.questions.exercise_minutes``), maps every stated learning objective to a
  course outcome, and weighs its assessments to 100;
- the reading list gives every lesson 01-08 at least two works, each with a link to a place a
  library would accept (a DOI, a publisher, a journal, a library catalogue);
- the guide has teaching notes for every lesson 00-08 that name each of its questions.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nbformat
import pytest
from course_files import ROOT, notebooks

from nato_russia.questions import QUESTIONS, exercise_minutes
from nato_russia.timing import stated

SYLLABUS = ROOT / "instructors" / "syllabus.md"
READING_LIST = ROOT / "instructors" / "reading-list.md"
GUIDE = ROOT / "instructors" / "README.md"
LESSONS = {p.name[:2]: p for p in notebooks("notebooks") if p.name[:2].isdigit()}
# The warm-up for students who never coded: numbered 10, done in week 1 before 00's exercises.
WARM_UP = "10"

TIME = re.compile(
    r"\*\*Time to learn:\*\* about (?P<reading>\d+-\d+) minutes for the lesson; about "
    r"(?P<exercises>\d+-\d+) minutes for its exercises")
# The capstone states its times in its own words: a notebook to read, then a project.
CAPSTONE_TIME = re.compile(r"\*\*Time to learn:\*\* (?P<reading>\d+) minutes to read this "
                           r"notebook and run its cells; (?P<project>[^.]+?) to research")
LINK = re.compile(r"\]\((https?://[^)\s]+)\)")

# Where a citation may point: the DOI resolver, publishers and university presses, the
# journals' own sites, library catalogues. Never a copy on a sharing site.
ACCEPTED_HOSTS = (
    "doi.org",  # a DOI
    "yalebooks.co.uk", "yalebooks.yale.edu", "cup.columbia.edu", "www.brookings.edu",
    "www.routledge.com", "www.hachettebookgroup.com", "carnegieendowment.org",  # publishers
    "direct.mit.edu", "www.cambridge.org", "www.tandfonline.com",  # journals' publishers
    "www.belfercenter.org",  # the editors of International Security, at Harvard
    "search.worldcat.org",  # the libraries' union catalogue
)
SHARING_SITES = ("docslib", "scribd", "academia.edu", "studylib", "pdf", "ebin", "dokumen")


# --------------------------------------------------------------------------- lessons


def stated_times(lesson: str) -> dict[str, str]:
    """The times a lesson's first cell states, as text: reading, folded, exercises."""
    intro = nbformat.read(LESSONS[lesson], as_version=4).cells[0].source
    found = TIME.search(intro)
    if found:
        return {"reading": found["reading"], "exercises": found["exercises"]}
    capstone = CAPSTONE_TIME.search(intro)
    assert capstone, f"lesson {lesson} states no time to learn the course can read"
    return {"reading": capstone["reading"], "exercises": capstone["project"]}


def objectives(lesson: str) -> list[str]:
    """The learning objectives a lesson states in its first cell, in order."""
    intro = nbformat.read(LESSONS[lesson], as_version=4).cells[0].source
    block = intro.split("**Learning objectives.**", 1)[1].split("\n\n", 1)[0]
    return [line[2:].rstrip(";.") for line in block.splitlines() if line.startswith("- ")]


def section(text: str, heading: str) -> str:
    """The markdown from a ``## heading`` up to the next ``## `` heading."""
    found = re.search(rf"^## {re.escape(heading)}.*?(?=^## |\Z)", text, re.M | re.S)
    assert found, f"no section '## {heading}'"
    return found.group(0)


def table_rows(block: str) -> list[list[str]]:
    """The body rows of the markdown tables in ``block``, as lists of stripped cells."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in block.splitlines() if line.startswith("|")]
    return [row for row in rows if not set("".join(row)) <= set("-: ") and row[0] != rows[0][0]]


# --------------------------------------------------------------------------- the syllabus


def test_every_lesson_has_its_week_in_order() -> None:
    text = SYLLABUS.read_text(encoding="utf-8")
    weeks = re.findall(r"^### Week (\d+): lesson (\d{2})\b", text, re.M)
    assert [int(week) for week, _ in weeks] == list(range(1, 11))
    assert [lesson for _, lesson in weeks] == sorted(set(LESSONS) - {WARM_UP}) == [
        f"{n:02}" for n in range(10)]


def test_the_warm_up_comes_in_week_1_before_lesson_00s_exercises() -> None:
    # The warm-up is no week of its own: students who never coded do it in the first week.
    text = SYLLABUS.read_text(encoding="utf-8")
    week_1 = re.split(r"^### Week \d+", text, flags=re.M)[1]
    assert f"../notebooks/{LESSONS[WARM_UP].name}" in week_1
    assert week_1.index(LESSONS[WARM_UP].name) > week_1.index("00_introduction.ipynb")


@pytest.mark.parametrize("part", ["Lesson", "Reading", "Seminar", "Due"])
def test_every_week_says_what_to_read_do_and_hand_in(part: str) -> None:
    text = SYLLABUS.read_text(encoding="utf-8")
    blocks = re.split(r"^### Week \d+", text, flags=re.M)[1:]
    assert len(blocks) == 10
    missing = [n for n, block in enumerate(blocks, 1) if f"- **{part}:**" not in block]
    assert not missing, f"weeks without '{part}': {missing}"


def _time_budget() -> dict[str, list[str]]:
    rows = table_rows(section(SYLLABUS.read_text(encoding="utf-8"), "Time budget"))
    return {row[0][:2]: row for row in rows if row[0][:2].isdigit()}


@pytest.mark.parametrize("lesson", [*(f"{n:02}" for n in range(9)), WARM_UP])
def test_the_time_budget_is_what_the_lesson_states(lesson: str) -> None:
    row = _time_budget()[lesson]
    times = stated_times(lesson)
    # The exercise range comes from the one formula in code; the lesson states the same.
    assert times["exercises"] == stated(exercise_minutes(lesson))
    assert row[1:3] == [f"{times['reading']} min", f"{times['exercises']} min"], row


def test_the_capstone_states_its_own_time() -> None:
    row = _time_budget()["09"]
    times = stated_times("09")
    assert row[1] == f"{times['reading']} min to read", row
    assert row[2] == f"{times['exercises']} of research", row


def test_the_time_budget_adds_up() -> None:
    rows = table_rows(section(SYLLABUS.read_text(encoding="utf-8"), "Time budget"))
    [total] = [row for row in rows if row[0].startswith("**all")]
    ranges = [[row[col].split()[0].split("-") for row in _time_budget().values()
               if "-" in row[col].split()[0]] for col in (1, 2)]
    sums = [f"**{sum(int(r[0]) for r in col)}-{sum(int(r[1]) for r in col)} min**"
            for col in ranges]
    assert total[1:3] == sums


def test_every_stated_objective_maps_to_a_course_outcome() -> None:
    text = SYLLABUS.read_text(encoding="utf-8")
    outcomes = set(re.findall(r"^\*\*(O\d)\.\*\*", text, re.M))
    assert len(outcomes) >= 4
    rows = table_rows(section(text, "Lesson objectives and the outcomes they serve"))
    mapped = {row[0]: row for row in rows}
    for lesson in sorted(LESSONS):
        for number, objective in enumerate(objectives(lesson), 1):
            row = mapped.get(f"{lesson}-{number}")
            assert row, f"objective {lesson}-{number} ({objective}) is not mapped"
            assert row[1] == objective, f"{lesson}-{number}: the lesson now says {objective!r}"
            serves = set(re.findall(r"O\d", row[2]))
            assert serves and serves <= outcomes, row
    assert len(mapped) == sum(len(objectives(lesson)) for lesson in LESSONS), "stale rows"


def test_the_assessment_weights_sum_to_100() -> None:
    rows = table_rows(section(SYLLABUS.read_text(encoding="utf-8"), "Assessment"))
    weights = {row[0]: int(row[1].rstrip("%")) for row in rows if row[1].endswith("%")}
    assert sum(weights.values()) == 100, weights
    named = " ".join(weights).lower()
    for part in ("exercise sets", "written answers", "source commentary", "policy memo",
                 "simulation brief", "capstone"):
        assert part in named, f"no '{part}' in the assessment menu"


# --------------------------------------------------------------------------- reading list


def reading_list() -> dict[str, list[str]]:
    """Lesson number -> its entries (each a list item) in the reading list."""
    text = READING_LIST.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^## Lesson (\d{2})\b.*?(?=^## |\Z)", text, re.M | re.S):
        found[match.group(1)] = re.findall(r"^- (.+(?:\n  .+)*)", match.group(0), re.M)
    return found


@pytest.mark.parametrize("lesson", [f"{n:02}" for n in range(1, 9)])
def test_every_lesson_has_at_least_two_readings(lesson: str) -> None:
    assert len(reading_list().get(lesson, [])) >= 2


def test_every_entry_links_where_a_library_would_accept() -> None:
    entries = [entry for group in reading_list().values() for entry in group]
    assert len(entries) >= 20
    for entry in entries:
        hosts = [urlsplit(url).netloc for url in LINK.findall(entry)]
        assert hosts, f"no link: {entry[:80]}"
        assert any(host in ACCEPTED_HOSTS for host in hosts), f"no accepted link: {entry[:80]}"
        assert not any(site in host for host in hosts for site in SHARING_SITES), entry[:80]


def test_a_doi_link_is_a_doi() -> None:
    dois = [url for url in LINK.findall(READING_LIST.read_text(encoding="utf-8"))
            if "doi.org" in url]
    assert dois
    assert all(re.fullmatch(r"https://doi\.org/10\.\d{4,9}/\S+", url) for url in dois), dois


def test_the_works_the_issue_names_are_there() -> None:
    text = READING_LIST.read_text(encoding="utf-8")
    for work in ("Not One Inch", "Non-extension Assurances", "Deal or No Deal",
                 "Myth of a No-NATO-Enlargement Pledge", "Opening NATO's Door",
                 "Not Whether But When", "Post Wall, Post Square", "Everyone Loses"):
        assert work in text, work
    # Voices from the states concerned, not only from Washington and London.
    for scholar in ("Trenin", "Tsygankov", "Sushentsov", "Plokhy", "Zając", "Fiszer",
                    "Kasekamp", "Piirimäe"):
        assert scholar in text, scholar


# --------------------------------------------------------------------------- teaching notes


@pytest.mark.parametrize("lesson", [*(f"{n:02}" for n in range(9)), WARM_UP])
def test_every_lesson_has_teaching_notes_naming_its_questions(lesson: str) -> None:
    notes = section(GUIDE.read_text(encoding="utf-8"), f"Lesson {lesson}")
    ids = sorted(q for q in QUESTIONS if q.startswith(f"{lesson}."))
    assert ids
    missing = [q for q in ids if not re.search(rf"\b{re.escape(q)}\b", notes)]
    assert not missing, f"lesson {lesson}'s teaching notes do not name {missing}"


def test_the_guide_says_solutions_are_public_and_what_to_do() -> None:
    notes = section(GUIDE.read_text(encoding="utf-8"), "The answers are public").lower()
    for point in ("solutions/", "private fork", "written answers", "capstone", "vary"):
        assert point in notes, point


def test_the_nbgitpuller_recipe_has_the_documented_shape() -> None:
    notes = section(GUIDE.read_text(encoding="utf-8"), "Running a whole class")
    links = re.findall(r"https://hub\.example\.edu/hub/user-redirect/git-pull\?\S+", notes)
    assert links, "no nbgitpuller link"
    query = urlsplit(links[0]).query
    assert re.search(r"(^|&)repo=https%3A%2F%2Fgithub\.com%2F", query)
    assert re.search(r"(^|&)branch=\w+", query)
    assert re.search(r"(^|&)urlpath=lab%2Ftree%2Fnato-russia-course%2Fmy_work%2F", query)

