"""Any input gives a 400/409, never a 500 (API.md conventions), for the issue 4 endpoints."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories.clients import ClientFactory
from tests.factories.core import UserFactory

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),  # JSON cannot carry NaN or infinity
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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(st.sampled_from(VACANCY_FIELDS), junk, max_size=5))
def test_vacancy_api_never_errors(api_as, world, payload):
    user, client = world
    response = api_as(user).post("/api/v1/vacancies/", {"client": client.pk, **payload}, format="json")
    assert response.status_code in (201, 400, 409), response.content


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(st.sampled_from(CLIENT_FIELDS), junk, max_size=4))
def test_client_api_never_errors(api_as, world, payload):
    user, _ = world
    response = api_as(user).post("/api/v1/clients/", payload, format="json")
    assert response.status_code in (201, 400), response.content


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_rebate_schedule_field_never_errors(text):
    from django.core.exceptions import ValidationError

    from clients.forms import RebateScheduleField

    with contextlib.suppress(ValidationError):
        RebateScheduleField(required=False).clean(text)
