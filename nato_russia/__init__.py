"""Helper package of the NATO-Russia relations course.

Modules: ``data`` (the dataset as DataFrames), ``charts`` (matplotlib figures),
``explore`` (interactive explorers), ``checks`` (exercise feedback) and ``build``
(exercise notebooks generated from solutions).
"""

__version__ = "0.1.0"
