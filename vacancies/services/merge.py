"""Candidate merge, the pipeline's part (issue 16): both people's applications end up on the survivor.

Where both were in one vacancy's pipeline the two become one, as a recruiter would expect: the
survivor's application row stays (one per vacancy), takes the further-progressed one's stage, and
carries both stage histories and everything hung on either (submissions, interviews, offers, the
placement, confirmation tasks; engagement's mover takes the feedback requests). Stage changes are
append-only, so the other's are copied in with their own times and authors; the emptied
application stays on the tombstone, closed as withdrawn with a note saying where it went.
Shortlist entries follow the person the same way.
"""

from __future__ import annotations

from django.utils import timezone

from candidates.models import Candidate
from vacancies.models import (
    Application,
    ConfirmationTask,
    Interview,
    Offer,
    Placement,
    ShortlistEntry,
    Stage,
    StageChange,
    Submission,
)

PROGRESS: list[str] = [
    Stage.SOURCED,
    Stage.SCREENING,
    Stage.SHORTLISTED,
    Stage.SUBMITTED,
    Stage.INTERVIEW,
    Stage.OFFER,
]
MERGED_NOTE = "Merged into application #{} (the same person's duplicate record)"


def _furthest_reached(application: Application) -> int:
    stages = set(StageChange.objects.filter(application=application).values_list("stage", flat=True))
    stages.add(application.stage)
    return max((PROGRESS.index(stage) for stage in stages if stage in PROGRESS), default=0)


def _progress(application: Application) -> tuple[bool, bool, int, float]:
    """Placed beats open, open beats closed, then the furthest stage reached, then the latest move."""
    return (
        application.stage == Stage.PLACED,
        not application.is_closed,
        _furthest_reached(application),
        application.stage_changed_at.timestamp(),
    )


def _children_move(source: Application, target: Application) -> int:
    moved = 0
    for model in (Submission, Interview, Offer, ConfirmationTask):
        moved += int(model.objects.filter(application=source).update(application=target))
    if not Placement.objects.filter(application=target).exists():
        moved += int(Placement.objects.filter(application=source).update(application=target))
    # Feedback requests (engagement, a floor above) follow in engagement's own mover, which runs after.
    return moved


def _history_copy(source: Application, target: Application) -> None:
    StageChange.objects.bulk_create(
        [
            StageChange(
                application=target,
                from_stage=change.from_stage,
                stage=change.stage,
                at=change.at,
                by_id=change.by_id,
                rejection_reason_id=change.rejection_reason_id,
            )
            for change in StageChange.objects.filter(application=source).order_by("at", "id")
        ]
    )


def _combine(kept: Application, other: Application) -> None:
    """`kept` (the survivor's row) absorbs `other` (the duplicate's) for the same vacancy."""
    if _progress(other) > _progress(kept):
        kept.stage, kept.stage_changed_at = other.stage, other.stage_changed_at
        kept.rejection_reason_id, kept.withdrawn_reason = other.rejection_reason_id, other.withdrawn_reason
        kept.save(
            update_fields=["stage", "stage_changed_at", "rejection_reason", "withdrawn_reason", "updated_at"]
        )
    _history_copy(other, kept)
    _children_move(other, kept)
    StageChange.objects.create(application=other, from_stage=other.stage, stage=Stage.WITHDRAWN)
    other.stage, other.withdrawn_reason = Stage.WITHDRAWN, MERGED_NOTE.format(kept.pk)[:300]
    other.save(update_fields=["stage", "withdrawn_reason", "stage_changed_at", "updated_at"])


def applications_move(survivor: Candidate, duplicate: Candidate) -> int:
    mine = {app.vacancy_id: app for app in Application.objects.filter(candidate=survivor)}
    moved = 0
    for application in Application.objects.filter(candidate=duplicate).order_by("pk"):
        kept = mine.get(application.vacancy_id)
        if kept is None:
            moved += int(
                Application.objects.filter(pk=application.pk).update(
                    candidate=survivor, updated_at=timezone.now()
                )
            )
        else:
            _combine(kept, application)
            moved += 1
    return moved


def shortlist_entries_move(survivor: Candidate, duplicate: Candidate) -> int:
    """One entry per shortlist: where the survivor is on the list already, its entry stays."""
    taken = ShortlistEntry.objects.filter(candidate=survivor).values("shortlist_id")
    moving = ShortlistEntry.objects.filter(candidate=duplicate).exclude(shortlist_id__in=taken)
    return int(moving.update(candidate=survivor))
