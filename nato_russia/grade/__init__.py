"""The instructor's grader: ``python -m nato_russia.grade LESSON SUBMISSIONS``.

From a folder of submitted exercise notebooks to a gradebook, with no submission able to
fool, hang or contaminate it. One module per job:

- :mod:`~nato_russia.grade.cli`: the command line; :mod:`~nato_russia.grade.batch`: one
  run, from checks on the inputs to the reports;
- :mod:`~nato_russia.grade.lesson`: the instructor's exercise read as a plan;
  :mod:`~nato_russia.grade.submissions`: the files found (each student's own copy
  first), read and matched to a roster;
  :mod:`~nato_russia.grade.rebuild`: a submission rebuilt from the exercise and the
  student's answer cells; :mod:`~nato_russia.grade.flags`: code for the instructor to
  review;
- :mod:`~nato_russia.grade.sandbox`: the folder, user, environment and limits of a kernel;
  :mod:`~nato_russia.grade.interpreter`: a Python that user can run;
  :mod:`~nato_russia.grade.kernel`: the kernel, run cell by cell under time limits;
  :mod:`~nato_russia.grade.runner`: one submission graded;
- :mod:`~nato_russia.grade.to_plain` (runs in the kernel) and
  :mod:`~nato_russia.grade.from_plain`: answers carried out of the kernel as plain data;
  :mod:`~nato_russia.grade.judge`: judged with :func:`nato_russia.checks.judge`, as
  ``check`` judges them;
- :mod:`~nato_russia.grade.reports`: gradebook, feedback, written answers, flags;
  :mod:`~nato_russia.grade.class_report`: ``class.html``, the class at a glance;
  :mod:`~nato_russia.grade.written_marks`: the instructor's marks for written answers,
  read back and folded in;
- :mod:`~nato_russia.grade.capstone`: ``python -m nato_russia.grade capstone``, every
  student's own records checked and merged into one dataset for the class.
"""
