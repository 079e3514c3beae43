"""The consent ledger: append rows, withdraw at once (UK GDPR art. 7(3))."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate, Consent
from core.models import User
from core.services import audit_record


@transaction.atomic
def consent_record(
    *,
    actor: User,
    candidate: Candidate,
    purpose: str,
    lawful_basis: str = "consent",
    method: str,
    wording_version: str = "",
    vacancy_id: int | None = None,
    given_at: datetime.datetime | None = None,
    evidence: str = "",
) -> Consent:
    if purpose == Consent.Purpose.SUBMISSION and vacancy_id is None:
        # Conduct Regs reg 19: agreement to be put forward is per vacancy — no blanket consent.
        raise ValidationError({"vacancy": ["A submission consent must name the vacancy."]})
    consent = Consent(
        candidate=candidate,
        purpose=purpose,
        lawful_basis=lawful_basis,
        method=method,
        wording_version=wording_version,
        vacancy_id=vacancy_id,
        given_at=given_at or timezone.now(),
        evidence=evidence,
        recorded_by=actor,
    )
    consent.full_clean()
    consent.save()
    audit_record(
        actor=actor,
        action="consent.recorded",
        obj=consent,
        details={"candidate": candidate.pk, "purpose": purpose, "basis": lawful_basis},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    """Takes effect at once: from now on the consent no longer counts anywhere."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent  # idempotent
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    if consent.purpose == Consent.Purpose.PROCESSING and consent.lawful_basis == "consent":
        # Nothing else lets us contact them: stop at once.
        Candidate.objects.filter(pk=consent.candidate_id).update(status=Candidate.Status.DO_NOT_CONTACT)
    audit_record(
        actor=actor,
        action="consent.withdrawn",
        obj=consent,
        details={"candidate": consent.candidate_id, "purpose": consent.purpose},
    )
    return consent


def has_live_consent(*, candidate: Candidate, purpose: str, vacancy_id: int | None = None) -> bool:
    consents = Consent.objects.filter(candidate=candidate, purpose=purpose, withdrawn_at__isnull=True)
    if vacancy_id is not None:
        consents = consents.filter(vacancy_id=vacancy_id)
    return consents.exists()
