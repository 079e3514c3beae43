"""Submissions: a candidate put forward to a client, and the consent that allows it.

* Conduct Regs reg 19: the candidate agrees to be put forward for *this* vacancy (a `submission`
  consent naming the vacancy — no blanket consent; services/consents.py records it).
* Conduct Regs reg 21: a verbal submission is confirmed in writing within 3 business days — a
  `ConfirmationTask` (core.dates counts UK business days).
* Conduct Regs reg 28: information goes to a client only with that consent; the `Submission` row
  records which CV version went to which contact, when and how.
* Ownership disputes: selectors/submissions.py finds earlier submissions to the same client.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Document
from candidates.selectors import candidate_cv_list
from clients.models import Contact
from core.dates import add_business_days
from core.http import parse_id
from core.models import User
from core.services import audit_record
from vacancies.models import Application, ConfirmationTask, Submission
from vacancies.selectors.submissions import shortlist_entry_approved_get, submission_consent_live_get

WRITTEN_CONFIRMATION_BUSINESS_DAYS = 3


def _contact(application: Application, value: Any) -> Contact | None:
    if value in (None, ""):
        return application.vacancy.contact
    contact = value if isinstance(value, Contact) else None
    contact_id = parse_id(value)
    if contact is None and contact_id is not None:
        contact = Contact.objects.filter(pk=contact_id).first()
    if contact is None or contact.client_id != application.vacancy.client_id:
        raise ValidationError({"contact": ["Choose a contact at this vacancy's client."]})
    return contact


def _document(application: Application, value: Any) -> Document | None:
    """The CV that goes: the one chosen, else the current CV. Only a real PDF or Word CV of this
    candidate (candidate_cv_list) is ever sent; a junk upload never is (issue 16)."""
    cvs = candidate_cv_list(candidate=application.candidate)
    if value in (None, ""):
        return cvs.first()
    document = value if isinstance(value, Document) else None
    document_id = parse_id(value)
    if document is None and document_id is not None:
        document = Document.objects.filter(pk=document_id, candidate_id=application.candidate_id).first()
    if document is None or document.candidate_id != application.candidate_id:
        raise ValidationError({"document": ["Choose one of this candidate's documents."]})
    if not cvs.filter(pk=document.pk).exists():
        raise ValidationError(
            {"document": ["Only a PDF or Word CV can be sent to a client; choose another."]}
        )
    return document


def submission_record(*, actor: User, application: Application, options: dict[str, Any]) -> Submission:
    """Called by `services.pipeline.application_move` inside its transaction, after the gates passed."""
    channel = options.get("channel") or Submission.Channel.EMAIL
    if channel not in Submission.Channel.values:
        raise ValidationError({"channel": ["Choose email, portal or verbal."]})
    consent, entry = submission_consent_live_get(application), shortlist_entry_approved_get(application)
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
def confirmation_task_complete(*, actor: User, task: ConfirmationTask) -> ConfirmationTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record(actor=actor, action="submission.confirmed_in_writing", obj=task.submission)
    return task
