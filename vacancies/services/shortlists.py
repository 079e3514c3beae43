"""Writes for shortlists: draft, add entries (with the match rationale), submit for review, the
manager's review, and sharing the approved shortlist with the client through a signed link.

DESIGN.md "Shortlist review": nothing reaches a client before a manager has approved the entry
(Conduct Regs reg 19: the agency vets who it puts forward); the rationale is kept as the record of
why each candidate was put forward.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from candidates.models import Candidate
from core.models import SignedLink, User
from core.permissions import check_action
from core.services import audit_record
from core.signing import signed_link_create, signed_link_revoke
from vacancies.models import Application, Shortlist, ShortlistEntry, Stage, Vacancy
from vacancies.selectors.matching import match_get
from vacancies.selectors.notices import team_reviewer_list
from vacancies.selectors.shortlists import REVIEW_PERM, SHARE_PURPOSE, shortlist_draft_get
from vacancies.services.introductions import reg18_gate
from vacancies.services.notices import notice_send
from vacancies.services.pipeline import PipelineRefused, application_create, candidate_shortlist_refusal
from vacancies.services.refusals import email_queue_or_refuse

SHARE_DAYS = 14


class ShortlistRefused(PipelineRefused):
    """A shortlist action refused by the workflow (the API answers 409 with `code`)."""


def _url(shortlist: Shortlist) -> str:
    return reverse("vacancies:shortlist", args=[shortlist.pk])


@transaction.atomic
def shortlist_create(*, actor: User, vacancy: Vacancy, rationale: str = "") -> Shortlist:
    shortlist = Shortlist.objects.create(vacancy=vacancy, rationale=rationale, owner=actor, team=vacancy.team)
    audit_record(actor=actor, action="shortlist.created", obj=shortlist, details={"vacancy": vacancy.pk})
    return shortlist


def shortlist_draft_get_or_create(*, actor: User, vacancy: Vacancy) -> Shortlist:
    """The vacancy's shortlist still being drafted, or a new draft."""
    return shortlist_draft_get(vacancy=vacancy) or shortlist_create(actor=actor, vacancy=vacancy)


def _require_editable(shortlist: Shortlist) -> None:
    if not shortlist.is_editable:
        raise ShortlistRefused(
            "This shortlist is with the manager or approved: it can't be changed now.", code="not_editable"
        )


@dataclass(frozen=True)
class EntryEdit:
    """What the recruiter typed for one entry; None leaves that field as it is."""

    rank: int | None = None
    rationale: str | None = None


@transaction.atomic
def shortlist_save(
    *,
    actor: User,
    shortlist: Shortlist,
    rationale: str | None = None,
    entries: Mapping[int, EntryEdit] | None = None,
) -> int:
    """Save the overall rationale and each entry's rank and rationale; returns how many rows changed.

    Only what differs from the stored row is written (update_fields), so two people editing
    different entries never undo each other, and an unchanged save writes nothing and audits nothing.
    """
    shortlist = Shortlist.objects.select_for_update().get(pk=shortlist.pk)
    _require_editable(shortlist)
    changed = 0
    if rationale is not None and rationale[:4000] != shortlist.rationale:
        shortlist.rationale = rationale[:4000]
        shortlist.save(update_fields=["rationale"])
        audit_record(actor=actor, action="shortlist.updated", obj=shortlist)
        changed += 1
    edits = entries or {}
    for entry in shortlist.entries.filter(pk__in=list(edits)):
        edit = edits[entry.pk]
        fields = []
        if edit.rank is not None and edit.rank != entry.rank:
            if not 1 <= edit.rank <= 999:
                raise ValidationError({"rank": ["A rank is a whole number from 1 to 999."]})
            entry.rank = edit.rank
            fields.append("rank")
        if edit.rationale is not None and edit.rationale[:4000] != entry.rationale:
            entry.rationale = edit.rationale[:4000]
            fields.append("rationale")
        if fields:
            entry.save(update_fields=fields)
            audit_record(
                actor=actor,
                action="shortlist.entry_updated",
                obj=shortlist,
                details={"entry": entry.pk, "fields": fields},
            )
            changed += 1
    return changed


@transaction.atomic
def shortlist_entry_add(
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
    refusal = candidate_shortlist_refusal(candidate)
    if refusal:
        raise ValidationError({"candidate": [refusal]})
    if shortlist.entries.filter(candidate=candidate).exists():
        raise ShortlistRefused("This candidate is already on the shortlist.", code="duplicate")
    vacancy = shortlist.vacancy
    match = match_get(user=actor, vacancy=vacancy, candidate=candidate)
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
        application_create(actor=actor, vacancy=vacancy, candidate=candidate, stage=Stage.SHORTLISTED)
    audit_record(
        actor=actor, action="shortlist.entry_added", obj=shortlist, details={"entry": entry.pk, "rank": rank}
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
    notice_send(
        users=team_reviewer_list(team_id=shortlist.team_id),
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
    notice_send(
        users=[shortlist.owner, actor],
        kind="shortlist.reviewed",
        text=f"The shortlist for {shortlist.vacancy.title} was reviewed: {outcome}.",
        url=_url(shortlist),
    )
    return shortlist


@transaction.atomic
def shortlist_share(*, actor: User, shortlist: Shortlist, days: int = SHARE_DAYS) -> tuple[SignedLink, str]:
    """A signed, expiring, revocable link for the client's hiring manager (approved only)."""
    if shortlist.status != Shortlist.Status.APPROVED:
        raise ShortlistRefused("Only an approved shortlist can be shared.", code="not_approved")
    reg18_gate(vacancy=shortlist.vacancy, action="share")  # Conduct Regs reg 18
    if not 1 <= days <= 90:
        raise ValidationError({"days": ["A link lasts between 1 and 90 days."]})
    return signed_link_create(
        purpose=SHARE_PURPOSE, obj=shortlist, expires_in=timedelta(days=days), created_by=actor
    )


@transaction.atomic
def shortlist_share_send(
    *, actor: User, shortlist: Shortlist, days: int = SHARE_DAYS
) -> tuple[SignedLink, str, Any]:
    """Share the approved shortlist and email the link to the vacancy's client contact (kind
    `review_link`, through the one door). The contact rule's refusal, or a vacancy with no contact,
    is a ShortlistRefused: nothing is kept, nothing sent. Returns the link, its token (shown once,
    to copy) and the queued message."""
    contact = shortlist.vacancy.contact
    if contact is None:
        raise ShortlistRefused(
            "The vacancy has no client contact to send the link to: choose one on the vacancy, "
            "or create a link to copy.",
            code="no_contact",
        )
    link, token = shortlist_share(actor=actor, shortlist=shortlist, days=days)
    vacancy = shortlist.vacancy
    url = settings.SITE_URL.rstrip("/") + reverse("portal:client_review", args=[token])
    until = date_format(timezone.localtime(link.expires_at), "j F Y")
    body = (
        f"Dear {contact.first_name},\n\n"
        f"Here is our shortlist for {vacancy.title}. You can read each candidate's profile and CV, and "
        "tell us for each one whether you would like to interview them:\n\n"
        f"{url}\n\n"
        f"The link works until {until}; please do not forward it.\n\n"
        f"Best wishes,\n{actor.display_name}"
    )
    email = email_queue_or_refuse(
        actor=actor,
        kind="review_link",
        contact=contact,
        vacancy=vacancy,
        subject=f"Shortlist for {vacancy.title}",
        body=body,
    )
    audit_record(actor=actor, action="shortlist.link_sent", obj=shortlist, details={"link": link.pk})
    return link, token, email


def shortlist_link_revoke(*, actor: User, shortlist: Shortlist, link_id: int) -> None:
    link = SignedLink.objects.filter(
        pk=link_id, purpose=SHARE_PURPOSE, object_type="vacancies.shortlist", object_id=shortlist.pk
    ).first()
    if link is None:
        raise ValidationError({"link": ["No such link on this shortlist."]})
    signed_link_revoke(link=link, actor=actor)
