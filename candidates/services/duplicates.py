"""Dismissing a false duplicate: "these two records are not the same person" (issue 16).

The pair is recorded once (lower id first), audited with ids only, and never flagged again:
`selectors._possible_duplicates_subquery` leaves dismissed pairs out of every list, page and API.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from candidates.models import Candidate, NotDuplicate
from core.models import User
from core.services import audit_record


@transaction.atomic
def candidate_not_duplicate_record(*, actor: User, candidate: Candidate, other: Candidate) -> NotDuplicate:
    """Idempotent: recording a pair twice keeps the first record (and its one audit event)."""
    if candidate.pk == other.pk:
        raise ValidationError({"other": ["Choose another candidate, not this one."]})
    if not (candidate.is_live and other.is_live):
        raise ValidationError({"other": ["Only live records can be compared."]})
    low, high = sorted((candidate.pk, other.pk))
    existing = NotDuplicate.objects.filter(low_id=low, high_id=high).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            pair = NotDuplicate.objects.create(low_id=low, high_id=high, recorded_by=actor)
    except IntegrityError:  # recorded by someone else a moment ago
        return NotDuplicate.objects.get(low_id=low, high_id=high)
    audit_record(
        actor=actor,
        action="candidate.not_duplicate",
        obj=candidate,
        details={"other": other.pk, "pair": pair.pk},
    )
    return pair


def not_duplicate_move(survivor: Candidate, duplicate: Candidate) -> int:
    """Merge: what was said of the duplicate ("not the same as X") is true of the survivor too."""
    moved = 0
    for pair in NotDuplicate.objects.filter(low=duplicate) | NotDuplicate.objects.filter(high=duplicate):
        other_id = pair.high_id if pair.low_id == duplicate.pk else pair.low_id
        if other_id != survivor.pk:
            low, high = sorted((survivor.pk, other_id))
            _, created = NotDuplicate.objects.get_or_create(
                low_id=low, high_id=high, defaults={"recorded_by_id": pair.recorded_by_id}
            )
            moved += int(created)
    return moved
