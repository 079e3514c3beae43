"""The beat jobs: follow-ups before a right-to-work excuse ends, DBS re-check reminders, and
evidence purges. Each is idempotent — a task exists at most once per check and kind (a unique
constraint), and a purged file leaves a stub that is never purged again — so running a job twice,
or two workers at once, changes nothing the second time.

Purges delete the stored file before touching the row, one row per transaction, and keep a stub
(document type, date, outcome, SHA-256) so the record of the check survives. A follow-up task the
jobs raise is closed by a person with `compliance_task_complete`.
"""

from __future__ import annotations

import datetime
import logging

from django.db import IntegrityError, transaction
from django.db.models import Subquery
from django.utils import timezone

from compliance import rules
from compliance.models import ComplianceTask, DBSCheck, RightToWorkCheck
from compliance.selectors.status import dbs_due_on_get
from core.models import User
from core.services import audit_record

logger = logging.getLogger(__name__)


def _latest_ids(model: type[RightToWorkCheck] | type[DBSCheck], date_field: str) -> Subquery:
    # PostgreSQL DISTINCT ON: the newest check per candidate is the one that counts.
    return Subquery(
        model.objects.filter(superseded_by__isnull=True)
        .order_by("candidate_id", f"-{date_field}", "-id")
        .distinct("candidate_id")
        .values("id")
    )


def _task(
    *, kind: str, check: RightToWorkCheck | DBSCheck, due_on: datetime.date, assigned_to: User | None
) -> bool:
    field = "rtw_check" if isinstance(check, RightToWorkCheck) else "dbs_check"
    if ComplianceTask.objects.filter(kind=kind, **{field: check}).exists():
        return False
    candidate = check.candidate
    try:
        with transaction.atomic():
            task = ComplianceTask.objects.create(
                kind=kind,
                candidate=candidate,
                due_on=due_on,
                assigned_to=assigned_to,
                owner=candidate.owner,
                team=candidate.team,
                **{field: check},
            )
    except IntegrityError:  # another worker made it first
        return False
    audit_record(
        actor=None, action="compliance_task.created", obj=task, details={"kind": kind, "check": check.pk}
    )
    return True


def rtw_follow_ups_create(*, today: datetime.date) -> dict[str, int]:
    """DOMAIN.md right to work: a follow-up 28 days before `excuse_until`, escalated 7 days before."""
    counts = {"follow_ups": 0, "escalations": 0}
    checks = (
        RightToWorkCheck.objects.filter(pk__in=_latest_ids(RightToWorkCheck, "checked_on"))
        .follow_up_due(today)
        .filter(candidate__is_anonymised=False, candidate__merged_into__isnull=True)
        .select_related("candidate__owner", "candidate__team__lead")
    )
    for check in checks:
        assert check.excuse_until is not None
        counts["follow_ups"] += _task(
            kind=ComplianceTask.Kind.RTW_FOLLOW_UP,
            check=check,
            due_on=check.excuse_until,
            assigned_to=check.candidate.owner,
        )
        escalate = rules.escalate_on(check.excuse_until)
        if escalate is not None and today >= escalate:
            # Escalated to the manager: the team lead, or the owner when the team has none.
            manager = check.candidate.team.lead or check.candidate.owner
            counts["escalations"] += _task(
                kind=ComplianceTask.Kind.RTW_ESCALATION,
                check=check,
                due_on=check.excuse_until,
                assigned_to=manager,
            )
    return counts


def dbs_recheck_reminders_create(*, today: datetime.date) -> int:
    """DOMAIN.md DBS: a re-check reminder 30 days before it is due, for a compliance officer."""
    window = today + datetime.timedelta(days=rules.dbs_reminder_days())
    checks = (
        DBSCheck.objects.filter(pk__in=_latest_ids(DBSCheck, "issued_on"), recheck_due_on__lte=window)
        .filter(candidate__is_anonymised=False, candidate__merged_into__isnull=True)
        .select_related("candidate__owner", "candidate__team")
        .prefetch_related("status_checks")
    )
    officers: dict[int, User | None] = {}
    created = 0
    for check in checks:
        status_checks = sorted(check.status_checks.all(), key=lambda s: (s.checked_on, s.pk), reverse=True)
        due = dbs_due_on_get(check, status_checks, None)
        if due > window:
            continue  # a clean Update Service status check moved the date on
        team_id = check.candidate.team_id
        if team_id not in officers:
            officers[team_id] = (
                User.objects.filter(team_id=team_id, role=User.Role.COMPLIANCE, is_active=True)
                .order_by("pk")
                .first()
            )
        created += _task(
            kind=ComplianceTask.Kind.DBS_RECHECK, check=check, due_on=due, assigned_to=officers[team_id]
        )
    return created


def _delete_file(field: object) -> None:
    try:
        field.delete(save=False)  # type: ignore[attr-defined]
    except OSError:
        logger.warning("evidence file already gone")


def rtw_evidence_purge(*, today: datetime.date) -> int:
    """Home Office employer guide: evidence kept for the employment plus 2 years, then purged to a stub."""
    purged = 0
    candidates_due = [
        row["candidate_id"]
        for row in RightToWorkCheck.objects.evidence_held()
        .filter(candidate__employment_end__isnull=False)
        .values("candidate_id", "candidate__employment_end__ended_on")
        .distinct()
        if rules.evidence_retention_ends_on(row["candidate__employment_end__ended_on"]) < today
    ]
    for pk in (
        RightToWorkCheck.objects.evidence_held()
        .filter(candidate_id__in=candidates_due)
        .values_list("pk", flat=True)
    ):
        with transaction.atomic():
            check = RightToWorkCheck.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if check is None or not check.has_evidence:
                continue
            _delete_file(check.evidence)
            check.evidence = ""
            check.evidence_filename = ""
            check.evidence_purged_at = timezone.now()
            check.save(update_fields=["evidence", "evidence_filename", "evidence_purged_at"])
            audit_record(
                actor=None, action="rtw_evidence.purged", obj=check, details={"candidate": check.candidate_id}
            )
            purged += 1
    return purged


def dbs_images_purge(*, today: datetime.date) -> int:
    """DBS code of practice: any certificate image is purged 6 months after the decision date."""
    purged = 0
    for pk, decision_on in DBSCheck.objects.images_held().values_list("pk", "decision_on"):
        if decision_on is None or today < rules.dbs_image_purge_on(decision_on):
            continue
        with transaction.atomic():
            check = DBSCheck.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if check is None or not check.certificate_image or check.image_purged_at is not None:
                continue
            _delete_file(check.certificate_image)
            check.certificate_image = ""
            check.image_purged_at = timezone.now()
            check.save(update_fields=["certificate_image", "image_purged_at"])
            audit_record(
                actor=None, action="dbs_image.purged", obj=check, details={"candidate": check.candidate_id}
            )
            purged += 1
    return purged


@transaction.atomic
def compliance_task_complete(*, actor: User, task: ComplianceTask) -> ComplianceTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        audit_record(actor=actor, action="compliance_task.done", obj=task, details={"kind": task.kind})
    return task
