"""Reusable filters for engagement's models, visibility first (core.permissions)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from core.permissions import VisibleQuerySet


class CommunicationQuerySet(VisibleQuerySet):
    def about_candidate(self, candidate_id: int) -> CommunicationQuerySet:
        return self.filter(candidate_id=candidate_id)


class ComplaintQuerySet(VisibleQuerySet):
    def open(self) -> ComplaintQuerySet:
        return self.filter(closed_at__isnull=True)

    def overdue(self, *, today: object = None) -> ComplaintQuerySet:
        # Complaints: acknowledged within 2 business days, resolved within 10 (DOMAIN.md).
        day = today or timezone.localdate()
        return self.open().filter(
            Q(acknowledged_at__isnull=True, acknowledge_by__lt=day) | Q(resolve_by__lt=day)
        )


class ImprovementQuerySet(VisibleQuerySet):
    pass


class FeedbackQuerySet(VisibleQuerySet):
    pass


class OutboundEmailQuerySet(VisibleQuerySet):
    pass


class InboundEmailQuerySet(VisibleQuerySet):
    """Mail with a team is that team's (the person's, the message's or the drop-box owner's); mail
    that reached only the general address has no team and is seen by triage users."""

    def visibility_q(self, user: Any, action: str) -> Q:
        team_q = Q(team_id=user.team_id) if user.team_id else Q(pk__in=[])
        if user.has_perm("engagement.triage_inboundemail"):
            team_q |= Q(team__isnull=True)
        return team_q

    def unmatched(self) -> InboundEmailQuerySet:
        return self.filter(status="unmatched")
