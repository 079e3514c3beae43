"""Settings come from the environment; with production-like variables `check --deploy` is clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "crm.agency.example",
    "SITE_URL": "https://crm.agency.example",
}


def _run(code_or_args: list[str], extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A clean environment: only what a production host would have (the test process sets others).
    env = {k: os.environ[k] for k in ("PATH", "HOME", "DATABASE_URL", "XDG_RUNTIME_DIR") if k in os.environ}
    env.update({"DJANGO_SETTINGS_MODULE": "recruitcrm.settings", **extra_env})
    return subprocess.run(
        [sys.executable, *code_or_args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_variables():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_is_off_unless_set():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    assert _run(["-c", code], PRODUCTION_ENV).stdout.strip() == "False"
    assert _run(["-c", code], {**PRODUCTION_ENV, "DEBUG": "1"}).stdout.strip() == "True"


def test_secret_key_is_required_in_production():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = _run(["manage.py", "check"], {**env, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_only_postgresql_is_accepted():
    result = _run(["manage.py", "check"], {**PRODUCTION_ENV, "DATABASE_URL": "sqlite:///tmp/x.db"})
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


def test_bad_boolean_is_a_clear_error():
    result = _run(["manage.py", "check"], {**PRODUCTION_ENV, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_the_filesystem_broker_keeps_every_file_under_var():
    # kombu's control folder defaults to ./control: it once landed in the checkout.
    code = (
        "import django; django.setup(); from django.conf import settings;"
        " o = settings.CELERY_BROKER_TRANSPORT_OPTIONS;"
        " print(settings.CELERY_BROKER_URL, *(o[k] for k in ('data_folder_in', 'data_folder_out',"
        " 'processed_folder', 'control_folder')))"
    )
    url, *folders = _run(["-c", code], PRODUCTION_ENV).stdout.split()
    assert url == "filesystem://"
    assert folders[-1] == str(ROOT / "var" / "celery" / "control")
    assert all(Path(folder).is_relative_to(ROOT / "var" / "celery") for folder in folders)
