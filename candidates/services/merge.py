"""Merging a duplicate into the surviving record (issue 3 "Duplicates and merge").

The user picks the surviving value per field; everything attached to the duplicate moves to the
survivor in one transaction; the duplicate stays as a tombstone (`merged_into`) with its own values
untouched, so nothing is lost and old references still resolve. Which fields are picked and which
united is the Candidate's one field list (candidates.models.fields: `merge`).

Later apps (applications, communications, compliance checks) hold rows about a candidate too.
They hook in with `merge_mover_register` from their `seams.py`, naming the models the mover
carries:

    merge_mover_register("applications", applications_move, models=["vacancies.Application"])

Each mover returns how many rows it moved (reported in the audit event by name). Every model
with a relation to Candidate must be carried by a mover, or a merge would leave part of a
person's story on the tombstone (issue 16): `merge_movers_check` (system check candidates.E002)
refuses to start otherwise, and tests/candidates/test_merge_movers.py walks `apps.get_models()`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.apps import apps
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from candidates.models import (
    Candidate,
    CandidateSkill,
    Consent,
    DiversityRecord,
    Document,
    Qualification,
    WorkHistory,
)
from candidates.models.fields import MERGE_FIELDS, UNITED_FIELDS
from candidates.selectors import candidate_merge_default_choices
from candidates.services.derived import candidate_refresh_derived
from candidates.services.records import _normalise, _save
from core.models import User
from core.services import audit_record

MergeMover = Callable[[Candidate, Candidate], int]
MERGE_MOVERS: dict[str, MergeMover] = {}
# Model label (lower case, "vacancies.application") -> the name of the mover that carries it.
MERGE_MOVER_MODELS: dict[str, str] = {}
# Relations that are the merge itself, not rows about the person.
NOT_MOVED = {("candidates.candidate", "merged_into")}


def merge_mover_register(name: str, mover: MergeMover, *, models: Iterable[str] = ()) -> None:
    MERGE_MOVERS[name] = mover
    for label in models:
        MERGE_MOVER_MODELS[label.lower()] = name


def candidate_relations_unmoved() -> list[str]:
    """`app.Model.field` for every relation to Candidate (FK, one-to-one, many-to-many) that no
    registered mover carries."""
    missing = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not field.is_relation or field.auto_created or field.related_model is not Candidate:
                continue
            label = model._meta.label_lower
            if (label, field.name) in NOT_MOVED or label in MERGE_MOVER_MODELS:
                continue
            missing.append(f"{model._meta.label}.{field.name}")
    return sorted(missing)


@checks.register()
def merge_movers_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    return [
        checks.Error(
            f"{relation} points at Candidate but no merge mover carries it: a merge would leave "
            "those rows on the tombstone.",
            hint="Register one with candidates.services.merge_mover_register(..., models=[...]).",
            id="candidates.E002",
        )
        for relation in candidate_relations_unmoved()
    ]


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
    if DiversityRecord.objects.filter(candidate=survivor).exists():
        return 0  # the survivor's own answers win; the duplicate's stay on the tombstone
    return int(DiversityRecord.objects.filter(candidate=duplicate).update(candidate=survivor))


def _move_documents(survivor: Candidate, duplicate: Candidate) -> int:
    # One current CV per person: the survivor's stays current if it has one.
    if Document.objects.filter(candidate=survivor, is_current_cv=True).exists():
        Document.objects.filter(candidate=duplicate, is_current_cv=True).update(is_current_cv=False)
    return int(Document.objects.filter(candidate=duplicate).update(candidate=survivor))


def _move_not_duplicates(survivor: Candidate, duplicate: Candidate) -> int:
    from candidates.services.duplicates import not_duplicate_move

    return not_duplicate_move(survivor, duplicate)


merge_mover_register("documents", _move_documents, models=["candidates.Document"])
merge_mover_register("consents", _move(Consent), models=["candidates.Consent"])
merge_mover_register("work_history", _move(WorkHistory), models=["candidates.WorkHistory"])
merge_mover_register("qualifications", _move(Qualification), models=["candidates.Qualification"])
merge_mover_register("skills", _move_skills, models=["candidates.CandidateSkill"])
merge_mover_register("diversity", _move_diversity, models=["candidates.DiversityRecord"])
merge_mover_register("not_duplicates", _move_not_duplicates, models=["candidates.NotDuplicate"])


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
    picked = candidate_merge_default_choices(survivor, duplicate)
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
    # Lists are united, then tidied as any write tidies them (tags de-duplicated, sorted).
    united = _normalise(
        {name: [*getattr(survivor, name), *getattr(duplicate, name)] for name in UNITED_FIELDS}
    )
    for name, value in united.items():
        setattr(survivor, name, value)
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
