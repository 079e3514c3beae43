"""Messages at every step (issue 19): what a candidate is told when their application moves.

A move that matters to the candidate (vacancies.services.pipeline tells us through the seam; see
engagement.seams) makes a `StageMessage` from the stage's editable template. It waits
`STAGE_MESSAGE_DELAY_MINUTES` under Service → "Waiting to send" and on the application and
candidate pages, where a recruiter can edit, cancel or send it now. A later move of the same
application supersedes a message still waiting. When it is due, Celery beat hands it to
`email_queue` (the one door, which asks the contact rule again); a refusal is kept on the message
with its reason. Someone who prefers the phone or SMS gets no email: the recruiter gets a to-do to
call them (there is no SMS gateway). A vacancy that closes tells every open applicant the same way.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from core.models import User
from core.services import audit_record
from engagement.models import StageMessage, ToDo
from engagement.selectors.contactability import NotContactable, contactability_check
from engagement.services.communications import _merge, email_template_get_or_create
from engagement.services.emails import email_queue
from engagement.services.message_templates import EVENT_TEMPLATES
from vacancies.models import CLOSED_STAGES, Application, Vacancy

# The stages that matter to the candidate. Sourced and screening are our own work; withdrawn is the
# candidate's own act; placed is celebrated by the recruiter in person.
STAGE_EVENTS = {
    "shortlisted": StageMessage.Event.SHORTLISTED,
    "submitted": StageMessage.Event.SUBMITTED,
    "interview": StageMessage.Event.INTERVIEW,
    "offer": StageMessage.Event.OFFER,
    "rejected": StageMessage.Event.REJECTED,
}
# What the recruiter's call is to tell them (the to-do's title for a phone/SMS preference).
CALL_ABOUT = {
    "shortlisted": "they are shortlisted for",
    "submitted": "they have been put forward for",
    "interview": "their interview is booked for",
    "offer": "they have an offer for",
    "rejected": "their application was unsuccessful for",
    "vacancy_closed": "the vacancy has closed:",
}
PHONE_CHANNELS = (Candidate.Channel.PHONE, Candidate.Channel.SMS)
SUBJECT_MAX, BODY_MAX = 200, 20_000


def stage_message_delay() -> datetime.timedelta:
    return datetime.timedelta(minutes=int(getattr(settings, "STAGE_MESSAGE_DELAY_MINUTES", 30)))


def _values(application: Application) -> dict[str, str]:
    """The merge fields: never a confidential client's name (it is "our client")."""
    vacancy, candidate = application.vacancy, application.candidate
    client = vacancy.client
    return {
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "vacancy": vacancy.title,
        "client": "our client" if client.is_confidential else client.name,
        "sender": application.owner.display_name,
        "link": "",
    }


def _supersede(application_id: int, *, actor: User | None) -> int:
    waiting = list(
        StageMessage.objects.select_for_update()
        .filter(application_id=application_id, status=StageMessage.Status.WAITING)
        .values_list("pk", flat=True)
    )
    if waiting:
        StageMessage.objects.filter(pk__in=waiting).update(
            status=StageMessage.Status.SUPERSEDED,
            reason="superseded",
            decided_at=timezone.now(),
            decided_by=actor,
        )
        for pk in waiting:
            audit_record(actor=actor, action="stage_message.superseded", obj=StageMessage(pk=pk))
    return len(waiting)


def _make(application: Application, event: str, *, actor: User | None) -> StageMessage:
    template = email_template_get_or_create(code=EVENT_TEMPLATES[event])
    values = _values(application)
    message = StageMessage(
        application=application,
        candidate=application.candidate,
        vacancy=application.vacancy,
        event=event,
        template=template,
        subject=_merge(template.subject, values).replace("\n", " ").strip()[:SUBJECT_MAX],
        body=_merge(template.body, values),
        due_at=timezone.now() + stage_message_delay(),
        owner=application.owner,
        team=application.team,
    )
    # Asked now too, so the recruiter sees at once that this person will not be written to.
    answer = contactability_check(person=application.candidate, channel=_channel(application.candidate))
    if not answer.allowed:
        message.status, message.reason, message.decided_at = (
            StageMessage.Status.REFUSED,
            answer.code,
            timezone.now(),
        )
    message.save()
    audit_record(
        actor=actor,
        action="stage_message.created",
        obj=message,
        details={"application": application.pk, "event": event, "status": message.status},
    )
    return message


def _channel(candidate: Candidate) -> str:
    return "phone" if candidate.preferred_channel in PHONE_CHANNELS else "email"


@transaction.atomic
def stage_message_on_move(*, application: Application, old: str, new: str, actor: User | None) -> None:
    """The seam's notifier (vacancies.services.pipeline): every move supersedes what is still
    waiting for this application; a move that matters to the candidate makes a new message."""
    _supersede(application.pk, actor=actor)
    event = STAGE_EVENTS.get(new)
    if event is None:
        return
    application = Application.objects.select_related("candidate", "vacancy__client", "owner").get(
        pk=application.pk
    )
    if application.candidate.merged_into_id is not None:
        return
    _make(application, event, actor=actor)


@transaction.atomic
def stage_messages_vacancy_closed(*, vacancy: Vacancy, actor: User | None) -> int:
    """A vacancy filled or closed tells every applicant still open on it (through the same queue).
    Someone a recruiter only added at "sourced" (never approached about it) is not written to."""
    made = 0
    open_ones = (
        Application.objects.filter(vacancy_id=vacancy.pk)
        .exclude(stage__in=CLOSED_STAGES)
        .exclude(stage="sourced", source=Application.Source.RECRUITER)
        .select_related("candidate", "vacancy__client", "owner")
        .order_by("pk")
    )
    for application in open_ones:
        _supersede(application.pk, actor=actor)
        if application.candidate.merged_into_id is None:
            _make(application, StageMessage.Event.VACANCY_CLOSED, actor=actor)
            made += 1
    return made


def _locked(message: StageMessage) -> StageMessage:
    locked = StageMessage.objects.select_for_update(of=("self",)).get(pk=message.pk)
    if locked.status != StageMessage.Status.WAITING:
        raise ValidationError(f"This message is no longer waiting ({locked.get_status_display().lower()}).")
    return locked


@transaction.atomic
def stage_message_edit(*, actor: User, message: StageMessage, subject: str, body: str) -> StageMessage:
    """Change a waiting message's subject and body (what the candidate will receive)."""
    subject = str(subject or "").replace("\r", " ").replace("\n", " ").strip()
    body = str(body or "").replace("\r\n", "\n").strip()
    errors: dict[str, str] = {}
    if not subject:
        errors["subject"] = "Write a subject."
    elif len(subject) > SUBJECT_MAX:
        errors["subject"] = f"Keep the subject to {SUBJECT_MAX} characters."
    if not body:
        errors["body"] = "Write the message."
    elif len(body) > BODY_MAX:
        errors["body"] = f"Keep the message under {BODY_MAX:,} characters."
    if errors:
        raise ValidationError(errors)
    message = _locked(message)
    message.subject, message.body, message.edited_at = subject, body, timezone.now()
    message.save(update_fields=["subject", "body", "edited_at"])
    audit_record(actor=actor, action="stage_message.edited", obj=message)
    return message


@transaction.atomic
def stage_message_cancel(*, actor: User, message: StageMessage) -> StageMessage:
    message = _locked(message)
    message.status, message.reason = StageMessage.Status.CANCELLED, "cancelled"
    message.decided_at, message.decided_by = timezone.now(), actor
    message.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    audit_record(actor=actor, action="stage_message.cancelled", obj=message)
    return message


def _call_todo(message: StageMessage) -> ToDo:
    application = message.application
    todo = ToDo.objects.create(
        title=(
            f"Call {message.candidate} to tell them {CALL_ABOUT[message.event]} {message.vacancy.title} "
            f"(they prefer {message.candidate.get_preferred_channel_display().lower()})"
        )[:200],
        due_at=timezone.now(),
        assignee=application.owner,
        owner=application.owner,
        team=application.team,
        candidate=message.candidate,
        vacancy=message.vacancy,
    )
    audit_record(actor=None, action="todo.created", obj=todo, details={"stage_message": message.pk})
    return todo


def _dispatch(message: StageMessage, *, actor: User | None) -> StageMessage:
    """Send one waiting message (locked by the caller): by email through the one door, or as a
    to-do to call for someone who prefers the phone. A refusal is kept with its reason."""
    candidate = message.candidate
    message.decided_at, message.decided_by = timezone.now(), actor
    fields = ["status", "reason", "decided_at", "decided_by"]
    if candidate.preferred_channel in PHONE_CHANNELS:
        answer = contactability_check(person=candidate, channel="phone")
        if answer.allowed:
            message.status, message.todo = StageMessage.Status.TODO, _call_todo(message)
            fields.append("todo")
        else:
            message.status, message.reason = StageMessage.Status.REFUSED, answer.code
    else:
        try:
            with transaction.atomic():
                email = email_queue(
                    actor=actor,
                    kind="stage_update",
                    subject=message.subject,
                    body=message.body,
                    candidate=candidate,
                    vacancy=message.vacancy,
                    template=message.template,
                )
        except NotContactable as exc:
            message.status, message.reason = StageMessage.Status.REFUSED, exc.answer.code
        else:
            message.status, message.email = StageMessage.Status.SENT, email
            fields.append("email")
    message.save(update_fields=fields)
    audit_record(
        actor=actor,
        action=f"stage_message.{message.status}",
        obj=message,
        details={"reason": message.reason or None},
    )
    return message


@transaction.atomic
def stage_message_send_now(*, actor: User, message: StageMessage) -> StageMessage:
    return _dispatch(_locked(message), actor=actor)


def stage_messages_send_due(*, now: datetime.datetime | None = None) -> int:
    """Beat: every waiting message whose time has come, one transaction each (skips rows another
    worker holds). Returns how many were dealt with."""
    moment = now or timezone.now()
    done = 0
    due_ids = list(
        StageMessage.objects.filter(status=StageMessage.Status.WAITING, due_at__lte=moment)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:500]
    )
    for pk in due_ids:
        with transaction.atomic():
            message = (
                StageMessage.objects.select_for_update(of=("self",), skip_locked=True)
                .select_related("candidate", "vacancy", "application__owner", "application__team")
                .filter(pk=pk, status=StageMessage.Status.WAITING)
                .first()
            )
            if message is not None:
                _dispatch(message, actor=None)
                done += 1
    return done
