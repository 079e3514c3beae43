"""The manager's queue: what is waiting for her, first on her home page (issue 16).

Five kinds of item, each linking to the page where it is dealt with: shortlists awaiting her review,
escalated complaints, her team's cadence breaches, overdue compliance tasks, and vacancies at risk
(open `VACANCY_AT_RISK_DAYS` days or more and no CV sent yet). Each kind is one query for its first
`LIMIT` rows and, only when there are more, one count: at most ten queries whatever the numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Client
from compliance.models import ComplianceTask
from core.models import User
from engagement.selectors.cadence import candidate_overdue_list, client_overdue_list
from engagement.selectors.complaints import complaint_list
from vacancies.models import StageChange, Submission, Vacancy
from vacancies.models.pipeline import Stage
from vacancies.selectors.shortlists import shortlist_awaiting_review_list, shortlist_reviewer_is

LIMIT = 5


@dataclass
class QueueGroup:
    kind: str
    title: str
    items: list[Any]
    total: int
    more_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _group(kind: str, title: str, queryset: QuerySet[Any], more_url: str = "") -> QueueGroup:
    rows = list(queryset[: LIMIT + 1])
    total = len(rows) if len(rows) <= LIMIT else queryset.order_by().count()
    return QueueGroup(kind=kind, title=title, items=rows[:LIMIT], total=total, more_url=more_url)


def manager_queue_shown_to(user: User) -> bool:
    return bool(user.is_admin or user.is_manager)


def vacancy_at_risk_list(*, user: User) -> QuerySet[Vacancy]:
    """Open vacancies opened `VACANCY_AT_RISK_DAYS` or more days ago with no CV sent to the client
    yet (no submission, nor an application ever moved to `submitted`), the oldest first."""
    days = settings.VACANCY_AT_RISK_DAYS
    submitted = Submission.objects.filter(application__vacancy=OuterRef("pk"))
    moved = StageChange.objects.filter(application__vacancy=OuterRef("pk"), stage=Stage.SUBMITTED)
    return (
        Vacancy.objects.visible_to(user)
        .filter(status=Vacancy.Status.OPEN, opened_at__lte=timezone.now() - timedelta(days=days))
        .filter(~Exists(submitted), ~Exists(moved))
        .select_related("client", "owner")
        .order_by("opened_at", "pk")
    )


def overdue_compliance_task_list(*, user: User) -> QuerySet[ComplianceTask]:
    return (
        ComplianceTask.objects.visible_to(user)
        .filter(done_at__isnull=True, due_on__lt=timezone.localdate())
        .select_related("candidate", "assigned_to")
        .order_by("due_on", "pk")
    )


def manager_queue_get(*, user: User) -> list[QueueGroup]:
    """The non-empty groups of the manager's queue, in the order she deals with them."""
    from django.urls import reverse

    groups = []
    if shortlist_reviewer_is(user):
        groups.append(
            _group(
                "shortlists",
                "Shortlists waiting for your review",
                shortlist_awaiting_review_list(user=user),
                reverse("vacancies:shortlist_review_queue"),
            )
        )
    escalated = complaint_list(user=user, show="open").filter(escalated_at__isnull=False)
    groups.append(
        _group(
            "complaints",
            "Escalated complaints",
            escalated.order_by("escalated_at", "pk"),
            reverse("engagement:complaints"),
        )
    )
    team_candidates = Candidate.objects.visible_to(user)
    groups.append(
        _group(
            "cadence_candidates",
            "Candidates overdue a contact",
            candidate_overdue_list(base=team_candidates),
            reverse("manager-dashboard") + "#mgr-cadence",
        )
    )
    groups.append(
        _group(
            "cadence_clients",
            "Clients overdue an update",
            client_overdue_list(base=Client.objects.visible_to(user)),
            reverse("manager-dashboard") + "#mgr-cadence",
        )
    )
    groups.append(
        _group(
            "compliance",
            "Overdue compliance tasks",
            overdue_compliance_task_list(user=user),
            reverse("compliance:index"),
        )
    )
    at_risk = _group(
        "vacancies",
        "Vacancies at risk",
        vacancy_at_risk_list(user=user),
        reverse("vacancies:index") + "?status=open",
    )
    at_risk.extra["days"] = settings.VACANCY_AT_RISK_DAYS
    groups.append(at_risk)
    return [g for g in groups if g.total]
