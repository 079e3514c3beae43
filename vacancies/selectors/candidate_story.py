"""A person's whole story across vacancies, for the candidate page: every application (vacancy and
client, stage, last move, the next step in words), the CVs sent to clients, interviews, offers and
placements.

Only what the user may see: applications through `visible_to`, and everything else through those
applications. A fixed number of queries however long the story (one per kind of record).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateformat import format as date_format

from core.models import User
from vacancies.models import (
    CLOSED_STAGES,
    Application,
    FollowUp,
    Interview,
    Offer,
    Placement,
    Stage,
    Submission,
)

LIMIT = 100

# The step after each stage, in the recruiter's words, when nothing more specific applies.
NEXT_STEP = {
    Stage.SOURCED: "Screen the candidate",
    Stage.SCREENING: "Screen, then shortlist",
    Stage.SHORTLISTED: "Manager's approval and the candidate's consent, then submit",
    Stage.SUBMITTED: "Waiting for the client: book an interview",
    Stage.INTERVIEW: "Record the interview outcome or an offer",
    Stage.OFFER: "Waiting for the candidate's answer to the offer",
}


@dataclass(frozen=True)
class ApplicationLine:
    application: Application
    next_step: str
    is_open: bool


def _applications(user: User, candidate: Any) -> QuerySet[Any]:
    now = timezone.now()
    pending = Interview.objects.filter(application=OuterRef("pk"), outcome=Interview.Outcome.PENDING)
    latest_offer = Offer.objects.filter(application=OuterRef("pk")).order_by("-offered_on", "-id")
    next_follow_up = FollowUp.objects.filter(
        placement__application=OuterRef("pk"), done_at__isnull=True
    ).order_by("due_on", "id")
    applications = (
        Application.objects.visible_to(user)
        .filter(candidate=candidate)
        .select_related("vacancy__client", "rejection_reason")
        .annotate(
            next_interview_at=Subquery(
                pending.filter(starts_at__gte=now).order_by("starts_at").values("starts_at")[:1]
            ),
            has_interview_to_record=Exists(pending.filter(starts_at__lt=now)),
            latest_offer_status=Subquery(latest_offer.values("status")[:1]),
            next_follow_up_on=Subquery(next_follow_up.values("due_on")[:1]),
            next_follow_up_kind=Subquery(next_follow_up.values("kind")[:1]),
        )
        .order_by("-stage_changed_at", "-id")
    )
    return applications


def _next_step(application: Any) -> str:
    stage = application.stage
    if stage == Stage.PLACED:
        if application.next_follow_up_on is None:
            return "Placed: every follow-up done"
        kind = FollowUp.Kind(application.next_follow_up_kind).label
        return f"{kind} due {date_format(application.next_follow_up_on, 'j M Y')}"
    if stage == Stage.REJECTED:
        reason = application.rejection_reason
        return f"Closed: rejected ({reason.label})" if reason else "Closed: rejected"
    if stage == Stage.WITHDRAWN:
        return "Closed: the candidate withdrew"
    if application.next_interview_at is not None:
        when = timezone.localtime(application.next_interview_at)
        return f"Interview on {date_format(when, 'D j M Y')} at {date_format(when, 'H:i')}"
    if application.has_interview_to_record:
        return "Record the interview outcome"
    if stage == Stage.OFFER:
        status = application.latest_offer_status
        if status == Offer.Status.ACCEPTED:
            return "Offer accepted: record the placement"
        if status == Offer.Status.DECLINED:
            return "Offer declined: record a new offer or close"
    return NEXT_STEP.get(Stage(stage), "")


def candidate_story_get(*, user: User, candidate: Any) -> dict[str, Any]:
    """Everything the candidate page lists about a person's applications, newest first."""
    applications = list(_applications(user, candidate)[:LIMIT])
    ids = [a.pk for a in applications]
    lines = [ApplicationLine(a, _next_step(a), a.stage not in CLOSED_STAGES) for a in applications]
    lines.sort(key=lambda line: not line.is_open)  # open ones first, each group newest first
    return {
        "applications": lines,
        "submissions": list(
            Submission.objects.filter(application_id__in=ids)
            .select_related("application__vacancy__client", "contact", "document", "submitted_by")
            .order_by("-submitted_at", "-id")[:LIMIT]
        ),
        "interviews": list(
            Interview.objects.filter(application_id__in=ids)
            .select_related("application__vacancy__client")
            .order_by("-starts_at", "-id")[:LIMIT]
        ),
        "offers": list(
            Offer.objects.filter(application_id__in=ids)
            .select_related("application__vacancy__client")
            .order_by("-offered_on", "-id")[:LIMIT]
        ),
        "placements": list(
            Placement.objects.filter(application_id__in=ids)
            .select_related("application__vacancy__client")
            .order_by("-start_on", "-id")[:LIMIT]
        ),
    }
