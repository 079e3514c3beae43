"""A message to a candidate about their application (issue 19, "messages at every step"): made from
the stage's template when the application moves, it waits `STAGE_MESSAGE_DELAY_MINUTES` where a
recruiter can read, edit, cancel or send it now, then goes through `email_queue` (the one door) —
or, for someone who prefers the phone, becomes a to-do to call them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from engagement.querysets import StageMessageQuerySet


class StageMessage(TeamOwnedModel):
    """`owner` is the application's recruiter (who signs it), `team` the application's team."""

    class Event(models.TextChoices):
        SHORTLISTED = "shortlisted", "Shortlisted"
        SUBMITTED = "submitted", "Put forward to the client"
        INTERVIEW = "interview", "Interview booked"
        OFFER = "offer", "Offer"
        REJECTED = "rejected", "Unsuccessful"
        VACANCY_CLOSED = "vacancy_closed", "Vacancy closed"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to send"
        SENT = "sent", "Sent"
        TODO = "todo", "Given to the recruiter to call"
        CANCELLED = "cancelled", "Cancelled"
        SUPERSEDED = "superseded", "Replaced by a later move"
        REFUSED = "refused", "Not sent (contact rule)"

    application = models.ForeignKey(
        "vacancies.Application", on_delete=models.PROTECT, related_name="stage_messages"
    )
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="stage_messages"
    )
    vacancy = models.ForeignKey("vacancies.Vacancy", on_delete=models.PROTECT, related_name="stage_messages")
    event = models.CharField(max_length=20, choices=Event.choices)
    template = models.ForeignKey(
        "engagement.EmailTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.WAITING)
    # A code (the contact rule's, "cancelled", "superseded") — never message content or an address.
    reason = models.CharField(max_length=40, blank=True)
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    email = models.OneToOneField(
        "engagement.OutboundEmail",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stage_message",
    )
    todo = models.OneToOneField(
        "engagement.ToDo", null=True, blank=True, on_delete=models.SET_NULL, related_name="stage_message"
    )

    objects = StageMessageQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="engagement_stagemsg_due_idx"),
            models.Index(fields=["team", "status", "due_at"], name="engagement_stagemsg_team_idx"),
            models.Index(fields=["application", "status"], name="engagement_stagemsg_app_idx"),
            models.Index(fields=["candidate", "status"], name="engagement_stagemsg_cand_idx"),
        ]

    def __str__(self) -> str:
        return f"Stage message #{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING
