# The retention sweep: everyone whose retention has run out, anonymised a group at a time.
#
# Design (zulip's retention module, STYLE.md; what anonymising a person means is in
# privacy.services.erasure, who is due in privacy.selectors.due):
#
# * Each person is locked with SELECT … FOR UPDATE SKIP LOCKED and re-checked, so two sweeps never
#   fight over one person, and the next sweep simply picks up whoever is still due. Because "due"
#   excludes the already anonymised, a second run finds nothing: the sweep is idempotent.
# * The sweep takes due people in groups (RETENTION_SWEEP_BATCH_SIZE, default 200), one
#   transaction per group, each statement working on the whole group
#   (privacy.services.anonymiser_sql). DESIGN.md gives each record its own transaction so that one
#   record's failure costs nobody else their anonymisation and nobody is ever half done; groups keep
#   both: a group commits whole people only, and if anything in it fails the group is rolled back
#   and its people are retried one by one, each in their own transaction (the original path). One
#   transaction per person capped the sweep near 75 people a second at a million candidates
#   (planning and round trips per person, not work); a group of 200 costs about as many statements
#   as one person did (issue 10).
#   The sweep's transactions commit without waiting for the WAL flush (synchronous_commit off, for
#   that transaction only). A crash can then lose the last moments' commits whole — those people
#   are simply still due and the next sweep redoes them — but never leaves anyone half-anonymised.
# * Who is due is one queryset (candidate_due_list) built from the policies, minus every exclusion.
#   A dry run walks the same queryset and the same per-person re-check and writes nothing but the
#   SweepRun, so it reports exactly what a real run would do.
from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Contact
from core.models import User
from core.services import audit_record, audit_record_many
from privacy.models import RetentionPolicy, SweepRun
from privacy.selectors.due import (
    candidate_due_list,
    contact_due_list,
    restricted_due_list,
    retention_policy_map,
)
from privacy.services import anonymiser_sql
from privacy.services.erasure import (
    candidates_anonymise_locked,
    contact_anonymise_locked,
    erasure_restricted_close,
)

logger = logging.getLogger("recruitcrm.privacy")

BATCH_SIZE = 100


@transaction.atomic
def sweep_request(*, actor: User | None, dry_run: bool, trigger: str = "manual") -> SweepRun:
    """Queue a sweep for the worker (on commit: the task finds the committed row)."""
    from privacy.tasks import run_sweep

    run = SweepRun.objects.create(dry_run=dry_run, requested_by=actor, trigger=trigger)
    audit_record(actor=actor, action="privacy.sweep_requested", obj=run, details={"dry_run": dry_run})
    transaction.on_commit(lambda: run_sweep.delay(run.pk))
    return run


class _Recheck:
    """Lock a group of people (SKIP LOCKED) and re-check they are still due, in one statement.

    Compiled once per sweep with the marker array (building the due query per group costs more
    than running it); the policies and cut-offs are the sweep's own, read when it started."""

    def __init__(self, policies: dict[str, RetentionPolicy]) -> None:
        due = candidate_due_list(among=anonymiser_sql.sql_group_ids(), policies=policies).values("pk")
        due_sql, due_params = due.query.sql_with_params()
        table = Candidate._meta.db_table
        # FOR UPDATE OF the people only: the due subquery reads, it does not lock.
        self.sql, self.params = anonymiser_sql.sql_placeholders_name(
            f"SELECT c.id, c.email, c.phone FROM {table} c"  # noqa: S608 - our names
            f" WHERE c.id IN (SELECT unnest(%s::bigint[])) AND c.id IN ({due_sql})"
            " ORDER BY c.id FOR UPDATE OF c SKIP LOCKED",
            [anonymiser_sql.IDS_MARKER, *due_params],
        )

    def lock(self, ids: Sequence[int]) -> list[Candidate]:
        """Those of `ids` still due, locked for this transaction (others hold the rest, or they are
        no longer due)."""
        rows = anonymiser_sql.sql_prepared_execute(
            self.sql, anonymiser_sql.sql_group_ids_bind(self.params, ids)
        )
        return [Candidate(pk=pk, email=email, phone=phone) for pk, email, phone in rows]


def _commit_without_waiting() -> None:
    """This transaction's commit does not wait for the WAL flush (see the top of this module)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _sweep_candidates(ids: list[int], *, dry_run: bool, run: SweepRun, recheck: _Recheck) -> list[int]:
    """Sweep a group of due ids in one transaction; the ids (that would be) anonymised.

    If anything fails, the group is rolled back whole and each person is retried alone (the top
    of this module says why)."""
    try:
        return _sweep_candidate_group(ids, dry_run=dry_run, run=run, recheck=recheck)
    except Exception as error:
        if len(ids) == 1:
            raise
        # The class only: a database error's text can quote the row's values.
        logger.warning(
            "retention sweep %s: a group of %d failed (%s); retrying one by one",
            run.pk,
            len(ids),
            type(error).__name__,
        )
    acted: list[int] = []
    for pk in ids:
        acted.extend(_sweep_candidate_group([pk], dry_run=dry_run, run=run, recheck=recheck))
    return acted


def _sweep_candidate_group(ids: list[int], *, dry_run: bool, run: SweepRun, recheck: _Recheck) -> list[int]:
    with transaction.atomic():
        _commit_without_waiting()
        # SKIP LOCKED: another sweep or an admin holds some of them; the next run gets those.
        locked = recheck.lock(ids)
        acted = [person.pk for person in locked]
        skipped = sorted(set(ids) - set(acted))
        if skipped:
            _count(run, "skipped", "candidate", skipped)
        if dry_run or not locked:
            return acted
        candidates_anonymise_locked(people=locked)
        audit_record_many(
            actor=None,
            action="candidate.anonymised",
            objs=locked,
            details={"reason": "retention", "sweep": run.pk},
        )
        _count(run, "anonymised", "candidate", acted)
    return acted


def _sweep_one_contact(pk: int, *, dry_run: bool, run: SweepRun, recheck: None = None) -> bool:
    with transaction.atomic():
        _commit_without_waiting()
        locked = Contact.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if locked is None or not contact_due_list().filter(pk=pk).exists():
            return False
        if dry_run:
            return True
        contact_anonymise_locked(contact=locked)
        audit_record(
            actor=None,
            action="contact.anonymised",
            obj=locked,
            details={"reason": "retention", "sweep": run.pk},
        )
        _count(run, "anonymised", "contact", [pk])
    return True


def _sweep_one_restricted(pk: int, *, dry_run: bool, run: SweepRun) -> bool:
    """A restricted person (erasure inside a floor) whose floors have all ended: anonymised
    completely now, and their erasure request completed."""
    with transaction.atomic():
        _commit_without_waiting()
        locked = Candidate.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if locked is None or not restricted_due_list().filter(pk=pk).exists():
            return False
        if dry_run:
            return True
        candidates_anonymise_locked(people=[locked])
        audit_record(
            actor=None,
            action="candidate.anonymised",
            obj=locked,
            details={"reason": "erasure_request", "sweep": run.pk},
        )
        _count(run, "anonymised", "candidate", [pk])
    return True


# acted_on keeps the first ids of each kind only: at a million people a full list would make the
# per-person progress write grow with the run (and the row with it). Every anonymised person has
# their own audit event naming the sweep, which is the full record.
ACTED_ON_CAP = 1000


def _count(run: SweepRun, field: str, kind: str, pks: list[int]) -> None:
    """Record progress in the same transaction as the people, so counts survive a kill exactly.

    One UPDATE, adding to the stored counts (never a read-modify-write of the whole row); the
    anonymised ids join the bounded list in the order they came."""
    assert field in ("anonymised", "skipped")
    append = field == "anonymised"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {SweepRun._meta.db_table} SET {field} = {field} + %s,"  # noqa: S608 - our names
            " acted_on = CASE WHEN %s AND jsonb_array_length(coalesce(acted_on -> %s, '[]')) < %s"
            " THEN jsonb_set(acted_on, ARRAY[%s], ("
            "   SELECT coalesce(jsonb_agg(v ORDER BY o), '[]') FROM ("
            "     SELECT v, o FROM jsonb_array_elements(coalesce(acted_on -> %s, '[]'))"
            "       WITH ORDINALITY AS listed(v, o)"
            "     UNION ALL SELECT to_jsonb(i), 1e12 + n FROM unnest(%s::bigint[])"
            "       WITH ORDINALITY AS added(i, n)"
            "     ORDER BY 2 LIMIT %s) kept))"
            " ELSE acted_on END WHERE id = %s",
            [len(pks), append, kind, ACTED_ON_CAP, kind, kind, pks, ACTED_ON_CAP, run.pk],
        )


def _due_ids(queryset: QuerySet[Any]) -> Iterator[int]:
    """Due ids streamed from a server-side cursor: the worker never holds them all (flat memory)."""
    yield from queryset.values_list("pk", flat=True).iterator(chunk_size=BATCH_SIZE)


# The due candidates' ids, listed once per sweep in the database (a temporary table of this
# session), so the whole-database due query runs once — not once to count and again to list them
# (at a million candidates it reads every person: seconds each time). The worker reads the list
# back a group at a time, in id order, so its memory stays flat however many are due.
DUE_TABLE = "privacy_sweep_due"


def _list_due(queryset: QuerySet[Candidate]) -> int:
    """Fill this session's list of due ids from `queryset`; how many there are."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {DUE_TABLE}")
        cursor.execute(f"CREATE TEMPORARY TABLE {DUE_TABLE} (id bigint PRIMARY KEY)")
        cursor.execute(f"INSERT INTO {DUE_TABLE} (id) {sql}", params)
        return cursor.rowcount


def _listed_groups(size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {DUE_TABLE} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608 - our name
                [last, size],
            )
            group = [row[0] for row in cursor.fetchall()]
        if not group:
            return
        yield group
        last = group[-1]


def _drop_due_list() -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {DUE_TABLE}")
    except DatabaseError:  # the connection is gone: so is its temporary table
        logger.warning("could not drop the sweep's list of due ids")


# work_mem for the sweep's own connection while it runs (see sweep_run).
SWEEP_WORK_MEM = "256MB"


def _set_sweep_work_mem(value: str | None) -> None:
    if value is None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET work_mem")
        except DatabaseError:  # the connection is gone: so is its setting
            logger.warning("could not reset work_mem after the sweep")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, false)", [value])


def sweep_run(*, run: SweepRun) -> SweepRun:
    """Run one sweep (or dry run) to the end, a group of people per transaction.

    The run is claimed in one atomic UPDATE (queued -> running): a second call for the same run —
    a redelivered Celery message, two workers — finds it no longer queued and does nothing."""
    claimed = SweepRun.objects.filter(pk=run.pk, status=SweepRun.Status.QUEUED).update(
        status=SweepRun.Status.RUNNING, started_at=timezone.now()
    )
    run.refresh_from_db()
    if not claimed:
        return run
    try:
        # The whole-database due query tests each person against exclusion lists of up to every
        # candidate (`NOT IN (subquery)`). PostgreSQL hashes such a list only when it fits in
        # work_mem; at the default 4 MB it fell back to scanning the list for every person —
        # quadratic, minutes at a million. Enough memory for this session's sweep, then reset.
        _set_sweep_work_mem(SWEEP_WORK_MEM)
        policies = retention_policy_map()
        SweepRun.objects.filter(pk=run.pk).update(
            due=_list_due(candidate_due_list(policies=policies))
            + contact_due_list().count()
            + restricted_due_list().count()
        )
        run.refresh_from_db()
        would: dict[str, list[int]] = {"candidate": [], "contact": []}
        would_count = 0
        candidate_check = _Recheck(policies)
        size = settings.RETENTION_SWEEP_BATCH_SIZE
        for group in _listed_groups(size):
            acted = _sweep_candidates(group, dry_run=run.dry_run, run=run, recheck=candidate_check)
            if run.dry_run:
                would_count += len(acted)
                would["candidate"].extend(acted[: max(0, ACTED_ON_CAP - len(would["candidate"]))])
        for pk in _due_ids(contact_due_list()):
            acted_one = _sweep_one_contact(pk, dry_run=run.dry_run, run=run)
            if run.dry_run and acted_one:
                would_count += 1
                if len(would["contact"]) < ACTED_ON_CAP:
                    would["contact"].append(pk)
            elif not acted_one:
                with transaction.atomic():
                    _count(run, "skipped", "contact", [pk])
        for pk in _due_ids(restricted_due_list()):
            if _sweep_one_restricted(pk, dry_run=run.dry_run, run=run) and run.dry_run:
                would_count += 1
                if len(would["candidate"]) < ACTED_ON_CAP:
                    would["candidate"].append(pk)
        if run.dry_run:
            SweepRun.objects.filter(pk=run.pk).update(anonymised=would_count, acted_on=would)
        else:
            erasure_restricted_close()
    except Exception:
        _drop_due_list()
        _set_sweep_work_mem(None)
        logger.exception("retention sweep %s failed", run.pk)
        SweepRun.objects.filter(pk=run.pk).update(status=SweepRun.Status.FAILED, finished_at=timezone.now())
        run.refresh_from_db()
        return run
    _drop_due_list()
    _set_sweep_work_mem(None)
    SweepRun.objects.filter(pk=run.pk).update(status=SweepRun.Status.FINISHED, finished_at=timezone.now())
    run.refresh_from_db()
    audit_record(
        actor=run.requested_by,
        action="privacy.sweep_finished",
        obj=run,
        details={
            "dry_run": run.dry_run,
            "due": run.due,
            "anonymised": run.anonymised,
            "skipped": run.skipped,
        },
    )
    return run
