"""Reads for bulk mail (issue 18): who a send would reach and who it would skip, and its progress.

The plan is asked twice with the same answer: on the composer, before anything is sent, and by
`bulk_email_create` when the sender presses Send. Only people with a live `marketing` consent
(PECR reg 22) whom the one contact rule lets us write to receive it; everyone else is skipped with
the reason's code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Max, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from candidates.models import Candidate, Consent, SavedSearch
from candidates.selectors import saved_search_candidates
from core.models import User
from engagement.models import SKIP_REASONS, BulkEmail, OutboundEmail
from engagement.selectors.contactability import contactability_check_many

# What a plan reads of each person: enough for the contact rule, the merge fields and the names.
PLAN_FIELDS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "status",
    "anonymised_at",
    "restricted_at",
    "merged_into",
    "team",
    "owner",
    "contact_frequency",
)


def bulk_email_max_recipients() -> int:
    return int(getattr(settings, "BULK_EMAIL_MAX_RECIPIENTS", 500))


@dataclass(frozen=True)
class Skip:
    candidate: Candidate
    reason: str

    @property
    def label(self) -> str:
        return SKIP_REASONS.get(self.reason, self.reason)


@dataclass
class BulkPlan:
    recipients: list[Candidate] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)

    @property
    def people(self) -> int:
        return len(self.recipients) + len(self.skipped)


def _with_marketing(queryset: QuerySet[Candidate]) -> QuerySet[Candidate]:
    live = Consent.objects.filter(
        candidate=OuterRef("pk"), purpose=Consent.Purpose.MARKETING, withdrawn_at__isnull=True
    )
    return queryset.only(*PLAN_FIELDS).annotate(marketing_live=Exists(live))


def _too_many() -> str:
    return (
        f"One bulk mail goes to at most {bulk_email_max_recipients()} people: "
        "narrow the selection or the search."
    )


def _bounded(queryset: QuerySet[Candidate]) -> list[Candidate]:
    limit = bulk_email_max_recipients()
    people = list(queryset[: limit + 1])
    if len(people) > limit:
        raise ValidationError({"candidates": _too_many()})
    return people


def bulk_candidates_selected(*, user: User, ids: list[int]) -> list[Candidate]:
    """The chosen candidates, in name order; an id the user cannot see (or that does not exist) is a
    404 for the whole selection. Anonymised and merged records the user can see are kept, to be
    reported as skipped."""
    wanted = set(ids)
    if not wanted:
        raise ValidationError({"candidates": "Choose at least one candidate."})
    if len(wanted) > bulk_email_max_recipients():
        raise ValidationError({"candidates": _too_many()})
    queryset = Candidate.objects.visible_to(user).filter(pk__in=wanted)
    people = _bounded(_with_marketing(queryset).order_by("last_name", "first_name", "pk"))
    if len(people) != len(wanted):
        raise Http404("No such candidate.")
    return people


def bulk_candidates_searched(*, user: User, search: SavedSearch) -> list[Candidate]:
    """Everyone the saved search finds now, in its own order (the list page's search, reused)."""
    return _bounded(_with_marketing(saved_search_candidates(user=user, search=search)))


# Issue 19: how long after a bulk mail a person with this contact frequency may have another.
FREQUENCY_GAP = {"weekly": datetime.timedelta(days=7), "monthly": datetime.timedelta(days=30)}


def bulk_last_sent_get(*, candidates: list[Candidate]) -> dict[int, datetime.datetime]:
    """When each person was last sent (or queued) a bulk mail: one grouped query."""
    ids = [c.pk for c in candidates if c.contact_frequency in FREQUENCY_GAP]
    if not ids:
        return {}
    rows = (
        OutboundEmail.objects.filter(
            candidate_id__in=ids,
            kind="bulk",
            status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.SENT],
        )
        .values("candidate_id")
        .annotate(last=Max("created_at"))
    )
    return {row["candidate_id"]: row["last"] for row in rows}


def frequency_allows(
    candidate: Candidate, last: datetime.datetime | None, now: datetime.datetime | None = None
) -> bool:
    """Marketing only as often as they asked: never for "none" (only their own applications),
    weekly/monthly since the last bulk mail; "any" or no preference stated: whenever."""
    if candidate.contact_frequency == Candidate.Frequency.NONE:
        return False
    gap = FREQUENCY_GAP.get(candidate.contact_frequency)
    return gap is None or last is None or last <= (now or timezone.now()) - gap


def bulk_email_plan(*, candidates: list[Candidate]) -> BulkPlan:
    """Who receives it and who is skipped, and why (the first reason that applies): a merged record
    or a second person at an address already written to is a duplicate; then the contact rule
    (do not contact, withdrawn processing consent, erased, anonymised, suppressed, no email); then a
    live `marketing` consent. `candidates` come from `bulk_candidates_*` (with `marketing_live`)."""
    plan = BulkPlan()
    answers = contactability_check_many(candidates=candidates)
    recently = bulk_last_sent_get(candidates=candidates)
    addresses: set[str] = set()
    for candidate, answer in zip(candidates, answers, strict=True):
        address = (candidate.email or "").strip().lower()
        if candidate.merged_into_id is not None:
            reason = "duplicate"
        elif not answer.allowed:
            reason = answer.code
        elif not getattr(candidate, "marketing_live", False):
            reason = "no_marketing_consent"
        elif not frequency_allows(candidate, recently.get(candidate.pk)):
            reason = "frequency"
        elif address in addresses:
            reason = "duplicate"
        else:
            addresses.add(address)
            plan.recipients.append(candidate)
            continue
        plan.skipped.append(Skip(candidate, reason))
    return plan


def bulk_email_list(*, user: User, limit: int = 50) -> QuerySet[BulkEmail]:
    return BulkEmail.objects.visible_to(user).select_related("owner")[:limit]


def bulk_email_get(*, user: User, pk: Any) -> BulkEmail:
    bulk = BulkEmail.objects.visible_to(user).select_related("owner").filter(pk=pk).first()
    if bulk is None:
        raise Http404("No such bulk mail.")
    return bulk


def bulk_email_progress(*, bulk: BulkEmail) -> dict[str, int]:
    """Its messages by state (one query): queued, sent, failed (failed or bounced)."""
    counts = dict(
        OutboundEmail.objects.filter(bulk=bulk).values_list("status").annotate(n=Count("id")).order_by()
    )
    failed = counts.get(OutboundEmail.Status.FAILED, 0) + counts.get(OutboundEmail.Status.BOUNCED, 0)
    queued = counts.get(OutboundEmail.Status.QUEUED, 0)
    sent = counts.get(OutboundEmail.Status.SENT, 0)
    total = queued + sent + failed
    return {
        "queued": queued,
        "sent": sent,
        "failed": failed,
        "total": total,
        "percent": round(100 * (sent + failed) / total) if total else 100,
    }


def bulk_email_skipped_rows(*, user: User, bulk: BulkEmail) -> list[Skip | tuple[None, str]]:
    """The skipped people with their reasons, named from the records now (one query); someone the
    user can no longer see is listed without a name."""
    entries = [e for e in bulk.skipped if isinstance(e, dict)]
    ids = [e.get("candidate") for e in entries]
    people = {
        c.pk: c
        for c in Candidate.objects.visible_to(user)
        .filter(pk__in=[i for i in ids if isinstance(i, int)])
        .only("id", "first_name", "last_name", "anonymised_at")
    }
    rows: list[Skip | tuple[None, str]] = []
    for entry in entries:
        person = people.get(entry.get("candidate"))
        reason = str(entry.get("reason", ""))
        rows.append(Skip(person, reason) if person is not None else (None, SKIP_REASONS.get(reason, reason)))
    return rows


def marketing_subscribed(*, candidate_id: int, purpose: str = Consent.Purpose.MARKETING) -> bool:
    """Has the person a live consent of this purpose (the unsubscribe page's "already done")?"""
    return Consent.objects.filter(
        candidate_id=candidate_id, purpose=purpose, withdrawn_at__isnull=True
    ).exists()
