"""URL x persona matrix for every Privacy page: admins only (403 for every other role, login for
the anonymous); the owner's hold page follows the candidate's visibility (404 outsider)."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from privacy import services
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["recruiter", "teammate", "outsider", "manager", "compliance_officer", "admin_user", "anonymous"]


@pytest.fixture
def world(recruiter, teammate, outsider, manager, compliance_officer, admin_user):
    candidate = CandidateFactory(owner=recruiter)
    services.policies_ensure_defaults()
    from privacy.models import RetentionPolicy

    return {
        "candidate": candidate,
        "policy": RetentionPolicy.objects.first(),
        "sar": services.sar_create(actor=admin_user, candidate=candidate, received_on=datetime.date.today()),
        "erasure": services.erasure_create(
            actor=admin_user, candidate=candidate, received_on=datetime.date.today()
        ),
    }


ADMIN_PAGES = [
    ("get", "privacy:index", []),
    ("post", "privacy:policy", ["policy"]),
    ("post", "privacy:sar_create", []),
    ("post", "privacy:erasure_create", []),
    ("get", "privacy:sar", ["sar"]),
    ("get", "privacy:sar_download", ["sar"]),
    ("get", "privacy:erasure", ["erasure"]),
    ("get", "privacy:candidate", ["candidate"]),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "name", "args"), ADMIN_PAGES, ids=[f"{p[0]} {p[1]}" for p in ADMIN_PAGES])
def test_privacy_pages_are_for_admins_only(request, world, persona, method, name, args):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    response = getattr(http, method)(reverse(name, args=[world[a].pk for a in args]))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona == "admin_user":
        assert response.status_code in (200, 302, 400, 404), response.status_code  # 404: no ZIP built yet
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("recruiter", 200),
        ("teammate", 200),
        ("manager", 200),
        ("admin_user", 200),
        ("outsider", 404),
        ("compliance_officer", 403),
        ("anonymous", "login"),
    ],
)
def test_owner_hold_page_follows_the_candidate(request, world, persona, expected):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    http = HttpClient()
    if user is not None:
        http.force_login(user)
    response = http.get(reverse("privacy:hold", args=[world["candidate"].pk]))
    if expected == "login":
        assert response.status_code == 302
    else:
        assert response.status_code == expected
