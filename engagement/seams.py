"""What engagement plugs into the floors below it at start-up (engagement.apps calls `register`).

A candidate merge (candidates.services.merge) moves the duplicate's communications, complaints,
emails and to-dos to the survivor, and the feedback requests of an application that was folded
into the survivor's application for the same vacancy (vacancies.services.merge, which runs first: vacancies is
installed, so registered, before engagement).

An interview booked, changed or cancelled (vacancies.services.interviews) sends its calendar
invitations through engagement's one door for mail (engagement.services.interview_invites).

And core.outbound gets `email_queue`, so vacancies and compliance mail a person through the one
door.
"""

from __future__ import annotations

from typing import Any

from anymail import signals as anymail_signals

from candidates.models import Candidate
from candidates.services import merge_mover_register
from core import outbound
from engagement.models import (
    Communication,
    Complaint,
    FeedbackRequest,
    InboundEmail,
    OutboundEmail,
    StageMessage,
    ToDo,
)
from engagement.services.inbound import inbound_email_receive, tracking_event_receive
from vacancies.models import Application


def conversations_move(survivor: Candidate, duplicate: Candidate) -> int:
    moved = 0
    for model in (Communication, Complaint, OutboundEmail, InboundEmail, ToDo, StageMessage):
        moved += int(model.objects.filter(candidate=duplicate).update(candidate=survivor))
    return moved


def feedback_requests_move(survivor: Candidate, duplicate: Candidate) -> int:
    """Requests still on the duplicate's applications where the survivor has one for that vacancy."""
    kept = dict(Application.objects.filter(candidate=survivor).values_list("vacancy_id", "pk"))
    moved = 0
    for request in FeedbackRequest.objects.filter(application__candidate=duplicate).select_related(
        "application"
    ):
        target = kept.get(request.application.vacancy_id)
        if target is None:
            continue
        clash = FeedbackRequest.objects.filter(
            application_id=target, stage=request.stage, respondent=request.respondent
        ).exists()
        if not clash:
            moved += int(FeedbackRequest.objects.filter(pk=request.pk).update(application_id=target))
    return moved


def register() -> None:
    # Issue 18: every interview booked, changed or cancelled sends its calendar invitations.
    from engagement.services.interview_invites import interview_invites_send
    from vacancies.services.interviews import interview_notifier_register

    interview_notifier_register(interview_invites_send)

    # Issue 19: every move makes the message the candidate is owed; a closed vacancy tells its
    # open applicants (engagement.services.stage_messages).
    from engagement.services.stage_messages import stage_message_on_move, stage_messages_vacancy_closed
    from vacancies.services.pipeline import stage_move_notifier_register
    from vacancies.services.vacancies import vacancy_closed_notifier_register

    stage_move_notifier_register(stage_message_on_move)
    vacancy_closed_notifier_register(stage_messages_vacancy_closed)

    # Floors below engagement (a consent request, a review link, a reference request) mail a person
    # through the one door (core.outbound).
    from engagement.services.emails import email_queue

    outbound.register(email_queue=email_queue)
    merge_mover_register(
        "communications",
        conversations_move,
        models=[
            "engagement.Communication",
            "engagement.Complaint",
            "engagement.OutboundEmail",
            "engagement.InboundEmail",
            "engagement.ToDo",
            "engagement.StageMessage",
        ],
    )
    merge_mover_register("feedback_requests", feedback_requests_move)
    # Hosted providers' webhooks (django-anymail, /mail/anymail/…): inbound mail goes through the
    # same door as the SMTP receiver's; a tracking "bounced" marks the message and its address.
    anymail_signals.inbound.connect(anymail_inbound, dispatch_uid="engagement.anymail_inbound")
    anymail_signals.tracking.connect(anymail_tracking, dispatch_uid="engagement.anymail_tracking")


def anymail_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    message = event.message
    recipient = getattr(message, "envelope_recipient", None)
    inbound_email_receive(raw=message.as_bytes(), recipients=[recipient] if recipient else None)


def anymail_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    metadata = event.metadata or {}
    tracking_event_receive(
        event_type=str(event.event_type or ""),
        token=str(metadata.get("recruitcrm_ref", "")),
        recipient=str(event.recipient or ""),
        reason=str(event.reject_reason or "")[:40],
    )
