"""The Candidates contract of API.md: fields, 409 duplicate, 400s, visibility, constant queries."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from candidates.models import Candidate, Consent
from core.models import AuditEvent
from tests.conftest import examples
from tests.factories.candidates import CandidateFactory

URL = "/api/v1/candidates/"

pytestmark = pytest.mark.django_db


def payload(**overrides):
    data = {
        "first_name": "Priya",
        "last_name": "Shah",
        "email": "Priya.Shah@Example.com",
        "phone": "07700 900123",
        "postcode": "ls1 4ab",
        "town": "Leeds",
        "current_title": "Senior Python Developer",
        "summary": "Backend engineer.",
        "skills": ["python", "JS", "Django"],
        "employment_types": ["perm", "contract"],
        "desired_salary": 65000,
        "source": "job_board",
        "source_detail": "CV-Library",
        "tags": ["Fintech", "leeds"],
        "work_history": [
            {
                "employer": "Acme",
                "title": "Developer",
                "started_on": "2019-01-01",
                "ended_on": "2022-06-30",
                "summary": "",
            }
        ],
        "qualifications": [
            {
                "name": "BSc Computer Science",
                "institution": "Leeds",
                "awarded_on": "2018-07-01",
                "verified": True,
            }
        ],
    }
    data.update(overrides)
    return data


def test_recruiter_creates_a_candidate_with_normalised_fields(api_as, recruiter):
    response = api_as(recruiter).post(URL, payload(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["email"] == "priya.shah@example.com"
    assert body["phone"] == "+447700900123"
    assert body["postcode"] == "LS1 4AB"
    assert sorted(body["skills"]) == ["Django", "JavaScript", "Python"]
    assert body["tags"] == ["fintech", "leeds"]
    assert body["owner"] == recruiter.pk and body["team"] == recruiter.team_id
    assert body["lawful_basis"] == "legitimate_interests"  # sourced from a job board
    assert body["work_history"][0]["employer"] == "Acme"
    assert body["qualifications"][0]["verified"] is True
    assert body["data_quality"] == 80  # everything but availability confirmed
    assert body["possible_duplicates"] == []
    candidate = Candidate.objects.get(pk=body["id"])
    assert Consent.objects.filter(candidate=candidate, purpose="processing").count() == 1
    event = AuditEvent.objects.get(action="candidate.created", object_id=candidate.pk)
    assert "priya" not in str(event.details).lower()


def test_exact_email_duplicate_is_a_409_naming_the_existing_record(api_as, recruiter):
    first = api_as(recruiter).post(URL, payload(), format="json").json()
    response = api_as(recruiter).post(URL, payload(email="PRIYA.SHAH@example.COM"), format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate"
    assert response.json()["existing"] == first["id"]


def test_near_duplicates_are_listed_on_the_record(api_as, recruiter):
    first = api_as(recruiter).post(URL, payload(), format="json").json()
    second = (
        api_as(recruiter)
        .post(URL, payload(email="other@example.com", phone="+44 7700 900123"), format="json")
        .json()
    )
    assert second["possible_duplicates"] == [first["id"]]
    third = (
        api_as(recruiter)
        .post(
            URL,
            payload(email="third@example.com", phone="", first_name="PRIYA", postcode="LS14AB"),
            format="json",
        )
        .json()
    )
    assert first["id"] in third["possible_duplicates"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("phone", "12345"),
        ("postcode", "NOT A POSTCODE"),
        ("email", "not-an-email"),
        ("source", "carrier_pigeon"),
        ("employment_types", ["forever"]),
        ("desired_salary", -5),
        ("first_name", ""),
        ("right_to_work", "maybe"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(api_as, recruiter, field, value):
    response = api_as(recruiter).post(URL, payload(**{field: value}), format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()


def test_work_history_with_end_before_start_is_a_400(api_as, recruiter):
    history = [{"employer": "A", "title": "B", "started_on": "2020-01-01", "ended_on": "2019-01-01"}]
    response = api_as(recruiter).post(URL, payload(work_history=history), format="json")
    assert response.status_code == 400


def test_patch_replaces_lists_and_refreshes_search(api_as, recruiter):
    created = api_as(recruiter).post(URL, payload(), format="json").json()
    response = api_as(recruiter).patch(
        f"{URL}{created['id']}/",
        {"skills": ["Kubernetes"], "work_history": [], "current_title": "Platform Engineer"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["skills"] == ["Kubernetes"]
    assert response.json()["work_history"] == []
    found = api_as(recruiter).get(URL, {"q": "k8s"}).json()
    assert [row["id"] for row in found["results"]] == [created["id"]]
    found = api_as(recruiter).get(URL, {"q": "platform"}).json()
    assert "<mark>Platform</mark>" in found["results"][0]["snippet"]


def test_patch_to_an_email_of_another_live_candidate_is_a_409(api_as, recruiter):
    one = api_as(recruiter).post(URL, payload(), format="json").json()
    two = api_as(recruiter).post(URL, payload(email="two@example.com", phone=""), format="json").json()
    response = api_as(recruiter).patch(
        f"{URL}{two['id']}/", {"email": "PRIYA.shah@example.com"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["existing"] == one["id"]


def test_outsider_gets_404_on_every_candidate_endpoint(api_as, recruiter, outsider):
    candidate = CandidateFactory(owner=recruiter)
    client = api_as(outsider)
    base = f"{URL}{candidate.pk}/"
    assert client.get(base).status_code == 404
    assert client.patch(base, {"town": "York"}, format="json").status_code == 404
    assert client.get(f"{base}documents/").status_code == 404
    assert client.post(f"{base}documents/", {}, format="multipart").status_code == 404
    assert client.get(f"{base}consents/").status_code == 404
    assert client.post(f"{base}consents/", {}, format="json").status_code == 404
    consent = candidate.consents.get()
    assert client.post(f"{base}consents/{consent.pk}/withdraw/").status_code == 404
    assert client.post(f"{base}merge/", {"duplicate": candidate.pk}, format="json").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_teammate_sees_and_edits_but_compliance_cannot_edit(api_as, recruiter, teammate, compliance_officer):
    candidate = CandidateFactory(owner=recruiter)
    assert api_as(teammate).patch(f"{URL}{candidate.pk}/", {"town": "York"}, format="json").status_code == 200
    assert api_as(compliance_officer).get(f"{URL}{candidate.pk}/").status_code == 200
    assert (
        api_as(compliance_officer).patch(f"{URL}{candidate.pk}/", {"town": "Hull"}, format="json").status_code
        == 403
    )
    assert api_as(compliance_officer).post(URL, payload(), format="json").status_code == 403


def test_anonymous_is_401(api_as):
    assert api_as(None).get(URL).status_code == 401


def test_list_endpoint_runs_a_constant_number_of_queries(api_as, recruiter, django_assert_max_num_queries):
    client = api_as(recruiter)
    for n in range(3):
        CandidateFactory(owner=recruiter, phone=f"+4477009001{n:02d}")
    with django_assert_max_num_queries(12) as small:
        assert client.get(URL).status_code == 200
    for n in range(3, 23):
        CandidateFactory(owner=recruiter, phone=f"+4477009001{n:02d}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = client.get(URL, {"q": "developer", "skills": "", "ordering": "-created_at"}).json()
    assert body["count"] == 23


def test_malformed_search_is_a_400_with_a_message(api_as, recruiter):
    response = api_as(recruiter).get(URL, {"q": "(java OR python"})
    assert response.status_code == 400
    assert "bracket" in response.json()["q"][0]


def test_consents_append_and_withdraw_at_once(api_as, recruiter):
    from tests.factories.vacancies import VacancyFactory

    candidate = CandidateFactory(owner=recruiter)
    vacancy = VacancyFactory(client__owner=recruiter)  # a consent names a vacancy the recorder can see
    client = api_as(recruiter)
    response = client.post(
        f"{URL}{candidate.pk}/consents/",
        {
            "purpose": "submission",
            "lawful_basis": "consent",
            "vacancy": vacancy.pk,
            "method": "email",
            "wording_version": "v3",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    consent_id = response.json()["id"]
    assert response.json()["vacancy"] == vacancy.pk
    withdrawn = client.post(f"{URL}{candidate.pk}/consents/{consent_id}/withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    listed = client.get(f"{URL}{candidate.pk}/consents/").json()
    assert {row["purpose"] for row in listed} == {"processing", "submission"}


def test_submission_consent_without_a_vacancy_is_a_400(api_as, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    response = api_as(recruiter).post(
        f"{URL}{candidate.pk}/consents/", {"purpose": "submission", "method": "email"}, format="json"
    )
    assert response.status_code == 400


@settings(
    max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    first_name=st.text(max_size=120),
    phone=st.text(max_size=30),
    postcode=st.text(max_size=14),
    email=st.text(max_size=40),
    skill=st.text(max_size=40),
)
def test_any_text_in_any_field_is_never_a_500(api_as, recruiter, first_name, phone, postcode, email, skill):
    body = payload(first_name=first_name, phone=phone, postcode=postcode, email=email, skills=[skill])
    response = api_as(recruiter).post(URL, body, format="json")
    assert response.status_code in (201, 400, 409), response.content
