"""One timeline per candidate, contact, client and vacancy: communications together with stage
changes (a move to `submitted` is the submission) and vetting checks, newest first.

A fixed number of queries whatever the history holds: one per kind of entry, each limited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from compliance.models import ReferenceCheck, RightToWorkCheck
from core.models import User
from engagement.models import Communication
from vacancies.models import Application, StageChange

LIMIT = 100


@dataclass(frozen=True)
class Entry:
    at: datetime
    kind: str  # call, email, sms, meeting, note, stage, submission, check
    title: str
    detail: str
    by: str
    link_name: str = ""


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def communication_list(*, user: User, **filters: Any) -> QuerySet[Communication]:
    return (
        Communication.objects.visible_to(user)
        .filter(**filters)
        .select_related("owner", "candidate", "contact", "vacancy")
    )


def _communications(user: User, where: Q) -> list[Entry]:
    rows = communication_list(user=user).filter(where)[:LIMIT]
    entries = []
    for c in rows:
        who = c.candidate or c.contact
        title = f"{c.get_kind_display()} ({c.get_direction_display().lower()})"
        if c.subject:
            title += f": {c.subject}"
        entries.append(
            Entry(c.occurred_at, c.kind, title, c.summary, c.owner.display_name, str(who) if who else "")
        )
    return entries


def _stage_changes(user: User, where: Q) -> list[Entry]:
    rows = (
        StageChange.objects.filter(application__in=Application.objects.visible_to(user))
        .filter(where)
        .select_related("by", "application__vacancy", "application__candidate")
        .order_by("-at", "-id")[:LIMIT]
    )
    entries = []
    for s in rows:
        is_submission = s.stage == "submitted"
        title = (
            f"Submitted to the client for {s.application.vacancy.title}"
            if is_submission
            else f"{s.get_stage_display()} — {s.application.vacancy.title}"
        )
        entries.append(
            Entry(
                s.at,
                "submission" if is_submission else "stage",
                title,
                "",
                s.by.display_name if s.by else "",
                str(s.application.candidate),
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


def timeline_for_candidate(*, user: User, candidate: Any) -> list[Entry]:
    return _sorted(
        _communications(user, Q(candidate=candidate))
        + _stage_changes(user, Q(application__candidate=candidate))
        + _checks(user, candidate.pk)
    )


def timeline_for_contact(*, user: User, contact: Any) -> list[Entry]:
    return _sorted(
        _communications(user, Q(contact=contact))
        + _stage_changes(user, Q(stage="submitted", application__vacancy__contact=contact))
    )


def timeline_for_client(*, user: User, client: Any) -> list[Entry]:
    return _sorted(
        _communications(user, Q(contact__client=client) | Q(vacancy__client=client))
        + _stage_changes(user, Q(application__vacancy__client=client))
    )


def timeline_for_vacancy(*, user: User, vacancy: Any) -> list[Entry]:
    return _sorted(
        _communications(user, Q(vacancy=vacancy)) + _stage_changes(user, Q(application__vacancy=vacancy))
    )
