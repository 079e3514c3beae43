"""Writes for offers: recording one (which moves the application to `offer`), the candidate's
answer, and the counter-offer risk the dashboard watches."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from core.models import User
from core.services import audit_record
from vacancies.models import CLOSED_STAGES, Application, Offer, Stage
from vacancies.services.introductions import reg18_gate
from vacancies.services.pipeline import PipelineRefused, application_advance


@transaction.atomic
def offer_create(*, actor: User, application: Application, **fields: Any) -> Offer:
    """Record an offer. The application moves to `offer` through the one stage-move door (so one
    never submitted to the client is refused with `not_submitted`, and nothing is recorded)."""
    reg18_gate(vacancy=application.vacancy, action="offer")  # Conduct Regs reg 18: an introduction
    offer = Offer(application=application, created_by=actor, **fields)
    offer.full_clean()
    application_advance(actor=actor, application=application, stage=Stage.OFFER)
    offer.save()
    audit_record(
        actor=actor,
        action="offer.created",
        obj=offer,
        details={"application": application.pk, "counter_offer_risk": offer.counter_offer_risk},
    )
    return offer


ANSWERS = {Offer.Status.ACCEPTED: "offer.accepted", Offer.Status.DECLINED: "offer.declined"}


@transaction.atomic
def offer_respond(*, actor: User, offer: Offer, status: str) -> Offer:
    """The candidate's answer to an offer: `accepted` or `declined`, once. Asking again for the
    answer already recorded changes nothing; changing an answer is refused (`offer_answered`)."""
    offer = Offer.objects.select_for_update().select_related("application").get(pk=offer.pk)
    if offer.status == status:
        return offer
    if status not in ANSWERS:
        raise ValidationError({"status": "An offer is answered with accepted or declined."})
    if offer.status != Offer.Status.MADE:
        raise PipelineRefused(
            f"This offer was already {offer.get_status_display().lower()}.", code="offer_answered"
        )
    if offer.application.stage in CLOSED_STAGES:
        raise PipelineRefused(
            f"This application is closed ({offer.application.get_stage_display().lower()}).",
            code="application_closed",
        )
    offer.status = status
    offer.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=ANSWERS[Offer.Status(status)],
        obj=offer,
        details={"application": offer.application_id},
    )
    return offer


def offers_close_at_placement(*, actor: User, application: Application) -> None:
    """A placement is the offer accepted: the latest offer still open becomes `accepted` (unless one
    already is); any earlier open offer was superseded by it and is closed as `declined`."""
    open_offers = list(application.offers.filter(status=Offer.Status.MADE).order_by("-offered_on", "-id"))
    accepted = application.offers.filter(status=Offer.Status.ACCEPTED).exists()
    for offer in open_offers:
        offer.status = Offer.Status.DECLINED if accepted else Offer.Status.ACCEPTED
        accepted = True
        offer.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action=ANSWERS[Offer.Status(offer.status)],
            obj=offer,
            details={"application": application.pk, "closed_by": "placement"},
        )
