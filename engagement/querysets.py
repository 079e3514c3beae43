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


class StageMessageQuerySet(VisibleQuerySet):
    """Seen by the application's team (the team rule), and only when the caller also sees its
    vacancy (a confidential client's) and its candidate."""

    def visibility_q(self, user: Any, action: str) -> Q:
        from candidates.models import Candidate
        from vacancies.models import Vacancy

        return (
            super().visibility_q(user, action)
            & Q(vacancy_id__in=Vacancy.objects.visible_to(user).values("pk"))
            & Q(candidate_id__in=Candidate.objects.visible_to(user).values("pk"))
        )

    def waiting(self) -> StageMessageQuerySet:
        return self.filter(status="waiting")


class ToDoQuerySet(VisibleQuerySet):
    """A to-do is seen by its team (the team rule), its assignee and whoever set it; and only when
    the caller also sees the record it is on (a to-do on a record you can't see is a 404)."""

    def visibility_q(self, user: Any, action: str) -> Q:
        from candidates.models import Candidate
        from clients.models import Client, Contact
        from vacancies.models import Vacancy

        whose = super().visibility_q(user, action) | Q(assignee_id=user.pk) | Q(owner_id=user.pk)
        records = Q()
        for name, model in (
            ("candidate", Candidate),
            ("contact", Contact),
            ("client", Client),
            ("vacancy", Vacancy),
        ):
            seen = model.objects.visible_to(user).values("pk")
            records &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}_id__in": seen})
        return whose & records

    def open(self) -> ToDoQuerySet:
        return self.filter(done_at__isnull=True)


class BulkEmailQuerySet(VisibleQuerySet):
    pass
