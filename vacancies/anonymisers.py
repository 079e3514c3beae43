"""The pipeline's share of a candidate's personal data, and why a candidate may not be swept yet.

Rows stay (placements, fees and pipeline reports keep their foreign keys); free text that may say
something about the person is blanked. privacy/ lists these with every other app's anonymisers.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from core.anonymisation import Anonymiser, RetentionExclusion, blank
from vacancies.models import CLOSED_STAGES, Application, FollowUp, Interview, Offer


class ApplicationAnonymiser(Anonymiser):
    model = Application
    person_field = "candidate"
    label = "application"
    fields = {"withdrawn_reason": blank}

    def retention_exclusions(self) -> list[RetentionExclusion]:
        today = timezone.localdate()
        return [
            RetentionExclusion(
                q=Q(applications__in=Application.objects.exclude(stage__in=CLOSED_STAGES)),
                reason="open application",
            ),
            RetentionExclusion(
                # Still starting, or inside the client's rebate guarantee.
                q=Q(applications__placement__start_on__gte=today)
                | Q(applications__placement__guarantee_ends_on__gte=today),
                reason="active placement",
            ),
        ]


class InterviewAnonymiser(Anonymiser):
    model = Interview
    person_field = "application__candidate"
    label = "interview"
    fields = {"feedback": blank}


class OfferAnonymiser(Anonymiser):
    model = Offer
    person_field = "application__candidate"
    label = "offer"
    fields = {"counter_offer_note": blank}


class FollowUpAnonymiser(Anonymiser):
    """Placement follow-up notes are free text about how the person is getting on."""

    model = FollowUp
    person_field = "placement__application__candidate"
    label = "placement_follow_up"
    fields = {"note": blank}


ANONYMISERS: list[type[Anonymiser]] = [
    ApplicationAnonymiser,
    InterviewAnonymiser,
    OfferAnonymiser,
    FollowUpAnonymiser,
]
