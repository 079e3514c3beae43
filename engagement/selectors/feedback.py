"""NPS roll-ups in the database: NPS = % promoters (9-10) - % detractors (0-6), -100..100."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from core.signing import signed_link_check
from engagement.models import FeedbackRequest, FeedbackResponse

# The signed link a survey is sent with (engagement.services.feedback creates it).
SURVEY_PURPOSE = "survey"

PROMOTER = Q(score__gte=9)
DETRACTOR = Q(score__lte=6)


def nps_calculate(*, promoters: int, detractors: int, total: int) -> int | None:
    if not total:
        return None
    return round(100 * (promoters - detractors) / total)


def _with_nps(row: dict[str, Any]) -> dict[str, Any]:
    row["nps"] = nps_calculate(
        promoters=row["promoters"], detractors=row["detractors"], total=row["responses"]
    )
    return row


def nps_summary_get(*, responses: QuerySet[FeedbackResponse]) -> dict[str, Any]:
    row = responses.aggregate(
        responses=Count("pk"),
        promoters=Count("pk", filter=PROMOTER),
        detractors=Count("pk", filter=DETRACTOR),
    )
    return _with_nps(row)


def nps_breakdown_list(*, responses: QuerySet[FeedbackResponse], field: str) -> list[dict[str, Any]]:
    """One grouped query: `field` is e.g. "owner__username", "client__name", "stage" or a month."""
    rows = (
        responses.order_by()
        .values(field)
        .annotate(
            responses=Count("pk"),
            promoters=Count("pk", filter=PROMOTER),
            detractors=Count("pk", filter=DETRACTOR),
        )
        .order_by(field)
    )
    return [
        _with_nps({"key": r[field], **{k: r[k] for k in ("responses", "promoters", "detractors")}})
        for r in rows
    ]


def feedback_request_get(*, token: str) -> FeedbackRequest:
    """The survey a signed link is for; a SignedLinkError naming why not. Does not use the link."""
    link = signed_link_check(token=token, purpose=SURVEY_PURPOSE)
    return FeedbackRequest.objects.get(pk=link.object_id)
