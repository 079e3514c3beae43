"""Writes for interviews: booking one (which moves the application to `interview`), changing or
cancelling it, the candidate's answer to the invitation, and recording its outcome.

Every booking, change and cancellation tells the invitees (issue 18): the calendar invitations are
sent by engagement (a floor above, engagement.seams registers `interview_invites_send` here). Each
notifier returns the invitations the contact rule refused, in words, which the booking services
leave on `interview.invite_refusals` for the recruiter to read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import User
from core.services import audit_record
from vacancies.models import Application, Interview, Stage
from vacancies.services.introductions import reg18_gate
from vacancies.services.pipeline import application_advance

Change = Literal["new", "updated", "cancelled"]
# notifier(interview=, change=, actor=, dropped=addresses no longer invited) -> refusals in words
InterviewNotifier = Callable[..., list[str]]
_NOTIFIERS: list[InterviewNotifier] = []

# A change to any of these is news to the invitees: a new SEQUENCE and a new invitation.
INVITE_FIELDS = (
    "starts_at",
    "duration_minutes",
    "kind",
    "interviewers",
    "interviewer_emails",
    "location",
    "video_link",
)
# A new time asks the candidate again, and the "tomorrow" reminder is owed again.
TIME_FIELDS = ("starts_at", "duration_minutes")


def interview_notifier_register(notifier: InterviewNotifier) -> None:
    if notifier not in _NOTIFIERS:
        _NOTIFIERS.append(notifier)


def _notify(
    interview: Interview, *, change: Change, actor: User | None, dropped: Iterable[str] = ()
) -> list[str]:
    refusals: list[str] = []
    for notifier in _NOTIFIERS:
        refusals += notifier(interview=interview, change=change, actor=actor, dropped=list(dropped))
    if change != "cancelled":
        interview.invited_at = timezone.now()
        Interview.objects.filter(pk=interview.pk).update(invited_at=interview.invited_at)
    interview.invite_refusals = refusals
    return refusals


def _emails_clean(fields: dict[str, Any]) -> None:
    if "interviewer_emails" in fields:
        seen: dict[str, str] = {}
        for address in fields["interviewer_emails"] or []:
            seen.setdefault(address.strip().lower(), address.strip())
        fields["interviewer_emails"] = [a for a in seen.values() if a]


@transaction.atomic
def interview_create(
    *, actor: User, application: Application, send_invites: bool = True, **fields: Any
) -> Interview:
    """Book an interview and send its invitations. The application moves to `interview` through the
    one stage-move door, so one that was never submitted to the client is refused (`PipelineRefused`,
    code `not_submitted`) and nothing is booked."""
    reg18_gate(vacancy=application.vacancy, action="interview")  # Conduct Regs reg 18: an introduction
    _emails_clean(fields)
    interview = Interview(application=application, created_by=actor, **fields)
    interview.full_clean()
    application_advance(actor=actor, application=application, stage=Stage.INTERVIEW)
    interview.save()
    audit_record(
        actor=actor, action="interview.created", obj=interview, details={"application": application.pk}
    )
    interview.invite_refusals = []
    if send_invites and interview.starts_at > timezone.now():
        _notify(interview, change="new", actor=actor)
    return interview


@transaction.atomic
def interview_change(*, actor: User, interview: Interview, **fields: Any) -> Interview:
    """Reschedule or change the details. A change the invitees should know of raises SEQUENCE and
    sends the invitation again ("updated"); an interviewer taken off is sent a cancellation."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    if interview.is_cancelled:
        raise ValidationError("This interview was cancelled: book a new one.", code="cancelled")
    _emails_clean(fields)
    before = {name: getattr(interview, name) for name in INVITE_FIELDS}
    for name, value in fields.items():
        setattr(interview, name, value)
    interview.full_clean()
    changed = [name for name in INVITE_FIELDS if getattr(interview, name) != before[name]]
    interview.invite_refusals = []
    if not changed:
        return interview
    interview.sequence += 1
    if any(name in changed for name in TIME_FIELDS):
        interview.confirmed_at = None
        interview.rearrange_requested_at = None
        interview.reminder_sent_at = None
    interview.save()
    audit_record(actor=actor, action="interview.changed", obj=interview, details={"fields": changed})
    was = {a.lower() for a in before["interviewer_emails"]}
    now = {a.lower() for a in interview.interviewer_emails}
    dropped = [a for a in before["interviewer_emails"] if a.lower() in was - now]
    if interview.starts_at > timezone.now():
        _notify(interview, change="updated", actor=actor, dropped=dropped)
    return interview


@transaction.atomic
def interview_cancel(*, actor: User | None, interview: Interview, outcome_too: bool = True) -> Interview:
    """Cancel it: every invitee is sent METHOD:CANCEL for the same event (SEQUENCE raised).
    Idempotent: cancelling a cancelled interview does nothing."""
    interview = Interview.objects.select_for_update().get(pk=interview.pk)
    interview.invite_refusals = []
    if interview.cancelled_at is not None:
        return interview
    interview.cancelled_at = timezone.now()
    if outcome_too:
        interview.outcome = Interview.Outcome.CANCELLED
    interview.sequence += 1
    interview.save(update_fields=["cancelled_at", "outcome", "sequence"])
    audit_record(actor=actor, action="interview.cancelled", obj=interview)
    # An invitation that went out is withdrawn; one never sent (or already held) needs no message.
    if interview.invited_at is not None and interview.starts_at > timezone.now():
        _notify(interview, change="cancelled", actor=actor)
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
    if outcome == Interview.Outcome.CANCELLED:
        interview = interview_cancel(actor=actor, interview=interview)
    return interview


def interview_attendance_record(*, interview: Interview, attending: bool) -> Interview:
    """The candidate's answer through their link: they will attend, or they need to rearrange."""
    now = timezone.now()
    if attending:
        interview.confirmed_at = now
        fields = ["confirmed_at"]
    else:
        interview.rearrange_requested_at = now
        fields = ["rearrange_requested_at"]
    interview.save(update_fields=fields)
    audit_record(actor=None, action="interview.answered", obj=interview, details={"attending": attending})
    return interview


def interview_reminder_claim(*, interview_id: int) -> Interview | None:
    """Claim one interview's "tomorrow" reminder (call inside a transaction): the row is locked and
    marked, so two runs of the reminder job never both send it. None if it is taken or not due."""
    interview = (
        Interview.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related(
            "application__candidate", "application__vacancy__client", "application__vacancy__contact"
        )
        .filter(pk=interview_id, reminder_sent_at__isnull=True, cancelled_at__isnull=True)
        .first()
    )
    if interview is None:
        return None
    interview.reminder_sent_at = timezone.now()
    interview.save(update_fields=["reminder_sent_at"])
    return interview


def interviews_close_at_placement(*, actor: User, application: Application) -> None:
    """A placement closes the interviews still pending: one already held counts as passed (the
    candidate got the job); one still to come is no longer needed and is cancelled (its invitees
    are told)."""
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
        if outcome == Interview.Outcome.CANCELLED:
            interview_cancel(actor=actor, interview=interview)
