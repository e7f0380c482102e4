# The two commands: `make run` and `make test`. Both set up everything first.
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run worker serve test lint format migrate demo clean safety-report

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed, found " + sys.version.split()[0] + "; run with PYTHON=/path/to/python3.13")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo --address $(HOST):$(PORT)

# The task worker (webhooks, CDN purges, wire source polls) runs beside the
# development server; Ctrl-C stops both.
run: demo
	@$(BIN)/python manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The task worker alone (production runs one or more beside the app servers).
worker: migrate
	$(BIN)/python manage.py db_worker

# The app under gunicorn, as in production (no worker, no demo content); the
# static files are collected first, for WhiteNoise to serve by hashed name.
WORKERS ?= 2
serve: migrate
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python -m gunicorn cms.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT) \
		--timeout 30 --graceful-timeout 20 \
		--logger-class cms.observability.gunicorn_logger.Logger

# One pytest worker per core (pytest-xdist): each test database, scratch
# database, port and Redis prefix is the worker's own. TEST_WORKERS=0 runs
# the suite in one process. Work stealing: a few browser scenarios take half
# a minute each, and an idle worker takes tests queued behind them.
TEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

# The safety suites (issue: proof of safety), then their figures as a table.
SAFETY_SUITES := tests/test_leak_probes.py tests/test_role_matrix.py \
	tests/test_stored_xss.py tests/test_import_formats.py tests/test_imaging.py \
	tests/test_hostile_uploads.py tests/test_webhook_safety.py tests/test_faults.py \
	tests/test_schema_fuzz.py tests/test_accessibility_browser.py \
	tests/test_api_token_matrix.py
safety-report: install
	$(BIN)/python -m pytest -q -p no:cacheprovider $(wildcard $(SAFETY_SUITES))
	$(BIN)/python -m tests.helpers.safety

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
