"""What privacy plugs into the floors below it at start-up (privacy.apps calls `register`).

candidates sits below privacy: it asks "is this person suppressed?" and "any notices for their
page?" through its own seam (candidates.privacy_seam), filled here.
"""

from __future__ import annotations

from candidates import privacy_seam
from candidates.models import Candidate
from candidates.services import merge_mover_register
from privacy.models import (
    ErasureRequest,
    LegalHold,
    RetentionReview,
    SubjectAccessRequest,
    SuppressionOverride,
)
from privacy.selectors.holds import legal_hold_notice_get
from privacy.selectors.suppression import suppression_matches, suppression_matches_many
from privacy.services.suppression_list import suppression_override_record


def privacy_records_move(survivor: Candidate, duplicate: Candidate) -> int:
    """A merge: the duplicate's data-protection requests, overrides and holds follow the person.

    One live legal hold per person: where the survivor is held already, the duplicate's live hold
    stays on the tombstone (the survivor is protected either way; a hold is never released here).
    Retention: the later "keep until" of the two wins.
    """
    moved = 0
    for model in (SubjectAccessRequest, ErasureRequest, SuppressionOverride):
        moved += int(model.objects.filter(candidate=duplicate).update(candidate=survivor))
    holds = LegalHold.objects.filter(candidate=duplicate)
    if LegalHold.objects.filter(candidate=survivor, released_at__isnull=True).exists():
        holds = holds.filter(released_at__isnull=False)
    moved += int(holds.update(candidate=survivor))
    theirs = RetentionReview.objects.filter(candidate=duplicate).first()
    mine = RetentionReview.objects.filter(candidate=survivor).first()
    if theirs is not None and mine is None:
        moved += int(RetentionReview.objects.filter(pk=theirs.pk).update(candidate=survivor))
    elif (
        theirs is not None
        and mine is not None
        and theirs.keep_until
        and (mine.keep_until is None or theirs.keep_until > mine.keep_until)
    ):
        RetentionReview.objects.filter(pk=mine.pk).update(keep_until=theirs.keep_until)
    return moved


PRIVACY_MODELS = [
    m._meta.label
    for m in (SubjectAccessRequest, ErasureRequest, SuppressionOverride, LegalHold, RetentionReview)
]


def register() -> None:
    merge_mover_register("privacy", privacy_records_move, models=PRIVACY_MODELS)
    privacy_seam.register(
        suppression_matches=suppression_matches,
        suppression_matches_many=suppression_matches_many,
        suppression_override_record=suppression_override_record,
    )
    privacy_seam.record_notice_register(legal_hold_notice_get)
