"""The Celery app. Tasks live in each app's tasks.py; the beat schedule is here, in code."""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitcrm.settings")

app = Celery("recruitcrm")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule(sender: Celery, **_: object) -> None:
    from django.conf import settings

    _ensure_filesystem_queue()
    # Tells the dashboard that worker and beat are alive.
    sender.add_periodic_task(float(settings.HEARTBEAT_SECONDS), sender.signature("core.heartbeat"))
    # Issue 6: compliance follow-ups, DBS re-check reminders and evidence purges, each idempotent.
    sender.add_periodic_task(crontab(hour=6, minute=10), sender.signature("compliance.rtw_follow_ups"))
    sender.add_periodic_task(crontab(hour=6, minute=20), sender.signature("compliance.dbs_recheck_reminders"))
    sender.add_periodic_task(crontab(hour=2, minute=30), sender.signature("compliance.evidence_purge"))
    # Issue 7: "keep my data?" emails (30 days ahead) and owner digests (7 days), then the sweep.
    sender.add_periodic_task(crontab(hour=7, minute=0), sender.signature("privacy.retention_notices"))
    sender.add_periodic_task(crontab(hour=3, minute=0), sender.signature("privacy.retention_sweep"))
    # Issue 8: complaint escalation (10 business days), the cadence digest, feedback surveys.
    sender.add_periodic_task(crontab(hour=6, minute=30), sender.signature("engagement.complaints_escalate"))
    sender.add_periodic_task(crontab(hour=7, minute=0), sender.signature("engagement.cadence_digest"))
    sender.add_periodic_task(crontab(hour=9, minute=0), sender.signature("engagement.surveys_send"))
    # Issue 18: "tomorrow" reminders for interviews starting within 24 hours (each claimed once).
    sender.add_periodic_task(crontab(minute="*/15"), sender.signature("engagement.interview_reminders"))
    # Issue 19: stage messages whose wait is over (every minute), and the art. 14 privacy notice
    # to sourced candidates nearing day 30 (daily, before the "keep my data?" run at 7:00).
    sender.add_periodic_task(60.0, sender.signature("engagement.stage_messages_send"))
    sender.add_periodic_task(crontab(hour=6, minute=45), sender.signature("engagement.privacy_notices_send"))


def _ensure_filesystem_queue() -> None:
    # kombu's filesystem transport (no Redis) needs its folders to exist.
    from django.conf import settings

    if str(settings.CELERY_BROKER_URL).startswith("filesystem://"):
        for key in ("data_folder_in", "processed_folder", "control_folder"):
            os.makedirs(settings.CELERY_BROKER_TRANSPORT_OPTIONS[key], exist_ok=True)
