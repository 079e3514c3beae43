# RecruitCRM — two commands: `make run` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Python code we own (lint and type-check these).
PACKAGES := core candidates clients compliance vacancies engagement privacy portal recruitcrm bench

.PHONY: run test test-services test-fuzz bench lint install lock db-stop clean help

help:
	@echo "make run            set up and serve RecruitCRM with demo data (http://localhost:8000)"
	@echo "make test           set up and run lint, type checks and the whole test suite"
	@echo "make test-services  tests that need DATABASE_URL and REDIS_URL pointing at real servers"
	@echo "make test-fuzz      schemathesis over every API operation (a few minutes; run by CI)"
	@echo "make bench          benchmarks at BENCH_CANDIDATES (default 100000; docs/performance.md)"
	@echo "make lock           re-pin dependencies into requirements.lock"
	@echo "make db-stop        stop the embedded PostgreSQL servers if a bare manage.py or pytest left one running"

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit("RecruitCRM needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# Starts the embedded PostgreSQL unless DATABASE_URL is set; Ctrl-C stops everything it started.
run: install
	@DEBUG=$${DEBUG:-1} $(PY) recruitcrm/embedded.py -- sh scripts/run.sh

# Its own embedded PostgreSQL (var/pgdata-test): stopping a `make run` never takes it away.
test: install
	@$(PY) recruitcrm/embedded.py --server test -- sh scripts/test.sh

test-services: install
	@test -n "$$DATABASE_URL" -a -n "$$REDIS_URL" || { echo "Set DATABASE_URL and REDIS_URL to real servers."; exit 2; }
	$(PY) -m pytest -m services -p no:cacheprovider

# schemathesis against /api/schema/: bounded and deterministic, but minutes long, so not in `make test`.
test-fuzz: install
	@$(PY) recruitcrm/embedded.py --server test -- $(PY) -m pytest -m schema_fuzz -p no:cacheprovider -q tests/api/test_schema_fuzz.py

# Benchmarks (docs/performance.md): its own database on DATABASE_URL's server, or on the embedded
# PostgreSQL; generated once per size and reused. BENCH_CANDIDATES=1000000 for the full run.
bench: install
	@BENCH_DOCS=$${BENCH_DOCS:-1} $(PY) recruitcrm/embedded.py -- $(PY) -m bench

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy $(PACKAGES)

lock:
	$(PYTHON) -m venv /tmp/recruitcrm-lock-venv
	/tmp/recruitcrm-lock-venv/bin/pip install --quiet -e '.[dev]'
	/tmp/recruitcrm-lock-venv/bin/pip freeze --exclude-editable | grep -v '^recruitcrm' > requirements.lock
	rm -rf /tmp/recruitcrm-lock-venv

db-stop: install
	$(PY) recruitcrm/embedded.py stop

clean:
	rm -rf $(VENV) var/static var/celery .pytest_cache .mypy_cache .ruff_cache .coverage
