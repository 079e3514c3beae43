"""The manager dashboard's activity table on a fixed world (issue 16): per recruiter, by name, for a
date range, with contract margins in the fees."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from engagement.models import Communication
from recruitcrm.dashboards import activity, reports
from tests.engagement.conftest import move_to
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import RightToWorkCheckFactory
from tests.factories.engagement import CommunicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Offer
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create
from vacancies.services.pipeline import application_create, application_move
from vacancies.services.placements import placement_create
from vacancies.services.vacancies import vacancy_open

TODAY = timezone.localdate()
NOW = timezone.now()
LONG_AGO = NOW - datetime.timedelta(days=45)


def _to(application, actor, stage):
    application.refresh_from_db()
    if application.stage != stage:  # booking an interview or an offer may already have moved it
        application = application_move(actor=actor, application=application, stage=stage)
    return application


def _placed(actor, vacancy, **terms):
    candidate = CandidateFactory(owner=actor)
    RightToWorkCheckFactory(candidate=candidate, checked_by=actor)
    application = application_create(actor=actor, vacancy=vacancy, candidate=candidate)
    application = move_to(
        application=application, actor=actor, stages=["screening", "shortlisted", "submitted"]
    )
    interview_create(actor=actor, application=application, starts_at=NOW + datetime.timedelta(days=2))
    application = _to(application, actor, "interview")
    offer_create(actor=actor, application=application, salary=terms.get("salary"))
    application = _to(application, actor, "offer")
    return placement_create(
        actor=actor, application=application, start_on=TODAY + datetime.timedelta(days=7), **terms
    )


@pytest.fixture
def world(recruiter, teammate, manager, outsider, other_team, vacancy, candidate, client_company):
    """alice: 3 calls (one long ago), 2 emails out (and one in), a CV sent, an interview, an offer
    and a perm placement (£9,000); bob: a call and a contract placement (£50 a day x 20 days)."""
    for days in (1, 2, 40):
        CommunicationFactory(
            candidate=candidate, actor=recruiter, occurred_at=NOW - datetime.timedelta(days=days)
        )
    for direction in ("outbound", "outbound", "inbound"):
        CommunicationFactory(candidate=candidate, actor=recruiter, kind="email", direction=direction)
    CommunicationFactory(candidate=candidate, actor=recruiter, kind="note")  # not a call nor an email
    _placed(recruiter, vacancy, salary=60000, fee=9000)
    contract = vacancy_open(
        actor=teammate,
        vacancy=VacancyFactory(
            client=client_company,
            owner=teammate,
            team=teammate.team,
            employment_type="contract",
            salary_min=None,
            salary_max=None,
            day_rate=300,
        ),
    )
    CommunicationFactory(candidate=CandidateFactory(owner=teammate), actor=teammate)
    _placed(teammate, contract, pay_rate=250, charge_rate=300, expected_days=20)
    # Another team's work never shows.
    theirs = CandidateFactory(owner=outsider)
    CommunicationFactory(candidate=theirs, actor=outsider)
    ClientFactory(owner=outsider, team=other_team)


def _scope(user, days=30, **kwargs):
    return reports.Scope(
        user=user,
        start=TODAY - datetime.timedelta(days=days - 1),
        end=TODAY,
        team_id=user.team_id,
        **kwargs,
    )


def test_activity_per_recruiter_on_a_fixed_world(manager, recruiter, teammate, world):
    rows = {r["recruiter"]: r for r in activity.activity_list(_scope(manager))}
    assert set(rows) == {recruiter.display_name, teammate.display_name, manager.display_name}
    alice = {k: v for k, v in rows[recruiter.display_name].items() if k in activity.COLUMNS[1:]}
    assert alice == {
        "calls": 2,
        "emails": 2,
        "cvs_sent": 1,
        "interviews": 1,
        "offers": 1,
        "placements": 1,
        "fees": 9000,
    }
    bob = rows[teammate.display_name]
    assert (bob["calls"], bob["cvs_sent"], bob["placements"], bob["fees"]) == (1, 1, 1, 1000)
    assert set(rows[manager.display_name].values()) >= {0}  # in the table with nothing done yet
    totals = activity.activity_totals(list(rows.values()))
    assert totals["fees"] == 10000 and totals["calls"] == 3 and totals["placements"] == 2


def test_the_date_range_and_the_recruiter_filter_narrow_the_table(manager, recruiter, world):
    wide = {r["recruiter_id"]: r for r in activity.activity_list(_scope(manager, days=60))}
    assert wide[recruiter.pk]["calls"] == 3
    Offer.objects.update(created_at=LONG_AGO)
    narrow = {r["recruiter_id"]: r for r in activity.activity_list(_scope(manager))}
    assert narrow[recruiter.pk]["offers"] == 0 and narrow[recruiter.pk]["calls"] == 2
    one = activity.activity_list(_scope(manager, recruiter_id=recruiter.pk))
    assert [r["recruiter_id"] for r in one] == [recruiter.pk]


def test_the_dashboard_shows_names_for_the_last_30_days_by_default(
    client, manager, recruiter, teammate, world
):
    client.force_login(manager)
    page = client.get(reverse("manager-dashboard"))
    html = page.content.decode()
    scope = page.context["activity_scope"]
    assert (scope.start, scope.end) == (TODAY - datetime.timedelta(days=29), TODAY)
    table = html[html.index('id="mgr-activity"') : html.index('id="mgr-funnel"')]
    assert escape(recruiter.display_name) in table and escape(teammate.display_name) in table
    assert f">{recruiter.username}<" not in table
    assert "10,000" in table  # the total fees: £9,000 perm and £1,000 contract margin
    # A range that holds only the old call.
    old = (NOW - datetime.timedelta(days=40)).date().isoformat()
    page = client.get(reverse("manager-dashboard"), {"activity_from": old, "activity_to": old})
    rows = {r["recruiter_id"]: r for r in page.context["activity"]}
    assert rows[recruiter.pk]["calls"] == 1 and rows[recruiter.pk]["placements"] == 0
    assert client.get(reverse("manager-dashboard"), {"activity_from": "nonsense"}).status_code == 200


def test_the_activity_csv(client, manager, recruiter, world):
    client.force_login(manager)
    answer = client.get(reverse("manager-dashboard"), {"csv": "activity"})
    rows = list(csv.reader(io.StringIO(answer.content.decode())))
    assert rows[0] == activity.COLUMNS
    alice = next(r for r in rows if r[0] == recruiter.display_name)
    assert alice[1:] == ["2", "2", "1", "1", "1", "1", "9000"]


def test_the_cadence_table_shows_names_not_usernames(manager, recruiter, vacancy, world):
    from candidates.models import Candidate

    late = CandidateFactory(owner=recruiter)
    application_create(actor=recruiter, vacancy=vacancy, candidate=late)
    Candidate.objects.filter(pk=late.pk).update(created_at=LONG_AGO)
    rows = reports.cadence_breaches(_scope(manager))
    assert recruiter.display_name in [r["recruiter"] for r in rows]


def test_activity_runs_a_constant_number_of_queries(
    client, manager, recruiter, candidate, world, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(60) as captured:
        client.get(reverse("manager-dashboard"))
    from tests.factories.core import UserFactory

    for _ in range(5):  # more people, more activity
        colleague = UserFactory(team=recruiter.team)
        CommunicationFactory(candidate=candidate, actor=colleague, kind=Communication.Kind.CALL)
        CommunicationFactory(candidate=candidate, actor=recruiter, kind=Communication.Kind.EMAIL)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("manager-dashboard"))
