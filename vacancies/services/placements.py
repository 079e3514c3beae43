"""Writes for placements: the placement itself (behind the compliance gate), the fee, the vacancy
filled at its headcount, and the post-placement follow-ups."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import candidate_update
from clients.selectors import terms_current_get
from core.models import User
from core.services import audit_record
from vacancies.models import Application, FollowUp, Offer, Placement, Stage, Vacancy
from vacancies.models.pipeline import MAX_EXPECTED_DAYS
from vacancies.selectors.compliance import placement_unmet_requirement_list
from vacancies.services.interviews import interviews_close_at_placement
from vacancies.services.introductions import reg18_gate
from vacancies.services.offers import offers_close_at_placement
from vacancies.services.pipeline import PipelineRefused, stage_change_record
from vacancies.services.vacancies import vacancy_set_status


def perm_fee_calculate(*, salary: int, fee_percent: Decimal) -> int:
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
    expected_days: int | None = None,
) -> Placement:
    """Place the candidate: in one transaction the placement, the application at `placed`, the
    candidate `placed`, its pending interviews and open offer closed, the vacancy filled when its
    headcount is reached, and the follow-ups."""
    application = (
        Application.objects.select_for_update()
        .select_related("vacancy__client", "candidate")
        .get(pk=application.pk)
    )
    vacancy = Vacancy.objects.select_for_update().get(pk=application.vacancy_id)
    if application.stage != Stage.OFFER:
        raise PipelineRefused("Only an application at offer can be placed.", code="wrong_stage")
    reg18_gate(vacancy=vacancy, action="place")  # Conduct Regs reg 18
    latest_offer = application.offers.order_by("-offered_on", "-id").first()
    if latest_offer is not None and latest_offer.status == Offer.Status.DECLINED:
        raise PipelineRefused(
            "The candidate declined the latest offer: record the offer they accepted first.",
            code="offer_declined",
        )
    missing = placement_unmet_requirement_list(application=application, start_on=start_on)
    if missing:
        raise PipelineRefused(
            "Checks are not complete for this placement.", code="compliance_incomplete", missing=missing
        )
    terms = terms_current_get(client=vacancy.client)
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
            placement.fee = perm_fee_calculate(salary=salary, fee_percent=terms.fee_percent)
    else:
        if pay_rate is None:
            errors["pay_rate"] = "Give the pay rate."
        if charge_rate is None:
            errors["charge_rate"] = "Give the charge rate."
        if pay_rate is not None and charge_rate is not None and charge_rate < pay_rate:
            errors["charge_rate"] = "The charge rate is below the pay rate."
        if expected_days is not None and not 1 <= expected_days <= MAX_EXPECTED_DAYS:
            errors["expected_days"] = f"Give the expected working days, from 1 to {MAX_EXPECTED_DAYS}."
        # Optional here (API.md's placement has no such field, so integrations may leave it out);
        # the page's form asks for it, and without it the margin cannot be totalled.
        placement.pay_rate, placement.charge_rate = pay_rate, charge_rate
        placement.expected_days = expected_days
    if errors:
        raise ValidationError(errors)
    placement.full_clean()
    placement.save()

    old = application.stage
    application.stage, application.stage_changed_at = Stage.PLACED, timezone.now()
    application.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    stage_change_record(application=application, actor=actor, old=old, new=Stage.PLACED, reason=None)
    candidate_update(actor=actor, candidate=application.candidate, status=Candidate.Status.PLACED)
    # The placement closes what led to it: pending interviews and the open offer.
    interviews_close_at_placement(actor=actor, application=application)
    offers_close_at_placement(actor=actor, application=application)
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


@transaction.atomic
def placement_expected_days_set(*, actor: User, placement: Placement, expected_days: int) -> Placement:
    """Give or correct how long a contract or temp assignment should run (an extension, or a
    placement recorded before the field existed): what its margin counts in fee totals."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.fee is not None or placement.margin is None:
        raise ValidationError({"expected_days": "Expected days are for contract and temp placements."})
    if not 1 <= expected_days <= MAX_EXPECTED_DAYS:
        raise ValidationError(
            {"expected_days": f"Give the expected working days, from 1 to {MAX_EXPECTED_DAYS}."}
        )
    before = placement.expected_days
    placement.expected_days = expected_days
    placement.save(update_fields=["expected_days"])
    audit_record(
        actor=actor,
        action="placement.expected_days_set",
        obj=placement,
        details={"from": before, "to": expected_days},
    )
    return placement
