"""Reusable filters for candidates: one filter a line, the reason beside it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from core.permissions import VisibleQuerySet

# A candidate's availability counts as current for this many days after it was confirmed.
AVAILABILITY_FRESH_DAYS = 90
# Sources where the agency found the person (rather than the person applying): UK GDPR art. 14 —
# they must be sent the privacy notice within one month (DOMAIN.md "Sourced candidates").
SOURCED_CHANNELS = ("job_board", "social_media", "referral", "database", "event", "other")


class CandidateQuerySet(VisibleQuerySet):
    def live(self) -> CandidateQuerySet:
        # Merged duplicates stay as tombstones; anonymised people are no longer anyone.
        return self.filter(merged_into__isnull=True, is_anonymised=False)

    def availability_stale(self, today: datetime.date | None = None) -> CandidateQuerySet:
        today = today or timezone.localdate()
        cutoff = today - datetime.timedelta(days=AVAILABILITY_FRESH_DAYS)
        return self.filter(
            Q(availability_confirmed_on__isnull=True) | Q(availability_confirmed_on__lt=cutoff)
        )

    def missing_mandatory(self) -> CandidateQuerySet:
        # Mandatory: a name, a way to reach them (email or phone), and a location (postcode).
        return self.filter(Q(first_name="") | Q(last_name="") | (Q(email="") & Q(phone="")) | Q(postcode=""))

    def privacy_notice_due(self) -> CandidateQuerySet:
        # UK GDPR art. 14: sourced people get the privacy notice within one month.
        return self.filter(source__in=SOURCED_CHANNELS, privacy_notice_sent_on__isnull=True)


class ChildQuerySet(VisibleQuerySet):
    """Rows owned through their candidate: visible when the candidate's team is the user's."""

    def for_candidate(self, candidate: Any) -> ChildQuerySet:
        return self.filter(candidate=candidate)


class SavedSearchQuerySet(VisibleQuerySet):
    """Saved searches are personal: each user sees their own only (admins included)."""

    def visible_to(self, user: Any, action: str = "view") -> VisibleQuerySet:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user_id=user.pk)
