"""The URL x persona matrix for candidates (STYLE.md): outsider 404, forbidden action 403."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from candidates.models import ImportJob, SavedSearch
from candidates.services.import_jobs import import_job_create
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def test_import_jobs_are_visible_to_the_team_only(client, recruiter, teammate, outsider):
    job = import_job_create(actor=recruiter, upload=io.BytesIO(b"first_name,last_name\nA,B\n"), total_rows=1)
    url = reverse("candidates:import-status", args=[job.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(reverse("candidates:import-run", args=[job.pk])).status_code == 404
    client.force_login(teammate)
    assert client.get(url).status_code == 200
    assert client.get(url, HTTP_HX_REQUEST="true").content.decode().count("<html") == 0
    assert ImportJob.objects.count() == 1


def test_saved_searches_of_others_are_404_even_for_admins(client, recruiter, admin_user):
    search = SavedSearch.objects.create(user=recruiter, name="mine", query="java")
    client.force_login(admin_user)
    assert client.get(reverse("candidates:saved-search-run", args=[search.pk])).status_code == 404


def test_admin_sees_every_team_and_manager_sees_their_own(api_as, recruiter, outsider, admin_user, manager):
    mine, theirs = CandidateFactory(owner=recruiter), CandidateFactory(owner=outsider)
    admin_ids = {row["id"] for row in api_as(admin_user).get("/api/v1/candidates/").json()["results"]}
    assert admin_ids == {mine.pk, theirs.pk}
    manager_ids = {row["id"] for row in api_as(manager).get("/api/v1/candidates/").json()["results"]}
    assert manager_ids == {mine.pk}


def test_a_guardian_grant_shares_one_candidate_with_an_outsider(api_as, recruiter, outsider):
    from guardian.shortcuts import assign_perm

    shared, private = CandidateFactory(owner=recruiter), CandidateFactory(owner=recruiter)
    assign_perm("view_candidate", outsider, shared)
    client = api_as(outsider)
    assert client.get(f"/api/v1/candidates/{shared.pk}/").status_code == 200
    assert client.get(f"/api/v1/candidates/{private.pk}/").status_code == 404
    assert client.patch(f"/api/v1/candidates/{shared.pk}/", {"town": "X"}, format="json").status_code == 403


def test_list_pages_for_each_role(client, recruiter, manager, compliance_officer, admin_user):
    CandidateFactory(owner=recruiter)
    for user in (recruiter, manager, compliance_officer, admin_user):
        client.force_login(user)
        assert client.get(reverse("candidates:index")).status_code == 200
        assert client.get(reverse("candidates:attention")).status_code == 200
    client.force_login(compliance_officer)
    assert client.get(reverse("candidates:import")).status_code == 403
    client.force_login(manager)
    assert client.get(reverse("candidates:diversity-report")).status_code == 200
