"""URL x persona matrix (pretix style) for every client and vacancy page and endpoint.

Outsider (another team) -> 404 for every object; compliance officer (read-only here) -> 403 for
writes; anonymous -> login (pages) or 401 (API); owner, teammate, manager and admin -> allowed.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from clients.services import terms_create
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.vacancies import VacancyFactory
from vacancies import pipeline

PERSONAS = ["recruiter", "teammate", "outsider", "manager", "compliance_officer", "admin_user", "anonymous"]

# What each persona gets, by kind of route: (read, write, create)
OK = {"read": "ok", "write": "ok", "create": "ok"}
EXPECTED = {
    "recruiter": OK,
    "teammate": OK,
    "manager": OK,
    "admin_user": OK,
    "outsider": {"read": 404, "write": 404, "create": "ok"},
    "compliance_officer": {"read": "ok", "write": 403, "create": 403},
    "anonymous": {"read": "login", "write": "login", "create": "login"},
}


@pytest.fixture
def world(recruiter, teammate, outsider, manager, compliance_officer, admin_user):
    client = ClientFactory(owner=recruiter, name="Acme Widgets Ltd")
    contact = ContactFactory(client=client)
    terms = terms_create(
        actor=recruiter,
        client=client,
        fee_percent=Decimal("20"),
        document=SimpleUploadedFile("t.pdf", b"%PDF-1.4 test"),
    )
    vacancy = VacancyFactory(client=client, contact=contact)
    from tests.factories.pipeline import ApplicationFactory

    application = ApplicationFactory(vacancy=vacancy)
    interview = pipeline.interview_create(
        actor=recruiter, application=application, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    return {
        "client": client,
        "contact": contact,
        "terms": terms,
        "vacancy": vacancy,
        "application": application,
        "interview": interview,
    }


def _persona(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


PAGES = [
    # (kind, method, url name, args from world, ok statuses)
    ("read", "get", "clients:index", [], {200}),
    ("create", "get", "clients:create", [], {200}),
    ("read", "get", "clients:detail", ["client"], {200}),
    ("write", "get", "clients:edit", ["client"], {200}),
    ("write", "post", "clients:edit", ["client"], {200}),  # empty form: inline errors
    ("write", "get", "clients:access", ["client"], {200}),
    ("write", "get", "clients:contact_create", ["client"], {200}),
    ("write", "get", "clients:contact_edit", ["client", "contact"], {200}),
    ("write", "post", "clients:terms_create", ["client"], {400}),
    ("read", "get", "clients:terms_document", ["client", "terms"], {200}),
    ("read", "get", "vacancies:index", [], {200}),
    ("create", "get", "vacancies:create", [], {200}),
    ("read", "get", "vacancies:detail", ["vacancy"], {200}),
    ("write", "get", "vacancies:edit", ["vacancy"], {200}),
    ("write", "post", "vacancies:status", ["vacancy"], {302}),
    ("read", "get", "vacancies:board", ["vacancy"], {200}),
    ("read", "post", "vacancies:candidate_search", ["vacancy"], {200}),
    ("write", "post", "vacancies:bulk_reject", ["vacancy"], {302}),
    ("write", "post", "vacancies:application_add", ["vacancy"], {302}),
    ("read", "get", "vacancies:application", ["application"], {200}),
    ("write", "post", "vacancies:application_move", ["application"], {302}),
    ("write", "post", "vacancies:interview_add", ["application"], {400}),
    ("write", "post", "vacancies:interview_outcome", ["application", "interview"], {302}),
    ("write", "post", "vacancies:offer_add", ["application"], {400}),
    ("write", "post", "vacancies:placement_add", ["application"], {400}),
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
    url = reverse(name, args=[world[a].pk for a in args])
    response = getattr(http, method)(url)
    expected = EXPECTED[persona][kind]
    if persona == "outsider" and kind == "read" and not args:
        expected = "ok"  # a list: it just doesn't show the other team's records
        assert "Acme Widgets" not in getattr(http, method)(url).content.decode()
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    elif expected == "ok":
        assert response.status_code in ok, (url, response.status_code)
    else:
        assert response.status_code == expected, (url, response.status_code)


API = [
    # (kind, method, path template, body)
    ("read", "get", "/api/v1/clients/", None),
    ("read", "get", "/api/v1/clients/{client}/", None),
    ("write", "patch", "/api/v1/clients/{client}/", {"sector": "Retail"}),
    ("create", "post", "/api/v1/clients/", {"name": "New Co"}),
    ("read", "get", "/api/v1/contacts/", None),
    ("read", "get", "/api/v1/contacts/{contact}/", None),
    ("write", "patch", "/api/v1/contacts/{contact}/", {"job_title": "CFO"}),
    ("read", "get", "/api/v1/vacancies/", None),
    ("read", "get", "/api/v1/vacancies/{vacancy}/", None),
    ("write", "patch", "/api/v1/vacancies/{vacancy}/", {"title": "Renamed"}),
    ("read", "get", "/api/v1/applications/", None),
    ("read", "get", "/api/v1/applications/{application}/", None),
    ("write", "post", "/api/v1/applications/{application}/move/", {"stage": "screening"}),
    ("read", "get", "/api/v1/placements/", None),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "method", "path", "body"), API, ids=[f"{a[1]} {a[2]}" for a in API])
def test_api_permissions(request, world, api_as, persona, kind, method, path, body):
    user = _persona(request, persona)
    url = path.format(**{k: v.pk for k, v in world.items()})
    if persona == "admin_user" and kind == "create":
        body = {**body, "team": world["client"].team_id}
    response = getattr(api_as(user), method)(url, body, format="json") if body else api_as(user).get(url)
    expected = EXPECTED[persona][kind]
    is_list = url.endswith("s/")
    if persona == "outsider" and kind == "read" and is_list:
        expected = "ok"
    if expected == "login":
        assert response.status_code == 401
    elif expected == "ok":
        assert response.status_code in {200, 201}, (url, response.status_code, response.content)
        if persona == "outsider" and is_list and method == "get":
            assert response.json()["count"] == 0  # nothing of another team's shows in a list
    else:
        assert response.status_code == expected, (url, response.status_code)


@pytest.mark.parametrize("persona", ["recruiter", "manager", "admin_user", "outsider", "compliance_officer"])
def test_creating_contacts_and_vacancies_through_the_api(request, world, api_as, persona):
    user = _persona(request, persona)
    api = api_as(user)
    contact = api.post(
        "/api/v1/contacts/", {"client": world["client"].pk, "first_name": "A", "last_name": "B"}
    )
    vacancy = api.post("/api/v1/vacancies/", {"client": world["client"].pk, "title": "X"}, format="json")
    expected = {"outsider": 400, "compliance_officer": 403}.get(persona, 201)  # 400: "no such client"
    assert (contact.status_code, vacancy.status_code) == (expected, expected)
