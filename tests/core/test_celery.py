"""A real Celery worker (in-process, memory transport) runs tasks sent the normal way."""

from core.models import Heartbeat
from core.tasks import heartbeat
from recruitcrm.celery import app
from tests.conftest import wait_for


def test_task_really_executes_through_a_worker(celery_worker):
    assert not Heartbeat.objects.exists()
    heartbeat.delay()
    beat = wait_for(lambda: Heartbeat.objects.filter(name="celery").first())
    assert beat.last_seen_at is not None


def test_beat_schedule_is_defined_in_code():
    app.loader.import_default_modules()
    app.finalize()
    schedule = app.conf.beat_schedule
    assert any(entry["task"] == "core.heartbeat" for entry in schedule.values())
