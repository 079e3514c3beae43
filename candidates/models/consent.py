"""The consent ledger (UK GDPR art. 6/7; Conduct Regs reg 19 for `submission`).

Append-only: a row is never deleted and never rewritten. The one change allowed is the withdrawal
(`withdrawn_at` set once, from empty) — and `candidate` moving to the survivor of a merge. A
database trigger (migration 0002) enforces the same, so no code path can rewrite history.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from candidates.querysets import ChildQuerySet


class Consent(models.Model):
    class Purpose(models.TextChoices):
        PROCESSING = "processing", "Processing (holding the record)"
        SUBMISSION = "submission", "Submission to a client for a vacancy"
        MARKETING = "marketing", "Marketing"

    class Method(models.TextChoices):
        APPLICATION = "application", "With their application"
        EMAIL = "email", "By email"
        PHONE = "phone", "By phone"
        IN_PERSON = "in_person", "In person"
        WEB_FORM = "web_form", "Web form"
        RECORDED = "recorded", "Recorded by the agency"

    candidate = models.ForeignKey("candidates.Candidate", on_delete=models.PROTECT, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    lawful_basis = models.CharField(
        max_length=30,
        choices=[
            ("legitimate_interests", "Legitimate interests"),
            ("contract", "Contract"),
            ("legal_obligation", "Legal obligation"),
            ("consent", "Consent"),
        ],
    )
    # The vacancy a `submission` consent is for (Conduct Regs reg 19: no blanket consent). An id,
    # not a foreign key: vacancies live on a floor above candidates.
    vacancy_id = models.BigIntegerField(null=True, blank=True)
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    method = models.CharField(max_length=20, choices=Method.choices)
    wording_version = models.CharField(max_length=30, blank=True)
    evidence = models.CharField(max_length=500, blank=True, help_text="Where the evidence is kept.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        ordering = ["-given_at", "-id"]
        indexes = [models.Index(fields=["candidate", "purpose"], name="candidates_consent_purpose_idx")]

    def __str__(self) -> str:
        return f"{self.purpose} consent #{self.pk}"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
