"""A notebook saved with explorers keeps their pictures and descriptions, not dead widget views.

The browser proves the whole (tests/browser/test_saved_work.py: reopened on a fresh server,
the picture shows, no widget error); these tests hold the rule on the saved file itself.
"""

from __future__ import annotations

import asyncio
import copy
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
import pytest

from nato_russia import explore
from nato_russia.lab.contents import CourseContentsManager
from nato_russia.lab.saved_outputs import WIDGET_STATE, WIDGET_VIEW, keep_pictures


@pytest.fixture(scope="module")
def explorer_output() -> dict[str, Any]:
    """A timeline explorer's output as JupyterLab holds it after the cell ran."""
    bundle = explore.timeline(period="p07")._repr_mimebundle_()
    assert WIDGET_VIEW in bundle and "image/png" in bundle
    return {"output_type": "execute_result", "execution_count": 1, "metadata": {},
            "data": bundle}


def _notebook(*outputs: dict[str, Any]) -> dict[str, Any]:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell("explore.timeline(period='p07')")]
    notebook.cells[0].outputs = [nbformat.from_dict(copy.deepcopy(o)) for o in outputs]
    return json.loads(nbformat.writes(notebook))


def test_an_explorer_is_saved_as_its_picture_with_its_description(
        explorer_output: dict[str, Any]) -> None:
    notebook = _notebook(explorer_output)
    assert keep_pictures(notebook) == 1
    data = notebook["cells"][0]["outputs"][0]["data"]
    assert WIDGET_VIEW not in data
    assert data["image/png"] == explorer_output["data"]["image/png"]
    described = explorer_output["data"]["text/plain"]
    assert described.startswith("Timeline explorer: Timeline of")
    assert f'alt="{described}"' in data["text/html"].replace("&#x27;", "'")
    assert "<figcaption" in data["text/html"]
    assert keep_pictures(notebook) == 0  # saving again changes nothing


def test_a_view_whose_state_is_saved_stays(explorer_output: dict[str, Any]) -> None:
    notebook = _notebook(explorer_output)
    model_id = explorer_output["data"][WIDGET_VIEW]["model_id"]
    notebook["metadata"]["widgets"] = {WIDGET_STATE: {"state": {model_id: {}}}}
    assert keep_pictures(notebook) == 0
    assert WIDGET_VIEW in notebook["cells"][0]["outputs"][0]["data"]


def test_a_widget_without_a_static_version_is_left_alone() -> None:
    slider = {"output_type": "display_data", "metadata": {},
              "data": {WIDGET_VIEW: {"model_id": "abc", "version_major": 2,
                                     "version_minor": 0}, "text/plain": "IntSlider(value=3)"}}
    notebook = _notebook(slider)
    assert keep_pictures(notebook) == 0
    assert WIDGET_VIEW in notebook["cells"][0]["outputs"][0]["data"]


def _run(coroutine: Any) -> Any:
    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright may hold this thread's loop
        return pool.submit(asyncio.run, coroutine).result()


def test_the_courses_server_saves_a_students_notebook_that_way(
        tmp_path: Path, explorer_output: dict[str, Any]) -> None:
    (tmp_path / "my_work").mkdir()
    manager = CourseContentsManager(root_dir=str(tmp_path))
    model = {"type": "notebook", "format": "json", "content": _notebook(explorer_output)}
    _run(manager.save(model, "my_work/mine.ipynb"))
    saved = json.loads((tmp_path / "my_work" / "mine.ipynb").read_text(encoding="utf-8"))
    data = saved["cells"][0]["outputs"][0]["data"]
    assert WIDGET_VIEW not in data and "image/png" in data and "text/html" in data
