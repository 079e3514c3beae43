"""Nobody left unanswered (issue 19): every applicant hears a decision within
`DECISION_DUE_BUSINESS_DAYS` business days (core.dates, UK bank holidays) of applying.

An applicant is someone who applied themselves (source careers site or portal). They are waiting
for a decision while their application is still at sourced or screening on a vacancy that has not
closed (a closed vacancy tells its open applicants itself). Past the due day they are a breach: on
the recruiter's and the manager's dashboards and in the daily digest."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from core.dates import add_business_days
from vacancies.models import Application, Vacancy

APPLICANT_SOURCES = (Application.Source.CAREERS_SITE, Application.Source.PORTAL)
UNDECIDED_STAGES = ("sourced", "screening")


def decision_due_days() -> int:
    return int(getattr(settings, "DECISION_DUE_BUSINESS_DAYS", 10))


def decision_due_on(applied_on: datetime.date) -> datetime.date:
    return add_business_days(applied_on, decision_due_days())


def decision_breach_cutoff(today: datetime.date) -> datetime.date:
    """The last day one could have applied and be past the due day today."""
    day = today - datetime.timedelta(days=1)
    while decision_due_on(day) >= today:
        day -= datetime.timedelta(days=1)
    return day


def decision_breach_list(
    *, base: QuerySet[Application], today: datetime.date | None = None
) -> QuerySet[Application]:
    """Applicants still undecided after the due day, oldest first (one query, with their names)."""
    day = today or timezone.localdate()
    cutoff = decision_breach_cutoff(day)
    before = timezone.make_aware(
        datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time())
    )
    return (
        base.filter(
            source__in=APPLICANT_SOURCES,
            stage__in=UNDECIDED_STAGES,
            created_at__lt=before,
            vacancy__status__in=(Vacancy.Status.OPEN, Vacancy.Status.ON_HOLD, Vacancy.Status.DRAFT),
        )
        .select_related("candidate", "vacancy", "owner")
        .order_by("created_at", "pk")
    )


def decision_breach_rows(applications: Any) -> list[dict[str, Any]]:
    """For the pages: each breach with its due day and the business days since."""
    rows = []
    for application in applications:
        applied_on = timezone.localdate(application.created_at)
        rows.append(
            {"application": application, "applied_on": applied_on, "due_on": decision_due_on(applied_on)}
        )
    return rows
