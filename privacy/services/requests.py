"""The statutory clock of both kinds of request (subject access and erasure): received, paused
while identity or scope is confirmed, resumed (ICO guidance on the time limit)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import User
from core.services import audit_record
from privacy.models import ErasureRequest, SubjectAccessRequest


@transaction.atomic
def privacy_request_pause(*, actor: User, request: SubjectAccessRequest | ErasureRequest) -> None:
    """Identity or scope being confirmed: the clock stops (ICO guidance on the time limit)."""
    if request.status != request.Status.OPEN:
        raise ValidationError("Only an open request can be paused.")
    request.status, request.paused_on = request.Status.PAUSED, timezone.localdate()
    request.save(update_fields=["status", "paused_on"])
    audit_record(actor=actor, action="privacy.request_paused", obj=request)


@transaction.atomic
def privacy_request_resume(*, actor: User, request: SubjectAccessRequest | ErasureRequest) -> None:
    if request.status != request.Status.PAUSED or request.paused_on is None:
        raise ValidationError("Only a paused request can be resumed.")
    request.paused_days += (timezone.localdate() - request.paused_on).days
    request.status, request.paused_on = request.Status.OPEN, None
    request.save(update_fields=["status", "paused_on", "paused_days"])
    audit_record(actor=actor, action="privacy.request_resumed", obj=request)
