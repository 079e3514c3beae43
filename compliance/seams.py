"""Seams: what compliance gives the floors below it — candidate merge: compliance's rows follow a
merged candidate.

candidates sits below compliance (DESIGN.md floors) and cannot import it, so the turn is reversed:
`register()`, called from compliance's AppConfig.ready, adds `vetting_move` to candidates' merge
movers.
"""

from __future__ import annotations

from candidates.models import Candidate
from candidates.services import merge_mover_register
from compliance.models import (
    ComplianceTask,
    DBSCheck,
    EmploymentEnd,
    GapExplanation,
    IdentityCheck,
    ReferenceCheck,
    ReferenceRequest,
    RightToWorkCheck,
    VettingNote,
)

VETTING_MODELS = (
    RightToWorkCheck,
    DBSCheck,
    ReferenceCheck,
    ReferenceRequest,
    GapExplanation,
    VettingNote,
    IdentityCheck,
    ComplianceTask,
)


def vetting_move(survivor: Candidate, duplicate: Candidate) -> int:
    """The duplicate's checks, notes and follow-ups go to the survivor, so the survivor's compliance
    status sees every check ever made (the history stays whole)."""
    moved = 0
    for model in VETTING_MODELS:
        moved += int(model.objects.filter(candidate=duplicate).update(candidate=survivor))
    if not EmploymentEnd.objects.filter(candidate=survivor).exists():
        moved += int(EmploymentEnd.objects.filter(candidate=duplicate).update(candidate=survivor))
    return moved


def register() -> None:
    merge_mover_register(
        "vetting",
        vetting_move,
        models=[model._meta.label for model in (*VETTING_MODELS, EmploymentEnd)],
    )
