"""Shortlists: recruiter drafts and submits, a manager reviews (recruiters can't), both are told;
blind shortlists hide identities from reviewers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from core.models import AuditEvent
from tests.factories.candidates import CandidateFactory
from vacancies.models import Notice, Shortlist
from vacancies.selectors.shortlists import share_link_list
from vacancies.services.shortlists import (
    shortlist_create,
    shortlist_entry_add,
    shortlist_review,
    shortlist_submit,
)


@pytest.fixture
def drafted(recruiter, open_vacancy):
    shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy, rationale="Best three")
    first = CandidateFactory(owner=recruiter, first_name="Priya", last_name="Shah")
    second = CandidateFactory(owner=recruiter)
    shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=first, rationale="Led a Django team")
    shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=second)
    return shortlist


def test_review_workflow_via_the_api_tells_both_sides(
    api_as, recruiter, manager, drafted, django_capture_on_commit_callbacks
):
    api = api_as(recruiter)
    url = f"/api/v1/shortlists/{drafted.pk}/"
    body = api.get(url).json()
    assert body["status"] == "draft" and [e["rank"] for e in body["entries"]] == [1, 2]
    assert body["entries"][0]["decision"] == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post(url + "submit/").json()["status"] == "in_review"
    assert Notice.objects.filter(user=manager, kind="shortlist.in_review").exists()
    assert any(manager.email in m.to for m in mail.outbox)
    # Conduct Regs reg 19: the agency's vetting is a manager's call, never the recruiter's own.
    first, second = body["entries"]
    decisions = {"decisions": [{"entry": first["id"], "decision": "approved", "comment": "Strong"}]}
    assert api.post(url + "review/", decisions, format="json").status_code == 403
    manager_api = api_as(manager)
    incomplete = manager_api.post(url + "review/", decisions, format="json")
    assert incomplete.status_code == 400
    decisions["decisions"].append({"entry": second["id"], "decision": "rejected", "comment": "Too junior"})
    with django_capture_on_commit_callbacks(execute=True):
        reviewed = manager_api.post(url + "review/", decisions, format="json").json()
    assert reviewed["status"] == "approved"
    assert [e["decision"] for e in reviewed["entries"]] == ["approved", "rejected"]
    assert reviewed["entries"][1]["decision_comment"] == "Too junior"
    assert Notice.objects.filter(user=recruiter, kind="shortlist.reviewed").exists()
    assert any(recruiter.email in m.to for m in mail.outbox)
    assert AuditEvent.objects.filter(action="shortlist.reviewed", object_id=drafted.pk).exists()
    # The record of why: the rationale and each entry's match rationale stay with the shortlist.
    assert reviewed["rationale"] == "Best three"
    assert "matched_must_have" in reviewed["entries"][0]["match_rationale"]


def test_manager_can_request_changes_and_the_recruiter_resubmits(api_as, recruiter, manager, drafted):
    url = f"/api/v1/shortlists/{drafted.pk}/"
    api_as(recruiter).post(url + "submit/")
    body = {"request_changes": True, "comment": "Add someone with AWS"}
    assert api_as(manager).post(url + "review/", body, format="json").json()["status"] == "changes_requested"
    assert api_as(manager).post(url + "review/", body, format="json").status_code == 409
    extra = CandidateFactory(owner=recruiter)
    added = api_as(recruiter).post(
        url + "entries/", {"candidate": extra.pk, "rationale": "AWS"}, format="json"
    )
    assert added.status_code == 201 and len(added.json()["entries"]) == 3
    assert api_as(recruiter).post(url + "submit/").json()["status"] == "in_review"
    assert api_as(recruiter).post(url + "entries/", {"candidate": extra.pk}, format="json").status_code == 409


def test_shortlist_endpoints_follow_visibility_and_validation(
    api_as, recruiter, outsider, open_vacancy, drafted
):
    api = api_as(recruiter)
    created = api.post("/api/v1/shortlists/", {"vacancy": open_vacancy.pk, "rationale": "x"}, format="json")
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert api.get(f"/api/v1/shortlists/?vacancy={open_vacancy.pk}").json()["count"] == 2
    assert api_as(outsider).get(f"/api/v1/shortlists/{drafted.pk}/").status_code == 404
    assert api_as(outsider).post(f"/api/v1/shortlists/{drafted.pk}/submit/").status_code == 404
    assert api_as(outsider).get("/api/v1/shortlists/").json()["count"] == 0
    assert (
        api.post(f"/api/v1/shortlists/{drafted.pk}/entries/", {"candidate": "x"}, format="json").status_code
        == 400
    )
    bad = {"decisions": [{"entry": 999999, "decision": "approved"}]}
    api.post(f"/api/v1/shortlists/{drafted.pk}/submit/")
    assert api.post(f"/api/v1/shortlists/{drafted.pk}/share/").status_code == 409  # not approved yet
    assert api.post(f"/api/v1/shortlists/{drafted.pk}/review/", bad, format="json").status_code == 403


def test_a_manager_of_another_team_cannot_review(api_as, recruiter, drafted, other_team):
    from tests.factories.core import UserFactory

    stranger = UserFactory(role="manager", team=other_team)
    with pytest.raises(PermissionDenied):
        shortlist_review(actor=stranger, shortlist=drafted, decisions=[])


def test_list_endpoint_has_constant_queries(api_as, recruiter, open_vacancy, django_assert_max_num_queries):
    api = api_as(recruiter)
    for _ in range(2):
        shortlist_create(actor=recruiter, vacancy=open_vacancy)
    with django_assert_max_num_queries(20) as few:
        api.get("/api/v1/shortlists/")
    for _ in range(6):
        shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy)
        shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=CandidateFactory(owner=recruiter))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get("/api/v1/shortlists/").json()["count"] == 8


def test_blind_shortlist_hides_identity_from_reviewers(
    client, api_as, recruiter, manager, open_vacancy, drafted
):
    open_vacancy.blind_shortlist = True
    open_vacancy.save()
    shortlist_submit(actor=recruiter, shortlist=drafted)
    client.force_login(manager)
    page = client.get(f"/vacancies/shortlists/{drafted.pk}/").content.decode()
    assert "Priya" not in page and "Shah" not in page and "Candidate 1" in page
    assert "blind review" in page
    assert api_as(manager).get(f"/api/v1/shortlists/{drafted.pk}/").json()["entries"][0]["candidate"] is None
    client.force_login(recruiter)
    assert "Priya Shah" in client.get(f"/vacancies/shortlists/{drafted.pk}/").content.decode()


def test_shortlist_pages_run_the_whole_review(client, recruiter, manager, drafted):
    url = f"/vacancies/shortlists/{drafted.pk}/"
    client.force_login(recruiter)
    entries = list(drafted.entries.all())
    client.post(
        url + "edit/",
        {"rationale": "Updated why", f"rank_{entries[0].pk}": "2", f"rank_{entries[1].pk}": "1"},
    )
    drafted.refresh_from_db()
    assert drafted.rationale == "Updated why"
    assert [e.candidate_id for e in drafted.entries.all()] == [
        entries[1].candidate_id,
        entries[0].candidate_id,
    ]
    assert (
        "A rank is a whole number"
        in client.post(url + "edit/", {f"rank_{entries[0].pk}": "x"}, follow=True).content.decode()
    )
    client.post(url + "submit/")
    assert client.post(url + "review/").status_code == 403
    client.force_login(manager)
    page = client.get(url).content.decode()
    assert "Record decisions" in page
    client.post(
        url + "review/", {f"decision_{entries[0].pk}": "approved", f"decision_{entries[1].pk}": "rejected"}
    )
    drafted.refresh_from_db()
    assert drafted.status == Shortlist.Status.APPROVED
    client.force_login(recruiter)
    page = client.post(url + "share/", follow=True).content.decode()
    assert "/vacancies/review/" in page
    link = share_link_list(shortlist=drafted)[0]
    client.post(url + f"links/{link.pk}/revoke/")
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert "withdrawn" in client.get(url).content.decode()
    notices = client.get("/vacancies/notices/").content.decode()
    assert "was reviewed" in notices
