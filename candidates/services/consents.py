"""The consent ledger: append rows, withdraw at once (UK GDPR art. 7(3))."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate, Consent
from candidates.services.results_cache import results_generation_bump
from core.models import User
from core.services import audit_record

# Vacancies live on a floor above candidates, so they register how to tell whether a user may see a
# vacancy id (VacanciesConfig.ready). The seam fails closed: with nothing registered, a system check
# (candidates.E010) stops `manage.py check`, and a consent naming a vacancy is refused at run time.
VacancyVisible = Callable[[Any, int], bool]
VACANCY_VISIBILITY: list[VacancyVisible] = []


def vacancy_visibility_register(check: VacancyVisible) -> None:
    VACANCY_VISIBILITY[:] = [check]


@checks.register()
def check_vacancy_visibility_registered(**kwargs: Any) -> list[checks.CheckMessage]:
    if VACANCY_VISIBILITY:
        return []
    return [
        checks.Error(
            "candidates.services.consents: no vacancy visibility check registered.",
            hint="vacancies fills it from VacanciesConfig.ready() (vacancies.seams.register).",
            id="candidates.E010",
        )
    ]


def consent_vacancy_check(*, actor: User, vacancy_id: int | None) -> None:
    """A consent a user records names only a vacancy they can see.

    An unknown id and another team's vacancy give the same error, so the form cannot be used to
    learn which vacancy ids exist (DESIGN.md "Who sees what": never leak existence).
    """
    if vacancy_id is None:
        return
    if not VACANCY_VISIBILITY:
        raise ImproperlyConfigured("candidates: no vacancy visibility check registered (vacancies.seams).")
    if any(not visible(actor, vacancy_id) for visible in VACANCY_VISIBILITY):
        raise ValidationError({"vacancy": ["Choose one of your vacancies."]})


@transaction.atomic
def consent_record(
    *,
    actor: User | None,
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
def consent_withdraw(*, actor: User | None, consent: Consent) -> Consent:
    """Takes effect at once: from now on the consent no longer counts anywhere. `actor` None: the
    person themselves, through a link (a one-click unsubscribe)."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent  # idempotent
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    if consent.purpose == Consent.Purpose.PROCESSING and consent.lawful_basis == "consent":
        # Nothing else lets us contact them: stop at once.
        Candidate.objects.filter(pk=consent.candidate_id).update(
            status=Candidate.Status.DO_NOT_CONTACT, updated_at=timezone.now()
        )
        results_generation_bump()  # an .update() sends no signal; the status is on results pages
    audit_record(
        actor=actor,
        action="consent.withdrawn",
        obj=consent,
        details={"candidate": consent.candidate_id, "purpose": consent.purpose},
    )
    return consent
