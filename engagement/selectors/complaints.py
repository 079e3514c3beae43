"""Complaints and improvements for pages and exports: visibility first, a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.models import User
from engagement.models import Complaint, Improvement


def complaint_list(*, user: User, show: str = "open") -> QuerySet[Complaint]:
    complaints: Any = Complaint.objects.visible_to(user).select_related(
        "owner", "escalated_to", "candidate", "contact__client"
    )
    if show == "overdue":
        return complaints.overdue(today=timezone.localdate())
    if show == "open":
        return complaints.open()
    return complaints


def complaint_counts_get(*, complaints: QuerySet[Complaint]) -> dict[str, int]:
    from django.db.models import Count, Q

    today = timezone.localdate()
    open_q = Q(closed_at__isnull=True)
    overdue_q = open_q & (Q(acknowledged_at__isnull=True, acknowledge_by__lt=today) | Q(resolve_by__lt=today))
    return complaints.aggregate(
        open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=overdue_q),
        escalated=Count("pk", filter=open_q & Q(escalated_at__isnull=False)),
    )


def improvement_list(*, user: User, client: int | None = None) -> QuerySet[Improvement]:
    improvements = (
        Improvement.objects.visible_to(user).select_related("owner", "client").prefetch_related("complaints")
    )
    if client:
        improvements = improvements.filter(client_id=client)
    return improvements


def team_manager_get(*, team_id: int | None) -> User | None:
    """Who a complaint escalates to: the team's lead, else its first active manager."""
    if team_id is None:
        return None
    manager = User.objects.filter(led_teams__id=team_id, is_active=True).first()
    return manager or (
        User.objects.filter(team_id=team_id, role=User.Role.MANAGER, is_active=True).order_by("pk").first()
    )
