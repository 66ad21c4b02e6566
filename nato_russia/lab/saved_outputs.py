"""A saved notebook keeps its explorers' pictures, not views of widgets that die with the kernel.

An explorer's output holds three versions: the live widget's view, a static picture (or
HTML) and a line of plain text that describes it. JupyterLab shows the richest, the widget's
view. Saved as it is, a notebook reopened on a fresh server (the next day, a new Binder
session) has no kernel holding that widget, and JupyterLab shows "Error displaying widget:
model not found" where the chart was, although the picture is in the file.

So, as a notebook is saved, each output that has a widget view and a static version, and
whose widget's state is not saved in the notebook, loses the view. The open notebook keeps
its live widgets (JupyterLab does not reload what it saved); the file keeps the picture.
A picture gains an HTML version with the description as its alt text and as a caption, so
that the reopened chart is described as the live one was.
"""

from __future__ import annotations

import html
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
STATIC = ("image/png", "image/svg+xml", "text/html")


def _saved_widgets(notebook: dict[str, Any]) -> set[str]:
    """Ids of the widget models whose state the notebook stores (JupyterLab's *Save Widget
    State*): those views can be restored and stay."""
    state = notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {})
    models = state.get("state", {}) if isinstance(state, dict) else {}
    return set(models) if isinstance(models, dict) else set()


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def picture_html(png: str, description: str) -> str:
    """A stored picture as HTML, described by its alt text and a caption."""
    alt = html.escape(description, quote=True)
    return (f'<figure class="nato-explorer-saved" style="margin:0">'
            f'<img src="data:image/png;base64,{png}" alt="{alt}" style="max-width:100%">'
            f'<figcaption style="font-size:85%;opacity:0.8">{html.escape(description)}'
            "</figcaption></figure>")


def keep_pictures(notebook: dict[str, Any]) -> int:
    """Drop the widget views that could not be shown again from a notebook's outputs.

    Parameters
    ----------
    notebook
        The notebook's content, as JupyterLab sends it to be saved (changed in place).

    Returns
    -------
    int
        How many views were dropped.
    """
    restorable = _saved_widgets(notebook)
    dropped = 0
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if isinstance(cell, dict) else []:
            data = output.get("data") if isinstance(output, dict) else None
            if not isinstance(data, dict) or WIDGET_VIEW not in data:
                continue
            view = data[WIDGET_VIEW]
            if isinstance(view, dict) and view.get("model_id") in restorable:
                continue
            if not any(kind in data for kind in STATIC):
                continue  # nothing to show instead: leave the view as it is
            del data[WIDGET_VIEW]
            dropped += 1
            if "image/png" in data and "text/html" not in data and "text/plain" in data:
                data["text/html"] = picture_html(_text(data["image/png"]).strip(),
                                                 _text(data["text/plain"]))
    return dropped
