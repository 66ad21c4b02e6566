"""``make links`` asks each address once, politely, and reports the dead ones with their places.

The network is never used: the logic is checked with a stand-in for the request, and the real
requests against a small server on 127.0.0.1 (a live page, a 404, a redirect, a server that
refuses HEAD), which is why those tests are marked slow.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from nato_russia import linkcheck
from nato_russia.linkcheck import Answer


def _fake(answers: dict[tuple[str, str], int | None], asked: list[tuple[str, str]]):
    def request(url: str, method: str, timeout: float) -> Answer:
        asked.append((method, url))
        status = answers.get((method, url), 200)
        return Answer(url, status, url, "" if status else "timed out")
    return request


def test_each_address_is_asked_once_with_head_first() -> None:
    asked: list[tuple[str, str]] = []
    urls = ["https://a.org/1", "https://b.org/2", "https://a.org/1"]
    answers = linkcheck.check(urls, delay=0, request=_fake({}, asked))
    assert asked == [("HEAD", "https://a.org/1"), ("HEAD", "https://b.org/2")]
    assert [answer.dead for answer in answers] == [False, False]


def test_a_server_that_refuses_head_or_does_not_answer_is_asked_with_get() -> None:
    asked: list[tuple[str, str]] = []
    fake = _fake({("HEAD", "https://a.org/x"): 405, ("HEAD", "https://b.org/y"): None,
                  ("HEAD", "https://c.org/z"): 404, ("GET", "https://c.org/z"): 404}, asked)
    answers = linkcheck.check(["https://a.org/x", "https://b.org/y", "https://c.org/z"],
                              delay=0, request=fake)
    assert [method for method, _ in asked] == ["HEAD", "GET", "HEAD", "GET", "HEAD", "GET"]
    assert [answer.dead for answer in answers] == [False, False, True]


def test_the_pause_comes_between_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr(linkcheck.time, "sleep", pauses.append)
    linkcheck.check(["https://a.org/1", "https://a.org/2", "https://a.org/3"], delay=1.5,
                    request=_fake({}, []))
    assert pauses == [1.5, 1.5]


def test_the_report_names_each_dead_address_with_the_places_that_use_it() -> None:
    answers = [Answer("https://a.org/gone", 404, "https://a.org/gone", "HTTP 404 Not Found"),
               Answer("https://b.org/old", 200, "https://b.org/new"),
               Answer("https://c.org/", 200, "https://c.org")]
    places = {"https://a.org/gone": ["notebooks/05_x.ipynb (cell 4)",
                                     "data/nato_russia.json (sources src-x)"]}
    text = linkcheck.report(answers, places)
    assert text.splitlines()[:3] == [
        "DEAD https://a.org/gone (HTTP 404 Not Found)",
        "    used in notebooks/05_x.ipynb (cell 4)",
        "    used in data/nato_russia.json (sources src-x)"]
    assert text.endswith("3 addresses asked: 1 dead, 1 answered from another address "
                         "(redirected), the rest alive.")


def test_the_command_refuses_a_negative_delay(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        linkcheck.main(["--delay", "-1"])
    assert "--delay must be 0 or more" in capsys.readouterr().err


def test_an_unreadable_notebook_is_one_message_not_a_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_x.ipynb").write_text("{not json", encoding="utf-8")
    assert linkcheck.main([], root=tmp_path) == 2
    assert capsys.readouterr().err.startswith("cannot read the course's links: ")


# --------------------------------------------------------------------------- real requests


class _Pages(BaseHTTPRequestHandler):
    """A live page, a missing one, a redirect, and a page whose server refuses HEAD."""

    seen: list[tuple[str, str, str]] = []

    def _answer(self, with_body: bool) -> None:
        self.seen.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/live")
            self.end_headers()
            return
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        status = 200 if self.path in ("/live", "/no-head") else 404
        body = b"<p>page</p>"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's name)
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)

    def log_message(self, *args: object) -> None:
        pass  # quiet


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.slow
def test_a_live_page_a_404_a_redirect_and_a_server_refusing_head(site: str) -> None:
    _Pages.seen.clear()
    urls = [f"{site}/live", f"{site}/gone", f"{site}/moved", f"{site}/no-head"]
    live, gone, moved, no_head = linkcheck.check(urls, delay=0, timeout=5)
    assert (live.status, live.dead) == (200, False)
    assert (gone.status, gone.dead) == (404, True)
    assert (moved.status, moved.redirected, moved.final_url) == (200, True, f"{site}/live")
    assert (no_head.status, no_head.dead) == (200, False)
    assert ("GET", "/no-head") in {(method, path) for method, path, _ in _Pages.seen}
    assert all(agent == linkcheck.USER_AGENT for *_, agent in _Pages.seen)


@pytest.mark.slow
def test_an_address_nobody_answers_is_dead_with_its_reason() -> None:
    answer = linkcheck.check_one("http://127.0.0.1:9/", timeout=2)
    assert answer.dead and answer.status is None and answer.error


@pytest.mark.slow
def test_the_command_reports_dead_course_links_and_fails(
        site: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "README.md").write_text(f"[live]({site}/live) and [gone]({site}/gone)\n",
                                        encoding="utf-8")
    status = linkcheck.main(["--delay", "0", "--timeout", "5"], root=tmp_path)
    out = capsys.readouterr().out
    assert status == 1
    assert f"DEAD {site}/gone (HTTP 404 Not Found)\n    used in README.md (line 1)" in out
    assert "2 addresses asked: 1 dead" in out
