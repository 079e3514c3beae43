"""The manager dashboard and recruiter home, each figure on a known data set."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from candidates.models import DiversityRecord
from engagement.models import FeedbackRequest, FeedbackResponse
from engagement.services.complaints import complaint_close
from recruitcrm.dashboards import reports
from tests.engagement.conftest import move_to
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import RightToWorkCheckFactory
from tests.factories.engagement import ComplaintFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.services.pipeline import application_create
from vacancies.services.placements import placement_create
from vacancies.services.vacancies import vacancy_open

TODAY = datetime.date.today()
RANGE = {
    "from": (TODAY - datetime.timedelta(days=30)).isoformat(),
    "to": (TODAY + datetime.timedelta(days=60)).isoformat(),
}


def _respond(application, score, respondent="candidate"):
    request = FeedbackRequest.objects.create(
        application=application,
        stage="interview",
        respondent=respondent,
        client_id=application.vacancy.client_id,
        owner_id=application.owner_id,
        team_id=application.team_id,
    )
    return FeedbackResponse.objects.create(
        request=request,
        score=score,
        stage="interview",
        client_id=request.client_id,
        owner_id=request.owner_id,
        team_id=request.team_id,
    )


@pytest.fixture
def known(recruiter, teammate, outsider, vacancy):
    c1 = CandidateFactory(owner=recruiter, source="job_board")
    c2 = CandidateFactory(owner=recruiter, source="job_board")
    c3 = CandidateFactory(owner=teammate, source="referral")
    a1 = application_create(actor=recruiter, vacancy=vacancy, candidate=c1)
    a1 = move_to(
        application=a1,
        actor=recruiter,
        stages=["screening", "shortlisted", "submitted", "interview", "offer"],
    )
    RightToWorkCheckFactory(candidate=c1, checked_by=recruiter)
    placement_create(
        actor=recruiter, application=a1, start_on=TODAY + datetime.timedelta(days=14), salary=60000, fee=9000
    )
    a2 = application_create(actor=recruiter, vacancy=vacancy, candidate=c2)
    move_to(application=a2, actor=recruiter, stages=["screening", "shortlisted", "submitted"])
    application_create(actor=teammate, vacancy=vacancy, candidate=c3)
    # Another team's work never shows.
    foreign_client = ClientFactory(owner=outsider, team=outsider.team)
    foreign = vacancy_open(
        actor=outsider, vacancy=VacancyFactory(client=foreign_client, owner=outsider, team=outsider.team)
    )
    application_create(actor=outsider, vacancy=foreign, candidate=CandidateFactory(owner=outsider))
    ComplaintFactory(actor=outsider)
    # Complaints: one open and overdue, one closed.
    ComplaintFactory(actor=recruiter, received_at=timezone.now() - datetime.timedelta(days=20))
    closed = ComplaintFactory(actor=recruiter)
    complaint_close(actor=recruiter, complaint=closed, resolution="Sorted")
    # NPS: 10, 9, 3 -> (2 - 1) / 3 = 33.
    for score in (10, 9, 3):
        _respond(a1 if score != 3 else a2, score, respondent="candidate" if score != 9 else "client")
    return {"a1": a1, "c1": c1}


def _scope(user, **kwargs):
    return reports.Scope(
        user=user,
        start=TODAY - datetime.timedelta(days=30),
        end=TODAY + datetime.timedelta(days=60),
        team_id=user.team_id,
        **kwargs,
    )


def test_funnel_counts_applications_reaching_each_stage(manager, known):
    rows = {r["stage"]: r["count"] for r in reports.funnel(_scope(manager))}
    expected = {"Sourced": 3, "Screening": 2, "Shortlisted": 2, "Submitted": 2, "Interview": 1, "Offer": 1}
    assert rows == {**expected, "Placed": 1}


def test_funnel_per_recruiter(manager, teammate, known):
    rows = {r["stage"]: r["count"] for r in reports.funnel(_scope(manager, recruiter_id=teammate.pk))}
    assert rows["Sourced"] == 1 and rows["Screening"] == 0


def test_time_to_shortlist_and_fill(manager, known):
    times = reports.time_to(_scope(manager))
    assert times["shortlist_n"] == 2 and times["shortlist_days"] == 0.0
    assert times["fill_n"] == 1 and times["fill_days"] is not None


def test_placements_and_fees_by_month(manager, known):
    month = (TODAY + datetime.timedelta(days=14)).strftime("%Y-%m")
    assert reports.placements_by_month(_scope(manager)) == [{"month": month, "count": 1, "fees": 9000}]


def test_source_of_hire_effectiveness(manager, known):
    rows = {r["source"]: r for r in reports.source_of_hire(_scope(manager))}
    assert rows["Job board"] == {"source": "Job board", "added": 2, "submitted": 2, "placed": 1, "rate": 50}
    assert rows["Referral"]["added"] == 1 and rows["Referral"]["placed"] == 0


def test_complaints_open_and_overdue(manager, known):
    assert reports.complaints(_scope(manager)) == {
        "open": 1,
        "overdue": 1,
        "escalated": 0,
    }  # escalation is the beat job's


def test_nps_trend(manager, known):
    rows = reports.nps_trend(_scope(manager))
    assert rows == [
        {"key": TODAY.strftime("%Y-%m"), "responses": 3, "promoters": 2, "detractors": 1, "nps": 33}
    ]


def test_diversity_is_aggregate_with_small_groups_suppressed(manager, admin_user, recruiter):
    for i in range(6):
        candidate = CandidateFactory(owner=recruiter)
        DiversityRecord.objects.create(candidate=candidate, age_band="25_34" if i < 5 else "35_44")
    sections = {s["field"]: s["rows"] for s in reports.diversity(_scope(manager)) or []}
    assert {"value": "25_34", "n": 5} in sections["age_band"]
    assert {"value": "35_44", "n": None} in sections["age_band"]


def test_manager_dashboard_page_and_csv(client, manager, known):
    client.force_login(manager)
    page = client.get(reverse("manager-dashboard"), RANGE)
    assert page.status_code == 200
    assert page.content.count(b'<svg class="mgr-chart"') >= 4
    funnel = client.get(reverse("manager-dashboard"), {**RANGE, "csv": "funnel"})
    rows = list(csv.reader(io.StringIO(funnel.content.decode())))
    assert rows[0] == ["stage", "count"] and rows[1] == ["Sourced", "3"]
    for name in ("placements", "sources", "cadence", "nps", "times", "complaints", "diversity"):
        assert client.get(reverse("manager-dashboard"), {**RANGE, "csv": name}).status_code == 200
    assert (
        client.get(reverse("manager-dashboard"), {"from": "garbage", "to": "2026-13-45"}).status_code == 200
    )


def test_manager_dashboard_is_for_managers_and_scoped_to_their_team(
    client, recruiter, outsider, admin_user, known
):
    client.force_login(recruiter)
    assert client.get(reverse("manager-dashboard")).status_code == 403
    client.force_login(admin_user)
    everyone = client.get(reverse("manager-dashboard"), {**RANGE, "csv": "funnel"})
    assert list(csv.reader(io.StringIO(everyone.content.decode())))[1] == ["Sourced", "4"]
    one_team = client.get(reverse("manager-dashboard"), {**RANGE, "csv": "funnel", "team": outsider.team_id})
    assert list(csv.reader(io.StringIO(one_team.content.decode())))[1] == ["Sourced", "1"]


def test_manager_dashboard_runs_a_bounded_number_of_queries(
    client, manager, recruiter, vacancy, known, django_assert_max_num_queries
):
    client.force_login(manager)
    with django_assert_max_num_queries(40):
        client.get(reverse("manager-dashboard"), RANGE)
    for _ in range(5):
        application = application_create(
            actor=recruiter, vacancy=vacancy, candidate=CandidateFactory(owner=recruiter)
        )
        move_to(application=application, actor=recruiter, stages=["screening", "shortlisted", "submitted"])
        ComplaintFactory(actor=recruiter)
    with django_assert_max_num_queries(40) as captured:
        client.get(reverse("manager-dashboard"), RANGE)
    first = len(captured.captured_queries)
    with django_assert_max_num_queries(first):
        client.get(reverse("manager-dashboard"), RANGE)


def test_recruiter_home_shows_activity_and_complaints_in_constant_queries(
    client, recruiter, candidate, django_assert_max_num_queries
):
    from tests.factories.engagement import CommunicationFactory

    client.force_login(recruiter)
    CommunicationFactory(candidate=candidate, actor=recruiter, summary="First call")
    ComplaintFactory(actor=recruiter, received_at=timezone.now() - datetime.timedelta(days=20))
    with django_assert_max_num_queries(40) as captured:
        home = client.get(reverse("dashboard"))
    assert b"My recent activity" in home.content and b"1 overdue" in home.content
    for _ in range(6):
        CommunicationFactory(candidate=candidate, actor=recruiter)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.get(reverse("dashboard"))
