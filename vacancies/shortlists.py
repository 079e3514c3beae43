"""Writes for shortlists: draft, add entries (with the match rationale), submit for review, the
manager's review, and sharing the approved shortlist with the client through a signed link.

DESIGN.md "Shortlist review": nothing reaches a client before a manager has approved the entry
(Conduct Regs reg 19: the agency vets who it puts forward); the rationale is kept as the record of
why each candidate was put forward.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from core.models import SignedLink, User
from core.permissions import check_action
from core.services import audit_record
from core.signing import signed_link_create, signed_link_revoke
from vacancies import matching, pipeline
from vacancies.models import Application, Shortlist, ShortlistEntry, Stage, Vacancy
from vacancies.notices import notify, team_reviewers

REVIEW_PERM = "vacancies.review_shortlist"
SHARE_PURPOSE = "review_shortlist"
SHARE_DAYS = 14


class ShortlistRefused(pipeline.PipelineRefused):
    """A shortlist action refused by the workflow (the API answers 409 with `code`)."""


def _url(shortlist: Shortlist) -> str:
    return reverse("vacancies:shortlist", args=[shortlist.pk])


@transaction.atomic
def shortlist_create(*, actor: User, vacancy: Vacancy, rationale: str = "") -> Shortlist:
    shortlist = Shortlist.objects.create(vacancy=vacancy, rationale=rationale, owner=actor, team=vacancy.team)
    audit_record(actor=actor, action="shortlist.created", obj=shortlist, details={"vacancy": vacancy.pk})
    return shortlist


def shortlist_working(*, actor: User, vacancy: Vacancy) -> Shortlist:
    """The vacancy's shortlist still being drafted, or a new draft."""
    current = vacancy.shortlists.filter(
        status__in=[Shortlist.Status.DRAFT, Shortlist.Status.CHANGES_REQUESTED]
    ).first()
    return current or shortlist_create(actor=actor, vacancy=vacancy)


def _require_editable(shortlist: Shortlist) -> None:
    if not shortlist.is_editable:
        raise ShortlistRefused(
            "This shortlist is with the manager or approved: it can't be changed now.", code="not_editable"
        )


@transaction.atomic
def shortlist_update(*, actor: User, shortlist: Shortlist, rationale: str) -> Shortlist:
    _require_editable(shortlist)
    shortlist.rationale = rationale
    shortlist.save(update_fields=["rationale"])
    audit_record(actor=actor, action="shortlist.updated", obj=shortlist)
    return shortlist


@transaction.atomic
def entry_add(
    *,
    actor: User,
    shortlist: Shortlist,
    candidate: Candidate,
    rank: int | None = None,
    rationale: str = "",
) -> ShortlistEntry:
    """Add a candidate with the matcher's rationale; they join the pipeline at `shortlisted`."""
    shortlist = Shortlist.objects.select_for_update().get(pk=shortlist.pk)
    _require_editable(shortlist)
    if not candidate.is_live:
        raise ValidationError({"candidate": ["This candidate's record is no longer live."]})
    if shortlist.entries.filter(candidate=candidate).exists():
        raise ShortlistRefused("This candidate is already on the shortlist.", code="duplicate")
    vacancy = shortlist.vacancy
    match = matching.match_for(user=actor, vacancy=vacancy, candidate=candidate)
    if rank is None:
        rank = (shortlist.entries.aggregate(top=Max("rank"))["top"] or 0) + 1
    entry = ShortlistEntry.objects.create(
        shortlist=shortlist,
        candidate=candidate,
        rank=rank,
        rationale=rationale,
        match_rationale=match.rationale if match else {},
        match_score=match.score if match else None,
    )
    if not Application.objects.filter(vacancy=vacancy, candidate=candidate).exists():
        pipeline.application_create(
            actor=actor, vacancy=vacancy, candidate=candidate, stage=Stage.SHORTLISTED
        )
    audit_record(
        actor=actor, action="shortlist.entry_added", obj=shortlist, details={"entry": entry.pk, "rank": rank}
    )
    return entry


@transaction.atomic
def entry_update(*, actor: User, entry: ShortlistEntry, rank: int, rationale: str) -> ShortlistEntry:
    _require_editable(entry.shortlist)
    entry.rank, entry.rationale = rank, rationale
    entry.save(update_fields=["rank", "rationale"])
    audit_record(
        actor=actor, action="shortlist.entry_updated", obj=entry.shortlist, details={"entry": entry.pk}
    )
    return entry


@transaction.atomic
def shortlist_submit(*, actor: User, shortlist: Shortlist) -> Shortlist:
    """draft (or changes requested) -> in_review; the team's managers are told."""
    shortlist = Shortlist.objects.select_for_update().select_related("vacancy").get(pk=shortlist.pk)
    _require_editable(shortlist)
    if not shortlist.entries.exists():
        raise ShortlistRefused("Add at least one candidate before asking for review.", code="empty")
    shortlist.status, shortlist.submitted_at = Shortlist.Status.IN_REVIEW, timezone.now()
    shortlist.save(update_fields=["status", "submitted_at"])
    audit_record(actor=actor, action="shortlist.submitted", obj=shortlist)
    notify(
        users=team_reviewers(shortlist.team_id),
        kind="shortlist.in_review",
        text=f"A shortlist for {shortlist.vacancy.title} is ready for your review.",
        url=_url(shortlist),
    )
    return shortlist


@transaction.atomic
def shortlist_review(
    *,
    actor: User,
    shortlist: Shortlist,
    decisions: list[dict[str, Any]],
    request_changes: bool = False,
    comment: str = "",
) -> Shortlist:
    """A manager decides each entry (approved/rejected, with a comment) or requests changes.

    Only holders of `vacancies.review_shortlist` (managers, admins) may review: a recruiter is
    refused even for their own team's shortlist (403).
    """
    check_action(actor, shortlist, "review", perm=REVIEW_PERM)
    shortlist = Shortlist.objects.select_for_update().select_related("vacancy").get(pk=shortlist.pk)
    if shortlist.status != Shortlist.Status.IN_REVIEW:
        raise ShortlistRefused("Only a shortlist in review can be reviewed.", code="not_in_review")
    entries = {entry.pk: entry for entry in shortlist.entries.all()}
    now = timezone.now()
    errors = []
    for item in decisions:
        entry = entries.get(item.get("entry"))  # type: ignore[arg-type]
        decision = item.get("decision")
        if entry is None:
            errors.append(f"Entry {str(item.get('entry'))[:20]} is not on this shortlist.")
            continue
        if decision not in (ShortlistEntry.Decision.APPROVED, ShortlistEntry.Decision.REJECTED):
            errors.append("Each decision is approved or rejected.")
            continue
        entry.decision, entry.decision_comment = decision, str(item.get("comment") or "")[:2000]
        entry.decided_at, entry.decided_by = now, actor
        entry.save(update_fields=["decision", "decision_comment", "decided_at", "decided_by"])
    if errors:
        raise ValidationError({"decisions": errors})
    pending = [e for e in entries.values() if e.decision == ShortlistEntry.Decision.PENDING]
    if request_changes:
        shortlist.status = Shortlist.Status.CHANGES_REQUESTED
    elif pending:
        raise ValidationError({"decisions": ["Decide every entry, or request changes."]})
    else:
        shortlist.status = Shortlist.Status.APPROVED
    shortlist.review_comment, shortlist.reviewed_at, shortlist.reviewed_by = comment[:2000], now, actor
    shortlist.save(update_fields=["status", "review_comment", "reviewed_at", "reviewed_by"])
    approved = sum(1 for e in entries.values() if e.decision == ShortlistEntry.Decision.APPROVED)
    audit_record(
        actor=actor,
        action="shortlist.reviewed",
        obj=shortlist,
        details={"status": shortlist.status, "approved": approved, "entries": len(entries)},
    )
    outcome = "changes were requested" if request_changes else f"{approved} of {len(entries)} approved"
    notify(
        users=[shortlist.owner, actor],
        kind="shortlist.reviewed",
        text=f"The shortlist for {shortlist.vacancy.title} was reviewed: {outcome}.",
        url=_url(shortlist),
    )
    return shortlist


def can_review(user: User, shortlist: Shortlist) -> bool:
    try:
        check_action(user, shortlist, "review", perm=REVIEW_PERM)
    except PermissionDenied:
        return False
    return True


def is_blind_for(user: User, shortlist: Shortlist) -> bool:
    """Equality Act / DOMAIN.md blind shortlists: reviewers see no identifying details."""
    return bool(shortlist.vacancy.blind_shortlist) and can_review(user, shortlist)


@transaction.atomic
def shortlist_share(*, actor: User, shortlist: Shortlist, days: int = SHARE_DAYS) -> tuple[SignedLink, str]:
    """A signed, expiring, revocable link for the client's hiring manager (approved only)."""
    if shortlist.status != Shortlist.Status.APPROVED:
        raise ShortlistRefused("Only an approved shortlist can be shared.", code="not_approved")
    if not 1 <= days <= 90:
        raise ValidationError({"days": ["A link lasts between 1 and 90 days."]})
    return signed_link_create(
        purpose=SHARE_PURPOSE, obj=shortlist, expires_in=timedelta(days=days), created_by=actor
    )


def share_links(shortlist: Shortlist) -> list[SignedLink]:
    return list(
        SignedLink.objects.filter(
            purpose=SHARE_PURPOSE, object_type="vacancies.shortlist", object_id=shortlist.pk
        ).order_by("-created_at")
    )


def share_link_revoke(*, actor: User, shortlist: Shortlist, link_id: int) -> None:
    link = SignedLink.objects.filter(
        pk=link_id, purpose=SHARE_PURPOSE, object_type="vacancies.shortlist", object_id=shortlist.pk
    ).first()
    if link is None:
        raise ValidationError({"link": ["No such link on this shortlist."]})
    signed_link_revoke(link=link, actor=actor)
