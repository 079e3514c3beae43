"""Why a candidate matched: the rationale kept with each match and shown on the pages (its score
comes from selectors/match_scoring.py), and the rationale as readable sentences."""

from __future__ import annotations

import datetime
from typing import Any

from candidates.models import Candidate
from candidates.normalise import postcode_area
from vacancies.models import Vacancy
from vacancies.selectors.match_scoring import Row, Wanted, score_row, score_terms


def _k(pounds: int) -> str:
    return f"£{pounds // 1000}k" if pounds >= 1000 and pounds % 1000 == 0 else f"£{pounds:,}"


def _pay_rationale(vacancy: Vacancy, row: Row, fit: str) -> dict[str, Any]:
    if vacancy.is_perm:
        asks, low, high, unit = row["desired_salary"], vacancy.salary_min, vacancy.salary_max, ""
        if low and high and low % 1000 == 0 and high % 1000 == 0:
            budget = f"£{low // 1000}\u2013{high // 1000}k"
        else:
            budget = f"{_k(low)}\u2013{_k(high)}" if low and high else (_k(high) if high else "")
    else:
        asks, high, unit = row["desired_day_rate"], vacancy.day_rate, " a day"
        budget = _k(high) if high else ""
    if fit == "unknown":
        return {"fit": "unknown", "text": "pay not known on one side"}
    text = f"asks {_k(asks)}{unit}, budget {budget}{unit}"
    return {"fit": fit, "asks": asks, "budget_max": high, "text": text}


def _location_rationale(vacancy: Vacancy, row: Row, fit: str) -> dict[str, Any]:
    wanted, has = postcode_area(vacancy.postcode or ""), postcode_area(row["postcode"] or "")
    text = {
        "remote": "remote role",
        "unknown": "location not known",
        "same_area": f"lives in {has}, role in {wanted}",
        "hybrid_commute": f"lives in {has}, hybrid role in {wanted}",
        "other_area": f"lives in {has}, on-site role in {wanted}",
    }[fit]
    return {"fit": fit, "text": text}


def _availability(row: Row, today: datetime.date) -> dict[str, Any]:
    weeks = row["notice_period_weeks"]
    available = row["available_from"]
    info: dict[str, Any] = {
        "available_from": available.isoformat() if available else None,
        "notice_period_weeks": weeks,
        "text": "notice period not known" if weeks is None else f"{weeks} weeks' notice",
    }
    if available and available > today:
        info["text"] = f"available from {available:%-d %b %Y}, " + info["text"]
    return info


def match_score(
    *, vacancy: Vacancy, wanted: Wanted, row: Row, now: datetime.datetime, today: datetime.date
) -> tuple[float, dict[str, Any]]:
    """One candidate's score and the rationale shown with it (`row` from `match_scored_rows_get`)."""
    score, fits = score_row(terms=score_terms(vacancy=vacancy, wanted=wanted, now=now), row=row)
    has_names = wanted.has_names(set(row["skill_ids"] or []))
    # In the vacancy's own order, so the rationale reads the way the requirements were written.
    if row["rtw_verified"]:
        rtw = "verified"
    elif row["right_to_work"] in (Candidate.RightToWork.YES, Candidate.RightToWork.NEEDS_SPONSORSHIP):
        rtw = "declared"
    else:
        rtw = "unknown"
    rationale = {
        "matched_must_have": [n for n in wanted.must_names if n in has_names],
        "missing_must_have": [n for n in wanted.must_names if n not in has_names],
        "matched_nice_to_have": [n for n in wanted.nice_names if n in has_names],
        "salary": _pay_rationale(vacancy, row, fits["pay"]),
        "availability": _availability(row, today),
        "location": _location_rationale(vacancy, row, fits["location"]),
        "right_to_work": rtw,
    }
    return score, rationale


def match_reason_list(rationale: dict[str, Any], *, must_total: int) -> list[str]:
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
