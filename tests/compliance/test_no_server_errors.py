"""Any input gives a 400 (or 404), never a 500 (API.md conventions), for the compliance endpoints."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.factories.candidates import CandidateFactory
from tests.factories.core import UserFactory

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        ["2026-01-01", "2099-12-31", "0001-01-01", "WAB123CDE", "001234567890", "pass", "list_a"]
    ),
    st.lists(st.text(max_size=5), max_size=2),
)
RTW_FIELDS = [
    "candidate",
    "holds",
    "route",
    "list",
    "document_type",
    "share_code",
    "share_code_issued_on",
    "checked_on",
    "checked_by",
    "permission_expires_on",
    "pvn_issued_on",
    "outcome",
    "supersedes",
]
DBS_FIELDS = [
    "candidate",
    "vacancy",
    "level",
    "workforce",
    "barred_lists",
    "certificate_number",
    "issued_on",
    "result",
    "decision_on",
    "update_service",
    "update_service_consent_on",
]
REF_FIELDS = [
    "candidate",
    "referee_name",
    "relationship",
    "requested_on",
    "received_on",
    "verified",
    "employed_from",
]
FUZZ = settings(
    max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def world(db):
    officer = UserFactory(username="fuzz-officer", role="compliance")
    owner = UserFactory(username="fuzz-owner", role="recruiter", team=officer.team)
    return officer, CandidateFactory(owner=owner)


def _assert_no_500(response):
    assert response.status_code < 500, response.content[:300]


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(RTW_FIELDS), junk, max_size=8), real_candidate=st.booleans())
def test_right_to_work_api_never_errors(api_as, world, payload, real_candidate):
    officer, candidate = world
    if real_candidate:
        payload["candidate"] = candidate.pk
    _assert_no_500(api_as(officer).post("/api/v1/compliance/right-to-work/", payload, format="json"))


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(DBS_FIELDS), junk, max_size=8), real_candidate=st.booleans())
def test_dbs_api_never_errors(api_as, world, payload, real_candidate):
    officer, candidate = world
    if real_candidate:
        payload["candidate"] = candidate.pk
    _assert_no_500(api_as(officer).post("/api/v1/compliance/dbs/", payload, format="json"))


@FUZZ
@given(payload=st.dictionaries(st.sampled_from(REF_FIELDS), junk, max_size=6))
def test_references_api_never_errors(api_as, world, payload):
    officer, candidate = world
    payload["candidate"] = candidate.pk
    _assert_no_500(api_as(officer).post("/api/v1/compliance/references/", payload, format="json"))


@FUZZ
@given(candidate=st.text(max_size=25), vacancy=st.text(max_size=25), on=st.text(max_size=12))
def test_status_endpoint_never_errors(api_as, world, candidate, vacancy, on):
    officer, _ = world
    response = api_as(officer).get(
        "/api/v1/compliance/status/", {"candidate": candidate, "vacancy": vacancy, "on": on}
    )
    _assert_no_500(response)


@pytest.mark.parametrize("value", ["²", "\u0661", "99999999999999999999", " 1"])
def test_status_and_list_ids_that_are_not_ascii_digits_are_a_400(api_as, world, value):
    # "²".isdigit() is True but int("²") raises: found by hypothesis on the status endpoint.
    officer, _ = world
    status = api_as(officer).get("/api/v1/compliance/status/", {"candidate": value, "vacancy": value})
    listed = api_as(officer).get("/api/v1/compliance/right-to-work/", {"candidate": value})
    assert (status.status_code, listed.status_code) == (400, 400)
