"""Starting the course in JupyterLab, for a student: ``python -m nato_russia.lab``.

- :mod:`~nato_russia.lab.settings`: the course's Jupyter settings (``lab-settings/``)
  installed into the Python environment: the start page, the server's contents manager,
  the kernel's extension, line wrapping;
- :mod:`~nato_russia.lab.student_work`: each student's own copies of the exercises, in
  ``my_work/``, made once and never overwritten;
- :mod:`~nato_russia.lab.contents`: the server's view of the files: the course's own
  notebooks and data read-only, its machinery out of the file browser;
- :mod:`~nato_russia.lab.cli`: the command that does all three and starts JupyterLab.
"""

from pathlib import Path

# The checkout the package is installed from (pip install -e .): lessons, exercises, data.
COURSE_ROOT = Path(__file__).resolve().parents[2]
