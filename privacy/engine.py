# The retention and erasure engine: the only module that removes personal data for good.
#
# Design (pretix's shredder + zulip's retention module, STYLE.md):
#
# * What to remove is not decided here. Each app owns an `anonymisers.py` with one small class per
#   kind of personal data (core.anonymisation.Anonymiser): it can export what it holds, anonymise it
#   in place, and say who must not be swept yet (RetentionExclusion). ANONYMISERS below is the one
#   explicit list of all of them, in order: files and child rows first, the person row last.
# * Anonymise in place, never delete: the candidate row stays as a tombstone ("Anonymised candidate
#   #id") so placements, fees and reports keep their foreign keys. Stored files are deleted before
#   their rows change (a crash between the two leaves a row pointing at nothing, never a file nobody
#   can find); search documents and vectors are emptied with the rest. Audit and access-log rows hold
#   ids and codes only (core.services refuses anything else), so nothing there needs redacting.
# * A person is anonymised whole or not at all: everything about them changes in one transaction,
#   locked with SELECT … FOR UPDATE SKIP LOCKED, so a worker killed mid-person rolls them back
#   whole (never half-anonymised), two sweeps never fight over one person, and the next sweep simply
#   picks up whoever is still due. Because "due" excludes the already anonymised, a second run
#   finds nothing: the sweep is idempotent.
# * The sweep takes due people in groups (RETENTION_SWEEP_BATCH_SIZE, default 200), one
#   transaction per group, each statement working on the whole group (privacy/bulk.py). DESIGN.md
#   gives each record its own transaction so that one record's failure costs nobody else their
#   anonymisation and nobody is ever half done; groups keep both: a group commits whole people only,
#   and if anything in it fails the group is rolled back and its people are retried one by one,
#   each in their own transaction (the original path). One transaction per person capped the
#   sweep near 75 people a second at a million candidates (planning and round trips per person,
#   not work); a group of 200 costs about as many statements as one person did (issue 10).
#   The sweep's transactions commit without waiting for the WAL flush (synchronous_commit off, for
#   that transaction only). A crash can then lose the last moments' commits whole — those people
#   are simply still due and the next sweep redoes them — but never leaves anyone half-anonymised.
# * Who is due is one queryset (due_candidates) built from the policies, minus every exclusion — one
#   line each with its reason. A dry run walks the same queryset and the same per-person re-check
#   and writes nothing but the SweepRun, so it reports exactly what a real run would do.
# * Before anything goes, a salted hash of the normalised email and phone joins the suppression list
#   so an erased person is not re-sourced (DOMAIN.md erasure).
from __future__ import annotations

import datetime
import functools
import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from candidates import anonymisers as candidate_anonymisers
from candidates.models import Candidate, Consent
from candidates.services.results_cache import bump_results_generation
from clients import anonymisers as client_anonymisers
from clients.models import Contact
from compliance import anonymisers as compliance_anonymisers
from core.anonymisation import Anonymiser, RetentionExclusion
from core.models import User
from core.services import audit_record, audit_records
from engagement import anonymisers as engagement_anonymisers
from privacy import anonymisers as privacy_anonymisers
from privacy import bulk
from privacy.models import LegalHold, RetentionPolicy, SweepRun
from privacy.suppression import suppress, suppress_many
from vacancies import anonymisers as vacancy_anonymisers
from vacancies.models import CLOSED_STAGES, Application, Stage

logger = logging.getLogger("recruitcrm.privacy")

# The one explicit list of every app's anonymisers about a candidate. Order matters: files and
# child rows before the person row (which the candidates list ends with).
ANONYMISERS: list[type[Anonymiser]] = [
    *privacy_anonymisers.ANONYMISERS,
    *compliance_anonymisers.ANONYMISERS,
    *vacancy_anonymisers.ANONYMISERS,
    *engagement_anonymisers.ANONYMISERS,
    *candidate_anonymisers.ANONYMISERS,
]

# Client contacts are people too; their anonymisers run on the contact, not the candidate.
CONTACT_ANONYMISERS: list[type[Anonymiser]] = [
    *engagement_anonymisers.CONTACT_ANONYMISERS,
    *client_anonymisers.ANONYMISERS,
]

BATCH_SIZE = 100


class AnonymisationRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _years_ago(years: int) -> datetime.datetime:
    return timezone.now() - relativedelta(years=years)


def engine_exclusions() -> list[RetentionExclusion]:
    """Privacy's own exclusions; the apps add theirs through their anonymisers."""
    today = timezone.localdate()
    return [
        RetentionExclusion(
            q=Q(legal_holds__released_at__isnull=True, legal_holds__isnull=False), reason="legal hold"
        ),
        # Conduct Regs reg 29 + Schedules 4/5: records kept at least 1 year from the last service.
        RetentionExclusion(
            q=Q(last_contacted_at__gte=_years_ago(1)) | Q(applications__stage_changed_at__gte=_years_ago(1)),
            reason="Conduct Regulations floor (1 year from last service)",
        ),
        # The candidate said "keep my data" (or the owner held the record, with a reason).
        RetentionExclusion(q=Q(retention_review__keep_until__gt=today), reason="kept on request"),
    ]


def retention_exclusions() -> list[RetentionExclusion]:
    found = engine_exclusions()
    for anonymiser in ANONYMISERS:
        found.extend(anonymiser().retention_exclusions())
    return found


def statutory_exclusions() -> list[RetentionExclusion]:
    """What blocks a manual anonymisation too: the statutory floors (not open work or requests)."""
    return [e for e in retention_exclusions() if "floor" in e.reason or "Right-to-work" in e.reason]


def _policies() -> dict[str, RetentionPolicy]:
    if not RetentionPolicy.objects.exists():
        RetentionPolicy.ensure_defaults()
    return {p.category: p for p in RetentionPolicy.objects.filter(is_active=True)}


def _policy_q(policies: dict[str, RetentionPolicy], on: datetime.date, among: Any = None) -> Q:
    """Candidates whose retention period has run out on `on` (DOMAIN.md "Retention defaults").

    `among` narrows the subqueries to those ids: re-checking one person must not aggregate every
    application in the database (a hashed subplan under an OR is not narrowed by the planner)."""
    C = RetentionPolicy.Category
    people = Candidate.objects.all() if among is None else Candidate.objects.filter(pk__in=among)
    now = timezone.make_aware(datetime.datetime.combine(on, datetime.time(23, 59)))
    q = Q(pk__in=[])
    if C.UNSUCCESSFUL in policies:
        # 6 months after their last application closed (and none open, none placed).
        cutoff = now - datetime.timedelta(days=policies[C.UNSUCCESSFUL].keep_for_days)
        closed = (
            people.filter(applications__isnull=False)
            .annotate(last_closed=Max("applications__stage_changed_at"))
            .filter(last_closed__lt=cutoff)
            .exclude(applications__stage=Stage.PLACED)
            .values("pk")
        )
        q |= Q(pk__in=closed)
    if C.TALENT_POOL in policies:
        # Talent pool: no applications, no meaningful activity for 24 months.
        cutoff = now - datetime.timedelta(days=policies[C.TALENT_POOL].keep_for_days)
        # NOT EXISTS, not `applications__isnull`: that LEFT JOIN repeated, in the sweep's list and
        # count, everyone with several applications who was due by another rule.
        no_applications = ~Exists(Application.objects.filter(candidate=OuterRef("pk")))
        q |= (
            no_applications
            & Q(updated_at__lt=cutoff)
            & (Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=cutoff))
        )
    if C.SOURCED_NO_NOTICE in policies:
        # UK GDPR art. 14: a sourced record never sent the privacy notice within 30 days goes.
        cutoff = now - datetime.timedelta(days=policies[C.SOURCED_NO_NOTICE].keep_for_days)
        q |= Q(privacy_notice_sent_on__isnull=True, created_at__lt=cutoff) & ~Q(
            source=Candidate.Source.DIRECT
        )
    if C.CONSENT_EXPIRY in policies:
        # Consent-based records: at consent expiry (given more than the policy length ago, or withdrawn).
        cutoff = now - datetime.timedelta(days=policies[C.CONSENT_EXPIRY].keep_for_days)
        consents = Consent.objects.filter(purpose=Consent.Purpose.PROCESSING)
        if among is not None:
            consents = consents.filter(candidate__in=among)
        latest = consents.values("candidate")
        expired = latest.annotate(last=Max("given_at")).filter(last__lt=cutoff).values("candidate")
        withdrawn = latest.filter(withdrawn_at__isnull=False, withdrawn_at__lt=now).values("candidate")
        q |= Q(lawful_basis=Candidate.LawfulBasis.CONSENT) & (Q(pk__in=expired) | Q(pk__in=withdrawn))
    return q


def due_candidates(
    *,
    on: datetime.date | None = None,
    among: Any = None,
    policies: dict[str, RetentionPolicy] | None = None,
) -> QuerySet[Candidate]:
    """Live candidates whose retention has run out by `on` (today), minus every exclusion.

    `among` (ids, or an expression giving them) limits it and every subquery to those people, for
    the sweep's re-check of a group."""
    on = on or timezone.localdate()
    people = Candidate.objects.all() if among is None else Candidate.objects.filter(pk__in=among)
    queryset = people.filter(is_anonymised=False, merged_into__isnull=True)
    queryset = queryset.filter(_policy_q(_policies() if policies is None else policies, on, among))
    for exclusion in retention_exclusions():
        queryset = queryset.exclude(pk__in=people.filter(exclusion.q).values("pk"))
    return queryset.order_by("pk")


def due_contacts(*, on: datetime.date | None = None) -> QuerySet[Contact]:
    on = on or timezone.localdate()
    policy = _policies().get(RetentionPolicy.Category.CLIENT_CONTACTS)
    if policy is None:
        return Contact.objects.none()
    cutoff = timezone.now() - datetime.timedelta(days=policy.keep_for_days) + (on - timezone.localdate())
    queryset = Contact.objects.filter(anonymised_at__isnull=True, updated_at__lt=cutoff)
    queryset = queryset.filter(Q(last_contacted_at__isnull=True) | Q(last_contacted_at__lt=cutoff))
    # open vacancies keep their contact; legal holds block the sweep.
    queryset = queryset.exclude(vacancies__status__in=["draft", "open", "on_hold"])
    queryset = queryset.exclude(pk__in=LegalHold.objects.filter(released_at__isnull=True).values("contact"))
    return queryset.order_by("pk")


def exclusion_reasons(candidate: Candidate) -> list[str]:
    """Why this candidate may not be swept now (for pages and the 409 answers)."""
    return [
        e.reason for e in retention_exclusions() if Candidate.objects.filter(e.q, pk=candidate.pk).exists()
    ]


def has_live_hold(candidate: Candidate) -> bool:
    return LegalHold.objects.filter(candidate=candidate, released_at__isnull=True).exists()


def _pause() -> None:
    # Test hook for the killed-worker test: slow each step so a kill lands inside a transaction.
    delay = float(os.environ.get("RECRUITCRM_SWEEP_STEP_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)


def _anonymise_locked(people: list[Candidate]) -> int:
    """Anonymise these locked people (inside the caller's transaction); rows changed."""
    suppress_many([(person.email, person.phone) for person in people])
    _pause()
    changed = _candidate_plan().run_many(people, pause=_pause)
    bump_results_generation()  # raw SQL sends no signals: the cached candidate lists go stale on commit
    return changed


@functools.cache
def _candidate_plan() -> bulk.PersonPlan:
    # Compiled once per process: every anonymiser's UPDATE in one statement (privacy/bulk.py).
    return bulk.compile_plan(ANONYMISERS)


def candidate_anonymise(*, candidate: Candidate, actor: User | None, reason: str = "manual") -> bool:
    """Anonymise one candidate now (erasure, the admin button). Idempotent; refused on a legal hold
    or a statutory floor. Returns False when there was nothing left to do."""
    with transaction.atomic():
        locked = Candidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.is_anonymised:
            return False
        if has_live_hold(locked):
            raise AnonymisationRefused("legal_hold", "A legal hold is on this candidate.")
        floors = [
            e.reason for e in statutory_exclusions() if Candidate.objects.filter(e.q, pk=locked.pk).exists()
        ]
        if floors:
            raise AnonymisationRefused("retention_floor", f"Kept by law: {floors[0]}.")
        _anonymise_locked([locked])
        audit_record(actor=actor, action="candidate.anonymised", obj=locked, details={"reason": reason})
    return True


def contact_anonymise(*, contact: Contact, actor: User | None, reason: str = "manual") -> bool:
    with transaction.atomic():
        locked = Contact.objects.select_for_update().get(pk=contact.pk)
        if locked.anonymised_at is not None:
            return False
        if LegalHold.objects.filter(contact=locked, released_at__isnull=True).exists():
            raise AnonymisationRefused("legal_hold", "A legal hold is on this contact.")
        suppress(email=locked.email, phone=locked.phone)
        for anonymiser in CONTACT_ANONYMISERS:
            anonymiser().anonymise(locked)
        audit_record(actor=actor, action="contact.anonymised", obj=locked, details={"reason": reason})
    return True


@dataclass
class SweepResult:
    due: int = 0
    anonymised: int = 0
    skipped: int = 0


class _Recheck:
    """Lock a group of people (SKIP LOCKED) and re-check they are still due, in one statement.

    Compiled once per sweep with the marker array (building the due query per group costs more
    than running it); the policies and cut-offs are the sweep's own, read when it started."""

    def __init__(self, policies: dict[str, RetentionPolicy]) -> None:
        due = due_candidates(among=bulk.among_ids(), policies=policies).values("pk")
        due_sql, due_params = due.query.sql_with_params()
        table = Candidate._meta.db_table
        # FOR UPDATE OF the people only: the due subquery reads, it does not lock.
        self.sql, self.params = bulk.named(
            f"SELECT c.id, c.email, c.phone FROM {table} c"  # noqa: S608 - our names
            f" WHERE c.id IN (SELECT unnest(%s::bigint[])) AND c.id IN ({due_sql})"
            " ORDER BY c.id FOR UPDATE OF c SKIP LOCKED",
            [bulk.IDS_MARKER, *due_params],
        )

    def lock(self, ids: Sequence[int]) -> list[Candidate]:
        """Those of `ids` still due, locked for this transaction (others hold the rest, or they are
        no longer due)."""
        rows = bulk.execute_prepared(self.sql, bulk.bind(self.params, ids))
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
        _anonymise_locked(locked)
        audit_records(
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
        if locked is None or not due_contacts().filter(pk=pk).exists():
            return False
        if dry_run:
            return True
        suppress(email=locked.email, phone=locked.phone)
        for anonymiser in CONTACT_ANONYMISERS:
            anonymiser().anonymise(locked)
        audit_record(
            actor=None,
            action="contact.anonymised",
            obj=locked,
            details={"reason": "retention", "sweep": run.pk},
        )
        _count(run, "anonymised", "contact", [pk])
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
    """Run one sweep (or dry run) to the end, a group of people per transaction."""
    SweepRun.objects.filter(pk=run.pk).update(status=SweepRun.Status.RUNNING, started_at=timezone.now())
    run.refresh_from_db()
    try:
        # The whole-database due query tests each person against exclusion lists of up to every
        # candidate (`NOT IN (subquery)`). PostgreSQL hashes such a list only when it fits in
        # work_mem; at the default 4 MB it fell back to scanning the list for every person —
        # quadratic, minutes at a million. Enough memory for this session's sweep, then reset.
        _set_sweep_work_mem(SWEEP_WORK_MEM)
        policies = _policies()
        SweepRun.objects.filter(pk=run.pk).update(
            due=_list_due(due_candidates(policies=policies)) + due_contacts().count()
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
        for pk in _due_ids(due_contacts()):
            acted_one = _sweep_one_contact(pk, dry_run=run.dry_run, run=run)
            if run.dry_run and acted_one:
                would_count += 1
                if len(would["contact"]) < ACTED_ON_CAP:
                    would["contact"].append(pk)
            elif not acted_one:
                with transaction.atomic():
                    _count(run, "skipped", "contact", [pk])
        if run.dry_run:
            SweepRun.objects.filter(pk=run.pk).update(anonymised=would_count, acted_on=would)
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


def export_candidate(candidate: Candidate) -> dict[str, Any]:
    """Everything held about the person, by kind (subject access, UK GDPR art. 15)."""
    from core.models import AccessLog, AuditEvent

    data: dict[str, Any] = {"candidate_id": candidate.pk, "exported_at": timezone.now().isoformat()}
    for anonymiser in ANONYMISERS:
        instance = anonymiser()
        data.setdefault(instance.label, []).extend(instance.export(candidate))
    ref = {"object_type": "candidates.candidate", "object_id": candidate.pk}
    data["audit_events"] = list(
        AuditEvent.objects.filter(**ref).values("at", "action", "actor_id", "details")
    )
    data["access_log"] = list(AccessLog.objects.filter(**ref).values("at", "action", "user_id", "details"))
    for rows in (data["audit_events"], data["access_log"]):
        for row in rows:
            row["at"] = row["at"].isoformat()
    data["applications_detail"] = [
        {"pk": a.pk, "vacancy_id": a.vacancy_id, "stage": a.stage, "closed": a.stage in CLOSED_STAGES}
        for a in candidate.applications.all()
    ]
    return data
