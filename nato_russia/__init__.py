"""Helper package of the NATO-Russia relations course.

What a notebook uses, at the top:

- ``data``: the dataset found, validated (rules in ``validation``) and returned as DataFrames;
- ``charts``: the five static charts; ``measures``: the numbers they draw, computed alone;
  ``rendering``: the figure class and how charts render; ``palette``: the one
  colour-blind-safe palette;
- ``explore``: the interactive explorers (``explorer_base``: what they share;
  ``quotation_browser``: the quotation browser; ``coalesce``: redraws that never queue up);
- ``checks``: ``check("03.2", answer)``, instant feedback on an exercise answer.

Behind them, in subpackages of their own:

- ``questions``: the exercise machinery: the kinds of question, the readers of a student's
  answer (values, text, a bar chart) and one module of answer keys per lesson;
- ``authoring``: the authoring tools: ``python -m nato_russia.authoring`` generates exercises
  from solutions, checks them and runs notebooks;
- ``grade``: the instructor's grader: ``python -m nato_russia.grade`` grades a folder of
  submitted exercise notebooks, each isolated, into a gradebook.
"""

__version__ = "0.1.0"
