"""Submissions: a candidate put forward to a client, and the consent that allows it.

* Conduct Regs reg 19: the candidate agrees to be put forward for *this* vacancy (a `submission`
  consent naming the vacancy — no blanket consent), recorded by the recruiter (method, time,
  wording) or given by the candidate through a signed, expiring link.
* Conduct Regs reg 21: a verbal submission is confirmed in writing within 3 business days — a
  `ConfirmationTask` (core.dates counts UK business days).
* Conduct Regs reg 28: information goes to a client only with that consent; the `Submission` row
  records which CV version went to which contact, when and how.
* Ownership disputes: submitting someone already submitted to the same client in the last 6 months
  (by anyone in the agency) warns the recruiter with who and when.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Consent, Document
from candidates.services import consent_record
from clients.models import Contact
from core.dates import add_business_days
from core.models import SignedLink, User
from core.services import audit_record
from core.signing import signed_link_create, signed_link_use
from vacancies.models import Application, ConfirmationTask, ShortlistEntry, Submission

CONSENT_PURPOSE = "submission_consent"
CONSENT_LINK_DAYS = 7
CONSENT_WORDING = "consent-link-v1"
DUPLICATE_WINDOW = relativedelta(months=6)
WRITTEN_CONFIRMATION_BUSINESS_DAYS = 3


def approved_entry(application: Application) -> ShortlistEntry | None:
    """Conduct Regs reg 19: the manager-approved shortlist entry that lets this candidate go forward."""
    return (
        ShortlistEntry.objects.filter(
            shortlist__vacancy_id=application.vacancy_id,
            candidate_id=application.candidate_id,
            decision=ShortlistEntry.Decision.APPROVED,
        )
        .order_by("-decided_at", "-id")
        .first()
    )


def live_submission_consent(application: Application) -> Consent | None:
    """Conduct Regs reg 19: a live `submission` consent for this very vacancy (withdrawn = gone)."""
    return (
        Consent.objects.filter(
            candidate_id=application.candidate_id,
            purpose=Consent.Purpose.SUBMISSION,
            vacancy_id=application.vacancy_id,
            withdrawn_at__isnull=True,
        )
        .order_by("-given_at", "-id")
        .first()
    )


def recent_submissions_elsewhere(application: Application) -> list[dict[str, Any]]:
    """Ownership disputes: the candidate's submissions to the same client in the last 6 months."""
    since = timezone.now() - DUPLICATE_WINDOW
    rows = (
        Submission.objects.filter(
            application__candidate_id=application.candidate_id,
            application__vacancy__client_id=application.vacancy.client_id,
            submitted_at__gte=since,
        )
        .exclude(application_id=application.pk)
        .select_related("submitted_by", "application__vacancy")
        .order_by("-submitted_at")
    )
    return [
        {
            "code": "recently_submitted",
            "by": row.submitted_by.display_name,
            "at": row.submitted_at.isoformat(),
            "vacancy": row.application.vacancy.title,
        }
        for row in rows
    ]


def _contact(application: Application, value: Any) -> Contact | None:
    if value in (None, ""):
        return application.vacancy.contact
    contact = value if isinstance(value, Contact) else None
    if contact is None and str(value).isdigit():
        contact = Contact.objects.filter(pk=int(str(value))).first()
    if contact is None or contact.client_id != application.vacancy.client_id:
        raise ValidationError({"contact": ["Choose a contact at this vacancy's client."]})
    return contact


def _document(application: Application, value: Any) -> Document | None:
    documents = Document.objects.filter(candidate_id=application.candidate_id)
    if value in (None, ""):
        return documents.filter(kind=Document.Kind.CV).order_by("-uploaded_at", "-id").first()
    document = value if isinstance(value, Document) else None
    if document is None and str(value).isdigit():
        document = documents.filter(pk=int(str(value))).first()
    if document is None or document.candidate_id != application.candidate_id:
        raise ValidationError({"document": ["Choose one of this candidate's documents."]})
    return document


def submission_record(*, actor: User, application: Application, options: dict[str, Any]) -> Submission:
    """Called by `pipeline.application_move` inside its transaction, after the gates passed."""
    channel = options.get("channel") or Submission.Channel.EMAIL
    if channel not in Submission.Channel.values:
        raise ValidationError({"channel": ["Choose email, portal or verbal."]})
    consent, entry = live_submission_consent(application), approved_entry(application)
    assert consent is not None and entry is not None  # the move's gates checked both
    submission = Submission.objects.create(
        application=application,
        contact=_contact(application, options.get("contact")),
        document=_document(application, options.get("document")),
        consent=consent,
        entry=entry,
        channel=channel,
        submitted_by=actor,
    )
    if channel == Submission.Channel.VERBAL:
        # Conduct Regs reg 21: confirm in writing within 3 business days.
        ConfirmationTask.objects.create(
            application=application,
            submission=submission,
            due_on=add_business_days(timezone.localdate(), WRITTEN_CONFIRMATION_BUSINESS_DAYS),
            assigned_to=actor,
        )
    audit_record(
        actor=actor,
        action="submission.created",
        obj=submission,
        details={
            "application": application.pk,
            "contact": submission.contact_id,
            "document": submission.document_id,
            "consent": consent.pk,
            "channel": channel,
        },
    )
    return submission


@transaction.atomic
def confirmation_done(*, actor: User, task: ConfirmationTask) -> ConfirmationTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record(actor=actor, action="submission.confirmed_in_writing", obj=task.submission)
    return task


@transaction.atomic
def consent_recorded_by_recruiter(
    *,
    actor: User,
    application: Application,
    method: str,
    wording: str,
    given_at: datetime.datetime | None = None,
) -> Consent:
    """The recruiter records the candidate's agreement for this vacancy (method, time, wording)."""
    if method not in Consent.Method.values:
        raise ValidationError({"method": ["Choose how the candidate agreed."]})
    if not wording.strip():
        raise ValidationError({"wording": ["Give the wording the candidate agreed to."]})
    if given_at is not None and given_at > timezone.now():
        raise ValidationError({"given_at": ["The time they agreed cannot be in the future."]})
    return consent_record(
        actor=actor,
        candidate=application.candidate,
        purpose=Consent.Purpose.SUBMISSION,
        lawful_basis="consent",
        method=method,
        wording_version=wording.strip()[:30],
        vacancy_id=application.vacancy_id,
        given_at=given_at,
    )


def consent_link_create(*, actor: User, application: Application) -> tuple[SignedLink, str]:
    """A single-use link asking the candidate "May we put you forward?" for this vacancy."""
    return signed_link_create(
        purpose=CONSENT_PURPOSE,
        obj=application,
        expires_in=timedelta(days=CONSENT_LINK_DAYS),
        created_by=actor,
        max_uses=1,
    )


@transaction.atomic
def consent_link_answer(*, token: str, agree: bool) -> tuple[Application, Consent | None]:
    """The candidate's answer through the link (SignedLinkError when the link does not work)."""
    link = signed_link_use(token=token, purpose=CONSENT_PURPOSE)
    application = Application.objects.select_related("candidate").get(pk=link.object_id)
    consent = None
    if agree:
        consent = consent_record(
            actor=link.created_by,  # type: ignore[arg-type]  # recorded through their link
            candidate=application.candidate,
            purpose=Consent.Purpose.SUBMISSION,
            lawful_basis="consent",
            method=Consent.Method.WEB_FORM,
            wording_version=CONSENT_WORDING,
            vacancy_id=application.vacancy_id,
            evidence=f"signed link #{link.pk}",
        )
    audit_record(actor=None, action="submission.consent_answered", obj=application, details={"agreed": agree})
    return application, consent
