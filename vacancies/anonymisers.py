"""The pipeline's share of a candidate's personal data, and why a candidate may not be swept yet.

Rows stay (placements, fees and pipeline reports keep their foreign keys); free text that may say
something about the person is blanked. privacy/ lists these with every other app's anonymisers.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from core.anonymisation import Anonymiser, RetentionExclusion, blank
from vacancies.models import (
    CLOSED_STAGES,
    Application,
    ClientFeedback,
    FollowUp,
    Interview,
    Offer,
    ShortlistEntry,
    Submission,
)


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


class ShortlistEntryAnonymiser(Anonymiser):
    """Why the person was put forward, and the manager's comment: free text about them."""

    model = ShortlistEntry
    person_field = "candidate"
    label = "shortlist entry"
    fields = {"rationale": blank, "decision_comment": blank, "match_rationale": {}}


class ClientFeedbackAnonymiser(Anonymiser):
    model = ClientFeedback
    person_field = "entry__candidate"
    label = "client feedback"
    fields = {"comment": blank}


class SubmissionAnonymiser(Anonymiser):
    """Exported for subject access (which client contact got the CV, when, how); nothing to blank:
    the row is the Conduct Regs reg 29 record and holds ids only."""

    model = Submission
    person_field = "application__candidate"
    label = "submission"
    fields = {}

    def export_row(self, row: object) -> dict[str, object]:
        assert isinstance(row, Submission)
        return {
            "pk": row.pk,
            "application": row.application_id,
            "contact": row.contact_id,
            "document": row.document_id,
            "channel": row.channel,
            "submitted_at": row.submitted_at.isoformat(),
        }


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
    ShortlistEntryAnonymiser,
    ClientFeedbackAnonymiser,
    SubmissionAnonymiser,
    FollowUpAnonymiser,
]
