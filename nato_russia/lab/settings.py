"""The course's Jupyter settings (``lab-settings/``), installed into a Python environment.

Jupyter and IPython read settings from the environment they run in (``sys.prefix``), so
installing them there makes every server and kernel of the course's environment behave the
same, whichever way it was started: ``make lab``, ``python -m nato_russia.lab``, a plain
``jupyter lab`` or Binder (whose ``postBuild`` runs ``python -m nato_russia.lab install``).

===============================  ==================================================
``lab-settings/`` file           what it does, and where it goes under the prefix
===============================  ==================================================
``overrides.json``               JupyterLab defaults: no news pop-up, wrapped lines;
                                 ``share/jupyter/lab/settings/``
``jupyter_server_config.json``   the start page (lesson 00), the contents manager
                                 (:mod:`nato_russia.lab.contents`) and no search for
                                 language servers; ``etc/jupyter/``
``page_config.json``             no build check on page load; ``etc/jupyter/labconfig/``
``ipython_kernel_config.json``   the kernel extension (:mod:`nato_russia.kernel`);
                                 ``etc/ipython/``
``labextensions/<name>/``        prebuilt JupyterLab extensions, copied as they are:
                                 ``share/jupyter/labextensions/<name>/``
===============================  ==================================================

Without the language-server and build-check settings, every page load ran Node.js three
times, about 0.7 s of the machine's CPU, to ask whether JupyterLab needs rebuilding and
which language servers are installed: the course never rebuilds JupyterLab and uses no
language server.

The one extension, ``nato-russia-answer-cells``, shows ``%%answer`` cells as plain text
instead of Python; it is a hand-written JavaScript file, so nothing needs building.

Each file is merged into what the environment already has, so settings of other tools
survive; installing twice changes nothing.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from nato_russia.lab import COURSE_ROOT

SETTINGS = COURSE_ROOT / "lab-settings"
TARGETS: dict[str, tuple[str, ...]] = {
    "overrides.json": ("share", "jupyter", "lab", "settings", "overrides.json"),
    "jupyter_server_config.json": ("etc", "jupyter", "jupyter_server_config.json"),
    "ipython_kernel_config.json": ("etc", "ipython", "ipython_kernel_config.json"),
    "page_config.json": ("etc", "jupyter", "labconfig", "page_config.json"),
}


LABEXTENSIONS = ("labextensions",)  # under lab-settings/, and under share/jupyter/ of the prefix


class SettingsError(Exception):
    """A settings file could not be read or written; the message names it."""


def merge(current: Any, ours: Any) -> Any:
    """Our settings laid over the current ones: tables merged key by key, lists joined."""
    if isinstance(current, dict) and isinstance(ours, dict):
        merged = dict(current)
        for key, value in ours.items():
            merged[key] = merge(current[key], value) if key in current else value
        return merged
    if isinstance(current, list) and isinstance(ours, list):
        return current + [item for item in ours if item not in current]
    return ours


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except ValueError as exc:
        raise SettingsError(f"{path}: is not valid JSON ({exc})") from None


def install(prefix: Path | str = sys.prefix, settings: Path = SETTINGS) -> list[Path]:
    """Install the course's settings into an environment.

    Parameters
    ----------
    prefix
        The environment's folder (``sys.prefix``; on Binder, ``$NB_PYTHON_PREFIX``).
    settings
        The folder of settings files, ``lab-settings/`` of the course.

    Returns
    -------
    list of Path
        The files written (empty when all were already up to date).

    Raises
    ------
    SettingsError
        When a file cannot be read, parsed or written.
    """
    written = []
    for name, parts in TARGETS.items():
        ours = _read_json(settings / name)
        target = Path(prefix).joinpath(*parts)
        current = _read_json(target) if target.exists() else {}
        text = json.dumps(merge(current, ours), indent=2, ensure_ascii=False) + "\n"
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise SettingsError(f"{target}: cannot be written ({exc.strerror or exc})") from None
        written.append(target)
    return written + _install_labextensions(Path(prefix), settings)


def _install_labextensions(prefix: Path, settings: Path) -> list[Path]:
    """Copy the prebuilt extensions under ``settings`` into the prefix; the files written."""
    source = settings.joinpath(*LABEXTENSIONS)
    written = []
    for path in sorted(source.rglob("*")) if source.is_dir() else []:
        if not path.is_file():
            continue
        target = prefix.joinpath("share", "jupyter", *LABEXTENSIONS, path.relative_to(source))
        data = path.read_bytes()
        if target.exists() and target.read_bytes() == data:
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as exc:
            raise SettingsError(f"{target}: cannot be written ({exc.strerror or exc})") from None
        written.append(target)
    return written


def start_page(settings: Path = SETTINGS) -> str:
    """The address JupyterLab opens first (``/lab/tree/notebooks/00_introduction.ipynb``)."""
    return str(_read_json(settings / "jupyter_server_config.json")["LabApp"]["default_url"])
