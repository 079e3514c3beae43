"""The manager dashboard's activity table: per recruiter, what each did in a date range.

Each column is counted by who did it and when they did it (a Bullhorn-style activity report):
calls and emails logged (`Communication.owner`, `occurred_at`), CVs sent (`Submission.submitted_by`,
`submitted_at`), interviews booked and offers recorded (`created_by`, `created_at`) and placements
made (`created_by`, `created_at`) with what they earn (`PLACEMENT_FEE_VALUE`: the perm fee, or the
day margin x expected days). One grouped query per source whatever the number of rows, and one for
the people's names: six in all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, Sum

from core.models import User
from engagement.models import Communication
from recruitcrm.dashboards.reports import Scope
from vacancies.models import PLACEMENT_FEE_VALUE, Interview, Offer, Placement, Submission

COLUMNS = ["recruiter", "calls", "emails", "cvs_sent", "interviews", "offers", "placements", "fees"]
COUNTS = COLUMNS[1:-1]


def _in_range(scope: Scope, field: str) -> Q:
    return Q(**{f"{field}__gte": scope.start_at, f"{field}__lt": scope.end_at})


def _grouped(queryset: Any, by: str, **aggregates: Any) -> dict[int, dict[str, Any]]:
    rows = queryset.order_by().values(by).annotate(**aggregates)
    return {row[by]: row for row in rows if row[by] is not None}


def activity_list(scope: Scope) -> list[dict[str, Any]]:
    """One row per person of the scope (the team's active recruiters and managers, and anyone else
    who did something in range), sorted by name; `activity_totals` adds up the total row."""
    communications = _grouped(
        scope.narrow(Communication.objects.all()).filter(_in_range(scope, "occurred_at")),
        "owner_id",
        calls=Count("pk", filter=Q(kind=Communication.Kind.CALL)),
        emails=Count(
            "pk", filter=Q(kind=Communication.Kind.EMAIL, direction=Communication.Direction.OUTBOUND)
        ),
    )
    children = {"owner": "created_by_id", "team": "application__team_id"}
    submissions = _grouped(
        scope.narrow(Submission.objects.all(), owner="submitted_by_id", team="application__team_id").filter(
            _in_range(scope, "submitted_at")
        ),
        "submitted_by_id",
        cvs_sent=Count("pk"),
    )
    interviews = _grouped(
        scope.narrow(Interview.objects.all(), **children).filter(_in_range(scope, "created_at")),
        "created_by_id",
        interviews=Count("pk"),
    )
    offers = _grouped(
        scope.narrow(Offer.objects.all(), **children).filter(_in_range(scope, "created_at")),
        "created_by_id",
        offers=Count("pk"),
    )
    placements = _grouped(
        scope.narrow(Placement.objects.all(), **children).filter(_in_range(scope, "created_at")),
        "created_by_id",
        placements=Count("pk"),
        fees=Sum(PLACEMENT_FEE_VALUE),
    )
    sources = (communications, submissions, interviews, offers, placements)
    # The people who recruit (compliance officers and admins appear only if they did something).
    active: Any = User.objects.visible_to(scope.user).filter(
        is_active=True, role__in=[User.Role.RECRUITER, User.Role.MANAGER]
    )
    if scope.team_id:
        active = active.filter(team_id=scope.team_id)
    if scope.recruiter_id:
        active = active.filter(pk=scope.recruiter_id)
    did_something = {pk for source in sources for pk in source}
    people = User.objects.filter(Q(pk__in=active.values("pk")) | Q(pk__in=did_something)).only(
        "pk", "username", "first_name", "last_name"
    )
    rows = []
    for person in people:
        row: dict[str, Any] = dict.fromkeys([*COUNTS, "fees"], 0)
        for source in sources:
            row.update({k: v or 0 for k, v in source.get(person.pk, {}).items() if k in row})
        rows.append({"recruiter_id": person.pk, "recruiter": person.display_name, **row})
    return sorted(rows, key=lambda r: (str(r["recruiter"]).lower(), r["recruiter_id"]))


def activity_totals(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {column: sum(int(r[column]) for r in rows) for column in [*COUNTS, "fees"]}
