# Erasure: anonymising one person, and the erasure requests that ask for it. With the sweep
# (privacy.services.sweep) the only code that removes personal data for good.
#
# Design (pretix's shredder + zulip's retention module, STYLE.md):
#
# * What to remove is not decided here. Each app owns an `anonymisers.py` with one small class per
#   kind of personal data (core.anonymisation.Anonymiser): it can export what it holds, anonymise it
#   in place, and say who must not be swept yet (RetentionExclusion). privacy.registry.ANONYMISERS
#   is the one explicit list of all of them, in order: files and child rows first, the person last.
# * Anonymise in place, never delete: the candidate row stays as a tombstone ("Anonymised candidate
#   #id") so placements, fees and reports keep their foreign keys. Stored files are deleted before
#   their rows change (a crash between the two leaves a row pointing at nothing, never a file nobody
#   can find); search documents and vectors are emptied with the rest. Audit and access-log rows hold
#   ids and codes only (core.services refuses anything else), so nothing there needs redacting.
# * A person is anonymised whole or not at all: everything about them changes in one transaction,
#   with their row locked, so a worker killed mid-person rolls them back whole.
# * Every anonymiser runs through one compiled plan (privacy.services.anonymiser_sql): one UPDATE
#   statement for the person, or for a whole group when the sweep calls `candidates_anonymise_locked`.
# * Before anything goes, a salted hash of the normalised email and phone joins the suppression list
#   so an erased person is not re-sourced (DOMAIN.md erasure).
from __future__ import annotations

import datetime
import functools
import os
import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from core.services import audit_record
from privacy.models import ErasureRequest
from privacy.registry import ANONYMISERS, CONTACT_ANONYMISERS
from privacy.selectors.due import statutory_exclusion_list, statutory_floor_ends_on
from privacy.selectors.holds import legal_hold_is_live
from privacy.services import anonymiser_sql
from privacy.services.reasons import reason_require
from privacy.services.suppression_list import suppression_add, suppression_add_many


class AnonymisationRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _step_pause() -> None:
    # Test hook for the killed-worker test: slow each step so a kill lands inside a transaction.
    delay = float(os.environ.get("RECRUITCRM_SWEEP_STEP_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)


@functools.cache
def candidate_plan_get() -> anonymiser_sql.PersonPlan:
    # Compiled once per process: every anonymiser's UPDATE in one statement.
    return anonymiser_sql.person_plan_compile(ANONYMISERS)


def _require_transaction() -> None:
    # The rows were locked by the caller's SELECT … FOR UPDATE: outside a transaction those locks
    # are already gone and a half-anonymised person could be left behind.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Anonymise locked people inside the transaction that locked them.")


def candidates_anonymise_locked(*, people: list[Candidate]) -> int:
    """Anonymise these locked people (inside the caller's transaction); rows changed."""
    _require_transaction()
    suppression_add_many(people=[(person.email, person.phone) for person in people])
    _step_pause()
    return candidate_plan_get().run_many(people, pause=_step_pause)


def contact_anonymise_locked(*, contact: Contact) -> None:
    """Anonymise this locked contact (inside the caller's transaction)."""
    _require_transaction()
    suppression_add(email=contact.email, phone=contact.phone)
    for anonymiser in CONTACT_ANONYMISERS:
        anonymiser().anonymise(contact)


def candidate_anonymise(*, candidate: Candidate, actor: User | None, reason: str = "manual") -> bool:
    """Anonymise one candidate now (erasure, the admin button). Idempotent; refused on a legal hold
    or a statutory floor. Returns False when there was nothing left to do."""
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.is_anonymised:
            return False
        if legal_hold_is_live(candidate=locked):
            raise AnonymisationRefused("legal_hold", "A legal hold is on this candidate.")
        floors = [
            e.reason
            for e in statutory_exclusion_list()
            if Candidate.objects.filter(e.q, pk=locked.pk).exists()
        ]
        if floors:
            raise AnonymisationRefused("retention_floor", f"Kept by law: {floors[0]}.")
        candidates_anonymise_locked(people=[locked])
        audit_record(actor=actor, action="candidate.anonymised", obj=locked, details={"reason": reason})
        erasure_restricted_close()
    return True


@transaction.atomic
def erasure_restricted_close() -> int:
    """Restricted erasure requests whose person is now anonymised (by the sweep on the day their
    floor ended, or by hand) are completed; how many."""
    return ErasureRequest.objects.filter(
        status=ErasureRequest.Status.RESTRICTED, candidate__is_anonymised=True
    ).update(status=ErasureRequest.Status.COMPLETED, completed_at=timezone.now())


def contact_anonymise(*, contact: Contact, actor: User | None, reason: str = "manual") -> bool:
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.anonymised_at is not None:
            return False
        if legal_hold_is_live(contact=locked):
            raise AnonymisationRefused("legal_hold", "A legal hold is on this contact.")
        contact_anonymise_locked(contact=locked)
        audit_record(actor=actor, action="contact.anonymised", obj=locked, details={"reason": reason})
    return True


# --- Erasure requests (UK GDPR art. 17)


@transaction.atomic
def erasure_create(*, actor: User, candidate: Candidate, received_on: datetime.date) -> ErasureRequest:
    request = ErasureRequest.objects.create(candidate=candidate, received_on=received_on, created_by=actor)
    audit_record(
        actor=actor, action="privacy.erasure_received", obj=request, details={"candidate": candidate.pk}
    )
    return request


@transaction.atomic
def erasure_record_exemption(*, actor: User, request: ErasureRequest, exemption: str, reason: str) -> None:
    if exemption not in (ErasureRequest.Exemption.LEGAL_OBLIGATION, ErasureRequest.Exemption.LEGAL_CLAIMS):
        raise ValidationError({"exemption": ["Choose legal obligation or legal claims."]})
    request.exemption, request.exemption_reason = exemption, reason_require(reason)
    request.status, request.completed_at = request.Status.REFUSED, timezone.now()
    request.save(update_fields=["exemption", "exemption_reason", "status", "completed_at"])
    audit_record(actor=actor, action="privacy.erasure_exempt", obj=request, details={"exemption": exemption})


def candidate_restrict_locked(*, candidate: Candidate, ends_on: datetime.date | None) -> None:
    """Restrict this locked person (erasure inside a statutory floor; inside the caller's
    transaction): on the suppression list, out of every list and message, everything the floor does
    not need scrubbed now; anonymised by the sweep on `ends_on` (None while not yet known)."""
    _require_transaction()
    suppression_add(email=candidate.email, phone=candidate.phone)
    for anonymiser in ANONYMISERS:
        anonymiser().restrict(candidate)
    Candidate.objects.filter(pk=candidate.pk).update(
        restricted_at=timezone.now(),
        anonymise_on=ends_on,
        search_vector=None,
        head_vector=None,
        search_prior=0,
        quality_base=0,
    )


@transaction.atomic
def erasure_complete(*, actor: User, request: ErasureRequest) -> None:
    """Erase the person: anonymised now, or — inside a statutory floor — restricted now and
    anonymised completely by the sweep the day the floor ends (UK GDPR art. 17(3)(b), art. 18).
    Refused only on a legal hold (AnonymisationRefused)."""
    locked = Candidate.objects.select_for_update().get(pk=request.candidate_id)
    if legal_hold_is_live(candidate=locked):
        raise AnonymisationRefused("legal_hold", "A legal hold is on this candidate.")
    inside_floor, ends_on = statutory_floor_ends_on(candidate=locked)
    now = timezone.now()
    if inside_floor and not locked.is_anonymised:
        candidate_restrict_locked(candidate=locked, ends_on=ends_on)
        request.anonymise_on = ends_on
        request.status, request.restricted_at, request.completed_at = request.Status.RESTRICTED, now, None
        request.save(update_fields=["status", "restricted_at", "anonymise_on", "completed_at"])
        audit_record(
            actor=actor, action="candidate.restricted", obj=locked, details={"reason": "erasure_request"}
        )
        audit_record(actor=actor, action="privacy.erasure_restricted", obj=request)
        return
    candidate_anonymise(candidate=locked, actor=actor, reason="erasure_request")
    request.status, request.completed_at = request.Status.COMPLETED, now
    request.save(update_fields=["status", "completed_at"])
    audit_record(actor=actor, action="privacy.erasure_completed", obj=request)
