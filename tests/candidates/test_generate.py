"""`generate_candidates`: a realistic synthetic database that obeys the app's own rules."""

import datetime
import re
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from bench import synthetic
from candidates.models import Candidate, CandidateSkill, Consent, Document
from candidates.normalise import normalise_phone
from candidates.search.queries import apply_search
from candidates.services.derived import candidate_refresh_derived
from privacy.selectors.due import candidate_due_list
from vacancies.models import Application, Placement, Vacancy


def _generate(count, seed=3, *extra):
    out = StringIO()
    call_command("generate_candidates", str(count), "--seed", str(seed), *extra, stdout=out)
    return out.getvalue()


def _derived():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, search_vector::text, search_text, quality_base FROM candidates_candidate ORDER BY id"
        )
        return cursor.fetchall()


def _lexemes(vector_text):
    # 'word':3A,7 -> {(word, weight)}: positions follow the order skills are aggregated in, which
    # the app's own SQL leaves to the query plan.
    found = set()
    for lexeme, positions in re.findall(r"'((?:[^']|'')*)':([0-9A-D,]+)", vector_text):
        for position in positions.split(","):
            found.add((lexeme, position[-1] if position[-1] in "ABC" else "D"))
    return found


def test_generated_candidates_are_searchable_and_their_derived_values_are_the_apps(db):
    _generate(300)

    assert Candidate.objects.filter(email__endswith="@generated.example").count() == 300
    assert not Candidate.objects.filter(search_vector__isnull=True).exists()
    assert apply_search(Candidate.objects.all(), "excel").exists()
    before = _derived()
    candidate_refresh_derived([row[0] for row in before])  # what any real save would compute
    after = _derived()
    for (pk, vector, text, quality), (_, vector2, text2, quality2) in zip(before, after, strict=True):
        assert _lexemes(vector) == _lexemes(vector2), pk
        assert Counter(text.split()) == Counter(text2.split()), pk
        assert quality == quality2, pk


def test_generated_data_obeys_the_apps_invariants(db):
    _generate(400)

    people = Candidate.objects.all()
    emails = [c.email.lower() for c in people]
    assert len(emails) == len(set(emails))
    for candidate in people:
        if candidate.phone:
            assert normalise_phone(candidate.phone) == candidate.phone  # E.164
        assert 0 < candidate.quality_base <= 80
        assert candidate.owner.team_id == candidate.team_id
        assert candidate.created_at <= candidate.updated_at <= timezone.now()
    # Every person has a processing consent; submitted ones a consent for that vacancy (reg 19).
    assert set(Consent.objects.filter(purpose="processing").values_list("candidate", flat=True)) == {
        c.pk for c in people
    }
    submitted = Application.objects.filter(stage__in=["submitted", "interview", "offer", "placed"])
    for application in submitted:
        assert Consent.objects.filter(
            candidate=application.candidate_id, purpose="submission", vacancy_id=application.vacancy_id
        ).exists()
    # Placements sit on filled vacancies, one per person at most.
    for placement in Placement.objects.select_related("application__vacancy"):
        assert placement.application.stage == "placed"
        assert placement.application.vacancy.status == Vacancy.Status.FILLED
    # CVs are text-only documents whose text is in the search document.
    cv = Document.objects.filter(extraction="done").first()
    assert cv is not None and cv.file.name == "" and cv.size == len(cv.text.encode())
    assert cv.text.splitlines()[2][:20] in Candidate.objects.get(pk=cv.candidate_id).search_text
    # Nobody is due for the retention sweep when generated; some are stale (the sweep's next).
    assert candidate_due_list().count() == 0
    stale = people.filter(
        applications__isnull=True, last_contacted_at__lt=timezone.now() - datetime.timedelta(days=390)
    )
    assert stale.exists()


def test_generating_again_skips_who_is_there_and_a_bigger_n_adds_the_rest(db):
    _generate(120)
    first = dict(Candidate.objects.values_list("email", "current_title"))
    assert "0 created, 120 already there" in _generate(120)
    _generate(150)

    assert Candidate.objects.count() == 150
    assert {e: t for e, t in Candidate.objects.values_list("email", "current_title") if e in first} == first


def test_the_same_seed_gives_the_same_people_whatever_n(db):
    setup = synthetic._Setup(
        owners=[(1, 1)], skill_ids=_FakeSkillIds(), vacancies={}, all_vacancies=[(1, 1, 1)], filled=set()
    )
    now = timezone.now()

    def people(count, seed):
        generator = synthetic._Generator(seed, setup, now)
        skip = set(range(count, synthetic.CHUNK))
        rows = generator.chunk(0, skip, iter(range(1, count + 1)), lambda k: list(range(1, k + 1)))
        return rows.tables["candidates_candidate"]

    assert people(40, seed=7) == people(40, seed=7)
    assert people(40, seed=7)[:25] == people(25, seed=7)
    assert people(40, seed=7) != people(40, seed=8)


class _FakeSkillIds(dict):
    def __missing__(self, name):
        return hash(name) % 1000


def test_skills_are_long_tailed(db):
    _generate(600)

    counts = Counter(CandidateSkill.objects.values_list("skill__name", flat=True))
    ranked = counts.most_common()
    assert ranked[0][0] == "Excel"
    assert ranked[0][1] > 20 * ranked[-1][1]  # the head is far above the tail
    assert len(ranked) > 150


def test_owner_option_puts_everyone_with_that_recruiter(db, recruiter):
    _generate(30, 4, "--owner", recruiter.username)

    assert set(Candidate.objects.values_list("owner", "team")) == {(recruiter.pk, recruiter.team_id)}


def test_unknown_owner_and_bad_numbers_are_clear_errors(db):
    with pytest.raises(CommandError, match="No active user"):
        _generate(5, 1, "--owner", "nobody")
    with pytest.raises(CommandError, match="at least 1"):
        _generate(0)
    with pytest.raises(CommandError, match="--jobs"):
        _generate(5, 1, "--jobs", "0")
