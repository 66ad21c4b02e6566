"""The two commands: the README shows them, and `make lab` really serves the course."""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from course_files import ROOT
from processes import free_port, start_printing, stop_group, wait_for_printed

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_exactly_the_two_commands() -> None:
    commands = re.findall(r"^make (\w+)", README, flags=re.M)
    assert commands == ["lab", "test"]


def test_the_binder_address_lives_in_one_place() -> None:
    links = re.findall(r"mybinder\.org/v2/gh/[^)\s]+", README)
    assert len(links) == 1, "the badge and every link use the one [binder] reference"
    repo = links[0].split("/")[3:5]
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    # A citation must name the repository: those copies are held equal by test_citation.py.
    citing = {"README.md", "CITATION.cff", "site/index.md"}
    others = [
        name for name in tracked.stdout.split()
        if name not in citing and (ROOT / name).is_file()
        and "/".join(repo) in (ROOT / name).read_text(encoding="utf-8", errors="ignore")
    ]
    assert not others, f"the repository address is repeated in {others}"


def test_ci_runs_the_readme_test_command() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.strip().splitlines()[-1] == "make test"
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.mark.slow
def test_make_lab_serves_the_course_start_page(tmp_path: Path) -> None:
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_TOKEN=token, BROWSER="true")
    # Nobody's own Jupyter settings or workspaces: the course's own settings must do it all.
    for name in ("config", "data", "runtime"):
        env[f"JUPYTER_{name.upper()}_DIR"] = str(tmp_path / name)
    server = subprocess.Popen(
        ["make", "--no-print-directory", "lab", f"PORT={port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.stderr.read().decode()[-2000:]
                assert time.monotonic() < deadline, "make lab did not answer within 90 s"
                time.sleep(0.5)
        url = f"{base}/api/contents/notebooks/00_introduction.ipynb?token={token}"
        with urllib.request.urlopen(url, timeout=10) as response:
            notebook = json.load(response)
        assert notebook["type"] == "notebook"
        assert notebook["content"]["cells"][0]["source"].startswith("# 00 ·")
        assert notebook["writable"] is False, "a lesson is served read-only"
        page = f"{base}/lab/tree/notebooks/00_introduction.ipynb?token={token}"
        with urllib.request.urlopen(page, timeout=10) as response:
            assert response.status == 200
            assert b"JupyterLab" in response.read()
        # The server's own address leads to lesson 00 (JupyterLab's default is /lab).
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirect:
            opener.open(f"{base}/?token={token}", timeout=10)
        assert redirect.value.code == 302
        assert redirect.value.headers["Location"].split("?")[0].endswith(
            "/lab/tree/notebooks/00_introduction.ipynb")
        # The course's settings: no "fetch Jupyter news?" pop-up over every lesson.
        settings = f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification"
        with urllib.request.urlopen(f"{settings}?token={token}", timeout=10) as response:
            # overrides.json becomes the default of the setting's schema
            schema = json.load(response)["schema"]
            assert schema["properties"]["fetchNews"]["default"] == "false"
        tracker = f"{base}/lab/api/settings/@jupyterlab/notebook-extension:tracker"
        with urllib.request.urlopen(f"{tracker}?token={token}", timeout=10) as response:
            schema = json.load(response)["schema"]
            assert schema["properties"]["codeCellConfig"]["default"]["lineWrap"] is True
    finally:
        stop_group(server)


def test_make_alone_lists_the_commands_and_runs_nothing() -> None:
    result = subprocess.run(["make", "--no-print-directory"], cwd=ROOT, capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^  make (\w+)", result.stdout, flags=re.M)
    assert {"lab", "test", "exercises", "outputs", "site", "bench", "lock"} <= set(listed)
    assert "pip install" not in result.stdout + result.stderr, "the default target installs nothing"


def test_an_address_is_taken_once_its_server_listens(tmp_path: Path) -> None:
    # As Jupyter's server does: the address printed first, the port bound a moment later.
    port = free_port()
    script = ("import socket, time\n"
              f"print('http://127.0.0.1:{port}/lab', flush=True)\n"
              "time.sleep(1.5)\n"
              f"server = socket.create_server(('127.0.0.1', {port}))\n"
              "time.sleep(60)\n")
    server, printed = start_printing([sys.executable, "-c", script], tmp_path, dict(os.environ))
    try:
        address = wait_for_printed(server, printed, re.compile(r"(http://\S+)"), seconds=30)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # refused if the wait had returned at the printed line
        assert address == f"http://127.0.0.1:{port}/lab"
    finally:
        stop_group(server)
