"""The placement gate (API.md /placements/ 409 compliance_incomplete): no path around it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from candidates.models import Qualification
from tests.compliance.conftest import at_offer
from tests.factories.compliance import DBSCheckFactory, ReferenceCheckFactory, RightToWorkCheckFactory
from vacancies.models import Placement
from vacancies.selectors.compliance import vacancy_requirements_get
from vacancies.services.pipeline import PipelineRefused, application_move
from vacancies.services.placements import placement_create

START = datetime.date.today() + datetime.timedelta(days=30)


def test_service_refuses_a_placement_without_right_to_work(office_vacancy, candidate, recruiter):
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    with pytest.raises(PipelineRefused) as exc:
        placement_create(actor=recruiter, application=application, start_on=START, salary=60000, fee=9000)
    assert exc.value.code == "compliance_incomplete"
    assert exc.value.extra["missing"] == ["right_to_work"]
    assert not Placement.objects.exists()
    application.refresh_from_db()
    assert application.stage == "offer"


def test_service_refuses_when_the_excuse_has_ended_by_the_start_date(office_vacancy, candidate, recruiter):
    RightToWorkCheckFactory(
        candidate=candidate,
        holds="digital_status",
        route="online_share_code",
        document_list="list_b_group_1",
        document_type="",
        share_code="WAB123CDE",
        permission_expires_on=START - datetime.timedelta(days=1),
    )
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    with pytest.raises(PipelineRefused) as exc:
        placement_create(actor=recruiter, application=application, start_on=START, salary=60000, fee=9000)
    assert exc.value.extra["missing"] == ["right_to_work"]
    placement = placement_create(
        actor=recruiter,
        application=application,
        start_on=START - datetime.timedelta(days=1),
        salary=60000,
        fee=9000,
    )
    assert placement.pk


def test_care_placement_lists_everything_missing_and_goes_through_once_vetted(
    care_vacancy, candidate, recruiter, compliance_officer
):
    application = at_offer(vacancy=care_vacancy, candidate=candidate, actor=recruiter)
    with pytest.raises(PipelineRefused) as exc:
        placement_create(
            actor=recruiter, application=application, start_on=START, pay_rate=120, charge_rate=150
        )
    assert exc.value.extra["missing"] == [
        "right_to_work",
        "dbs",
        "references",
        "reg22_references",
        "reg22_qualifications",
    ]
    RightToWorkCheckFactory(candidate=candidate)
    DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        level="enhanced_barred",
        barred_lists="adults",
        requirements=vacancy_requirements_get(care_vacancy),
    )
    ReferenceCheckFactory(candidate=candidate)
    ReferenceCheckFactory(candidate=candidate)
    Qualification.objects.create(candidate=candidate, name="Care Certificate", verified=True)
    placement = placement_create(
        actor=recruiter, application=application, start_on=START, pay_rate=120, charge_rate=150
    )
    assert placement.application_id == application.pk


def test_api_answers_409_compliance_incomplete_with_the_missing_list(
    api_as, office_vacancy, candidate, recruiter
):
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    api = api_as(recruiter)
    body = {"application": application.pk, "start_on": START.isoformat(), "salary": 60000, "fee": 9000}
    response = api.post("/api/v1/placements/", body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "compliance_incomplete"
    assert response.json()["missing"] == ["right_to_work"]
    RightToWorkCheckFactory(candidate=candidate)
    response = api.post("/api/v1/placements/", body, format="json")
    assert response.status_code == 201, response.json()


def test_form_shows_the_same_refusal_and_places_once_checked(client, office_vacancy, candidate, recruiter):
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    client.force_login(recruiter)
    url = reverse("vacancies:placement_add", args=[application.pk])
    data = {"placement-start_on": START.isoformat(), "placement-salary": "60000", "placement-fee": "9000"}
    response = client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Checks are not complete for this placement." in page and "Missing: Right to work." in page
    RightToWorkCheckFactory(candidate=candidate)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Placement.objects.filter(application=application).exists()


def test_admin_cannot_create_placements_around_the_gate(client, admin_user):
    # The Django admin offers no way to add a placement: every path goes through placement_create.
    client.force_login(admin_user)
    response = client.get("/admin/vacancies/placement/add/")
    assert response.status_code in (403, 404)


def test_bulk_moves_cannot_place_anyone(office_vacancy, candidate, recruiter):
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    with pytest.raises(PipelineRefused) as exc:
        application_move(actor=recruiter, application=application, stage="placed")
    assert exc.value.code == "use_placements"


def test_board_move_to_placed_is_refused(client, office_vacancy, candidate, recruiter):
    application = at_offer(vacancy=office_vacancy, candidate=candidate, actor=recruiter)
    client.force_login(recruiter)
    response = client.post(
        reverse("vacancies:application_move", args=[application.pk]),
        {"stage": "placed"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code in (200, 302, 400, 409)
    application.refresh_from_db()
    assert application.stage == "offer" and not Placement.objects.exists()


def test_the_gate_applies_the_clients_shorter_dbs_recheck_period(
    care_vacancy, candidate, recruiter, compliance_officer
):
    # DBS code of practice: a client may ask for re-checks more often than the agency's 3 years.
    application = at_offer(vacancy=care_vacancy, candidate=candidate, actor=recruiter)
    RightToWorkCheckFactory(candidate=candidate)
    ReferenceCheckFactory(candidate=candidate)
    ReferenceCheckFactory(candidate=candidate)
    Qualification.objects.create(candidate=candidate, name="Care Certificate", verified=True)
    DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        level="enhanced_barred",
        barred_lists="adults",
        requirements=vacancy_requirements_get(care_vacancy),
        issued_on=START - datetime.timedelta(days=400),
        decision_on=START - datetime.timedelta(days=395),
    )
    assert (
        vacancy_requirements_get(care_vacancy).dbs_recheck_months is None
    )  # the default: 3 years, so in date
    client = care_vacancy.client
    client.dbs_recheck_months = 12
    client.save(update_fields=["dbs_recheck_months"])
    care_vacancy.refresh_from_db()
    with pytest.raises(PipelineRefused) as exc:
        placement_create(
            actor=recruiter, application=application, start_on=START, pay_rate=120, charge_rate=150
        )
    assert exc.value.extra["missing"] == ["dbs"]
    client.dbs_recheck_months = None
    client.save(update_fields=["dbs_recheck_months"])
    care_vacancy.refresh_from_db()
    assert placement_create(
        actor=recruiter, application=application, start_on=START, pay_rate=120, charge_rate=150
    ).pk


def test_client_dbs_recheck_period_is_validated_in_the_api(api_as, recruiter, office_vacancy):
    client = office_vacancy.client
    api = api_as(recruiter)
    assert (
        api.patch(f"/api/v1/clients/{client.pk}/", {"dbs_recheck_months": 40}, format="json").status_code
        == 400
    )
    response = api.patch(f"/api/v1/clients/{client.pk}/", {"dbs_recheck_months": 12}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["dbs_recheck_months"] == 12
