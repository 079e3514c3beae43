"""Recording right-to-work checks (Home Office employer guide): the route, the list, the excuse."""

from __future__ import annotations

import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from compliance import rules
from compliance.models import ComplianceTask, RightToWorkCheck
from compliance.selectors.evidence import evidence_read
from compliance.services.recording import check_supersede, date_not_future_check
from core.models import User
from core.services import audit_record


def _rtw_errors(
    *,
    holds: str,
    route: str,
    document_list: str,
    document_type: str,
    share_code: str,
    checked_on: datetime.date,
    permission_expires_on: datetime.date | None,
    pvn_issued_on: datetime.date | None,
    outcome: str,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if route not in RightToWorkCheck.Route.values:
        add("route", "Choose how the check was made.")
    if document_list not in RightToWorkCheck.DocumentList.values:
        add("list", "Choose List A, List B Group 1 or List B Group 2.")
    if outcome not in RightToWorkCheck.Outcome.values:
        add("outcome", "Choose pass, fail or pending.")
    if holds and holds not in RightToWorkCheck.Holds.values:
        add("holds", "Choose what the candidate holds.")
    elif holds and route in RightToWorkCheck.Route.values and route not in rules.ROUTES_FOR_HOLDING[holds]:
        add("route", "That route is not open to someone holding this.")
    # Home Office employer guide: IDSP only for British or Irish citizens with a valid passport.
    if route == rules.ROUTE_IDSP and holds != rules.HOLDS_BRITISH_IRISH_PASSPORT:
        add("route", "An IDSP check is only for British or Irish citizens with a valid passport.")
    if route == rules.ROUTE_SHARE_CODE:
        # Home Office online checks: share codes are 9 characters starting with W.
        if not rules.share_code_is_valid(share_code):
            add("share_code", "A share code is 9 characters and starts with W.")
    elif share_code:
        add("share_code", "A share code is only used for an online check.")
    if route == rules.ROUTE_MANUAL and not document_type.strip():
        add("document_type", "Say which document was seen.")
    if route == rules.ROUTE_ECS and document_list != rules.LIST_B2:
        # Home Office employer guide: an ECS Positive Verification Notice is a List B Group 2 excuse.
        add("list", "An Employer Checking Service check gives a List B Group 2 excuse.")
    if outcome == "pass" and document_list == rules.LIST_B1:
        if permission_expires_on is None:
            add("permission_expires_on", "Give the date the permission expires.")
        elif permission_expires_on < checked_on:
            add("permission_expires_on", "The permission had already expired on the day of the check.")
    if outcome == "pass" and document_list == rules.LIST_B2:
        if pvn_issued_on is None:
            add("pvn_issued_on", "Give the date of the Positive Verification Notice.")
        elif pvn_issued_on > checked_on:
            add("pvn_issued_on", "The notice cannot be dated after the check.")
    date_not_future_check(errors, "checked_on", checked_on)
    return errors


@transaction.atomic
def rtw_check_record(
    *,
    actor: User,
    candidate: Candidate,
    route: str,
    document_list: str,
    outcome: str,
    checked_on: datetime.date,
    holds: str = "",
    document_type: str = "",
    share_code: str = "",
    share_code_issued_on: datetime.date | None = None,
    checked_by: User | None = None,
    permission_expires_on: datetime.date | None = None,
    pvn_issued_on: datetime.date | None = None,
    evidence: IO[bytes] | None = None,
    evidence_filename: str = "",
    supersedes: RightToWorkCheck | None = None,
) -> RightToWorkCheck:
    share_code = rules.normalise_share_code(share_code)
    errors = _rtw_errors(
        holds=holds,
        route=route,
        document_list=document_list,
        document_type=document_type,
        share_code=share_code,
        checked_on=checked_on,
        permission_expires_on=permission_expires_on,
        pvn_issued_on=pvn_issued_on,
        outcome=outcome,
    )
    stored = None
    if evidence is not None:
        try:
            stored = evidence_read(evidence, evidence_filename)
        except ValidationError as exc:
            errors.setdefault("evidence", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    excuse_end = rules.excuse_until(
        document_list=document_list,
        outcome=outcome,
        permission_expires_on=permission_expires_on,
        pvn_issued_on=pvn_issued_on,
    )
    check = RightToWorkCheck(
        candidate=candidate,
        holds=holds,
        route=route,
        document_list=document_list,
        document_type=document_type.strip()[:100],
        share_code=share_code,
        share_code_issued_on=share_code_issued_on if share_code else None,
        checked_on=checked_on,
        checked_by=checked_by or actor,
        recorded_by=actor,
        permission_expires_on=permission_expires_on,
        pvn_issued_on=pvn_issued_on,
        outcome=outcome,
        excuse_until=excuse_end,
        follow_up_due_on=rules.follow_up_due_on(excuse_end),
    )
    if stored is not None:
        check.evidence_filename = stored.filename
        check.evidence_content_type = stored.content_type
        check.evidence_size = len(stored.data)
        check.evidence_sha256 = stored.sha256
        check.evidence.save("evidence", ContentFile(stored.data), save=False)
    check.save()
    check_supersede(RightToWorkCheck, supersedes, candidate, check)
    if outcome == RightToWorkCheck.Outcome.PASS:
        # A new passing check answers the follow-ups raised for the older ones.
        ComplianceTask.objects.filter(
            candidate=candidate, rtw_check__isnull=False, done_at__isnull=True
        ).exclude(rtw_check=check).update(done_at=timezone.now())
    audit_record(
        actor=actor,
        action="rtw_check.recorded",
        obj=check,
        details={
            "candidate": candidate.pk,
            "route": route,
            "list": document_list,
            "outcome": outcome,
            "supersedes": supersedes.pk if supersedes else None,
        },
    )
    return check


@transaction.atomic
def rtw_share_code_submit(*, candidate: Candidate, share_code: str) -> ComplianceTask:
    """A candidate gave their Home Office share code (the candidate portal): a task for the team's
    compliance officer (or, without one, the candidate's owner) to run the online check. A code
    given again replaces the one still waiting, so the officer never checks a stale code."""
    code = rules.normalise_share_code(share_code)
    if not rules.share_code_is_valid(code):
        raise ValidationError({"share_code": ["A share code is 9 letters and numbers and starts with W."]})
    officer = (
        User.objects.filter(team_id=candidate.team_id, role=User.Role.COMPLIANCE, is_active=True)
        .order_by("pk")
        .first()
    )
    waiting = ComplianceTask.objects.filter(
        candidate=candidate, kind=ComplianceTask.Kind.RTW_SHARE_CODE, done_at__isnull=True
    )
    task = waiting.first()
    if task is None:
        task = ComplianceTask.objects.create(
            kind=ComplianceTask.Kind.RTW_SHARE_CODE,
            candidate=candidate,
            share_code=code,
            due_on=timezone.localdate(),
            assigned_to=officer or candidate.owner,
            owner=candidate.owner,
            team_id=candidate.team_id,
        )
    else:
        task.share_code, task.due_on = code, timezone.localdate()
        task.save(update_fields=["share_code", "due_on"])
    audit_record(
        actor=None, action="compliance_task.created", obj=task, details={"kind": task.kind, "by": "candidate"}
    )
    return task
