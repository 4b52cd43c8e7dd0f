# The two commands of the README: `make run` and `make test`. Both do the whole set-up, and a
# second run only redoes what changed (stamp files). `make test-fast` runs the tests a person runs
# while working: no browser, nothing marked slow (docs/architecture.md, "Tests").
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SAMSON := $(BIN)/samson
# Pure packages: no Django, strictly typed (CONVENTIONS.md). samson/core/tests/test_pure_packages.py
# reads this list: every package named here is checked to import no Django.
PURE := samson/scoring samson/instrument_spec samson/surveystats samson/charts samson/innovation \
	samson/groupscores samson/representativeness

.PHONY: run test test-fast setup deps static messages lint check clean audit

# The background worker (e-mail to invitees, docs/fieldwork.md) and the fieldwork clock (planned
# closings, scheduled reminders) run beside the development server and stop with it; mail goes
# to the console.
run: setup
	$(SAMSON) db_worker --no-reload & worker=$$!; \
	$(SAMSON) fieldwork tick --every 60 & ticker=$$!; \
	trap 'kill $$worker $$ticker 2>/dev/null' EXIT INT TERM; \
	$(SAMSON) runserver 127.0.0.1:8000

test: setup lint
	$(BIN)/pytest

# Under two minutes on a 2-core machine; `make test` (and CI) still runs everything.
test-fast: deps messages
	$(BIN)/pytest -m "not slow and not browser" -q

setup: deps static messages
	$(SAMSON) migrate --noinput
	$(SAMSON) organisations import
	$(SAMSON) instrument import
	$(SAMSON) demo

deps: $(VENV)/.installed

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: build/static/.built

build/static/.built: node_modules/.installed frontend/build.mjs $(wildcard frontend/*.css frontend/*.js)
	npm run --silent build
	touch $@

# Compiled with Babel, so no GNU gettext is needed on the machine.
messages: deps
	$(BIN)/pybabel --quiet compile --domain django --directory locale

lint: deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy samson conftest.py
	$(BIN)/lint-imports
	$(SAMSON) makemigrations --check --dry-run --settings=samson.config.settings.test

# Known vulnerabilities in the installed Python packages, looked up on PyPI (needs the network,
# so it is not part of `make test`: a newcomer offline can still run the tests; docs/security.md).
# --strict: a package that could not be looked up fails the audit instead of passing unseen.
audit: deps
	$(BIN)/pip-audit --skip-editable --strict --progress-spinner off

clean:
	rm -rf $(VENV) node_modules build db.sqlite3*
