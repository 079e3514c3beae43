"""A false duplicate dismissed as "not the same person" (issue 16): recorded once, audited with ids
only, never flagged again for that pair — on the page, in the API and in the attention list."""

from __future__ import annotations

import pytest

from candidates.models import NotDuplicate
from core.models import AuditEvent
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def twins(owner):
    a = CandidateFactory(owner=owner, first_name="Alex", last_name="Reid", phone="+447700900111")
    b = CandidateFactory(owner=owner, first_name="Alex", last_name="Reid", phone="+447700900111")
    return a, b


def test_api_dismissal_is_recorded_audited_and_the_pair_is_never_flagged_again(api_as, recruiter):
    a, b = twins(recruiter)
    client = api_as(recruiter)
    assert client.get(f"/api/v1/candidates/{a.pk}/").json()["possible_duplicates"] == [b.pk]
    response = client.post(f"/api/v1/candidates/{b.pk}/not-duplicate/", {"other": a.pk}, format="json")
    assert response.status_code == 204
    assert client.post(f"/api/v1/candidates/{a.pk}/not-duplicate/", {"other": b.pk}).status_code == 204
    pair = NotDuplicate.objects.get()
    assert (pair.low_id, pair.high_id, pair.recorded_by) == (a.pk, b.pk, recruiter)
    event = AuditEvent.objects.get(action="candidate.not_duplicate")  # once, though asked twice
    assert event.details == {"other": a.pk, "pair": pair.pk} and event.object_id == b.pk
    assert client.get(f"/api/v1/candidates/{a.pk}/").json()["possible_duplicates"] == []
    assert client.get(f"/api/v1/candidates/{b.pk}/").json()["possible_duplicates"] == []
    # A third record like them is still flagged against both.
    c = CandidateFactory(owner=recruiter, first_name="Alex", last_name="Reid", phone="+447700900111")
    assert client.get(f"/api/v1/candidates/{a.pk}/").json()["possible_duplicates"] == [c.pk]


def test_api_refuses_bad_input_and_other_teams_records(api_as, recruiter, outsider):
    a, _ = twins(recruiter)
    theirs = CandidateFactory(owner=outsider)
    client = api_as(recruiter)
    assert client.post(f"/api/v1/candidates/{a.pk}/not-duplicate/", {}, format="json").status_code == 400
    assert client.post(f"/api/v1/candidates/{a.pk}/not-duplicate/", {"other": "x"}).status_code == 400
    assert client.post(f"/api/v1/candidates/{a.pk}/not-duplicate/", {"other": a.pk}).status_code == 400
    assert client.post(f"/api/v1/candidates/{a.pk}/not-duplicate/", {"other": theirs.pk}).status_code == 404
    assert client.post(f"/api/v1/candidates/{a.pk}/not-duplicate/", {"other": 2**40}).status_code == 400
    assert not NotDuplicate.objects.exists()


def test_page_button_dismisses_and_the_warning_is_gone(client, recruiter):
    a, b = twins(recruiter)
    client.force_login(recruiter)
    page = client.get(f"/candidates/{a.pk}/").content.decode()
    assert "Possible duplicate" in page and "Not the same person" in page
    response = client.post(f"/candidates/{a.pk}/not-duplicate/", {"other": b.pk}, follow=True)
    assert "won&#x27;t be flagged again" in response.content.decode()
    assert "Possible duplicate" not in client.get(f"/candidates/{a.pk}/").content.decode()
    assert "Possible duplicate" not in client.get(f"/candidates/{b.pk}/").content.decode()
    # The edit form's live warning leaves the dismissed pair out too.
    warning = client.post(
        "/candidates/check-duplicates/",
        {"candidate": a.pk, "first_name": "Alex", "last_name": "Reid", "phone": "+447700900111"},
    )
    assert f"#{b.pk}" not in warning.content.decode()


def test_attention_list_no_longer_lists_a_dismissed_pair(client, recruiter):
    a, b = twins(recruiter)
    client.force_login(recruiter)
    client.post(f"/candidates/{a.pk}/not-duplicate/", {"other": b.pk})
    from candidates.selectors import candidate_attention_list

    flagged = {c.pk: c.possible_duplicates for c in candidate_attention_list(user=recruiter)}
    assert flagged.get(a.pk, []) == [] and flagged.get(b.pk, []) == []
