"""Reference requests (issue 18): the app emails the referee a signed form (no account); their answer
is recorded as a received reference check, which a second person verifies (four eyes). The link is
single use, expires, carries no personal data, and a tampered or spent one is a plain 404/410 page."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from compliance.models import ReferenceRequest
from compliance.services import reference_request_send
from core.models import SignedLink
from engagement.models import OutboundEmail
from privacy.services.suppression_list import suppression_add

REFEREE = {
    "referee_name": "Grace Hopper",
    "referee_email": "grace@navy.test",
    "relationship": "Line manager",
    "organisation": "Harbour Care Ltd",
    "employed_from": "2021-03-01",
    "employed_to": "2024-06-30",
}
ANSWER = {
    "employed_from": "2021-03-01",
    "employed_to": "2024-05-31",
    "role": "Senior care assistant",
    "would_re_employ": "yes",
    "comments": "Reliable and kind.",
    "consent_to_disclose": "on",
    "confirm": "on",
}


def _send(recruiter: Any, candidate: Any, **extra: Any) -> ReferenceRequest:
    fields = {
        **REFEREE,
        "employed_from": datetime.date(2021, 3, 1),
        "employed_to": datetime.date(2024, 6, 30),
        **extra,
    }
    return reference_request_send(actor=recruiter, candidate=candidate, **fields)


def _token_of(body: str) -> str:
    return re.search(r"/compliance/reference/([\w-]+)/", body).group(1)


def test_a_suppressed_referee_address_is_refused_and_nothing_is_kept(client, api_as, recruiter, candidate):
    suppression_add(email=REFEREE["referee_email"], phone="")
    client.force_login(recruiter)
    page = client.post(reverse("compliance:reference-request-new", args=[candidate.pk]), REFEREE)
    assert page.status_code == 409 and "suppression list" in page.content.decode()
    response = api_as(recruiter).post(
        "/api/v1/compliance/reference-requests/", {**REFEREE, "candidate": candidate.pk}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "suppressed"
    assert not ReferenceRequest.objects.exists() and not SignedLink.objects.exists()
    assert not OutboundEmail.objects.exists()


def test_the_api_sends_lists_and_hides_other_teams_requests(api_as, recruiter, outsider, candidate):
    api = api_as(recruiter)
    created = api.post(
        "/api/v1/compliance/reference-requests/", {**REFEREE, "candidate": candidate.pk}, format="json"
    )
    assert created.status_code == 201, created.content
    row = created.json()
    assert row["state"] == "sent" and row["reference_check"] is None and row["requested_by"] == recruiter.pk
    listed = api.get(f"/api/v1/compliance/reference-requests/?candidate={candidate.pk}").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [row["id"]]
    missing = api.post(
        "/api/v1/compliance/reference-requests/",
        {**REFEREE, "referee_email": "", "candidate": candidate.pk},
        format="json",
    )
    assert missing.status_code == 400 and "referee_email" in missing.json()
    other = api_as(outsider)
    assert other.get(f"/api/v1/compliance/reference-requests/{row['id']}/").status_code == 404
    refused = other.post(
        "/api/v1/compliance/reference-requests/", {**REFEREE, "candidate": candidate.pk}, format="json"
    )
    assert refused.status_code == 400  # a candidate they cannot see
    assert api.patch(f"/api/v1/compliance/reference-requests/{row['id']}/", {}).status_code == 405


def test_an_outsider_cannot_request_a_reference_for_another_teams_candidate(client, outsider, candidate):
    client.force_login(outsider)
    assert client.get(reverse("compliance:reference-request-new", args=[candidate.pk])).status_code == 404


def test_anonymising_the_candidate_removes_the_referee_and_their_words_and_closes_the_link(
    client, recruiter, candidate
):
    from compliance.anonymisers import ReferenceRequestAnonymiser

    request = _send(recruiter, candidate)
    token = _token_of(OutboundEmail.objects.get(kind="reference_request").body)
    assert ReferenceRequestAnonymiser().anonymise(candidate) == 1
    request.refresh_from_db()
    assert (request.referee_name, request.comments, request.organisation) == ("[removed]", "[removed]", "")
    assert request.referee_email == "removed@anonymised.invalid"
    type(candidate).objects.filter(pk=candidate.pk).update(anonymised_at=timezone.now())
    gone = client.get(reverse("portal:reference-answer", args=[token]))
    assert gone.status_code == 410 and "Priya" not in gone.content.decode()
