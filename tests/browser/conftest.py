"""A JupyterLab server and a headless Chromium for the browser tests.

The server runs from this project's Python (``sys.executable -m jupyter lab``) on 127.0.0.1,
on a free port, with a random token and throw-away Jupyter config, data, runtime and IPython
directories, so neither the user's settings and workspaces nor an earlier run can change
what the tests see. Its kernels import the package from this checkout (PYTHONPATH).

Chromium is Debian's (``/usr/bin/chromium``, or the path in ``$CHROMIUM``), driven by
Playwright's Python package; ``playwright install`` is never needed. Without Chromium the
tests skip. When a test fails, a screenshot goes to ``tests/browser/artifacts/``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from chromium import chromium_path
from course_files import ROOT
from notebook_ui import TIDY
from processes import free_port

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_TIMEOUT = 90  # seconds; a cold JupyterLab on a busy 2-core machine is slow

# Lab settings for a predictable page: every cell stays in the DOM (no virtual scrolling)
# and no news or update pop-ups. Autosave stays on, as for a student, and saves every
# second: the course's own notebooks must come out of any test as they went in.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {
        "autosave": True, "autosaveInterval": 1},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}
# What `python -m nato_russia.lab install` puts in the course's environment, given to the
# test server explicitly so the tests never depend on an earlier install.
SETTINGS = ROOT / "lab-settings"


@dataclass
class Lab:
    """A running JupyterLab server."""

    url: str
    token: str
    process: subprocess.Popen[bytes]
    log: Path

    def page_url(self, path: str) -> str:
        return f"{self.url}/{path}?token={self.token}&reset"


def _wait_until_up(lab: Lab) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(f"jupyter lab exited early:\n{lab.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{lab.url}/api/status?token={lab.token}", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise RuntimeError(f"jupyter lab did not answer in {SERVER_START_TIMEOUT} s:\n"
                       f"{lab.log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server we started, then anything left in its process group (its kernels)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)  # the server shuts its kernels down itself
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
    with contextlib.suppress(ProcessLookupError):  # our own session, started for this server
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def chromium() -> str:
    path, reason = chromium_path()
    if path is None:
        # CI sets this (.ci/run installs Chromium), so a missing browser fails there, never skips.
        if os.environ.get("COURSE_REQUIRE_BROWSER"):
            pytest.fail(f"browser tests are required here, but {reason}")
        pytest.skip(reason)
    return path


@contextlib.contextmanager
def serve(root: Path, home: Path) -> Iterator[Lab]:
    """Run JupyterLab on a course folder, its Jupyter and IPython folders in ``home``.

    ``root`` is the checkout for the shared ``lab`` fixture, or a copy of the course for a
    test that needs a fresh server or a student's folder of its own; the kernels import the
    package from ``root``.
    """
    dirs = {name: home / name for name in ("config", "data", "runtime", "ipython")}
    for folder in dirs.values():
        folder.mkdir(parents=True)
    for name, values in LAB_SETTINGS.items():
        target = dirs["config"] / "lab" / "user-settings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), encoding="utf-8")
    # The kernel extension (friendly errors, %%answer), as every course kernel loads it.
    profile = dirs["ipython"] / "profile_default"
    profile.mkdir()
    shutil.copy(SETTINGS / "ipython_kernel_config.json", profile / "ipython_kernel_config.json")
    server = json.loads((SETTINGS / "jupyter_server_config.json").read_text(encoding="utf-8"))
    (dirs["config"] / "labconfig").mkdir()
    shutil.copy(SETTINGS / "page_config.json", dirs["config"] / "labconfig" / "page_config.json")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])),
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
    }
    env.pop("NATO_RUSSIA_DATA", None)  # the kernels read the checkout's own dataset
    token = secrets.token_hex(24)
    port = free_port()
    log = home / "lab.log"
    command = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        # The tests read the notebook model (which outputs hold explorers) through the app.
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=", "--LabServerApp.workspaces_dir=" + str(home / "workspaces"),
        # Checkpoints (copies JupyterLab makes on opening a file) go to the temp dir too,
        # so a test run writes nothing into the project.
        f"--FileCheckpoints.checkpoint_dir={home / 'checkpoints'}",
        "--LabApp.extension_manager=readonly",  # no look-ups on a package index
        "--ServerApp.terminals_enabled=False",
        # The course's own notebooks read-only, as for a student.
        f"--ServerApp.contents_manager_class={server['ServerApp']['contents_manager_class']}",
        "--LanguageServerManager.autodetect="
        + str(server["LanguageServerManager"]["autodetect"]),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # containers and CI often run as root
        command.append("--allow-root")
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=root, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    server = Lab(url=f"http://127.0.0.1:{port}", token=token, process=process, log=log)
    try:
        _wait_until_up(server)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def lab(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    with serve(ROOT, tmp_path_factory.mktemp("jupyter")) as server:
        yield server


@pytest.fixture(scope="session")
def serve_lab(chromium: str) -> Any:
    """:func:`serve`, for a test that needs a fresh server on a course folder of its own."""
    return serve


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium, headless=True,
                                              args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    # Keep each phase's report on the test item, so the page fixture knows it failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


# Where to look first in a failure screenshot: the notebook scrolls inside the page, so a
# screenshot shows only what is scrolled into view.
TROUBLE = [
    "text=/Error displaying widget|Failed to create view|Click to show javascript error/",
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
    ".nato-explorer-error:visible",
    ".nato-explorer",
]


def _show_trouble(tab: Any) -> None:
    for selector in TROUBLE:
        with contextlib.suppress(Exception):  # best effort: the page may be broken
            found = tab.locator(selector)
            if found.count():
                found.first.scroll_into_view_if_needed(timeout=5_000)
                return


@pytest.fixture
def work_folder() -> Iterator[Path]:
    """A folder of the student's own in the checkout's my_work/ (git-ignored), removed
    afterwards: where a test puts a notebook of its own to open on the shared server.

    Ask for it before ``page``: fixtures end in the reverse order, so the tab is tidied while
    the folder is still there.
    """
    folder = ROOT / "my_work" / f"test-{secrets.token_hex(4)}"
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# A page's window, as a student's laptop might have it.
VIEWPORT = {"width": 1400, "height": 1000}
# The tab kept for the next test, by browser (one browser per worker).
_KEPT: dict[int, Any] = {}


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A browser tab, kept for the next test when this one passes and leaves it tidy.

    Loading JupyterLab into a tab costs about 5 s of CPU; the tests that use this fixture
    open their notebooks in the JupyterLab a kept tab already shows
    (:func:`notebook_ui.open_path`). A test that fails, or leaves a dialog or another window
    size behind, closes its tab, and the next test starts on a new one.
    """
    tab = _KEPT.pop(id(browser), None)
    if tab is None:
        context = browser.new_context(viewport=VIEWPORT)
        context.set_default_timeout(60_000)
        tab = context.new_page()
    keep = False
    try:
        yield tab
    finally:
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            _show_trouble(tab)
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
            try:
                tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
            except Exception as exc:  # noqa: BLE001 - a failed screenshot must not mask the test
                print(f"could not save a screenshot: {exc}")
        elif report is not None and tab.viewport_size == VIEWPORT:
            with contextlib.suppress(Exception):  # a tab that cannot be tidied is not kept
                keep = bool(tab.evaluate(TIDY))
        if keep:
            _KEPT[id(browser)] = tab
        else:
            tab.context.close()
