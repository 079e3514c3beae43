"""Sending a submission pack (issue 18): "Send to client" on the application page and
`POST /api/v1/applications/{id}/submission-pack/`.

One transaction: every gate before a candidate reaches a client (Conduct Regs reg 19 consent for
this vacancy, the approved shortlist entry, reg 18 hirer information, identity and
qualifications: `vacancies.services.pipeline.submission_gates`, asked through the move to
`submitted` or directly when the application was already submitted), then the pack is built
(vacancies/services/packs.py), the email to the contact is queued through `email_queue` (the one
contact rule answers; the pack is kept as an `OutboundAttachment`, exactly as sent) and the
`Submission` is recorded pointing at that email. Any refusal leaves nothing behind: no move, no
submission, no email. The worker sends the email after the transaction commits.

This lives in engagement (the floor that sends mail); vacancies builds the pack and owns the gates.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from clients.models import Contact
from core.files import PDF
from core.http import parse_id
from core.models import User
from core.services import audit_record
from engagement.services.emails import email_queue
from vacancies.models import CLOSED_STAGES, Application, Stage, Submission
from vacancies.services.packs import (
    blind_message_problems,
    pack_is_blind,
    submission_pack_build,
    submission_pack_filename,
)
from vacancies.services.pipeline import PipelineRefused, application_move, submission_gates
from vacancies.services.submissions import submission_record

# Where an application already stands after being put forward: a pack may still go (to a second
# contact, or in writing after a verbal submission), through the same gates.
AFTER_SUBMISSION = (Stage.SUBMITTED, Stage.INTERVIEW, Stage.OFFER)


def _contact_for(application: Application, value: Any) -> Contact:
    vacancy = application.vacancy
    contact = value if isinstance(value, Contact) else None
    if contact is None and value not in (None, ""):
        contact_id = parse_id(value)
        contact = Contact.objects.filter(pk=contact_id).first() if contact_id is not None else None
        if contact is None:
            raise ValidationError({"contact": ["Choose a contact at this vacancy's client."]})
    if contact is None:
        contact = vacancy.contact
    if contact is None:
        raise ValidationError({"contact": ["Choose the client contact to send the pack to."]})
    if contact.client_id != vacancy.client_id:
        raise ValidationError({"contact": ["Choose a contact at this vacancy's client."]})
    return contact


def _message_check(application: Application, subject: str, message: str) -> tuple[str, str]:
    subject, message = " ".join(subject.split()), message.replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = "Write a subject."
    elif len(subject) > 200:
        errors["subject"] = "Keep the subject to 200 characters."
    if not message:
        errors["message"] = "Write the covering message."
    elif len(message) > 20_000:
        errors["message"] = "Keep the message under 20,000 characters."
    if not errors and blind_message_problems(application=application, texts=[subject, message]):
        errors["message"] = (
            "This vacancy's shortlist is blind: take the candidate's name, email and phone number "
            "out of the subject and message."
        )
    if errors:
        raise ValidationError(errors)
    return subject, message


@transaction.atomic
def submission_pack_send(
    *,
    actor: User,
    application: Application,
    subject: str,
    message: str,
    contact: Any = None,
    document: Any = None,
) -> Submission:
    """Put the candidate forward by email with a submission pack. Raises `PipelineRefused` (409
    with its code), `NotContactable` (409 with `.api_code`) or `ValidationError` (400)."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "vacancy__client", "vacancy__contact")
        .get(pk=application.pk)
    )
    if application.stage in CLOSED_STAGES:
        raise PipelineRefused(
            f"This application is closed ({application.get_stage_display().lower()}).",
            code="application_closed",
        )
    candidate = application.candidate
    if candidate.is_anonymised or candidate.restricted_at is not None or candidate.merged_into_id:
        raise PipelineRefused(
            "This person's record is merged, restricted or anonymised: nothing about them goes to a client.",
            code="candidate_unavailable",
        )
    target = _contact_for(application, contact)
    subject, message = _message_check(application, subject, message)
    options = {"contact": target, "channel": Submission.Channel.EMAIL, "document": document}
    if application.stage in AFTER_SUBMISSION:
        submission_gates(application)
        submission = submission_record(actor=actor, application=application, options=options)
    else:
        application_move(actor=actor, application=application, stage=Stage.SUBMITTED, **options)
        moved = Submission.objects.filter(application=application).order_by("-id").first()
        assert moved is not None  # the move to submitted records one
        submission = moved
    blind = pack_is_blind(application)
    if blind and submission.document is not None and not (submission.document.text or "").strip():
        raise ValidationError(
            {
                "document": [
                    "This CV's text could not be read, so no blind version can be made: choose "
                    "another CV or upload one with text."
                ]
            }
        )
    pack = submission_pack_build(
        application=application, entry=submission.entry, document=submission.document, actor=actor
    )
    email = email_queue(
        actor=actor,
        kind="submission_pack",
        contact=target,
        vacancy=application.vacancy,
        subject=subject,
        body=message,
        files=[(submission_pack_filename(application=application, entry=submission.entry), pack, PDF)],
    )
    submission.email = email
    submission.save(update_fields=["email"])
    audit_record(
        actor=actor,
        action="submission.pack_sent",
        obj=submission,
        details={"email": email.pk, "blind": blind, "bytes": len(pack)},
    )
    return submission
