"""What repo2docker's base environment already holds, read from repo2docker's own lock file.

Binder builds the course with repo2docker, which first installs a conda environment of its
own: Python, JupyterLab, the Jupyter server and their dependencies, at versions fixed in a
lock file shipped inside the ``jupyter-repo2docker`` package. The course leaves that stack to
conda and pins the same versions in its pip lock, so that ``make lab`` and Binder serve the
same JupyterLab and no package is installed twice by two installers.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

# conda-forge names that differ from the Python package's name on the package index.
CONDA_TO_PYPI = {
    "brotli-python": "brotli",
    "nbconvert-core": "nbconvert",
    "python-fastjsonschema": "fastjsonschema",
}
# A conda file name: name-version-build.conda (or .tar.bz2); Python packages' builds start
# with "py" (pyhd8ed1ab_0, py311h...), which tells them from C libraries and data such as
# conda's tzdata (the IANA database, not the Python package of the same name).
CONDA_FILE = re.compile(r"/(?P<name>[^/]+)-(?P<version>[^-/]+)-(?P<build>[^-/]+)"
                        r"\.(?:conda|tar\.bz2)(?:#|$)")


def canonical(name: str) -> str:
    """A package name as the package index compares names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lock_file(python: str = "3.11", platform: str = "linux-64") -> Path:
    """repo2docker's explicit conda lock for its base environment on ``python``."""
    folder = resources.files("repo2docker.buildpacks.conda")
    return Path(str(folder / f"environment.py-{python}-{platform}.lock"))


def base_packages(python: str = "3.11", platform: str = "linux-64") -> dict[str, str]:
    """The Python packages of repo2docker's base environment: canonical name -> version.

    Parameters
    ----------
    python
        The Python version environment.yml asks for, ``major.minor``.
    platform
        conda's platform name; Binder builds on ``linux-64``.
    """
    found = {}
    for line in lock_file(python, platform).read_text(encoding="utf-8").splitlines():
        match = CONDA_FILE.search(line.strip())
        if not match or not match["build"].startswith("py"):
            continue
        name = canonical(CONDA_TO_PYPI.get(match["name"], match["name"]))
        found[name] = match["version"]
    return found


if __name__ == "__main__":
    # `make lock` resolves the pip lock under these constraints.
    for package, version in sorted(base_packages().items()):
        print(f"{package}=={version}")
