"""Reads for the pipeline: the board, applications, placements and follow-ups (always visible_to)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from core.http import parse_id
from core.models import User
from core.permissions import get_object_for_user_or_404
from vacancies.models import (
    Application,
    FollowUp,
    Interview,
    Offer,
    Placement,
    RejectionReason,
    Stage,
    StageChange,
    Vacancy,
)

BOARD_STAGES = [
    Stage.SOURCED,
    Stage.SCREENING,
    Stage.SHORTLISTED,
    Stage.SUBMITTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.PLACED,
    Stage.REJECTED,
    Stage.WITHDRAWN,
]
STALE_AFTER_DAYS = 14


def application_list(
    *, user: User, vacancy: Any = None, candidate: Any = None, stage: str = ""
) -> QuerySet[Application]:
    applications = (
        Application.objects.visible_to(user)
        .select_related("candidate", "vacancy", "rejection_reason")
        .prefetch_related(Prefetch("stage_changes", queryset=StageChange.objects.order_by("at", "id")))
    )
    if vacancy is not None:
        applications = applications.filter(vacancy=vacancy)
    if candidate is not None:
        applications = applications.filter(candidate=candidate)
    if stage:
        applications = applications.filter(stage=stage)
    return applications.order_by("pk")


def application_get(*, user: User, pk: Any, action: str = "view") -> Application:
    application: Application = get_object_for_user_or_404(user, application_list(user=user), action, pk=pk)
    return application


def board_get(*, user: User, vacancy: Vacancy) -> list[dict[str, Any]]:
    """One column per stage with its cards; a fixed number of queries however many cards."""
    now = timezone.now()
    risky_offer = Offer.objects.filter(application=OuterRef("pk"), counter_offer_risk=True, status="made")
    next_interview = (
        Interview.objects.filter(application=OuterRef("pk"), starts_at__gte=now, outcome="pending")
        .values("application")
        .annotate(first=Min("starts_at"))
        .values("first")
    )
    applications = (
        Application.objects.visible_to(user)
        .filter(vacancy=vacancy)
        .select_related("candidate", "rejection_reason")
        .annotate(counter_offer_risk=Exists(risky_offer), next_interview_at=Subquery(next_interview[:1]))
        .order_by("stage_changed_at", "pk")
    )
    columns: dict[str, list[Application]] = {stage: [] for stage in BOARD_STAGES}
    for application in applications:
        application.is_stale = not application.is_closed and application.days_in_stage >= STALE_AFTER_DAYS
        columns[application.stage].append(application)
    return [{"stage": stage, "label": Stage(stage).label, "cards": cards} for stage, cards in columns.items()]


def rejection_reason_list() -> QuerySet[RejectionReason]:
    return RejectionReason.objects.filter(is_active=True).order_by("position", "label")


def stage_change_list(*, application: Application) -> list[dict[str, Any]]:
    return [
        {"stage": change.stage, "at": change.at, "by": change.by_id}
        for change in application.stage_changes.all()
    ]


def rejection_reason_get(value: Any) -> RejectionReason | None:
    """A reason from the admin list by id or code; None when blank; ValidationError when unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, RejectionReason):
        return value
    reasons = RejectionReason.objects.filter(is_active=True)
    text = str(value)
    reason_id = parse_id(text)
    reason = reasons.filter(pk=reason_id).first() if reason_id else reasons.filter(code=text[:100]).first()
    if reason is None:
        raise ValidationError({"reason": "Choose a rejection reason from the list."})
    return reason


def placement_list(*, user: User, vacancy: Any = None, client: Any = None) -> QuerySet[Placement]:
    placements = Placement.objects.visible_to(user).select_related(
        "application__candidate", "application__vacancy__client"
    )
    if vacancy is not None:
        placements = placements.filter(application__vacancy=vacancy)
    if client is not None:
        placements = placements.filter(application__vacancy__client=client)
    return placements.order_by("-start_on", "-pk")


def follow_up_due_list(*, user: User, limit: int = 10) -> QuerySet[FollowUp]:
    """The recruiter's open post-placement follow-ups, soonest first (dashboard)."""
    return (
        FollowUp.objects.due_for(user)
        .visible_to(user)
        .select_related("placement__application__candidate", "placement__application__vacancy__client")
        .order_by("due_on", "pk")[:limit]
    )


def offer_counter_risk_list(*, user: User, limit: int = 10) -> QuerySet[Offer]:
    """Offers flagged at risk of a counter-offer whose start date is still ahead (DOMAIN.md)."""
    today = timezone.localdate()
    return (
        Offer.objects.visible_to(user)
        .filter(counter_offer_risk=True, application__owner=user, start_on__gte=today)
        .exclude(status="declined")
        .select_related("application__candidate", "application__vacancy")
        .order_by("start_on", "pk")[:limit]
    )


def application_stage_counts_get(*, user: User) -> list[dict[str, Any]]:
    """Open applications by stage across the user's visible open vacancies (one query)."""
    from django.db.models import Count

    rows = (
        Application.objects.visible_to(user)
        .filter(vacancy__status=Vacancy.Status.OPEN)
        .exclude(stage__in=[Stage.REJECTED, Stage.WITHDRAWN])
        .values("stage")
        .annotate(count=Count("pk"))
    )
    counts = {row["stage"]: row["count"] for row in rows}
    stages = [s for s in BOARD_STAGES if s not in (Stage.REJECTED, Stage.WITHDRAWN)]
    return (
        [{"stage": s, "label": Stage(s).label, "count": counts.get(s, 0)} for s in stages] if counts else []
    )
