"""Compliance's personal data, one anonymiser per kind (core.anonymisation; pretix's shredder).

Checks are immutable to people; anonymising writes with a queryset update (never `save()`, as every
anonymiser does: core.anonymisation), and leaves the stub the law wants kept: the type, date and
outcome of a check. Evidence files are deleted before their rows change. Right-to-work records are
a statutory floor: the employment plus 2 years (Home Office employer guide), so those people are
kept out of the retention sweep.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.utils import timezone

from compliance import rules
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
from core.anonymisation import Anonymiser, Replacement, RetentionExclusion, blank, null, removed


def _rtw_floor_ends_on(candidate: Any) -> datetime.date | None:
    """The employment's end plus 2 years; None while the person is still employed."""
    ended = EmploymentEnd.objects.filter(candidate=candidate).values_list("ended_on", flat=True).first()
    return rules.evidence_retention_ends_on(ended) if ended is not None else None


class RightToWorkAnonymiser(Anonymiser):
    model = RightToWorkCheck
    person_field = "candidate"
    label = "right_to_work_check"
    fields: ClassVar[dict[str, Replacement]] = {
        "share_code": blank,
        "share_code_issued_on": null,
        "evidence": blank,
        "evidence_filename": blank,
    }

    def delete_files(self, row: models.Model) -> None:
        assert isinstance(row, RightToWorkCheck)
        if row.evidence:
            row.evidence.delete(save=False)
            RightToWorkCheck.objects.filter(pk=row.pk).update(evidence="", evidence_purged_at=timezone.now())
            row.evidence = ""

    def retention_exclusions(self) -> list[RetentionExclusion]:
        # Home Office employer guide: keep right-to-work records for the employment plus 2 years.
        years = rules.evidence_retention_ends_on(datetime.date(2000, 1, 1)).year - 2000
        cutoff = timezone.localdate() - relativedelta(years=years)
        employed = Q(status="placed") & Q(employment_end__isnull=True)
        recently_left = Q(employment_end__ended_on__gte=cutoff)
        return [
            RetentionExclusion(
                q=Q(rtw_checks__isnull=False) & (employed | recently_left),
                reason="Right-to-work records are kept for the employment plus 2 years.",
                is_statutory=True,
                ends_on=_rtw_floor_ends_on,
            )
        ]


class DBSAnonymiser(Anonymiser):
    model = DBSCheck
    person_field = "candidate"
    label = "dbs_check"
    fields: ClassVar[dict[str, Replacement]] = {
        "certificate_number": "000000000000",
        "certificate_image": blank,
    }

    def delete_files(self, row: models.Model) -> None:
        assert isinstance(row, DBSCheck)
        if row.certificate_image:
            row.certificate_image.delete(save=False)
            DBSCheck.objects.filter(pk=row.pk).update(certificate_image="", image_purged_at=timezone.now())
            row.certificate_image = ""


class ReferenceAnonymiser(Anonymiser):
    model = ReferenceCheck
    person_field = "candidate"
    label = "reference_check"
    fields: ClassVar[dict[str, Replacement]] = {
        "referee_name": removed,
        "referee_email": blank,
        "relationship": removed,
        "organisation": blank,
    }


class ReferenceRequestAnonymiser(Anonymiser):
    """The letter to a referee and the referee's own words: the dates and the state stay."""

    model = ReferenceRequest
    person_field = "candidate"
    label = "reference_request"
    fields: ClassVar[dict[str, Replacement]] = {
        "referee_name": removed,
        "referee_email": "removed@anonymised.invalid",
        "relationship": removed,
        "organisation": blank,
        "answer_role": blank,
        "comments": removed,
    }


class GapExplanationAnonymiser(Anonymiser):
    model = GapExplanation
    person_field = "candidate"
    label = "gap_explanation"
    fields: ClassVar[dict[str, Replacement]] = {"explanation": removed}


class VettingNoteAnonymiser(Anonymiser):
    model = VettingNote
    person_field = "candidate"
    label = "reg22_note"
    fields: ClassVar[dict[str, Replacement]] = {"steps_taken": removed}


class IdentityCheckAnonymiser(Anonymiser):
    """Conduct Regs reg 19: the stub (how, when, by whom) stays; the free-text notes go."""

    model = IdentityCheck
    person_field = "candidate"
    label = "identity_check"
    fields: ClassVar[dict[str, Replacement]] = {"notes": blank}


class ComplianceTaskAnonymiser(Anonymiser):
    """A share code the candidate gave in the portal (the task itself holds no other personal data)."""

    model = ComplianceTask
    person_field = "candidate"
    label = "compliance_task"
    fields: ClassVar[dict[str, Replacement]] = {"share_code": blank}


ANONYMISERS: list[type[Anonymiser]] = [
    RightToWorkAnonymiser,
    DBSAnonymiser,
    ReferenceAnonymiser,
    ReferenceRequestAnonymiser,
    GapExplanationAnonymiser,
    VettingNoteAnonymiser,
    IdentityCheckAnonymiser,
    ComplianceTaskAnonymiser,
]

# Erasure inside a statutory floor: every vetting record is what the floor is for (right-to-work
# evidence for the employment plus 2 years; the checks and references of Conduct Regs Schedules 4/5),
# so a restriction keeps all of them; full anonymisation, when the floor ends, takes them.
for _anonymiser in ANONYMISERS:
    _anonymiser.kept_while_restricted = frozenset(_anonymiser.fields)
