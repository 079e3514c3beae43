"""Issue 19: bulk (marketing) mail respects the candidate's contact frequency; updates about their
own applications always go (tests/engagement/test_stage_messages.py)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import consent_record
from engagement.selectors.bulk import bulk_candidates_selected, bulk_email_plan
from engagement.services.bulk import bulk_email_create
from engagement.services.stage_messages import stage_messages_send_due
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def person(recruiter: Any, frequency: str, email: str) -> Candidate:
    candidate = CandidateFactory(owner=recruiter, email=email)
    consent_record(actor=recruiter, candidate=candidate, purpose="marketing", method="web_form")
    Candidate.objects.filter(pk=candidate.pk).update(contact_frequency=frequency)
    return candidate


def _plan(user: Any, people: list[Candidate]) -> dict[int, str]:
    plan = bulk_email_plan(candidates=bulk_candidates_selected(user=user, ids=[c.pk for c in people]))
    return {**{c.pk: "receives" for c in plan.recipients}, **{s.candidate.pk: s.reason for s in plan.skipped}}


def test_bulk_plan_skips_people_whose_frequency_says_not_now(recruiter, django_assert_max_num_queries):
    anyf, blank = person(recruiter, "any", "a@example.test"), person(recruiter, "", "b@example.test")
    weekly, monthly = (
        person(recruiter, "weekly", "w@example.test"),
        person(recruiter, "monthly", "m@example.test"),
    )
    none = person(recruiter, "none", "n@example.test")
    people = [anyf, blank, weekly, monthly, none]
    assert _plan(recruiter, people) == {
        anyf.pk: "receives",
        blank.pk: "receives",
        weekly.pk: "receives",
        monthly.pk: "receives",
        none.pk: "frequency",
    }
    ten_days_ago = timezone.now() - datetime.timedelta(days=10)
    with time_machine.travel(ten_days_ago, tick=False):
        chosen = bulk_candidates_selected(user=recruiter, ids=[c.pk for c in people])
        bulk_email_create(actor=recruiter, subject="Roles", body="Hi {{ first_name }}", candidates=chosen)
    plan = _plan(recruiter, people)
    # Weekly: ten days since the last one is fine; monthly: not yet.
    assert (plan[weekly.pk], plan[monthly.pk], plan[anyf.pk]) == ("receives", "frequency", "receives")
    selected = bulk_candidates_selected(user=recruiter, ids=[c.pk for c in people])
    with django_assert_max_num_queries(8):
        bulk_email_plan(candidates=selected)


def test_own_application_updates_go_whatever_the_frequency(recruiter, application, candidate):
    from vacancies.services.pipeline import application_move

    Candidate.objects.filter(pk=candidate.pk).update(contact_frequency="none")
    application_move(actor=recruiter, application=application, stage="shortlisted")
    assert stage_messages_send_due(now=timezone.now() + datetime.timedelta(hours=1)) == 1
    assert application.stage_messages.get().status == "sent"
