"""Telling people: an in-app notice and an email. Texts name the vacancy and the event only."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.models import User
from vacancies.models import Notice


def notice_send(*, users: Iterable[User], kind: str, text: str, url: str = "") -> int:
    recipients = {user.pk: user for user in users if user is not None and user.is_active}
    Notice.objects.bulk_create(
        Notice(user=user, kind=kind, text=text[:300], url=url) for user in recipients.values()
    )
    emails = [user.email for user in recipients.values() if user.email]
    if emails:
        body = text + (f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url else "")
        # Sent after commit, so a rolled-back action tells nobody.
        transaction.on_commit(
            lambda: send_mail(f"RecruitCRM: {text[:80]}", body, None, emails, fail_silently=True)
        )
    return len(recipients)


def notice_mark_all_read(*, user: User) -> int:
    """The user's unread notices are read now (their notices page was shown)."""
    return int(Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now()))
