# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails, the calendar feed and the handout's QR code follow the server's port
# unless SITE_URL is set (in the environment or on the command line).
SITE_URL ?= http://$(HOST):$(PORT)
RUN_ENV := DEBUG=true SITE_URL=$(SITE_URL)

# Django 6 needs Python 3.12 or newer: use the first one found, else let uv fetch one.
PYTHON_FOR_VENV := $(shell for p in python3.14 python3.13 python3.12 python3 \
	$$(ls -d $$HOME/.pyenv/versions/3.1[2-9]*/bin/python3 2>/dev/null); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { command -v $$p || echo $$p; } && break; done)

export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install browser lint format worker clean-db

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --locked --python "$(or $(PYTHON_FOR_VENV),3.12)"

## make run: set up, migrate SQLite, load the library and demo data, serve on port 8000.
run: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py load_library
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py refresh_progress
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop; emails print here)"
	@# Beside the server: the task worker (reminders, notices, alert emails) and the sweep
	@# that queues due reminders and digests every 5 minutes; both stop with the server.
	@$(RUN_ENV) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	$(RUN_ENV) $(PY) manage.py send_due_reminders --every 300 & sweep=$$!; \
	trap 'kill $$worker $$sweep 2>/dev/null; wait $$worker $$sweep 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

## make worker: only the task worker and the reminder sweep (when the server runs elsewhere).
worker: install
	@$(RUN_ENV) $(PY) manage.py send_due_reminders --every 300 & sweep=$$!; \
	trap 'kill $$sweep 2>/dev/null; wait $$sweep 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(PY) manage.py db_worker

## Headless Chromium for the browser tests (Debian's package).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

## make test: install what the tests need and run the whole suite.
test: install browser
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
