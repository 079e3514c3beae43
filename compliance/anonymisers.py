"""Compliance's personal data, one anonymiser per kind (core.anonymisation; pretix's shredder).

Checks are immutable to people, so anonymising writes with a queryset update (never `save()`), and
leaves the stub the law wants kept: the type, date and outcome of a check. Evidence files are
deleted before their rows change. Right-to-work records are a statutory floor: the employment plus
2 years (Home Office employer guide), so those people are kept out of the retention sweep.
"""

from __future__ import annotations

import datetime
from typing import ClassVar

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import Q
from django.utils import timezone

from compliance import rules
from compliance.models import DBSCheck, GapExplanation, ReferenceCheck, RightToWorkCheck, VettingNote
from core.anonymisation import Anonymiser, Replacement, RetentionExclusion, blank, null, removed


class _UpdateInPlace(Anonymiser):
    # Writes nothing but `fields`: the sweep may run it as one set-based UPDATE (privacy/bulk.py).
    set_based_extra: ClassVar[dict[str, object]] = {}

    def anonymise_row(self, row: models.Model) -> bool:
        values = {}
        for name, replacement in self.fields.items():
            value = replacement(row) if callable(replacement) else replacement
            if getattr(row, name) != value:
                values[name] = value
        if values:
            self.model._default_manager.filter(pk=row.pk).update(**values)
        return bool(values)


class RightToWorkAnonymiser(_UpdateInPlace):
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
            )
        ]


class DBSAnonymiser(_UpdateInPlace):
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


class ReferenceAnonymiser(_UpdateInPlace):
    model = ReferenceCheck
    person_field = "candidate"
    label = "reference_check"
    fields: ClassVar[dict[str, Replacement]] = {
        "referee_name": removed,
        "referee_email": blank,
        "relationship": removed,
        "organisation": blank,
    }


class GapExplanationAnonymiser(_UpdateInPlace):
    model = GapExplanation
    person_field = "candidate"
    label = "gap_explanation"
    fields: ClassVar[dict[str, Replacement]] = {"explanation": removed}


class VettingNoteAnonymiser(_UpdateInPlace):
    model = VettingNote
    person_field = "candidate"
    label = "reg22_note"
    fields: ClassVar[dict[str, Replacement]] = {"steps_taken": removed}


ANONYMISERS: list[type[Anonymiser]] = [
    RightToWorkAnonymiser,
    DBSAnonymiser,
    ReferenceAnonymiser,
    GapExplanationAnonymiser,
    VettingNoteAnonymiser,
]
