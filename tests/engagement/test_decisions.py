"""Issue 19, nobody left unanswered: every applicant hears a decision within 10 business days
(DECISION_DUE_BUSINESS_DAYS); past that they are breaches on both dashboards and in the digest."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from engagement.selectors.decisions import decision_breach_list, decision_due_on
from engagement.services.digest import cadence_digests_send
from tests.factories.candidates import CandidateFactory
from vacancies.models import Application, RejectionReason
from vacancies.services.pipeline import application_create, application_move

pytestmark = pytest.mark.django_db

APPLIED = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)  # a Monday


def test_due_day_counts_business_days_and_bank_holidays():
    assert decision_due_on(datetime.date(2026, 3, 2)) == datetime.date(2026, 3, 16)
    # Easter 2026 in England: Good Friday 3 April and Easter Monday 6 April are not business days.
    assert decision_due_on(datetime.date(2026, 3, 30)) == datetime.date(2026, 4, 15)
    with override_settings(DECISION_DUE_BUSINESS_DAYS=3):
        assert decision_due_on(datetime.date(2026, 3, 2)) == datetime.date(2026, 3, 5)


def _applicant(recruiter, vacancy, name: str, source: str = "careers_site") -> Application:
    person = CandidateFactory(owner=recruiter, first_name=name, last_name="Applicant", source="careers_site")
    app = application_create(actor=recruiter, vacancy=vacancy, candidate=person)
    Application.objects.filter(pk=app.pk).update(source=source)
    return app


@pytest.fixture
def applicants(recruiter, vacancy):
    with time_machine.travel(APPLIED, tick=False):
        waiting = _applicant(recruiter, vacancy, "Waiting")
        decided = _applicant(recruiter, vacancy, "Decided")
        ours = _applicant(recruiter, vacancy, "Headhunted", source="recruiter")
        reason = RejectionReason.objects.get_or_create(code="skills", defaults={"label": "Skills gap"})[0]
        application_move(actor=recruiter, application=decided, stage="rejected", reason=reason)
    return waiting, decided, ours


def test_an_undecided_applicant_breaches_the_day_after_the_tenth_business_day(applicants):
    waiting, _, _ = applicants
    base = Application.objects.all()
    with time_machine.travel(datetime.datetime(2026, 3, 16, 17, tzinfo=datetime.UTC), tick=False):
        assert list(decision_breach_list(base=base)) == []  # the due day itself: still in time
    with time_machine.travel(datetime.datetime(2026, 3, 17, 9, tzinfo=datetime.UTC), tick=False):
        assert list(decision_breach_list(base=base)) == [waiting]  # not the decided one, not ours


def test_screening_is_still_undecided_and_a_shortlist_is_a_decision(recruiter, applicants):
    waiting, _, _ = applicants
    with time_machine.travel(datetime.datetime(2026, 3, 18, 9, tzinfo=datetime.UTC), tick=False):
        application_move(actor=recruiter, application=waiting, stage="screening")
        assert list(decision_breach_list(base=Application.objects.all())) == [waiting]
        application_move(actor=recruiter, application=waiting, stage="shortlisted")
        assert list(decision_breach_list(base=Application.objects.all())) == []


def test_breaches_show_on_both_dashboards_and_in_the_digest(
    client, recruiter, manager, applicants, mailoutbox
):
    waiting, decided, _ = applicants
    link = reverse("vacancies:application", args=[waiting.pk]).encode()
    with time_machine.travel(datetime.datetime(2026, 3, 17, 9, tzinfo=datetime.UTC), tick=False):
        client.force_login(recruiter)
        home = client.get(reverse("dashboard"))
        assert b"Decision overdue" in home.content and link in home.content
        assert reverse("vacancies:application", args=[decided.pk]).encode() not in home.content
        client.force_login(manager)
        page = client.get(reverse("manager-dashboard"))
        assert b"Applicants waiting for a decision" in page.content and link in page.content
        assert cadence_digests_send() >= 1
    (mail,) = [m for m in mailoutbox if m.to == [recruiter.email]]
    assert "1 decisions overdue" in mail.subject
    assert f"Waiting Applicant for {waiting.vacancy.title} (due 16 Mar)" in mail.body


def test_the_manager_dashboard_runs_constant_queries(
    client, manager, recruiter, vacancy, django_assert_max_num_queries
):
    with time_machine.travel(APPLIED, tick=False):
        for n in range(3):
            _applicant(recruiter, vacancy, f"Many{n}")
    client.force_login(manager)
    with time_machine.travel(datetime.datetime(2026, 3, 20, 9, tzinfo=datetime.UTC), tick=False):
        client.get(reverse("manager-dashboard"))  # warm
        with django_assert_max_num_queries(60) as few:
            client.get(reverse("manager-dashboard"))
        count = len(few.captured_queries)
        with time_machine.travel(APPLIED, tick=False):
            for n in range(5):
                _applicant(recruiter, vacancy, f"More{n}")
        with django_assert_max_num_queries(count):
            client.get(reverse("manager-dashboard"))
