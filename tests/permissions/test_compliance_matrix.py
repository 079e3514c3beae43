"""URL x persona matrix for every compliance page and endpoint.

Team members (recruiter, teammate, manager, compliance officer) and admin see their team's
vetting; an outsider gets 404 for every candidate's route; DBS routes are for the compliance
officer and admin only (the rest get 403 for a page they may not use, 404 for DBS objects, which
they never see); anonymous users go to the login page or get 401.
"""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse

from compliance import services
from compliance.requirements import Requirements
from tests.factories.candidates import CandidateFactory
from tests.factories.compliance import DBSCheckFactory, RightToWorkCheckFactory

PERSONAS = ["recruiter", "teammate", "outsider", "manager", "compliance_officer", "admin_user", "anonymous"]
TEAM = {"recruiter", "teammate", "manager", "compliance_officer", "admin_user"}
DBS_USERS = {"compliance_officer", "admin_user"}


@pytest.fixture
def world(recruiter, teammate, outsider, manager, compliance_officer, admin_user, settings):
    settings.COMPLIANCE_DBS_KEEP_IMAGES = True
    candidate = CandidateFactory(owner=recruiter)
    rtw = RightToWorkCheckFactory(
        candidate=candidate, evidence=io.BytesIO(b"%PDF-1.4\n"), evidence_filename="e.pdf"
    )
    dbs = DBSCheckFactory(
        candidate=candidate,
        actor=compliance_officer,
        decision_on=dbs_day(),
        certificate_image=io.BytesIO(b"\x89PNG\r\n\x1a\n0000"),
        requirements=Requirements(dbs_level="basic"),
    )
    services.dbs_recheck_reminders_create(today=dbs_day().replace(year=dbs_day().year + 3))
    return {"candidate": candidate, "rtw": rtw, "dbs": dbs}


def dbs_day() -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=1)


def _expected(persona: str, kind: str) -> object:
    if persona == "anonymous":
        return "login"
    if kind == "list":
        return "ok"
    if kind == "dbs_page":
        return "ok" if persona in DBS_USERS else (404 if persona == "outsider" else 403)
    if kind == "dbs_object":
        return "ok" if persona in DBS_USERS else 404
    return "ok" if persona in TEAM else 404


PAGES = [
    ("list", "compliance:index", None),
    ("team", "compliance:candidate", "candidate"),
    ("team", "compliance:candidate-panel", "candidate"),
    ("team", "compliance:rtw-new", "candidate"),
    ("team", "compliance:reference-new", "candidate"),
    ("team", "compliance:note-new", "candidate"),
    ("team", "compliance:rtw-evidence", "rtw"),
    ("dbs_page", "compliance:dbs-new", "candidate"),
    ("dbs_object", "compliance:dbs-image", "dbs"),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "name", "arg"), PAGES)
def test_page_matrix(request, client, world, persona, kind, name, arg):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    if user is not None:
        client.force_login(user)
    url = reverse(name, args=[world[arg].pk] if arg else [])
    response = client.get(url)
    expected = _expected(persona, kind)
    if expected == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif expected == "ok":
        assert response.status_code == 200, (persona, name, response.status_code)
    else:
        assert response.status_code == expected, (persona, name, response.status_code)


API = [
    ("team", "get", "/api/v1/compliance/right-to-work/{rtw}/"),
    ("team", "get", "/api/v1/compliance/status/?candidate={candidate}&vacancy=0"),
    ("dbs_object", "get", "/api/v1/compliance/dbs/{dbs}/"),
    ("dbs_list", "get", "/api/v1/compliance/dbs/"),
    ("edit", "patch", "/api/v1/compliance/right-to-work/{rtw}/"),
    ("edit", "patch", "/api/v1/compliance/dbs/{dbs}/"),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("kind", "method", "template"), API)
def test_api_matrix(request, api_as, world, persona, kind, method, template):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    url = template.format(**{key: obj.pk for key, obj in world.items()})
    response = getattr(api_as(user), method)(url, {}, format="json")
    if user is None:
        assert response.status_code == 401
    elif kind == "edit":
        assert response.status_code == 405
    elif kind == "dbs_list":
        assert response.status_code == (200 if persona in DBS_USERS else 403)
    elif kind == "dbs_object":
        assert response.status_code == (200 if persona in DBS_USERS else 404)
    elif "status" in url:
        # Vacancy 0 does not exist: a 404 for the team, and the same 404 for the outsider.
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if persona in TEAM else 404)
