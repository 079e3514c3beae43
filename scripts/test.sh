#!/bin/sh
# Run by `make test` inside recruitcrm.embedded (so DATABASE_URL is set): every check, then the suite.
set -e
V=.venv/bin
PACKAGES="core candidates clients compliance vacancies engagement privacy portal recruitcrm bench"
echo "== ruff"
$V/ruff check .
$V/ruff format --check .
echo "== mypy"
$V/mypy $PACKAGES
echo "== migrations"
DJANGO_SETTINGS_MODULE=recruitcrm.settings_test $V/python manage.py makemigrations --check --dry-run
echo "== tests"
# On every core (pytest-xdist; PYTEST_WORKERS=0 runs it in this one process), each worker with its
# own test database; browser tests and Celery-worker tests each kept on one worker (tests/conftest.py).
# Coverage where CI needs it: under CI (CI set, as .ci/run is) or with COVERAGE=1 it is combined
# across workers and held to pyproject.toml's floor; on a developer's machine it is left out, since
# it adds about two thirds to the tests' time. The 15 slowest tests are listed so the next slow one
# is seen (docs/testing.md).
cov=""
if [ -n "${CI:-}" ] || [ "${COVERAGE:-0}" = "1" ]; then cov="--cov --cov-report=term"; fi
# The schema fuzz is `make test-fuzz`'s (its module builds the served schema as it is imported, and
# schemathesis's plugin is only for it): not even collected here, which saves each worker seconds.
# shellcheck disable=SC2086 # $cov is two options or none
$V/python -m pytest -m "not services and not schema_fuzz" -p no:cacheprovider \
  -p no:schemathesis --ignore=tests/api/test_schema_fuzz.py \
  -n "${PYTEST_WORKERS:-auto}" --dist loadgroup --durations=15 $cov "$@"
