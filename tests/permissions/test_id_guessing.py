"""No object reachable by guessing ids: ids taken from the body or the query string go through
visibility too (regressions for gaps the URL matrix found)."""

from __future__ import annotations

from django.urls import reverse

from candidates.models import Consent
from tests.factories.candidates import CandidateFactory
from tests.factories.vacancies import VacancyFactory

SUBMISSION = {"purpose": "submission", "lawful_basis": "consent", "method": "phone"}


def test_a_consent_cannot_name_another_teams_vacancy_through_the_api(api_as, recruiter, outsider):
    theirs = VacancyFactory(client__owner=recruiter)
    mine = CandidateFactory(owner=outsider)
    url = f"/api/v1/candidates/{mine.pk}/consents/"
    foreign = api_as(outsider).post(url, {**SUBMISSION, "vacancy": theirs.pk}, format="json")
    unknown = api_as(outsider).post(url, {**SUBMISSION, "vacancy": theirs.pk + 1000}, format="json")
    # The same answer as for an id that does not exist: nothing says the vacancy is there.
    assert (foreign.status_code, foreign.json()) == (unknown.status_code, unknown.json())
    assert foreign.status_code == 400 and "vacancy" in foreign.json()
    assert not Consent.objects.filter(candidate=mine, vacancy_id=theirs.pk).exists()


def test_a_consent_cannot_name_another_teams_vacancy_on_the_page(client, recruiter, outsider):
    theirs = VacancyFactory(client__owner=recruiter)
    mine = CandidateFactory(owner=outsider)
    client.force_login(outsider)
    response = client.post(
        reverse("candidates:consent-add", args=[mine.pk]), {**SUBMISSION, "vacancy": theirs.pk}
    )
    assert response.status_code == 400
    assert "Choose one of your vacancies." in response.content.decode()
    assert not Consent.objects.filter(candidate=mine).filter(vacancy_id=theirs.pk).exists()


def test_a_consent_for_the_teams_own_vacancy_is_recorded(api_as, recruiter):
    vacancy = VacancyFactory(client__owner=recruiter)
    candidate = CandidateFactory(owner=recruiter)
    response = api_as(recruiter).post(
        f"/api/v1/candidates/{candidate.pk}/consents/", {**SUBMISSION, "vacancy": vacancy.pk}, format="json"
    )
    assert response.status_code == 201
    assert Consent.objects.filter(candidate=candidate, vacancy_id=vacancy.pk).exists()


def test_another_teams_user_cannot_be_told_apart_from_a_missing_one_as_owner(api_as, recruiter, outsider):
    candidate = CandidateFactory(owner=recruiter)
    url = f"/api/v1/candidates/{candidate.pk}/"
    foreign = api_as(recruiter).patch(url, {"owner": outsider.pk}, format="json")
    missing = api_as(recruiter).patch(url, {"owner": outsider.pk + 1000}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json()["owner"][0].replace(str(outsider.pk), "N") == missing.json()["owner"][0].replace(
        str(outsider.pk + 1000), "N"
    )
    candidate.refresh_from_db()
    assert candidate.owner == recruiter


def test_a_teammate_can_be_made_owner(api_as, recruiter, teammate):
    candidate = CandidateFactory(owner=recruiter)
    response = api_as(recruiter).patch(
        f"/api/v1/candidates/{candidate.pk}/", {"owner": teammate.pk}, format="json"
    )
    assert response.status_code == 200 and response.json()["owner"] == teammate.pk
