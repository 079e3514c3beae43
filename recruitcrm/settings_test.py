"""Test settings: the real settings with what tests need changed, and nothing else.

Tests run with DEBUG off (as production does) over plain HTTP, on PostgreSQL (DATABASE_URL or the
embedded server), with a fast password hasher and uploads in a temporary directory.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 30)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")

from recruitcrm.settings import *  # noqa: F403
from recruitcrm.settings import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; never in production
MEDIA_ROOT = tempfile.mkdtemp(prefix="recruitcrm-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
