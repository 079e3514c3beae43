"""Recording references, work-history gap explanations, reg 22 notes and the end of employment."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from candidates.models import Candidate
from compliance.models import EmploymentEnd, GapExplanation, ReferenceCheck, VettingNote
from compliance.services.recording import check_supersede, date_not_future_check
from core.models import User
from core.services import audit_record


@transaction.atomic
def reference_check_record(
    *, actor: User, candidate: Candidate, supersedes: ReferenceCheck | None = None, **fields: Any
) -> ReferenceCheck:
    errors: dict[str, list[str]] = {}
    date_not_future_check(errors, "requested_on", fields.get("requested_on"))
    date_not_future_check(errors, "received_on", fields.get("received_on"))
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
    check_supersede(ReferenceCheck, supersedes, candidate, reference)
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
