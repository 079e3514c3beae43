"""The manager dashboard's figures. Each aggregates in the database — one or a few grouped queries
per figure, whatever the number of rows — over the records the manager may see, optionally for one
recruiter, within a date range.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Avg, Count, DurationField, Exists, ExpressionWrapper, F, Min, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from candidates.models import Candidate, DiversityRecord
from clients.models import Client
from core.models import User
from engagement.models import Complaint, FeedbackResponse
from engagement.selectors.cadence import cadence_breach_list
from engagement.selectors.complaints import complaint_counts_get
from engagement.selectors.feedback import nps_breakdown_list
from vacancies.models import PLACEMENT_FEE_VALUE, Application, Placement, StageChange, Vacancy
from vacancies.models.pipeline import Stage

# Special-category data (UK GDPR art. 9): aggregate only, groups under 5 suppressed.
SUPPRESS_BELOW = 5
FUNNEL = [
    Stage.SOURCED,
    Stage.SCREENING,
    Stage.SHORTLISTED,
    Stage.SUBMITTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.PLACED,
]


@dataclass(frozen=True)
class Scope:
    user: User
    start: date
    end: date
    team_id: int | None = None
    recruiter_id: int | None = None

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def narrow(self, queryset: Any, owner: str = "owner_id", team: str = "team_id") -> Any:
        queryset = queryset.visible_to(self.user)
        if self.team_id:
            queryset = queryset.filter(**{team: self.team_id})
        if self.recruiter_id:
            queryset = queryset.filter(**{owner: self.recruiter_id})
        return queryset


def funnel(scope: Scope) -> list[dict[str, Any]]:
    """Applications created in the range that reached each stage (one grouped query)."""
    applications = scope.narrow(Application.objects.all()).filter(
        created_at__gte=scope.start_at, created_at__lt=scope.end_at
    )
    counts = dict(
        StageChange.objects.filter(application__in=applications)
        .order_by()
        .values("stage")
        .annotate(n=Count("application_id", distinct=True))
        .values_list("stage", "n")
    )
    return [{"stage": Stage(s).label, "count": counts.get(s, 0)} for s in FUNNEL]


def _days(value: timedelta | None) -> float | None:
    return round(value.total_seconds() / 86400, 1) if value is not None else None


def time_to(scope: Scope) -> dict[str, Any]:
    applications = scope.narrow(Application.objects.all()).filter(
        created_at__gte=scope.start_at, created_at__lt=scope.end_at
    )
    shortlisted = (
        applications.annotate(
            first_at=Min("stage_changes__at", filter=Q(stage_changes__stage=Stage.SHORTLISTED))
        )
        .filter(first_at__isnull=False)
        .aggregate(
            avg=Avg(ExpressionWrapper(F("first_at") - F("created_at"), output_field=DurationField())),
            n=Count("pk"),
        )
    )
    filled = (
        scope.narrow(Vacancy.objects.all())
        .filter(filled_at__gte=scope.start_at, filled_at__lt=scope.end_at, opened_at__isnull=False)
        .aggregate(
            avg=Avg(ExpressionWrapper(F("filled_at") - F("opened_at"), output_field=DurationField())),
            n=Count("pk"),
        )
    )
    return {
        "shortlist_days": _days(shortlisted["avg"]),
        "shortlist_n": shortlisted["n"],
        "fill_days": _days(filled["avg"]),
        "fill_n": filled["n"],
    }


def placements_by_month(scope: Scope) -> list[dict[str, Any]]:
    placements = Placement.objects.filter(
        application__in=scope.narrow(Application.objects.all()),
        start_on__gte=scope.start,
        start_on__lte=scope.end,
    )
    rows = (
        placements.annotate(month=TruncMonth("start_on"))
        .order_by()
        .values("month")
        # Perm fees, and temp/contract margins over their expected days (not £0).
        .annotate(count=Count("pk"), fees=Sum(PLACEMENT_FEE_VALUE))
        .order_by("month")
    )
    return [
        {"month": r["month"].strftime("%Y-%m"), "count": r["count"], "fees": r["fees"] or 0} for r in rows
    ]


def source_of_hire(scope: Scope) -> list[dict[str, Any]]:
    """Candidates added per source channel → submitted → placed (one grouped query)."""
    submitted = StageChange.objects.filter(application__candidate=OuterRef("pk"), stage=Stage.SUBMITTED)
    placed = Application.objects.filter(candidate=OuterRef("pk"), stage=Stage.PLACED)
    rows = (
        scope.narrow(Candidate.objects.all())
        .filter(created_at__gte=scope.start_at, created_at__lt=scope.end_at)
        .annotate(was_submitted=Exists(submitted), was_placed=Exists(placed))
        .order_by()
        .values("source")
        .annotate(
            added=Count("pk"),
            submitted=Count("pk", filter=Q(was_submitted=True)),
            placed=Count("pk", filter=Q(was_placed=True)),
        )
        .order_by("source")
    )
    labels = dict(Candidate.Source.choices)
    return [
        {
            "source": labels.get(r["source"], r["source"]),
            "added": r["added"],
            "submitted": r["submitted"],
            "placed": r["placed"],
            "rate": round(100 * r["placed"] / r["added"]) if r["added"] else 0,
        }
        for r in rows
    ]


def user_names_get(*, ids: list[int]) -> dict[int, str]:
    """People's names (not usernames) for a report's rows, in one query."""
    users = User.objects.filter(pk__in=ids).only("pk", "username", "first_name", "last_name")
    return {u.pk: u.display_name for u in users}


def cadence_breaches(scope: Scope) -> list[dict[str, Any]]:
    rows = cadence_breach_list(
        candidates=scope.narrow(Candidate.objects.all()), clients=scope.narrow(Client.objects.all())
    )
    names = user_names_get(ids=[r["owner_id"] for r in rows])
    return sorted(
        ({"recruiter": names.get(r["owner_id"], "?"), **r} for r in rows), key=lambda r: str(r["recruiter"])
    )


def complaints(scope: Scope) -> dict[str, Any]:
    return complaint_counts_get(complaints=scope.narrow(Complaint.objects.all()))


def nps_trend(scope: Scope) -> list[dict[str, Any]]:
    responses = (
        scope.narrow(FeedbackResponse.objects.all())
        .filter(answered_at__gte=scope.start_at, answered_at__lt=scope.end_at)
        .annotate(month=TruncMonth("answered_at"))
    )
    rows = nps_breakdown_list(responses=responses, field="month")
    return [{**r, "key": r["key"].strftime("%Y-%m")} for r in rows]


DIVERSITY_FIELDS = ("age_band", "sex", "ethnicity", "disability")


def diversity(scope: Scope) -> list[dict[str, Any]] | None:
    """Candidates added in the range, by characteristic; None without the report permission."""
    user = scope.user
    if not (user.is_admin or user.has_perm("candidates.view_diversity_report")):
        return None
    records = DiversityRecord.objects.filter(
        candidate__in=scope.narrow(Candidate.objects.all()).filter(
            created_at__gte=scope.start_at, created_at__lt=scope.end_at
        )
    )
    sections = []
    for field in DIVERSITY_FIELDS:
        counts = records.order_by().values(field).annotate(n=Count("pk")).order_by(field)
        rows = [
            {"value": r[field] or "Not answered", "n": r["n"] if r["n"] >= SUPPRESS_BELOW else None}
            for r in counts
        ]
        label = str(getattr(DiversityRecord._meta.get_field(field), "verbose_name", field)).capitalize()
        sections.append({"field": field, "label": label, "rows": rows})
    return sections
