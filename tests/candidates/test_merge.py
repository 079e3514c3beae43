"""Merge: the user's choice per field survives, everything attached moves, nothing is lost."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Candidate, CandidateSkill, Consent, Document, Qualification, WorkHistory
from candidates.models.fields import MERGE_FIELDS
from candidates.services import candidate_merge, consent_record, document_upload
from candidates.services.merge import MERGE_MOVERS, merge_mover_register
from core.models import AuditEvent
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def make_pair(recruiter, teammate):
    survivor = CandidateFactory(
        owner=recruiter,
        first_name="Sam",
        last_name="Hill",
        email="sam@old.test",
        phone="+447700900001",
        postcode="LS1 4AB",
        town="Leeds",
        current_title="Welder",
        summary="Old summary",
        desired_salary=30000,
        desired_day_rate=None,
        available_from=datetime.date(2030, 1, 1),
        availability_confirmed_on=datetime.date(2026, 1, 1),
        notice_period_weeks=4,
        source="job_board",
        source_detail="Indeed",
        referrer="",
        right_to_work="yes",
        status="active",
        tags=["welding"],
        employment_types=["perm"],
        skills=["MIG welding"],
        work_history=[{"employer": "Old Co", "title": "Welder"}],
    )
    duplicate = CandidateFactory(
        owner=teammate,
        first_name="Samuel",
        last_name="Hills",
        email="sam@new.test",
        phone="+447700900002",
        postcode="LS2 7AA",
        town="York",
        current_title="Senior Welder",
        summary="New summary",
        desired_salary=35000,
        desired_day_rate=250,
        available_from=datetime.date(2030, 2, 1),
        availability_confirmed_on=datetime.date(2026, 2, 1),
        notice_period_weeks=2,
        source="referral",
        source_detail="Friend",
        referrer="Jo Bloggs",
        right_to_work="needs_sponsorship",
        status="not_looking",
        tags=["nights"],
        employment_types=["contract"],
        skills=["TIG welding", "MIG welding"],
        work_history=[{"employer": "New Co", "title": "Senior Welder"}],
        qualifications=[{"name": "City & Guilds 3268"}],
    )
    return survivor, duplicate


def test_every_field_can_be_taken_from_the_duplicate(recruiter, teammate):
    survivor, duplicate = make_pair(recruiter, teammate)
    expected = {name: getattr(duplicate, name) for name in MERGE_FIELDS}
    merged = candidate_merge(
        actor=recruiter,
        survivor=survivor,
        duplicate=duplicate,
        choices={name: "duplicate" for name in MERGE_FIELDS},
    )
    for name in MERGE_FIELDS:
        assert getattr(merged, name) == expected[name], name


def test_every_field_can_be_kept_from_the_survivor_and_the_duplicate_keeps_its_own(recruiter, teammate):
    survivor, duplicate = make_pair(recruiter, teammate)
    before_survivor = {name: getattr(survivor, name) for name in MERGE_FIELDS}
    before_duplicate = {name: getattr(duplicate, name) for name in MERGE_FIELDS}
    merged = candidate_merge(
        actor=recruiter,
        survivor=survivor,
        duplicate=duplicate,
        choices={name: "survivor" for name in MERGE_FIELDS},
    )
    tombstone = Candidate.objects.get(pk=duplicate.pk)
    for name in MERGE_FIELDS:
        assert getattr(merged, name) == before_survivor[name], name
        assert getattr(tombstone, name) == before_duplicate[name], name  # nothing lost
    assert tombstone.merged_into == merged and not tombstone.is_live


def test_everything_attached_moves_to_the_survivor(recruiter, teammate):
    survivor, duplicate = make_pair(recruiter, teammate)
    document = document_upload(
        actor=recruiter, candidate=duplicate, upload=SimpleUploadedFile("cv.txt", b"cv"), filename="cv.txt"
    )
    consent = consent_record(actor=recruiter, candidate=duplicate, purpose="marketing", method="email")
    merged = candidate_merge(actor=recruiter, survivor=survivor, duplicate=duplicate)
    assert Document.objects.get(pk=document.pk).candidate == merged
    assert Consent.objects.get(pk=consent.pk).candidate == merged
    assert Consent.objects.filter(candidate=merged).count() == 3  # both processing + marketing
    assert set(WorkHistory.objects.filter(candidate=merged).values_list("employer", flat=True)) == {
        "Old Co",
        "New Co",
    }
    assert Qualification.objects.filter(candidate=merged).count() == 1
    skills = set(CandidateSkill.objects.filter(candidate=merged).values_list("skill__name", flat=True))
    assert skills == {"MIG welding", "TIG welding"}
    assert merged.tags == ["nights", "welding"] and merged.employment_types == ["contract", "perm"]
    assert not CandidateSkill.objects.filter(candidate=duplicate).exists()
    event = AuditEvent.objects.get(action="candidate.merged")
    assert event.object_id == merged.pk and event.details["duplicate"] == duplicate.pk


def test_merge_keeps_the_same_email_live_only_once(recruiter, teammate):
    survivor = CandidateFactory(owner=recruiter, email="")
    duplicate = CandidateFactory(owner=recruiter, email="same@x.test")
    merged = candidate_merge(actor=recruiter, survivor=survivor, duplicate=duplicate)
    assert merged.email == "same@x.test"  # empty on the survivor: filled from the duplicate by default


def test_later_apps_can_register_a_mover(recruiter):
    calls = []
    merge_mover_register("test_probe", lambda s, d: calls.append((s.pk, d.pk)) or 1)
    try:
        a, b = CandidateFactory(owner=recruiter), CandidateFactory(owner=recruiter)
        candidate_merge(actor=recruiter, survivor=a, duplicate=b)
        assert calls == [(a.pk, b.pk)]
    finally:
        MERGE_MOVERS.pop("test_probe")


def test_merge_api_needs_both_records_visible(api_as, recruiter, outsider):
    mine = CandidateFactory(owner=recruiter)
    theirs = CandidateFactory(owner=outsider)
    client = api_as(recruiter)
    response = client.post(f"/api/v1/candidates/{mine.pk}/merge/", {"duplicate": theirs.pk}, format="json")
    assert response.status_code == 404
    other = CandidateFactory(owner=recruiter, first_name="Zed")
    response = client.post(
        f"/api/v1/candidates/{mine.pk}/merge/",
        {"duplicate": other.pk, "fields": {"first_name": "duplicate"}},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["first_name"] == "Zed"
    assert client.get(f"/api/v1/candidates/{other.pk}/").status_code == 404  # no longer live
    response = client.post(f"/api/v1/candidates/{mine.pk}/merge/", {"duplicate": mine.pk}, format="json")
    assert response.status_code == 400
