"""The authoring tools: exercises generated from solutions, notebooks run and cleaned.

``python -m nato_russia.authoring`` is the command (:mod:`~nato_russia.authoring.cli`). Behind it:
:mod:`~nato_russia.authoring.passes` (the solution-to-exercise step, pass by pass),
:mod:`~nato_russia.authoring.solution_blocks` (finding solution blocks and their placeholders),
:mod:`~nato_russia.authoring.nbgrader_metadata` (nbgrader's cell metadata),
:mod:`~nato_russia.authoring.notebook_files` (reading, cleaning and writing notebook files) and
:mod:`~nato_russia.authoring.execute` (running notebooks so their stored outputs are current).
"""
