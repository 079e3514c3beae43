"""Issue 17: a NUL character in any text input, query or body is a 400 (or a form error), never a
500 at the database (PostgreSQL cannot store NUL in text)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.models import Candidate

NUL = "\x00"


@pytest.mark.parametrize(
    "query",
    [{"q": f"dev{NUL}"}, {"tag": NUL}, {"status": f"active{NUL}"}, {f"q{NUL}": "x"}],
)
def test_a_nul_in_a_page_query_is_a_400(client, recruiter, query):
    client.force_login(recruiter)
    assert client.get(reverse("candidates:index"), query).status_code == 400
    assert client.get(reverse("vacancies:index"), query).status_code == 400


def test_a_nul_in_a_page_form_is_a_400_and_nothing_is_saved(client, recruiter):
    client.force_login(recruiter)
    data = {"first_name": f"Ann{NUL}", "last_name": "Lee", "email": "ann@example.test"}
    response = client.post(reverse("candidates:create"), data)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Candidate.objects.filter(last_name="Lee").exists()


@pytest.mark.parametrize("fmt", ["json", "multipart"])
def test_a_nul_in_an_api_body_is_a_400(api_as, recruiter, fmt):
    api = api_as(recruiter)
    body = {"first_name": f"Ann{NUL}", "last_name": "Lee", "email": "ann@example.test"}
    response = api.post("/api/v1/candidates/", body, format=fmt)
    assert response.status_code == 400, response.content
    nested = api.post("/api/v1/candidates/", {"first_name": "Ann", "tags": [f"x{NUL}"]}, format="json")
    assert nested.status_code == 400
    assert not Candidate.objects.filter(last_name="Lee").exists()


@pytest.mark.parametrize("path", ["/api/v1/candidates/", "/api/v1/vacancies/", "/api/v1/clients/"])
def test_a_nul_in_an_api_filter_is_a_400(api_as, recruiter, path):
    response = api_as(recruiter).get(path, {"search": NUL, "q": NUL})
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_signed_link_is_a_4xx(client):
    response = client.get(f"/review/abc{NUL}def/")
    assert 400 <= response.status_code < 500
