"""Diversity monitoring (Equality Act 2010; UK GDPR art. 9 special-category data).

A separate table with its own permission: never shown on the candidate page, in search, in exports
or to clients, and reported only in aggregate with groups under 5 suppressed.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from candidates.querysets import ChildQuerySet

PREFER_NOT = ("prefer_not_to_say", "Prefer not to say")


class DiversityRecord(models.Model):
    class AgeBand(models.TextChoices):
        UNDER_25 = "under_25", "Under 25"
        AGE_25_34 = "25_34", "25 to 34"
        AGE_35_44 = "35_44", "35 to 44"
        AGE_45_54 = "45_54", "45 to 54"
        AGE_55_64 = "55_64", "55 to 64"
        AGE_65_PLUS = "65_plus", "65 and over"
        PREFER_NOT_TO_SAY = PREFER_NOT

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        PREFER_NOT_TO_SAY = PREFER_NOT

    candidate = models.OneToOneField(
        "candidates.Candidate", on_delete=models.CASCADE, related_name="diversity_record"
    )
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, default=AgeBand.PREFER_NOT_TO_SAY)
    sex = models.CharField(max_length=50, blank=True)
    gender_same_as_at_birth = models.CharField(
        max_length=20, choices=YesNo.choices, default=YesNo.PREFER_NOT_TO_SAY
    )
    ethnicity = models.CharField(max_length=100, blank=True)
    disability = models.CharField(max_length=20, choices=YesNo.choices, default=YesNo.PREFER_NOT_TO_SAY)
    religion = models.CharField(max_length=100, blank=True)
    sexual_orientation = models.CharField(max_length=100, blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    objects = ChildQuerySet.as_manager()
    team_lookup: ClassVar[str] = "candidate__team_id"

    class Meta:
        permissions = [("view_diversity_report", "Can see the aggregate diversity report")]

    def __str__(self) -> str:
        return f"diversity record #{self.pk}"
