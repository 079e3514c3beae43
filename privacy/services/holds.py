"""Legal holds (the law keeps a record: the sweep and a manual anonymisation both stop) and the
owner's hold (a recruiter keeps a record past its due date, with a reason)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from core.services import audit_record
from privacy.models import LegalHold, RetentionReview
from privacy.selectors.due import retention_keep_days
from privacy.selectors.holds import legal_hold_live_get
from privacy.services.reasons import reason_require


@transaction.atomic
def legal_hold_place(
    *, actor: User, reason: str, candidate: Candidate | None = None, contact: Contact | None = None
) -> LegalHold:
    reason = reason_require(reason)
    existing = legal_hold_live_get(candidate=candidate, contact=contact)
    if existing is not None:
        return existing
    subject = {"candidate": candidate} if candidate is not None else {"contact": contact}
    hold = LegalHold.objects.create(placed_by=actor, reason=reason, **subject)
    audit_record(actor=actor, action="privacy.legal_hold_placed", obj=candidate or contact)
    return hold


@transaction.atomic
def legal_hold_release(
    *, actor: User, candidate: Candidate | None = None, contact: Contact | None = None
) -> int:
    subject = {"candidate": candidate} if candidate is not None else {"contact": contact}
    released = LegalHold.objects.filter(released_at__isnull=True, **subject).update(
        released_at=timezone.now(), released_by=actor
    )
    if released:
        audit_record(actor=actor, action="privacy.legal_hold_released", obj=candidate or contact)
    return released


@transaction.atomic
def owner_hold_place(*, actor: User, candidate: Candidate, reason: str) -> RetentionReview:
    """The owner keeps a record past its due date, with a reason (kept on the review, not the audit)."""
    reason = reason_require(reason)
    review, _ = RetentionReview.objects.update_or_create(
        candidate=candidate,
        defaults={
            "keep_until": timezone.localdate() + datetime.timedelta(days=retention_keep_days()),
            "hold_reason": reason,
        },
    )
    audit_record(actor=actor, action="privacy.owner_hold", obj=candidate)
    return review
