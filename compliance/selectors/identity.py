"""Conduct Regs reg 19, before a candidate is put forward: is their identity confirmed, and is every
qualification the vacancy requires verified or explained? (vacancies' submission gate asks.)"""

from __future__ import annotations

from typing import Any

from candidates.models import Qualification
from compliance import rules
from compliance.models import IdentityCheck, RightToWorkCheck, VettingNote
from compliance.selectors.status import awaits_verification

IDENTITY_CONFIRMED = "confirmed"
IDENTITY_AWAITING_VERIFICATION = "awaiting_verification"
IDENTITY_MISSING = "missing"


def identity_status_get(*, candidate_id: int, owner_id: int | None = None) -> str:
    """`confirmed` by an identity-check record or a passed right-to-work check (the documents seen
    prove who the person is); `awaiting_verification` when the only such record is one the
    application's own recruiter made and compliance has not verified it yet (four eyes: `owner_id`);
    else `missing`."""
    checks: list[Any] = [
        *IdentityCheck.objects.filter(candidate_id=candidate_id),
        *RightToWorkCheck.objects.current().filter(
            candidate_id=candidate_id, outcome=RightToWorkCheck.Outcome.PASS
        ),
    ]
    if not checks:
        return IDENTITY_MISSING
    if all(awaits_verification(check, owner_id) for check in checks):
        return IDENTITY_AWAITING_VERIFICATION
    return IDENTITY_CONFIRMED


def qualification_unverified_list(*, candidate_id: int, required: str) -> list[str]:
    """The candidate's qualifications the vacancy requires (named in its "required experience and
    qualifications") that are neither verified nor explained by a recorded note of the steps taken."""
    items = rules.required_qualification_items(required)
    if not items:
        return []
    if VettingNote.objects.filter(
        candidate_id=candidate_id, covers=VettingNote.Covers.QUALIFICATIONS
    ).exists():
        return []
    names = Qualification.objects.filter(candidate_id=candidate_id, verified=False).values_list(
        "name", flat=True
    )
    return sorted({name for name in names if rules.qualification_is_required(name, items)})
