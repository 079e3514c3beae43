"""Matching scores and sorts in SQL (issue 10): the SQL score is the documented Python score (both
rendered from one declaration, `match_scoring.score_terms`; each part is checked on its own), only
SCORED_FIELDS are read, the query count is constant, and the plan uses the skill indexes."""

from __future__ import annotations

import datetime
import json
import random

import pytest
from django.db import connection
from django.utils import timezone

from candidates.models import Candidate
from tests.factories.candidates import CandidateFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.selectors import match_rationale, match_scoring, matching

pytestmark = pytest.mark.django_db

SKILLS = ["Python", "Django", "PostgreSQL", "Celery", "AWS", "React"]


def _people(recruiter, rng, count):
    now = timezone.now()
    people = []
    for _ in range(count):
        person = CandidateFactory(
            owner=recruiter,
            skills=rng.sample(SKILLS, rng.randint(0, len(SKILLS))),
            employment_types=rng.choice([[], ["perm"], ["contract"], ["perm", "contract"]]),
            postcode=rng.choice(["", "LS2 7AB", "M1 1AA", "B1 1BB", "ls9 1aa"]),
            desired_salary=rng.choice([None, 0, 50000, 60000, 66000, 66001, 80000]),
            desired_day_rate=rng.choice([None, 400, 500, 550, 551, 700]),
            notice_period_weeks=rng.choice([None, 0, 4, 5, 8, 9, 12]),
            right_to_work=rng.choice(["yes", "unknown"]),
        )
        days = rng.choice([0, 29, 30, 31, 89, 91, 364, 366, 800])
        Candidate.objects.filter(pk=person.pk).update(
            updated_at=now - datetime.timedelta(days=days, hours=rng.randint(0, 23)),
            last_contacted_at=rng.choice([None, now - datetime.timedelta(days=rng.randint(0, 400))]),
        )
        people.append(person)
    return people


VACANCIES = [
    {
        "employment_type": "perm",
        "remote": "hybrid",
        "postcode": "LS1 1AA",
        "salary_min": 55000,
        "salary_max": 60000,
        "must_have_skills": ["Python", "Django"],
        "nice_to_have_skills": ["Celery", "AWS", "Go"],
    },
    {
        "employment_type": "contract",
        "remote": "onsite",
        "postcode": "M1 2AB",
        "day_rate": 500,
        "must_have_skills": ["Python"],
        "nice_to_have_skills": ["React", "python", "AWS"],
    },
    {
        "employment_type": "perm",
        "remote": "remote",
        "postcode": "",
        "salary_min": None,
        "salary_max": None,
        "must_have_skills": [],
        "nice_to_have_skills": [],
    },
    {
        "employment_type": "perm",
        "remote": "onsite",
        "postcode": "",
        "salary_min": 1,
        "salary_max": 66000,
        "must_have_skills": ["Python", "Python", "Django", "Fortran"],
        "nice_to_have_skills": ["Celery"],
    },
]


@pytest.mark.parametrize("fields", VACANCIES)
@pytest.mark.parametrize("include_partial", [False, True])
def test_the_sql_score_is_the_documented_python_score(recruiter, acme, fields, include_partial):
    rng = random.Random(10)
    _people(recruiter, rng, 30)
    vacancy = VacancyFactory(client=acme, owner=recruiter, team=recruiter.team, **fields)
    found = matching.vacancy_matches(
        user=recruiter, vacancy=vacancy, limit=200, include_partial=include_partial
    )
    wanted = matching.wanted_get(vacancy=vacancy)
    rows = matching.match_scored_rows_get(candidate_ids=[m.candidate for m in found], wanted=wanted)
    now, today = timezone.now(), timezone.localdate()
    for match in found:
        score, rationale = match_rationale.match_score(
            vacancy=vacancy, wanted=wanted, row=rows[match.candidate], now=now, today=today
        )
        assert (match.score, match.rationale) == (score, rationale)
    # Best first, ties by id, exactly as the Python scorer would sort them.
    assert [(m.score, m.candidate) for m in found] == sorted(
        ((m.score, m.candidate) for m in found), key=lambda pair: (-pair[0], pair[1])
    )
    if fields["must_have_skills"] and not include_partial:
        assert all(not m.rationale["missing_must_have"] for m in found)


@pytest.mark.parametrize("part", list(match_scoring.WEIGHTS))
def test_each_part_of_the_score_is_the_same_in_sql_and_python(recruiter, acme, part):
    """Generated over every part of WEIGHTS, not a hand-picked list: a part's SQL on its own gives
    each candidate exactly the points its Python evaluation gives, for every sample vacancy."""
    _people(recruiter, random.Random(11), 30)
    for fields in VACANCIES:
        vacancy = VacancyFactory(client=acme, owner=recruiter, team=recruiter.team, **fields)
        wanted = matching.wanted_get(vacancy=vacancy)
        terms = match_scoring.score_terms(vacancy=vacancy, wanted=wanted, now=timezone.now())
        assert list(terms) == list(match_scoring.WEIGHTS)
        params: list = []
        expression = terms[part].sql(params)
        points = dict(
            matching.match_rank(
                Candidate.objects.all(), score=expression, score_params=params, wanted=wanted, limit=1000
            )
        )
        rows = matching.match_scored_rows_get(candidate_ids=list(points), wanted=wanted)
        assert len(points) == Candidate.objects.count() >= 30
        for pk, sql_points in points.items():
            assert sql_points == terms[part].evaluate(rows[pk])[0], (part, fields, rows[pk])


def test_only_the_best_limit_are_returned_and_they_are_the_best(recruiter, acme):
    _people(recruiter, random.Random(3), 25)
    vacancy = VacancyFactory(client=acme, owner=recruiter, team=recruiter.team, **VACANCIES[0])
    everyone = matching.vacancy_matches(user=recruiter, vacancy=vacancy, limit=200, include_partial=True)
    assert (
        matching.vacancy_matches(user=recruiter, vacancy=vacancy, limit=5, include_partial=True)
        == everyone[:5]
    )


def test_a_near_miss_has_at_least_one_must_have(recruiter, acme):
    vacancy = VacancyFactory(client=acme, owner=recruiter, team=recruiter.team, **VACANCIES[0])
    one = CandidateFactory(owner=recruiter, skills=["Python"], employment_types=["perm"])
    none = CandidateFactory(owner=recruiter, skills=["Celery", "AWS"], employment_types=["perm"])
    found = {
        m.candidate for m in matching.vacancy_matches(user=recruiter, vacancy=vacancy, include_partial=True)
    }
    assert one.pk in found and none.pk not in found
    # Adding one person to a shortlist still scores them, near miss or not.
    assert matching.match_get(user=recruiter, vacancy=vacancy, candidate=none).rationale[
        "missing_must_have"
    ] == [
        "Python",
        "Django",
    ]


def test_the_sql_scorer_reads_only_scored_fields():
    assert match_scoring.scored_column("postcode") == "c.postcode"
    for field in ("first_name", "last_name", "email", "phone", "date_of_birth", "town"):
        with pytest.raises(ValueError, match="not a scored field"):
            match_scoring.scored_column(field)
        with pytest.raises(ValueError, match="not a scored field"):
            match_scoring.Column(field)  # the score's declaration cannot name one either


def test_matching_runs_five_queries_whatever_the_number_of_candidates(
    recruiter, acme, django_assert_num_queries
):
    vacancy = VacancyFactory(client=acme, owner=recruiter, team=recruiter.team, **VACANCIES[0])
    _people(recruiter, random.Random(5), 3)
    # The user's candidate grants (core.permissions inline_grants); the vacancy's two skill lists;
    # score and sort in SQL; the scored fields of the best few.
    with django_assert_num_queries(5):
        matching.vacancy_matches(user=recruiter, vacancy=vacancy, include_partial=True)
    _people(recruiter, random.Random(6), 12)
    recruiter = type(recruiter).objects.get(pk=recruiter.pk)  # a new request's user: grants read again
    with django_assert_num_queries(5):
        assert (
            len(matching.vacancy_matches(user=recruiter, vacancy=vacancy, include_partial=True, limit=10))
            == 10
        )


def test_the_matching_plan_uses_the_skill_indexes(recruiter, acme, monkeypatch):
    vacancy = VacancyFactory(client=acme, owner=recruiter, team=recruiter.team, **VACANCIES[0])
    _people(recruiter, random.Random(7), 5)
    captured = []
    real_execute = matching._execute

    def explain(sql, params):
        with connection.cursor() as cursor:
            # At test size a sequential scan is cheapest; with it off, the planner shows its indexes.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            captured.append(json.dumps(cursor.fetchone()[0]))
        return real_execute(sql, params)

    monkeypatch.setattr(matching, "_execute", explain)
    matching.vacancy_matches(user=recruiter, vacancy=vacancy)
    (plan,) = captured
    scans = _scans(json.loads(plan)[0]["Plan"])
    # Every read of the big tables is through an index: the skills by (skill, candidate) or
    # (candidate, skill), candidates by their team-and-quality or primary key index.
    assert scans, plan
    assert all(node_type != "Seq Scan" for node_type, _, _ in scans), plan
    used = {index for _, relation, index in scans if relation == "candidates_candidateskill"}
    assert used and used <= SKILL_INDEXES, used
    assert '"Node Type": "Limit"' in plan


SKILL_INDEXES = {
    "candidates_candskill_skill_idx",
    "candidates_candidateskill_unique",
}


def _scans(node):
    found = []
    if "Relation Name" in node:
        index = node.get("Index Name")
        if node["Node Type"] == "Bitmap Heap Scan":  # the index is named on the child
            index = next(
                (child.get("Index Name") for child in node["Plans"] if child.get("Index Name")), None
            )
        found.append((node["Node Type"], node["Relation Name"], index))
    for child in node.get("Plans", []):
        found += _scans(child)
    return found
