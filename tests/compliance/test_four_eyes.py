"""Four eyes on vetting (issue 17): on a vacancy that needs checks, a check recorded by the recruiter
who owns the application counts only once a compliance officer has verified it (COMPLIANCE_FOUR_EYES,
on by default); the placement gate names what is "awaiting verification"; verifying is audited."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from compliance.models import IdentityCheck, RightToWorkCheck
from compliance.requirements import Requirements
from compliance.selectors.status import requirement_status_list
from core.models import AuditEvent
from tests.compliance.conftest import at_offer
from tests.factories.compliance import IdentityCheckFactory, ReferenceCheckFactory, RightToWorkCheckFactory
from vacancies.models import Placement
from vacancies.services.pipeline import PipelineRefused
from vacancies.services.placements import placement_create

pytestmark = pytest.mark.django_db

START = datetime.date.today() + datetime.timedelta(days=30)


def place(application, actor):
    return placement_create(actor=actor, application=application, start_on=START, salary=60000, fee=9000)


def test_the_owners_own_right_to_work_check_counts_once_compliance_verifies_it(
    api_as, office_vacancy, candidate, recruiter, compliance_officer
):
    check = RightToWorkCheckFactory(candidate=candidate, actor=recruiter, verified=False)
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    with pytest.raises(PipelineRefused) as exc:
        place(application, recruiter)
    assert exc.value.code == "compliance_incomplete"
    assert exc.value.extra["missing"] == ["right_to_work (awaiting verification)"]
    assert not Placement.objects.exists()

    response = api_as(compliance_officer).post(f"/api/v1/compliance/right-to-work/{check.pk}/verify/")
    assert response.status_code == 200, response.json()
    assert response.json()["verified_by"] == compliance_officer.pk and response.json()["verified_at"]
    event = AuditEvent.objects.get(
        action="compliance.check_verified", object_type="compliance.righttoworkcheck"
    )
    assert event.actor == compliance_officer and event.object_id == check.pk
    assert place(application, recruiter).pk


def test_a_check_someone_else_recorded_counts_at_once(office_vacancy, candidate, recruiter, teammate):
    RightToWorkCheckFactory(candidate=candidate, actor=teammate, verified=False)
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    assert place(application, recruiter).pk


def test_naming_someone_else_as_checker_does_not_dodge_four_eyes(
    office_vacancy, candidate, recruiter, teammate
):
    RightToWorkCheckFactory(candidate=candidate, actor=recruiter, checked_by=teammate, verified=False)
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    with pytest.raises(PipelineRefused) as exc:
        place(application, recruiter)
    assert exc.value.extra["missing"] == ["right_to_work (awaiting verification)"]


def test_four_eyes_is_an_agency_setting(settings, office_vacancy, candidate, recruiter):
    settings.COMPLIANCE_FOUR_EYES = False
    RightToWorkCheckFactory(candidate=candidate, actor=recruiter, verified=False)
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    assert place(application, recruiter).pk


def test_references_the_owner_recorded_wait_for_verification(candidate, recruiter):
    ReferenceCheckFactory(candidate=candidate, actor=recruiter, four_eyes_verified=False)
    needs = Requirements(right_to_work=False, references=1, owner_id=recruiter.pk)
    [status] = requirement_status_list(candidate=candidate, requirements=needs, on_date=datetime.date.today())
    assert status.status == "pending" and status.awaiting_verification
    assert status.gate_name == "references (awaiting verification)"
    without = Requirements(right_to_work=False, references=1)
    [status] = requirement_status_list(
        candidate=candidate, requirements=without, on_date=datetime.date.today()
    )
    assert status.is_satisfied


def test_only_a_compliance_officer_verifies_and_never_their_own_check(
    api_as, candidate, recruiter, manager, compliance_officer, outsider
):
    mine = IdentityCheckFactory(candidate=candidate, actor=recruiter, verified=False)
    url = f"/api/v1/compliance/identity-checks/{mine.pk}/verify/"
    assert api_as(recruiter).post(url).status_code == 403
    assert api_as(manager).post(url).status_code == 403
    assert api_as(outsider).post(url).status_code == 404
    theirs = IdentityCheckFactory(candidate=candidate, actor=compliance_officer, verified=False)
    own = api_as(compliance_officer).post(f"/api/v1/compliance/identity-checks/{theirs.pk}/verify/")
    assert own.status_code == 400 and "someone other" in str(own.json())
    assert IdentityCheck.objects.filter(verified_at__isnull=False).count() == 0
    assert api_as(compliance_officer).post(url).status_code == 200


def test_identity_checks_are_recorded_listed_and_never_edited(api_as, candidate, recruiter, outsider):
    api = api_as(recruiter)
    body = {
        "candidate": candidate.pk,
        "method": "digital_identity",
        "checked_on": "2024-05-01",
        "notes": "Yoti",
    }
    created = api.post("/api/v1/compliance/identity-checks/", body, format="json")
    assert created.status_code == 201
    row = created.json()
    assert row["checked_by"] == recruiter.pk and row["method"] == "digital_identity"
    assert row["verified_at"] is None
    listed = api.get(f"/api/v1/compliance/identity-checks/?candidate={candidate.pk}").json()
    assert [r["id"] for r in listed["results"]] == [row["id"]]
    assert (
        api.patch(
            f"/api/v1/compliance/identity-checks/{row['id']}/", {"notes": "x"}, format="json"
        ).status_code
        == 405
    )
    assert api.put(f"/api/v1/compliance/identity-checks/{row['id']}/", body, format="json").status_code == 405
    bad = api.post("/api/v1/compliance/identity-checks/", {**body, "method": "guess"}, format="json")
    assert bad.status_code == 400 and "method" in bad.json()
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    assert (
        api.post(
            "/api/v1/compliance/identity-checks/", {**body, "checked_on": future}, format="json"
        ).status_code
        == 400
    )
    foreign = api_as(outsider).post("/api/v1/compliance/identity-checks/", body, format="json")
    assert foreign.status_code == 400  # another team's candidate: like an unknown id
    assert AuditEvent.objects.filter(action="identity_check.recorded").count() == 1


def test_compliance_officer_records_and_verifies_on_the_vetting_page(
    client, candidate, recruiter, compliance_officer
):
    RightToWorkCheckFactory(candidate=candidate, actor=recruiter, verified=False)
    client.force_login(compliance_officer)
    page = client.get(reverse("compliance:candidate", args=[candidate.pk])).content.decode()
    assert "Verify" in page and "Identity (Conduct Regs reg 19)" in page
    check = RightToWorkCheck.objects.get(candidate=candidate)
    response = client.post(
        reverse("compliance:check-verify", args=[candidate.pk, "right-to-work", check.pk]), follow=True
    )
    assert "Check verified." in response.content.decode()
    check.refresh_from_db()
    assert check.verified_by == compliance_officer
    response = client.post(
        reverse("compliance:identity-new", args=[candidate.pk]),
        {"method": "document_seen", "checked_on": datetime.date.today().isoformat(), "notes": "Passport"},
        follow=True,
    )
    assert "Identity check recorded." in response.content.decode()
    assert IdentityCheck.objects.get(candidate=candidate).recorded_by == compliance_officer


def test_an_empty_owner_registry_stops_manage_py_check(monkeypatch):
    from compliance import requirements

    monkeypatch.setattr(requirements, "_owner_resolvers", [])
    errors = requirements.check_owner_resolver_registered()
    assert [error.id for error in errors] == ["compliance.E002"]


def test_the_status_endpoint_judges_the_application_the_way_the_gate_does(
    api_as, office_vacancy, candidate, recruiter
):
    RightToWorkCheckFactory(candidate=candidate, actor=recruiter, verified=False)
    at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    body = (
        api_as(recruiter)
        .get(f"/api/v1/compliance/status/?candidate={candidate.pk}&vacancy={office_vacancy.pk}")
        .json()
    )
    assert body["compliant"] is False
    assert body["requirements"][0]["status"] == "pending"
    assert "awaiting verification" in body["requirements"][0]["detail"]
