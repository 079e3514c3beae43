"""Celery wrappers: each calls one idempotent service with today's date (beat schedule: recruitcrm.celery)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from compliance import services


@shared_task(name="compliance.rtw_follow_ups")
def rtw_follow_ups() -> dict[str, int]:
    return services.rtw_follow_ups_create(today=timezone.localdate())


@shared_task(name="compliance.dbs_recheck_reminders")
def dbs_recheck_reminders() -> int:
    return services.dbs_recheck_reminders_create(today=timezone.localdate())


@shared_task(name="compliance.evidence_purge")
def evidence_purge() -> dict[str, int]:
    today = timezone.localdate()
    return {"rtw": services.rtw_evidence_purge(today=today), "dbs": services.dbs_images_purge(today=today)}
