"""Explainable matching: hard filters in SQL, then the documented score (DESIGN.md "Matching").

Hard filters (a candidate failing any is not a match at all):
  * live (not merged, not anonymised) and not `do_not_contact`;
  * has every must-have skill (unless `include_partial`, which lists near misses too);
  * open to the vacancy's employment type (an empty list means "not said": kept);
  * available by the start date (no `available_from` means available now);
  * does not need visa sponsorship unless the vacancy offers it — the candidate's *declared*
    `right_to_work`; verified checks are for the person actually being offered the job.

The score (selectors/match_scoring.py, one declaration rendered as SQL and evaluated in Python) is
computed in SQL so that only the best `limit` candidates leave the database (issue 10); Python
writes their rationale. tests/vacancies/test_matching.py proves two people differing only in
what the score may not read score the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from candidates.models import Candidate, CandidateSkill, Skill
from candidates.normalise import canonical_skill_key
from compliance.models import RightToWorkCheck
from core.models import User
from vacancies.models import Vacancy
from vacancies.selectors.match_rationale import match_score
from vacancies.selectors.match_scoring import SCORED_FIELDS, Wanted, score_sql, score_terms


@dataclass
class Match:
    candidate: int
    score: float
    rationale: dict[str, Any]


def _skill_ids(names: list[str]) -> dict[int, str]:
    """Skill id -> the vacancy's own wording, resolving aliases ("JS" is "JavaScript")."""
    wanted = {canonical_skill_key(name): name for name in names if name.strip()}
    if not wanted:
        return {}
    found: dict[int, str] = {}
    for skill in Skill.objects.filter(Q(key__in=wanted) | Q(aliases__overlap=list(wanted))):
        for key in [skill.key, *skill.aliases]:
            if key in wanted:
                found[skill.pk] = wanted[key]
                break
    return found


def _hard_filtered(
    *, user: User, vacancy: Vacancy, must_ids: dict[int, str], include_partial: bool
) -> QuerySet:
    """The SQL hard filters (a candidate failing any is not a match)."""
    candidates = Candidate.objects.live().visible_to(user).exclude(status=Candidate.Status.DO_NOT_CONTACT)
    candidates = candidates.filter(
        Q(employment_types__len=0) | Q(employment_types__contains=[vacancy.employment_type])
    )
    if vacancy.start_on:
        candidates = candidates.filter(
            Q(available_from__isnull=True) | Q(available_from__lte=vacancy.start_on)
        )
    if not vacancy.sponsorship_available:
        candidates = candidates.exclude(right_to_work=Candidate.RightToWork.NEEDS_SPONSORSHIP)
    for skill_id in [] if include_partial else must_ids:
        candidates = candidates.filter(
            Exists(CandidateSkill.objects.filter(candidate=OuterRef("pk"), skill_id=skill_id))
        )
    return candidates


def wanted_get(*, vacancy: Vacancy) -> Wanted:
    """The vacancy's skill lists resolved to skill ids (two queries)."""
    return Wanted(
        must_ids=_skill_ids(vacancy.must_have_skills),
        nice_ids=_skill_ids(vacancy.nice_to_have_skills),
        must_names=[n for n in vacancy.must_have_skills if n.strip()],
        nice_names=[n for n in vacancy.nice_to_have_skills if n.strip()],
    )


def match_rank(
    candidates: QuerySet, *, score: str, score_params: list[Any], wanted: Wanted, limit: int
) -> list[tuple[int, float]]:
    """(candidate id, score) of the best `limit`, best first, ties by id: scored and sorted in SQL.

    `score` is an SQL expression over `c` (the candidate) and `sk.ids` (their relevant skill ids)."""
    inner, inner_params = candidates.order_by().values("pk").query.sql_with_params()  # no name sort
    relevant = sorted({*wanted.must_ids, *wanted.nice_ids})
    sql = f"""
        SELECT c.id, {score} AS score
        FROM candidates_candidate c
        LEFT JOIN LATERAL (
            SELECT array_agg(cs.skill_id) AS ids FROM candidates_candidateskill cs
            WHERE cs.candidate_id = c.id AND cs.skill_id = ANY(%s::bigint[])
        ) sk ON true
        WHERE c.id IN ({inner})
        ORDER BY score DESC, c.id
        LIMIT %s
    """  # noqa: S608 - built from our own SQL; every value is a parameter
    return [
        (pk, float(value)) for pk, value in _execute(sql, [*score_params, relevant, *inner_params, limit])
    ]


def _execute(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def match_scored_rows_get(*, candidate_ids: list[int], wanted: Wanted) -> dict[int, dict[str, Any]]:
    """The SCORED_FIELDS of these candidates, with their relevant skill ids and a verified-RTW flag."""
    relevant = list({*wanted.must_ids, *wanted.nice_ids})
    rows = (
        Candidate.objects.filter(pk__in=candidate_ids)
        .annotate(
            skill_ids=ArraySubquery(
                CandidateSkill.objects.filter(candidate=OuterRef("pk"), skill_id__in=relevant).values(
                    "skill_id"
                )
            ),
            rtw_verified=Exists(
                RightToWorkCheck.objects.filter(
                    candidate=OuterRef("pk"), outcome=RightToWorkCheck.Outcome.PASS
                )
            ),
        )
        .values(*SCORED_FIELDS, "skill_ids", "rtw_verified")
    )
    return {row["pk"]: row for row in rows}


def vacancy_matches(
    *,
    user: User,
    vacancy: Vacancy,
    limit: int = 50,
    include_partial: bool = False,
    candidate_ids: list[int] | None = None,
) -> list[Match]:
    """The best matches first (ties broken by id, so the order is stable).

    Five queries whatever the number of candidates: the user's candidate grants (read once per user
    object, core.permissions); the vacancy's two skill lists; the hard filters, score
    and sort in SQL (only the best `limit` come back); the scored fields of those few, from which
    Python writes the rationale. With `include_partial`, a near miss has at least one must-have
    (someone with none of them is not near); `candidate_ids` (one person, for a shortlist) skips that.
    """
    wanted = wanted_get(vacancy=vacancy)
    known = {canonical_skill_key(n) for n in vacancy.must_have_skills if n.strip()}
    if not include_partial and len(wanted.must_ids) < len(known):
        return []  # a must-have nobody in the database has: no full match can exist
    candidates = _hard_filtered(
        user=user, vacancy=vacancy, must_ids=wanted.must_ids, include_partial=include_partial
    )
    if candidate_ids is not None:
        candidates = candidates.filter(pk__in=candidate_ids)
    elif include_partial and wanted.must_names:
        candidates = candidates.filter(
            Exists(
                CandidateSkill.objects.filter(candidate=OuterRef("pk"), skill_id__in=list(wanted.must_ids))
            )
        )
    now, today = timezone.now(), timezone.localdate()
    score, score_params = score_sql(terms=score_terms(vacancy=vacancy, wanted=wanted, now=now))
    best = match_rank(candidates, score=score, score_params=score_params, wanted=wanted, limit=limit)
    rows = match_scored_rows_get(candidate_ids=[pk for pk, _ in best], wanted=wanted)
    results = []
    for pk, points in best:
        _, rationale = match_score(vacancy=vacancy, wanted=wanted, row=rows[pk], now=now, today=today)
        results.append(Match(candidate=pk, score=points, rationale=rationale))
    return results


def match_get(*, user: User, vacancy: Vacancy, candidate: Candidate) -> Match | None:
    """One candidate's match (partial allowed), for adding them to a shortlist."""
    found = vacancy_matches(user=user, vacancy=vacancy, include_partial=True, candidate_ids=[candidate.pk])
    return found[0] if found else None
