"""The ranking (docs/search.md "Ranking", issue 20), pinned on fixed corpora:

* a match in the head of the record (name, current title, skills) above one elsewhere (work history,
  summary, CV);
* inside each tier, recent experience above old (the year of the latest job; in a job now first);
* data quality only breaks ties;
* the bounded result (what the page and the API show) is exactly the first rows of the exhaustive
  ranking — every match ranked — whatever the pool, the tier plan or the filters.
"""

from __future__ import annotations

import datetime
import random

import pytest
from django.http import QueryDict

from candidates.filtersets import CandidateFilterSet
from candidates.models import Candidate
from candidates.search import queries
from candidates.search.queries import apply_search, bounded_search, search_filter, tier_counts
from candidates.selectors import candidate_list_queryset
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def _job(title: str, ended: int | None, summary: str = "") -> dict:
    started = datetime.date((ended or 2024) - 3, 1, 1)
    return {
        "employer": "Acme",
        "title": title,
        "started_on": started,
        "ended_on": datetime.date(ended, 6, 30) if ended else None,
        "summary": summary,
    }


@pytest.fixture
def ladder(recruiter):
    """Six people who all match `python`, each for a different reason, in the order expected."""
    make = CandidateFactory
    people = {
        # Head tier, in a job now, the most complete record (a qualification: +20).
        "title_now": make(
            owner=recruiter,
            current_title="Python Developer",
            work_history=[_job("Developer", None)],
            qualifications=[{"name": "BSc Computing", "institution": "Leeds"}],
        ),
        # Head tier, in a job now, less complete: the tie is broken by data quality.
        "skill_now": make(
            owner=recruiter,
            current_title="Engineer",
            skills=["Python"],
            work_history=[_job("Engineer", None)],
        ),
        # Head tier, but the latest job ended in 2016: below both, above every other tier.
        "skill_old": make(
            owner=recruiter,
            current_title="Engineer",
            skills=["Python"],
            work_history=[_job("Engineer", 2016)],
            qualifications=[{"name": "MSc", "institution": "York"}],
        ),
        # Only in work history (a passing line), the latest job 2023.
        "history_recent": make(
            owner=recruiter,
            current_title="Analyst",
            work_history=[_job("Analyst", 2023, "Some Python scripts for reports.")],
            qualifications=[{"name": "MSc", "institution": "York"}],
        ),
        # Only in work history, 2012 — even though the record is better kept than the next one.
        "history_old": make(
            owner=recruiter,
            current_title="Analyst",
            work_history=[_job("Analyst", 2012, "Python once.")],
            qualifications=[{"name": "PhD", "institution": "Hull"}],
        ),
        # Only in the summary, no work history at all: last.
        "summary_only": make(owner=recruiter, current_title="Clerk", summary="Has heard of Python."),
    }
    return people


ORDER = ["title_now", "skill_now", "skill_old", "history_recent", "history_old", "summary_only"]


def _ids(rows) -> list[int]:
    return [row.pk for row in rows]


def _exhaustive(text: str, queryset=None) -> list[int]:
    queryset = Candidate.objects.all() if queryset is None else queryset
    return _ids(apply_search(queryset, text).order_by("-search_rank", "-id"))


def test_the_ranking_a_recruiter_recognises(ladder):
    expected = [ladder[name].pk for name in ORDER]
    assert _exhaustive("python") == expected
    bounded = bounded_search(search_filter(Candidate.objects.all(), "python"), "python")
    assert _ids(bounded) == expected


def test_the_prior_is_recency_then_quality(ladder):
    prior = {name: Candidate.objects.get(pk=person.pk).search_prior for name, person in ladder.items()}
    assert prior["title_now"] // 1000 == 9999 and prior["skill_now"] // 1000 == 9999
    assert prior["skill_old"] // 1000 == 2016 and prior["history_old"] // 1000 == 2012
    assert prior["summary_only"] // 1000 == 0
    assert prior["title_now"] % 1000 > prior["skill_now"] % 1000  # quality: the tie-breaker
    assert prior["history_old"] % 1000 > prior["history_recent"] % 1000 - 100  # quality never outranks a year


def test_the_head_tier_needs_the_whole_search_in_the_head(ladder):
    # `python analyst`: nobody has both in name, title and skills, so nobody is in the head tier,
    # and the order is by prior alone.
    rows = list(apply_search(Candidate.objects.all(), "python analyst").order_by("-search_rank", "-id"))
    assert _ids(rows) == [ladder["history_recent"].pk, ladder["history_old"].pk]
    assert all(row.search_rank < queries.HEAD_TIER for row in rows)


WORDS = ["python", "java", "excel", "nursing", "forklift", "payroll", "developer", "manager", "sql"]
TITLES = ["Python Developer", "Java Developer", "Payroll Manager", "Nurse", "Forklift Driver", "Analyst"]


@pytest.fixture
def corpus(recruiter, outsider):
    """Eighty people made from a fixed seed: words spread over titles, skills, history of every
    year and summaries, so tiers, years and qualities all tie and cross."""
    rng = random.Random(20)
    people = []
    for n in range(80):
        owner = recruiter if n % 5 else outsider
        history = [
            _job(
                rng.choice(TITLES), rng.choice([None, 2010, 2015, 2019, 2023]), " ".join(rng.sample(WORDS, 2))
            )
            for _ in range(rng.randint(0, 2))
        ]
        people.append(
            CandidateFactory(
                owner=owner,
                current_title=rng.choice(TITLES),
                skills=rng.sample(
                    ["Python", "Java", "Excel", "SQL", "Payroll", "Nursing"], rng.randint(0, 3)
                ),
                work_history=history,
                summary=" ".join(rng.sample(WORDS, rng.randint(0, 3))),
                tags=["finance"] if rng.random() < 0.3 else [],
            )
        )
    return people


SEARCHES = [
    "python",
    "developer",
    "excel",
    "python OR java",
    "python -java",
    '"python developer"',
    "dev*",
    "sql manager",
]


@pytest.mark.parametrize("walk_above", [0, 10_000_000])
def test_the_bounded_ranking_is_the_exhaustive_ranking(corpus, monkeypatch, walk_above):
    # Both tier plans (walk the prior index; bitmap and sort), every search, several pools.
    monkeypatch.setattr(queries, "WALK_ABOVE", walk_above)
    for text in SEARCHES:
        matching = search_filter(Candidate.objects.all(), text)
        full = _exhaustive(text)
        assert full, text  # every search of the set finds someone here
        sizes = tier_counts(matching, text)
        assert sizes[0] == len(full), text
        for pool in (1, 3, 10, 1000):
            assert _ids(bounded_search(matching, text, pool=pool))[:pool] == full[:pool], (text, pool)
            ranked = bounded_search(matching, text, pool=pool, sizes=sizes)
            assert _ids(ranked)[:pool] == full[:pool], (text, pool)


def test_the_page_and_the_api_filterset_show_the_exhaustive_best_with_filters(recruiter, corpus):
    for text in SEARCHES:
        data = QueryDict(mutable=True)
        data.update({"q": text, "tag": "finance"})
        bounded = CandidateFilterSet(data, queryset=candidate_list_queryset(user=recruiter), rank_pool=3)
        full = CandidateFilterSet(data, queryset=candidate_list_queryset(user=recruiter), rank_pool=None)
        assert bounded.is_valid() and full.is_valid()
        expected = _ids(full.qs)
        assert _ids(bounded.qs[:3]) == expected[:3], text
        assert bounded.match_count() == len(expected), text
