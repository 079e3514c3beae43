"""Writes for the pipeline: applications and their moves between stages (one at a time or in bulk).

Every move — from the board (drag and drop or the keyboard menu), a bulk reject, or
`POST /applications/{id}/move/` — goes through `application_move`, so the rules live in one place
and the board and the API always agree (an approved shortlist entry and consent before `submitted`).
Interviews, offers and placements have their own modules beside this one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates.models import Candidate
from candidates.selectors import candidate_has_live_consent
from core.models import User
from core.services import audit_record
from core.versioning import StaleRecord
from vacancies.models import CLOSED_STAGES, Application, RejectionReason, Stage, StageChange, Vacancy
from vacancies.selectors.pipeline import rejection_reason_get
from vacancies.selectors.submissions import shortlist_entry_approved_get
from vacancies.services.introductions import reg18_gate, reg19_gate
from vacancies.services.refusals import PipelineRefused
from vacancies.services.submissions import submission_record

# Issue 19: engagement (a floor above, engagement.seams) is told of every move, to make the message
# the candidate is owed: notifier(application=, old=, new=, actor=). Called inside the move's
# transaction, so a refused move tells nobody.
StageMoveNotifier = Callable[..., object]
_MOVE_NOTIFIERS: list[StageMoveNotifier] = []


def stage_move_notifier_register(notifier: StageMoveNotifier) -> None:
    if notifier not in _MOVE_NOTIFIERS:
        _MOVE_NOTIFIERS.append(notifier)


def _moved(*, application: Application, old: str, new: str, actor: User | None) -> None:
    for notifier in _MOVE_NOTIFIERS:
        notifier(application=application, old=old, new=new, actor=actor)


def candidate_shortlist_refusal(candidate: Candidate) -> str:
    """Why this person cannot go on a shortlist, or "" when they can. A shortlist is the way to a
    client (Conduct Regs reg 28): never for a tombstone, an erased person or someone who asked not
    to be contacted."""
    if candidate.merged_into_id is not None:
        return "This record was merged into another: shortlist the surviving record."
    if candidate.is_anonymised:
        return "This person's record has been anonymised: they cannot be shortlisted."
    if candidate.restricted_at is not None:
        return "This person asked for erasure: their record is restricted and cannot be shortlisted."
    if candidate.status == Candidate.Status.DO_NOT_CONTACT:
        return "This person asked not to be contacted: they cannot be shortlisted."
    return ""


def stage_change_record(
    *, application: Application, actor: User | None, old: str, new: str, reason: RejectionReason | None
) -> None:
    StageChange.objects.create(
        application=application,
        from_stage=old,
        stage=new,
        by=actor,
        rejection_reason=reason,
        at=timezone.now(),
    )


@transaction.atomic
def application_create(
    *,
    actor: User | None,
    vacancy: Vacancy,
    candidate: Candidate,
    stage: str = Stage.SOURCED,
    source: str = Application.Source.RECRUITER,
    needs_adjustments: bool = False,
) -> Application:
    """A candidate joins the vacancy's pipeline. `actor` is None when they applied themselves (the
    careers site: `source`), and the vacancy's owner then owns the application."""
    if stage not in (Stage.SOURCED, Stage.SCREENING, Stage.SHORTLISTED):
        raise ValidationError({"stage": "A new application starts at sourced, screening or shortlisted."})
    if vacancy.status not in (Vacancy.Status.OPEN, Vacancy.Status.ON_HOLD, Vacancy.Status.DRAFT):
        raise PipelineRefused("This vacancy is no longer taking candidates.", code="vacancy_closed")
    refusal = candidate_shortlist_refusal(candidate) if stage == Stage.SHORTLISTED else ""
    if refusal:
        raise ValidationError({"candidate": [refusal]})
    existing = Application.objects.filter(vacancy=vacancy, candidate=candidate).first()
    if existing is not None:
        raise PipelineRefused(
            "This candidate is already in this vacancy's pipeline.", code="duplicate", existing=existing.pk
        )
    application = Application(
        vacancy=vacancy,
        candidate=candidate,
        stage=stage,
        owner=actor or vacancy.owner,
        team=vacancy.team,
        source=source,
        needs_adjustments=needs_adjustments,
        stage_changed_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # a concurrent add won the race
        existing = Application.objects.get(vacancy=vacancy, candidate=candidate)
        raise PipelineRefused(
            "This candidate is already in this vacancy's pipeline.", code="duplicate", existing=existing.pk
        ) from None
    stage_change_record(application=application, actor=actor, old="", new=stage, reason=None)
    audit_record(
        actor=actor,
        action="application.created",
        obj=application,
        details={"vacancy": vacancy.pk, "candidate": candidate.pk, "stage": stage, "source": source},
    )
    _moved(application=application, old="", new=stage, actor=actor)
    return application


def _was_submitted(application: Application) -> bool:
    return application.stage_changes.filter(stage=Stage.SUBMITTED).exists()


def submission_gates(application: Application) -> None:
    """Every gate before a candidate is put forward to the client (raises `PipelineRefused`): the
    move to `submitted` asks them, and so does every submission pack sent (engagement), even for an
    application already submitted (a second contact, a pack after a verbal submission)."""
    # Conduct Regs reg 19: only a candidate a manager approved on a shortlist is put forward
    # (selectors/submissions.py holds the lookup so board and API share it).
    if shortlist_entry_approved_get(application) is None:
        raise PipelineRefused(
            "A manager has not approved this candidate on a shortlist for this vacancy.", code="not_approved"
        )
    # Conduct Regs reg 19 / reg 28: nothing reaches a client without consent for this vacancy.
    if not candidate_has_live_consent(
        candidate=application.candidate, purpose="submission", vacancy_id=application.vacancy_id
    ):
        raise PipelineRefused(
            "The candidate has not agreed to be put forward for this vacancy.", code="no_consent"
        )
    # Conduct Regs reg 18: every introduction waits for the hirer's information (DOMAIN.md).
    reg18_gate(vacancy=application.vacancy, action="submit")
    # Conduct Regs reg 19: identity, then the qualifications the role needs, before putting forward.
    reg19_gate(application=application)


def _check_move(application: Application, stage: str, options: dict[str, Any]) -> None:
    if stage not in Stage.values:
        raise ValidationError({"stage": f"Unknown stage {stage[:30]!r}."})
    if application.stage == Stage.PLACED:
        raise PipelineRefused("A placed application cannot be moved.", code="placed")
    if stage == Stage.PLACED:
        raise PipelineRefused("Record a placement to move an application to placed.", code="use_placements")
    refusal = candidate_shortlist_refusal(application.candidate) if stage == Stage.SHORTLISTED else ""
    if refusal:
        raise ValidationError({"stage": [refusal]})
    if stage == Stage.SUBMITTED:
        submission_gates(application)
    if stage in (Stage.INTERVIEW, Stage.OFFER) and not _was_submitted(application):
        raise PipelineRefused("The candidate has not been submitted to the client yet.", code="not_submitted")
    # Conduct Regs reg 18: every introduction waits for the hirer's information (DOMAIN.md).
    if stage in (Stage.INTERVIEW, Stage.OFFER):
        reg18_gate(vacancy=application.vacancy, action=stage)
    if stage == Stage.REJECTED and options.get("rejection_reason") is None:
        raise ValidationError({"reason": "Choose a rejection reason."})
    if stage == Stage.WITHDRAWN and not (options.get("reason") or "").strip():
        raise ValidationError({"reason": "Say why the candidate withdrew."})


@transaction.atomic
def application_move(
    *,
    actor: User,
    application: Application,
    stage: str,
    reason: Any = None,
    expected_updated_at: datetime.datetime | None = None,
    **options: Any,
) -> Application:
    """Move an application to `stage`, recording who and when. The one door for every move.

    With `expected_updated_at` (the version the board or API client read), an application moved or
    changed since raises `core.versioning.StaleRecord`: a move decided on a stale view is refused."""
    application = Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    if expected_updated_at is not None and application.updated_at != expected_updated_at:
        raise StaleRecord(application)
    rejection_reason = rejection_reason_get(reason) if stage == Stage.REJECTED else None
    checks = {
        "rejection_reason": rejection_reason,
        "reason": reason if isinstance(reason, str) else "",
        **options,
    }
    if stage == application.stage:
        return application
    _check_move(application, stage, checks)
    old = application.stage
    application.stage = stage
    application.stage_changed_at = timezone.now()
    application.rejection_reason = rejection_reason
    application.withdrawn_reason = str(reason or "")[:300] if stage == Stage.WITHDRAWN else ""
    application.save(
        update_fields=["stage", "stage_changed_at", "rejection_reason", "withdrawn_reason", "updated_at"]
    )
    stage_change_record(application=application, actor=actor, old=old, new=stage, reason=rejection_reason)
    if stage == Stage.SUBMITTED:
        # Conduct Regs reg 19/21/28: record which CV went to which contact, how (reg 21 task if verbal).
        submission_record(actor=actor, application=application, options=options)
    details: dict[str, Any] = {"from": old, "to": stage}
    if rejection_reason is not None:
        details["reason"] = rejection_reason.code
    audit_record(actor=actor, action="application.moved", obj=application, details=details)
    _moved(application=application, old=old, new=stage, actor=actor)
    return application


# The order an application moves forward in; booking an interview or recording an offer never moves
# one back (a second interview after an offer leaves it at offer).
FORWARD = [
    Stage.SOURCED,
    Stage.SCREENING,
    Stage.SHORTLISTED,
    Stage.SUBMITTED,
    Stage.INTERVIEW,
    Stage.OFFER,
]


@transaction.atomic
def application_advance(*, actor: User, application: Application, stage: str) -> Application:
    """Move an application forward to `stage` when it is behind it (booking an interview, recording
    an offer), through `application_move` so its gates and history apply; refuse on a closed one."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.stage in CLOSED_STAGES:
        raise PipelineRefused(
            f"This application is closed ({application.get_stage_display().lower()}).",
            code="application_closed",
        )
    if FORWARD.index(Stage(application.stage)) >= FORWARD.index(Stage(stage)):
        return application
    return application_move(actor=actor, application=application, stage=stage)


@transaction.atomic
def application_bulk_reject(*, actor: User, applications: Iterable[Application], reason: Any) -> int:
    """Reject several applications with one reason; each goes through `application_move`."""
    rejection_reason = rejection_reason_get(reason)
    if rejection_reason is None:
        raise ValidationError({"reason": "Choose a rejection reason."})
    moved = 0
    fresh = Application.objects.filter(pk__in=[a.pk for a in applications]).select_for_update().order_by("pk")
    for application in fresh:
        if application.stage in (Stage.REJECTED, Stage.PLACED, Stage.WITHDRAWN):
            continue
        application_move(actor=actor, application=application, stage=Stage.REJECTED, reason=rejection_reason)
        moved += 1
    return moved
