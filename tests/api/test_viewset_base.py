"""core.api.viewsets.VisibleModelViewSet gives every later endpoint 404 for the invisible, 403 for the
forbidden."""

import pytest
from guardian.shortcuts import assign_perm

pytestmark = pytest.mark.urls("tests.api.visible_urls")


def test_list_shows_only_visible_objects(api_as, recruiter, teammate, outsider):
    body = api_as(recruiter).get("/api/v1/people/").json()
    assert [p["username"] for p in body["results"]] == ["alice", "bob"]


def test_invisible_object_is_404_on_every_method(api_as, recruiter, outsider):
    client = api_as(recruiter)
    assert client.get(f"/api/v1/people/{outsider.pk}/").status_code == 404
    assert (
        client.patch(f"/api/v1/people/{outsider.pk}/", {"first_name": "X"}, format="json").status_code == 404
    )


def test_visible_object_with_forbidden_action_is_403(api_as, recruiter, teammate):
    client = api_as(recruiter)
    assert client.get(f"/api/v1/people/{teammate.pk}/").status_code == 200
    response = client.patch(f"/api/v1/people/{teammate.pk}/", {"first_name": "X"}, format="json")
    assert response.status_code == 403
    teammate.refresh_from_db()
    assert teammate.first_name != "X"


def test_create_needs_the_add_permission(api_as, recruiter):
    assert api_as(recruiter).post("/api/v1/people/", {"username": "z"}, format="json").status_code == 403


def test_object_grant_opens_one_object_of_another_team(api_as, recruiter, outsider):
    assign_perm("core.view_user", outsider, recruiter)
    client = api_as(outsider)
    assert client.get(f"/api/v1/people/{recruiter.pk}/").status_code == 200
    assert (
        client.patch(f"/api/v1/people/{recruiter.pk}/", {"first_name": "X"}, format="json").status_code == 403
    )
    assign_perm("core.change_user", outsider, recruiter)
    assert (
        client.patch(f"/api/v1/people/{recruiter.pk}/", {"first_name": "X"}, format="json").status_code == 200
    )


def test_admin_sees_and_changes_everything(api_as, admin_user, outsider):
    client = api_as(admin_user)
    assert (
        client.patch(f"/api/v1/people/{outsider.pk}/", {"first_name": "X"}, format="json").status_code == 200
    )


def test_unauthenticated_is_401(api_as, recruiter):
    assert api_as(None).get("/api/v1/people/").status_code == 401


def test_extra_write_actions_need_the_change_permission_by_default(api_as, recruiter, teammate, outsider):
    client = api_as(recruiter)
    assert client.post(f"/api/v1/people/{teammate.pk}/touch/").status_code == 403
    assert client.post(f"/api/v1/people/{outsider.pk}/touch/").status_code == 404
    assert client.post("/api/v1/people/bulk/").status_code == 403


def test_extra_action_can_name_its_own_permission(api_as, recruiter, teammate, admin_user):
    assign_perm("core.change_user", recruiter, teammate)
    client = api_as(recruiter)
    assert client.post(f"/api/v1/people/{teammate.pk}/touch/").status_code == 200
    assert client.post(f"/api/v1/people/{teammate.pk}/promote/").status_code == 403
    assert api_as(admin_user).post(f"/api/v1/people/{teammate.pk}/promote/").status_code == 200
