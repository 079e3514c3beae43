"""Writes for the pipeline: applications, moves between stages, interviews, offers, placements.

Every move — from the board (drag and drop or the keyboard menu), a bulk reject, or
`POST /applications/{id}/move/` — goes through `application_move`, so the rules live in one place
and the board and the API always agree. Later issues add their gates here (an approved shortlist
entry before `submitted`; the compliance gate in `placement_create`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_update, has_live_consent
from clients.selectors import terms_current
from core.models import User
from core.services import audit_record
from vacancies import submissions
from vacancies.models import (
    Application,
    FollowUp,
    Interview,
    Offer,
    Placement,
    RejectionReason,
    Stage,
    StageChange,
    Vacancy,
)
from vacancies.services import vacancy_set_status


class PipelineRefused(Exception):
    """A well-formed move refused by a business rule (the API answers 409 with `code`)."""

    def __init__(self, detail: str, code: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail, self.code, self.extra = detail, code, extra


# The compliance issue registers its gate here: (application, start_on) -> unmet requirements.
PLACEMENT_GATES: list[Callable[[Application, datetime.date], list[str]]] = []
# Later issues register rules for moves: (application, stage, options) -> raise PipelineRefused.
MOVE_RULES: list[Callable[[Application, str, dict[str, Any]], None]] = []


def _record(
    application: Application, *, actor: User | None, old: str, new: str, reason: RejectionReason | None
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
    *, actor: User, vacancy: Vacancy, candidate: Candidate, stage: str = Stage.SOURCED
) -> Application:
    if stage not in (Stage.SOURCED, Stage.SCREENING, Stage.SHORTLISTED):
        raise ValidationError({"stage": "A new application starts at sourced, screening or shortlisted."})
    if vacancy.status not in (Vacancy.Status.OPEN, Vacancy.Status.ON_HOLD, Vacancy.Status.DRAFT):
        raise PipelineRefused("This vacancy is no longer taking candidates.", code="vacancy_closed")
    existing = Application.objects.filter(vacancy=vacancy, candidate=candidate).first()
    if existing is not None:
        raise PipelineRefused(
            "This candidate is already in this vacancy's pipeline.", code="duplicate", existing=existing.pk
        )
    application = Application(
        vacancy=vacancy,
        candidate=candidate,
        stage=stage,
        owner=actor,
        team=vacancy.team,
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
    _record(application, actor=actor, old="", new=stage, reason=None)
    audit_record(
        actor=actor,
        action="application.created",
        obj=application,
        details={"vacancy": vacancy.pk, "candidate": candidate.pk, "stage": stage},
    )
    return application


def _was_submitted(application: Application) -> bool:
    return application.stage_changes.filter(stage=Stage.SUBMITTED).exists()


def _check_move(application: Application, stage: str, options: dict[str, Any]) -> None:
    if stage not in Stage.values:
        raise ValidationError({"stage": f"Unknown stage {stage[:30]!r}."})
    if application.stage == Stage.PLACED:
        raise PipelineRefused("A placed application cannot be moved.", code="placed")
    if stage == Stage.PLACED:
        raise PipelineRefused("Record a placement to move an application to placed.", code="use_placements")
    # Conduct Regs reg 19: only a candidate a manager approved on a shortlist is put forward
    # (matching issue; vacancies.submissions holds the lookup so board and API share it).
    if stage == Stage.SUBMITTED and submissions.approved_entry(application) is None:
        raise PipelineRefused(
            "A manager has not approved this candidate on a shortlist for this vacancy.", code="not_approved"
        )
    # Conduct Regs reg 19 / reg 28: nothing reaches a client without consent for this vacancy.
    if stage == Stage.SUBMITTED and not has_live_consent(
        candidate=application.candidate, purpose="submission", vacancy_id=application.vacancy_id
    ):
        raise PipelineRefused(
            "The candidate has not agreed to be put forward for this vacancy.", code="no_consent"
        )
    if stage in (Stage.INTERVIEW, Stage.OFFER) and not _was_submitted(application):
        raise PipelineRefused("The candidate has not been submitted to the client yet.", code="not_submitted")
    if stage == Stage.REJECTED and options.get("rejection_reason") is None:
        raise ValidationError({"reason": "Choose a rejection reason."})
    if stage == Stage.WITHDRAWN and not (options.get("reason") or "").strip():
        raise ValidationError({"reason": "Say why the candidate withdrew."})
    for rule in MOVE_RULES:
        rule(application, stage, options)


def rejection_reason_get(value: Any) -> RejectionReason | None:
    """A reason from the admin list by id or code; None when blank; ValidationError when unknown."""
    if value in (None, ""):
        return None
    if isinstance(value, RejectionReason):
        return value
    reasons = RejectionReason.objects.filter(is_active=True)
    text = str(value)
    reason = reasons.filter(pk=int(text)).first() if text.isdigit() else reasons.filter(code=text).first()
    if reason is None:
        raise ValidationError({"reason": "Choose a rejection reason from the list."})
    return reason


@transaction.atomic
def application_move(
    *, actor: User, application: Application, stage: str, reason: Any = None, **options: Any
) -> Application:
    """Move an application to `stage`, recording who and when. The one door for every move."""
    application = Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
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
    application.save()
    _record(application, actor=actor, old=old, new=stage, reason=rejection_reason)
    if stage == Stage.SUBMITTED:
        # Conduct Regs reg 19/21/28: record which CV went to which contact, how (reg 21 task if verbal).
        submissions.submission_record(actor=actor, application=application, options=options)
    details: dict[str, Any] = {"from": old, "to": stage}
    if rejection_reason is not None:
        details["reason"] = rejection_reason.code
    audit_record(actor=actor, action="application.moved", obj=application, details=details)
    return application


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


def stage_history(application: Application) -> list[dict[str, Any]]:
    return [
        {"stage": change.stage, "at": change.at, "by": change.by_id}
        for change in application.stage_changes.all()
    ]


@transaction.atomic
def interview_create(*, actor: User, application: Application, **fields: Any) -> Interview:
    interview = Interview(application=application, created_by=actor, **fields)
    interview.full_clean()
    interview.save()
    audit_record(
        actor=actor, action="interview.created", obj=interview, details={"application": application.pk}
    )
    return interview


@transaction.atomic
def interview_record_outcome(
    *, actor: User, interview: Interview, outcome: str, feedback: str = ""
) -> Interview:
    interview.outcome = outcome
    interview.feedback = feedback
    interview.full_clean()
    interview.save(update_fields=["outcome", "feedback"])
    audit_record(actor=actor, action="interview.outcome", obj=interview, details={"outcome": outcome})
    return interview


@transaction.atomic
def offer_create(*, actor: User, application: Application, **fields: Any) -> Offer:
    offer = Offer(application=application, created_by=actor, **fields)
    offer.full_clean()
    offer.save()
    audit_record(
        actor=actor,
        action="offer.created",
        obj=offer,
        details={"application": application.pk, "counter_offer_risk": offer.counter_offer_risk},
    )
    return offer


def perm_fee(*, salary: int, fee_percent: Decimal) -> int:
    """The permanent fee in whole pounds: salary x fee percent, rounded half up."""
    return int((Decimal(salary) * fee_percent / 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


FOLLOW_UPS = [
    (FollowUp.Kind.WEEK_1, relativedelta(weeks=1)),
    (FollowUp.Kind.MONTH_1, relativedelta(months=1)),
    (FollowUp.Kind.MONTH_3, relativedelta(months=3)),
]


@transaction.atomic
def placement_create(
    *,
    actor: User,
    application: Application,
    start_on: datetime.date,
    salary: int | None = None,
    fee: int | None = None,
    pay_rate: int | None = None,
    charge_rate: int | None = None,
) -> Placement:
    """Place the candidate: in one transaction the placement, the application at `placed`, the
    candidate `placed`, the vacancy filled when its headcount is reached, and the follow-ups."""
    application = (
        Application.objects.select_for_update()
        .select_related("vacancy__client", "candidate")
        .get(pk=application.pk)
    )
    vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)
    if application.stage != Stage.OFFER:
        raise PipelineRefused("Only an application at offer can be placed.", code="wrong_stage")
    missing = [requirement for gate in PLACEMENT_GATES for requirement in gate(application, start_on)]
    if missing:
        raise PipelineRefused(
            "Checks are not complete for this placement.", code="compliance_incomplete", missing=missing
        )
    terms = terms_current(client=vacancy.client)
    placement = Placement(
        application=application,
        start_on=start_on,
        created_by=actor,
        guarantee_ends_on=terms.guarantee_ends_on(start_on) if terms else start_on,
    )
    errors: dict[str, str] = {}
    if vacancy.is_perm:
        if salary is None:
            errors["salary"] = "Give the salary for a permanent placement."
        elif fee is not None:
            placement.salary, placement.fee, placement.fee_overridden = salary, fee, True
        elif terms is None:
            errors["fee"] = "The client has no terms of business: give the fee."
        else:
            placement.salary, placement.fee_percent = salary, terms.fee_percent
            placement.fee = perm_fee(salary=salary, fee_percent=terms.fee_percent)
    else:
        if pay_rate is None:
            errors["pay_rate"] = "Give the pay rate."
        if charge_rate is None:
            errors["charge_rate"] = "Give the charge rate."
        if pay_rate is not None and charge_rate is not None and charge_rate < pay_rate:
            errors["charge_rate"] = "The charge rate is below the pay rate."
        placement.pay_rate, placement.charge_rate = pay_rate, charge_rate
    if errors:
        raise ValidationError(errors)
    placement.full_clean()
    placement.save()

    old = application.stage
    application.stage, application.stage_changed_at = Stage.PLACED, timezone.now()
    application.save(update_fields=["stage", "stage_changed_at"])
    _record(application, actor=actor, old=old, new=Stage.PLACED, reason=None)
    candidate_update(actor=actor, candidate=application.candidate, status=Candidate.Status.PLACED)
    placed = Placement.objects.filter(application__vacancy=vacancy).count()
    if placed >= vacancy.headcount and vacancy.status in (Vacancy.Status.OPEN, Vacancy.Status.ON_HOLD):
        vacancy_set_status(actor=actor, vacancy=vacancy, status=Vacancy.Status.FILLED)
    FollowUp.objects.bulk_create(
        FollowUp(placement=placement, kind=kind, due_on=start_on + delta, assigned_to=application.owner)
        for kind, delta in FOLLOW_UPS
    )
    audit_record(
        actor=actor,
        action="placement.created",
        obj=placement,
        details={
            "application": application.pk,
            "vacancy": vacancy.pk,
            "fee_overridden": placement.fee_overridden,
        },
    )
    return placement


@transaction.atomic
def follow_up_complete(*, actor: User, follow_up: FollowUp, note: str = "") -> FollowUp:
    follow_up.done_at = timezone.now()
    follow_up.note = note[:300]
    follow_up.save(update_fields=["done_at", "note"])
    audit_record(actor=actor, action="followup.done", obj=follow_up, details={"kind": follow_up.kind})
    return follow_up
