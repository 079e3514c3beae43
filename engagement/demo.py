"""Demo customer-service records: calls and notes on the timeline, email templates, a complaint
overdue for acknowledgement, an escalated one, an improvement and a few survey answers. Idempotent."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from candidates.models import Candidate
from core.models import Team, User
from engagement.models import Communication, Complaint, FeedbackRequest, FeedbackResponse, Improvement
from engagement.services.communications import (
    DEFAULT_TEMPLATES,
    communication_log,
    email_template_get_or_create,
)
from engagement.services.complaints import complaint_acknowledge, complaint_create, improvement_create
from vacancies.models import Application


def seed(*, users: dict[str, User], teams: list[Team]) -> int:
    for code in DEFAULT_TEMPLATES:
        email_template_get_or_create(code=code)
    rachel = users.get("rachel")
    if rachel is None or rachel.team_id is None:
        return 0
    team_id: int = rachel.team_id
    if Communication.objects.filter(team_id=team_id).exists():
        return 0
    now = timezone.now()
    created = 0
    candidates = list(
        Candidate.objects.filter(team_id=team_id, anonymised_at__isnull=True).order_by("pk")[:6]
    )
    for i, candidate in enumerate(candidates):
        communication_log(
            actor=rachel,
            kind="call" if i % 2 == 0 else "email",
            summary="Talked through the role, salary expectations and notice period.",
            candidate=candidate,
            occurred_at=now - datetime.timedelta(days=2 + 4 * i),
        )
        created += 1
    complaint = complaint_create(
        actor=rachel,
        complainant_type=Complaint.ComplainantType.OTHER,
        complainant_name="Referee at a previous employer",
        channel=Complaint.Channel.EMAIL,
        category=Complaint.Category.COMMUNICATION,
        severity=Complaint.Severity.MEDIUM,
        description="Was phoned three times in one day about the same reference.",
        received_at=now - datetime.timedelta(days=6),
    )
    if candidates:
        escalated = complaint_create(
            actor=rachel,
            complainant_type=Complaint.ComplainantType.CANDIDATE,
            candidate=candidates[0],
            channel=Complaint.Channel.PHONE,
            category=Complaint.Category.DATA,
            severity=Complaint.Severity.HIGH,
            description="CV was sent to a client without being asked first.",
            received_at=now - datetime.timedelta(days=1),
        )
        complaint_acknowledge(actor=rachel, complaint=escalated)
    improvement_create(
        actor=rachel,
        you_said="Too many calls chasing references.",
        we_did="One named person now chases each reference, at most once a day.",
        status=Improvement.Status.IN_PROGRESS,
        complaints=[complaint],
    )
    created += 3
    for i, application in enumerate(Application.objects.filter(team_id=team_id).order_by("pk")[:4]):
        request, _ = FeedbackRequest.objects.get_or_create(
            application=application,
            stage=FeedbackRequest.Stage.INTERVIEW,
            respondent=FeedbackRequest.Respondent.CANDIDATE,
            defaults={
                "client_id": application.vacancy.client_id,
                "owner_id": application.owner_id,
                "team_id": application.team_id,
            },
        )
        fields: dict[str, Any] = {
            "score": [10, 9, 7, 4][i],
            "comment": ["", "Kept me informed at every step.", "", "Nobody told me the interview had moved."][
                i
            ],
            "stage": request.stage,
            "client_id": request.client_id,
            "owner_id": request.owner_id,
            "team_id": request.team_id,
        }
        FeedbackResponse.objects.get_or_create(request=request, defaults=fields)
        created += 1
    return created
