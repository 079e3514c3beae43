"""Ranked search (issues 10 and 20): the best of EVERY match, in the ranking's order, exactly counted;
snippets for the page only; the plans use the search indexes. The ranking's order itself is pinned
in test_ranking.py."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection, transaction
from django.http import QueryDict

from candidates.filtersets import CandidateFilterSet
from candidates.models import Candidate
from candidates.search.queries import apply_search, bounded_search, count_label, search_count, search_filter
from candidates.selectors import candidate_list_queryset, candidate_search_page
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def developers(recruiter):
    """Six developers of falling data quality; two are also in Leeds' finance tag."""
    people = []
    for n in range(6):
        people.append(
            CandidateFactory(
                owner=recruiter,
                current_title="Developer" if n % 2 else "Senior Developer developer",
                summary="Writes Python services." if n < 3 else "Writes Java services.",
                tags=["finance"] if n in (1, 4) else [],
            )
        )
    # search_prior is derived; set it here to a known order inside each tier (the highest first).
    for rank, person in enumerate(people):
        Candidate.objects.filter(pk=person.pk).update(search_prior=9_999_090 - rank * 10)
    return people


@pytest.fixture
def crowd(recruiter):
    """Two hundred of the recruiter's team's people whom no test search matches, so that, as at full
    size, a word's GIN entries are far fewer than the live rows: with six rows only, every index is
    as cheap as any other, and the planner may walk the live-rows index instead (seen once in CI)."""
    Candidate.objects.bulk_create(
        Candidate(
            first_name="Crowd",
            last_name=f"Person{n}",
            email=f"crowd{n}@example.test",
            owner=recruiter,
            team=recruiter.team,
            current_title="Accountant",
        )
        for n in range(200)
    )


def ids(rows):
    return [row.pk for row in rows]


def _full(text, queryset=None):
    queryset = Candidate.objects.all() if queryset is None else queryset
    return apply_search(queryset, text).order_by("-search_rank", "-id")


def test_below_the_pool_the_bounded_ranking_is_exactly_the_full_ranking(developers):
    full = _full("developer")
    bounded = bounded_search(search_filter(Candidate.objects.all(), "developer"), "developer", pool=50)
    assert ids(bounded) == ids(full)
    assert [row.search_rank for row in bounded] == [row.search_rank for row in full]


def test_above_the_pool_the_best_of_every_match_are_ranked_and_the_count_is_exact(developers):
    # The old pool took the best-kept records first; now a pool of 3 is the full ranking's top 3.
    rows = list(bounded_search(search_filter(Candidate.objects.all(), "developer"), "developer", pool=3))
    assert ids(rows[:3]) == ids(_full("developer")[:3])
    assert search_count(search_filter(Candidate.objects.all(), "developer")) == 6
    assert count_label(1234) == "1,234"
    assert count_label(187_000, estimate=True) == "about 187,000"


def test_filters_are_applied_before_the_best_are_taken(developers):
    matching = search_filter(Candidate.objects.filter(tags__contains=["finance"]), "developer")
    rows = list(bounded_search(matching, "developer", pool=1))
    expected = _full("developer", Candidate.objects.filter(tags__contains=["finance"]))
    assert ids(rows[:1]) == ids(expected[:1])
    assert set(ids(rows)) <= {developers[1].pk, developers[4].pk}


def test_the_page_has_highlighted_snippets(developers):
    row = bounded_search(search_filter(Candidate.objects.all(), "python"), "python")[0]
    assert "\u27e6" in row.search_snippet


def _filterset(user, **params):
    data = QueryDict(mutable=True)
    data.update(params)
    return CandidateFilterSet(data, queryset=candidate_list_queryset(user=user))


def test_the_search_page_gives_rows_and_an_exact_count_in_a_constant_number_of_queries(
    recruiter, developers, django_assert_num_queries
):
    filterset = _filterset(recruiter, q="developer")
    assert filterset.is_valid()
    # The count of every match (inside a savepoint here — a transaction in a request — with its
    # own SET LOCAL work_mem: savepoint, SET, count, release) and one query for the rows and their
    # first skills' names.
    with django_assert_num_queries(5):
        page = candidate_search_page(filterset.qs, page=1, per_page=4)
    assert len(page.candidates) == 4 and page.total == 6 and page.count_label == "6"
    assert page.num_pages == 2 and page.has_next and not page.has_previous
    last = candidate_search_page(_filterset(recruiter, q="developer").qs, page=99, per_page=4)
    assert last.number == 2 and len(last.candidates) == 2
    nothing = candidate_search_page(_filterset(recruiter, q="zanzibar").qs, page="x")
    assert nothing.candidates == [] and nothing.total == 0 and nothing.count_label == "0"


def test_the_search_page_respects_visibility(recruiter, outsider, developers):
    CandidateFactory(owner=outsider, current_title="Developer")
    page = candidate_search_page(_filterset(recruiter, q="developer").qs)
    assert page.total == 6
    assert {c.pk for c in page.candidates} == {p.pk for p in developers}


def test_the_export_can_still_rank_every_match(recruiter, developers):
    data = QueryDict("q=developer")
    unbounded = CandidateFilterSet(data, queryset=candidate_list_queryset(user=recruiter), rank_pool=None)
    bounded = CandidateFilterSet(data, queryset=candidate_list_queryset(user=recruiter), rank_pool=2)
    assert unbounded.qs.count() == 6
    assert ids(bounded.qs[:2]) == ids(unbounded.qs[:2])
    assert bounded.match_count() == 6 and bounded.qs.exact_count() == 6


def _plan(queryset, *settings: str) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Statistics from this test's own rows only. Earlier tests' rolled-back bulk inserts leave
        # the table's file large (and pg_class's estimates are written in place), so the planner
        # would otherwise plan for a big table; these tests commit their rows (transaction=True)
        # so VACUUM can shrink the file and ANALYZE count exactly what is there.
        cursor.execute("VACUUM ANALYZE candidates_candidate")
        # And indexes as small as these rows make them: under pytest-xdist a worker may have run
        # a big import into this table just before, and a bloated search index costs more to the
        # planner than the team index, whatever these rows are.
        cursor.execute("REINDEX TABLE candidates_candidate")
    with transaction.atomic(), connection.cursor() as cursor:  # SET LOCAL lasts one transaction
        for setting in settings:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        return json.dumps(cursor.fetchone()[0])


def _uses_search_index(plan: str) -> bool:
    """The GIN index on the search vector or the head vector, one of the two prior-order indexes
    the ranking walks, or (with a postcode area filter) the postcode-area index — which one the planner
    picks depends on the statistics — and never a sequential scan of the candidates."""
    indexes = (
        "candidates_cand_search_gin",
        "candidates_cand_head_gin",
        "candidates_cand_teamprior_idx",
        "candidates_cand_prior_idx",
        "candidates_cand_pcarea_idx",
    )
    seq_scan = re.search(r'"Node Type": "Seq Scan"[^{}]*"Relation Name": "candidates_candidate"', plan)
    return any(index in plan for index in indexes) and seq_scan is None


def _bounded(user, text, **filters):
    return _filterset(user, q=text, **filters).qs[:50]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "text", ["python", '"senior developer"', "python OR java", "developer -java", "dev*", "developer"]
)
def test_a_rare_word_is_found_through_the_gin_index(recruiter, developers, crowd, text):
    # At test size a sequential scan is cheapest; with it off, the planner shows which index serves.
    plan = _plan(_bounded(recruiter, text), "enable_seqscan")
    assert _uses_search_index(plan), plan


@pytest.mark.django_db(transaction=True)
def test_a_common_word_walks_the_precomputed_order_and_stops_early(
    recruiter, admin_user, developers, monkeypatch
):
    # A dense tier (more than WALK_ABOVE matches) is walked; here every tier counts as dense.
    monkeypatch.setattr("candidates.search.queries.WALK_ABOVE", -1)
    # What the planner picks for a word half the people have (at 1M; here, with sequential and
    # bitmap scans off): no bitmap of every match and no sort of every match, but the prior-order
    # index, filtered by the search, under each tier's LIMIT. For a recruiter, the team's.
    plan = _plan(_bounded(recruiter, "developer"), "enable_seqscan", "enable_bitmapscan", "enable_sort")
    assert "candidates_cand_teamprior_idx" in plan or "candidates_cand_prior_idx" in plan, plan
    plan = _plan(_bounded(admin_user, "developer"), "enable_seqscan", "enable_bitmapscan", "enable_sort")
    assert "candidates_cand_prior_idx" in plan or "candidates_cand_teamprior_idx" in plan, plan
    assert '"Node Type": "Limit"' in plan


@pytest.mark.django_db(transaction=True)
def test_filters_keep_the_index_plans(recruiter, developers, crowd):
    filters = {"tag": "finance", "status": "active", "employment_type": "perm", "postcode_area": "LS"}
    filterset = _filterset(recruiter, q="python", **filters)
    assert filterset.is_valid()
    filterset.qs  # noqa: B018 - builds `matching`
    # Without the tier sizes (no match here, so the page would not query at all): the plan itself.
    ranked = bounded_search(filterset.matching, "python", base=filterset.queryset)[:50]
    plan = _plan(ranked, "enable_seqscan")
    assert _uses_search_index(plan), plan
