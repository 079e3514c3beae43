"""URL x persona matrix for matching, shortlists, consent, submissions and client review links.

Outsider -> 404 for every object; compliance officer -> 403 for writes; a recruiter reviewing a
shortlist -> 403 (managers and admins only); anonymous -> login (pages) or 401 (API); the signed
link pages need no account and work for anyone holding the link.
"""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.matching import approved_entry
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from tests.vacancies.conftest import consent_to_submit
from vacancies import pipeline, shortlists, submissions

PERSONAS = ["recruiter", "teammate", "outsider", "manager", "compliance_officer", "admin_user", "anonymous"]
OK = {"read": "ok", "write": "ok", "create": "ok", "review": "ok"}
EXPECTED = {
    "recruiter": {**OK, "review": 403},
    "teammate": {**OK, "review": 403},
    "manager": OK,
    "admin_user": OK,
    "outsider": {"read": 404, "write": 404, "create": 400, "review": 404},
    "compliance_officer": {"read": "ok", "write": 403, "create": 403, "review": 403},
    "anonymous": {"read": "login", "write": "login", "create": "login", "review": "login"},
}


@pytest.fixture
def world(recruiter, teammate, outsider, manager, compliance_officer, admin_user):
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter), owner=recruiter, team=recruiter.team)
    candidate = CandidateFactory(owner=recruiter)
    draft = shortlists.shortlist_create(actor=recruiter, vacancy=vacancy)
    shortlists.entry_add(actor=recruiter, shortlist=draft, candidate=CandidateFactory(owner=recruiter))
    in_review = shortlists.shortlist_create(actor=recruiter, vacancy=vacancy)
    shortlists.entry_add(actor=recruiter, shortlist=in_review, candidate=CandidateFactory(owner=recruiter))
    shortlists.shortlist_submit(actor=recruiter, shortlist=in_review)
    submitted = ApplicationFactory(vacancy=vacancy)
    entry = approved_entry(vacancy=vacancy, candidate=submitted.candidate)
    consent_to_submit(submitted.candidate, vacancy, recruiter, approve=False)
    pipeline.application_move(actor=recruiter, application=submitted, stage="submitted", channel="verbal")
    link, token = shortlists.shortlist_share(actor=recruiter, shortlist=entry.shortlist)
    application = ApplicationFactory(vacancy=vacancy)
    _, consent_token = submissions.consent_link_create(actor=recruiter, application=application)
    return {
        "vacancy": vacancy,
        "candidate": candidate,
        "shortlist": draft,
        "in_review": in_review,
        "approved": entry.shortlist,
        "link": link,
        "token": token,
        "consent_token": consent_token,
        "application": application,
        "task": submitted.confirmation_tasks.get(),
    }


def _persona(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


PAGES = [
    ("read", "get", "vacancies:matches", ["vacancy"], {200}),
    ("write", "post", "vacancies:match_shortlist", ["vacancy", "candidate"], {302}),
    ("read", "get", "vacancies:shortlist", ["shortlist"], {200}),
    ("write", "post", "vacancies:shortlist_edit", ["shortlist"], {302}),
    ("write", "post", "vacancies:shortlist_submit", ["shortlist"], {302}),
    ("review", "post", "vacancies:shortlist_review", ["in_review"], {302}),
    ("write", "post", "vacancies:shortlist_share", ["approved"], {302}),
    ("write", "post", "vacancies:shortlist_link_revoke", ["approved", "link"], {302}),
    ("write", "post", "vacancies:consent_record", ["application"], {302}),
    ("write", "post", "vacancies:consent_link", ["application"], {302}),
    ("write", "post", "vacancies:application_submit", ["application"], {302}),
    ("write", "post", "vacancies:confirmation_done", ["task"], {302}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("kind", "method", "name", "args", "ok"), PAGES, ids=[f"{p[1]} {p[2]}" for p in PAGES]
)
def test_page_permissions(request, world, persona, kind, method, name, args, ok):
    user = _persona(request, persona)
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    response = getattr(http, method)(reverse(name, args=[world[a].pk for a in args]))
    expected = EXPECTED[persona][kind]
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == "ok":
        assert response.status_code in ok, (name, response.status_code)
    else:
        assert response.status_code == expected, (name, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_notices_are_personal(request, world, persona):
    user = _persona(request, persona)
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    response = http.get(reverse("vacancies:notices"))
    if user is None:
        assert response.status_code == 302
        return
    page = response.content.decode()
    # Only the team's managers were told about the shortlist sent for review.
    assert ("ready for your review" in page) == (persona == "manager")


API = [
    ("read", "get", "/api/v1/shortlists/{shortlist}/", None),
    ("read", "get", "/api/v1/vacancies/{vacancy}/matches/", None),
    ("create", "post", "/api/v1/shortlists/", {"vacancy": "{vacancy}"}),
    ("write", "post", "/api/v1/shortlists/{shortlist}/entries/", {"candidate": "{candidate}"}),
    ("write", "post", "/api/v1/shortlists/{shortlist}/submit/", {}),
    ("review", "post", "/api/v1/shortlists/{in_review}/review/", {"request_changes": True}),
    ("write", "post", "/api/v1/shortlists/{approved}/share/", {}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "method", "path", "body"), API, ids=[f"{a[1]} {a[2]}" for a in API])
def test_api_permissions(request, world, api_as, persona, kind, method, path, body):
    user = _persona(request, persona)
    ids = {k: v.pk for k, v in world.items() if hasattr(v, "pk")}
    url = path.format(**ids)
    api = api_as(user)
    if method == "get":
        response = api.get(url)
    else:
        data = {k: (int(v.format(**ids)) if isinstance(v, str) else v) for k, v in (body or {}).items()}
        response = api.post(url, data, format="json")
    expected = EXPECTED[persona][kind]
    if expected == "login":
        assert response.status_code == 401
    elif expected == "ok":
        assert response.status_code in {200, 201}, (url, response.status_code, response.content)
    else:
        assert response.status_code == expected, (url, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_signed_link_pages_need_no_account(request, world, persona):
    user = _persona(request, persona)
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    assert http.get(reverse("vacancies:client_review", args=[world["token"]])).status_code == 200
    assert http.get(reverse("vacancies:consent_answer", args=[world["consent_token"]])).status_code == 200
    assert http.get(reverse("vacancies:client_review", args=[world["consent_token"]])).status_code == 404
