"""Candidates' personal data, one anonymiser per kind (core.anonymisation; pretix's shredder).

privacy/ holds the explicit list that runs these. The person is the Candidate: the row stays as a
tombstone (so placements and reports keep their foreign keys) with every personal value replaced,
the search document and vector emptied, and stored files deleted before their rows change.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import F
from django.db.models.functions import Coalesce, Now

from candidates.models import Candidate, Consent, DiversityRecord, Document, Qualification, WorkHistory
from candidates.services.results_cache import results_generation_bump
from core.anonymisation import Anonymiser, Replacement, blank, removed


class CandidateAnonymiser(Anonymiser):
    model = Candidate
    person_field = "pk"
    label = "candidate"
    kept_while_restricted = frozenset({"first_name", "last_name", "postcode", "town"})  # Sch. 4: who, where
    fields: ClassVar[dict[str, Replacement]] = {
        "first_name": removed,
        "last_name": removed,
        "email": blank,
        "phone": blank,
        "postcode": blank,
        "town": blank,
        "current_title": blank,
        "summary": blank,
        "source_detail": blank,
        "referrer": blank,
        "tags": [],
        "desired_roles": [],
        "desired_locations": [],
        "name_key": blank,
        "postcode_key": blank,
        "search_text": blank,
    }

    # Not personal, but part of anonymising: the tombstone mark, and the search vector emptied.
    also_sets: ClassVar[dict[str, Any]] = {
        "is_anonymised": True,
        "anonymised_at": Coalesce(F("anonymised_at"), Now()),
        "search_vector": None,
        "head_vector": None,
        "search_prior": 0,
        "quality_base": 0,
    }

    def after_change(self) -> None:
        results_generation_bump()  # the row's name and status are on cached results pages


class WorkHistoryAnonymiser(Anonymiser):
    model = WorkHistory
    person_field = "candidate"
    kept_while_restricted = frozenset({"employer", "title", "summary"})  # Sch. 4: experience claimed
    fields: ClassVar[dict[str, Replacement]] = {"employer": removed, "title": removed, "summary": blank}


class QualificationAnonymiser(Anonymiser):
    model = Qualification
    person_field = "candidate"
    kept_while_restricted = frozenset({"name", "institution"})  # Sch. 4: qualifications claimed
    fields: ClassVar[dict[str, Replacement]] = {"name": removed, "institution": blank}


class DocumentAnonymiser(Anonymiser):
    """CVs are deleted from storage first; the row keeps kind, size and date as a stub."""

    model = Document
    person_field = "candidate"
    fields: ClassVar[dict[str, Replacement]] = {"filename": removed, "text": blank, "file": blank}

    def delete_files(self, row: models.Model) -> None:
        assert isinstance(row, Document)
        if row.file and row.file.name:
            row.file.storage.delete(row.file.name)

    def export_row(self, row: models.Model) -> dict[str, Any]:
        assert isinstance(row, Document)
        return {"pk": row.pk, "filename": row.filename, "kind": row.kind, "size": row.size, "text": row.text}


class ConsentAnonymiser(Anonymiser):
    """The ledger's facts (purpose, basis, dates) stay: they prove what we were allowed to do."""

    model = Consent
    person_field = "candidate"
    fields: ClassVar[dict[str, Replacement]] = {"evidence": blank}


class DiversityAnonymiser(Anonymiser):
    model = DiversityRecord
    person_field = "candidate"
    fields: ClassVar[dict[str, Replacement]] = {
        "age_band": DiversityRecord.AgeBand.PREFER_NOT_TO_SAY,
        "sex": "",
        "gender_same_as_at_birth": DiversityRecord.YesNo.PREFER_NOT_TO_SAY,
        "ethnicity": "",
        "disability": DiversityRecord.YesNo.PREFER_NOT_TO_SAY,
        "religion": "",
        "sexual_orientation": "",
    }


# The order privacy/ should run them in: files and child rows before the person.
ANONYMISERS: list[type[Anonymiser]] = [
    DocumentAnonymiser,
    WorkHistoryAnonymiser,
    QualificationAnonymiser,
    ConsentAnonymiser,
    DiversityAnonymiser,
    CandidateAnonymiser,
]
