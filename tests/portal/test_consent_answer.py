""" "May we put you forward?" answered through the candidate's signed link (portal:consent_answer;
moved from tests/vacancies/test_submissions.py with the page, issue 19)."""

from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse

from candidates.models import Consent
from core.models import SignedLink
from tests.vacancies.conftest import acme, candidate, consent_to_submit, open_vacancy  # noqa: F401 (fixtures)
from tests.vacancies.test_submissions import application  # noqa: F401 (a fixture)
from vacancies.selectors.submissions import submission_consent_live_get
from vacancies.services.consents import consent_link_create


def test_candidate_answers_through_a_signed_single_use_link(client, recruiter, application):  # noqa: F811
    client.force_login(recruiter)
    page = client.post(reverse("vacancies:consent_link", args=[application.pk]), follow=True).content.decode()
    url = page.split('id="consent-url"')[0].rsplit('value="', 1)[1].split('"')[0]
    client.logout()
    path = url.split("testserver", 1)[1]
    page = client.get(path).content.decode()
    assert "May we put you forward?" in page
    assert application.vacancy.title in page and application.vacancy.client.name in page
    done = client.post(path, {"answer": "yes"}).content.decode()
    assert "agree to be put forward" in done
    consent = Consent.objects.get(purpose="submission", candidate=application.candidate)
    assert consent.method == "web_form" and consent.vacancy_id == application.vacancy_id
    assert submission_consent_live_get(application) == consent
    again = client.get(path)
    assert again.status_code == 410 and "already been used" in again.content.decode()


def test_consent_link_expires_and_tampering_shows_nothing(client, recruiter, application):  # noqa: F811
    link, token = consent_link_create(actor=recruiter, application=application)
    tampered = client.get(reverse("portal:consent_answer", args=[token[:-2] + "xx"]))
    assert tampered.status_code == 404 and application.vacancy.title not in tampered.content.decode()
    with time_machine.travel(link.expires_at + datetime.timedelta(minutes=1)):
        expired = client.get(reverse("portal:consent_answer", args=[token]))
    assert expired.status_code == 410 and "expired" in expired.content.decode()
    no = client.post(reverse("portal:consent_answer", args=[token]), {"answer": "no"})
    assert "will not put you forward" in no.content.decode()
    assert not Consent.objects.filter(purpose="submission", candidate=application.candidate).exists()
    assert SignedLink.objects.get(pk=link.pk).use_count == 1
