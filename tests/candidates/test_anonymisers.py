"""Candidates' anonymisers: personal values replaced, files deleted, idempotent, unsearchable."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.anonymisers import ANONYMISERS
from candidates.models import Candidate
from candidates.search.queries import apply_search
from candidates.services import document_extract_text, document_upload
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def test_anonymising_a_candidate_removes_personal_data_and_files(recruiter):
    candidate = CandidateFactory(
        owner=recruiter,
        first_name="Zanzibar",
        email="z@x.test",
        phone="+447700900321",
        work_history=[{"employer": "Secret Co", "title": "Spy"}],
        qualifications=[{"name": "MI6 course"}],
    )
    document = document_upload(
        actor=recruiter,
        candidate=candidate,
        upload=SimpleUploadedFile("cv.txt", b"zanzibar cv"),
        filename="cv.txt",
    )
    document_extract_text(document_id=document.pk)
    path = document.file.path
    exported = {a.label: a().export(candidate) for a in ANONYMISERS}
    assert exported["candidate"][0]["first_name"] == "Zanzibar"
    changed = sum(anonymiser().anonymise(candidate) for anonymiser in ANONYMISERS)
    assert changed > 0
    assert sum(anonymiser().anonymise(candidate) for anonymiser in ANONYMISERS) == 0  # idempotent
    candidate.refresh_from_db()
    assert candidate.is_anonymised and candidate.first_name == "[removed]" and candidate.email == ""
    assert candidate.work_history.get().employer == "[removed]"
    import os

    assert not os.path.exists(path)
    assert not apply_search(Candidate.objects.all(), "zanzibar").exists()
    # The email is free again for a new live record.
    CandidateFactory(owner=recruiter, email="z@x.test")
