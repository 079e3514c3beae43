"""Publishing a vacancy on the careers site: refused, saying why, unless it is open, its reg 18
information is complete, the advert is written and the closing date is today or later (form, API,
the vacancy page); applications show their source; candidates take source `careers_site`."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, Vacancy

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
LATER = (TODAY + datetime.timedelta(days=14)).isoformat()


def _vacancy(recruiter, **fields):
    from tests.factories.clients import ClientFactory

    client = ClientFactory(owner=recruiter, team=recruiter.team)
    return VacancyFactory(client=client, owner=recruiter, team=recruiter.team, **fields)


def test_api_refuses_publishing_with_every_reason_then_accepts(api_as, recruiter):
    vacancy = _vacancy(recruiter, hours="")
    api = api_as(recruiter)
    url = f"/api/v1/vacancies/{vacancy.pk}/"
    response = api.patch(url, {"is_published": True}, format="json")
    assert response.status_code == 400
    reasons = " ".join(response.json()["is_published"])
    assert "only an open vacancy is published" in reasons
    assert "hours" in reasons and "advert" in reasons and "closing date" in reasons
    response = api.patch(url, {"hours": "37.5 a week", "status": "open"}, format="json")
    assert response.status_code == 200
    past = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = api.patch(
        url, {"is_published": True, "advert": "Come and work with us.", "closes_on": past}, format="json"
    )
    assert response.status_code == 400 and "closing date has passed" in response.json()["is_published"][0]
    response = api.patch(
        url, {"is_published": True, "advert": "Come and work with us.", "closes_on": LATER}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["is_published"], body["advert"], body["closes_on"]) == (
        True,
        "Come and work with us.",
        LATER,
    )
    # Emptying the advert of a published vacancy is refused too.
    assert api.patch(url, {"advert": " "}, format="json").status_code == 400
    # Putting it on hold is allowed: it simply drops off the site.
    assert api.patch(url, {"status": "on_hold"}, format="json").status_code == 200


def test_form_shows_the_refusal_beside_the_publish_box(client, recruiter):
    vacancy = _vacancy(recruiter)
    client.force_login(recruiter)
    url = reverse("vacancies:edit", args=[vacancy.pk])
    page = client.get(url).content.decode()
    assert 'name="is_published"' in page and 'name="advert"' in page and 'name="closes_on"' in page
    data = {
        "title": vacancy.title,
        "description": vacancy.description,
        "employment_type": "perm",
        "headcount": "1",
        "status": "draft",
        "hirer_business": vacancy.hirer_business,
        "start_on": vacancy.start_on.isoformat(),
        "duration": vacancy.duration,
        "postcode": vacancy.postcode,
        "remote": "hybrid",
        "hours": vacancy.hours,
        "health_and_safety_risks": vacancy.health_and_safety_risks,
        "required_qualifications": vacancy.required_qualifications,
        "salary_min": "55000",
        "salary_max": "65000",
        "benefits": vacancy.benefits,
        "notice_period": vacancy.notice_period,
        "must_have_skills": "Python,Django",
        "dbs_level": "none",
        "references_required": "0",
        "rtw_required": "on",
        "is_published": "on",
        "advert": "A typed advert kept on refusal",
        "closes_on": LATER,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "only an open vacancy is published" in page
    assert "A typed advert kept on refusal" in page
    vacancy.refresh_from_db()
    assert not vacancy.is_published and vacancy.advert == ""
    response = client.post(url, {**data, "status": "open"})
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.is_published and vacancy.closes_on.isoformat() == LATER


def test_detail_page_links_to_the_public_page_or_says_why_not(client, recruiter):
    client.force_login(recruiter)
    live = _vacancy(
        recruiter,
        title="Site Manager",
        status="open",
        is_published=True,
        advert="Lead our sites.",
        closes_on=TODAY,
    )
    page = client.get(reverse("vacancies:detail", args=[live.pk])).content.decode()
    assert "On the careers site" in page and f'href="/jobs/{live.pk}/site-manager/"' in page
    draft = _vacancy(recruiter)
    page = client.get(reverse("vacancies:detail", args=[draft.pk])).content.decode()
    assert "Not published" in page and "Write the advert" in page and "only an open vacancy" in page
    # Marked for publishing, then its closing date passed: the page says it is off the site, and why.
    Vacancy.objects.filter(pk=live.pk).update(closes_on=TODAY - datetime.timedelta(days=1))
    page = client.get(reverse("vacancies:detail", args=[live.pk])).content.decode()
    assert "Not on the careers site" in page and "closing date has passed" in page


def test_applications_api_shows_the_source_read_only(api_as, recruiter):
    from tests.factories.candidates import CandidateFactory

    vacancy = _vacancy(recruiter, status="open")
    candidate = CandidateFactory(owner=recruiter)
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/applications/",
        {"candidate": candidate.pk, "vacancy": vacancy.pk, "source": "careers_site"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["source"] == "recruiter"  # read-only: a recruiter's add is a recruiter's
    Application.objects.filter(pk=response.json()["id"]).update(source="careers_site")
    assert api.get(f"/api/v1/applications/{response.json()['id']}/").json()["source"] == "careers_site"


def test_candidates_api_accepts_the_careers_site_source(api_as, recruiter):
    response = api_as(recruiter).post(
        "/api/v1/candidates/",
        {"first_name": "Nia", "last_name": "Jones", "email": "nia.j@example.test", "source": "careers_site"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["source"] == "careers_site" and body["lawful_basis"] == "contract"
