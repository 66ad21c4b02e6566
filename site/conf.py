"""Sphinx settings for the reader's edition (``make site``; see site/build.py)."""

from __future__ import annotations

import sys
from pathlib import Path

SITE = Path(__file__).resolve().parent
sys.path.insert(0, str(SITE / "_ext"))

project = "NATO-Russia relations, 1990-2014 and after"
author = "the course's authors"
copyright = "the course's authors; text and dataset CC BY 4.0, code MIT"
html_title = project

extensions = ["myst_nb", "course_site"]
root_doc = "index"
# README.md defines the Binder address once; every page's launch link is read from it.
course_readme = str(SITE.parent / "README.md")
exclude_patterns = ["**/.ipynb_checkpoints"]

# The notebooks are shown with the outputs stored in them: no kernel runs for the site.
nb_execution_mode = "off"
# Widget views need a live kernel (and JavaScript from the network): a static page shows
# the PNG or HTML each explorer stores beside its widget instead, and loads no widget code.
nb_mime_priority_overrides = [("html", "application/vnd.jupyter.widget-view+json", None)]
nb_ipywidgets_js: dict[str, dict[str, str]] = {}

# "glossary.md#PfP": headings keep their case as anchors, as JupyterLab's do.
myst_heading_anchors = 3
myst_heading_slug_func = "course_site.links.heading_slug"
myst_enable_extensions = ["colon_fence"]

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_theme_options = {
    "home_page_in_toc": True,
    "show_toc_level": 2,
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
html_last_updated_fmt = None
