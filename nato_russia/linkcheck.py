"""``make links``: ask every distinct address in the course once, politely, and report the dead.

For an author with a network connection; never run by CI or ``make test`` (the course is built
where there may be no network, and a site that is down for an hour is no failure of the
course). Politeness: one request at a time, a pause between requests, a User-Agent that says
who asks and why, ``HEAD`` first and ``GET`` only when a server refuses ``HEAD``, and a timeout.

Usage: ``python -m nato_russia.linkcheck [--delay SECONDS] [--timeout SECONDS] [--host HOST]``
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nato_russia import course_links, hosts

# Who asks and why; the course's name is enough to find it (its address lives in the README only).
USER_AGENT = ("nato-russia-course-linkcheck/1.0 (an open notebook course checking its own "
              "links: one request per address, a second apart)")
# Servers that refuse HEAD, or answer it wrongly, are asked again with GET.
RETRY_WITH_GET = frozenset({400, 403, 404, 405, 406, 429, 500, 501, 503})


@dataclass(frozen=True)
class Answer:
    """What an address gave: its HTTP status (None when no answer came), where it ended up
    after redirects, and the error when there was one."""

    url: str
    status: int | None
    final_url: str
    error: str = ""

    @property
    def dead(self) -> bool:
        """No answer, or a 4xx/5xx answer."""
        return self.status is None or self.status >= 400

    @property
    def redirected(self) -> bool:
        """The address answered from somewhere else."""
        return self.final_url.rstrip("/") != self.url.rstrip("/")


def ask(url: str, method: str, timeout: float) -> Answer:
    """One request; redirects are followed, errors become an :class:`Answer`."""
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            if method == "GET":
                response.read(1024)  # enough to know the page is served
            return Answer(url, response.status, response.geturl())
    except urllib.error.HTTPError as exc:
        return Answer(url, exc.code, exc.geturl() or url, f"HTTP {exc.code} {exc.reason}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Answer(url, None, url, str(reason) or type(exc).__name__)


def check_one(url: str, timeout: float,
              request: Callable[[str, str, float], Answer] = ask) -> Answer:
    """HEAD, then GET when the server refuses HEAD or gives no answer to it."""
    answer = request(url, "HEAD", timeout)
    if answer.status is None or answer.status in RETRY_WITH_GET:
        return request(url, "GET", timeout)
    return answer


def check(urls: Iterable[str], *, delay: float = 1.0, timeout: float = 20.0,
          request: Callable[[str, str, float], Answer] = ask,
          progress: Callable[[int, int, Answer], None] | None = None) -> list[Answer]:
    """Ask each distinct address once, in order, pausing ``delay`` seconds between them."""
    distinct = list(dict.fromkeys(urls))
    answers = []
    for number, url in enumerate(distinct, start=1):
        if number > 1 and delay:
            time.sleep(delay)
        answer = check_one(url, timeout, request)
        answers.append(answer)
        if progress:
            progress(number, len(distinct), answer)
    return answers


def report(answers: Sequence[Answer], places: dict[str, list[str]]) -> str:
    """The dead addresses, each with the files and records that use it, and a count."""
    lines = []
    dead = [answer for answer in answers if answer.dead]
    for answer in dead:
        lines.append(f"DEAD {answer.url} ({answer.error or answer.status})")
        lines.extend(f"    used in {place}" for place in places.get(answer.url, []))
    moved = sum(answer.redirected and not answer.dead for answer in answers)
    lines.append(f"{len(answers)} addresses asked: {len(dead)} dead, {moved} answered from "
                 "another address (redirected), the rest alive.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None, root: Path = course_links.ROOT) -> int:
    """Check the course's links; exit status 1 when any is dead."""
    parser = argparse.ArgumentParser(prog="python -m nato_russia.linkcheck",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=1.0,
                        help="seconds between two requests (default 1)")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="seconds to wait for one answer (default 20)")
    parser.add_argument("--host", help="check only the addresses on this host")
    options = parser.parse_args(argv)
    if options.delay < 0 or options.timeout <= 0:
        parser.error("--delay must be 0 or more and --timeout more than 0")
    places: dict[str, list[str]] = {}
    try:
        found = course_links.course_links(root)
    except (OSError, ValueError) as exc:  # a file unreadable, or a notebook that is not JSON
        print(f"cannot read the course's links: {exc}", file=sys.stderr)
        return 2
    for link in found:
        if options.host and hosts.host_of(link.url) != options.host.removeprefix("www."):
            continue
        places.setdefault(link.url, []).append(link.place)
    if not places:
        print("no address to check" + (f" on {options.host}" if options.host else ""))
        return 0
    print(f"Asking {len(places)} addresses, one every {options.delay:g} s ...", flush=True)

    def progress(number: int, total: int, answer: Answer) -> None:
        if answer.dead:
            print(f"  [{number}/{total}] dead: {answer.url}", flush=True)

    answers = check(places, delay=options.delay, timeout=options.timeout, progress=progress)
    print(report(answers, places))
    return 1 if any(answer.dead for answer in answers) else 0


if __name__ == "__main__":
    sys.exit(main())
