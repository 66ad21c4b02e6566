"""The Jupyter server's view of the course files, as a student should meet them.

:class:`CourseContentsManager` is Jupyter's own file manager with two changes, both for the
course folder only:

- the course's own notebooks (``notebooks/``, ``exercises/``, ``solutions/``) and its
  dataset (``data/``) are read-only. JupyterLab then never saves them, by hand or by
  autosave, so running a lesson leaves ``git status`` clean and the next ``git pull``
  cannot collide with it; a student keeps work in ``my_work/`` or with *Save As*;
- the course's machinery (the package, tests, build files, the solutions) is left out of
  the file browser, which shows the lessons, the student's work, the data and the README.
  Hidden is not locked: a link to a hidden file still opens it.

And for every notebook it saves, an explorer's output keeps its picture instead of a view of
a widget that dies with the kernel (:mod:`~nato_russia.lab.saved_outputs`), so saved work
reopens with its charts.

Authors switch both off with ``python -m nato_russia.lab --author`` (``make lab AUTHOR=1``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
from tornado import web
from traitlets import Bool

from nato_russia.lab import COURSE_ROOT, saved_outputs

COURSE_NOTEBOOK = re.compile(r"^\d{2}_[a-z0-9_]+\.ipynb$")
NOTEBOOK_FOLDERS = ("notebooks", "exercises", "solutions")
DATA_FOLDER = "data"
# What a student never needs in the course folder's listing (the rest: notebooks/, my_work/,
# data/, README.md and any file of the student's own).
MACHINERY = frozenset({
    "bench", "build", "CITATION.cff", "environment.yml", "exercises", "instructors", "lab-settings",
    "LICENSE", "LICENSE-CONTENT.md", "Makefile", "nato_russia", "postBuild",
    "pyproject.toml", "requirements.txt", "requirements-dev.txt", "site", "_site", "solutions",
    "tests", "tools",
})
READ_ONLY = (
    "{name} is part of the course and stays as it was shipped, so that updates of the course "
    "never collide with your work. Your exercises are in my_work/; to keep your own version "
    "of this notebook, use File > Save Notebook As... and save it into my_work/."
)


def is_course_file(os_path: Path | str, root: Path = COURSE_ROOT) -> bool:
    """Tell whether a file on disk is one of the course's own notebooks or data files."""
    path = Path(os_path).resolve()
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    if len(parts) != 2:
        return False
    folder, name = parts
    return (folder in NOTEBOOK_FOLDERS and bool(COURSE_NOTEBOOK.match(name))) or (
        folder == DATA_FOLDER)


def is_course_folder(os_path: Path | str, root: Path = COURSE_ROOT) -> bool:
    """Tell whether a folder on disk is one that holds the course's own files."""
    path = Path(os_path).resolve()
    return path.parent == root and path.name in (*NOTEBOOK_FOLDERS, DATA_FOLDER)


def is_machinery(name: str) -> bool:
    """Tell whether a name in the course folder is machinery a student never opens."""
    return name in MACHINERY or name.endswith(".egg-info")


class CourseContentsManager(AsyncLargeFileManager):
    """Jupyter's file manager, with the course's files read-only and its machinery hidden."""

    protect_course = Bool(
        True, config=True,
        help="Make the course's own notebooks and data read-only (off for authors).")
    hide_machinery = Bool(
        True, config=True,
        help="Leave the course's machinery out of the course folder's listing.")

    def _protected(self, path: str) -> bool:
        return self.protect_course and is_course_file(self._get_os_path(path.strip("/")))

    def _refuse(self, path: str) -> None:
        """Stop a change to a course file, or a move of a folder of them, with a reason."""
        os_path = self._get_os_path(path.strip("/"))
        if self._protected(path) or (self.protect_course and is_course_folder(os_path)):
            raise web.HTTPError(403, READ_ONLY.format(name=path.strip("/")))

    def is_writable(self, path: str) -> bool:
        """Course files say they are read-only, so JupyterLab opens them that way."""
        return not self._protected(path) and super().is_writable(path)

    async def get(self, path: str, content: bool = True, type: str | None = None,  # noqa: A002
                  format: str | None = None, require_hash: bool = False) -> dict[str, Any]:  # noqa: A002
        """The model of a file or folder; the course folder without its machinery."""
        model = await super().get(path, content=content, type=type, format=format,
                                  require_hash=require_hash)
        if (self.hide_machinery and model.get("type") == "directory"
                and isinstance(model.get("content"), list)
                and Path(self._get_os_path(path.strip("/"))).resolve() == COURSE_ROOT):
            model["content"] = [entry for entry in model["content"]
                                if not is_machinery(entry["name"])]
        return model

    async def save(self, model: dict[str, Any], path: str = "") -> dict[str, Any]:
        """Save a file, unless it is one of the course's own; explorers saved as pictures."""
        self._refuse(path)
        if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
            saved_outputs.keep_pictures(model["content"])
        return await super().save(model, path)

    async def delete_file(self, path: str) -> None:
        """Delete a file, unless it is one of the course's own."""
        self._refuse(path)
        await super().delete_file(path)

    async def rename_file(self, old_path: str, new_path: str) -> None:
        """Rename a file, unless the old or the new name is one of the course's own."""
        self._refuse(old_path)
        self._refuse(new_path)
        await super().rename_file(old_path, new_path)
