"""The complaints register and "you said, we did" improvements."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from engagement.querysets import ComplaintQuerySet, ImprovementQuerySet


class Complaint(TeamOwnedModel):
    """`owner` handles it. Deadlines are stored (computed in UK business days when received)."""

    class ComplainantType(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        CLIENT_CONTACT = "client_contact", "Client contact"
        OTHER = "other", "Other"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"
        WEB = "web", "Web / social"

    class Category(models.TextChoices):
        COMMUNICATION = "communication", "Communication"
        CONDUCT = "conduct", "Conduct"
        DATA = "data", "Data protection"
        PAYMENT = "payment", "Pay or invoicing"
        SERVICE = "service", "Quality of service"
        OTHER = "other", "Other"

    complainant_type = models.CharField(max_length=20, choices=ComplainantType.choices)
    candidate = models.ForeignKey(
        "candidates.Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    complainant_name = models.CharField(max_length=200, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    category = models.CharField(max_length=20, choices=Category.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    description = models.TextField()
    received_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateField()
    resolve_by = models.DateField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_reason = models.CharField(max_length=20, blank=True)
    follow_up_summary = models.TextField(blank=True)
    follow_up_sent_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["team", "closed_at"], name="engagement_complaint_open_idx")]

    def __str__(self) -> str:
        return f"Complaint C-{self.pk}"

    @property
    def reference(self) -> str:
        return f"C-{self.pk}"

    @property
    def escalation_label(self) -> str:
        return {
            "high_severity": "high severity",
            "unresolved_10_days": "unresolved after 10 business days",
            "manual": "escalated by hand",
        }.get(self.escalation_reason, self.escalation_reason)

    @property
    def complainant_label(self) -> str:
        person = self.candidate or self.contact
        return str(person) if person is not None else self.complainant_name

    @property
    def is_overdue(self) -> bool:
        if self.closed_at is not None:
            return False
        today = timezone.localdate()
        if self.acknowledged_at is None and self.acknowledge_by < today:
            return True
        return self.resolve_by < today


class Improvement(TeamOwnedModel):
    """ "You said, we did": what changed, prompted by a complaint or by feedback. `owner` does it."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    you_said = models.TextField(help_text="What we heard, in words a client can read.")
    we_did = models.TextField(help_text="What we changed.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    done_on = models.DateField(null=True, blank=True)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="improvements"
    )
    complaints = models.ManyToManyField(Complaint, blank=True, related_name="improvements")
    feedback = models.ManyToManyField("engagement.FeedbackResponse", blank=True, related_name="improvements")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImprovementQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Improvement #{self.pk}"
