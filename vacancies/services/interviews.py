"""Writes for interviews: booking one (which moves the application to `interview`) and recording
its outcome."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from core.models import User
from core.services import audit_record
from vacancies.models import Application, Interview, Stage
from vacancies.services.introductions import reg18_gate
from vacancies.services.pipeline import application_advance


@transaction.atomic
def interview_create(*, actor: User, application: Application, **fields: Any) -> Interview:
    """Book an interview. The application moves to `interview` through the one stage-move door, so
    one that was never submitted to the client is refused (`PipelineRefused`, code `not_submitted`)
    and nothing is booked."""
    reg18_gate(vacancy=application.vacancy, action="interview")  # Conduct Regs reg 18: an introduction
    interview = Interview(application=application, created_by=actor, **fields)
    interview.full_clean()
    application_advance(actor=actor, application=application, stage=Stage.INTERVIEW)
    interview.save()
    audit_record(
        actor=actor, action="interview.created", obj=interview, details={"application": application.pk}
    )
    return interview


@transaction.atomic
def interview_record_outcome(
    *, actor: User, interview: Interview, outcome: str, feedback: str = ""
) -> Interview:
    interview.outcome = outcome
    interview.feedback = feedback
    interview.full_clean()
    interview.save(update_fields=["outcome", "feedback"])
    audit_record(actor=actor, action="interview.outcome", obj=interview, details={"outcome": outcome})
    return interview


def interviews_close_at_placement(*, actor: User, application: Application) -> None:
    """A placement closes the interviews still pending: one already held counts as passed (the
    candidate got the job); one still to come is no longer needed and is cancelled."""
    now = timezone.now()
    for interview in application.interviews.filter(outcome=Interview.Outcome.PENDING):
        outcome = Interview.Outcome.PASSED if interview.starts_at <= now else Interview.Outcome.CANCELLED
        interview.outcome = outcome
        interview.save(update_fields=["outcome"])
        audit_record(
            actor=actor,
            action="interview.outcome",
            obj=interview,
            details={"outcome": outcome.value, "closed_by": "placement"},
        )
