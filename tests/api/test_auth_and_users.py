"""API.md "Conventions" and "Users and teams"."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from core.models import AuditEvent, Team, User
from tests.factories.core import DEFAULT_PASSWORD, UserFactory

USER_FIELDS = {"id", "username", "email", "first_name", "last_name", "role", "team", "is_active"}


def test_token_is_issued_for_good_credentials_and_refused_for_bad(api_client, recruiter):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    assert set(response.json()) == {"token"}
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": "wrong"}, format="json"
    )
    assert response.status_code == 400
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api_client.get("/api/v1/me/").json()["username"] == "alice"


def test_me_needs_authentication(api_client, db):
    assert api_client.get("/api/v1/me/").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_client.get("/api/v1/me/").status_code == 401


def test_me_has_the_documented_shape(api_as, recruiter):
    body = api_as(recruiter).get("/api/v1/me/").json()
    assert set(body) == USER_FIELDS
    assert body["role"] == "recruiter" and body["team"] == recruiter.team_id


def test_session_auth_works_and_unsafe_requests_need_csrf(admin_user):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(admin_user)
    assert csrf_client.get("/api/v1/me/").status_code == 200
    response = csrf_client.post("/api/v1/teams/", {"name": "X"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert not Team.objects.filter(name="X").exists()


@pytest.mark.parametrize("persona", ["recruiter", "manager", "compliance_officer"])
def test_users_and_teams_are_admin_only(api_as, persona, request):
    client = api_as(request.getfixturevalue(persona))
    assert client.get("/api/v1/users/").status_code == 403
    assert client.get("/api/v1/teams/").status_code == 403
    assert client.post("/api/v1/teams/", {"name": "Sneaky"}, format="json").status_code == 403
    assert not Team.objects.filter(name="Sneaky").exists()


def test_anonymous_gets_401_on_admin_endpoints(api_as, db):
    assert api_as(None).get("/api/v1/users/").status_code == 401


def test_admin_lists_users_paginated(api_as, admin_user, team):
    UserFactory.create_batch(5, team=team)
    body = api_as(admin_user).get("/api/v1/users/?page_size=2").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 6 and len(body["results"]) == 2
    assert set(body["results"][0]) == USER_FIELDS
    assert "password" not in body["results"][0]


def test_page_size_is_capped_at_200(api_as, admin_user, team):
    UserFactory.create_batch(3, team=team)
    body = api_as(admin_user).get("/api/v1/users/?page_size=5000").json()
    assert len(body["results"]) == 4


def test_a_page_past_the_end_is_a_404_and_a_malformed_page_a_400(api_as, admin_user):
    assert api_as(admin_user).get("/api/v1/users/?page=999").status_code == 404
    assert api_as(admin_user).get("/api/v1/users/?page=abc").status_code == 400


def test_users_list_runs_a_constant_number_of_queries(
    api_as, admin_user, team, django_assert_max_num_queries
):
    client = api_as(admin_user)
    client.get("/api/v1/users/")
    with django_assert_max_num_queries(5) as before:
        client.get("/api/v1/users/")
    UserFactory.create_batch(15, team=team)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get("/api/v1/users/")


def test_admin_creates_a_user_with_role_and_team(api_as, admin_user, team):
    response = api_as(admin_user).post(
        "/api/v1/users/",
        {
            "username": "newbie",
            "email": "newbie@agency.test",
            "first_name": "New",
            "last_name": "Bie",
            "role": "manager",
            "team": team.pk,
            "password": "a-sound-passphrase-9",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert set(response.json()) == USER_FIELDS
    user = User.objects.get(username="newbie")
    assert user.check_password("a-sound-passphrase-9")
    assert user.groups.get().name == "manager"
    event = AuditEvent.objects.get(action="user.created", object_id=user.pk)
    assert event.actor == admin_user and "newbie" not in str(event.details)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"username": "x1", "password": "password"}, "password"),
        ({"username": "x2"}, "password"),
        ({"username": "x3", "password": "a-sound-passphrase-9", "role": "emperor"}, "role"),
        ({"username": "x4", "password": "a-sound-passphrase-9", "team": 999999}, "team"),
        ({"username": "", "password": "a-sound-passphrase-9"}, "username"),
        ({"username": "alice", "password": "a-sound-passphrase-9"}, "username"),
        ({"username": "x5", "password": "a-sound-passphrase-9", "email": "ALICE@agency.test"}, "email"),
        ({"username": "x6", "password": "a-sound-passphrase-9", "email": "not-an-email"}, "email"),
    ],
)
def test_invalid_user_is_a_400_with_field_errors(api_as, admin_user, recruiter, payload, field):
    response = api_as(admin_user).post("/api/v1/users/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_malformed_json_is_a_400(api_as, admin_user):
    response = api_as(admin_user).post("/api/v1/users/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_admin_patches_a_user_and_groups_follow_the_role(api_as, admin_user, recruiter):
    response = api_as(admin_user).patch(
        f"/api/v1/users/{recruiter.pk}/", {"role": "compliance"}, format="json"
    )
    assert response.status_code == 200
    recruiter.refresh_from_db()
    assert recruiter.role == "compliance" and recruiter.groups.get().name == "compliance"


def test_put_and_delete_are_not_offered(api_as, admin_user, recruiter):
    client = api_as(admin_user)
    assert client.put(f"/api/v1/users/{recruiter.pk}/", {}, format="json").status_code == 405
    assert client.delete(f"/api/v1/users/{recruiter.pk}/").status_code == 405


def test_admin_creates_and_lists_teams(api_as, admin_user, team):
    client = api_as(admin_user)
    response = client.post("/api/v1/teams/", {"name": "Manchester Engineering"}, format="json")
    assert response.status_code == 201 and set(response.json()) == {"id", "name"}
    assert client.post("/api/v1/teams/", {"name": "Manchester Engineering"}, format="json").status_code == 400
    names = [t["name"] for t in client.get("/api/v1/teams/").json()["results"]]
    assert names == ["Leeds Technology", "Manchester Engineering"]


def test_unknown_user_id_is_404(api_as, admin_user):
    assert api_as(admin_user).get("/api/v1/users/987654/").status_code == 404
    assert api_as(admin_user).get("/api/v1/users/abc/").status_code == 404


def test_unexpected_error_is_a_json_500_without_traceback(api_as, admin_user, monkeypatch, caplog):
    from core.api.views import UserViewSet

    def explode(self, *args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(UserViewSet, "list", explode)
    client = api_as(admin_user)
    client.raise_request_exception = False
    with caplog.at_level(logging.ERROR, logger="recruitcrm.api"):
        response = client.get("/api/v1/users/")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server_error"
    assert (
        "secret internals" not in response.content.decode() and "Traceback" not in response.content.decode()
    )
    assert "unhandled API error" in caplog.text


def test_schema_and_docs_are_served_without_a_cdn(api_as, recruiter, client):
    schema = client.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in [
        "/api/v1/auth/token/",
        "/api/v1/me/",
        "/api/v1/users/",
        "/api/v1/users/{id}/",
        "/api/v1/teams/",
    ]:
        assert path in paths
    docs = client.get(reverse("api-docs"))
    assert docs.status_code == 200
    html = docs.content.decode().lower()
    for cdn in ["cdn.", "unpkg", "jsdelivr", "googleapis"]:
        assert cdn not in html
    assert "/static/drf_spectacular_sidecar/" in html


def test_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/users/{id}/" in out.read_text()
