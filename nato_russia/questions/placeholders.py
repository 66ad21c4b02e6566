"""What an unanswered exercise cell holds.

The builder writes these (:mod:`nato_russia.authoring.solution_blocks`) and the checks
recognise them (:mod:`nato_russia.questions.readers`); keeping them in one place stops the
two drifting apart.
"""

# A code answer: ``count = ...  # your code here``.
CODE = "..."
CODE_COMMENT = "# your code here"
# A written answer in an ``%%answer essay`` cell: the line under the magic.
WRITTEN = "..."
# A written answer as a string (older form): ``essay = """..."""  # write your answer ...``.
TEXT = '"""..."""'
TEXT_COMMENT = "# write your answer in place of the dots"
# A markdown answer.
MARKDOWN = "*Write your answer here.*"
