"""Shortlist factories: an approved entry stands for a manager's review already done."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from vacancies.models import Shortlist, ShortlistEntry


def approved_entry(*, vacancy: Any, candidate: Any, reviewer: Any = None) -> ShortlistEntry:
    """Conduct Regs reg 19: the candidate approved on an (approved) shortlist for this vacancy."""
    shortlist = Shortlist.objects.create(
        vacancy=vacancy,
        owner=vacancy.owner,
        team=vacancy.team,
        status=Shortlist.Status.APPROVED,
        reviewed_by=reviewer,
        reviewed_at=timezone.now(),
    )
    return ShortlistEntry.objects.create(
        shortlist=shortlist,
        candidate=candidate,
        rank=1,
        decision=ShortlistEntry.Decision.APPROVED,
        decided_by=reviewer,
        decided_at=timezone.now(),
    )


def submission_consent_give(*, vacancy: Any, candidate: Any, actor: Any = None) -> Any:
    """Conduct Regs reg 19: the candidate's agreement to be put forward for this very vacancy."""
    from candidates.services import consent_record

    return consent_record(
        actor=actor or vacancy.owner,
        candidate=candidate,
        purpose="submission",
        lawful_basis="consent",
        vacancy_id=vacancy.pk,
        method="phone",
        wording_version="v1",
    )
