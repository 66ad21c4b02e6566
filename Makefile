# The course's commands. Each target creates .venv when it is missing.
#   make lab        install the runtime lock and open the course in JupyterLab
#   make test       install the dev lock and run every test (lint, data, notebooks, browser)
#   make exercises  regenerate exercises/ from solutions/
#   make bench      run the benchmarks and print their tables
#   make lock       re-resolve both locks from the top-level package names below

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1
PORT ?= 8888
START_PAGE := notebooks/00_introduction.ipynb
# Containers and CI often run as root, where Jupyter refuses to start without this flag.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

RUNTIME_PACKAGES := jupyterlab pandas matplotlib ipywidgets jsonschema
DEV_PACKAGES := nbval pytest pytest-timeout playwright ruff

.PHONY: lab test exercises bench lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt pyproject.toml lab-settings/overrides.json | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	# Course-wide JupyterLab settings (no news pop-up), as postBuild does on Binder.
	mkdir -p $(VENV)/share/jupyter/lab/settings
	cp lab-settings/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	touch $@

$(DEV_STAMP): requirements-dev.txt $(RUNTIME_STAMP)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

lab: $(RUNTIME_STAMP)
	$(VENV)/bin/jupyter lab --ServerApp.ip=$(HOST) --ServerApp.port=$(PORT) $(ROOT_FLAG) \
		--ServerApp.root_dir=$(CURDIR) --ServerApp.default_url=/lab/tree/$(START_PAGE)

test: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(PY) -m nato_russia.build --check
	$(PY) -m pytest

exercises: $(RUNTIME_STAMP)
	$(PY) -m nato_russia.build

bench: $(DEV_STAMP)
	$(PY) bench/run.py

lock:
	rm -rf /tmp/nato-russia-lock && $(PYTHON) -m venv /tmp/nato-russia-lock
	/tmp/nato-russia-lock/bin/pip install --quiet $(RUNTIME_PACKAGES)
	{ echo "# Runtime lock: what a student's kernel and JupyterLab need, nothing more."; \
	  echo "# Regenerate with \`make lock\` (top-level names live in the Makefile)."; \
	  /tmp/nato-russia-lock/bin/pip freeze --exclude-editable | sort -f; } > requirements.txt
	/tmp/nato-russia-lock/bin/pip freeze | sort > /tmp/nato-russia-lock/runtime.txt
	/tmp/nato-russia-lock/bin/pip install --quiet -r requirements.txt $(DEV_PACKAGES)
	/tmp/nato-russia-lock/bin/pip freeze | sort > /tmp/nato-russia-lock/dev.txt
	{ echo "# Dev lock: the runtime lock plus the test tools."; echo "-r requirements.txt"; \
	  comm -13 /tmp/nato-russia-lock/runtime.txt /tmp/nato-russia-lock/dev.txt | sort -f; } \
	  > requirements-dev.txt
	$(PYTHON) tools/sync_environment.py

clean:
	rm -rf $(VENV) .pytest_cache
