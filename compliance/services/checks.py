"""Recording checks. Each service validates with field errors (a 400 in the API, errors on the
form), writes one row, and an audit event holding ids and codes only. Nothing here edits a
recorded check: a correction is a new check that supersedes the old one."""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from compliance import rules
from compliance.models import (
    ComplianceTask,
    DBSCheck,
    DBSStatusCheck,
    EmploymentEnd,
    GapExplanation,
    ReferenceCheck,
    RightToWorkCheck,
    VettingNote,
)
from compliance.requirements import Requirements
from compliance.services.evidence import read_evidence
from core.models import User
from core.services import audit_record


def _today() -> datetime.date:
    return timezone.localdate()


def _not_future(errors: dict[str, list[str]], name: str, day: datetime.date | None) -> None:
    if day is not None and day > _today():
        errors.setdefault(name, []).append("This date is in the future.")


def _supersede(model: type[Any], supersedes: Any, candidate: Candidate, new: Any) -> None:
    if supersedes is None:
        return
    old = model.objects.select_for_update().get(pk=supersedes.pk)
    if old.candidate_id != candidate.pk:
        raise ValidationError({"supersedes": ["That check belongs to another candidate."]})
    if old.superseded_by_id is not None:
        raise ValidationError({"supersedes": ["That check has already been corrected."]})
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])


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
    _not_future(errors, "checked_on", checked_on)
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
            stored = read_evidence(evidence, evidence_filename)
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
    _supersede(RightToWorkCheck, supersedes, candidate, check)
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


def rtw_warnings(check: RightToWorkCheck) -> list[str]:
    """Things worth a second look that do not stop the check being recorded."""
    warnings = []
    # Home Office online checks: a share code is valid for 90 days.
    if check.share_code and rules.share_code_is_stale(
        issued_on=check.share_code_issued_on, checked_on=check.checked_on
    ):
        warnings.append("The share code was more than 90 days old when it was used: ask for a new one.")
    return warnings


@transaction.atomic
def dbs_check_record(
    *,
    actor: User,
    candidate: Candidate,
    level: str,
    workforce: str,
    certificate_number: str,
    issued_on: datetime.date,
    result: str,
    requirements: Requirements | None = None,
    barred_lists: str = "",
    decision_on: datetime.date | None = None,
    update_service: bool = False,
    update_service_consent_on: datetime.date | None = None,
    certificate_image: IO[bytes] | None = None,
    image_filename: str = "",
    supersedes: DBSCheck | None = None,
) -> DBSCheck:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if level not in DBSCheck.Level.values:
        add("level", "Choose a DBS level.")
    elif level != rules.DBS_BASIC and requirements is None:
        add("vacancy", "Standard and enhanced checks are asked for a role: choose the vacancy.")
    elif requirements is not None:
        reason = rules.dbs_level_allowed(level=level, role_level=requirements.dbs_level)
        if reason:
            add("level", reason)
    if workforce not in DBSCheck.Workforce.values:
        add("workforce", "Choose the workforce.")
    # DBS code of practice: barred lists only for regulated activity (the enhanced_barred level).
    if level == rules.DBS_ENHANCED_BARRED and barred_lists not in ("children", "adults", "both"):
        add("barred_lists", "Say which barred list(s) were checked.")
    if barred_lists and level != rules.DBS_ENHANCED_BARRED:
        add("barred_lists", "Barred lists are only checked with an enhanced check for regulated activity.")
    elif not rules.barred_lists_match_workforce(barred_lists=barred_lists, workforce=workforce):
        add("barred_lists", "That barred list is not checked for this workforce.")
    certificate_number = (certificate_number or "").replace(" ", "")
    if not rules.certificate_number_is_valid(certificate_number):
        add("certificate_number", "A DBS certificate number is 12 digits.")
    if result not in DBSCheck.Result.values:
        add("result", "Choose clear or information disclosed.")
    _not_future(errors, "issued_on", issued_on)
    _not_future(errors, "decision_on", decision_on)
    if decision_on is not None and decision_on < issued_on:
        add("decision_on", "The decision cannot come before the certificate.")
    if update_service_consent_on is not None and not update_service:
        add(
            "update_service_consent_on",
            "Consent to status checks only applies to an Update Service subscription.",
        )
    if certificate_image is not None and not rules.dbs_images_allowed():
        # DBS code of practice: certificate images are not kept by default.
        add("certificate_image", "Certificate images are not kept. Record the number and result only.")
    if certificate_image is not None and decision_on is None:
        add(
            "certificate_image",
            "An image can only be kept with a decision date (it is purged 6 months after).",
        )
    stored = None
    if certificate_image is not None and not errors:
        try:
            stored = read_evidence(certificate_image, image_filename)
        except ValidationError as exc:
            add("certificate_image", exc.messages[0])
    if errors:
        raise ValidationError(errors)
    check = DBSCheck(
        candidate=candidate,
        level=level,
        workforce=workforce,
        barred_lists=barred_lists,
        certificate_number=certificate_number,
        issued_on=issued_on,
        result=result,
        decision_on=decision_on,
        update_service=update_service,
        update_service_consent_on=update_service_consent_on,
        recheck_due_on=rules.dbs_recheck_due_on(
            issued_on, requirements.dbs_recheck_months if requirements else None
        ),
        recorded_by=actor,
    )
    if stored is not None:
        check.image_sha256, check.image_content_type = stored.sha256, stored.content_type
        check.certificate_image.save("certificate", ContentFile(stored.data), save=False)
    check.save()
    _supersede(DBSCheck, supersedes, candidate, check)
    audit_record(
        actor=actor,
        action="dbs_check.recorded",
        obj=check,
        details={
            "candidate": candidate.pk,
            "level": level,
            "supersedes": supersedes.pk if supersedes else None,
        },
    )
    return check


@transaction.atomic
def dbs_status_check_record(
    *, actor: User, dbs_check: DBSCheck, checked_on: datetime.date, workforce: str, outcome: str
) -> DBSStatusCheck:
    errors: dict[str, list[str]] = {}
    # DBS Update Service: a status check needs the person's consent on file...
    if not dbs_check.update_service or dbs_check.update_service_consent_on is None:
        errors["dbs_check"] = [
            "There is no Update Service subscription with consent on file for this certificate."
        ]
    # ...and is only valid for the same workforce as the certificate.
    if workforce != dbs_check.workforce:
        errors["workforce"] = ["A status check is only valid for the certificate's own workforce."]
    if outcome not in DBSStatusCheck.Outcome.values:
        errors["outcome"] = ["Choose the outcome."]
    if checked_on < dbs_check.issued_on:
        errors["checked_on"] = ["The status check cannot come before the certificate."]
    _not_future(errors, "checked_on", checked_on)
    if errors:
        raise ValidationError(errors)
    status = DBSStatusCheck.objects.create(
        dbs_check=dbs_check, checked_on=checked_on, workforce=workforce, outcome=outcome, checked_by=actor
    )
    audit_record(
        actor=actor,
        action="dbs_status_check.recorded",
        obj=status,
        details={"dbs_check": dbs_check.pk, "outcome": outcome},
    )
    return status


@transaction.atomic
def reference_check_record(
    *, actor: User, candidate: Candidate, supersedes: ReferenceCheck | None = None, **fields: Any
) -> ReferenceCheck:
    errors: dict[str, list[str]] = {}
    _not_future(errors, "requested_on", fields.get("requested_on"))
    _not_future(errors, "received_on", fields.get("received_on"))
    if fields.get("verified") and fields.get("received_on") is None:
        errors.setdefault("verified", []).append("A reference is verified once it has been received.")
    reference = ReferenceCheck(candidate=candidate, recorded_by=actor, **fields)
    try:
        reference.full_clean(exclude=["candidate", "recorded_by", "superseded_by"])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault("non_field_errors" if name == "__all__" else name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    reference.save()
    _supersede(ReferenceCheck, supersedes, candidate, reference)
    audit_record(
        actor=actor,
        action="reference.recorded",
        obj=reference,
        details={"candidate": candidate.pk, "supersedes": supersedes.pk if supersedes else None},
    )
    return reference


@transaction.atomic
def gap_explanation_record(
    *, actor: User, candidate: Candidate, starts_on: datetime.date, ends_on: datetime.date, explanation: str
) -> GapExplanation:
    if not explanation.strip():
        raise ValidationError({"explanation": ["Write what the candidate was doing."]})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": ["The end is before the start."]})
    row = GapExplanation.objects.create(
        candidate=candidate,
        starts_on=starts_on,
        ends_on=ends_on,
        explanation=explanation.strip(),
        recorded_by=actor,
    )
    audit_record(actor=actor, action="gap_explanation.recorded", obj=row, details={"candidate": candidate.pk})
    return row


@transaction.atomic
def vetting_note_record(*, actor: User, candidate: Candidate, covers: str, steps_taken: str) -> VettingNote:
    if covers not in VettingNote.Covers.values:
        raise ValidationError({"covers": ["Choose references or qualifications."]})
    if len(steps_taken.strip()) < 20:
        raise ValidationError({"steps_taken": ["Describe the steps taken (at least a sentence)."]})
    note = VettingNote.objects.create(
        candidate=candidate, covers=covers, steps_taken=steps_taken.strip(), recorded_by=actor
    )
    audit_record(
        actor=actor,
        action="reg22_note.recorded",
        obj=note,
        details={"candidate": candidate.pk, "covers": covers},
    )
    return note


@transaction.atomic
def employment_end_record(*, actor: User, candidate: Candidate, ended_on: datetime.date) -> EmploymentEnd:
    row, _ = EmploymentEnd.objects.update_or_create(
        candidate=candidate, defaults={"ended_on": ended_on, "recorded_by": actor}
    )
    audit_record(actor=actor, action="employment_end.recorded", obj=row, details={"candidate": candidate.pk})
    return row


@transaction.atomic
def task_complete(*, actor: User, task: ComplianceTask) -> ComplianceTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record(actor=actor, action="compliance_task.done", obj=task, details={"kind": task.kind})
    return task
