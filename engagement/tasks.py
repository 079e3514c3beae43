"""Thin Celery wrappers (STYLE.md): take ids or nothing, call one service, idempotent."""

from __future__ import annotations

from celery import shared_task

from engagement.services.complaints import complaints_escalate_overdue
from engagement.services.digest import cadence_digests_send
from engagement.services.feedback import surveys_send_due


@shared_task(name="engagement.complaints_escalate")
def complaints_escalate() -> int:
    return complaints_escalate_overdue()


@shared_task(name="engagement.cadence_digest")
def cadence_digest() -> int:
    return cadence_digests_send()


@shared_task(name="engagement.surveys_send")
def surveys_send() -> int:
    return surveys_send_due()
