"""Reusable filters for engagement's models, visibility first (core.permissions)."""

from __future__ import annotations

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


class BulkEmailQuerySet(VisibleQuerySet):
    pass
