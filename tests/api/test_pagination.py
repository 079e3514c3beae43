"""Pagination caps (issue 9): bad paging input is a 400 or is capped, never a 500, on every list."""

from __future__ import annotations

import pytest

from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.engagement import CommunicationFactory
from tests.factories.vacancies import VacancyFactory

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/candidates/", "/api/v1/clients/", "/api/v1/vacancies/", "/api/v1/communications/"]


@pytest.fixture
def three_of_each(recruiter):
    for _ in range(3):
        candidate = CandidateFactory(owner=recruiter)
        CommunicationFactory(candidate=candidate)
        VacancyFactory(client=ClientFactory(owner=recruiter))


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "\u0661", "9" * 40, ""])
def test_a_page_that_is_not_a_whole_number_from_1_is_a_400(api_as, admin_user, url, page):
    response = api_as(admin_user).get(url, {"page": page})
    assert response.status_code == 400
    assert response.json() == {"page": ["A page is a whole number from 1."]}


@pytest.mark.parametrize("url", LISTS)
def test_a_page_past_the_last_is_a_404(api_as, admin_user, three_of_each, url):
    response = api_as(admin_user).get(url, {"page": "999999999"})
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("url", LISTS)
def test_last_names_the_last_page(api_as, admin_user, three_of_each, url):
    body = api_as(admin_user).get(url, {"page": "last", "page_size": "2"}).json()
    assert body["count"] == 3 and len(body["results"]) == 1 and body["next"] is None


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("page_size", ["-1", "0", "abc", "", "9" * 40])
def test_a_page_size_that_is_not_a_whole_number_from_1_gives_the_default_page(
    api_as, admin_user, three_of_each, url, page_size
):
    response = api_as(admin_user).get(url, {"page_size": page_size})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize("url", LISTS)
def test_a_page_size_over_200_is_capped_at_200(api_as, admin_user, url, recruiter):
    from candidates.models import Candidate

    if url == "/api/v1/candidates/":  # enough rows to see the cap on one list
        Candidate.objects.bulk_create(
            [
                Candidate(first_name="C", last_name=str(n), owner=recruiter, team=recruiter.team)
                for n in range(205)
            ]
        )
    response = api_as(admin_user).get(url, {"page_size": "100000"})
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == min(body["count"], 200)
    if url == "/api/v1/candidates/":
        assert len(body["results"]) == 200 and "page_size=100000" in body["next"]


@pytest.mark.parametrize("limit", ["-1", "0", "abc", "", "9" * 40, "100000"])
def test_matches_limit_is_capped_and_never_an_error(api_as, recruiter, limit):
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter))
    response = api_as(recruiter).get(f"/api/v1/vacancies/{vacancy.pk}/matches/", {"limit": limit})
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 200


def test_a_ranked_list_is_counted_exactly_and_paged_only_to_its_depth():
    # What candidates' ranked search hands the paginator (docs/search.md "Counts"): every match
    # counted, but only the best `page_depth` can be paged through.
    from django.core.paginator import EmptyPage

    from core.api.pagination import RankedPaginator

    class Ranked(list):
        page_depth = 5

        def exact_count(self):
            return 187_000

    paginator = RankedPaginator(Ranked(range(10)), 2)
    assert paginator.count == 187_000 and paginator.num_pages == 3
    assert list(paginator.page(3).object_list) == [4]
    with pytest.raises(EmptyPage):
        paginator.page(4)
