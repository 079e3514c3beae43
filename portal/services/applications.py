"""Applying on the careers site: one person, one record, one application, told at once.

`careers_application_submit` is the whole of it, in one transaction, so a failure anywhere saves
nothing:
- the candidate is found by email (case-insensitive, live records only) or created with source
  `careers_site` and the applied-directly lawful basis (UK GDPR art. 6(1)(b)); never a duplicate;
- someone on the suppression list (they were erased) who applies of their own accord is let in:
  their entries leave the list, audited against the new record (no contact details in the log);
- the privacy notice version they were shown, and the date, are recorded (UK GDPR art. 13);
- the CV goes through the documents service (judged by content), `talent_pool` becomes a marketing
  consent in the ledger, and the application lands at the vacancy's first stage with source
  `careers_site` and whether they need interview adjustments (Equality Act s.60);
- the acknowledgement (`application-received`, an editable system template) is queued through the
  one door, `email_queue` (sent after commit by Celery), and the vacancy's owner gets a notice.
Applying twice to one vacancy saves nothing new and says so (`AlreadyApplied`).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, Consent
from candidates.selectors import candidate_email_duplicate_get
from candidates.services import DuplicateCandidate, candidate_create, consent_record, document_upload
from core.models import PrivacyNotice
from core.services import audit_record
from engagement.selectors.contactability import NotContactable
from engagement.services.communications import email_send
from privacy.services.suppression_list import suppression_clear
from vacancies.models import Application, Stage, Vacancy
from vacancies.services.notices import notice_send
from vacancies.services.pipeline import application_create

logger = logging.getLogger(__name__)

ACK_TEMPLATE = "application-received"


class AlreadyApplied(Exception):
    """This person already has an application for this vacancy: nothing new was saved."""


@dataclass(frozen=True)
class CareersApplication:
    first_name: str
    last_name: str
    email: str
    phone: str
    right_to_work: str
    needs_adjustments: bool
    talent_pool: bool
    cv_name: str
    cv_data: bytes


def _candidate_find_or_create(*, vacancy: Vacancy, details: CareersApplication) -> Candidate:
    existing = candidate_email_duplicate_get(details.email)
    if existing is not None:
        return existing
    # DOMAIN.md erasure: the list stops us re-sourcing an erased person; one who applies again
    # themselves is welcome, and comes off it.
    cleared = suppression_clear(email=details.email, phone=details.phone)
    try:
        candidate = _create(vacancy=vacancy, details=details)
    except DuplicateCandidate as exc:  # the same person applying for another job at this moment
        return Candidate.objects.get(pk=exc.existing_id)
    if cleared:
        audit_record(
            actor=None,
            action="candidate.suppression_cleared",
            obj=candidate,
            details={"entries": cleared, "why": "applied_careers_site", "vacancy": vacancy.pk},
        )
    return candidate


def _create(*, vacancy: Vacancy, details: CareersApplication) -> Candidate:
    return candidate_create(
        actor=None,
        owner=vacancy.owner,
        first_name=details.first_name.strip(),
        last_name=details.last_name.strip(),
        email=details.email,
        phone=details.phone,
        right_to_work=details.right_to_work,
        source=Candidate.Source.CAREERS_SITE,
        consent_method=Consent.Method.APPLICATION,
    )


def _privacy_notice_record(candidate: Candidate, notice: PrivacyNotice) -> None:
    # UK GDPR art. 13: the notice was shown before they applied; which version, and when.
    candidate.privacy_notice_version = notice.version
    candidate.privacy_notice_sent_on = timezone.localdate()
    candidate.save(update_fields=["privacy_notice_version", "privacy_notice_sent_on", "updated_at"])
    audit_record(
        actor=None,
        action="candidate.privacy_notice_shown",
        obj=candidate,
        details={"version": notice.version, "where": "careers_site"},
    )


def _acknowledge(*, candidate: Candidate, vacancy: Vacancy) -> None:
    # A confidential client is never named to the public, even if a manager adds {{ client }}.
    extra = {"client": "our client"} if vacancy.client.is_confidential else {}
    try:
        email_send(actor=None, template_code=ACK_TEMPLATE, candidate=candidate, vacancy=vacancy, extra=extra)
    except NotContactable as exc:
        # e.g. an existing record marked "do not contact": the application stands, no mail goes.
        logger.info("careers acknowledgement not sent: candidate %s, %s", candidate.pk, exc.answer.code)


@transaction.atomic
def careers_application_submit(
    *, vacancy: Vacancy, notice: PrivacyNotice, details: CareersApplication
) -> Application:
    """Apply for `vacancy` (published; the view has checked) as the person in `details`."""
    vacancy = Vacancy.objects.select_for_update().select_related("client", "owner").get(pk=vacancy.pk)
    candidate = _candidate_find_or_create(vacancy=vacancy, details=details)
    if Application.objects.filter(vacancy=vacancy, candidate=candidate).exists():
        raise AlreadyApplied
    _privacy_notice_record(candidate, notice)
    document_upload(
        actor=None, candidate=candidate, upload=io.BytesIO(details.cv_data), filename=details.cv_name
    )
    if details.talent_pool:
        consent_record(
            actor=None,
            candidate=candidate,
            purpose=Consent.Purpose.MARKETING,
            lawful_basis="consent",  # UK GDPR art. 6(1)(a): marketing only with their consent
            method=Consent.Method.APPLICATION,
            wording_version=notice.version,
            evidence="Careers-site application form: the talent-pool box was ticked.",
        )
    application = application_create(
        actor=None,
        vacancy=vacancy,
        candidate=candidate,
        stage=Stage.SOURCED,
        source=Application.Source.CAREERS_SITE,
        needs_adjustments=details.needs_adjustments,
    )
    _acknowledge(candidate=candidate, vacancy=vacancy)
    notice_send(
        users=[vacancy.owner],
        kind="careers_application",
        text=f"New application from the careers site: {vacancy.title}",
        url=reverse("vacancies:application", args=[application.pk]),
    )
    return application
