"""Bulk mail (issue 18, PECR reg 22): one message to many candidates, only those with a live
`marketing` consent whom the contact rule lets us write to. Each message is an `OutboundEmail`
(kind "bulk") carrying a one-click unsubscribe (RFC 8058); a Celery task sends them throttled."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from engagement.querysets import BulkEmailQuerySet

# Why a person in the selection was not written to: the contact rule's codes
# (engagement.selectors.contactability) and the two of bulk mail itself.
SKIP_REASONS = {
    "no_marketing_consent": "No live marketing consent",
    "do_not_contact": "Marked “do not contact”",
    "consent_withdrawn": "Withdrew consent to us holding their details",
    "restricted": "Asked to be erased (kept only for a legal duty)",
    "anonymised": "Record anonymised",
    "suppressed": "On the suppression list",
    "no_email": "No email address",
    "duplicate": "Same email address as another recipient",
    # Issue 19: the person's own contact frequency says not now (weekly, monthly) or never (none).
    "frequency": "Asked to hear from us less often (not yet due)",
}


class BulkEmail(TeamOwnedModel):
    """The send as a whole: its text (with merge fields), who was skipped and why, and its state.
    `owner` is the sender. `skipped` holds `{"candidate": id, "reason": code}` only: names are read
    from the records when shown, through the visibility rules."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BulkEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["team", "created_at"], name="engagement_bulk_team_idx")]

    def __str__(self) -> str:
        return f"Bulk mail #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.CANCELLED)
