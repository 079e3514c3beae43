"""Mail that comes back (issue 18): replies to the reply address, mail copied to a recruiter's
drop-box, and mail from people we know; bounces mark the address.

Filed mail is also a Communication (direction inbound) on the person's timeline; the full text and
any attachments stay here. Mail nobody could be matched to waits in the unmatched inbox until a
recruiter files it to a candidate or contact, or discards it.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from engagement.querysets import InboundEmailQuerySet


class InboundEmail(models.Model):
    """One message received. `team` is who sees it: the team of the person it was filed to, of the
    message it answers, or of the user whose drop-box it came through; None for mail that reached
    only the general address, seen by users with `engagement.triage_inboundemail` (and admins)."""

    class Status(models.TextChoices):
        FILED = "filed", "Filed"
        UNMATCHED = "unmatched", "Unmatched"
        DISCARDED = "discarded", "Discarded"

    class Route(models.TextChoices):
        REPLY = "reply", "Reply to a message"
        DROPBOX = "dropbox", "Drop-box copy"
        SENDER = "sender", "Known sender"
        NONE = "none", "No match"

    from_email = models.CharField(max_length=254, blank=True)
    from_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)  # the full plain text, quoted history and all
    reply_text = models.TextField(blank=True)  # the new text, quoted history taken off
    message_id = models.CharField(max_length=250, blank=True, db_index=True)
    received_at = models.DateTimeField(default=timezone.now)
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UNMATCHED)
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.NONE)
    candidate = models.ForeignKey(
        "candidates.Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_emails"
    )
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="inbound_emails"
    )
    in_reply_to = models.ForeignKey(
        "engagement.OutboundEmail", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    communication = models.OneToOneField(
        "engagement.Communication", null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey("core.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)

    objects = InboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["status", "team", "-received_at"], name="engagement_inbound_idx")]
        permissions = [("triage_inboundemail", "Can file mail that reached no one's drop-box")]

    def __str__(self) -> str:
        return f"Inbound email #{self.pk}"

    @property
    def person(self) -> Any:
        return self.candidate or self.contact


def inbound_path(instance: Any, filename: str) -> str:
    # Never the file's own name (it may name the person): an unguessable one.
    return f"engagement/inbound/{secrets.token_hex(24)}"


class InboundAttachment(models.Model):
    """A file that came with an inbound message: checked by content like an upload, kept here; put on
    the candidate's documents only when a recruiter chooses to."""

    email = models.ForeignKey(InboundEmail, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=inbound_path, max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class BouncedAddress(models.Model):
    """An address mail could not be delivered to (a hard bounce). The contact rule refuses it
    (`bounced`) until the person's address is changed or the mark is cleared in the admin. Only a
    salted HMAC of the lower-cased address is kept (as the suppression list does), never the address."""

    digest = models.CharField(max_length=64, unique=True)
    bounced_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=100, blank=True)  # a status code, never message content

    class Meta:
        ordering = ["-bounced_at"]

    def __str__(self) -> str:
        return f"Bounced address #{self.pk}"
