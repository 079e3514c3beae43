"""Matching: hard filters in SQL, a documented score, an explainable rationale — and never a
protected characteristic (Equality Act 2010; DOMAIN.md)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from candidates.models import Candidate, DiversityRecord
from tests.factories.candidates import CandidateFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.selectors.match_rationale import match_reason_list
from vacancies.selectors.match_scoring import SCORED_FIELDS
from vacancies.selectors.matching import vacancy_matches

MUST = ["Python", "Django", "PostgreSQL"]


@pytest.fixture
def vacancy(acme, recruiter):
    return VacancyFactory(
        client=acme,
        owner=recruiter,
        team=recruiter.team,
        employment_type="perm",
        must_have_skills=MUST,
        nice_to_have_skills=["Celery", "AWS"],
        postcode="LS1 1AA",
        remote="hybrid",
        salary_min=55000,
        salary_max=60000,
        start_on=timezone.localdate() + datetime.timedelta(days=30),
    )


def person(recruiter, **fields):
    defaults = {
        "employment_types": ["perm"],
        "postcode": "LS2 7AB",
        "right_to_work": "yes",
        "skills": MUST,
    }
    return CandidateFactory(owner=recruiter, **{**defaults, **fields})


@pytest.fixture
def data_set(recruiter, vacancy):
    today = timezone.localdate()
    return {
        "ace": person(
            recruiter, skills=[*MUST, "Celery", "AWS"], desired_salary=58000, notice_period_weeks=4
        ),
        "pricey": person(recruiter, desired_salary=65000, postcode="M1 1AA", notice_period_weeks=12),
        "partial": person(recruiter, skills=["Python", "Django", "Celery"]),
        "sponsor": person(recruiter, skills=[*MUST, "Celery", "AWS"], right_to_work="needs_sponsorship"),
        "dnc": person(recruiter, skills=[*MUST, "Celery", "AWS"], status="do_not_contact"),
        "late": person(recruiter, available_from=today + datetime.timedelta(days=40)),
        "contractor": person(recruiter, employment_types=["contract"]),
    }


def test_matches_come_in_the_documented_order_with_their_rationale(recruiter, vacancy, data_set):
    results = vacancy_matches(user=recruiter, vacancy=vacancy)
    assert [(m.candidate, m.score) for m in results] == [
        (data_set["ace"].pk, 100.0),
        (data_set["pricey"].pk, 61.5),
    ]
    pricey = results[1].rationale
    assert pricey["matched_must_have"] == MUST and pricey["missing_must_have"] == []
    assert pricey["matched_nice_to_have"] == []
    assert pricey["salary"]["fit"] == "slightly_over"
    assert pricey["salary"]["text"] == "asks £65k, budget £55\u201360k"
    assert pricey["location"]["fit"] == "hybrid_commute"
    assert pricey["right_to_work"] == "declared"
    assert set(pricey) == {
        "matched_must_have",
        "missing_must_have",
        "matched_nice_to_have",
        "salary",
        "availability",
        "location",
        "right_to_work",
    }


def test_near_misses_only_with_include_partial_and_readable_reasons(recruiter, vacancy, data_set):
    results = vacancy_matches(user=recruiter, vacancy=vacancy, include_partial=True)
    assert [m.candidate for m in results] == [
        data_set["ace"].pk,
        data_set["partial"].pk,
        data_set["pricey"].pk,
    ]
    partial = results[1]
    assert partial.score == 66.2
    assert partial.rationale["missing_must_have"] == ["PostgreSQL"]
    lines = match_reason_list(partial.rationale, must_total=3)
    assert lines[0] == "has 2 of 3 must-haves: missing PostgreSQL"
    assert "nice to have: Celery" in lines


def test_hard_filters_leave_out_sponsorship_do_not_contact_late_and_other_types(recruiter, vacancy, data_set):
    found = {m.candidate for m in vacancy_matches(user=recruiter, vacancy=vacancy, include_partial=True)}
    for name in ("sponsor", "dnc", "late", "contractor"):
        assert data_set[name].pk not in found, name


def test_sponsorship_needers_are_matched_when_the_vacancy_offers_it(recruiter, vacancy, data_set):
    vacancy.sponsorship_available = True
    vacancy.save()
    found = [m.candidate for m in vacancy_matches(user=recruiter, vacancy=vacancy)]
    assert data_set["sponsor"].pk in found


def test_anonymised_and_other_teams_candidates_are_never_matched(recruiter, outsider, vacancy, data_set):
    Candidate.objects.filter(pk=data_set["ace"].pk).update(is_anonymised=True)
    CandidateFactory(owner=outsider, skills=MUST, employment_types=["perm"])
    found = [m.candidate for m in vacancy_matches(user=recruiter, vacancy=vacancy)]
    assert found == [data_set["pricey"].pk]


def test_protected_characteristics_never_change_the_score(recruiter, vacancy):
    """Equality Act 2010: two people differing only in name, contact details and diversity data."""
    common = {"skills": [*MUST, "AWS"], "desired_salary": 57000, "notice_period_weeks": 8}
    one = person(recruiter, first_name="Mohammed", last_name="Iqbal", email="m@example.test", **common)
    two = person(recruiter, first_name="Emily", last_name="Clarke", phone="+447700900123", **common)
    DiversityRecord.objects.create(
        candidate=one,
        age_band=DiversityRecord.AgeBand.values[-2],
        sex="male",
        ethnicity="Asian",
        disability="yes",
    )
    DiversityRecord.objects.create(candidate=two, age_band=DiversityRecord.AgeBand.values[1], sex="female")
    results = {m.candidate: m for m in vacancy_matches(user=recruiter, vacancy=vacancy)}
    assert results[one.pk].score == results[two.pk].score
    assert results[one.pk].rationale == results[two.pk].rationale
    # The scorer reads only these columns: no name, contact detail, photo, birth date or diversity data.
    assert not {"first_name", "last_name", "email", "phone", "diversity_record"} & set(SCORED_FIELDS)


def test_matches_endpoint_shape_visibility_and_constant_queries(
    api_as, recruiter, outsider, vacancy, data_set, django_assert_max_num_queries
):
    api = api_as(recruiter)
    url = f"/api/v1/vacancies/{vacancy.pk}/matches/"
    body = api.get(url).json()
    assert [r["candidate"] for r in body["results"]] == [data_set["ace"].pk, data_set["pricey"].pk]
    assert body["results"][0]["score"] == 100.0
    assert len(api.get(url + "?limit=1").json()["results"]) == 1
    assert len(api.get(url + "?include_partial=1").json()["results"]) == 3
    assert api.get(url + "?limit=abc").status_code == 200
    assert api_as(outsider).get(url).status_code == 404
    with django_assert_max_num_queries(12) as few:
        api.get(url)
    for _ in range(8):
        person(recruiter, skills=[*MUST, "AWS"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(url).json()["results"]) == 10


def test_find_matches_page_shows_reasons_and_adds_to_the_shortlist(client, recruiter, vacancy, data_set):
    client.force_login(recruiter)
    page = client.get(f"/vacancies/{vacancy.pk}/matches/?partial=1").content.decode()
    assert "has 2 of 3 must-haves: missing PostgreSQL" in page
    assert "asks £65k, budget £55\u201360k" in page
    response = client.post(f"/vacancies/{vacancy.pk}/matches/{data_set['ace'].pk}/shortlist/")
    assert response.status_code == 302
    entry = vacancy.shortlists.get().entries.get()
    assert entry.candidate == data_set["ace"] and entry.match_score == 100.0
    assert entry.match_rationale["matched_nice_to_have"] == ["Celery", "AWS"]
    assert vacancy.applications.get(candidate=data_set["ace"]).stage == "shortlisted"
    page = client.get(f"/vacancies/{vacancy.pk}/matches/").content.decode()
    assert "On a shortlist" in page
