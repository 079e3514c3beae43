"""The manager's queue on her home page (issue 16): what waits for her, each item linked to where it
is dealt with, in a constant number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from compliance.models import ComplianceTask
from engagement.services.complaints import complaint_close, complaint_escalate
from recruitcrm.dashboards.queue import manager_queue_get, vacancy_at_risk_list
from tests.engagement.conftest import move_to
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.engagement import ComplaintFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Shortlist, Vacancy
from vacancies.services.pipeline import application_create
from vacancies.services.shortlists import shortlist_create, shortlist_entry_add, shortlist_submit
from vacancies.services.vacancies import vacancy_open

NOW = timezone.now()


def in_review(recruiter, vacancy, *, entries=1):
    shortlist = shortlist_create(actor=recruiter, vacancy=vacancy)
    for _ in range(entries):
        shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=CandidateFactory(owner=recruiter))
    return shortlist_submit(actor=recruiter, shortlist=shortlist)


def opened_days_ago(vacancy, days):
    Vacancy.objects.filter(pk=vacancy.pk).update(opened_at=NOW - datetime.timedelta(days=days))
    return vacancy


def overdue_task(candidate, user, *, days=2):
    return ComplianceTask.objects.create(
        kind=ComplianceTask.Kind.RTW_FOLLOW_UP,
        candidate=candidate,
        due_on=timezone.localdate() - datetime.timedelta(days=days),
        assigned_to=user,
        owner=user,
        team=user.team,
    )


def groups(user):
    return {g.kind: g for g in manager_queue_get(user=user)}


def test_an_empty_queue_is_all_caught_up(client, manager):
    client.force_login(manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert manager_queue_get(user=manager) == []
    assert "You're all caught up." in page and 'id="my-queue"' not in page


def test_a_shortlist_in_review_waits_for_her_first_and_links_to_it(client, recruiter, manager, vacancy):
    waiting = in_review(recruiter, vacancy, entries=2)
    shortlist_create(actor=recruiter, vacancy=vacancy)  # a draft waits for nobody
    group = groups(manager)["shortlists"]
    assert [s.pk for s in group.items] == [waiting.pk] and group.items[0].entry_count == 2
    client.force_login(manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert "You're all caught up." not in page
    queue_at, attention_at = page.index('id="my-queue"'), page.index('id="todo-title"')
    assert queue_at < attention_at  # her queue comes first
    assert reverse("vacancies:shortlist", args=[waiting.pk]) in page[queue_at:attention_at]
    assert "2 candidates from" in page


def test_shortlists_of_another_team_or_already_decided_are_not_hers(
    recruiter, manager, outsider, vacancy, other_team
):
    foreign_client = ClientFactory(owner=outsider, team=other_team)
    foreign = vacancy_open(
        actor=outsider, vacancy=VacancyFactory(client=foreign_client, owner=outsider, team=other_team)
    )
    in_review(outsider, foreign)
    decided = in_review(recruiter, vacancy)
    Shortlist.objects.filter(pk=decided.pk).update(status=Shortlist.Status.APPROVED)
    assert "shortlists" not in groups(manager)


def test_escalated_open_complaints_are_in_her_queue(recruiter, manager):
    escalated = complaint_escalate(complaint=ComplaintFactory(actor=recruiter), reason="manual")
    closed = complaint_escalate(complaint=ComplaintFactory(actor=recruiter), reason="manual")
    complaint_close(actor=recruiter, complaint=closed, resolution="Sorted")
    ComplaintFactory(actor=recruiter)  # open, not escalated: the recruiter's own
    group = groups(manager)["complaints"]
    assert [c.pk for c in group.items] == [escalated.pk] and group.total == 1
    assert escalated.escalated_to == manager


def test_her_teams_cadence_breaches_are_listed_with_their_owner(client, teammate, manager, vacancy):
    overdue = CandidateFactory(owner=teammate, first_name="Nadia", last_name="Okafor")
    application_create(actor=teammate, vacancy=vacancy, candidate=overdue)
    Candidate.objects.filter(pk=overdue.pk).update(created_at=NOW - datetime.timedelta(days=10))
    fresh = CandidateFactory(owner=teammate)
    application_create(actor=teammate, vacancy=vacancy, candidate=fresh)
    opened_days_ago(vacancy, 30)  # the client has heard nothing since the vacancy opened
    found = groups(manager)
    assert [c.pk for c in found["cadence_candidates"].items] == [overdue.pk]
    assert [c.pk for c in found["cadence_clients"].items] == [vacancy.client_id]
    client.force_login(manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert reverse("candidates:detail", args=[overdue.pk]) in page and teammate.display_name in page


def test_overdue_compliance_tasks_are_in_her_queue(recruiter, manager, candidate):
    late = overdue_task(candidate, recruiter)
    overdue_task(candidate, recruiter, days=-3)  # due in three days: not overdue yet
    group = groups(manager)["compliance"]
    assert [t.pk for t in group.items] == [late.pk]


def test_vacancies_open_too_long_without_a_cv_sent_are_at_risk(
    settings, recruiter, manager, client_company, candidate
):
    def new_vacancy(days):
        vacancy = VacancyFactory(client=client_company, owner=recruiter, team=recruiter.team)
        return opened_days_ago(vacancy_open(actor=recruiter, vacancy=vacancy), days)

    stale, recent, served = new_vacancy(20), new_vacancy(3), new_vacancy(20)
    move_to(
        application=application_create(actor=recruiter, vacancy=served, candidate=candidate),
        actor=recruiter,
        stages=["screening", "shortlisted", "submitted"],
    )
    assert [v.pk for v in vacancy_at_risk_list(user=manager)] == [stale.pk]
    assert groups(manager)["vacancies"].extra["days"] == 14
    settings.VACANCY_AT_RISK_DAYS = 21
    assert list(vacancy_at_risk_list(user=manager)) == []
    settings.VACANCY_AT_RISK_DAYS = 3
    assert {v.pk for v in vacancy_at_risk_list(user=manager)} == {stale.pk, recent.pk}


def test_recruiters_have_no_manager_queue(client, recruiter, vacancy):
    in_review(recruiter, vacancy)
    client.force_login(recruiter)
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="my-queue"' not in page


def test_a_long_queue_shows_the_first_few_and_the_total(client, recruiter, manager, client_company):
    for _ in range(7):
        vacancy = vacancy_open(
            actor=recruiter,
            vacancy=VacancyFactory(client=client_company, owner=recruiter, team=recruiter.team),
        )
        in_review(recruiter, vacancy)
    group = groups(manager)["shortlists"]
    assert len(group.items) == 5 and group.total == 7
    client.force_login(manager)
    page = client.get(reverse("dashboard")).content.decode()
    assert f'href="{reverse("vacancies:shortlist_review_queue")}">See all 7</a>' in page


@pytest.mark.parametrize("user", ["manager", "admin_user"])
def test_the_queue_runs_a_constant_number_of_queries(
    request, client, user, recruiter, teammate, client_company, django_assert_max_num_queries
):
    viewer = request.getfixturevalue(user)

    def add_one_of_each():
        vacancy = vacancy_open(
            actor=recruiter,
            vacancy=VacancyFactory(client=client_company, owner=recruiter, team=recruiter.team),
        )
        opened_days_ago(vacancy, 30)
        in_review(recruiter, vacancy)
        complaint_escalate(complaint=ComplaintFactory(actor=recruiter), reason="manual")
        late = CandidateFactory(owner=teammate)
        application_create(actor=teammate, vacancy=vacancy, candidate=late)
        Candidate.objects.filter(pk=late.pk).update(created_at=NOW - datetime.timedelta(days=10))
        overdue_task(late, teammate)

    add_one_of_each()
    client.force_login(viewer)
    with django_assert_max_num_queries(60) as captured:
        page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    kinds = {g.kind for g in manager_queue_get(user=viewer)}
    assert kinds == {
        "shortlists",
        "complaints",
        "cadence_candidates",
        "cadence_clients",
        "compliance",
        "vacancies",
    }
    for _ in range(7):  # past the first few of each kind: the counts are read too
        add_one_of_each()
    with django_assert_max_num_queries(len(captured.captured_queries) + 6):
        client.get(reverse("dashboard"))
    with django_assert_max_num_queries(len(captured.captured_queries) + 6) as more:
        client.get(reverse("dashboard"))
    for _ in range(3):
        add_one_of_each()
    with django_assert_max_num_queries(len(more.captured_queries)):
        client.get(reverse("dashboard"))
