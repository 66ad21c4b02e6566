"""``instructors/rubrics.md``: every written question's criteria and marks, generated from
the questions, held in step with them, and rendered by the site."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from nato_russia.authoring import rubrics
from nato_russia.questions import QUESTIONS
from nato_russia.questions.question_types import MARK_MEANINGS, WrittenQuestion

ROOT = rubrics.ROOT
WRITTEN = [q for q in QUESTIONS.values() if isinstance(q, WrittenQuestion)]


def test_the_page_is_what_the_questions_generate() -> None:
    assert rubrics.PAGE.read_text(encoding="utf-8") == rubrics.render(), (
        f"instructors/rubrics.md is out of date: run {rubrics.COMMAND}")


def test_check_names_the_command_that_regenerates_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    assert rubrics.main(["--check"]) == 0
    # A stale copy, not the course's page: other tests read that one at the same time.
    stale = tmp_path / rubrics.PAGE.relative_to(ROOT)
    stale.parent.mkdir(parents=True)
    stale.write_text(rubrics.PAGE.read_text(encoding="utf-8").replace("0-3", "0-4", 1),
                     encoding="utf-8")
    monkeypatch.setattr(rubrics, "ROOT", tmp_path)
    monkeypatch.setattr(rubrics, "PAGE", stale)
    assert rubrics.main(["--check"]) == 1
    assert f"run {rubrics.COMMAND}" in capsys.readouterr().err


def test_every_written_question_has_its_criteria_marks_and_what_earns_them() -> None:
    page = rubrics.render()
    assert [q.id for q in WRITTEN] == ["00.6", "01.6", "02.6", "03.6", "04.6", "05.6", "06.6",
                                       "07.6", "08.5"]
    for question in WRITTEN:
        section = page.split(f"\n## {question.id} · ", 1)[1].split("\n## ", 1)[0]
        assert question.about in section and f"{question.marks} marks" in section
        for criterion in question.criteria:
            row = re.search(rf"^\| {re.escape(criterion.name)} \(`{re.escape(criterion.name)} "
                            rf"\(0-{criterion.marks}\)`\) \| 0-{criterion.marks} \| (.*) \|$",
                            section, re.M)
            assert row is not None, (question.id, criterion.name)
            assert row[1].lower() == criterion.earns.lower().replace("|", "\\|")
        for line in question.rubric[len(question.criteria):]:
            assert f"- {line}" in section
    assert all(f"| {mark} | {meaning} |" in page for mark, meaning in enumerate(MARK_MEANINGS))


def test_the_site_renders_the_page_among_the_references() -> None:
    spec = importlib.util.spec_from_file_location("site_build", ROOT / "site" / "build.py")
    assert spec is not None and spec.loader is not None
    site_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site_build)
    pages = {str(p) for p in site_build.page_files()}
    assert {"instructors/README.md", "instructors/rubrics.md"} <= pages
    start = (ROOT / "site" / "index.md").read_text(encoding="utf-8")
    assert "\ninstructors/*\n" in start, "the start page lists every instructor page"
    assert "(instructors/rubrics.md)" in start, "and links the marking scales by name"
