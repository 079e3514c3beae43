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
import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr
from html import unescape as unescape_entities
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.html import strip_tags

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

logger = logging.getLogger("recruitcrm.email")

MAX_ATTACHMENTS = 10
ATTACHMENT_TYPES = (files.PDF, files.DOCX, files.TEXT, files.JPEG, files.PNG)
_TOKEN_IN_TEXT = re.compile(r"reply\+[0-9]{1,12}-[0-9a-f]{20}@[a-z0-9.-]+", re.IGNORECASE)
# Where quoted history starts: "On <date>, <name> wrote:" (maybe wrapped), Outlook's separators.
_QUOTE_START = re.compile(
    r"^(On\s[^\n]{0,300}(\n[^\n]{0,300})?\swrote:\s*$"
    r"|-{2,}\s*Original Message\s*-{2,}\s*$"
    r"|_{20,}\s*$"
    r"|From:\s[^\n]+\n(Sent|Date):\s)",
    re.IGNORECASE | re.MULTILINE,
)


def parse(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except Exception:  # a malformed header the parser cannot fold: treat as absent
        return ""


def _addresses(message: EmailMessage, *names: str) -> list[str]:
    values = [_header(message, name) for name in names]
    return [address.strip().lower() for _, address in getaddresses(values) if "@" in address]


def _text(part: Any) -> str:
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError, KeyError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", errors="replace")
    return content if isinstance(content, str) else ""


def message_text(message: EmailMessage) -> str:
    """The plain text of the message (or its HTML made text), without NULs."""
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = _text(body)
    if body.get_content_type() == "text/html":
        text = unescape_entities(strip_tags(re.sub(r"(?i)<br\s*/?>|</p>", "\n", text)))
    return text.replace("\x00", "").replace("\r\n", "\n").strip()


def reply_text(text: str) -> str:
    """The new text of a reply: quoted history ("On … wrote:", "> " lines) taken off."""
    match = _QUOTE_START.search(text)
    if match is not None and match.start() > 0:
        text = text[: match.start()]
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(lines).strip() or text.strip()


def _attachments(message: EmailMessage) -> list[tuple[str, bytes, str]]:
    """(name, bytes, type) of the attachments that pass the upload checks; the rest are dropped."""
    kept: list[tuple[str, bytes, str]] = []
    for part in message.iter_attachments():
        if len(kept) >= MAX_ATTACHMENTS:
            break
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data or len(data) > files.MAX_UPLOAD_BYTES:
            continue
        try:
            content_type = files.sniff(data, allowed=ATTACHMENT_TYPES)
        except ValidationError:
            continue
        kept.append((files.display_name(part.get_filename(), default="attachment"), data, content_type))
    return kept


# --- bounces


def _is_report(message: EmailMessage) -> bool:
    return message.get_content_type() == "multipart/report" and (
        str(message.get_param("report-type", "")).lower() == "delivery-status"
    )


def _failed_recipients(message: EmailMessage) -> list[tuple[str, str]]:
    """(address, status) of each recipient the report says failed for good."""
    failed = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        for block in blocks if isinstance(blocks, list) else []:
            action = str(block.get("Action", "")).strip().lower()
            status = str(block.get("Status", "")).strip()
            recipient = str(block.get("Final-Recipient", "") or block.get("Original-Recipient", ""))
            address = recipient.split(";", 1)[-1].strip().strip("<>").lower()
            if action == "failed" and (not status or status.startswith("5")) and "@" in address:
                failed.append((address, status[:20]))
    return failed


def _outbound_for_report(message: EmailMessage, recipients: list[str]) -> OutboundEmail | None:
    """The message a report is about: by the reply address it was sent to (our envelope sender),
    or one found in the returned headers."""
    candidates = list(recipients)
    for part in message.walk():
        if part.get_content_type() in ("text/rfc822-headers", "message/rfc822"):
            candidates += _TOKEN_IN_TEXT.findall(part.as_string())
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
    for address, status in _failed_recipients(message):
        email_bounce_record(email=email, address=address, reason=status)


# --- matching people


def _people_by_address(addresses: list[str], user: User | None) -> list[Any]:
    """Live candidates and contacts (visible to `user` if given) with one of these addresses."""
    addresses = sorted({a for a in addresses if a and not is_our_address(a)})
    if not addresses:
        return []
    candidates = Candidate.objects.alias(email_ci=Lower("email")).filter(
        email_ci__in=addresses, merged_into__isnull=True, is_anonymised=False
    )
    contacts = Contact.objects.alias(email_ci=Lower("email")).filter(
        email_ci__in=addresses, anonymised_at__isnull=True
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
    recipients = [r.strip().lower() for r in recipients or []] or _addresses(
        message, "To", "Cc", "Delivered-To", "X-Original-To"
    )
    if _is_report(message):
        _report_receive(message, recipients)
        return None
    message_id = _header(message, "Message-ID").strip()[:250]
    if message_id:
        # A provider that retries a webhook, or a server that delivers twice: received once.
        seen = InboundEmail.objects.filter(message_id=message_id).first()
        if seen is not None:
            return seen
    from_name, from_email = parseaddr(_header(message, "From"))
    text = message_text(message)
    inbound = InboundEmail(
        from_email=from_email.strip().lower()[:254],
        from_name=from_name.strip()[:200],
        subject=" ".join(_header(message, "Subject").split())[:200],
        body=text[:200_000],
        reply_text=reply_text(text)[:50_000],
        message_id=message_id,
        size=len(raw),
    )
    routes = [found for found in map(inbound_address_read, recipients) if found is not None]
    reply = next((pk for kind, pk in routes if kind == "reply"), None)
    dropbox = next((pk for kind, pk in routes if kind == "dropbox"), None)
    person: Any = None
    thread = OutboundEmail.objects.select_related("candidate", "contact", "owner").filter(pk=reply).first()
    user = User.objects.filter(pk=dropbox, is_active=True).first() if dropbox is not None else None
    if thread is not None:
        inbound.route, inbound.in_reply_to = InboundEmail.Route.REPLY, thread
        inbound.owner, inbound.team_id = thread.owner, thread.team_id
        person = thread.candidate or thread.contact
    elif user is not None:
        inbound.route, inbound.owner, inbound.team_id = InboundEmail.Route.DROPBOX, user, user.team_id
        everyone = [inbound.from_email, *_addresses(message, "To", "Cc")]
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
    for name, data, content_type in _attachments(message):
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
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in stored])
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
