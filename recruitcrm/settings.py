"""RecruitCRM settings: every value comes from the environment, with safe defaults.

DEBUG is off unless DEBUG=1; with DEBUG off the security settings are the production ones and
`manage.py check --deploy` is clean (tests/core/test_settings.py runs it).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from recruitcrm.env import envbool, envint, envlist, envprefixed, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105
# Rotating SECRET_KEY (docs/security.md): put the old key here (comma-separated) while the new one
# takes over, so sessions and password-reset links signed with it keep working until they expire.
SECRET_KEY_FALLBACKS = envlist("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = envstr("SITE_URL", "http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "core",
    "candidates",
    "clients",
    "compliance",
    "vacancies",
    "engagement",
    "privacy",
    "portal",
    "recruitcrm",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.SessionIdleRenewalMiddleware",  # renews the idle timeout (response side)
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): a confirmed device this session
    "core.middleware.TwoFactorMiddleware",  # admin/compliance sessions reach nothing until verified
    "core.middleware.RefuseNulBytesMiddleware",  # NUL in a path, query or form: 400, not a 500
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires
]

ROOT_URLCONF = "recruitcrm.urls"
WSGI_APPLICATION = "recruitcrm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    }
]

# --- Database: PostgreSQL always. Without DATABASE_URL, the embedded server under var/pgdata.
_database_url = envstr("DATABASE_URL")
if not _database_url:
    from recruitcrm import embedded

    _database_url = embedded.database_url()
DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=envint("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("RecruitCRM runs on PostgreSQL only: DATABASE_URL must be postgres://…")
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# JIT off: its compile time (seconds at a million rows, measured in issue 10) dwarfs the short
# queries a CRM runs; PostgreSQL turns it on by default for any plan its estimates call costly.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses locked-out accounts before checking passwords
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = envint("PASSWORD_RESET_SECONDS", 2 * 60 * 60)
# Lockout: after LOGIN_FAILURE_LIMIT wrong passwords for one username, or from one IP address, further
# attempts are refused for LOGIN_LOCKOUT_MINUTES. A successful login clears the count.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", 15))
# Failures count per username *and* client address together: behind a proxy, one client failing five
# times locks that username from that address only, never every user (a list inside the list is one
# combined key). The address is the one the rate limits use (RATE_LIMIT_IP_HEADER, core.ratelimits).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.ratelimits.request_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False  # its log lines name the username and IP address
GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user object; signed links are not accounts

# Two-factor authentication (TOTP, django-otp): required for these roles (and superusers); other
# users may turn it on for themselves. Wrong codes back off exponentially per device (1, 2, 4, 8… s).
TWO_FACTOR_REQUIRED_ROLES = ["admin", "compliance"]
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "RecruitCRM")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1
TWO_FACTOR_BACKUP_CODES = 10

# Sessions expire after inactivity: core.middleware.SessionIdleRenewalMiddleware renews the clock
# (at most once a minute, not an UPDATE per request as SESSION_SAVE_EVERY_REQUEST would).
# Staff see personal data all day: an unattended browser is logged out after 30 minutes by default.
SESSION_COOKIE_AGE = envint("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = envstr("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True
# England and Wales bank holidays by default; "SCT" for Scotland, "NIR" for Northern Ireland.
BANK_HOLIDAY_REGION = envstr("BANK_HOLIDAY_REGION", "ENG")
# Customer service: every candidate in an active pipeline hears from us at least every N days.
CANDIDATE_CONTACT_EVERY_DAYS = envint("CANDIDATE_CONTACT_EVERY_DAYS", 7)
# The manager's queue: an open vacancy with no CV sent to the client after this many days is at risk.
VACANCY_AT_RISK_DAYS = max(1, envint("VACANCY_AT_RISK_DAYS", 14))

# --- Static files and uploads
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # uploads are only ever served through views that check access
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGE_BACKEND = envstr("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    _default_storage: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": envstr("S3_BUCKET"),
            "endpoint_url": envstr("S3_ENDPOINT_URL") or None,
            "region_name": envstr("S3_REGION") or None,
            "access_key": envstr("S3_ACCESS_KEY_ID"),
            "secret_key": envstr("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("STORAGE_BACKEND must be 'local' or 's3'.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Request size limits (docs/security.md "API robustness"). A body without files (JSON, a form) is at
# most DATA_UPLOAD_MAX_MEMORY_SIZE: a page of fields is kilobytes, so 2.5 MB is generous, and it is
# read into memory. A body with files is at most REQUEST_BODY_MAX_BYTES (checked by the API's parsers;
# the reverse proxy should cap it too); files over FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file
# rather than memory, and each kind of upload checks its own size and type.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
REQUEST_BODY_MAX_BYTES = envint("REQUEST_BODY_MAX_BYTES", 25 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000  # the largest form (a vacancy with its reg 18 fields) has ~40
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # every upload form takes one file

# --- Email: SMTP in production; files under var/mail when DEBUG (make run).
EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "RecruitCRM <recruitcrm@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 30)  # a hung mail server must not hold a worker for ever
# Composed mail: a temporary SMTP failure is retried after this many seconds, doubling (issue 18).
EMAIL_RETRY_BACKOFF = envint("EMAIL_RETRY_BACKOFF", 30)
# Bulk mail: messages a minute (sent in batches every BULK_EMAIL_BATCH_SECONDS), people per send.
BULK_EMAIL_RATE = envint("BULK_EMAIL_RATE", 60)
BULK_EMAIL_BATCH_SECONDS = envint("BULK_EMAIL_BATCH_SECONDS", 10)
BULK_EMAIL_MAX_RECIPIENTS = envint("BULK_EMAIL_MAX_RECIPIENTS", 500)
# Issue 19, messages at every step: how long a stage message waits (editable, cancellable) before
# it goes; the business days within which every applicant hears a decision; the day after being
# added on which a sourced candidate is sent the privacy notice (UK GDPR art. 14: within 30).
STAGE_MESSAGE_DELAY_MINUTES = max(0, envint("STAGE_MESSAGE_DELAY_MINUTES", 30))
DECISION_DUE_BUSINESS_DAYS = max(1, envint("DECISION_DUE_BUSINESS_DAYS", 10))
PRIVACY_NOTICE_SEND_AFTER_DAYS = min(29, max(0, envint("PRIVACY_NOTICE_SEND_AFTER_DAYS", 25)))

# --- Mail that comes back (issue 18; docs/operations.md "Inbound mail"). Every outbound message
# carries `reply+<signed token>@INBOUND_EMAIL_DOMAIN` as its Reply-To (and envelope sender, so
# bounces come back too); `dropbox+<token>@` is each user's drop-box address. Empty: off (replies go
# to the sender's own address). `make run` receives on localhost:INBOUND_SMTP_PORT.
INBOUND_EMAIL_DOMAIN = envstr("INBOUND_EMAIL_DOMAIN", "inbound.localhost" if DEBUG else "").strip().lower()
INBOUND_SMTP_HOST = envstr("INBOUND_SMTP_HOST", "127.0.0.1")
INBOUND_SMTP_PORT = envint("INBOUND_SMTP_PORT", 2525)
INBOUND_MAX_BYTES = envint("INBOUND_MAX_BYTES", 25 * 1024 * 1024)
# Put the reply address in the envelope sender (Return-Path) so DSN bounces come back to the
# receiver; turn off if the outgoing relay insists on its own envelope sender.
INBOUND_RETURN_PATH = envbool("INBOUND_RETURN_PATH", True)
# Hosted providers' inbound and tracking webhooks (django-anymail) at /mail/anymail/<esp>/<kind>/,
# answered only when ANYMAIL_WEBHOOK_SECRET ("user:password", sent as HTTP basic auth) is set.
# Sending through a provider's API instead of SMTP: EMAIL_BACKEND=anymail.backends.<esp>.EmailBackend
# and its credentials as ANYMAIL_<NAME> variables (ANYMAIL_POSTMARK_SERVER_TOKEN → ANYMAIL's
# POSTMARK_SERVER_TOKEN; docs/operations.md "Mail").
ANYMAIL = envprefixed("ANYMAIL_", leave_out=("ANYMAIL_WEBHOOK_SECRET",))
ANYMAIL["WEBHOOK_SECRET"] = envstr("ANYMAIL_WEBHOOK_SECRET")

# --- Security: production values unless DEBUG is on.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", True) else None
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): only our own scripts, styles and images; no inline script
# or style anywhere (static/js holds every behaviour), no plugins, no framing, no foreign form posts.
# The API docs page (Swagger UI) is served in two requests so it needs no inline script either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [NONE],
    }
}

# --- REST API (API.md)
# API tokens expire this many days after they are issued (core.api.authentication).
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 30)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.JSONParser",
        "core.api.parsers.FormParser",
        "core.api.parsers.MultiPartParser",
    ],
    "DATETIME_FORMAT": "iso-8601",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RecruitCRM API",
    "DESCRIPTION": "The REST contract of RecruitCRM (see docs/api.md). Token or session auth.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Candidates and vacancies share the perm/contract/temp choice set: one enum in the schema.
    "ENUM_NAME_OVERRIDES": {
        "EmploymentTypeEnum": "vacancies.models.vacancy.Vacancy.EmploymentType",
        "DocumentKindEnum": "candidates.models.document.Document.Kind",
        "BulkEmailStatusEnum": "engagement.models.bulk.BulkEmail.Status",
    },
}

# --- Celery: Redis when REDIS_URL is set, else kombu's filesystem transport under var/celery.
REDIS_URL = envstr("REDIS_URL")
CELERY_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_DIR / "queue"),
        "data_folder_out": str(CELERY_DIR / "queue"),
        "processed_folder": str(CELERY_DIR / "processed"),
        "store_processed": False,
        # The exchange tables (kombu's default is ./control, which would land in the checkout).
        "control_folder": str(CELERY_DIR / "control"),
    }
CELERY_TASK_DEFAULT_QUEUE = envstr("CELERY_TASK_DEFAULT_QUEUE", "recruitcrm")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker killed mid-task leaves the task to be redone
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(CELERY_DIR / "beat-schedule")
CELERY_TIMEZONE = TIME_ZONE
HEARTBEAT_SECONDS = envint("HEARTBEAT_SECONDS", 60)

# --- Cache (rate-limit counters): Redis when REDIS_URL is set, shared by every web process; else
# the database cache (table created by `createcachetable` in scripts/run.sh and scripts/test.sh),
# which the processes of `make run` share without another server.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "recruitcrm",
        }
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "recruitcrm_cache"}
    }
# The candidate list's rendered results, per user and query, in the default cache
# (candidates/services/results_cache.py). Writes invalidate them; this bounds any write that does
# not. 0 turns the cache off.
CANDIDATE_RESULTS_CACHE_SECONDS = max(0, envint("CANDIDATE_RESULTS_CACHE_SECONDS", 60))

# --- Rate limits (core.ratelimits; README "Rate limits"): "<count>/<s|m|h|d>" per client address,
# and per token on signed-link pages. Over the limit: 429.
RATE_LIMIT_LOGIN = envstr("RATE_LIMIT_LOGIN", "10/m")
RATE_LIMIT_API_TOKEN = envstr("RATE_LIMIT_API_TOKEN", "10/m")
RATE_LIMIT_SIGNED_LINK_IP = envstr("RATE_LIMIT_SIGNED_LINK_IP", "60/m")
RATE_LIMIT_SIGNED_LINK_TOKEN = envstr("RATE_LIMIT_SIGNED_LINK_TOKEN", "30/m")
# Careers-site applications (portal): POSTs to /jobs/<id>/apply/ per client address, a minute and a day.
RATE_LIMIT_CAREERS_APPLY = envstr("RATE_LIMIT_CAREERS_APPLY", "5/m")
RATE_LIMIT_CAREERS_APPLY_DAY = envstr("RATE_LIMIT_CAREERS_APPLY_DAY", "30/d")
# The candidate portal's sign-in form (portal.views.account): per client address and per email
# address asked for (the answer is the same whether or not we hold the address).
RATE_LIMIT_PORTAL_SIGN_IN_IP = envstr("RATE_LIMIT_PORTAL_SIGN_IN_IP", "20/h")
RATE_LIMIT_PORTAL_SIGN_IN_EMAIL = envstr("RATE_LIMIT_PORTAL_SIGN_IN_EMAIL", "5/h")
# Behind a proxy, the header it appends the client's address to (e.g. HTTP_X_FORWARDED_FOR).
RATE_LIMIT_IP_HEADER = envstr("RATE_LIMIT_IP_HEADER")

# --- Logging: to stderr; never personal data (log ids and codes, not names or emails).
# core.logs.RedactSecrets takes signed-link and password-reset tokens and query strings (search
# terms) out of the request loggers' lines; django.db.backends stays above DEBUG so SQL parameters
# are never logged (tests/core/test_no_personal_data_in_logs.py).
LOG_LEVEL = envstr("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "core.logs.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (its DEBUG console, mail_admins) would print request paths — a
        # signed link's token — unredacted, from any django.* logger (a CSRF failure on a review
        # page, a disallowed host): every django record goes through the redacting handler only.
        "django": {"handlers": ["stderr"], "propagate": False},
        "django.db.backends": {"level": "INFO"},
        "django.request": {"filters": ["redact"]},
        "django.server": {"handlers": ["stderr"], "filters": ["redact"], "propagate": False},
        "pgserver": {"level": "WARNING"},
    },
}

DEMO_PASSWORD = envstr("DEMO_PASSWORD", "recruitcrm-demo")
# The agency's name on pages clients see, until an admin sets it (and a logo) in Agency settings.
AGENCY_NAME = envstr("AGENCY_NAME", "RecruitCRM Agency")
# A TrueType font to embed in submission packs (issue 18), for names and CVs beyond Latin-1; empty:
# the PDF's built-in Helvetica, with text folded to Latin-1 (vacancies/services/packs.py).
SUBMISSION_PACK_FONT = envstr("SUBMISSION_PACK_FONT", "")
# How many generated candidates `seed_demo` adds beside the named demo people.
DEMO_CANDIDATES = envint("DEMO_CANDIDATES", 300)

# The suppression list keeps only salted hashes of erased people's email and phone. Set this once in
# production and never change it (falling back to SECRET_KEY means rotating that key empties the list).
PRIVACY_SUPPRESSION_SALT = envstr("PRIVACY_SUPPRESSION_SALT")

# The retention sweep anonymises due people in groups of this many, one transaction per group
# (privacy/services/sweep.py): bigger groups sweep faster and hold their people's row locks longer.
RETENTION_SWEEP_BATCH_SIZE = max(1, envint("RETENTION_SWEEP_BATCH_SIZE", 200))

# Four eyes on vetting (compliance.rules.four_eyes_required): on a vacancy that needs checks, a
# check recorded by the recruiter who owns the application counts only once a compliance officer
# has verified it. On unless an agency turns it off.
COMPLIANCE_FOUR_EYES = envbool("COMPLIANCE_FOUR_EYES", True)

# --- The candidate portal (portal app, docs/portal.md): the emailed one-time sign-in link lives
# this long, and a signed-in candidate is signed out after this long without a request.
PORTAL_SIGN_IN_LINK_MINUTES = max(1, envint("PORTAL_SIGN_IN_LINK_MINUTES", 30))
PORTAL_IDLE_MINUTES = max(1, envint("PORTAL_IDLE_MINUTES", 30))
