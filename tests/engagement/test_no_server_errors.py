"""Any input gives a 400 (or 404), never a 500 (API.md conventions), for the customer-service endpoints."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.factories.candidates import CandidateFactory
from tests.factories.core import UserFactory
from tests.factories.engagement import ComplaintFactory

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.text(max_size=30),
    st.sampled_from(["2026-01-01T10:00:00Z", "2999-12-31T00:00:00Z", "call", "high", "candidate", "other"]),
    st.lists(st.text(max_size=5), max_size=2),
)
COMMUNICATION_FIELDS = [
    "kind",
    "direction",
    "summary",
    "occurred_at",
    "candidate",
    "contact",
    "vacancy",
    "by",
]
COMPLAINT_FIELDS = [
    "complainant_type",
    "candidate",
    "contact",
    "complainant_name",
    "channel",
    "category",
    "severity",
    "description",
    "received_at",
    "owner",
    "acknowledged_at",
    "resolution",
    "closed_at",
]
FUZZ = settings(
    max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def world(db):
    owner = UserFactory(username="fuzz-owner", role="recruiter")
    return owner, CandidateFactory(owner=owner), ComplaintFactory(actor=owner)


def _assert_no_500(response):
    assert response.status_code < 500, response.content[:300]


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(COMMUNICATION_FIELDS), junk, max_size=8), real=st.booleans())
def test_communications_api_never_errors(api_as, world, payload, real):
    owner, candidate, _ = world
    if real:
        payload["candidate"] = candidate.pk
    _assert_no_500(api_as(owner).post("/api/v1/communications/", payload, format="json"))


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(COMPLAINT_FIELDS), junk, max_size=10))
def test_complaints_api_never_errors(api_as, world, payload):
    owner, _, complaint = world
    api = api_as(owner)
    _assert_no_500(api.post("/api/v1/complaints/", payload, format="json"))
    _assert_no_500(api.patch(f"/api/v1/complaints/{complaint.pk}/", payload, format="json"))


@FUZZ
@given(query=st.text(max_size=20))
def test_filters_and_pages_never_error(client, api_as, world, query):
    owner, _, _ = world
    _assert_no_500(api_as(owner).get("/api/v1/communications/", {"candidate": query, "vacancy": query}))
    client.force_login(owner)
    _assert_no_500(client.get("/service/complaints/", {"show": query}))
    _assert_no_500(client.get("/service/you-said-we-did/", {"client": query}))
    _assert_no_500(client.get(f"/service/survey/{query or 'x'}/".replace("//", "/x/")))


def test_unicode_digits_are_not_ids(client, api_as, world, manager):
    owner, _, _ = world
    # Not an id: a 400 naming the filter (issue 17), never a 500 nor "²" read as 2.
    assert api_as(owner).get("/api/v1/communications/", {"candidate": "²"}).status_code == 400
    assert api_as(owner).get("/api/v1/communications/", {"vacancy": "9" * 30}).status_code == 400
    client.force_login(owner)
    assert client.get("/service/you-said-we-did/", {"client": "²", "feedback": "٣"}).status_code == 200
    client.force_login(manager)
    assert client.get("/dashboard/manager/", {"recruiter": "²", "team": "٣"}).status_code == 200
