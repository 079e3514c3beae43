"""Errors under /api/ are JSON in the documented shape, even when no view answers (issue 9)."""

from __future__ import annotations

import pytest

from tests.api.schema import operation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/candidates/0.3/",  # schemathesis found these: ids the router refuses were HTML pages
        "/api/v1/placements/-841711.6338086453/",
        "/api/v1/candidates/1/consents/%13%C2%A0/withdraw/",
        "/api/v1/no-such-thing/",
    ],
)
def test_an_api_url_that_matches_nothing_is_a_json_404(api_as, admin_user, path):
    response = api_as(admin_user).get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_page_url_that_matches_nothing_is_still_the_html_page(client, recruiter):
    client.force_login(recruiter)
    response = client.get("/candidates/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_every_operation_documents_its_errors():
    detail = operation("PATCH", "/candidates/{id}/")["responses"]
    assert {"200", "400", "401", "403", "404", "409", "413"} <= set(detail)
    listing = operation("GET", "/candidates/")["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(listing)
    token = operation("POST", "/auth/token/")["responses"]
    assert "401" not in token and "400" in token
