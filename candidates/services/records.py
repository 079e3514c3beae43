"""Writes for candidate records: create, update, skills, history, qualifications, tags.

Each write normalises what was typed (phone to E.164, postcode), refuses an exact email duplicate
of a live candidate (API.md: 409 duplicate), records the lawful basis and the first consent at
creation, refreshes the derived values and writes an audit event with ids and codes only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from candidates import privacy_seam
from candidates.models import Candidate, CandidateSkill, Consent, Qualification, Skill, WorkHistory
from candidates.models.fields import EDITABLE_FIELDS, Typed, typed_fields
from candidates.normalise import (
    canonical_skill_key,
    normalise_phone,
    normalise_postcode,
    skill_display_name,
    skill_key,
)
from candidates.selectors import candidate_email_duplicate_get
from candidates.services.derived import candidate_keys, candidate_refresh_derived
from candidates.services.results_cache import results_generation_bump
from core.models import PrivacyNotice, User
from core.selectors import privacy_notice_current
from core.services import audit_record
from core.versioning import edit_lock, edit_save


def privacy_notice_version() -> str:
    """The consent wording's version: the privacy notice current now (core.PrivacyNotice, which an
    admin publishes in Agency settings; issue 19)."""
    try:
        return privacy_notice_current().version
    except PrivacyNotice.DoesNotExist:  # only if every version was deleted by hand
        return ""


# One-line text fields: what was typed has its runs of spaces collapsed (the import does the same).
ONE_LINE_FIELDS = tuple(f.name for f in typed_fields(Typed.TEXT))


class DuplicateCandidate(Exception):
    """An exact email match with a live candidate: refused, naming the existing record."""

    def __init__(self, existing_id: int) -> None:
        super().__init__("A candidate with this email address already exists.")
        self.existing_id = existing_id


def candidate_default_lawful_basis(source: str) -> str:
    # UK GDPR art. 6: someone who applied asked us to act for them (steps towards a contract);
    # someone we sourced is held on legitimate interests and must get the privacy notice (art. 14).
    if source in (Candidate.Source.DIRECT, Candidate.Source.CAREERS_SITE):
        return Candidate.LawfulBasis.CONTRACT
    return Candidate.LawfulBasis.LEGITIMATE_INTERESTS


def _normalise(fields: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for name, fn in (("phone", normalise_phone), ("postcode", normalise_postcode)):
        if name in fields:
            try:
                fields[name] = fn(fields[name] or "")
            except ValidationError as exc:
                errors[name] = exc.messages
    if errors:
        raise ValidationError(errors)
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip().lower()
    for name in ONE_LINE_FIELDS:
        if name in fields and isinstance(fields[name], str):
            fields[name] = " ".join(fields[name].split())
    if "tags" in fields:
        fields["tags"] = candidate_tags_normalise(fields["tags"] or [])
    if "employment_types" in fields:
        fields["employment_types"] = sorted(set(fields["employment_types"] or []))
    return fields


def candidate_tags_normalise(tags: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for tag in tags:
        clean = " ".join(str(tag).split())[:50].lower()
        if clean:
            seen.setdefault(clean, clean)
    return sorted(seen)


_KEY_FIELDS = ("name_key", "postcode_key")


def _set_keys(candidate: Candidate) -> None:
    keys = candidate_keys(
        first_name=candidate.first_name, last_name=candidate.last_name, postcode=candidate.postcode
    )
    for name, value in keys.items():
        setattr(candidate, name, value)


def _save(candidate: Candidate, update_fields: Sequence[str] | None = None) -> None:
    _set_keys(candidate)
    candidate.full_clean(validate_constraints=False)
    duplicate = (
        candidate_email_duplicate_get(candidate.email, exclude_id=candidate.pk) if candidate.is_live else None
    )
    if duplicate is not None:
        raise DuplicateCandidate(duplicate.pk)
    try:
        with transaction.atomic():
            if update_fields is None:
                candidate.save()
            else:  # an edit writes what changed (and the keys derived from it), never the whole row
                edit_save(candidate, [*update_fields, *_KEY_FIELDS])
    except IntegrityError as exc:  # a concurrent create won the race for this email
        if "candidates_candidate_live_email_ci_unique" in str(exc):
            duplicate = candidate_email_duplicate_get(candidate.email, exclude_id=candidate.pk)
            raise DuplicateCandidate(duplicate.pk if duplicate else 0) from None
        raise


@transaction.atomic
def candidate_create(
    *,
    actor: User | None,
    owner: User | None = None,
    skills: Sequence[str] | None = None,
    work_history: Sequence[dict[str, Any]] | None = None,
    qualifications: Sequence[dict[str, Any]] | None = None,
    consent_method: str = "",
    suppression_reason: str = "",
    **fields: Any,
) -> Candidate:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"candidate_create got unknown fields: {sorted(unknown)}")
    # actor None: the person added themselves (the careers site); the owner is then given.
    owner = owner or actor
    if owner is None or owner.team_id is None:
        raise ValidationError({"owner": ["The owner must belong to a team."]})
    fields = _normalise(dict(fields))
    if not fields.get("lawful_basis"):
        fields["lawful_basis"] = candidate_default_lawful_basis(fields.get("source", ""))
    candidate = Candidate(owner=owner, team_id=owner.team_id, **fields)
    # DOMAIN.md erasure: an erased person is not re-sourced without a recorded reason.
    is_suppressed = privacy_seam.suppression_check(email=candidate.email, phone=candidate.phone)
    if is_suppressed and not suppression_reason.strip():
        raise privacy_seam.SuppressedPerson
    _save(candidate)
    if is_suppressed:
        privacy_seam.suppression_override_record(
            candidate=candidate, actor=actor, reason=suppression_reason.strip()
        )
    _replace_children(candidate, skills=skills, work_history=work_history, qualifications=qualifications)
    # The ledger starts with the basis we hold the record on (UK GDPR art. 6, recorded at creation).
    Consent.objects.create(
        candidate=candidate,
        purpose=Consent.Purpose.PROCESSING,
        lawful_basis=candidate.lawful_basis,
        given_at=timezone.now(),
        method=consent_method
        or (Consent.Method.APPLICATION if not candidate.is_sourced else Consent.Method.RECORDED),
        wording_version=privacy_notice_version(),
        recorded_by=actor,
    )
    candidate_refresh_derived([candidate.pk])
    audit_record(
        actor=actor,
        action="candidate.created",
        obj=candidate,
        details={"source": candidate.source, "lawful_basis": candidate.lawful_basis},
    )
    return candidate


@transaction.atomic
def candidate_update(
    *,
    actor: User | None,
    candidate: Candidate,
    skills: Sequence[str] | None = None,
    work_history: Sequence[dict[str, Any]] | None = None,
    qualifications: Sequence[dict[str, Any]] | None = None,
    owner: User | None = None,
    expected_updated_at: datetime.datetime | None = None,
    **fields: Any,
) -> Candidate:
    """Change the fields given (only those that differ are written). With `expected_updated_at`
    (the version the caller read), a record changed since raises `core.versioning.StaleRecord`."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"candidate_update got unknown fields: {sorted(unknown)}")
    fields = _normalise(dict(fields))
    edit_lock(candidate, expected_updated_at=expected_updated_at)
    changed = sorted(name for name, value in fields.items() if getattr(candidate, name) != value)
    for name in changed:
        setattr(candidate, name, fields[name])
    if owner is not None and owner.pk != candidate.owner_id:
        if owner.team_id is None:
            raise ValidationError({"owner": ["The owner must belong to a team."]})
        candidate.owner, candidate.team_id = owner, owner.team_id
        changed.append("owner")
    if changed or any(rows is not None for rows in (skills, work_history, qualifications)):
        _save(candidate, [*changed, "team"] if "owner" in changed else changed)
    changed += _replace_children(
        candidate, skills=skills, work_history=work_history, qualifications=qualifications
    )
    if not changed:  # saved unchanged: nothing written, nothing to record
        return candidate
    candidate_refresh_derived([candidate.pk])
    audit_record(actor=actor, action="candidate.updated", obj=candidate, details={"fields": changed})
    candidate.refresh_from_db()
    return candidate


def _replace_children(
    candidate: Candidate,
    *,
    skills: Sequence[str] | None,
    work_history: Sequence[dict[str, Any]] | None,
    qualifications: Sequence[dict[str, Any]] | None,
) -> list[str]:
    changed = []
    if skills is not None:
        candidate_set_skills(candidate=candidate, names=skills)
        changed.append("skills")
    if work_history is not None:
        # API.md: a list replaces the previous one.
        WorkHistory.objects.filter(candidate=candidate).delete()
        rows = [WorkHistory(candidate=candidate, **_clean_row(WorkHistory, row)) for row in work_history]
        WorkHistory.objects.bulk_create(rows)
        changed.append("work_history")
    if qualifications is not None:
        Qualification.objects.filter(candidate=candidate).delete()
        rows_q = [
            Qualification(candidate=candidate, **_clean_row(Qualification, row)) for row in qualifications
        ]
        Qualification.objects.bulk_create(rows_q)
        changed.append("qualifications")
    return changed


def _clean_row(model: type[WorkHistory] | type[Qualification], row: dict[str, Any]) -> dict[str, Any]:
    allowed = {"employer", "title", "started_on", "ended_on", "summary"}
    if model is Qualification:
        allowed = {"name", "institution", "awarded_on", "verified"}
    data = {key: value for key, value in row.items() if key in allowed}
    instance = model(candidate_id=0, **data)
    instance.full_clean(exclude=["candidate"])
    return data


def skills_resolve(names: Iterable[str]) -> list[Skill]:
    """The Skill for each name, creating new ones; aliases ("JS") resolve to their skill."""
    wanted: dict[str, str] = {}
    for name in names:
        key = canonical_skill_key(name)
        if key:
            wanted.setdefault(key, skill_display_name(name))
    if not wanted:
        return []
    found = {
        skill.key: skill
        for skill in Skill.objects.filter(Q(key__in=wanted) | Q(aliases__overlap=list(wanted)))
    }
    by_alias = {alias: skill for skill in found.values() for alias in skill.aliases}
    result: list[Skill] = []
    listed: set[int] = set()
    for key, display in wanted.items():
        skill = found.get(key) or by_alias.get(key)
        if skill is None:
            skill, _ = Skill.objects.get_or_create(
                key=key, defaults={"name": display, "aliases": _aliases_of(key)}
            )
            found[key] = skill
        if skill.pk not in listed:  # a set: Model.__eq__ over the list was quadratic at 50,000 rows
            listed.add(skill.pk)
            result.append(skill)
    return result


def _aliases_of(key: str) -> list[str]:
    from candidates.normalise import SKILL_ALIASES

    return sorted(
        alias for alias, canonical in SKILL_ALIASES.items() if skill_key(canonical) == key and alias != key
    )


def candidate_set_skills(*, candidate: Candidate, names: Sequence[str]) -> list[Skill]:
    skills = skills_resolve(names)
    CandidateSkill.objects.filter(candidate=candidate).exclude(skill__in=skills).delete()
    CandidateSkill.objects.bulk_create(
        [CandidateSkill(candidate=candidate, skill=skill) for skill in skills], ignore_conflicts=True
    )
    results_generation_bump()  # bulk_create sends no signal; skills are on results pages
    return skills


@transaction.atomic
def candidate_bulk_tag(*, actor: User, candidates: Iterable[Candidate], tag: str) -> int:
    tag = candidate_tags_normalise([tag])[0] if candidate_tags_normalise([tag]) else ""
    if not tag:
        raise ValidationError({"tag": ["Enter a tag."]})
    ids = []
    # The tags as stored now, under the row lock: a tag someone added since the list was read stays.
    locked = Candidate.objects.select_for_update().filter(pk__in=[c.pk for c in candidates]).order_by("pk")
    for candidate in locked:
        if tag not in candidate.tags:
            candidate.tags = sorted([*candidate.tags, tag])
            candidate.save(update_fields=["tags", "updated_at"])
            ids.append(candidate.pk)
    candidate_refresh_derived(ids)
    audit_record(actor=actor, action="candidate.bulk_tagged", details={"count": len(ids), "ids": ids[:20]})
    return len(ids)


@transaction.atomic
def candidate_confirm_availability(
    *, actor: User, candidate: Candidate, available_from: datetime.date | None
) -> Candidate:
    candidate.available_from = available_from
    candidate.availability_confirmed_on = timezone.localdate()
    candidate.save(update_fields=["available_from", "availability_confirmed_on", "updated_at"])
    audit_record(actor=actor, action="candidate.availability_confirmed", obj=candidate)
    return candidate


@transaction.atomic
def candidate_record_privacy_notice(
    *, actor: User, candidate: Candidate, sent_on: datetime.date
) -> Candidate:
    # UK GDPR art. 14: the date the privacy notice went to a sourced candidate.
    candidate.privacy_notice_sent_on = sent_on
    candidate.save(update_fields=["privacy_notice_sent_on", "updated_at"])
    audit_record(actor=actor, action="candidate.privacy_notice_sent", obj=candidate)
    return candidate
