# Two commands do all the set-up on a fresh machine: `make run` and `make test` (see README.md).
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
PYTEST_ARGS ?= -n 2 --dist loadgroup
DEV_ENV := BOOKINGSITE_ENV=development BOOKINGSITE_DEMO=1

.PHONY: run test test-sqlite test-postgres install chromium wrk i18n bench lint

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed
	$(PY) scripts/i18n.py compile

run: install
	$(DEV_ENV) $(VENV)/bin/flask --app wsgi demo load
	@# Read the (demo) feeds once the site serves them, without waiting for the consumer's first minute.
	(sleep 5 && $(DEV_ENV) $(VENV)/bin/flask --app wsgi feeds refresh >/dev/null 2>&1) &
	@# The task queue's consumer (deliveries of the outbox, periodic jobs) runs beside the site and stops with it.
	$(DEV_ENV) $(VENV)/bin/flask --app wsgi jobs run & jobs=$$!; trap 'kill $$jobs' EXIT; \
	$(DEV_ENV) $(VENV)/bin/flask --app wsgi run --host 127.0.0.1 --port 5000

chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Browser tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium'." >&2; exit 1; fi

test: install chromium test-sqlite test-postgres

test-sqlite:
	$(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	BOOKINGSITE_TEST_DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

i18n: $(VENV)/.installed
	$(PY) scripts/i18n.py
	$(PY) scripts/i18n.py compile

wrk:
	@if command -v wrk >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
	else echo "The throughput bench needs wrk: run 'sudo apt-get install -y wrk'." >&2; exit 1; fi

bench: install wrk
	$(PY) bench/run_all.py

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check bookingsite tests bench scripts
