"""A reference asked of a referee by email (issue 18): the referee answers a signed form, no account.

The request is the letter and its answer; the answer becomes a `ReferenceCheck` recorded as
received (never verified: four eyes — verification stays a second person's job).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from compliance.querysets import CheckQuerySet


class ReferenceRequest(models.Model):
    class State(models.TextChoices):
        SENT = "sent", "Sent, waiting for the referee"
        ANSWERED = "answered", "Answered"
        EXPIRED = "expired", "Expired unanswered"

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="reference_requests"
    )
    # Who the recruiter asked.
    referee_name = models.CharField(max_length=200)
    referee_email = models.EmailField()
    relationship = models.CharField(max_length=100, help_text="e.g. line manager, tutor.")
    is_relative = models.BooleanField(default=False)
    organisation = models.CharField(max_length=200, blank=True)
    employed_from = models.DateField(null=True, blank=True)
    employed_to = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    link = models.ForeignKey(
        "core.SignedLink", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The referee's answer.
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_employed_from = models.DateField(null=True, blank=True)
    answer_employed_to = models.DateField(null=True, blank=True)
    answer_role = models.CharField(max_length=200, blank=True)
    would_re_employ = models.BooleanField(null=True, blank=True)
    comments = models.TextField(blank=True)
    reference_check = models.OneToOneField(
        "compliance.ReferenceCheck",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="request",
    )

    objects = CheckQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answer_employed_to__isnull=True)
                | Q(answer_employed_from__isnull=True)
                | Q(answer_employed_to__gte=F("answer_employed_from")),
                name="compliance_refrequest_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"Reference request #{self.pk}"

    @property
    def state(self) -> str:
        if self.answered_at is not None:
            return self.State.ANSWERED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.SENT

    @property
    def state_label(self) -> str:
        return self.State(self.state).label
