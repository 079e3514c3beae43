from __future__ import annotations

from typing import Any

from django.apps import AppConfig


def move_vetting(survivor: Any, duplicate: Any) -> int:
    """Candidate merge: the duplicate's checks, notes and follow-ups go to the survivor, so the
    survivor's compliance status sees every check ever made (the history stays whole)."""
    from compliance.models import (
        ComplianceTask,
        DBSCheck,
        EmploymentEnd,
        GapExplanation,
        ReferenceCheck,
        RightToWorkCheck,
        VettingNote,
    )

    moved = 0
    for model in (RightToWorkCheck, DBSCheck, ReferenceCheck, GapExplanation, VettingNote, ComplianceTask):
        moved += int(model.objects.filter(candidate=duplicate).update(candidate=survivor))
    if not EmploymentEnd.objects.filter(candidate=survivor).exists():
        moved += int(EmploymentEnd.objects.filter(candidate=duplicate).update(candidate=survivor))
    return moved


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance and vetting"

    def ready(self) -> None:
        # Candidates cannot import us: we register how our rows follow a merged candidate.
        from candidates.services import register_merge_mover

        register_merge_mover("vetting", move_vetting)
