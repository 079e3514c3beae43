"""Recording identity checks (Conduct Regs reg 19(a)) and the four-eyes verification of checks.

An identity check says how the agency confirmed who the work-seeker is, by whom and when; it is
never edited. Four eyes (COMPLIANCE_FOUR_EYES, on by default): on a vacancy that needs vetting, a
right-to-work check, reference or identity check the application's own recruiter recorded counts
only once a compliance officer — someone else — has verified it (compliance.selectors.status).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from compliance.models import IdentityCheck, ReferenceCheck, RightToWorkCheck
from compliance.querysets import can_record
from compliance.services.recording import date_not_future_check
from core.models import User
from core.services import audit_record

VERIFY_PERM = "compliance.verify_check"

# What a compliance officer may verify, by the name used in URLs and the API.
VERIFIABLE: dict[str, type[Any]] = {
    "right-to-work": RightToWorkCheck,
    "references": ReferenceCheck,
    "identity-checks": IdentityCheck,
}


@transaction.atomic
def identity_check_record(
    *,
    actor: User,
    candidate: Candidate,
    method: str,
    checked_on: datetime.date,
    checked_by: User | None = None,
    notes: str = "",
) -> IdentityCheck:
    errors: dict[str, list[str]] = {}
    if method not in IdentityCheck.Method.values:
        errors["method"] = ["Choose document seen, right-to-work check or digital identity."]
    date_not_future_check(errors, "checked_on", checked_on)
    if errors:
        raise ValidationError(errors)
    check = IdentityCheck.objects.create(
        candidate=candidate,
        method=method,
        checked_on=checked_on,
        checked_by=checked_by or actor,
        notes=(notes or "")[:2000],
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action="identity_check.recorded",
        obj=check,
        details={"candidate": candidate.pk, "method": method},
    )
    return check


def can_verify(user: Any, check: Any) -> bool:
    """Compliance officers (and admins) of the candidate's team verify; never the check's own recorder."""
    return can_record(user, check.candidate, VERIFY_PERM)


@transaction.atomic
def check_verify(*, actor: User, check: Any) -> Any:
    """A compliance officer's second pair of eyes on a recorded check (idempotent; audited)."""
    if not can_verify(actor, check):
        raise PermissionDenied("Only a compliance officer may verify a check.")
    model = type(check)
    check = model.objects.select_for_update().get(pk=check.pk)
    if check.verified_at is not None:
        return check
    recorders = {getattr(check, "recorded_by_id", None), getattr(check, "checked_by_id", None)}
    if actor.pk in recorders:
        raise ValidationError({"check": ["Four eyes: someone other than who made the check verifies it."]})
    check.verified_by, check.verified_at = actor, timezone.now()
    check.save(update_fields=["verified_by", "verified_at"])
    audit_record(
        actor=actor,
        action="compliance.check_verified",
        obj=check,
        details={"candidate": check.candidate_id, "kind": model._meta.model_name},
    )
    return check
