"""Compliance's personal data: anonymised in place leaving the stub, files deleted, idempotent;
right-to-work records kept out of the sweep for the employment plus 2 years."""

from __future__ import annotations

import datetime
import io
import os

import pytest
from django.db.models import Q

from candidates.models import Candidate
from compliance import services
from compliance.anonymisers import ANONYMISERS, ReferenceAnonymiser, RightToWorkAnonymiser
from compliance.models import ReferenceCheck, RightToWorkCheck
from core.anonymisation import PERSONAL_FIELDS
from tests.factories.candidates import CandidateFactory
from tests.factories.compliance import ReferenceCheckFactory, RightToWorkCheckFactory

PDF = b"%PDF-1.4\n%%EOF\n"
pytestmark = pytest.mark.django_db


def test_every_compliance_model_with_personal_data_is_registered():
    assert {"compliance.righttoworkcheck", "compliance.referencecheck", "compliance.dbscheck"} <= set(
        PERSONAL_FIELDS
    )
    assert "compliance.identitycheck" in PERSONAL_FIELDS  # reg 19 identity checks: notes blanked
    assert "compliance.referencerequest" in PERSONAL_FIELDS  # issue 18: the referee and their words
    assert "compliance.compliancetask" in PERSONAL_FIELDS  # issue 19: a share code from the portal
    assert len(ANONYMISERS) == 8


def test_anonymising_keeps_the_stub_deletes_files_and_is_idempotent(candidate, recruiter):
    check = RightToWorkCheckFactory(
        candidate=candidate,
        holds="digital_status",
        route="online_share_code",
        document_list="list_a",
        document_type="",
        share_code="WAB123CDE",
        evidence=io.BytesIO(PDF),
        evidence_filename="priya-shah-evidence.pdf",
    )
    reference = ReferenceCheckFactory(candidate=candidate, referee_name="Sam Jones")
    services.gap_explanation_record(
        actor=recruiter,
        candidate=candidate,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2020, 6, 1),
        explanation="Caring for my mother",
    )
    path = check.evidence.path
    exported = RightToWorkAnonymiser().export(candidate)
    assert exported[0]["share_code"] == "WAB123CDE"
    changed = sum(anonymiser().anonymise(candidate) for anonymiser in ANONYMISERS)
    assert changed >= 3
    assert sum(anonymiser().anonymise(candidate) for anonymiser in ANONYMISERS) == 0
    check = RightToWorkCheck.objects.get(pk=check.pk)
    assert check.share_code == "" and not check.evidence and check.evidence_filename == ""
    assert (check.route, check.outcome, check.checked_on) == ("online_share_code", "pass", check.checked_on)
    assert not os.path.exists(path)
    assert ReferenceCheck.objects.get(pk=reference.pk).referee_name == "[removed]"
    assert ReferenceAnonymiser().export(candidate)[0]["referee_name"] == "[removed]"


def test_right_to_work_records_are_kept_during_employment_and_two_years_after(recruiter):
    employed, left_recently, left_long_ago, never_placed = (
        CandidateFactory(owner=recruiter) for _ in range(4)
    )
    for person in (employed, left_recently, left_long_ago, never_placed):
        RightToWorkCheckFactory(candidate=person)
    Candidate.objects.filter(pk__in=[employed.pk, left_recently.pk, left_long_ago.pk]).update(status="placed")
    today = datetime.date.today()
    services.employment_end_record(
        actor=recruiter, candidate=left_recently, ended_on=today - datetime.timedelta(days=400)
    )
    services.employment_end_record(
        actor=recruiter, candidate=left_long_ago, ended_on=today - datetime.timedelta(days=800)
    )
    query = Q()
    for exclusion in RightToWorkAnonymiser().retention_exclusions():
        query |= exclusion.q
        assert "2 years" in exclusion.reason
    kept = set(Candidate.objects.filter(query).values_list("pk", flat=True))
    assert kept == {employed.pk, left_recently.pk}
