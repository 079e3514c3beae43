"""Real worker + beat processes on the host's Redis, writing to the host's PostgreSQL (run by .ci/run).

Run with DATABASE_URL and REDIS_URL pointing at real servers: `make test-services`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from core.models import Heartbeat
from tests.conftest import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail("REDIS_URL must point at a real Redis for the services tests")
    return url


def test_beat_schedules_and_worker_runs_on_redis(redis_url, tmp_path):
    db = connection.settings_dict
    host = db["HOST"] or "localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recruitcrm.settings",
        "SECRET_KEY": "services-test-secret-key-" + "x" * 40,
        # The subprocesses write to the test database this test reads.
        "DATABASE_URL": f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": f"test-{uuid.uuid4().hex}",
        "HEARTBEAT_SECONDS": "1",
        "VAR_DIR": str(tmp_path),
    }
    celery = [sys.executable, "-m", "celery", "-A", "recruitcrm"]
    worker = subprocess.Popen(
        [*celery, "worker", "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    beat = subprocess.Popen(
        [*celery, "beat", "--loglevel=INFO", "-s", str(tmp_path / "beat-schedule")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        first = wait_for(lambda: Heartbeat.objects.filter(name="celery").first(), timeout=60)
        # Beat keeps scheduling: a later heartbeat arrives.
        wait_for(
            lambda: Heartbeat.objects.filter(name="celery", last_seen_at__gt=first.last_seen_at).exists(),
            timeout=30,
        )
    finally:
        for proc in (beat, worker):
            proc.terminate()
        for proc in (beat, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    assert worker.returncode is not None and beat.returncode is not None
