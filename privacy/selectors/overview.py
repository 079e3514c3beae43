"""Reads for the Privacy page: a fixed number of queries whatever the row count."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Case, Value, When
from django.utils import timezone

from privacy.models import ErasureRequest, LegalHold, SubjectAccessRequest, SuppressionEntry, SweepRun
from privacy.selectors.due import candidate_due_list

DUE_WINDOW_DAYS = 30
SHOWN = 20


def privacy_overview_get() -> dict[str, Any]:
    today = timezone.localdate()
    due_now = set(candidate_due_list().values_list("pk", flat=True))
    upcoming = candidate_due_list(on=today + datetime.timedelta(days=DUE_WINDOW_DAYS))
    upcoming_count = upcoming.count()
    # Due now first, then the rest by number; one query either way.
    due_list = list(
        upcoming.select_related("owner")
        .annotate(is_due_now=Case(When(pk__in=due_now, then=Value(0)), default=Value(1)))
        .order_by("is_due_now", "pk")[:SHOWN]
    )
    for candidate in due_list:
        candidate.due_now = candidate.pk in due_now  # type: ignore[attr-defined]
    open_statuses = ["open", "paused"]
    return {
        "due": due_list,
        "due_count": upcoming_count,
        "due_now_count": len(due_now),
        "sweeps": list(SweepRun.objects.select_related("requested_by")[:10]),
        "sars": list(
            SubjectAccessRequest.objects.filter(status__in=open_statuses).select_related("candidate")
        ),
        "erasures": list(ErasureRequest.objects.filter(status__in=open_statuses).select_related("candidate")),
        "holds": list(
            LegalHold.objects.filter(released_at__isnull=True).select_related(
                "candidate", "contact", "placed_by"
            )[:SHOWN]
        ),
        "suppression_count": SuppressionEntry.objects.count(),
    }
