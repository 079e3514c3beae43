"""The vetting records themselves: the candidate's vetting page, the reg 22 notes a client sees,
and the warnings shown beside a recorded right-to-work check."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from compliance import rules
from compliance.models import (
    DBSCheck,
    GapExplanation,
    IdentityCheck,
    ReferenceCheck,
    RightToWorkCheck,
    VettingNote,
)
from compliance.querysets import can_record, can_see_dbs
from compliance.selectors.references import reference_request_list


def candidate_checks_get(*, user: Any, candidate: Any) -> dict[str, Any]:
    """The candidate's vetting records as this user may see them (DBS only with the permission)."""
    return {
        "rtw": list(
            RightToWorkCheck.objects.visible_to(user)
            .filter(candidate=candidate)
            .select_related("checked_by", "superseded_by", "verified_by")
        ),
        "dbs": list(
            DBSCheck.objects.visible_to(user).filter(candidate=candidate).prefetch_related("status_checks")
        ),
        "references": list(ReferenceCheck.objects.visible_to(user).filter(candidate=candidate)),
        "reference_requests": reference_request_list(user=user, candidate=candidate),
        "notes": list(VettingNote.objects.visible_to(user).filter(candidate=candidate)),
        "explanations": list(GapExplanation.objects.visible_to(user).filter(candidate=candidate)),
        "identity": list(
            IdentityCheck.objects.visible_to(user)
            .filter(candidate=candidate)
            .select_related("checked_by", "verified_by")
        ),
        "can_see_dbs": can_see_dbs(user),
        # Four eyes: compliance officers see a Verify button on checks others recorded.
        "can_verify": can_record(user, candidate, "compliance.verify_check"),
    }


def reg22_notes_get(*, candidate_ids: Iterable[int]) -> dict[int, list[VettingNote]]:
    """Conduct Regs reg 22: the steps-taken notes shown to the client with each candidate (one query).

    For the client review page (vacancies), which shows the notes beside each shortlisted candidate.
    """
    found: dict[int, list[VettingNote]] = defaultdict(list)
    for note in VettingNote.objects.filter(candidate_id__in=list(candidate_ids)).order_by("recorded_at"):
        found[note.candidate_id].append(note)
    return dict(found)


def rtw_warning_list(check: RightToWorkCheck) -> list[str]:
    """Things worth a second look that do not stop the check being recorded."""
    warnings = []
    # Home Office online checks: a share code is valid for 90 days.
    if check.share_code and rules.share_code_is_stale(
        issued_on=check.share_code_issued_on, checked_on=check.checked_on
    ):
        warnings.append("The share code was more than 90 days old when it was used: ask for a new one.")
    return warnings
