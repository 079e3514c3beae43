"""The list and search pages at a million candidates (issue 10): a capped count, no deep OFFSET,
the same queries whatever the row count, and a sweep whose work per person does not grow."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from candidates.views import pagination
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def _count_queries(captured):
    return [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]


def test_list_page_counts_only_up_to_the_cap_and_says_so(
    client, recruiter, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    for n in range(7):
        CandidateFactory(owner=recruiter, last_name=f"Capped{n}")
    client.force_login(recruiter)
    with django_assert_max_num_queries(20) as queries:
        html = client.get(reverse("candidates:index")).content.decode()
    assert "5+ candidates" in html
    counts = _count_queries(queries.captured_queries)
    # Never an unbounded COUNT(*): the count reads at most cap + 1 rows.
    assert counts and all(re.search(r"LIMIT 6\b", sql) for sql in counts)


def test_pages_beyond_the_cap_are_not_served(client, recruiter, monkeypatch):
    monkeypatch.setattr(pagination, "COUNT_CAP", 4)
    for n in range(7):
        CandidateFactory(owner=recruiter, last_name=f"Deep{n}")
    monkeypatch.setattr("candidates.views.pages.PAGE_SIZE", 2)
    client.force_login(recruiter)
    last = client.get(reverse("candidates:index"), {"page": 2}).content.decode()
    assert last.count('name="ids"') == 2 and "Page 2 of 2" in last
    # Asking for page 3 (rows 5-6, past the cap) gets the last page inside the cap, not an OFFSET.
    beyond = client.get(reverse("candidates:index"), {"page": 3}).content.decode()
    assert beyond.count('name="ids"') == 2 and "Page 2 of 2" in beyond
    junk = client.get(reverse("candidates:index"), {"page": "x' OR 1=1"})
    assert junk.status_code == 200


def test_exact_count_is_shown_below_the_cap(client, recruiter):
    for _ in range(3):
        CandidateFactory(owner=recruiter)
    client.force_login(recruiter)
    html = client.get(reverse("candidates:index")).content.decode()
    assert "3 candidates" in html and "+ candidates" not in html


@pytest.mark.parametrize("params", [{}, {"q": "developer"}, {"q": "developer", "ordering": "-created_at"}])
def test_list_and_search_pages_run_the_same_queries_for_2_or_40_rows(
    client, recruiter, params, django_assert_max_num_queries
):
    client.force_login(recruiter)
    for _ in range(2):
        CandidateFactory(owner=recruiter, skills=["Python"], tags=["x"])
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("candidates:index"), params).status_code == 200
    for _ in range(38):
        CandidateFactory(owner=recruiter, skills=["Python", "Go"], tags=["x"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("candidates:index"), params)
    assert response.content.decode().count('name="ids"') == 40
