"""Recording DBS checks and Update Service status checks (DBS code of practice)."""

from __future__ import annotations

import datetime
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from candidates.models import Candidate
from compliance import rules
from compliance.models import DBSCheck, DBSStatusCheck
from compliance.requirements import Requirements
from compliance.selectors.evidence import evidence_read
from compliance.services.recording import check_supersede, date_not_future_check
from core.models import User
from core.services import audit_record


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
    date_not_future_check(errors, "issued_on", issued_on)
    date_not_future_check(errors, "decision_on", decision_on)
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
            stored = evidence_read(certificate_image, image_filename)
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
    check_supersede(DBSCheck, supersedes, candidate, check)
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
    date_not_future_check(errors, "checked_on", checked_on)
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
