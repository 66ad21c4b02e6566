# The course's commands: `make` alone lists them. Each target creates .venv when it is missing.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8888

SITE_DIR ?= _site

# The tests import the course in over a hundred processes (workers, kernels, servers):
# Python's bytecode cache (__pycache__, which git ignores) spares each of them compiling the
# course and the tests again, 3 s per pytest worker. Some machines switch the cache off for
# every program; the course's commands switch it back on.
unexport PYTHONDONTWRITEBYTECODE

# nbgrader is for the grading tests: its menus and server extensions stay out of the
# course's JupyterLab, which must look as it does for students.
NBGRADER_SERVER := formgrader validate_assignment assignment_list course_list
LOCK_VENV := /tmp/nato-russia-lock
# pip-compile writes plain name==version lines; where the packages come from is pip's business.
# --allow-unsafe pins setuptools too, which nbgrader needs when it runs.
COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --no-header --no-annotate --strip-extras \
	--allow-unsafe --no-emit-index-url --no-emit-find-links --output-file -

.DEFAULT_GOAL := help
.PHONY: help lab check test exercises outputs site links grade bench lock clean

help: ## list the commands
	@echo "The course's commands:"
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z]+):.*## (.*)/  make \1\t\2/' | expand -t 18

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt pyproject.toml $(wildcard lab-settings/*.json) \
		$(wildcard lab-settings/labextensions/*/package.json lab-settings/labextensions/*/static/*) | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	# The course's Jupyter settings (start page, read-only course files, the kernel's
	# friendly errors and %%answer cells), as postBuild does on Binder.
	$(PY) -m nato_russia.lab install
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(VENV)/bin/jupyter labextension disable --level=sys_prefix @jupyter/nbgrader >/dev/null 2>&1
	for name in $(NBGRADER_SERVER); do \
	  $(VENV)/bin/jupyter server extension disable --sys-prefix \
	    nbgrader.server_extensions.$$name >/dev/null 2>&1 || exit 1; done
	touch $@

# The README's steps without make run the same command: it copies new exercises into
# my_work/, then serves the course and opens lesson 00. AUTHOR=1: course files writable.
lab: $(RUNTIME_STAMP) ## install what the course needs and open it in JupyterLab, at lesson 00
	$(PY) -m nato_russia.lab --ip=$(HOST) --port=$(PORT) $(if $(AUTHOR),--author)

# Two tiers. `make check`: lint, types and every test that starts no kernel, server or browser.
# `make test`: everything, as CI runs it, each notebook executed once (by nbval), on four
# workers sharing two cores (tests/scheduling.py decides what runs together).
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg
WORKERS ?= 4
PARALLEL := -n $(WORKERS) --dist loadscope

check: $(DEV_STAMP) ## lint, types and the tests that start no kernel or browser (under a minute)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m nato_russia.authoring --check
	$(PY) -m pytest -q -m "not slow and not browser" -n 2 --dist loadscope

test: $(DEV_STAMP) ## install the test tools and run every test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m nato_russia.authoring --check
	$(PY) -m pytest $(NBVAL) $(PARALLEL)

exercises: $(RUNTIME_STAMP) ## regenerate exercises/ from solutions/
	$(PY) -m nato_russia.authoring

outputs: $(RUNTIME_STAMP) ## run every lesson and solution and store their outputs again
	$(PY) -m nato_russia.authoring --execute

site: $(DEV_STAMP) ## build the reader's edition, a static website, into _site/
	$(PY) site/build.py $(SITE_DIR)

# Needs the network, so never part of `make check` or `make test`: an author runs it before a
# release. One request at a time, a second apart; DELAY=2 to be gentler, HOST_ONLY=nato.int for one host.
links: $(RUNTIME_STAMP) ## ask every address the course links once and list the dead ones
	$(PY) -m nato_russia.linkcheck $(if $(DELAY),--delay $(DELAY)) $(if $(HOST_ONLY),--host $(HOST_ONLY))

grade: $(RUNTIME_STAMP) ## grade submissions: LESSON=01 SUBMISSIONS=folder [OUT=folder]
	@test -n "$(LESSON)" -a -n "$(SUBMISSIONS)" || { echo "usage: make grade LESSON=01 \
	SUBMISSIONS=folder [OUT=folder] [GRADE_OPTIONS='--jobs 2 ...']" >&2; exit 2; }
	$(PY) -m nato_russia.grade $(LESSON) "$(SUBMISSIONS)" $(if $(OUT),--out "$(OUT)") \
		$(GRADE_OPTIONS)

bench: $(DEV_STAMP) ## run the benchmarks and print their tables
	$(PY) bench/run.py

lock: ## re-resolve both locks from pyproject.toml and rewrite environment.yml
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet pip-tools
	{ echo "# Runtime lock: what a student's kernel and JupyterLab need, nothing more."; \
	  echo "# Resolved by \`make lock\` from pyproject.toml: the package's dependencies and the lab extra."; \
	  $(COMPILE) --extra lab --constraint tools/conda-stack.txt pyproject.toml \
	    | grep -v -e '^#' -e '^$$' | sort -f; } > requirements.txt
	$(COMPILE) --extra lab --extra test --extra site --constraint requirements.txt pyproject.toml \
	  | grep -v -e '^#' -e '^$$' | sort -f > $(LOCK_VENV)/dev.txt
	{ echo "# Dev lock: the runtime lock plus the test tools and the site builder"; \
	  echo "# (pyproject.toml's test and site extras)."; \
	  echo "-r requirements.txt"; \
	  grep -vxFf requirements.txt $(LOCK_VENV)/dev.txt; } > requirements-dev.txt
	# environment.yml reads which locked packages the conda stack pulls in from the installed
	# packages' metadata: install the new lock first.
	$(MAKE) $(RUNTIME_STAMP)
	$(PY) tools/sync_environment.py

clean: ## remove .venv, the built site and caches
	rm -rf $(VENV) .pytest_cache $(SITE_DIR)
