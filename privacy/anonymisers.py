"""Privacy's own share of a person's data: the subject-access ZIP (everything, so it goes first),
the owner's hold reason and a suppression override's reason (free text that may name them)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from core.anonymisation import Anonymiser, Replacement, blank, removed
from privacy.models import RetentionReview, SubjectAccessRequest, SuppressionOverride


class SubjectAccessExportAnonymiser(Anonymiser):
    model = SubjectAccessRequest
    person_field = "candidate"
    label = "subject_access_export"
    fields: ClassVar[dict[str, Replacement]] = {"export_file": blank, "export_status": blank}

    def delete_files(self, row: models.Model) -> None:
        assert isinstance(row, SubjectAccessRequest)
        if row.export_file and row.export_file.name:
            row.export_file.storage.delete(row.export_file.name)


class RetentionReviewAnonymiser(Anonymiser):
    model = RetentionReview
    person_field = "candidate"
    label = "retention_review"
    fields: ClassVar[dict[str, Replacement]] = {"hold_reason": blank}


class SuppressionOverrideAnonymiser(Anonymiser):
    model = SuppressionOverride
    person_field = "candidate"
    label = "suppression_override"
    fields: ClassVar[dict[str, Replacement]] = {"reason": removed}


ANONYMISERS: list[type[Anonymiser]] = [
    SubjectAccessExportAnonymiser,
    RetentionReviewAnonymiser,
    SuppressionOverrideAnonymiser,
]
