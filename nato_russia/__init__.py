"""Helper package of the NATO-Russia relations course.

Modules a notebook uses: ``data`` (the dataset as DataFrames), ``charts`` (matplotlib
figures), ``explore`` (interactive explorers) and ``checks`` (exercise feedback).
Behind them: ``palette`` (the one colour-blind-safe palette), ``coalesce`` (redraws that
never queue up), ``questions`` (one module of answer keys per lesson), ``kinds``,
``answers`` and ``figures`` (how answers are read and judged), and, for authors,
``build``, ``exercise``, ``execute``, ``notebooks`` and ``cellmeta`` (exercises generated
from solutions, notebooks run and cleaned).
"""

__version__ = "0.1.0"
