"""URL x persona matrix for every customer-service page and endpoint.

Outsider (another team) -> 404 for every object; anonymous -> login (pages) or 401 (API); the
team's recruiters, manager, compliance officer and admin -> allowed. The manager dashboard is for
managers and admins only (403 for the rest).
"""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from engagement.services.complaints import improvement_create
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.engagement import CommunicationFactory, ComplaintFactory
from tests.factories.vacancies import VacancyFactory

PERSONAS = ["recruiter", "teammate", "outsider", "manager", "compliance_officer", "admin_user", "anonymous"]
OK = {"read": "ok", "write": "ok", "create": "ok", "manage": "ok"}
EXPECTED = {
    "recruiter": {**OK, "manage": 403},
    "teammate": {**OK, "manage": 403},
    "manager": OK,
    "admin_user": OK,
    "compliance_officer": {**OK, "manage": 403},
    "outsider": {"read": 404, "write": 404, "create": "ok", "manage": 403},
    "anonymous": {"read": "login", "write": "login", "create": "login", "manage": "login"},
}


@pytest.fixture
def world(recruiter, teammate, outsider, manager, compliance_officer, admin_user):
    candidate = CandidateFactory(owner=recruiter, last_name="Matrixperson")
    client = ClientFactory(owner=recruiter)
    contact = ContactFactory(client=client)
    vacancy = VacancyFactory(client=client, contact=contact)
    communication = CommunicationFactory(candidate=candidate, actor=recruiter)
    complaint = ComplaintFactory(actor=recruiter, complainant_name="Matrixperson")
    improvement = improvement_create(actor=recruiter, you_said="x", we_did="y", complaints=[complaint])
    return {
        "candidate": candidate,
        "client": client,
        "contact": contact,
        "vacancy": vacancy,
        "communication": communication,
        "complaint": complaint,
        "improvement": improvement,
    }


def _persona(request, name):
    return None if name == "anonymous" else request.getfixturevalue(name)


PAGES = [
    # (kind, method, url name, args: world keys or literal strings, ok statuses)
    ("read", "get", "engagement:index", [], {200}),
    ("read", "get", "engagement:complaints", [], {200}),
    ("read", "get", "engagement:complaint-export", [], {200}),
    ("create", "get", "engagement:complaint-new", [], {200}),
    ("create", "post", "engagement:complaint-new", [], {422}),
    ("read", "get", "engagement:complaint", ["complaint"], {200}),
    ("write", "post", "engagement:complaint-step", ["complaint", "'acknowledge"], {302}),
    ("write", "post", "engagement:complaint-step", ["complaint", "'close"], {302}),
    ("read", "get", "engagement:timeline", ["'candidate", "candidate"], {200}),
    ("read", "get", "engagement:timeline", ["'contact", "contact"], {200}),
    ("read", "get", "engagement:timeline", ["'client", "client"], {200}),
    ("read", "get", "engagement:timeline", ["'vacancy", "vacancy"], {200}),
    ("write", "get", "engagement:log", ["'candidate", "candidate"], {200}),
    ("write", "post", "engagement:log", ["'contact", "contact"], {422}),
    ("write", "get", "engagement:email", ["'candidate", "candidate"], {200}),
    ("read", "get", "engagement:improvements", [], {200}),
    ("write", "post", "engagement:improvement-status", ["improvement"], {302}),
    ("read", "get", "engagement:templates", [], {200}),
    ("manage", "get", "manager-dashboard", [], {200}),
]


def _args(world, args):
    return [a[1:] if a.startswith("'") else world[a].pk for a in args]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("kind", "method", "name", "args", "ok"), PAGES, ids=[f"{p[1]} {p[2]} {' '.join(p[3])}" for p in PAGES]
)
def test_page_permissions(request, world, persona, kind, method, name, args, ok):
    user = _persona(request, persona)
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    url = reverse(name, args=_args(world, args))
    response = getattr(http, method)(url)
    expected = EXPECTED[persona][kind]
    if persona == "outsider" and kind == "read" and not args:
        expected = "ok"  # a list: it just doesn't show the other team's records
        assert "Matrixperson" not in response.content.decode()
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    elif expected == "ok":
        assert response.status_code in ok, (url, response.status_code)
    else:
        assert response.status_code == expected, (url, response.status_code)


def test_template_editing_is_for_managers(client, recruiter, manager, outsider):
    from engagement.services.communications import email_template_get

    url = reverse("engagement:template-edit", args=[email_template_get(code="general").pk])
    for user, status in ((recruiter, 403), (outsider, 403), (manager, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status


API = [
    ("read", "get", "/api/v1/communications/", None),
    ("read", "get", "/api/v1/communications/{communication}/", None),
    (
        "create",
        "post",
        "/api/v1/communications/",
        {"kind": "call", "summary": "x", "candidate": "{candidate}"},
    ),
    ("read", "get", "/api/v1/complaints/", None),
    ("read", "get", "/api/v1/complaints/{complaint}/", None),
    ("write", "patch", "/api/v1/complaints/{complaint}/", {"resolution": "Sorted"}),
    (
        "create",
        "post",
        "/api/v1/complaints/",
        {
            "complainant_type": "other",
            "complainant_name": "Jo",
            "channel": "email",
            "category": "other",
            "severity": "low",
            "description": "x",
        },
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "method", "path", "body"), API, ids=[f"{a[1]} {a[2]}" for a in API])
def test_api_permissions(request, world, api_as, persona, kind, method, path, body):
    user = _persona(request, persona)
    ids = {k: v.pk for k, v in world.items()}
    url = path.format(**ids)
    if body:
        body = {
            k: int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v
            for k, v in body.items()
        }
    response = getattr(api_as(user), method)(url, body, format="json") if body else api_as(user).get(url)
    expected = EXPECTED[persona][kind]
    is_list = url.endswith("s/")
    if persona == "outsider" and kind == "read" and is_list:
        expected = "ok"
    if persona == "outsider" and url.endswith("/communications/") and method == "post":
        expected = 400  # the candidate is not one they can see
    if persona == "admin_user" and url.endswith("/complaints/") and method == "post":
        expected = 400  # an admin has no team: the complaint needs a team-owning person or owner
    if expected == "login":
        assert response.status_code == 401
    elif expected == "ok":
        assert response.status_code in {200, 201}, (url, response.status_code, response.content)
        if persona == "outsider" and is_list and method == "get":
            assert response.json()["count"] == 0
    else:
        assert response.status_code == expected, (url, response.status_code, response.content)
