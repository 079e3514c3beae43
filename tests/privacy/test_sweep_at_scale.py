"""The sweep's one-statement path (privacy/bulk.py) writes what the anonymisers write one by one,
its work per person does not grow with the person's rows, and a run's record stays bounded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate, WorkHistory
from privacy import bulk, engine
from privacy.models import SweepRun
from tests.factories.privacy import old_candidate

pytestmark = pytest.mark.django_db

COMPARED = [
    f.attname
    for f in Candidate._meta.concrete_fields
    if f.attname not in ("id", "anonymised_at", "created_at", "updated_at")
]


def _history(n: int) -> list[dict[str, str]]:
    return [{"employer": f"Employer {i}", "title": "Dev", "summary": "did things"} for i in range(n)]


def test_one_statement_path_writes_what_the_anonymisers_write_one_by_one(recruiter):
    fast = old_candidate(owner=recruiter, days=40, tags=["x"], work_history=_history(2))
    slow = old_candidate(owner=recruiter, days=40, tags=["x"], work_history=_history(2))
    engine.candidate_anonymise(candidate=fast, actor=None)
    for anonymiser in engine.ANONYMISERS:
        anonymiser().anonymise(slow)
    fast.refresh_from_db()
    slow.refresh_from_db()
    assert fast.is_anonymised and fast.search_vector is None and fast.anonymised_at
    assert {n: getattr(fast, n) for n in COMPARED if n not in ("email", "phone")} == {
        n: getattr(slow, n) for n in COMPARED if n not in ("email", "phone")
    }
    rows = lambda c: list(WorkHistory.objects.filter(candidate=c).values("employer", "title", "summary"))  # noqa: E731
    assert rows(fast) == rows(slow) == [{"employer": "[removed]", "title": "[removed]", "summary": ""}] * 2
    # A second run changes nothing (idempotent) and counts nothing.
    assert engine._candidate_plan().run(fast) == 0


def _round_trips(pk: int, run: SweepRun, recheck: engine._Recheck) -> int:
    prepared = []
    original = bulk.execute_prepared

    def counting(sql, params):
        prepared.append(sql)
        return original(sql, params)

    bulk.execute_prepared = counting
    try:
        with CaptureQueriesContext(connection) as queries:
            assert engine._sweep_one_candidate(pk, dry_run=False, run=run, recheck=recheck)
    finally:
        bulk.execute_prepared = original
    return len(queries) + len(prepared)


def test_sweep_round_trips_per_person_do_not_grow_with_their_rows(recruiter):
    small = old_candidate(owner=recruiter, days=40, work_history=_history(1))
    large = old_candidate(owner=recruiter, days=40, work_history=_history(12))
    run = SweepRun.objects.create()
    recheck = engine._Recheck(engine._policies())
    few, many = _round_trips(small.pk, run, recheck), _round_trips(large.pk, run, recheck)
    assert few == many <= 10
    assert WorkHistory.objects.filter(candidate=large, employer="[removed]").count() == 12


def test_a_run_records_its_counts_exactly_and_a_bounded_list_of_ids(recruiter, monkeypatch):
    monkeypatch.setattr(engine, "ACTED_ON_CAP", 2)
    due = [old_candidate(owner=recruiter, days=40).pk for _ in range(3)]
    dry = engine.sweep_run(run=SweepRun.objects.create(dry_run=True))
    real = engine.sweep_run(run=SweepRun.objects.create())
    assert dry.due == real.due == dry.anonymised == real.anonymised == 3
    assert dry.acted_on["candidate"] == real.acted_on["candidate"] == sorted(due)[:2]
    assert Candidate.objects.filter(pk__in=due, is_anonymised=True).count() == 3
