"""The candidate's own changes from their portal. `actor` is None throughout: the person did it,
not a user. Field names, ids and codes only in the audit trail; never the values typed."""

from __future__ import annotations

import datetime
from typing import IO, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, Consent, Document
from candidates.services import candidate_update, consent_record, consent_withdraw, document_upload
from candidates.services.documents import document_update
from compliance.models import ComplianceTask
from compliance.services.rtw import rtw_share_code_submit
from core.services import audit_record
from privacy.models import ErasureRequest, SubjectAccessRequest
from privacy.services.candidate_requests import erasure_request_by_candidate, sar_request_by_candidate
from vacancies.services.notices import notice_send

CONTACT_FIELDS = ("phone", "town", "postcode")
PREFERENCE_FIELDS = (
    "desired_roles",
    "desired_locations",
    "desired_salary",
    "desired_day_rate",
    "employment_types",
)
CHANNEL_FIELDS = ("preferred_channel", "contact_frequency")
NOTICE_KIND = "portal_update"


def _tell_owner(candidate: Candidate, what: str) -> None:
    """The owner hears of a change that matters: an in-app notice (and its email) naming the record
    by number only, with a link to it (notices never name a candidate)."""
    notice_send(
        users=[candidate.owner],
        kind=NOTICE_KIND,
        text=f"Candidate #{candidate.pk} {what} in the candidate portal.",
        url=reverse("candidates:detail", args=[candidate.pk]),
    )


def _changed(candidate: Candidate, fields: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in fields.items() if getattr(candidate, name) != value)


def _update(candidate: Candidate, action: str, fields: dict[str, Any]) -> tuple[Candidate, list[str]]:
    changed = _changed(candidate, fields)
    if not changed:
        return candidate, []
    candidate = candidate_update(actor=None, candidate=candidate, **fields)
    audit_record(actor=None, action=action, obj=candidate, details={"fields": changed})
    return candidate, changed


@transaction.atomic
def portal_contact_update(*, candidate: Candidate, phone: str, town: str, postcode: str) -> list[str]:
    _, changed = _update(
        candidate, "portal.contact_updated", {"phone": phone, "town": town, "postcode": postcode}
    )
    return changed


@transaction.atomic
def portal_availability_update(
    *, candidate: Candidate, available_from: datetime.date | None, notice_period_weeks: int | None
) -> list[str]:
    """Saving this form is the candidate confirming their availability, changed or not."""
    fields = {
        "available_from": available_from,
        "notice_period_weeks": notice_period_weeks,
        "availability_confirmed_on": timezone.localdate(),
    }
    _, changed = _update(candidate, "portal.availability_updated", fields)
    if changed:
        _tell_owner(candidate, "updated their availability")
    return changed


@transaction.atomic
def portal_preferences_update(*, candidate: Candidate, **fields: Any) -> list[str]:
    _, changed = _update(
        candidate, "portal.preferences_updated", {k: v for k, v in fields.items() if k in PREFERENCE_FIELDS}
    )
    return changed


@transaction.atomic
def portal_channel_update(
    *, candidate: Candidate, preferred_channel: str, contact_frequency: str
) -> list[str]:
    _, changed = _update(
        candidate,
        "portal.channel_updated",
        {"preferred_channel": preferred_channel, "contact_frequency": contact_frequency},
    )
    return changed


@transaction.atomic
def portal_cv_upload(*, candidate: Candidate, upload: IO[bytes], filename: str) -> Document:
    """The file is checked by its content (documents service); a real PDF or Word CV becomes the
    current CV, the one a submission sends."""
    document = document_upload(actor=None, candidate=candidate, upload=upload, filename=filename)
    if document.can_be_cv:
        document = document_update(actor=None, document=document, is_current_cv=True)
    audit_record(
        actor=None,
        action="portal.cv_uploaded",
        obj=candidate,
        details={"document": document.pk, "is_current_cv": document.is_current_cv},
    )
    _tell_owner(candidate, "uploaded a new CV")
    return document


def _live(candidate: Candidate, purpose: str, vacancy_id: int | None) -> Any:
    return Consent.objects.filter(
        candidate=candidate, purpose=purpose, vacancy_id=vacancy_id, withdrawn_at__isnull=True
    )


@transaction.atomic
def portal_consent_set(*, candidate: Candidate, purpose: str, vacancy_id: int | None, give: bool) -> bool:
    """Give or withdraw the marketing consent, or the consent to be put forward for one vacancy
    (Conduct Regs reg 19). Returns whether anything changed. The caller has checked that the
    vacancy is one the candidate applied for."""
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()  # one change at a time
    live = list(_live(candidate, purpose, vacancy_id))
    details: dict[str, Any] = {"purpose": purpose, "vacancy": vacancy_id}
    if give:
        if live:
            return False
        consent_record(
            actor=None,
            candidate=candidate,
            purpose=purpose,
            lawful_basis="consent",
            method=Consent.Method.WEB_FORM,
            wording_version="portal-1",
            vacancy_id=vacancy_id,
            evidence="Given in the candidate portal",
        )
        audit_record(actor=None, action="portal.consent_given", obj=candidate, details=details)
        return True
    if not live:
        return False
    for consent in live:
        consent_withdraw(actor=None, consent=consent)
    audit_record(actor=None, action="portal.consent_withdrawn", obj=candidate, details=details)
    what = (
        "withdrew consent to be put forward"
        if purpose == Consent.Purpose.SUBMISSION
        else "withdrew marketing consent"
    )
    _tell_owner(candidate, what)
    return True


@transaction.atomic
def portal_share_code_give(*, candidate: Candidate, share_code: str) -> ComplianceTask:
    task = rtw_share_code_submit(candidate=candidate, share_code=share_code)
    audit_record(actor=None, action="portal.share_code_given", obj=candidate, details={"task": task.pk})
    return task


@transaction.atomic
def portal_data_request(*, candidate: Candidate) -> SubjectAccessRequest:
    sar = sar_request_by_candidate(candidate=candidate)
    audit_record(actor=None, action="portal.data_requested", obj=candidate, details={"request": sar.pk})
    return sar


@transaction.atomic
def portal_erasure_request(*, candidate: Candidate) -> ErasureRequest:
    request = erasure_request_by_candidate(candidate=candidate)
    audit_record(
        actor=None, action="portal.erasure_requested", obj=candidate, details={"request": request.pk}
    )
    _tell_owner(candidate, "asked to be erased")
    return request
