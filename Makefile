# The README's commands. `make run` and `make test` work on a fresh machine:
# they create .venv, install the pinned requirements and compile translations.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | md5sum | cut -c1-12)
# Tests never need a real secret; debug stays off in them as in production.
TEST_ENV := DJANGO_SECRET_KEY=test-only-not-a-secret-but-long-enough-for-the-start-check DJANGO_DEBUG=0
RUN_ENV := DJANGO_DEBUG=1

.PHONY: install messages browser run test lint format serve bench loadtest clean

$(STAMP):
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# Front-end packages from the npm registry (package-lock.json); served by the app.
NPM_STAMP := node_modules/.installed-$(shell cat package-lock.json | md5sum | cut -c1-12)
$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

install: $(STAMP) $(NPM_STAMP) messages

# Compiled .mo files are build products, not committed. gettext's msgfmt compiles
# them; on a machine without it, install it (as root via apt-get) or say how.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && apt-get install -y -qq gettext >/dev/null; } \
	  || { echo "Please install GNU gettext (msgfmt), e.g. apt-get install gettext"; exit 1; }
	$(RUN_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

# The task queue's worker (it sends the emails) runs beside the development server
# and stops with it.
run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py seed_demo --if-empty --with-demo-users
	$(RUN_ENV) $(BIN)/python manage.py db_worker --no-reload --queue-name '*' & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The browser tests drive Debian's Chromium; install it when it is missing and we can.
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
	  && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || echo "Chromium is not installed (apt-get install chromium): the browser tests will be skipped."

# The suite runs on TEST_WORKERS processes (pytest-xdist), each with its own database.
TEST_WORKERS ?= 2
test: install browser
	$(TEST_ENV) $(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Production-style serving: set DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and
# DATABASE_URL in the environment first (see .env.example).
serve: install
	DJANGO_DEBUG=0 $(BIN)/python manage.py migrate --noinput
	DJANGO_DEBUG=0 $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 $(BIN)/gunicorn --config gunicorn.conf.py

# Times every dashboard, list and detail page on PostgreSQL at province scale
# (seeds 100,000 reports the first time, which takes about a minute).
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/facilitation_bench
bench: install
	psql "$(BENCH_DB:/facilitation_bench=/postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname='facilitation_bench'" | grep -q 1 \
	  || psql "$(BENCH_DB:/facilitation_bench=/postgres)" -c "CREATE DATABASE facilitation_bench"
	DATABASE_URL=$(BENCH_DB) DJANGO_SECRET_KEY=bench-only-not-a-secret-but-long-enough-for-the-start-check $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DB) DJANGO_SECRET_KEY=bench-only-not-a-secret-but-long-enough-for-the-start-check DJANGO_STATIC_MANIFEST=0 $(BIN)/python manage.py bench --write docs/PERFORMANCE.md

# Many NGO managers submitting at once through gunicorn on PostgreSQL, and what was kept
# (docs/RELIABILITY.md). The full run: make loadtest LOADTEST_REPORTS=5000
LOAD_DB ?= postgres://postgres@127.0.0.1:5432/facilitation_load
LOADTEST_SUBMITTERS ?= 64
LOADTEST_REPORTS ?= 640
loadtest: install
	psql "$(LOAD_DB:/facilitation_load=/postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname='facilitation_load'" | grep -q 1 \
	  || psql "$(LOAD_DB:/facilitation_load=/postgres)" -c "CREATE DATABASE facilitation_load"
	DATABASE_URL=$(LOAD_DB) DJANGO_SECRET_KEY=load-only-not-a-secret-but-long-enough-for-the-start-check $(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=$(LOAD_DB) DJANGO_SECRET_KEY=load-only-not-a-secret-but-long-enough-for-the-start-check $(BIN)/python manage.py loadtest \
	  --submitters $(LOADTEST_SUBMITTERS) --reports $(LOADTEST_REPORTS) --write docs/RELIABILITY.md

clean:
	rm -rf $(VENV) node_modules staticfiles
