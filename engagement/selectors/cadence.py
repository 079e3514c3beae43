"""Contact cadences (DOMAIN.md "Customer service"): every candidate in an active pipeline hears from
us at least every CANDIDATE_CONTACT_EVERY_DAYS (7) days; every client with an open vacancy at least
every `update_every_days`. All in SQL: one query per list, one per breach count.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Client, Contact
from vacancies.models import Application, Vacancy
from vacancies.models.pipeline import CLOSED_STAGES


def _candidate_every_days() -> int:
    return int(getattr(settings, "CANDIDATE_CONTACT_EVERY_DAYS", 7))


def candidate_overdue_list(*, base: QuerySet[Candidate], now: datetime | None = None) -> QuerySet[Candidate]:
    """Candidates with an open application not contacted within the cadence (never: since added)."""
    now = now or timezone.now()
    open_application = Application.objects.filter(candidate=OuterRef("pk")).exclude(stage__in=CLOSED_STAGES)
    return (
        base.filter(Exists(open_application), anonymised_at__isnull=True)
        .annotate(last_at=Coalesce("last_contacted_at", "created_at"))
        .filter(last_at__lt=now - timedelta(days=_candidate_every_days()))
        .select_related("owner")
        .order_by("last_at", "pk")
    )


def client_overdue_list(*, base: QuerySet[Client], now: datetime | None = None) -> QuerySet[Client]:
    """Clients with an open vacancy whose contacts have not heard from us within `update_every_days`."""
    now = now or timezone.now()
    open_vacancy = Vacancy.objects.filter(client=OuterRef("pk"), status=Vacancy.Status.OPEN)
    last_contact = (
        Contact.objects.filter(client=OuterRef("pk"))
        .values("client")
        .annotate(latest=Max("last_contacted_at"))
        .values("latest")
    )
    first_opened = (
        Vacancy.objects.filter(client=OuterRef("pk"), status=Vacancy.Status.OPEN)
        .values("client")
        .annotate(first=Max("opened_at"))
        .values("first")
    )
    return (
        base.filter(Exists(open_vacancy))
        .annotate(
            last_at=Coalesce(
                Subquery(last_contact, output_field=DateTimeField()),
                Subquery(first_opened, output_field=DateTimeField()),
                "created_at",
            )
        )
        .annotate(
            due_at=ExpressionWrapper(
                F("last_at") + F("update_every_days") * Value(timedelta(days=1)), output_field=DateTimeField()
            )
        )
        .filter(due_at__lt=now)
        .select_related("owner")
        .order_by("due_at", "pk")
    )


def cadence_breach_list(
    *, candidates: QuerySet[Candidate], clients: QuerySet[Client], now: datetime | None = None
) -> list[dict[str, Any]]:
    """Two grouped queries: overdue candidates and clients per owning recruiter."""
    rows: dict[int, dict[str, Any]] = {}
    for row in (
        candidate_overdue_list(base=candidates, now=now).order_by().values("owner_id").annotate(n=Count("pk"))
    ):
        rows.setdefault(row["owner_id"], {"owner_id": row["owner_id"], "candidates": 0, "clients": 0})
        rows[row["owner_id"]]["candidates"] = row["n"]
    for row in (
        client_overdue_list(base=clients, now=now).order_by().values("owner_id").annotate(n=Count("pk"))
    ):
        rows.setdefault(row["owner_id"], {"owner_id": row["owner_id"], "candidates": 0, "clients": 0})
        rows[row["owner_id"]]["clients"] = row["n"]
    return list(rows.values())
