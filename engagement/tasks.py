"""Thin Celery wrappers (STYLE.md): take ids or nothing, call one service, idempotent."""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings

from engagement.services.bulk import bulk_email_send_batch
from engagement.services.complaints import complaints_escalate_overdue
from engagement.services.digest import cadence_digests_send
from engagement.services.emails import TemporaryFailure, email_deliver
from engagement.services.feedback import feedback_requests_send_due
from engagement.services.interview_invites import interview_reminders_send
from engagement.services.privacy_notices import privacy_notices_send_due
from engagement.services.stage_messages import stage_messages_send_due


@shared_task(name="engagement.complaints_escalate")
def complaints_escalate() -> int:
    return complaints_escalate_overdue()


@shared_task(name="engagement.cadence_digest")
def cadence_digest() -> int:
    return cadence_digests_send()


@shared_task(name="engagement.surveys_send")
def surveys_send() -> int:
    return feedback_requests_send_due()


@shared_task(name="engagement.interview_reminders")
def interview_reminders() -> int:
    return interview_reminders_send()


@shared_task(name="engagement.stage_messages_send")
def stage_messages_send() -> int:
    return stage_messages_send_due()


@shared_task(name="engagement.privacy_notices_send")
def privacy_notices_send() -> dict[str, int]:
    return privacy_notices_send_due()


# Temporary SMTP failures (4xx, a lost connection) are retried with exponential backoff:
# EMAIL_RETRY_BACKOFF seconds, doubling, capped at an hour, six tries; the last try settles the state.
_BACKOFF = int(getattr(settings, "EMAIL_RETRY_BACKOFF", 30))


@shared_task(
    name="engagement.email_deliver",
    bind=True,
    autoretry_for=(TemporaryFailure,),
    retry_backoff=_BACKOFF or False,
    retry_backoff_max=3600,
    retry_jitter=bool(_BACKOFF),
    default_retry_delay=_BACKOFF,
    max_retries=5,
)
def email_deliver_task(self: Any, email_id: int) -> str:
    retries = int(self.request.retries or 0)
    return email_deliver(email_id=email_id, attempt=retries + 1, last_try=retries >= self.max_retries)


@shared_task(name="engagement.bulk_email_send")
def bulk_email_send(bulk_id: int) -> int | None:
    """One batch of a bulk mail (BULK_EMAIL_RATE a minute); schedules the next until none is left."""
    wait = bulk_email_send_batch(bulk_id=bulk_id)
    if wait is not None:
        bulk_email_send.apply_async((bulk_id,), countdown=wait)
    return wait
