"""One timeline per candidate, contact, client and vacancy: communications together with stage
changes (a move to `submitted` is the submission) and vetting checks, newest first.

A fixed number of queries whatever the history holds: one per kind of entry, each limited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from compliance.models import ReferenceCheck, RightToWorkCheck
from core.models import User
from engagement.models import Communication
from engagement.selectors.candidate_events import candidate_events
from vacancies.models import Application, StageChange, Submission

LIMIT = 100


KIND_LABELS = {
    "stage": "Pipeline",
    "submission": "CV sent",
    "check": "Vetting",
    "record": "Record",
    "sms": "SMS",
}


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: (
        str  # call, email, sms, meeting, note, stage, submission, check, interview, offer, placement, record
    )
    title: str
    detail: str
    by: str
    link_name: str = ""
    context: str = ""  # the vacancy and client an entry is about
    url: str = ""

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.capitalize())


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def communication_list(*, user: User, **filters: Any) -> QuerySet[Communication]:
    return (
        Communication.objects.visible_to(user)
        .filter(**filters)
        .select_related("owner", "candidate", "contact", "vacancy")
    )


def _communications(user: User, where: Q) -> list[Entry]:
    # Mail that came back carries its message (the full text, attachments) and the thread it answers.
    rows = communication_list(user=user).filter(where).select_related("inbound__in_reply_to")[:LIMIT]
    entries = []
    for c in rows:
        who = c.candidate or c.contact
        title = f"{c.get_kind_display()} ({c.get_direction_display().lower()})"
        if c.subject:
            title += f": {c.subject}"
        inbound = getattr(c, "inbound", None)
        context, url, by = "", "", c.owner.display_name
        if inbound is not None:
            thread = inbound.in_reply_to
            context = f"Reply to: {thread.subject}" if thread is not None else inbound.get_route_display()
            url, by = reverse("engagement:inbound", args=[inbound.pk]), ""
        entries.append(
            Entry(c.occurred_at, c.kind, title, c.summary, by, str(who) if who else "", context, url)
        )
    return entries


def _stage_title(change: StageChange) -> str:
    """A move in words: "Moved to Interview", "Added to the pipeline (Sourced)", "Rejected: …"."""
    if not change.from_stage:
        if change.application.source == "careers_site":
            return f"Applied on the careers site ({change.get_stage_display()})"
        return f"Added to the pipeline ({change.get_stage_display()})"
    if change.stage == "submitted":
        return "Submitted to the client"
    if change.stage == "rejected":
        return f"Rejected: {change.rejection_reason.label}" if change.rejection_reason else "Rejected"
    if change.stage == "withdrawn":
        return "Withdrew"
    return f"Moved to {change.get_stage_display()}"


def _stage_changes(user: User, where: Q, *, exclude: Q | None = None) -> list[Entry]:
    rows = (
        StageChange.objects.filter(application__in=Application.objects.visible_to(user))
        .filter(where)
        .select_related("by", "rejection_reason", "application__vacancy__client", "application__candidate")
        .order_by("-at", "-id")
    )
    if exclude is not None:
        rows = rows.exclude(exclude)
    entries = []
    for s in rows[:LIMIT]:
        vacancy = s.application.vacancy
        entries.append(
            Entry(
                s.at,
                "submission" if s.stage == "submitted" else "stage",
                _stage_title(s),
                "",
                s.by.display_name if s.by else "",
                str(s.application.candidate),
                f"{vacancy.title} · {vacancy.client.name}",
                reverse("vacancies:application", args=[s.application_id]),
            )
        )
    return entries


def _checks(user: User, candidate_id: int) -> list[Entry]:
    entries = []
    for check in RightToWorkCheck.objects.filter(candidate_id=candidate_id).order_by("-checked_on")[:LIMIT]:
        entries.append(
            Entry(_at(check.checked_on), "check", "Right-to-work check", check.get_outcome_display(), "")
        )
    for ref in ReferenceCheck.objects.filter(candidate_id=candidate_id).order_by("-requested_on")[:LIMIT]:
        detail = "received" if ref.received_on else "requested"
        entries.append(Entry(_at(ref.received_on or ref.requested_on), "check", "Reference", detail, ""))
    return entries


def _sorted(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: e.at, reverse=True)[:LIMIT]


def candidate_timeline_get(*, user: User, candidate: Any) -> list[Entry]:
    """The one timeline of the candidate page: calls and emails, every move, CVs sent (to whom,
    which file), interviews, offers and their answers, placements, checks and the record's own
    history, all in words (engagement/selectors/candidate_events.py)."""
    # A move to `submitted` is told by its submission ("CV sent to Acme Ltd (Jane Smith)").
    sent = Exists(Submission.objects.filter(application=OuterRef("application")))
    events = [
        Entry(e.at, e.kind, e.title, e.detail, e.by, "", e.context, e.url)
        for e in candidate_events(user, candidate)
    ]
    return _sorted(
        _communications(user, Q(candidate=candidate))
        + _stage_changes(user, Q(application__candidate=candidate), exclude=Q(stage="submitted") & Q(sent))
        + _checks(user, candidate.pk)
        + events
    )


def contact_timeline_get(*, user: User, contact: Any) -> list[Entry]:
    return _sorted(
        _communications(user, Q(contact=contact))
        + _stage_changes(user, Q(stage="submitted", application__vacancy__contact=contact))
    )


def client_timeline_get(*, user: User, client: Any) -> list[Entry]:
    return _sorted(
        _communications(user, Q(contact__client=client) | Q(vacancy__client=client))
        + _stage_changes(user, Q(application__vacancy__client=client))
    )


def vacancy_timeline_get(*, user: User, vacancy: Any) -> list[Entry]:
    return _sorted(
        _communications(user, Q(vacancy=vacancy)) + _stage_changes(user, Q(application__vacancy=vacancy))
    )
