"""Reads about legal holds: is one live on a person, and the notice their page shows."""

from __future__ import annotations

from django.urls import reverse

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from privacy.models import LegalHold


def legal_hold_live_get(
    *, candidate: Candidate | None = None, contact: Contact | None = None
) -> LegalHold | None:
    """The live (unreleased) hold on this candidate or contact, if any."""
    subject = {"candidate": candidate} if candidate is not None else {"contact": contact}
    return LegalHold.objects.filter(released_at__isnull=True, **subject).first()


def legal_hold_is_live(*, candidate: Candidate | None = None, contact: Contact | None = None) -> bool:
    subject = {"candidate": candidate} if candidate is not None else {"contact": contact}
    return LegalHold.objects.filter(released_at__isnull=True, **subject).exists()


def legal_hold_notice_get(*, candidate: Candidate, user: User) -> tuple[str, str] | None:
    """Shown on the candidate's page: a legal hold is visible on the record (issue 7)."""
    hold = legal_hold_live_get(candidate=candidate)
    if hold is None:
        return None
    url = reverse("privacy:candidate", args=[candidate.pk]) if getattr(user, "is_admin", False) else ""
    return (f"On legal hold since {hold.placed_at:%d %b %Y}: {hold.reason}", url)
