"""Any input gives a 400/409, never a 500 (API.md conventions), for the issue 4 endpoints."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.factories.clients import ClientFactory
from tests.factories.core import UserFactory

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),  # the test client cannot encode them; see below
    st.text(max_size=40),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3),
)
VACANCY_FIELDS = [
    "title",
    "salary_min",
    "salary_max",
    "day_rate",
    "headcount",
    "status",
    "remote",
    "employment_type",
    "start_on",
    "required_checks",
    "must_have_skills",
    "contact",
    "postcode",
]
CLIENT_FIELDS = ["name", "status", "fee_percent", "terms_signed_on", "update_every_days", "team", "postcode"]


@pytest.fixture
def world(db):
    user = UserFactory(username="fuzz", role="recruiter")
    return user, ClientFactory(owner=user)


@settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.dictionaries(st.sampled_from(VACANCY_FIELDS), junk, max_size=5))
def test_vacancy_api_never_errors(api_as, world, payload):
    user, client = world
    response = api_as(user).post("/api/v1/vacancies/", {"client": client.pk, **payload}, format="json")
    assert response.status_code in (201, 400, 409), response.content


@settings(
    max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.dictionaries(st.sampled_from(CLIENT_FIELDS), junk, max_size=4))
def test_client_api_never_errors(api_as, world, payload):
    user, _ = world
    response = api_as(user).post("/api/v1/clients/", payload, format="json")
    assert response.status_code in (201, 400), response.content


@settings(
    max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=60))
def test_rebate_schedule_field_never_errors(text):
    from django.core.exceptions import ValidationError

    from clients.forms import RebateScheduleField

    with contextlib.suppress(ValidationError):
        RebateScheduleField(required=False).clean(text)


def test_non_standard_json_numbers_are_a_400(api_as, world):
    user, _ = world
    for body in ['{"name": Infinity}', '{"title": NaN, "client": 1}', "{not json"]:
        for path in ["/api/v1/clients/", "/api/v1/vacancies/"]:
            response = api_as(user).post(path, body, content_type="application/json")
            assert response.status_code == 400, (path, body)


def test_ids_beyond_bigint_are_not_found_not_errors(api_as, client, world):
    user, _ = world
    api = api_as(user)
    for path, body in [
        ("/api/v1/clients/", {"name": "X", "team": 2**70}),
        ("/api/v1/vacancies/", {"client": 2**70, "title": "X"}),
        ("/api/v1/contacts/", {"client": 2**64, "first_name": "A", "last_name": "B"}),
        ("/api/v1/applications/", {"candidate": 2**64, "vacancy": 2**64}),
        ("/api/v1/placements/", {"application": 2**64, "start_on": "2026-01-01"}),
    ]:
        assert api.post(path, body, format="json").status_code == 400, path
    assert api.get("/api/v1/vacancies/", {"client": str(2**70)}).status_code == 400  # not an id
    assert api.get(f"/api/v1/clients/{2**70}/").status_code == 404
    client.force_login(user)
    assert client.get(f"/vacancies/{2**70}/board/").status_code == 404
    assert client.get(f"/clients/{2**70}/").status_code == 404
