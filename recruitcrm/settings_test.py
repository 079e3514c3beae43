"""Test settings: the real settings with what tests need changed, and nothing else.

Tests run with DEBUG off (as production does) over plain HTTP, on PostgreSQL (DATABASE_URL or the
embedded server), with a fast password hasher and uploads in a temporary directory.
"""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 30)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
# Rate limits stay on in every test (the code path runs everywhere) but high enough that a suite
# logging in many times never meets them; tests/core/test_rate_limits.py sets low ones.
os.environ.setdefault("RATE_LIMIT_LOGIN", "10000/m")
os.environ.setdefault("RATE_LIMIT_API_TOKEN", "10000/m")
os.environ.setdefault("RATE_LIMIT_SIGNED_LINK_IP", "10000/m")
os.environ.setdefault("RATE_LIMIT_SIGNED_LINK_TOKEN", "10000/m")

from recruitcrm.settings import *  # noqa: F403
from recruitcrm.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="recruitcrm-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The in-process test worker (tests/conftest.py) uses Redis when REDIS_URL is set, else kombu's
# in-memory broker shared with the test thread. Its own queue, so a test run never eats real tasks.
if not REDIS_URL:  # noqa: F405
    CELERY_BROKER_URL = "memory://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.1}  # the test worker stops promptly
CELERY_TASK_DEFAULT_QUEUE = "recruitcrm-test-" + os.urandom(4).hex()
# Threads serving the browser tests must not keep connections open past their request, or the
# test database can't be dropped at the end of the run.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
