"""Merging a duplicate into the surviving record (issue 3 "Duplicates and merge").

The user picks the surviving value per field; everything attached to the duplicate moves to the
survivor in one transaction; the duplicate stays as a tombstone (`merged_into`) with its own values
untouched, so nothing is lost and old references still resolve.

Later apps (applications, communications, compliance checks) hold rows about a candidate too.
They hook in with `register_merge_mover`, from their AppConfig.ready():

    from candidates.services.merge import register_merge_mover
    register_merge_mover("applications", lambda survivor, duplicate: Application.objects.filter(
        candidate=duplicate).update(candidate=survivor))

Each mover returns how many rows it moved (reported in the audit event by name).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import Candidate, CandidateSkill, Consent, Document, Qualification, WorkHistory
from candidates.services.derived import candidate_refresh_derived
from candidates.services.records import normalise_tags
from core.models import User
from core.services import audit_record

MergeMover = Callable[[Candidate, Candidate], int]
MERGE_MOVERS: dict[str, MergeMover] = {}

# Fields the user chooses between (one value survives). List fields are united instead.
MERGE_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "postcode",
    "town",
    "current_title",
    "summary",
    "desired_salary",
    "desired_day_rate",
    "available_from",
    "availability_confirmed_on",
    "notice_period_weeks",
    "source",
    "source_detail",
    "referrer",
    "right_to_work",
    "status",
    "lawful_basis",
    "privacy_notice_sent_on",
    "last_contacted_at",
    "owner",
)
UNITED_FIELDS = ("tags", "employment_types")


def register_merge_mover(name: str, mover: MergeMover) -> None:
    MERGE_MOVERS[name] = mover


def _move(model: Any) -> MergeMover:
    def mover(survivor: Candidate, duplicate: Candidate) -> int:
        return int(model.objects.filter(candidate=duplicate).update(candidate=survivor))

    return mover


def _move_skills(survivor: Candidate, duplicate: Candidate) -> int:
    have = set(CandidateSkill.objects.filter(candidate=survivor).values_list("skill_id", flat=True))
    moving = CandidateSkill.objects.filter(candidate=duplicate).exclude(skill_id__in=have)
    moved = int(moving.update(candidate=survivor))
    CandidateSkill.objects.filter(candidate=duplicate).delete()  # the survivor has these already
    return moved


def _move_diversity(survivor: Candidate, duplicate: Candidate) -> int:
    from candidates.models import DiversityRecord

    if DiversityRecord.objects.filter(candidate=survivor).exists():
        return 0  # the survivor's own answers win; the duplicate's stay on the tombstone
    return int(DiversityRecord.objects.filter(candidate=duplicate).update(candidate=survivor))


register_merge_mover("documents", _move(Document))
register_merge_mover("consents", _move(Consent))
register_merge_mover("work_history", _move(WorkHistory))
register_merge_mover("qualifications", _move(Qualification))
register_merge_mover("skills", _move_skills)
register_merge_mover("diversity", _move_diversity)


def merge_default_choices(survivor: Candidate, duplicate: Candidate) -> dict[str, str]:
    """Keep the survivor's value, unless it is empty and the duplicate has one."""
    choices = {}
    for name in MERGE_FIELDS:
        mine = getattr(survivor, name)
        theirs = getattr(duplicate, name)
        choices[name] = "duplicate" if mine in ("", None) and theirs not in ("", None) else "survivor"
    return choices


@transaction.atomic
def candidate_merge(
    *, actor: User, survivor: Candidate, duplicate: Candidate, choices: Mapping[str, str] | None = None
) -> Candidate:
    if survivor.pk == duplicate.pk:
        raise ValidationError({"duplicate": ["A candidate can't be merged with itself."]})
    survivor, duplicate = (
        Candidate.objects.select_for_update().get(pk=survivor.pk),
        Candidate.objects.select_for_update().get(pk=duplicate.pk),
    )
    if not (survivor.is_live and duplicate.is_live):
        raise ValidationError({"duplicate": ["Only live records can be merged."]})
    picked = merge_default_choices(survivor, duplicate)
    for name, side in (choices or {}).items():
        if name not in MERGE_FIELDS or side not in ("survivor", "duplicate"):
            raise ValidationError({"fields": [f"Unknown field or side: {name}."]})
        picked[name] = side
    taken = sorted(name for name, side in picked.items() if side == "duplicate")

    # The duplicate leaves the live set first, so its email no longer blocks the survivor's.
    duplicate.merged_into, duplicate.merged_at = survivor, timezone.now()
    duplicate.save(update_fields=["merged_into", "merged_at", "updated_at"])

    for name in taken:
        setattr(survivor, name, getattr(duplicate, name))
    if "owner" in taken:
        survivor.team_id = duplicate.team_id
    survivor.tags = normalise_tags([*survivor.tags, *duplicate.tags])
    survivor.employment_types = sorted({*survivor.employment_types, *duplicate.employment_types})
    from candidates.services.records import _save

    _save(survivor)
    moved = {name: mover(survivor, duplicate) for name, mover in MERGE_MOVERS.items()}
    candidate_refresh_derived([survivor.pk, duplicate.pk])
    audit_record(
        actor=actor,
        action="candidate.merged",
        obj=survivor,
        details={
            "duplicate": duplicate.pk,
            "fields_from_duplicate": taken,
            **{f"moved_{k}": v for k, v in moved.items()},
        },
    )
    survivor.refresh_from_db()
    return survivor
