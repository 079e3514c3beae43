"""The sweep's one-statement path (privacy/services/anonymiser_sql.py) writes what the anonymisers
write one by one, its work per person does not grow with the person's rows, and a run's record
stays bounded."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candidates.models import Candidate, WorkHistory
from privacy import registry
from privacy.models import SweepRun
from privacy.selectors.due import retention_policy_map
from privacy.services import anonymiser_sql, erasure, sweep
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
    erasure.candidate_anonymise(candidate=fast, actor=None)
    for anonymiser in registry.ANONYMISERS:
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
    assert erasure.candidate_plan_get().run(fast) == 0


def _round_trips(pks: list[int], run: SweepRun, recheck: sweep._Recheck) -> int:
    prepared = []
    original = anonymiser_sql.sql_prepared_execute

    def counting(sql, params):
        prepared.append(sql)
        return original(sql, params)

    anonymiser_sql.sql_prepared_execute = counting
    try:
        with CaptureQueriesContext(connection) as queries:
            assert sweep._sweep_candidate_group(pks, dry_run=False, run=run, recheck=recheck) == pks
    finally:
        anonymiser_sql.sql_prepared_execute = original
    return len(queries) + len(prepared)


def test_sweep_round_trips_per_person_do_not_grow_with_their_rows(recruiter):
    small = old_candidate(owner=recruiter, days=40, work_history=_history(1))
    large = old_candidate(owner=recruiter, days=40, work_history=_history(12))
    run = SweepRun.objects.create()
    recheck = sweep._Recheck(retention_policy_map())
    few, many = _round_trips([small.pk], run, recheck), _round_trips([large.pk], run, recheck)
    assert few == many <= 10
    assert WorkHistory.objects.filter(candidate=large, employer="[removed]").count() == 12


def test_a_group_costs_the_same_round_trips_as_one_person(recruiter):
    one = [old_candidate(owner=recruiter, days=40, work_history=_history(2)).pk]
    group = sorted(old_candidate(owner=recruiter, days=40, work_history=_history(3)).pk for _ in range(6))
    run = SweepRun.objects.create()
    recheck = sweep._Recheck(retention_policy_map())
    assert _round_trips(one, run, recheck) == _round_trips(group, run, recheck) <= 10
    assert Candidate.objects.filter(pk__in=group, is_anonymised=True).count() == 6
    assert WorkHistory.objects.filter(candidate__in=group, employer="[removed]").count() == 18
    run.refresh_from_db()
    assert run.anonymised == 7 and run.acted_on["candidate"] == one + group


def test_a_failing_group_is_retried_one_by_one_and_a_failing_person_stops_the_run(
    recruiter, monkeypatch, caplog
):
    people = sorted(old_candidate(owner=recruiter, days=40).pk for _ in range(3))
    plan = erasure.candidate_plan_get()
    original = plan.run_many
    bad: set[int] = set()

    def flaky(group, **kwargs):
        if len(group) > 1 or {p.pk for p in group} & bad:
            raise RuntimeError("boom")
        return original(group, **kwargs)

    monkeypatch.setattr(plan, "run_many", flaky)
    run = sweep.sweep_run(run=SweepRun.objects.create())
    assert run.status == SweepRun.Status.FINISHED and run.anonymised == 3 and run.skipped == 0
    assert "a group of 3 failed (RuntimeError); retrying one by one" in caplog.text
    assert Candidate.objects.filter(pk__in=people, is_anonymised=True).count() == 3

    later = sorted(old_candidate(owner=recruiter, days=40).pk for _ in range(3))
    bad.add(later[1])
    run = sweep.sweep_run(run=SweepRun.objects.create())
    # The one before the bad person is done (own transaction); the bad one and after are untouched.
    assert run.status == SweepRun.Status.FAILED and run.anonymised == 1
    assert list(Candidate.objects.filter(pk__in=later, is_anonymised=True).values_list("pk", flat=True)) == [
        later[0]
    ]


def test_a_run_records_its_counts_exactly_and_a_bounded_list_of_ids(recruiter, monkeypatch):
    monkeypatch.setattr(sweep, "ACTED_ON_CAP", 2)
    due = [old_candidate(owner=recruiter, days=40).pk for _ in range(3)]
    dry = sweep.sweep_run(run=SweepRun.objects.create(dry_run=True))
    real = sweep.sweep_run(run=SweepRun.objects.create())
    assert dry.due == real.due == dry.anonymised == real.anonymised == 3
    assert dry.acted_on["candidate"] == real.acted_on["candidate"] == sorted(due)[:2]
    assert Candidate.objects.filter(pk__in=due, is_anonymised=True).count() == 3
