"""Reusable filters for candidates: one filter a line, the reason beside it."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import CharField, Func, Q
from django.utils import timezone

from core.permissions import VisibleQuerySet

# A candidate's availability counts as current for this many days after it was confirmed.
AVAILABILITY_FRESH_DAYS = 90
# Sources where the agency found the person (rather than the person applying): UK GDPR art. 14 —
# they must be sent the privacy notice within one month (DOMAIN.md "Sourced candidates").
SOURCED_CHANNELS = ("job_board", "social_media", "referral", "database", "event", "other")


class PostcodeArea(Func):
    """A postcode key's area: the letters before the first digit ('LS14AB' -> 'LS', 'M14AB' -> 'M').

    The constants are in the template, not parameters, so the SQL is the same text as the
    expression index candidates_cand_pcarea_idx and the planner uses it."""

    template = "regexp_replace(%(expressions)s, '[0-9].*$', '')"
    output_field = CharField()


def missing_mandatory_q() -> Q:
    # Mandatory: a name, a way to reach them (email or phone), and a location (postcode).
    return Q(first_name="") | Q(last_name="") | (Q(email="") & Q(phone="")) | Q(postcode="")


def availability_stale_q(today: datetime.date | None = None) -> Q:
    # Availability counts only if confirmed in the last 90 days.
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=AVAILABILITY_FRESH_DAYS)
    return Q(availability_confirmed_on__isnull=True) | Q(availability_confirmed_on__lt=cutoff)


def privacy_notice_due_q() -> Q:
    # UK GDPR art. 14: sourced people get the privacy notice within one month.
    return Q(source__in=SOURCED_CHANNELS, privacy_notice_sent_on__isnull=True)


class CandidateQuerySet(VisibleQuerySet):
    inline_grants = True  # a million rows: the team rule must be a plain, indexable team_id = X

    def live(self) -> CandidateQuerySet:
        # Merged duplicates stay as tombstones; anonymised people are no longer anyone; restricted
        # people (erasure inside a statutory floor) are kept only for the law, out of every list.
        return self.filter(merged_into__isnull=True, is_anonymised=False, restricted_at__isnull=True)

    def availability_stale(self, today: datetime.date | None = None) -> CandidateQuerySet:
        return self.filter(availability_stale_q(today))

    def missing_mandatory(self) -> CandidateQuerySet:
        return self.filter(missing_mandatory_q())

    def privacy_notice_due(self) -> CandidateQuerySet:
        return self.filter(privacy_notice_due_q())


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
