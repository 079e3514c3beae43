"""Core's background tasks: thin wrappers that call a service."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from core.models import Heartbeat


@shared_task(name="core.heartbeat", ignore_result=True)
def heartbeat() -> None:
    """Run by beat on a schedule: proves worker and beat are alive (shown on the dashboard)."""
    Heartbeat.objects.update_or_create(name="celery", defaults={"last_seen_at": timezone.now()})
