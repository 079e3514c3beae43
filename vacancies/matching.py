"""Explainable matching: hard filters in SQL, then a documented score (DESIGN.md "Matching").

Hard filters (a candidate failing any is not a match at all):
  * live (not merged, not anonymised) and not `do_not_contact`;
  * has every must-have skill (unless `include_partial`, which lists near misses too);
  * open to the vacancy's employment type (an empty list means "not said": kept);
  * available by the start date (no `available_from` means available now);
  * does not need visa sponsorship unless the vacancy offers it — the candidate's *declared*
    `right_to_work`; verified checks are for the person actually being offered the job.

Score, 0 to 100 (weights below, each part in the rationale):
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
    """The SQL hard filters, with each candidate's relevant skill ids and a verified-RTW flag."""
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


def vacancy_matches(
    *,
    user: User,
    vacancy: Vacancy,
    limit: int = 50,
    include_partial: bool = False,
    candidate_ids: list[int] | None = None,
) -> list[Match]:
    """The best matches first (ties broken by id, so the order is stable)."""
    must_ids = _skill_ids(vacancy.must_have_skills)
    nice_ids = _skill_ids(vacancy.nice_to_have_skills)
    known = {canonical_skill_key(n) for n in vacancy.must_have_skills if n.strip()}
    if not include_partial and len(must_ids) < len(known):
        return []  # a must-have nobody in the database has: no full match can exist
    relevant = list({*must_ids, *nice_ids})
    rows = (
        hard_filtered(user=user, vacancy=vacancy, must_ids=must_ids, include_partial=include_partial)
        .filter(**({"pk__in": candidate_ids} if candidate_ids is not None else {}))
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
    must_names = [n for n in vacancy.must_have_skills if n.strip()]
    nice_names = [n for n in vacancy.nice_to_have_skills if n.strip()]
    now, today = timezone.now(), timezone.localdate()
    results = []
    for row in rows:
        has = set(row["skill_ids"] or [])
        has_names = {must_ids[i] for i in must_ids if i in has} | {nice_ids[i] for i in nice_ids if i in has}
        # In the vacancy's own order, so the rationale reads the way the requirements were written.
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
        results.append(
            Match(
                candidate=row["pk"],
                score=round(total, 1),
                rationale={
                    "matched_must_have": matched_must,
                    "missing_must_have": missing_must,
                    "matched_nice_to_have": matched_nice,
                    "salary": salary,
                    "availability": availability,
                    "location": location,
                    "right_to_work": rtw,
                },
            )
        )
    results.sort(key=lambda m: (-m.score, m.candidate))
    return results[:limit]


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
