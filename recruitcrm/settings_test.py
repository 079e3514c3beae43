"""Test settings: the real settings with what tests need changed, and nothing else.

Tests run with DEBUG off (as production does) over plain HTTP, on PostgreSQL (DATABASE_URL or the
embedded server), with a fast password hasher, uploads in a temporary directory, and the cache in
memory with the candidate list's page caches off (the cache tests turn them on).
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 30)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# Without DATABASE_URL (a bare `pytest`), the embedded "test" server in var/pgdata-test, never the
# one `make run` uses (recruitcrm/embedded.py).
os.environ.setdefault("RECRUITCRM_EMBEDDED_SERVER", "test")
# Rate limits stay on in every test (the code path runs everywhere) but high enough that a suite
# logging in many times never meets them; tests/core/test_rate_limits.py sets low ones.
os.environ.setdefault("RATE_LIMIT_LOGIN", "10000/m")
os.environ.setdefault("RATE_LIMIT_API_TOKEN", "10000/m")
os.environ.setdefault("RATE_LIMIT_SIGNED_LINK_IP", "10000/m")
os.environ.setdefault("RATE_LIMIT_SIGNED_LINK_TOKEN", "10000/m")
os.environ.setdefault("RATE_LIMIT_PORTAL_SIGN_IN_IP", "10000/m")
os.environ.setdefault("RATE_LIMIT_PORTAL_SIGN_IN_EMAIL", "10000/m")

from recruitcrm.settings import *  # noqa: F403
from recruitcrm.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="recruitcrm-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
EMAIL_RETRY_BACKOFF = 0  # a temporary SMTP failure is retried at once in the tests
EMAIL_TIMEOUT = 5
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The in-process test worker (tests/conftest.py) uses Redis when REDIS_URL is set, else kombu's
# in-memory broker shared with the test thread. Its own queue, so a test run never eats real tasks.
if not REDIS_URL:  # noqa: F405
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.1}  # the test worker stops promptly
CELERY_TASK_DEFAULT_QUEUE = "recruitcrm-test-" + os.urandom(4).hex()
# The cache in this process's memory, not the database cache (a table every test would write to) or
# Redis: each pytest-xdist worker has its own, and tests/conftest.py empties it after every test as
# the rolled-back transaction emptied the database cache. Rate limits still count in it
# (tests/security/test_rate_limits.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "recruitcrm-test"}
}
# The candidate list's page and results caches (candidates/services/results_cache.py) off, so a test
# always sees the page its own writes make; tests/candidates/test_results_cache.py turns them on.
CANDIDATE_RESULTS_CACHE_SECONDS = 0
# Threads serving the browser tests must not keep connections open past their request, or the
# test database can't be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Mail that comes back (issue 18): replies and drop-box copies to this domain; the anymail webhooks
# answer only posts with this basic-auth secret.
INBOUND_EMAIL_DOMAIN = "reply.recruitcrm.test"
ANYMAIL = {"WEBHOOK_SECRET": "anymail:test-webhook-secret"}
