"""Writing a checked CSV import (candidates.services.imports): set-based, so 10,000 rows take seconds.

The people go to a staging table by COPY, then their skills and consents, then one INSERT … SELECT
writes each person once with the values derived from them computed on the way in — by the same
declarations the services' own writes use (candidates.services.derived), so an imported person is
exactly what creating them one by one would have stored (tests/candidates/test_import.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from candidates.models import Candidate, CandidateSkill, Consent, Skill
from candidates.normalise import canonical_skill_key
from candidates.services.derived import candidate_insert_from_stage, candidate_keys, skills_source_text
from candidates.services.records import privacy_notice_version, skills_resolve
from core.models import User

BATCH = 1000
STAGE_TABLE = "candidates_import_stage"  # a temporary table, dropped at commit


def _skills_by_name(names: set[str]) -> dict[str, list[Skill]]:
    """Each imported skill name -> its Skill, resolved (and created) in one go, not one by one."""
    resolved = skills_resolve(sorted(names))
    by_key: dict[str, Skill] = {}
    for skill in resolved:
        for alias in skill.aliases:
            by_key.setdefault(alias, skill)
    for skill in resolved:
        by_key[skill.key] = skill
    found: dict[str, list[Skill]] = {}
    for name in names:
        match = by_key.get(canonical_skill_key(name))
        if match is not None:
            found[name] = [match]
    return found


def _copy_rows(
    model: type[models.Model],
    rows: list[dict[str, Any]],
    *,
    with_ids: bool,
    into: str = "",
    extra: Sequence[str] = (),
) -> list[int]:
    """Insert plain rows ({attname: value}) with COPY, the fastest way into PostgreSQL.

    bulk_create builds model instances and an INSERT of 30,000 quoted parameters per thousand
    rows, which cost more than the database's work (profiled in issue 10). Fields not given get
    their model default, auto_now(_add) fields the current time. With `with_ids`, ids come from
    the table's sequence first and are returned in order. `into` names another table with the
    same columns (a staging table); `extra` names its further columns, given in every row."""
    if not rows:
        return []
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if with_ids or not f.primary_key]
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif not f.primary_key:
            defaults[f.attname] = f.get_default()
    ids: list[int] = []
    with connection.cursor() as cursor:
        if with_ids:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [meta.db_table, meta.pk.column or "id", len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            for row, pk in zip(rows, ids, strict=True):
                row[meta.pk.attname] = pk
        names = [f.attname for f in fields] + list(extra)
        columns = ", ".join([connection.ops.quote_name(f.column or f.attname) for f in fields] + list(extra))
        table = into or connection.ops.quote_name(meta.db_table)
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[name] if name in row else defaults[name] for name in names])
    return ids


@transaction.atomic  # the staging table lives until the commit
def import_rows_write(
    *, actor: User, rows: list[dict[str, Any]], progress: Callable[[int, int], None] | None = None
) -> list[int]:
    """Write checked rows (imports._validate_row's values) as new candidates of `actor`: their
    ids, in order."""
    created_ids: list[int] = []
    skills = {skill_name for values in rows for skill_name in values["skills"]}
    skill_ids = _skills_by_name(skills)
    now = timezone.now()
    version = privacy_notice_version()
    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        people = []
        for values in chunk:
            row = {k: v for k, v in values.items() if k != "skills"}
            keys = candidate_keys(
                first_name=row["first_name"], last_name=row["last_name"], postcode=row["postcode"]
            )
            row.update(keys, owner_id=actor.pk, team_id=actor.team_id)
            people.append(row)
        # The people go to a staging table first; their children next (foreign keys are checked at
        # commit); then one INSERT … SELECT writes each person once with their search vector, text
        # and quality computed on the way in (candidates.services.derived).
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {STAGE_TABLE}"
                " (LIKE candidates_candidate INCLUDING DEFAULTS, import_skills text) ON COMMIT DROP"
            )
            cursor.execute(f"TRUNCATE {STAGE_TABLE}")
        # Each person's skills, in the order their links are written (by skill id), and the
        # search source text they make, staged with the person (derived.skills_source_text).
        person_skills = [
            sorted({s.pk: s for name in values["skills"] for s in skill_ids.get(name, [])}.items())
            for values in chunk
        ]
        for row, resolved in zip(people, person_skills, strict=True):
            row["import_skills"] = skills_source_text((skill.name, skill.aliases) for _, skill in resolved)
        ids = _copy_rows(Candidate, people, with_ids=True, into=STAGE_TABLE, extra=["import_skills"])
        links = [(pk, s) for pk, resolved in zip(ids, person_skills, strict=True) for s, _ in resolved]
        _copy_rows(CandidateSkill, [{"candidate_id": c, "skill_id": s} for c, s in links], with_ids=False)
        _copy_rows(
            Consent,
            [
                {
                    "candidate_id": pk,
                    "purpose": Consent.Purpose.PROCESSING,
                    "lawful_basis": row["lawful_basis"],
                    "given_at": now,
                    "method": Consent.Method.RECORDED,
                    "wording_version": version,
                    "recorded_by_id": actor.pk,
                }
                for pk, row in zip(ids, people, strict=True)
            ],
            with_ids=False,
        )
        # A CSV row has skills, no work history, qualifications or documents.
        candidate_insert_from_stage(
            STAGE_TABLE,
            [str(f.column) for f in Candidate._meta.concrete_fields],
            children={"skills"},
            staged={"skills": "c.import_skills"},
        )
        created_ids.extend(ids)
        if progress:
            progress(start + len(chunk), len(rows))
    return created_ids
