"""The candidate's own events for the one timeline, in words: CVs sent (to whom, which file),
interviews booked, offers made and answered, placements, and what happened to the record itself
("Details edited: job title", "CV uploaded", "Consent recorded: submission").

Audit events hold only codes and ids (core.services.audit_record refuses anything else), and this
module turns a known code into fixed words; no value from an audit payload is shown as it is, so
nothing personal can leak through the timeline. Unknown codes read as a plain phrase, never as
`candidate.updated`. Diversity monitoring is special-category data and never appears here.

One query per kind of entry whatever the history holds (the timeline's rule).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.timezone import localtime

from candidates.models import Candidate, Consent, Document
from core.models import AuditEvent, User
from vacancies.models import Application, Interview, Offer, Placement, Submission

LIMIT = 100
HIDDEN = {"diversity.recorded"}  # special category (UK GDPR art. 9): aggregate reporting only


@dataclass(frozen=True)
class Event:
    at: Any
    kind: str
    title: str
    detail: str
    by: str
    context: str = ""
    url: str = ""


def _who(user: User | None) -> str:
    return user.display_name if user is not None else ""


def _where(application: Application) -> str:
    return f"{application.vacancy.title} · {application.vacancy.client.name}"


def _url(application: Application) -> str:
    return reverse("vacancies:application", args=[application.pk])


def _applications(user: User, candidate: Candidate) -> QuerySet[Application]:
    return Application.objects.visible_to(user).filter(candidate=candidate)


def _pipeline_rows(model: Any, user: User, candidate: Candidate, at: str, *related: str) -> Any:
    """The newest LIMIT rows of one pipeline model for the applications the user may see."""
    return (
        model.objects.filter(application__in=_applications(user, candidate))
        .select_related("application__vacancy__client", *related)
        .order_by(f"-{at}", "-id")[:LIMIT]
    )


def _pipeline_event(row: Any, at: Any, kind: str, title: str, detail: str, by: User | None) -> Event:
    return Event(at, kind, title, detail, _who(by), _where(row.application), _url(row.application))


def submission_events(user: User, candidate: Candidate) -> list[Event]:
    rows = _pipeline_rows(Submission, user, candidate, "submitted_at", "submitted_by", "contact", "document")
    events = []
    for s in rows:
        client = s.application.vacancy.client.name
        to = f"{client} ({s.contact.full_name})" if s.contact else client
        sent = s.document.filename if s.document else "no CV file"
        detail = f"{sent} · {s.get_channel_display().lower()}"
        events.append(
            _pipeline_event(s, s.submitted_at, "submission", f"CV sent to {to}", detail, s.submitted_by)
        )
    return events


def interview_events(user: User, candidate: Candidate) -> list[Event]:
    return [
        _pipeline_event(
            i,
            i.created_at,
            "interview",
            f"Interview booked for {date_format(localtime(i.starts_at), 'D j M Y, H:i')}",
            i.get_kind_display(),
            i.created_by,
        )
        for i in _pipeline_rows(Interview, user, candidate, "created_at", "created_by")
    ]


def offer_events(user: User, candidate: Candidate) -> list[Event]:
    events = []
    for o in _pipeline_rows(Offer, user, candidate, "created_at", "created_by"):
        terms = f"£{o.salary:,} a year" if o.salary else f"£{o.day_rate:,} a day" if o.day_rate else ""
        start = f"starting {date_format(o.start_on, 'j M Y')}" if o.start_on else ""
        detail = ", ".join(part for part in (terms, start) if part)
        events.append(_pipeline_event(o, o.created_at, "offer", "Offer made", detail, o.created_by))
    return events


def placement_events(user: User, candidate: Candidate) -> list[Event]:
    return [
        _pipeline_event(
            p,
            p.created_at,
            "placement",
            f"Placed with {p.application.vacancy.client.name}",
            f"Starts {date_format(p.start_on, 'j M Y')}",
            p.created_by,
        )
        for p in _pipeline_rows(Placement, user, candidate, "created_at", "created_by")
    ]


# ---- the record's own audit trail, in words ---------------------------------------------------


def _field_label(name: Any) -> str:
    try:
        return str(getattr(Candidate._meta.get_field(str(name)), "verbose_name", ""))
    except FieldDoesNotExist:
        return ""


def _edited(details: dict[str, Any]) -> str:
    fields = details.get("fields")
    labels = [label for label in map(_field_label, fields if isinstance(fields, list) else []) if label]
    if not labels:
        return "Details edited"
    more = len(labels) - 5
    return "Details edited: " + ", ".join(labels[:5]) + (f" and {more} more" if more > 0 else "")


def _choice(choices: Any, value: Any) -> str:
    return str(dict(choices).get(value, "")).lower()


def _consent(verb: str) -> Callable[[dict[str, Any]], str]:
    def words(details: dict[str, Any]) -> str:
        purpose = _choice(Consent.Purpose.choices, details.get("purpose"))
        return f"Consent {verb}: {purpose}" if purpose else f"Consent {verb}"

    return words


def _interview_outcome(details: dict[str, Any]) -> str:
    outcome = _choice(Interview.Outcome.choices, details.get("outcome"))
    if details.get("closed_by") == "placement":
        return f"Interview closed at placement: {outcome}"
    return f"Interview outcome: {outcome}" if outcome else "Interview outcome recorded"


def _offer_answer(answer: str) -> Callable[[dict[str, Any]], str]:
    def words(details: dict[str, Any]) -> str:
        return f"Offer {answer}" + (
            " (closed at placement)" if details.get("closed_by") == "placement" else ""
        )

    return words


WORDS: dict[str, Callable[[dict[str, Any]], str]] = {
    "candidate.created": lambda d: "Record created",
    "candidate.updated": _edited,
    "candidate.availability_confirmed": lambda d: "Availability confirmed",
    "candidate.privacy_notice_sent": lambda d: "Privacy notice sent",
    "candidate.merged": lambda d: "A duplicate record was merged into this one",
    "candidate.anonymised": lambda d: "Personal data anonymised",
    "candidate.suppression_overridden": lambda d: "Added despite a suppression-list match",
    "document.uploaded": lambda d: "CV uploaded" if d.get("kind") == "cv" else "Document uploaded",
    "consent.recorded": _consent("recorded"),
    "consent.withdrawn": _consent("withdrawn"),
    "marketing.unsubscribed": lambda d: "Unsubscribed from marketing mail (the link in a bulk mail)",
    "interview.outcome": _interview_outcome,
    "offer.accepted": _offer_answer("accepted"),
    "offer.declined": _offer_answer("declined"),
    "privacy.legal_hold_placed": lambda d: "Legal hold placed",
    "privacy.legal_hold_released": lambda d: "Legal hold released",
    "privacy.owner_hold": lambda d: "Kept past the retention date by the owner",
    "privacy.keep_my_data_yes": lambda d: "Asked us to keep their data",
    "privacy.keep_my_data_no": lambda d: "Asked us to erase their data",
    # The candidate's own changes in the portal (portal.services): who did it, in words.
    "portal.signed_in": lambda d: "Signed in to their portal",
    "portal.contact_updated": lambda d: "Updated their contact details in the portal",
    "portal.availability_updated": lambda d: "Updated their availability in the portal",
    "portal.preferences_updated": lambda d: "Updated their job preferences in the portal",
    "portal.channel_updated": lambda d: "Changed how and how often we contact them, in the portal",
    "portal.cv_uploaded": lambda d: "Uploaded a new CV in the portal",
    "portal.consent_given": _consent("given in the portal"),
    "portal.consent_withdrawn": _consent("withdrawn in the portal"),
    "portal.share_code_given": lambda d: "Gave a right-to-work share code in the portal",
    "portal.data_requested": lambda d: "Asked for a copy of their data in the portal",
    "portal.erasure_requested": lambda d: "Asked to be erased, in the portal",
}
KINDS = {"interview.outcome": "interview", "offer.accepted": "offer", "offer.declined": "offer"}


def audit_words(action: str, details: Any) -> str:
    """An audit code as words; one without its own words reads as a plain phrase."""
    words = WORDS.get(action)
    if words is not None:
        return words(details if isinstance(details, dict) else {})
    return action.rpartition(".")[2].replace("_", " ").capitalize()


def _by(event: AuditEvent) -> str:
    # The candidate's own changes in their portal have no user: say who it was.
    if event.actor is None and event.action.startswith("portal."):
        return "The candidate"
    return _who(event.actor)


def record_events(user: User, candidate: Candidate) -> list[Event]:
    """The audit trail of the record, its documents and consents, and the answers to its
    interviews and offers (the bookings themselves come from their rows)."""
    applications = _applications(user, candidate)
    where = (
        Q(object_type="candidates.candidate", object_id=candidate.pk)
        | Q(
            object_type="candidates.document",
            object_id__in=Document.objects.filter(candidate=candidate).values("pk"),
        )
        | Q(
            object_type="candidates.consent",
            object_id__in=Consent.objects.filter(candidate=candidate).values("pk"),
        )
        | Q(
            object_type="vacancies.interview",
            action="interview.outcome",
            object_id__in=Interview.objects.filter(application__in=applications).values("pk"),
        )
        | Q(
            object_type="vacancies.offer",
            action__in=["offer.accepted", "offer.declined"],
            object_id__in=Offer.objects.filter(application__in=applications).values("pk"),
        )
    )
    rows = AuditEvent.objects.filter(where).exclude(action__in=HIDDEN).select_related("actor")[:LIMIT]
    return [
        Event(e.at, KINDS.get(e.action, "record"), audit_words(e.action, e.details), "", _by(e)) for e in rows
    ]


def candidate_events(user: User, candidate: Candidate) -> list[Event]:
    return (
        submission_events(user, candidate)
        + interview_events(user, candidate)
        + offer_events(user, candidate)
        + placement_events(user, candidate)
        + record_events(user, candidate)
    )
