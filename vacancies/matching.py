"""Explainable matching: hard filters in SQL, then a documented score (DESIGN.md "Matching").

Hard filters (a candidate failing any is not a match at all):
  * live (not merged, not anonymised) and not `do_not_contact`;
  * has every must-have skill (unless `include_partial`, which lists near misses too);
  * open to the vacancy's employment type (an empty list means "not said": kept);
  * available by the start date (no `available_from` means available now);
  * does not need visa sponsorship unless the vacancy offers it — the candidate's *declared*
    `right_to_work`; verified checks are for the person actually being offered the job.

Score, 0 to 100 (weights below, each part in the rationale), computed in SQL so that only the best
`limit` candidates leave the database (issue 10); the Python scorer writes their rationale and is the
reference the SQL is tested against:
  must-have skills 40 x matched/required · nice-to-have skills 20 x matched/wanted ·
  salary or day-rate fit 15 · location/remote fit 10 · notice period 5 · recent activity 10.

Equality Act 2010 / DOMAIN.md "Matching never uses or infers protected characteristics": the
scoring reads only the columns in `SCORED_FIELDS` — no name, email, phone, photo, date of birth,
diversity data, or anything derived from them. tests/vacancies/test_matching.py proves two people
differing only in those fields score the same.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from candidates.models import Candidate, CandidateSkill, Skill
from candidates.normalise import canonical_skill_key, postcode_area
from compliance.models import RightToWorkCheck
from core.models import User
from vacancies.models import Vacancy

WEIGHTS = {"must": 40, "nice": 20, "pay": 15, "location": 10, "notice": 5, "recency": 10}

# The only candidate columns the score may read (never names, contact details or diversity data).
SCORED_FIELDS = (
    "pk",
    "employment_types",
    "desired_salary",
    "desired_day_rate",
    "postcode",
    "available_from",
    "notice_period_weeks",
    "right_to_work",
    "updated_at",
    "last_contacted_at",
)


@dataclass
class Match:
    candidate: int
    score: float
    rationale: dict[str, Any]


def _k(pounds: int) -> str:
    return f"£{pounds // 1000}k" if pounds >= 1000 and pounds % 1000 == 0 else f"£{pounds:,}"


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


def _pay(vacancy: Vacancy, row: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    weight = WEIGHTS["pay"]
    if vacancy.is_perm:
        asks, low, high, unit = row["desired_salary"], vacancy.salary_min, vacancy.salary_max, ""
        if low and high and low % 1000 == 0 and high % 1000 == 0:
            budget = f"£{low // 1000}\u2013{high // 1000}k"
        else:
            budget = f"{_k(low)}\u2013{_k(high)}" if low and high else (_k(high) if high else "")
    else:
        asks, high, unit = row["desired_day_rate"], vacancy.day_rate, " a day"
        budget = _k(high) if high else ""
    if asks is None or not high:
        return weight / 2, {"fit": "unknown", "text": "pay not known on one side"}
    text = f"asks {_k(asks)}{unit}, budget {budget}{unit}"
    if asks <= high:
        return weight, {"fit": "within", "asks": asks, "budget_max": high, "text": text}
    if asks <= high * 1.1:
        return weight / 2, {"fit": "slightly_over", "asks": asks, "budget_max": high, "text": text}
    return 0, {"fit": "over", "asks": asks, "budget_max": high, "text": text}


def _location(vacancy: Vacancy, row: dict[str, Any]) -> tuple[float, dict[str, Any]]:
    weight = WEIGHTS["location"]
    if vacancy.remote == Vacancy.Remote.REMOTE:
        return weight, {"fit": "remote", "text": "remote role"}
    wanted, has = postcode_area(vacancy.postcode or ""), postcode_area(row["postcode"] or "")
    if not wanted or not has:
        return weight / 2, {"fit": "unknown", "text": "location not known"}
    if wanted == has:
        return weight, {"fit": "same_area", "text": f"lives in {has}, role in {wanted}"}
    if vacancy.remote == Vacancy.Remote.HYBRID:
        return weight * 0.3, {"fit": "hybrid_commute", "text": f"lives in {has}, hybrid role in {wanted}"}
    return 0, {"fit": "other_area", "text": f"lives in {has}, on-site role in {wanted}"}


def _availability(
    vacancy: Vacancy, row: dict[str, Any], today: datetime.date
) -> tuple[float, dict[str, Any]]:
    weeks = row["notice_period_weeks"]
    available = row["available_from"]
    info: dict[str, Any] = {
        "available_from": available.isoformat() if available else None,
        "notice_period_weeks": weeks,
    }
    if weeks is None:
        score, info["text"] = WEIGHTS["notice"] * 0.4, "notice period not known"
    elif weeks <= 4:
        score, info["text"] = WEIGHTS["notice"], f"{weeks} weeks' notice"
    elif weeks <= 8:
        score, info["text"] = WEIGHTS["notice"] * 0.6, f"{weeks} weeks' notice"
    else:
        score, info["text"] = WEIGHTS["notice"] * 0.2, f"{weeks} weeks' notice"
    if available and available > today:
        info["text"] = f"available from {available:%-d %b %Y}, " + info["text"]
    return score, info


def _recency(row: dict[str, Any], now: datetime.datetime) -> float:
    last = max(filter(None, [row["updated_at"], row["last_contacted_at"]]), default=None)
    if last is None:
        return 0
    days = (now - last).days
    if days <= 30:
        return WEIGHTS["recency"]
    if days <= 90:
        return WEIGHTS["recency"] * 0.6
    if days <= 365:
        return WEIGHTS["recency"] * 0.3
    return 0


def hard_filtered(
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


@dataclass(frozen=True)
class _Wanted:
    """The vacancy's skill lists resolved to skill ids, shared by the SQL and the Python scorer."""

    must_ids: dict[int, str]
    nice_ids: dict[int, str]
    must_names: list[str]
    nice_names: list[str]

    def has_names(self, has: set[int]) -> set[str]:
        return {self.must_ids[i] for i in self.must_ids if i in has} | {
            self.nice_ids[i] for i in self.nice_ids if i in has
        }

    def groups(self, names: list[str]) -> list[tuple[int, list[int]]]:
        """(how often a name is listed, the skill ids that count as having it) for each name."""
        return [
            (
                names.count(name),
                sorted(
                    {i for i, n in self.must_ids.items() if n == name}
                    | {i for i, n in self.nice_ids.items() if n == name}
                ),
            )
            for name in dict.fromkeys(names)
        ]


def _scored_column(name: str) -> str:
    # The SQL scorer reads candidate columns only through here: SCORED_FIELDS and nothing else.
    if name not in SCORED_FIELDS:
        raise ValueError(f"{name} is not a scored field")
    return f"c.{name}"


def _score_sql(vacancy: Vacancy, wanted: _Wanted, now: datetime.datetime) -> tuple[str, list[Any]]:
    """The score as one SQL expression, the same arithmetic in the same order as `_score` (float8).

    It reads the SCORED_FIELDS columns of `c` and `sk.ids` (the candidate's relevant skill ids).
    """
    params: list[Any] = []

    def share(weight: int, names: list[str]) -> str:
        if not names:
            return f"{float(weight)}::float8"
        parts = []
        for count, ids in wanted.groups(names):
            parts.append(f"(CASE WHEN coalesce(sk.ids, '{{}}') && %s::bigint[] THEN {count} ELSE 0 END)")
            params.append(ids)
        return f"({float(weight)}::float8 * (({' + '.join(parts)})::float8 / {len(names)}))"

    must = share(WEIGHTS["must"], wanted.must_names)
    nice = share(WEIGHTS["nice"], wanted.nice_names)

    weight = WEIGHTS["pay"]
    asks = _scored_column("desired_salary" if vacancy.is_perm else "desired_day_rate")
    high = vacancy.salary_max if vacancy.is_perm else vacancy.day_rate
    if not high:
        pay = f"{weight / 2}::float8"
    else:
        pay = (
            f"(CASE WHEN {asks} IS NULL THEN {weight / 2}::float8"
            f" WHEN {asks} <= %s THEN {float(weight)}::float8"
            f" WHEN {asks}::float8 <= %s THEN {weight / 2}::float8 ELSE 0::float8 END)"
        )
        params += [high, high * 1.1]

    weight = WEIGHTS["location"]
    wanted_area = postcode_area(vacancy.postcode or "")
    if vacancy.remote == Vacancy.Remote.REMOTE:
        location = f"{float(weight)}::float8"
    elif not wanted_area:
        location = f"{weight / 2}::float8"
    else:
        has = f"upper(coalesce(substring({_scored_column('postcode')} from '^[A-Za-z]{{1,2}}'), ''))"
        other = weight * 0.3 if vacancy.remote == Vacancy.Remote.HYBRID else 0
        location = (
            f"(CASE WHEN {has} = '' THEN {weight / 2}::float8 WHEN {has} = %s THEN {float(weight)}::float8"
            f" ELSE {float(other)!r}::float8 END)"
        )
        params.append(wanted_area)

    weight = WEIGHTS["notice"]
    weeks = _scored_column("notice_period_weeks")
    notice = (
        f"(CASE WHEN {weeks} IS NULL THEN {weight * 0.4!r}::float8"
        f" WHEN {weeks} <= 4 THEN {float(weight)}::float8"
        f" WHEN {weeks} <= 8 THEN {weight * 0.6!r}::float8 ELSE {weight * 0.2!r}::float8 END)"
    )

    weight = WEIGHTS["recency"]
    last = f"greatest({_scored_column('updated_at')}, {_scored_column('last_contacted_at')})"
    # (now - last).days <= N  is  last > now - (N + 1) days, exactly.
    recency = (
        f"(CASE WHEN {last} IS NULL THEN 0::float8 WHEN {last} > %s THEN {float(weight)}::float8"
        f" WHEN {last} > %s THEN {weight * 0.6!r}::float8 WHEN {last} > %s THEN {weight * 0.3!r}::float8"
        " ELSE 0::float8 END)"
    )
    params += [now - datetime.timedelta(days=days + 1) for days in (30, 90, 365)]
    total = f"round((((((({must}) + {nice}) + {pay}) + {location}) + {notice}) + {recency})::numeric, 1)"
    return total, params


def _ranked(
    candidates: QuerySet, vacancy: Vacancy, wanted: _Wanted, now: datetime.datetime, limit: int
) -> list[tuple[int, float]]:
    """(candidate id, score) of the best `limit`, best first, ties by id: scored and sorted in SQL."""
    score, score_params = _score_sql(vacancy, wanted, now)
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


def _score(
    vacancy: Vacancy, wanted: _Wanted, row: dict[str, Any], now: datetime.datetime, today: datetime.date
) -> tuple[float, dict[str, Any]]:
    """One candidate's score and rationale, in Python: the rationale shown, and the reference the
    SQL scorer is tested against."""
    has_names = wanted.has_names(set(row["skill_ids"] or []))
    # In the vacancy's own order, so the rationale reads the way the requirements were written.
    must_names, nice_names = wanted.must_names, wanted.nice_names
    matched_must = [n for n in must_names if n in has_names]
    missing_must = [n for n in must_names if n not in has_names]
    matched_nice = [n for n in nice_names if n in has_names]
    must_score = WEIGHTS["must"] * (len(matched_must) / len(must_names) if must_names else 1)
    nice_score = WEIGHTS["nice"] * (len(matched_nice) / len(nice_names) if nice_names else 1)
    pay_score, salary = _pay(vacancy, row)
    location_score, location = _location(vacancy, row)
    notice_score, availability = _availability(vacancy, row, today)
    recency_score = _recency(row, now)
    if row["rtw_verified"]:
        rtw = "verified"
    elif row["right_to_work"] in (Candidate.RightToWork.YES, Candidate.RightToWork.NEEDS_SPONSORSHIP):
        rtw = "declared"
    else:
        rtw = "unknown"
    total = must_score + nice_score + pay_score + location_score + notice_score + recency_score
    rationale = {
        "matched_must_have": matched_must,
        "missing_must_have": missing_must,
        "matched_nice_to_have": matched_nice,
        "salary": salary,
        "availability": availability,
        "location": location,
        "right_to_work": rtw,
    }
    return round(total, 1), rationale


def scored_rows(*, candidate_ids: list[int], wanted: _Wanted) -> dict[int, dict[str, Any]]:
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


def _wanted(vacancy: Vacancy) -> _Wanted:
    return _Wanted(
        must_ids=_skill_ids(vacancy.must_have_skills),
        nice_ids=_skill_ids(vacancy.nice_to_have_skills),
        must_names=[n for n in vacancy.must_have_skills if n.strip()],
        nice_names=[n for n in vacancy.nice_to_have_skills if n.strip()],
    )


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
    wanted = _wanted(vacancy)
    known = {canonical_skill_key(n) for n in vacancy.must_have_skills if n.strip()}
    if not include_partial and len(wanted.must_ids) < len(known):
        return []  # a must-have nobody in the database has: no full match can exist
    candidates = hard_filtered(
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
    ranked = _ranked(candidates, vacancy, wanted, now, limit)
    rows = scored_rows(candidate_ids=[pk for pk, _ in ranked], wanted=wanted)
    results = []
    for pk, score in ranked:
        _, rationale = _score(vacancy, wanted, rows[pk], now, today)
        results.append(Match(candidate=pk, score=score, rationale=rationale))
    return results


def match_for(*, user: User, vacancy: Vacancy, candidate: Candidate) -> Match | None:
    """One candidate's match (partial allowed), for adding them to a shortlist."""
    found = vacancy_matches(user=user, vacancy=vacancy, include_partial=True, candidate_ids=[candidate.pk])
    return found[0] if found else None


def reasons(rationale: dict[str, Any], *, must_total: int) -> list[str]:
    """The rationale as readable sentences for the page."""
    lines = []
    matched, missing = rationale.get("matched_must_have", []), rationale.get("missing_must_have", [])
    if must_total:
        line = f"has {len(matched)} of {must_total} must-haves"
        lines.append(line + (": missing " + ", ".join(missing) if missing else ""))
    nice = rationale.get("matched_nice_to_have", [])
    if nice:
        lines.append("nice to have: " + ", ".join(nice))
    for key in ("salary", "location", "availability"):
        text = (rationale.get(key) or {}).get("text")
        if text:
            lines.append(text)
    lines.append(
        {"verified": "right to work verified", "declared": "right to work declared"}.get(
            rationale.get("right_to_work", ""), "right to work not known"
        )
    )
    return lines
