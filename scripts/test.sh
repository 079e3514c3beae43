#!/bin/sh
# Run by `make test` inside recruitcrm.embedded (so DATABASE_URL is set): every check, then the suite.
set -e
V=.venv/bin
PACKAGES="core candidates clients compliance vacancies engagement privacy recruitcrm bench"
echo "== ruff"
$V/ruff check .
$V/ruff format --check .
echo "== mypy"
$V/mypy $PACKAGES
echo "== migrations"
DJANGO_SETTINGS_MODULE=recruitcrm.settings_test $V/python manage.py makemigrations --check --dry-run
echo "== tests"
# (pytest-django creates the test database and its cache table, as createcachetable does for make run)
$V/python -m pytest -m "not services and not schema_fuzz" -p no:cacheprovider --cov --cov-report=term "$@"
