"""A communication with a candidate and/or a client contact, and the email templates managers edit."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from engagement.querysets import CommunicationQuerySet


class Communication(TeamOwnedModel):
    """A call, email, SMS, meeting or note. `owner` is who made it ("by" in the API)."""

    class Kind(models.TextChoices):
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        SMS = "sms", "SMS"
        MEETING = "meeting", "Meeting"
        NOTE = "note", "Note"

    class Direction(models.TextChoices):
        INBOUND = "inbound", "Inbound"
        OUTBOUND = "outbound", "Outbound"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.OUTBOUND)
    summary = models.TextField()
    occurred_at = models.DateTimeField(default=timezone.now)
    candidate = models.ForeignKey(
        "candidates.Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="communications"
    )
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="communications"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", null=True, blank=True, on_delete=models.PROTECT, related_name="communications"
    )
    subject = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunicationQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["candidate", "-occurred_at"], name="engagement_comm_cand_idx"),
            models.Index(fields=["contact", "-occurred_at"], name="engagement_comm_contact_idx"),
            models.Index(fields=["vacancy", "-occurred_at"], name="engagement_comm_vacancy_idx"),
            models.Index(fields=["team", "-occurred_at"], name="engagement_comm_team_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(candidate__isnull=False) | models.Q(contact__isnull=False),
                name="engagement_comm_about_someone",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def clean(self) -> None:
        if self.candidate_id is None and self.contact_id is None:
            raise ValidationError("A communication is with a candidate or a contact.")


# Templates only the app can fill (a one-time sign-in link, the privacy notice's text): never offered
# to someone writing an email, in the composer or through the API.
APP_ONLY_TEMPLATE_CODES = frozenset({"portal_sign_in", "privacy_notice"})


class EmailTemplate(models.Model):
    """Managers edit these. Merge fields: {{ first_name }}, {{ last_name }}, {{ vacancy }},
    {{ client }}, {{ sender }}, {{ complaint_reference }} — plain Django template syntax."""

    code = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
