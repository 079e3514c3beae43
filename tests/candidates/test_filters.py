"""The API.md filters on GET /candidates/, each on its own, plus ordering."""

from __future__ import annotations

import datetime

import pytest

from tests.factories.candidates import CandidateFactory

URL = "/api/v1/candidates/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def people(recruiter, teammate):
    return {
        "a": CandidateFactory(
            owner=recruiter,
            last_name="Adams",
            skills=["Python", "Django"],
            postcode="LS1 1AA",
            available_from=datetime.date(2030, 1, 1),
            employment_types=["perm"],
            right_to_work="yes",
            tags=["hot"],
            source="direct",
            status="active",
        ),
        "b": CandidateFactory(
            owner=teammate,
            last_name="Baker",
            skills=["Python"],
            postcode="L1 1AA",
            available_from=datetime.date(2031, 1, 1),
            employment_types=["contract"],
            right_to_work="needs_sponsorship",
            source="referral",
            status="placed",
        ),
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"skills": "python"}, {"a", "b"}),
        ({"skills": "python, django"}, {"a"}),
        ({"skills": "py"}, {"a", "b"}),  # alias
        ({"postcode_area": "LS"}, {"a"}),
        ({"postcode_area": "l"}, {"b"}),
        ({"available_before": "2030-06-01"}, {"a"}),
        ({"employment_type": "contract"}, {"b"}),
        ({"right_to_work": "yes"}, {"a"}),
        ({"tag": "HOT"}, {"a"}),
        ({"source": "referral"}, {"b"}),
        ({"status": "placed"}, {"b"}),
    ],
)
def test_each_filter(api_as, recruiter, people, params, expected):
    body = api_as(recruiter).get(URL, params).json()
    assert {row["id"] for row in body["results"]} == {people[key].pk for key in expected}


def test_owner_filter_and_ordering(api_as, recruiter, people):
    client = api_as(recruiter)
    assert [r["id"] for r in client.get(URL, {"owner": recruiter.pk}).json()["results"]] == [people["a"].pk]
    names = [r["last_name"] for r in client.get(URL, {"ordering": "-name"}).json()["results"]]
    assert names == ["Baker", "Adams"]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "nope"},
        {"owner": "x"},
        {"available_before": "soon"},
        {"ordering": "evil"},
        {"q": "x" * 600},
    ],
)
def test_bad_filters_are_a_400(api_as, recruiter, params):
    assert api_as(recruiter).get(URL, params).status_code == 400


def test_page_size_is_capped_at_200(api_as, recruiter, people):
    body = api_as(recruiter).get(URL, {"page_size": 1000}).json()
    assert body["count"] == 2
