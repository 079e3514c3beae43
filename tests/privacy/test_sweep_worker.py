"""The sweep on a real Celery worker, and a worker process really killed mid-run (resumability)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from candidates.models import Candidate, WorkHistory
from privacy.models import SweepRun
from tests.conftest import wait_for
from tests.factories.privacy import old_candidate

ROOT = Path(__file__).resolve().parents[2]


def test_sweep_requested_over_the_api_runs_on_the_worker(celery_worker, api_as, admin_user, recruiter):
    due = [old_candidate(owner=recruiter, days=40).pk for _ in range(2)]
    api = api_as(admin_user)
    dry = api.post("/api/v1/privacy/sweeps/", {"dry_run": True}, format="json").json()
    wait_for(lambda: api.get(f"/api/v1/privacy/sweeps/{dry['id']}/").json()["status"] == "finished")
    assert api.get(f"/api/v1/privacy/sweeps/{dry['id']}/").json()["anonymised"] == 2
    assert not Candidate.objects.filter(pk__in=due, is_anonymised=True).exists()
    real = api.post("/api/v1/privacy/sweeps/", {"dry_run": False}, format="json").json()
    wait_for(lambda: api.get(f"/api/v1/privacy/sweeps/{real['id']}/").json()["status"] == "finished")
    assert Candidate.objects.filter(pk__in=due, is_anonymised=True).count() == 2


def test_nightly_sweep_and_notices_are_in_the_beat_schedule_and_run_on_the_worker(celery_worker, recruiter):
    from privacy.tasks import retention_sweep
    from recruitcrm.celery import app

    tasks = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert {"privacy.retention_sweep", "privacy.retention_notices"} <= tasks
    candidate = old_candidate(owner=recruiter, days=40)
    retention_sweep.delay()
    wait_for(lambda: SweepRun.objects.filter(status="finished").exists())
    assert SweepRun.objects.get().trigger == "beat"
    candidate.refresh_from_db()
    assert candidate.is_anonymised


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(str(db["PASSWORD"] or ""), safe="")
    host = db["HOST"] or "localhost"
    if host.startswith("/"):
        socket = quote(host, safe="")
        return f"postgres://{user}:{password}@/{db['NAME']}?host={socket}&port={db['PORT'] or 5432}"
    return f"postgres://{user}:{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _intact_or_anonymised(candidate: Candidate, names: dict[int, str]) -> str:
    history = list(WorkHistory.objects.filter(candidate=candidate).values_list("employer", flat=True))
    if candidate.is_anonymised:
        assert (
            candidate.first_name == "[removed]" and candidate.email == "" and candidate.search_vector is None
        )
        assert history == ["[removed]"]
        return "anonymised"
    assert candidate.first_name == names[candidate.pk] and candidate.email
    assert history == [f"Employer of {names[candidate.pk]}"]
    return "intact"


def test_a_worker_killed_mid_sweep_leaves_no_half_anonymised_record_and_the_next_run_finishes(
    transactional_db, recruiter
):
    names = {}
    for n in range(10):
        first = f"Killtest{n}"
        candidate = old_candidate(
            owner=recruiter,
            days=40,
            first_name=first,
            work_history=[{"employer": f"Employer of {first}", "title": "Dev"}],
        )
        names[candidate.pk] = first
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "recruitcrm.settings_test",
        "DATABASE_URL": _database_url(),
        "RECRUITCRM_SWEEP_STEP_DELAY": "0.05",  # each anonymiser step sleeps: the kill lands mid-group
        "RETENTION_SWEEP_BATCH_SIZE": "2",  # five groups of two: the kill lands after the first
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "retention_sweep"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for(
            lambda: SweepRun.objects.filter(anonymised__gte=2).exists() or worker.poll() is not None,
            timeout=60,
        )
        assert worker.poll() is None, worker.stderr.read().decode() if worker.stderr else ""
        time.sleep(0.33)  # somewhere inside the next person's transaction
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    killed = SweepRun.objects.get()
    assert killed.status == SweepRun.Status.RUNNING and killed.finished_at is None
    # The killed backend's transaction is rolled back when PostgreSQL sees the connection drop.
    wait_for(lambda: not _other_backends())
    states = [_intact_or_anonymised(c, names) for c in Candidate.objects.filter(pk__in=names)]
    assert 2 <= states.count("anonymised") < 10
    assert states.count("anonymised") == killed.anonymised  # counted in the same transaction as the person

    from privacy.services.sweep import sweep_run

    resumed = sweep_run(run=SweepRun.objects.create())
    assert resumed.anonymised == 10 - killed.anonymised and resumed.skipped == 0
    assert all(
        _intact_or_anonymised(c, names) == "anonymised" for c in Candidate.objects.filter(pk__in=names)
    )
    assert sweep_run(run=SweepRun.objects.create()).anonymised == 0


def _other_backends() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND state IS NOT NULL AND state <> 'idle'"
        )
        return bool(cursor.fetchone()[0])


assert settings  # settings are imported so DATABASES is configured before the helpers run
