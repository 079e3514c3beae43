"""An email composed by a user and sent by a Celery task: its text, attachments and delivery state."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from engagement.querysets import OutboundEmailQuerySet


class OutboundEmail(TeamOwnedModel):
    """One message to one person. `owner` is the sender. The person's address is read when it is
    sent (never stored here twice); the text is kept on the timeline (`communication`) once sent."""

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
