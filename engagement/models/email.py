"""An email composed by a user and sent by a Celery task: its text, attachments and delivery state."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from engagement.querysets import OutboundEmailQuerySet

# What an outbound message is for: free text, not a choices field, so a new kind needs no migration.
# Every kind goes through `email_queue` and the one contact rule.
EMAIL_KINDS = {
    "composed": "Written by a recruiter",
    "update": "Automatic update",
    "consent_request": "Consent request",
    "review_link": "Client review link",
    "survey": "Feedback survey",
    "keep_data": "“Keep my data?” request",
    "reference_request": "Reference request",
    "submission_pack": "Submission pack",
    "interview_invite": "Interview invitation",
    "interview_reminder": "Interview reminder",
    "bulk": "Bulk mail",
    "complaint": "Complaint follow-up",
    "application_received": "Application acknowledgement",
    "portal_sign_in": "Portal sign-in link",
    # Issue 19: a stage message (engagement.services.stage_messages) and the art. 14 privacy notice.
    "stage_update": "Update on an application",
    "privacy_notice": "Privacy notice",
}


class OutboundEmail(TeamOwnedModel):
    """One message to one person. `owner` is the sender. The person's address is read when it is
    sent (never stored here twice); the text is kept on the timeline (`communication`) once sent.

    `candidate`/`contact` is the person whose timeline the message belongs to and, unless `to_email`
    is set, its recipient. `to_email` is for a third party writing about that person — a referee, an
    interviewer — who has no record of their own."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        BOUNCED = "bounced", "Bounced"

    candidate = models.ForeignKey(
        "candidates.Candidate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_emails",
    )
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="outbound_emails"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", null=True, blank=True, on_delete=models.PROTECT, related_name="outbound_emails"
    )
    template = models.ForeignKey(
        "engagement.EmailTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30, default="composed")
    # The bulk mail this message is one of (kind "bulk"), sent by its throttled task.
    bulk = models.ForeignKey(
        "engagement.BulkEmail", null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    to_email = models.EmailField(blank=True)
    # Extra headers (e.g. List-Unsubscribe); never personal data beyond a signed token.
    headers = models.JSONField(default=dict, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    attachments = models.ManyToManyField("candidates.Document", blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    # A code or the SMTP reply code, never message content or an address.
    error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    communication = models.OneToOneField(
        "engagement.Communication", null=True, blank=True, on_delete=models.SET_NULL, related_name="email"
    )

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="engagement_email_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(candidate__isnull=False) | models.Q(contact__isnull=False),
                name="engagement_email_to_someone",
            )
        ]

    def __str__(self) -> str:
        return f"Email #{self.pk}"

    @property
    def kind_label(self) -> str:
        return EMAIL_KINDS.get(self.kind, self.kind.replace("_", " ").capitalize())


def outbound_path(instance: Any, filename: str) -> str:
    # Never the file's own name (it may name the person): an unguessable one.
    return f"engagement/outbound/{secrets.token_hex(24)}"


class OutboundAttachment(models.Model):
    """A file the app made for one message (a submission pack, a calendar invitation): kept exactly
    as sent. The person's own documents are attached by reference (`OutboundEmail.attachments`)."""

    email = models.ForeignKey(OutboundEmail, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to=outbound_path, max_length=200)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename
