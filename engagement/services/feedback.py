"""Feedback surveys: after an interview and after a placement starts, the candidate and the client
contact get a one-question NPS survey (0-10 and a comment) through a signed link, no account needed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from core.models import User
from core.services import audit_record
from core.signing import signed_link_create, signed_link_use
from engagement.models import FeedbackRequest, FeedbackResponse
from engagement.selectors.contactability import contactability_check
from engagement.selectors.feedback import SURVEY_PURPOSE
from engagement.services.communications import email_send
from vacancies.models import Application, Interview, Placement

SURVEY_VALID_FOR = timedelta(days=30)
# Surveys go out for events in this window (so a late worker run still catches them, once).
SURVEY_LOOKBACK = timedelta(days=14)


def _survey_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("portal:survey", args=[token])


def feedback_request_send(
    *, application: Application, stage: str, respondent: str, actor: User | None = None
) -> FeedbackRequest | None:
    """Create the survey and email its link. None when already sent or there is nobody to ask."""
    vacancy = application.vacancy
    person: Any = (
        application.candidate if respondent == FeedbackRequest.Respondent.CANDIDATE else vacancy.contact
    )
    if person is None or not contactability_check(person=person).allowed:
        return None  # nobody to ask, or the contact rule says no (engagement.selectors.contactability)
    try:
        with transaction.atomic():
            request = FeedbackRequest.objects.create(
                application=application,
                stage=stage,
                respondent=respondent,
                client_id=vacancy.client_id,
                owner_id=application.owner_id,
                team_id=application.team_id,
            )
    except IntegrityError:
        return None  # already sent: the job is idempotent
    _, token = signed_link_create(
        purpose=SURVEY_PURPOSE, obj=request, expires_in=SURVEY_VALID_FOR, created_by=actor, max_uses=1
    )
    is_candidate = respondent == FeedbackRequest.Respondent.CANDIDATE
    # Queued through email_queue (kind "survey"): the worker sends it and puts it on the timeline.
    email_send(
        actor=actor,
        template_code="survey",
        candidate=person if is_candidate else None,
        contact=None if is_candidate else person,
        vacancy=vacancy,
        extra={"link": _survey_url(token)},
    )
    return request


def feedback_requests_send_due(*, now: Any = None) -> int:
    """Daily: surveys for interviews held and placements started recently. Idempotent."""
    now = now or timezone.now()
    today: date = timezone.localtime(now).date()
    sent = 0
    interviews = (
        Interview.objects.filter(starts_at__lte=now, starts_at__gte=now - SURVEY_LOOKBACK)
        .exclude(outcome__in=[Interview.Outcome.CANCELLED, Interview.Outcome.NO_SHOW])
        .exclude(application__feedback_requests__stage=FeedbackRequest.Stage.INTERVIEW)
        .select_related("application__candidate", "application__vacancy__contact", "application__owner")
    )
    jobs: list[tuple[Application, str]] = [
        (i.application, FeedbackRequest.Stage.INTERVIEW) for i in interviews
    ]
    placements = (
        Placement.objects.filter(start_on__lte=today, start_on__gte=today - SURVEY_LOOKBACK)
        .exclude(application__feedback_requests__stage=FeedbackRequest.Stage.PLACEMENT)
        .select_related("application__candidate", "application__vacancy__contact", "application__owner")
    )
    jobs += [(p.application, FeedbackRequest.Stage.PLACEMENT) for p in placements]
    seen: set[tuple[int, str]] = set()
    for application, stage in jobs:
        if (application.pk, stage) in seen:
            continue
        seen.add((application.pk, stage))
        for respondent in FeedbackRequest.Respondent.values:
            if feedback_request_send(application=application, stage=stage, respondent=respondent):
                sent += 1
    return sent


@transaction.atomic
def feedback_submit(*, token: str, score: Any, comment: str = "") -> FeedbackResponse:
    try:
        value = int(score)
    except (TypeError, ValueError):
        raise ValidationError({"score": "Choose a score from 0 to 10."}) from None
    if not 0 <= value <= 10:
        raise ValidationError({"score": "Choose a score from 0 to 10."})
    link = signed_link_use(token=token, purpose=SURVEY_PURPOSE)
    request = FeedbackRequest.objects.select_for_update().get(pk=link.object_id)
    response = FeedbackResponse.objects.create(
        request=request,
        score=value,
        comment=comment.strip()[:2000],
        stage=request.stage,
        client_id=request.client_id,
        owner_id=request.owner_id,
        team_id=request.team_id,
    )
    audit_record(actor=None, action="feedback.answered", obj=response)
    return response
