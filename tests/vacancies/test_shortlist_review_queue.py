""" "Waiting for my review": the shortlists a manager may decide (issue 16)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm

from tests.factories.candidates import CandidateFactory
from tests.factories.core import UserFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Shortlist
from vacancies.selectors.shortlists import shortlist_awaiting_review_list, shortlist_can_review
from vacancies.services.shortlists import shortlist_create, shortlist_entry_add, shortlist_submit
from vacancies.services.vacancies import vacancy_open

URL = reverse("vacancies:shortlist_review_queue")


def in_review(actor, vacancy, *, waited_days=0, entries=1):
    shortlist = shortlist_create(actor=actor, vacancy=vacancy)
    for _ in range(entries):
        shortlist_entry_add(actor=actor, shortlist=shortlist, candidate=CandidateFactory(owner=actor))
    shortlist = shortlist_submit(actor=actor, shortlist=shortlist)
    submitted_at = timezone.now() - datetime.timedelta(days=waited_days)
    Shortlist.objects.filter(pk=shortlist.pk).update(submitted_at=submitted_at)
    return shortlist


@pytest.fixture
def vacancy_of(recruiter, acme):
    def make(owner=None, client=None, title="Senior Python Developer"):
        owner = owner or recruiter
        vacancy = VacancyFactory(client=client or acme, owner=owner, team=owner.team, title=title)
        return vacancy_open(actor=owner, vacancy=vacancy)

    return make


def test_the_manager_sees_her_teams_shortlists_in_review_longest_waiting_first(
    client, recruiter, manager, vacancy_of
):
    newer = in_review(recruiter, vacancy_of(title="Data Engineer"), waited_days=1, entries=3)
    older = in_review(recruiter, vacancy_of(title="Platform Lead"), waited_days=4)
    shortlist_create(actor=recruiter, vacancy=vacancy_of(title="Draft only"))
    client.force_login(manager)
    page = client.get(URL)
    assert page.status_code == 200
    assert [s.pk for s in page.context["page"].object_list] == [older.pk, newer.pk]
    html = page.content.decode()
    assert html.index("Platform Lead") < html.index("Data Engineer") and "Draft only" not in html
    assert reverse("vacancies:shortlist", args=[older.pk]) in html
    assert recruiter.display_name in html and "4\xa0days ago" in html


def test_recruiters_and_compliance_officers_are_refused(client, recruiter, compliance_officer, vacancy_of):
    in_review(recruiter, vacancy_of())
    for user in (recruiter, compliance_officer):
        client.force_login(user)
        assert client.get(URL).status_code == 403


def test_another_teams_shortlists_are_not_hers_unless_granted_by_name(
    client, recruiter, manager, outsider, other_team, vacancy_of
):
    from tests.factories.clients import ClientFactory

    foreign_client = ClientFactory(owner=outsider, team=other_team)
    foreign = in_review(outsider, vacancy_of(owner=outsider, client=foreign_client, title="Foreign role"))
    assert list(shortlist_awaiting_review_list(user=manager)) == []
    # A manager of the other team, given the right to review one shortlist by name.
    other_manager = UserFactory(username="omar", role="manager", team=other_team)
    mine = in_review(recruiter, vacancy_of(title="Shared role"))
    assign_perm("vacancies.view_vacancy", other_manager, mine.vacancy)
    assign_perm("vacancies.review_shortlist", other_manager, mine)
    listed = [s.pk for s in shortlist_awaiting_review_list(user=other_manager)]
    assert listed == [foreign.pk, mine.pk] or listed == [mine.pk, foreign.pk]
    assert all(
        shortlist_can_review(other_manager, s) for s in shortlist_awaiting_review_list(user=other_manager)
    )


def test_the_admin_sees_every_teams_shortlists_in_review(
    client, recruiter, outsider, other_team, admin_user, vacancy_of
):
    from tests.factories.clients import ClientFactory

    ours = in_review(recruiter, vacancy_of())
    theirs = in_review(
        outsider, vacancy_of(owner=outsider, client=ClientFactory(owner=outsider, team=other_team))
    )
    client.force_login(admin_user)
    listed = {s.pk for s in client.get(URL).context["page"].object_list}
    assert listed == {ours.pk, theirs.pk}


def test_nothing_waiting_says_so(client, manager):
    client.force_login(manager)
    assert "Nothing waiting for your review." in client.get(URL).content.decode()


def test_the_list_runs_a_constant_number_of_queries(
    client, recruiter, manager, vacancy_of, django_assert_max_num_queries
):
    in_review(recruiter, vacancy_of(), entries=2)
    client.force_login(manager)
    with django_assert_max_num_queries(30) as captured:
        client.get(URL)
    for i in range(6):
        in_review(recruiter, vacancy_of(title=f"Role {i}"), entries=2)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert len(client.get(URL).context["page"].object_list) == 7
