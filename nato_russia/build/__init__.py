"""The authoring tools: exercises generated from solutions, notebooks run and cleaned.

``python -m nato_russia.build`` is the command (:mod:`~nato_russia.build.cli`). Behind it:
:mod:`~nato_russia.build.passes` (the solution-to-exercise step, pass by pass),
:mod:`~nato_russia.build.solution_blocks` (finding solution blocks and their placeholders),
:mod:`~nato_russia.build.nbgrader_metadata` (nbgrader's cell metadata),
:mod:`~nato_russia.build.notebook_files` (reading, cleaning and writing notebook files) and
:mod:`~nato_russia.build.execute` (running notebooks so their stored outputs are current).
"""
