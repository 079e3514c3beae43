"""Mail that comes back (issue 18): one door, `inbound_email_receive`, for the app's own SMTP
receiver (`manage.py mail_receiver`) and for hosted providers' inbound webhooks (django-anymail).

Routing, first that applies:
1. a reply address (`reply+<token>@`): filed on the timeline of the message's person, in its thread;
2. a drop-box address (`dropbox+<token>@`): filed on the timeline of the one candidate or contact
   the user can see whose address is among the sender and recipients;
3. the sender's address belongs to exactly one candidate or contact: filed on theirs;
4. otherwise unmatched, waiting in the inbox for a recruiter to file or discard.
A delivery report (DSN) about one of our messages is a bounce instead: the message is marked
`bounced` and the address flagged (the contact rule then refuses it).

Filed mail is a Communication (inbound email) with the new text; the full text and the checked
attachments stay on the InboundEmail. It does not move `last_contacted_at`: that is when *we* last
contacted the person (cadence and retention read it), and mail arriving is not that. Nothing here
logs an address or any text.
"""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from core import files
from core.models import User
from core.services import audit_record
from engagement.models import BouncedAddress, Communication, InboundAttachment, InboundEmail, OutboundEmail
from engagement.selectors.inbound import (
    bounce_digest,
    inbound_address_read,
    inbound_token_read,
    is_our_address,
)
from engagement.selectors.mail_parsing import (
    TOKEN_IN_TEXT,
    addresses,
    attachments,
    failed_recipients,
    header,
    is_report,
    message_text,
    parse,
    reply_text,
)

logger = logging.getLogger("recruitcrm.email")


def _outbound_for_report(message: EmailMessage, recipients: list[str]) -> OutboundEmail | None:
    """The message a report is about: by the reply address it was sent to (our envelope sender),
    or one found in the returned headers."""
    candidates = list(recipients)
    for part in message.walk():
        if part.get_content_type() in ("text/rfc822-headers", "message/rfc822"):
            candidates += TOKEN_IN_TEXT.findall(part.as_string())
    for address in candidates:
        found = inbound_address_read(address)
        if found is not None and found[0] == "reply":
            return OutboundEmail.objects.filter(pk=found[1]).first()
    return None


@transaction.atomic
def email_bounce_record(*, email: OutboundEmail | None, address: str, reason: str = "") -> None:
    """A message could not be delivered, for good: mark it bounced and flag the address."""
    if email is not None:
        OutboundEmail.objects.filter(pk=email.pk).exclude(status=OutboundEmail.Status.FAILED).update(
            status=OutboundEmail.Status.BOUNCED, error=f"bounce {reason}".strip()[:100]
        )
        audit_record(actor=None, action="email.bounced", obj=email, details={"reason": reason[:20] or None})
    if address:
        BouncedAddress.objects.update_or_create(
            digest=bounce_digest(address), defaults={"bounced_at": timezone.now(), "reason": reason[:100]}
        )


def _report_receive(message: EmailMessage, recipients: list[str]) -> None:
    email = _outbound_for_report(message, recipients)
    if email is None:
        logger.info("inbound: a delivery report about no message of ours was dropped")
        return
    for address, status in failed_recipients(message):
        email_bounce_record(email=email, address=address, reason=status)


# --- matching people


def _people_by_address(emails: list[str], user: User | None) -> list[Any]:
    """Live candidates and contacts (visible to `user` if given) with one of these addresses."""
    wanted = sorted({a for a in emails if a and not is_our_address(a)})
    if not wanted:
        return []
    candidates: Any = Candidate.objects.alias(email_ci=Lower("email")).filter(
        email_ci__in=wanted, merged_into__isnull=True, is_anonymised=False
    )
    contacts: Any = Contact.objects.alias(email_ci=Lower("email")).filter(
        email_ci__in=wanted, anonymised_at__isnull=True
    )
    if user is not None:
        candidates = candidates.visible_to(user)
        contacts = contacts.visible_to(user)
    return [*candidates.select_related("owner", "team")[:2], *contacts.select_related("owner", "team")[:2]]


def _live(person: Any) -> bool:
    """Not anonymised, not restricted (art. 18: nothing new is added to a restricted record)."""
    return (
        person is not None
        and getattr(person, "anonymised_at", None) is None
        and getattr(person, "restricted_at", None) is None
    )


# --- the one door


@transaction.atomic
def inbound_email_receive(*, raw: bytes, recipients: list[str] | None = None) -> InboundEmail | None:
    """Take one message as received (its bytes, and the envelope's recipients if known) and file it,
    leave it unmatched, or record it as a bounce (returns None then)."""
    message = parse(raw)
    recipients = [r.strip().lower() for r in recipients or []] or addresses(
        message, "To", "Cc", "Delivered-To", "X-Original-To"
    )
    if is_report(message):
        _report_receive(message, recipients)
        return None
    message_id = header(message, "Message-ID").strip()[:250]
    if message_id:
        # A provider that retries a webhook, or a server that delivers twice: received once.
        seen = InboundEmail.objects.filter(message_id=message_id).first()
        if seen is not None:
            return seen
    from_name, from_email = parseaddr(header(message, "From"))
    text = message_text(message)
    inbound = InboundEmail(
        from_email=from_email.strip().lower()[:254],
        from_name=from_name.strip()[:200],
        subject=" ".join(header(message, "Subject").split())[:200],
        body=text[:200_000],
        reply_text=reply_text(text)[:50_000],
        message_id=message_id,
        size=len(raw),
    )
    routes = [found for found in map(inbound_address_read, recipients) if found is not None]
    reply = next((pk for kind, pk in routes if kind == "reply"), None)
    dropbox = next((pk for kind, pk in routes if kind == "dropbox"), None)
    person: Any = None
    thread = (
        OutboundEmail.objects.select_related("candidate", "contact", "owner").filter(pk=reply).first()
        if reply is not None
        else None
    )
    user = User.objects.filter(pk=dropbox, is_active=True).first() if dropbox is not None else None
    if thread is not None:
        inbound.route, inbound.in_reply_to = InboundEmail.Route.REPLY, thread
        inbound.owner, inbound.team_id = thread.owner, thread.team_id
        person = thread.candidate or thread.contact
    elif user is not None:
        inbound.route, inbound.owner, inbound.team_id = InboundEmail.Route.DROPBOX, user, user.team_id
        everyone = [inbound.from_email, *addresses(message, "To", "Cc")]
        found = _people_by_address(everyone, user)
        person = found[0] if len(found) == 1 else None
    else:
        found = _people_by_address([inbound.from_email], None)
        if len(found) == 1:
            person = found[0]
            inbound.route, inbound.owner, inbound.team_id = (
                InboundEmail.Route.SENDER,
                person.owner,
                person.team_id,
            )
    inbound.save()
    for name, data, content_type in attachments(message):
        attachment = InboundAttachment(
            email=inbound, filename=name[:200], content_type=content_type, size=len(data)
        )
        attachment.file.save(files.random_name(content_type), ContentFile(data), save=False)
        attachment.save()
    if _live(person):
        _file(inbound, person=person, by=inbound.owner or person.owner, actor=None)
    audit_record(
        actor=None,
        action="inbound_email.received",
        obj=inbound,
        details={"route": inbound.route, "status": inbound.status},
    )
    return inbound


def _file(inbound: InboundEmail, *, person: Any, by: User, actor: User | None) -> Communication:
    names = [f.filename for f in inbound.files.all()]
    summary = inbound.reply_text or inbound.body or "(no text)"
    if names:
        summary += "\n\nAttached: " + ", ".join(names)
    is_candidate = isinstance(person, Candidate)
    thread = inbound.in_reply_to
    communication = Communication.objects.create(
        kind=Communication.Kind.EMAIL,
        direction=Communication.Direction.INBOUND,
        summary=summary,
        subject=inbound.subject,
        occurred_at=inbound.received_at,
        candidate=person if is_candidate else None,
        contact=None if is_candidate else person,
        vacancy=thread.vacancy if thread is not None else None,
        owner=by,
        team=person.team,
    )
    inbound.candidate = person if is_candidate else None
    inbound.contact = None if is_candidate else person
    inbound.communication = communication
    inbound.status = InboundEmail.Status.FILED
    inbound.team_id = person.team_id
    inbound.owner = inbound.owner or by
    if actor is not None:
        inbound.filed_by, inbound.filed_at = actor, timezone.now()
    inbound.save()
    return communication


@transaction.atomic
def inbound_email_file(
    *, actor: User, inbound: InboundEmail, candidate: Any = None, contact: Any = None
) -> InboundEmail:
    """A recruiter files an unmatched message on a candidate's or contact's timeline."""
    inbound = InboundEmail.objects.select_for_update().get(pk=inbound.pk)
    if (candidate is None) == (contact is None):
        raise ValidationError({"candidate": "Choose one candidate or one contact to file this to."})
    person = candidate if candidate is not None else contact
    if inbound.status != InboundEmail.Status.UNMATCHED:
        raise ValidationError("This message has already been filed or discarded.", code="conflict")
    if not _live(person):
        raise ValidationError({"candidate": "This person's record has been anonymised."})
    _file(inbound, person=person, by=actor, actor=actor)
    audit_record(actor=actor, action="inbound_email.filed", obj=inbound)
    return inbound


@transaction.atomic
def inbound_email_discard(*, actor: User, inbound: InboundEmail) -> InboundEmail:
    """Unmatched mail that is not about anyone (spam, a newsletter): its text and files are deleted."""
    inbound = InboundEmail.objects.select_for_update().get(pk=inbound.pk)
    if inbound.status != InboundEmail.Status.UNMATCHED:
        raise ValidationError("This message has already been filed or discarded.", code="conflict")
    stored = [(a.file.storage, a.file.name) for a in inbound.files.all() if a.file and a.file.name]
    inbound.files.all().delete()

    # The files go once the rows are gone for good (a rolled-back discard keeps them).
    def delete_files() -> None:
        for storage, name in stored:
            storage.delete(name)

    transaction.on_commit(delete_files)
    inbound.status = InboundEmail.Status.DISCARDED
    inbound.body = inbound.reply_text = inbound.from_name = inbound.from_email = inbound.subject = ""
    inbound.filed_by, inbound.filed_at = actor, timezone.now()
    inbound.save()
    audit_record(actor=actor, action="inbound_email.discarded", obj=inbound)
    return inbound


def tracking_event_receive(*, event_type: str, token: str, recipient: str, reason: str = "") -> None:
    """A hosted provider's tracking event (django-anymail): a bounce marks the message and address."""
    if event_type != "bounced":
        return
    pk = inbound_token_read(kind="reply", token=token) if token else None
    email = OutboundEmail.objects.filter(pk=pk).first() if pk is not None else None
    email_bounce_record(email=email, address=recipient, reason=reason)
