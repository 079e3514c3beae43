#!/bin/sh
# Run by `make run` inside recruitcrm.embedded (so DATABASE_URL is set): prepare, then serve.
set -e
PY=.venv/bin/python
PORT=${PORT:-8000}
mkdir -p var/celery/queue var/celery/processed var/celery/control var/media var/mail
# The cache table first (rate-limit counters and rendered pages when REDIS_URL is unset,
# docs/security.md): migrate's role setup already invalidates cached pages through it.
$PY manage.py createcachetable
$PY manage.py migrate --no-input
$PY manage.py seed_demo
echo
echo "RecruitCRM is starting at http://localhost:$PORT/  (API docs: http://localhost:$PORT/api/docs/)"
echo "Sent email is written to var/mail/. Press Ctrl-C to stop everything."
echo
exec .venv/bin/honcho start --port "$PORT"
