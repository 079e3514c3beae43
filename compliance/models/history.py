"""References, work-history gap explanations, reg 22 notes and the end of employment."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from compliance.models.checks import ImmutableCheck
from compliance.querysets import CheckQuerySet


class ReferenceCheck(ImmutableCheck):
    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="reference_checks"
    )
    referee_name = models.CharField(max_length=200)
    referee_email = models.EmailField(blank=True)
    relationship = models.CharField(max_length=100, help_text="e.g. line manager, tutor.")
    is_relative = models.BooleanField(default=False)
    organisation = models.CharField(max_length=200, blank=True)
    employed_from = models.DateField(null=True, blank=True)
    employed_to = models.DateField(null=True, blank=True)
    requested_on = models.DateField()
    received_on = models.DateField(null=True, blank=True)
    verified = models.BooleanField(default=False)
    consent_to_disclose = models.BooleanField(
        default=False, help_text="The referee agrees the reference may be shown to the client."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    # Four eyes (COMPLIANCE_FOUR_EYES): a compliance officer's verification.
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CheckQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"
    mutable_fields = frozenset({"superseded_by", "verified_by", "verified_at"})

    class Meta:
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(employed_to__isnull=True)
                | Q(employed_from__isnull=True)
                | Q(employed_to__gte=F("employed_from")),
                name="compliance_reference_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True) | Q(received_on__gte=F("requested_on")),
                name="compliance_reference_received_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"Reference #{self.pk}"

    @property
    def is_usable(self) -> bool:
        return self.received_on is not None and self.verified


class GapExplanation(ImmutableCheck):
    """A written explanation of a gap in dated work history (DOMAIN.md references and history)."""

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="gap_explanations"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    explanation = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CheckQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="compliance_gap_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"Gap explanation #{self.pk}"


class VettingNote(ImmutableCheck):
    """Conduct Regs reg 22: the steps taken when references or qualifications could not be had.
    The note is shown to the client with the candidate."""

    class Covers(models.TextChoices):
        REFERENCES = "references", "References"
        QUALIFICATIONS = "qualifications", "Qualifications"

    candidate = models.ForeignKey(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="vetting_notes"
    )
    covers = models.CharField(max_length=20, choices=Covers.choices)
    steps_taken = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CheckQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Reg 22 note #{self.pk}"


class EmploymentEnd(models.Model):
    """When the candidate's employment through the agency ended: starts the evidence retention clock."""

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.PROTECT, related_name="employment_end"
    )
    ended_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = CheckQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    def __str__(self) -> str:
        return f"Employment end #{self.pk}"
