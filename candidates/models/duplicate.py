"""A pair of records a recruiter has said are not the same person (issue 16, "not a duplicate").

The pair is stored once, lower id first, so the check is one indexed lookup whichever record
is open; it is never flagged as a possible duplicate again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class NotDuplicate(models.Model):
    low = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="+")
    high = models.ForeignKey("candidates.Candidate", on_delete=models.CASCADE, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["low", "high"], name="candidates_notduplicate_pair_once"),
            models.CheckConstraint(condition=Q(low__lt=F("high")), name="candidates_notduplicate_ordered"),
        ]
        indexes = [models.Index(fields=["high", "low"], name="candidates_notdup_high_idx")]

    def __str__(self) -> str:
        return f"#{self.low_id} is not #{self.high_id}"
