"""API.md: /applications/, /applications/{id}/move/, /placements/."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.candidates import CandidateFactory
from tests.factories.compliance import RightToWorkCheckFactory
from tests.factories.pipeline import ApplicationFactory, submit_application
from tests.vacancies.conftest import consent_to_submit
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import application_move
from vacancies.services.placements import placement_create


def test_create_application_and_read_its_history(api_as, recruiter, open_vacancy, candidate):
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/applications/", {"candidate": candidate.pk, "vacancy": open_vacancy.pk}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {"id", "candidate", "vacancy", "stage", "stage_history", "rejection_reason", "created_at"} <= set(
        body
    )
    assert body["stage"] == "sourced"
    assert [(h["stage"], h["by"]) for h in body["stage_history"]] == [("sourced", recruiter.pk)]
    again = api.post(
        "/api/v1/applications/", {"candidate": candidate.pk, "vacancy": open_vacancy.pk}, format="json"
    )
    assert again.status_code == 409 and again.json() == {
        "detail": "This candidate is already in this vacancy's pipeline.",
        "code": "duplicate",
        "existing": body["id"],
    }


def test_move_endpoint_uses_the_same_rules_as_the_board(api_as, recruiter, open_vacancy, candidate, reason):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    api = api_as(recruiter)
    url = f"/api/v1/applications/{application.pk}/move/"
    assert api.post(url, {"stage": "submitted"}, format="json").json()["code"] == "not_approved"
    assert api.post(url, {"stage": "interview"}, format="json").json()["code"] == "not_submitted"
    assert api.post(url, {"stage": "placed"}, format="json").status_code == 409
    assert api.post(url, {"stage": "bogus"}, format="json").status_code == 400
    assert api.post(url, {"stage": "rejected"}, format="json").status_code == 400
    assert api.post(url, {}, format="json").status_code == 400
    consent_to_submit(candidate, open_vacancy, recruiter)
    response = api.post(url, {"stage": "submitted"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == "submitted"
    response = api.post(url, {"stage": "rejected", "reason": reason.code}, format="json")
    assert response.json()["rejection_reason"] == reason.code
    assert [h["stage"] for h in response.json()["stage_history"]] == ["sourced", "submitted", "rejected"]


def test_placements_api_fee_from_terms_and_wrong_stage(
    api_as, recruiter, open_vacancy, candidate, acme_terms
):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    api = api_as(recruiter)
    body = {"application": application.pk, "start_on": "2026-04-06", "salary": 50000}
    response = api.post("/api/v1/placements/", body, format="json")
    assert response.status_code == 409 and response.json()["code"] == "wrong_stage"
    consent_to_submit(candidate, open_vacancy, recruiter)
    for stage in ["submitted", "interview", "offer"]:
        application_move(actor=recruiter, application=application, stage=stage)
    assert api.post("/api/v1/placements/", {**body, "start_on": "soon"}, format="json").status_code == 400
    response = api.post("/api/v1/placements/", body, format="json")
    assert response.status_code == 201, response.json()
    placed = response.json()
    assert placed["fee"] == 10000 and placed["guarantee_ends_on"] == "2026-06-29"
    assert {
        "id",
        "application",
        "start_on",
        "salary",
        "fee",
        "pay_rate",
        "charge_rate",
        "guarantee_ends_on",
    } <= set(placed)
    assert api.get("/api/v1/placements/").json()["count"] == 1
    assert api.get(f"/api/v1/applications/{application.pk}/").json()["stage"] == "placed"


def test_outsider_and_compliance_permissions_on_the_pipeline(
    api_as, recruiter, outsider, compliance_officer, open_vacancy, candidate
):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    outside = api_as(outsider)
    assert outside.get(f"/api/v1/applications/{application.pk}/").status_code == 404
    assert (
        outside.post(f"/api/v1/applications/{application.pk}/move/", {"stage": "screening"}).status_code
        == 404
    )
    assert outside.get("/api/v1/applications/").json()["count"] == 0
    response = outside.post("/api/v1/applications/", {"candidate": candidate.pk, "vacancy": open_vacancy.pk})
    assert response.status_code == 400  # neither exists for them
    compliance = api_as(compliance_officer)
    assert compliance.get(f"/api/v1/applications/{application.pk}/").status_code == 200
    assert (
        compliance.post(f"/api/v1/applications/{application.pk}/move/", {"stage": "screening"}).status_code
        == 403
    )
    other = CandidateFactory(owner=recruiter)
    assert (
        compliance.post(
            "/api/v1/applications/", {"candidate": other.pk, "vacancy": open_vacancy.pk}
        ).status_code
        == 403
    )


def _grow(vacancy, recruiter, acme_terms):
    """An application with an interview and an offer, placed when its number comes up."""
    application = submit_application(ApplicationFactory(vacancy=vacancy), recruiter)
    interview_create(
        actor=recruiter,
        application=application,
        starts_at=datetime.datetime(2026, 3, 3, 10, tzinfo=datetime.UTC),
    )
    offer_create(actor=recruiter, application=application, salary=50000)
    application.refresh_from_db()
    RightToWorkCheckFactory(candidate=application.candidate)  # the compliance placement gate
    placement_create(
        actor=recruiter, application=application, start_on=datetime.date(2026, 4, 1), salary=50000
    )


@pytest.mark.parametrize(
    "path", ["/api/v1/applications/", "/api/v1/placements/", "/api/v1/interviews/", "/api/v1/offers/"]
)
def test_pipeline_lists_use_a_constant_number_of_queries(
    api_as, recruiter, acme, acme_terms, path, django_assert_max_num_queries
):
    from tests.factories.vacancies import VacancyFactory
    from vacancies.services.vacancies import vacancy_open

    vacancy = vacancy_open(actor=recruiter, vacancy=VacancyFactory(client=acme, headcount=50))
    api = api_as(recruiter)
    _grow(vacancy, recruiter, acme_terms)
    api.get(path)
    with django_assert_max_num_queries(12) as few:
        assert api.get(path).json()["count"] == 1
    for _ in range(6):
        _grow(vacancy, recruiter, acme_terms)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(path).json()["count"] == 7


def test_application_filters(api_as, recruiter, open_vacancy, candidate):
    ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    api = api_as(recruiter)
    assert api.get("/api/v1/applications/", {"candidate": candidate.pk}).json()["count"] == 1
    assert api.get("/api/v1/applications/", {"stage": "offer"}).json()["count"] == 0
    assert datetime.date.today()


def test_a_new_application_cannot_start_past_shortlisted(api_as, recruiter, open_vacancy, candidate):
    response = api_as(recruiter).post(
        "/api/v1/applications/", {"candidate": candidate.pk, "vacancy": open_vacancy.pk, "stage": "offer"}
    )
    assert response.status_code == 400 and "stage" in response.json()


def test_openapi_schema_describes_the_issue_4_endpoints(api_as, recruiter):
    schema = api_as(recruiter).get("/api/schema/", {"format": "json"}).json()
    for path in [
        "/api/v1/clients/",
        "/api/v1/contacts/{id}/",
        "/api/v1/vacancies/{id}/",
        "/api/v1/applications/{id}/move/",
        "/api/v1/placements/",
    ]:
        assert path in schema["paths"], path
    vacancy = schema["components"]["schemas"]["Vacancy"]["properties"]
    assert "inclusive_language" in vacancy and "required_checks" in vacancy


def test_interviews_and_offers_api(api_as, recruiter, outsider, compliance_officer, open_vacancy, candidate):
    application = submit_application(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/interviews/",
        {
            "application": application.pk,
            "starts_at": "2026-03-03T10:30:00+00:00",
            "kind": "video",
            "video_link": "https://meet.example/x",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    interview = response.json()["id"]
    response = api.patch(
        f"/api/v1/interviews/{interview}/", {"outcome": "passed", "feedback": "Good"}, format="json"
    )
    assert response.status_code == 200 and response.json()["outcome"] == "passed"
    assert (
        api.patch(f"/api/v1/interviews/{interview}/", {"location": "Leeds"}, format="json").status_code == 200
    )
    assert (
        api.patch(f"/api/v1/interviews/{interview}/", {"outcome": "maybe"}, format="json").status_code == 400
    )
    response = api.post(
        "/api/v1/offers/",
        {
            "application": application.pk,
            "salary": 60000,
            "counter_offer_risk": True,
            "counter_offer_note": "x",
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["counter_offer_risk"] is True
    assert api.get("/api/v1/offers/", {"application": application.pk}).json()["count"] == 1
    assert api_as(outsider).get(f"/api/v1/interviews/{interview}/").status_code == 404
    compliance = api_as(compliance_officer)
    assert (
        compliance.patch(f"/api/v1/interviews/{interview}/", {"outcome": "failed"}, format="json").status_code
        == 403
    )
    assert (
        compliance.post("/api/v1/offers/", {"application": application.pk}, format="json").status_code == 403
    )


def test_rejection_reason_is_null_until_rejected_and_the_schema_says_so(
    api_as, recruiter, open_vacancy, candidate
):
    """schemathesis found it: the schema said string, the API answered null."""
    from tests.api.schema import served_schema

    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    body = api_as(recruiter).get(f"/api/v1/applications/{application.pk}/").json()
    assert body["rejection_reason"] is None
    field = served_schema()["components"]["schemas"]["Application"]["properties"]["rejection_reason"]
    assert field.get("nullable") is True
