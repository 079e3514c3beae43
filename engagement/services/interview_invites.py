"""Interview invitations (issue 18): the calendar invitation to everyone the interview concerns,
sent again when it changes, withdrawn when it is cancelled, a reminder the day before, and the
candidate's "I will attend" / "I need to rearrange" through a signed link.

Three kinds of recipient, each through `email_queue` (the one door, and the one contact rule):
- the candidate (their own record: a refused candidate gets nothing, the recruiter is told why);
- the vacancy's client contact (their record; blind vacancies name the candidate by reference);
- interviewers without a record of their own (`to_email`, on the candidate's timeline).
Each message attaches the event (vacancies.selectors.interview_calendar) with that recipient alone
as attendee. vacancies.services.interviews calls `interview_invites_send` through the notifier
engagement.seams registers.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.models import SignedLink, User
from core.signing import signed_link_create, signed_link_revoke, signed_link_use
from engagement.models import Communication
from engagement.selectors.contactability import NotContactable
from engagement.selectors.interview_invites import CONFIRM_PURPOSE
from engagement.services.communications import communication_log
from engagement.services.emails import email_queue
from vacancies.models import Interview
from vacancies.selectors.interview_calendar import (
    Attendee,
    Audience,
    interview_details,
    interview_ics,
    interview_summary,
    interview_when_text,
)
from vacancies.services.interviews import (
    interview_attendance_record,
    interview_reminder_claim,
)

logger = logging.getLogger("recruitcrm.email")

REMINDER_AHEAD = datetime.timedelta(hours=24)
# An interview booked (or moved) this close to its start has just had its invitation: no reminder.
REMINDER_QUIET = datetime.timedelta(hours=2)
MESSAGE_MAX = 1000

SUBJECTS = {
    "new": "Interview invitation",
    "updated": "Interview updated",
    "cancelled": "Interview cancelled",
    "reminder": "Reminder: interview tomorrow",
}
OPENINGS = {
    "new": "You are invited to an interview.",
    "updated": "The interview has changed: the details below replace the earlier invitation.",
    "cancelled": "The interview below has been cancelled. Your calendar entry is withdrawn.",
    "reminder": "A reminder of the interview tomorrow.",
}


def _ics_type(method: str) -> str:
    return f"text/calendar; method={method}"


def _url(name: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[token])


def interview_confirm_link_create(
    *, interview: Interview, actor: User | None, revoke_earlier: bool = False
) -> tuple[SignedLink, str]:
    """The candidate's "confirm you will attend" link: no personal data in it, valid until the
    interview starts. `revoke_earlier`: the links sent for the interview's earlier time stop working
    (a new time is confirmed afresh)."""
    if revoke_earlier:
        for link in SignedLink.objects.filter(
            purpose=CONFIRM_PURPOSE,
            object_type="vacancies.interview",
            object_id=interview.pk,
            revoked_at=None,
        ):
            signed_link_revoke(link=link, actor=actor)
    link, token = signed_link_create(
        purpose=CONFIRM_PURPOSE, obj=interview, expires_in=datetime.timedelta(minutes=1), created_by=actor
    )
    link.expires_at = interview.starts_at  # exactly when the interview starts
    link.save(update_fields=["expires_at"])
    return link, token


def _body(interview: Interview, *, audience: Audience, change: str, sender: User, link: str = "") -> str:
    lines = ["Hello,", "", OPENINGS[change], ""]
    if audience == "candidate":
        vacancy = interview.application.vacancy
        lines += [f"Position: {vacancy.title} at {vacancy.client.name}"]
    lines += interview_details(interview, audience=audience)
    if link:
        lines += [
            "",
            "Please confirm you will attend, or tell us you need to rearrange:",
            link,
        ]
    if change != "cancelled":
        lines += ["", "The calendar invitation is attached (invite.ics)."]
    lines += ["", "Kind regards,", sender.display_name]
    return "\n".join(lines)


def _send_one(
    interview: Interview,
    *,
    kind: str,
    change: str,
    audience: Audience,
    attendee: Attendee,
    sender: User,
    actor: User | None,
    method: str,
    link: str = "",
    **person: Any,
) -> None:
    summary = interview_summary(interview, audience=audience)
    ics = interview_ics(interview, audience=audience, attendees=[attendee], method=method)
    email_queue(
        actor=actor,
        kind=kind,
        vacancy=interview.application.vacancy,
        subject=f"{SUBJECTS[change]}: {summary.removeprefix('Interview: ')}",
        body=_body(interview, audience=audience, change=change, sender=sender, link=link),
        files=[("invite.ics", ics, _ics_type(method))],
        headers={"X-RecruitCRM-Kind": kind},
        **person,
    )


def _recipients_send(
    interview: Interview,
    *,
    change: str,
    actor: User | None,
    kind: str,
    dropped: tuple[str, ...] = (),
) -> list[str]:
    """One message to each recipient; the refusals in words ("The candidate: … marked do not contact.")."""
    application = interview.application
    candidate, vacancy = application.candidate, application.vacancy
    sender = actor or interview.created_by or application.owner
    method = "CANCEL" if change == "cancelled" else "REQUEST"
    refusals: list[str] = []

    def attempt(label: str, **kwargs: Any) -> None:
        kwargs.setdefault("change", change)
        kwargs.setdefault("method", method)
        try:
            with transaction.atomic():
                _send_one(interview, kind=kind, sender=sender, actor=actor, **kwargs)
        except NotContactable as exc:
            refusals.append(f"{label}: {exc.answer.reason}")

    link = ""
    if change in ("new", "updated", "reminder") and interview.confirmed_at is None:
        _, token = interview_confirm_link_create(
            interview=interview, actor=actor, revoke_earlier=change == "updated"
        )
        link = _url("portal:interview-confirm", token)
    attempt(
        "The candidate",
        audience="candidate",
        attendee=Attendee(email=candidate.email, name=candidate.full_name),
        link=link,
        candidate=candidate,
    )
    contact = vacancy.contact
    if contact is not None:
        attempt(
            "The client contact",
            audience="client",
            attendee=Attendee(email=contact.email, name=contact.full_name),
            contact=contact,
        )
    for address in interview.interviewer_emails:
        attempt(
            f"Interviewer {address}",
            audience="client",
            attendee=Attendee(email=address),
            candidate=candidate,
            to_email=address,
        )
    for address in dropped:  # taken off the interview: their calendar entry is withdrawn
        attempt(
            f"Interviewer {address}",
            audience="client",
            attendee=Attendee(email=address),
            candidate=candidate,
            to_email=address,
            change="cancelled",
            method="CANCEL",
        )
    return refusals


def interview_invites_send(
    *, interview: Interview, change: str, actor: User | None, dropped: list[str] | None = None
) -> list[str]:
    """The notifier vacancies calls on every booking, change and cancellation."""
    interview = Interview.objects.select_related(
        "application__candidate",
        "application__vacancy__client",
        "application__vacancy__contact",
        "application__owner",
        "created_by",
    ).get(pk=interview.pk)
    return _recipients_send(
        interview, change=change, actor=actor, kind="interview_invite", dropped=tuple(dropped or ())
    )


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Every quarter of an hour (beat): "tomorrow" reminders for the interviews starting within 24
    hours that were invited, are not cancelled and were not reminded. Each is claimed under a row
    lock before its mail is queued, in one transaction, so two runs never send one twice."""
    now = now or timezone.now()
    due = list(
        Interview.objects.filter(
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_AHEAD,
            reminder_sent_at__isnull=True,
            cancelled_at__isnull=True,
            invited_at__isnull=False,
            invited_at__lte=now - REMINDER_QUIET,
            outcome=Interview.Outcome.PENDING,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in due:
        with transaction.atomic():
            interview = interview_reminder_claim(interview_id=pk)
            if interview is None:
                continue
            refusals = _recipients_send(interview, change="reminder", actor=None, kind="interview_reminder")
            sent += 1
            if refusals:
                logger.info("interview reminder: %d recipient(s) refused by the contact rule", len(refusals))
    return sent


@transaction.atomic
def interview_confirm_answer(*, token: str, attending: bool, message: str = "") -> Interview:
    """The candidate's answer through their link, kept on the interview and on their timeline."""
    link = signed_link_use(token=token, purpose=CONFIRM_PURPOSE)
    interview = (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__candidate", "application__vacancy__client", "application__owner")
        .get(pk=link.object_id)
    )
    if interview.is_cancelled:
        return interview
    interview = interview_attendance_record(interview=interview, attending=attending)
    application = interview.application
    when = interview_when_text(interview)
    if attending:
        summary = f"Confirmed they will attend the interview on {when}."
    else:
        summary = f"Asked to rearrange the interview on {when}."
        if message.strip():
            summary += "\n\n" + message.strip()[:MESSAGE_MAX]
    communication_log(
        actor=link.created_by or application.owner,
        kind=Communication.Kind.EMAIL,
        direction=Communication.Direction.INBOUND,
        summary=summary,
        subject="Interview confirmed" if attending else "Interview: asked to rearrange",
        candidate=application.candidate,
        vacancy=application.vacancy,
    )
    return interview
