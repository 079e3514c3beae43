"""Bulk mail (issue 18; DOMAIN.md, PECR reg 22): plan, queue, send throttled, unsubscribe.

`bulk_email_create` computes the plan once, when the sender presses Send, and creates the
`BulkEmail` and every message (through `email_queue`, the one door, which asks the contact rule
again) in one transaction: all or nothing. The messages are not handed to the per-message task;
`bulk_email_send_batch` (the Celery task `engagement.bulk_email_send`, which reschedules itself)
sends `BULK_EMAIL_RATE` a minute, in batches every `BULK_EMAIL_BATCH_SECONDS`.

Every message carries a one-click unsubscribe (RFC 8058): `List-Unsubscribe: <https://…/u/<token>/>`
and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, and the same link in its text. The token
is signed (django.core.signing, its own salt) and holds the candidate's id and the consent's
purpose only: no personal data in the URL. `marketing_unsubscribe` withdraws the consent at once.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, Consent
from candidates.services import consent_withdraw
from core.models import User
from core.services import audit_record
from core.signing import SignedLinkUnknown
from engagement.models import BulkEmail, OutboundEmail
from engagement.selectors.bulk import bulk_email_plan
from engagement.selectors.contactability import NotContactable
from engagement.services.communications import _merge, _merge_values
from engagement.services.emails import EmailRefused, TemporaryFailure, email_deliver, email_queue

UNSUBSCRIBE_SALT = "engagement.unsubscribe"
BULK_MERGE_FIELDS = ("first_name", "last_name", "sender")
_FIELD = re.compile(r"{{\s*([a-z_]*)\s*}}")
# Tries per message before a temporary failure is final (as the per-message task's six).
MAX_TRIES = 6


# --- the unsubscribe link


def unsubscribe_token(*, candidate_id: int, purpose: str = Consent.Purpose.MARKETING) -> str:
    return signing.dumps([candidate_id, purpose], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, str]:
    """(candidate id, purpose), or `SignedLinkUnknown` for a tampered or made-up token."""
    try:
        value = signing.loads(token[:300], salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        raise SignedLinkUnknown from None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)):
        raise SignedLinkUnknown
    if value[1] != Consent.Purpose.MARKETING:
        raise SignedLinkUnknown
    return value[0], value[1]


def unsubscribe_url(*, candidate_id: int) -> str:
    path = reverse("portal:unsubscribe", args=[unsubscribe_token(candidate_id=candidate_id)])
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_headers(*, url: str) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


@transaction.atomic
def marketing_unsubscribe(*, token: str) -> Candidate:
    """Withdraw the person's live `marketing` consents at once (idempotent: again, nothing more)."""
    candidate_id, purpose = unsubscribe_token_read(token)
    candidate = Candidate.objects.get(pk=candidate_id)  # gone: the link page's 410
    live = Consent.objects.filter(candidate_id=candidate_id, purpose=purpose, withdrawn_at__isnull=True)
    withdrawn = 0
    for consent in live:
        consent_withdraw(actor=None, consent=consent)
        withdrawn += 1
    if withdrawn:
        audit_record(
            actor=None, action="marketing.unsubscribed", obj=candidate, details={"consents": withdrawn}
        )
    return candidate


# --- composing


def bulk_email_text_check(*, subject: str, body: str) -> tuple[str, str]:
    """The subject and body as they will be kept, or a ValidationError naming the field."""
    subject, body = subject.replace("\r", " ").replace("\n", " ").strip(), body.strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = "Write a subject."
    elif len(subject) > 200:
        errors["subject"] = "Keep the subject to 200 characters."
    if not body:
        errors["body"] = "Write the message."
    elif len(body) > 50_000:
        errors["body"] = "Keep the message under 50,000 characters."
    for name, text in (("subject", subject), ("body", body)):
        unknown = sorted({f for f in _FIELD.findall(text) if f not in BULK_MERGE_FIELDS})
        if unknown and name not in errors:
            fields = ", ".join("{{ " + f + " }}" for f in unknown)
            allowed = ", ".join("{{ " + f + " }}" for f in BULK_MERGE_FIELDS)
            errors[name] = f"Unknown merge field {fields}: use {allowed}."
    if errors:
        raise ValidationError(errors)
    return subject, body


def bulk_email_render(*, subject: str, body: str, candidate: Candidate, actor: User) -> tuple[str, str, str]:
    """One person's subject and body, merged, with the unsubscribe footer; and its unsubscribe URL."""
    values = _merge_values(person=candidate, actor=actor)
    url = unsubscribe_url(candidate_id=candidate.pk)
    text = _merge(body, values).rstrip() + (
        "\n\n--\nYou receive this because you agreed to hear from us about jobs and news. "
        f"To stop at once, unsubscribe here: {url}"
    )
    return _merge(subject, values).replace("\n", " ")[:200], text, url


@transaction.atomic
def bulk_email_create(*, actor: User, subject: str, body: str, candidates: list[Candidate]) -> BulkEmail:
    """Plan and queue the whole send, or nothing. `candidates` from `bulk_candidates_selected` or
    `bulk_candidates_searched` (visible to `actor`). Raises ValidationError for bad text and
    `EmailRefused("no_recipients")` when nobody may receive it."""
    subject, body = bulk_email_text_check(subject=subject, body=body)
    if actor.team_id is None:
        raise EmailRefused("Bulk mail is sent for a team: join one first.", code="no_team")
    plan = bulk_email_plan(candidates=candidates)
    skipped = [{"candidate": s.candidate.pk, "reason": s.reason} for s in plan.skipped]
    if not plan.recipients:
        raise EmailRefused(
            "Nobody in this selection can receive marketing mail: none has a live marketing consent "
            "that the contact rule allows.",
            code="no_recipients",
        )
    bulk = BulkEmail.objects.create(
        owner=actor, team_id=actor.team_id, subject=subject, body=body, status=BulkEmail.Status.QUEUED
    )
    queued = 0
    for candidate in plan.recipients:
        merged_subject, text, url = bulk_email_render(
            subject=subject, body=body, candidate=candidate, actor=actor
        )
        try:
            email_queue(
                actor=actor,
                kind="bulk",
                candidate=candidate,
                subject=merged_subject,
                body=text,
                headers=unsubscribe_headers(url=url),
                bulk=bulk,
                deliver=False,
            )
        except NotContactable as exc:  # the rule, asked again at queueing, said no since the plan
            skipped.append({"candidate": candidate.pk, "reason": exc.answer.code})
            continue
        queued += 1
    if not queued:
        raise EmailRefused("Nobody in this selection can receive marketing mail.", code="no_recipients")
    bulk.recipients, bulk.skipped, bulk.skipped_count = queued, skipped, len(skipped)
    bulk.save(update_fields=["recipients", "skipped", "skipped_count"])
    audit_record(
        actor=actor,
        action="bulk_email.created",
        obj=bulk,
        details={"recipients": queued, "skipped": len(skipped)},
    )
    from engagement.tasks import bulk_email_send

    transaction.on_commit(lambda: bulk_email_send.delay(bulk.pk))
    return bulk


# --- sending, throttled


def bulk_email_batch_size() -> int:
    rate = max(1, int(getattr(settings, "BULK_EMAIL_RATE", 60)))
    return max(1, math.ceil(rate * bulk_email_batch_seconds() / 60))


def bulk_email_batch_seconds() -> int:
    return max(1, int(getattr(settings, "BULK_EMAIL_BATCH_SECONDS", 10)))


def bulk_email_send_batch(*, bulk_id: int) -> int | None:
    """Send the next batch of the bulk mail's queued messages. Returns the seconds to wait before
    the next batch, or None when none is left (the send is then done). Idempotent: a finished or
    cancelled send sends nothing; each message is sent at most once (`email_deliver`)."""
    with transaction.atomic():
        bulk = BulkEmail.objects.select_for_update().filter(pk=bulk_id).first()
        if bulk is None or bulk.is_finished:
            return None
        if bulk.status == BulkEmail.Status.QUEUED:
            bulk.status = BulkEmail.Status.SENDING
            bulk.save(update_fields=["status"])
    queued = OutboundEmail.objects.filter(bulk_id=bulk_id, status=OutboundEmail.Status.QUEUED)
    for pk, attempts in queued.order_by("pk").values_list("pk", "attempts")[: bulk_email_batch_size()]:
        try:
            email_deliver(email_id=pk, attempt=attempts + 1, last_try=attempts + 1 >= MAX_TRIES)
        except TemporaryFailure:
            # Stays queued; the next batch tries it again (the try is counted).
            OutboundEmail.objects.filter(pk=pk, status=OutboundEmail.Status.QUEUED).update(
                attempts=attempts + 1
            )
    if queued.exists():
        return bulk_email_batch_seconds()
    _finish(bulk_id, BulkEmail.Status.DONE)
    return None


@transaction.atomic
def _finish(bulk_id: int, status: str, actor: User | None = None) -> BulkEmail | None:
    bulk = BulkEmail.objects.select_for_update().filter(pk=bulk_id).first()
    if bulk is None or bulk.is_finished:
        return bulk
    if status == BulkEmail.Status.CANCELLED:
        OutboundEmail.objects.filter(bulk_id=bulk_id, status=OutboundEmail.Status.QUEUED).update(
            status=OutboundEmail.Status.FAILED, error="cancelled"
        )
    bulk.status, bulk.finished_at = status, timezone.now()
    bulk.sent = OutboundEmail.objects.filter(bulk_id=bulk_id, status=OutboundEmail.Status.SENT).count()
    bulk.save(update_fields=["status", "finished_at", "sent"])
    audit_record(actor=actor, action=f"bulk_email.{status}", obj=bulk, details={"sent": bulk.sent})
    return bulk


def bulk_email_cancel(*, actor: User, bulk: BulkEmail) -> BulkEmail:
    """Stop a send: what is still queued is not sent (marked failed, "cancelled"). Idempotent."""
    return _finish(bulk.pk, BulkEmail.Status.CANCELLED, actor=actor) or bulk


__all__: list[Any] = [
    "bulk_email_cancel",
    "bulk_email_create",
    "bulk_email_render",
    "bulk_email_send_batch",
    "bulk_email_text_check",
    "marketing_unsubscribe",
    "unsubscribe_token",
]
