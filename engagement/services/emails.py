"""Composed email: written by a user (free text or from a template), queued, and sent by a Celery
task through Django's email backend (issue 18).

`email_compose` checks everything a sender can fix — the contact rule, the attachments, the reg 19
consent for a CV going to a client — and queues the message; `email_deliver` (the task's one call)
sends it, keeps its state (queued → sent / failed / bounced), puts the full text on the person's
timeline and moves `last_contacted_at`. A temporary SMTP failure raises `TemporaryFailure`, which the
task retries with backoff.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate, Document
from candidates.selectors import candidate_has_live_consent
from core.models import User
from core.services import audit_record
from core.signing import signed_link_redact
from engagement.models import Communication, EmailTemplate, OutboundAttachment, OutboundEmail
from engagement.selectors.contactability import (
    NotContactable,
    contactability_check,
    contactability_check_address,
    contactability_require,
)
from engagement.selectors.inbound import inbound_token, reply_address
from engagement.services.communications import communication_log

logger = logging.getLogger("recruitcrm.email")

MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class EmailRefused(ValidationError):
    """Refused by a business rule (the API's 409): `code` names it."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message, code=code)
        self.api_code = code


class TemporaryFailure(Exception):
    """The mail server could not take the message now (4xx, connection lost): try again later."""


def _attachments_check(*, documents: list[Document], candidate: Any, contact: Any, vacancy: Any) -> None:
    if len(documents) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"Attach at most {MAX_ATTACHMENTS} documents."})
    if sum(d.size for d in documents) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachments": "The attachments come to more than 20 MB."})
    if candidate is not None:
        if any(d.candidate_id != candidate.pk for d in documents):
            raise ValidationError({"attachments": "Attach only this person's own documents."})
        return
    # A candidate's document going to a client contact is a submission (Conduct Regs reg 19): only
    # for a vacancy at that contact's client, with the candidate's live consent for that vacancy.
    for owner_id in {d.candidate_id for d in documents}:
        if vacancy is None or vacancy.client_id != contact.client_id:
            raise EmailRefused(
                "A candidate's documents go to a client only for one of that client's vacancies: "
                "write from the application.",
                code="no_consent",
            )
        owner = Candidate.objects.get(pk=owner_id)
        if not candidate_has_live_consent(candidate=owner, purpose="submission", vacancy_id=vacancy.pk):
            raise EmailRefused(
                "The candidate has not agreed to be put forward for this vacancy, so their documents "
                "cannot go to the client.",
                code="no_consent",
            )


@transaction.atomic
def email_queue(
    *,
    actor: User | None,
    subject: str,
    body: str,
    kind: str = "composed",
    candidate: Any = None,
    contact: Any = None,
    vacancy: Any = None,
    to_email: str = "",
    template: EmailTemplate | None = None,
    documents: Iterable[Document] = (),
    files: Iterable[tuple[str, bytes, str]] = (),
    headers: dict[str, str] | None = None,
    bulk: Any = None,
    deliver: bool = True,
) -> OutboundEmail:
    """Queue one message: every kind of mail the app sends about a person goes through here.

    `candidate` or `contact` is whose timeline it belongs to and, unless `to_email` names a third
    party (a referee, an interviewer), who receives it. The contact rule answers first (raises
    `NotContactable`) and again when the worker sends. `files` are (name, bytes, content type) the app
    made for this message (a pack, an invitation), kept exactly as sent. `actor` is None for the
    app's own automatic mail (the person's owner is then the sender). The worker sends it after this
    transaction commits — unless `deliver` is False: bulk mail (`bulk`, engagement.services.bulk)
    is sent by its own throttled task."""
    if (candidate is None) == (contact is None):
        raise ValidationError({"candidate": "Choose one candidate or one contact to write to."})
    person = candidate if candidate is not None else contact
    if to_email:
        if getattr(person, "anonymised_at", None) is not None:
            raise NotContactable(contactability_check(person=person))
        answer = contactability_check_address(email=to_email)
        if not answer.allowed:
            raise NotContactable(answer)
    else:
        contactability_require(person=person)
        if candidate is not None and kind != "privacy_notice":
            # UK GDPR art. 14 (issue 19): a sourced person hears the privacy notice with the first
            # message to them at the latest — it is queued first, so it goes first.
            from engagement.services.privacy_notices import privacy_notice_owed_first, privacy_notice_send

            if privacy_notice_owed_first(candidate):
                privacy_notice_send(candidate=candidate, actor=actor)
    sender = actor or person.owner
    email = OutboundEmail.objects.create(
        candidate=candidate,
        contact=contact,
        vacancy=vacancy,
        template=template,
        kind=kind,
        bulk=bulk,
        to_email=to_email,
        headers=dict(headers or {}),
        subject=subject.replace("\r", " ").replace("\n", " ").strip()[:200],
        body=body,
        owner=sender,
        team=person.team,
    )
    documents = list(dict.fromkeys(documents))
    if documents:
        email.attachments.set(documents)
    for name, content, content_type in files:
        attachment = OutboundAttachment(
            email=email, filename=name[:200], content_type=content_type, size=len(content)
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
    audit_record(
        actor=actor,
        action="email.queued",
        obj=email,
        details={"kind": kind, "attachments": len(documents) + len(list(email.files.all()))},
    )
    if deliver:
        from engagement.tasks import email_deliver_task

        transaction.on_commit(lambda: email_deliver_task.delay(email.pk))
    return email


@transaction.atomic
def email_compose(
    *,
    actor: User,
    subject: str,
    body: str,
    candidate: Any = None,
    contact: Any = None,
    vacancy: Any = None,
    template: EmailTemplate | None = None,
    attachments: Iterable[Document] = (),
) -> OutboundEmail:
    """Check and queue an email a user wrote to one person; the worker sends it after this commits."""
    if (candidate is None) == (contact is None):
        raise ValidationError({"candidate": "Choose one candidate or one contact to write to."})
    person = candidate if candidate is not None else contact
    contactability_require(person=person)
    subject, body = subject.replace("\r", " ").replace("\n", " ").strip(), body.strip()
    errors = {}
    if not subject:
        errors["subject"] = "Write a subject."
    elif len(subject) > 200:
        errors["subject"] = "Keep the subject to 200 characters."
    if not body:
        errors["body"] = "Write the message."
    elif len(body) > 50_000:
        errors["body"] = "Keep the message under 50,000 characters."
    if errors:
        raise ValidationError(errors)
    documents = list(dict.fromkeys(attachments))
    _attachments_check(documents=documents, candidate=candidate, contact=contact, vacancy=vacancy)
    return email_queue(
        actor=actor,
        subject=subject,
        body=body,
        candidate=candidate,
        contact=contact,
        vacancy=vacancy,
        template=template,
        documents=documents,
    )


def email_address(email: OutboundEmail) -> str:
    """Where this message goes: the third party's address, or the person's own (read at sending)."""
    person: Any = email.candidate or email.contact
    return email.to_email or (person.email if person is not None else "")


def _message(email: OutboundEmail, address: str) -> EmailMessage:
    """The message as sent. With inbound mail on (INBOUND_EMAIL_DOMAIN), Reply-To is the message's
    own reply address, so the answer comes back to this person's timeline and thread, and (unless
    INBOUND_RETURN_PATH is off) it is the envelope sender too, so a bounce comes back the same way;
    the From header keeps the agency's address under the sender's name. Otherwise replies go to
    the sender's own address."""
    owner = email.owner
    reply = reply_address(email_id=email.pk)
    envelope_from = settings.DEFAULT_FROM_EMAIL
    headers: dict[str, str] = {}
    if reply:
        name, from_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
        headers["From"] = formataddr((owner.display_name or name, from_address))
        if settings.INBOUND_RETURN_PATH:
            envelope_from = reply
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=envelope_from,
        to=[address],
        reply_to=[reply] if reply else ([owner.email] if owner.email else None),
        headers=headers,
    )
    # Hosted providers (django-anymail) echo metadata back in their tracking events: a bounce
    # names the message by its token, not by an address.
    message.metadata = {"recruitcrm_ref": inbound_token(kind="reply", pk=email.pk)}  # type: ignore[attr-defined]
    for document in email.attachments.all():
        with document.file.open("rb") as handle:
            message.attach(document.filename, handle.read(), document.content_type or None)
    for attachment in email.files.all():
        with attachment.file.open("rb") as handle:
            message.attach(attachment.filename, handle.read(), attachment.content_type or None)
    if email.headers:
        message.extra_headers.update({str(k): str(v) for k, v in email.headers.items()})
    return message


def _finish(email: OutboundEmail, status: str, error: str = "") -> str:
    OutboundEmail.objects.filter(pk=email.pk).update(
        status=status, error=error[:100], attempts=email.attempts, body=signed_link_redact(email.body)
    )
    audit_record(actor=None, action=f"email.{status}", obj=email, details={"error": error[:40] or None})
    return status


def email_deliver(*, email_id: int, attempt: int = 1, last_try: bool = False) -> str:
    """Send one queued email. Idempotent: anything but `queued` is left as it is.

    Raises `TemporaryFailure` for the task to retry; on the last try a temporary failure is final.
    """
    with transaction.atomic():
        email = (
            OutboundEmail.objects.select_for_update(of=("self",))
            .select_related("candidate", "contact", "owner", "vacancy")
            .filter(pk=email_id)
            .first()
        )
        if email is None or email.status != OutboundEmail.Status.QUEUED:
            return email.status if email is not None else "missing"
        email.attempts = attempt
        person: Any = email.candidate or email.contact
        # Asked again at sending: a person who said "stop" since it was queued is not written to.
        if email.to_email:
            answer = contactability_check_address(email=email.to_email)
            if person.anonymised_at is not None:
                answer = contactability_check(person=person)
        else:
            answer = contactability_check(person=person)
        if not answer.allowed:
            return _finish(email, OutboundEmail.Status.FAILED, answer.code)
        try:
            _message(email, email_address(email)).send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(code >= 500 for code in codes) or last_try:
                return _finish(email, OutboundEmail.Status.BOUNCED, f"smtp_{codes[0] if codes else 550}")
            raise TemporaryFailure(f"smtp_{codes[0]}") from exc
        except smtplib.SMTPResponseException as exc:
            if exc.smtp_code >= 500 or last_try:
                return _finish(email, OutboundEmail.Status.FAILED, f"smtp_{exc.smtp_code}")
            raise TemporaryFailure(f"smtp_{exc.smtp_code}") from exc
        except (OSError, smtplib.SMTPException) as exc:  # refused connection, lost connection, timeout
            if last_try:
                return _finish(email, OutboundEmail.Status.FAILED, type(exc).__name__)
            raise TemporaryFailure(type(exc).__name__) from exc
        now = timezone.now()
        names = [d.filename for d in email.attachments.all()] + [f.filename for f in email.files.all()]
        # A signed link's token is kept only until the message goes: the copy kept here and on the
        # timeline says a link was sent, and is not itself a working link (core.signing).
        body = signed_link_redact(email.body)
        summary = body + (("\n\nAttached: " + ", ".join(names)) if names else "")
        if email.to_email:
            summary = f"To {email.to_email} ({email.kind_label.lower()}):\n\n{summary}"
        communication = communication_log(
            actor=email.owner,
            kind=Communication.Kind.EMAIL,
            summary=summary,
            subject=email.subject,
            occurred_at=now,
            candidate=email.candidate,
            contact=email.contact,
            vacancy=email.vacancy,
            with_the_person=not email.to_email,
        )
        OutboundEmail.objects.filter(pk=email.pk).update(
            status=OutboundEmail.Status.SENT,
            body=body,
            sent_at=now,
            attempts=email.attempts,
            communication=communication,
            error="",
        )
        audit_record(actor=None, action="email.sent", obj=email)
        if email.kind == "privacy_notice" and email.candidate_id:
            from engagement.services.privacy_notices import privacy_notice_sent_record

            privacy_notice_sent_record(email=email, on=timezone.localdate(now))
        return OutboundEmail.Status.SENT


__all__ = [
    "EmailRefused",
    "NotContactable",
    "TemporaryFailure",
    "email_address",
    "email_compose",
    "email_deliver",
    "email_queue",
]
