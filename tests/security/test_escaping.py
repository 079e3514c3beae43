"""User text is always escaped in HTML: a payload stored in the main free-text fields appears on
every page that shows it in its escaped form, never as a live tag (including the search snippet and
the inclusive-language highlight, the two places that build HTML in Python)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.engagement import CommunicationFactory, ComplaintFactory
from tests.factories.matching import approved_entry
from tests.factories.vacancies import VacancyFactory
from vacancies.services.shortlists import shortlist_share

PAYLOAD = "<script>alert(1)</script>\"'"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def assert_escaped(html: str, where: str) -> None:
    assert "<script>alert(1)" not in html, where
    assert "</script>\"'" not in html, where
    assert ESCAPED in html, where


@pytest.fixture
def stored(recruiter, manager):
    candidate = CandidateFactory(
        owner=recruiter,
        first_name=f"Ann{PAYLOAD}",
        last_name=f"Lee{PAYLOAD}",
        current_title=f"Engineer {PAYLOAD}",
        summary=f"Payments engineer {PAYLOAD} with Python",
    )
    client = ClientFactory(owner=recruiter, name=f"Acme {PAYLOAD}")
    vacancy = VacancyFactory(
        client=client,
        owner=recruiter,
        title=f"Developer {PAYLOAD}",
        description=f"A competitive, supportive team {PAYLOAD} needs you.",
    )
    complaint = ComplaintFactory(
        actor=recruiter,
        complainant_name=f"Pat {PAYLOAD}",
        description=f"Nobody called {PAYLOAD}",
        candidate=candidate,
    )
    communication = CommunicationFactory(candidate=candidate, summary=f"Called about {PAYLOAD}")
    entry = approved_entry(vacancy=vacancy, candidate=candidate, reviewer=manager)
    return {
        "candidate": candidate,
        "client": client,
        "vacancy": vacancy,
        "complaint": complaint,
        "communication": communication,
        "entry": entry,
    }


def test_stored_payloads_are_escaped_on_every_page_that_shows_them(client, manager, stored):
    client.force_login(manager)
    candidate, vacancy = stored["candidate"], stored["vacancy"]
    pages = {
        "candidate detail": reverse("candidates:detail", args=[candidate.pk]),
        "candidate list": reverse("candidates:index"),
        "candidate search (snippet)": reverse("candidates:index") + "?q=payments",
        "client detail": reverse("clients:detail", args=[stored["client"].pk]),
        "client list": reverse("clients:index"),
        "vacancy detail": reverse("vacancies:detail", args=[vacancy.pk]),
        "vacancy list": reverse("vacancies:index"),
        "complaint": reverse("engagement:complaint", args=[stored["complaint"].pk]),
        "complaint list": reverse("engagement:complaints"),
        "timeline": reverse("engagement:timeline", args=["candidate", candidate.pk]),
        "shortlist": reverse("vacancies:shortlist", args=[stored["entry"].shortlist_id]),
    }
    for where, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (where, response.status_code)
        assert_escaped(response.content.decode(), where)


def test_the_client_review_page_escapes_what_the_agency_typed(recruiter, stored):
    _, token = shortlist_share(actor=recruiter, shortlist=stored["entry"].shortlist)
    html = HttpClient().get(reverse("portal:client_review", args=[token])).content.decode()
    assert_escaped(html, "client review")


def test_a_javascript_url_is_never_stored_as_an_interview_link(api_as, recruiter, stored):
    from tests.factories.pipeline import ApplicationFactory

    application = ApplicationFactory(vacancy=stored["vacancy"], candidate=CandidateFactory(owner=recruiter))
    response = api_as(recruiter).post(
        "/api/v1/interviews/",
        {
            "application": application.pk,
            "starts_at": (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2)).isoformat(),
            "kind": "video",
            "video_link": "javascript:alert(1)",
        },
        format="json",
    )
    assert response.status_code == 400 and "video_link" in response.json()
    assert "javascript:" not in str(application.interviews.values_list("video_link", flat=True))
