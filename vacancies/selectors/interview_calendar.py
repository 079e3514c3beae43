"""An interview as an iCalendar event (RFC 5545 / iTIP RFC 5546), the file every invitation attaches
and `GET /api/v1/interviews/{id}/invite.ics` returns (issue 18).

One event for the interview's whole life: the same UID, SEQUENCE raised on every change sent to the
invitees, METHOD:REQUEST while it stands and METHOD:CANCEL (STATUS:CANCELLED) once cancelled, so a
calendar updates or removes the entry it already holds instead of adding another. Times are in UTC.

What an event says depends on who reads it (`audience`): the candidate sees the vacancy and the
client; the client's side sees the candidate as the blind-shortlist rule allows (a reference, never
a name, when the vacancy's shortlists are blind); the agency sees everything. Each recipient's file
lists that recipient alone as ATTENDEE, so nobody learns another invitee's address from it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from core.selectors import agency_get
from vacancies.models import Interview

Audience = Literal["candidate", "client", "agency"]
UID_DOMAIN = "recruitcrm"


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""
    role: str = "REQ-PARTICIPANT"


def interview_is_blind(interview: Interview) -> bool:
    """Blind shortlists (Equality Act 2010, DOMAIN.md): the client's side is not told who it is."""
    return bool(interview.application.vacancy.blind_shortlist)


def interview_candidate_label(interview: Interview, *, audience: Audience) -> str:
    """How the candidate is named to `audience`: a reference for the client's side of a blind
    vacancy, otherwise their name."""
    if audience == "client" and interview_is_blind(interview):
        return f"Candidate ref. A-{interview.application_id}"
    return interview.application.candidate.full_name


def interview_when_text(interview: Interview) -> str:
    """In the agency's time zone, in words: "Monday 14 December 2026, 10:00 to 11:00 (UK time)"."""
    start = timezone.localtime(interview.starts_at)
    end = timezone.localtime(interview.ends_at)
    return f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M} to {end:%H:%M} (UK time)"


def interview_summary(interview: Interview, *, audience: Audience) -> str:
    vacancy = interview.application.vacancy
    if audience == "candidate":
        return f"Interview: {vacancy.title} at {vacancy.client.name}"
    return f"Interview: {interview_candidate_label(interview, audience=audience)} for {vacancy.title}"


def interview_details(interview: Interview, *, audience: Audience) -> list[str]:
    """The lines both the event's description and the email carry: when, how, where, with whom."""
    lines = [f"When: {interview_when_text(interview)}", f"Type: {interview.get_kind_display()}"]
    if audience != "candidate":
        lines.insert(0, f"Candidate: {interview_candidate_label(interview, audience=audience)}")
    if interview.location:
        lines.append(f"Where: {interview.location}")
    if interview.video_link:
        lines.append(f"Video link: {interview.video_link}")
    if interview.interviewers:
        lines.append(f"Interviewers: {interview.interviewers}")
    return lines


def interview_method(interview: Interview) -> str:
    return "CANCEL" if interview.is_cancelled else "REQUEST"


def interview_organizer(interview: Interview) -> Attendee:
    """Whoever booked it (or the application's owner), on the agency's behalf: replies go to them."""
    user = interview.created_by or interview.application.owner
    address = (user.email if user is not None else "") or settings.DEFAULT_FROM_EMAIL
    name = f"{user.display_name} ({agency_get().name})" if user is not None else agency_get().name
    return Attendee(email=address, name=name)


def _address(person: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["cn"] = vText(person.name)
    return address


def interview_ics(
    interview: Interview,
    *,
    audience: Audience,
    attendees: list[Attendee],
    method: str | None = None,
    summary: str | None = None,
) -> bytes:
    """The event as a calendar file (bytes, CRLF lines), REQUEST or CANCEL as the interview stands."""
    method = method or interview_method(interview)
    calendar = Calendar()
    calendar.add("prodid", "-//RecruitCRM//Interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", f"{interview.uid}@{UID_DOMAIN}")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", interview.starts_at.astimezone(datetime.UTC))
    event.add("dtend", interview.ends_at.astimezone(datetime.UTC))
    event.add("summary", summary or interview_summary(interview, audience=audience))
    event.add("description", "\n".join(interview_details(interview, audience=audience)))
    location = interview.location or interview.video_link
    if location:
        event.add("location", location)
    if interview.video_link:
        event.add("url", interview.video_link)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", _address(interview_organizer(interview)))
    for person in attendees:
        address = _address(person)
        address.params["role"] = vText(person.role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE" if method == "REQUEST" else "FALSE")
        event.add("attendee", address, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def interview_agency_ics(interview: Interview) -> bytes:
    """The agency's copy (the API's invite.ics): every invitee the interview has, as it stands."""
    candidate = interview.application.candidate
    attendees = [Attendee(email=candidate.email, name=candidate.full_name)]
    contact = interview.application.vacancy.contact
    if contact is not None and contact.email:
        attendees.append(Attendee(email=contact.email, name=contact.full_name))
    attendees += [Attendee(email=address) for address in interview.interviewer_emails]
    return interview_ics(interview, audience="agency", attendees=[a for a in attendees if a.email])


def interview_portal_ics(interview: Interview) -> bytes:
    """The candidate's own copy from their portal: them alone as attendee; a confidential client is
    not named on a page anyone at the candidate's screen could read (the invitation email names it)."""
    candidate = interview.application.candidate
    vacancy = interview.application.vacancy
    summary = f"Interview: {vacancy.title}" if vacancy.client.is_confidential else None
    return interview_ics(
        interview,
        audience="candidate",
        attendees=[Attendee(email=candidate.email, name=candidate.full_name)] if candidate.email else [],
        summary=summary,
    )
