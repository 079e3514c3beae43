from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.models import Candidate
from clients.models import Client
from engagement.models import FeedbackRequest, FeedbackResponse, OutboundEmail
from engagement.selectors.cadence import cadence_breach_list, candidate_overdue_list, client_overdue_list
from engagement.selectors.feedback import nps_breakdown_list, nps_calculate, nps_summary_get
from engagement.services.communications import communication_log
from engagement.services.digest import cadence_digests_send
from engagement.services.emails import email_address
from engagement.services.feedback import feedback_requests_send_due, feedback_submit
from tests.conftest import wait_for
from tests.engagement.conftest import move_to
from tests.factories.candidates import CandidateFactory
from vacancies.services.interviews import interview_create
from vacancies.services.pipeline import application_create, application_move

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _days(n: float) -> datetime.datetime:
    return T0 + datetime.timedelta(days=n)


@pytest.fixture
def pipeline_at_t0(recruiter, vacancy, candidate):
    with time_machine.travel(T0, tick=False):
        Candidate.objects.filter(pk=candidate.pk).update(created_at=T0)
        Client.objects.filter(pk=vacancy.client_id).update(created_at=T0, update_every_days=10)
        type(vacancy).objects.filter(pk=vacancy.pk).update(opened_at=T0)
        return application_create(actor=recruiter, vacancy=vacancy, candidate=candidate)


def test_candidate_in_an_open_pipeline_breaches_after_seven_days(recruiter, candidate, pipeline_at_t0):
    base = Candidate.objects.all()
    assert not candidate_overdue_list(base=base, now=_days(7)).exists()  # exactly 7 days: still in time
    assert list(candidate_overdue_list(base=base, now=_days(7.01))) == [candidate]
    with time_machine.travel(_days(6), tick=False):
        communication_log(actor=recruiter, kind="call", summary="Update", candidate=candidate)
    assert not candidate_overdue_list(base=base, now=_days(12)).exists()
    assert candidate_overdue_list(base=base, now=_days(13.5)).exists()


def test_candidates_without_an_open_application_are_never_overdue(recruiter, candidate, pipeline_at_t0):
    application_move(actor=recruiter, application=pipeline_at_t0, stage="withdrawn", reason="Took a job")
    assert not candidate_overdue_list(base=Candidate.objects.all(), now=_days(30)).exists()


def test_client_with_an_open_vacancy_breaches_after_its_own_update_every_days(
    recruiter, contact, client_company, pipeline_at_t0
):
    base = Client.objects.all()
    assert not client_overdue_list(base=base, now=_days(9.9)).exists()
    assert list(client_overdue_list(base=base, now=_days(10.1))) == [client_company]
    with time_machine.travel(_days(9), tick=False):
        communication_log(actor=recruiter, kind="email", summary="Shortlist update", contact=contact)
    assert not client_overdue_list(base=base, now=_days(18.9)).exists()
    assert client_overdue_list(base=base, now=_days(19.1)).exists()


def test_breaches_are_counted_per_recruiter(recruiter, teammate, pipeline_at_t0, vacancy):
    with time_machine.travel(T0, tick=False):
        other = CandidateFactory(owner=teammate)
        Candidate.objects.filter(pk=other.pk).update(created_at=T0)
        application_create(actor=teammate, vacancy=vacancy, candidate=other)
    rows = cadence_breach_list(
        candidates=Candidate.objects.all(), clients=Client.objects.all(), now=_days(11)
    )
    by_owner = {r["owner_id"]: r for r in rows}
    assert by_owner[recruiter.pk] == {"owner_id": recruiter.pk, "candidates": 1, "clients": 1}
    assert by_owner[teammate.pk]["candidates"] == 1 and by_owner[teammate.pk]["clients"] == 0


def test_daily_digest_goes_to_each_recruiter_with_overdue_contacts(
    recruiter, teammate, pipeline_at_t0, mailoutbox
):
    with time_machine.travel(_days(11), tick=False):
        assert cadence_digests_send() == 1
    assert mailoutbox[0].to == [recruiter.email]
    assert "Priya Shah" in mailoutbox[0].body and "Northgate Engineering Ltd" in mailoutbox[0].body


def test_digest_task_runs_on_a_real_worker(celery_worker, recruiter, candidate, vacancy):
    from django.core import mail

    from engagement.tasks import cadence_digest

    Candidate.objects.filter(pk=candidate.pk).update(created_at=_days(-30))
    application_create(actor=recruiter, vacancy=vacancy, candidate=candidate)
    cadence_digest.delay()
    wait_for(lambda: len(mail.outbox) == 1)
    assert mail.outbox[0].to == [recruiter.email]


def test_service_home_lists_my_overdue_contacts(client, recruiter, pipeline_at_t0):
    client.force_login(recruiter)
    with time_machine.travel(_days(11)):
        page = client.get(reverse("engagement:index"))
        home = client.get(reverse("dashboard"))
    assert b"Priya Shah" in page.content and b"Northgate Engineering Ltd" in page.content
    assert b"Overdue contact" in home.content


# --- NPS


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([10, 9, 8, 7, 6, 0], 0),  # 2 promoters, 2 detractors of 6
        ([10, 10, 10, 5], 50),  # 75% - 25%
        ([7, 8], 0),  # passives only
        ([0, 1, 9], -33),
        ([], None),
    ],
)
def test_nps_is_promoters_minus_detractors(scores, expected):
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    assert nps_calculate(promoters=promoters, detractors=detractors, total=len(scores)) == expected


@pytest.fixture
def interviewed(recruiter, application):
    application = move_to(
        application=application,
        actor=recruiter,
        stages=["screening", "shortlisted", "submitted", "interview"],
    )
    interview_create(
        actor=recruiter,
        application=application,
        starts_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=3),
    )
    return application


def _token(message) -> str:
    return re.search(r"/service/survey/([\w-]+)/", message.body).group(1)


@pytest.fixture
def queued() -> Any:
    """The surveys queued through email_queue (kind "survey"), oldest first: the worker sends them."""
    return lambda: list(OutboundEmail.objects.filter(kind="survey").order_by("pk"))


def test_surveys_go_to_candidate_and_client_after_an_interview_once(interviewed, queued):
    assert feedback_requests_send_due() == 2
    assert feedback_requests_send_due() == 0
    assert {email_address(m) for m in queued()} == {"priya@example.test", "tom@northgate.test"}
    assert FeedbackRequest.objects.filter(stage="interview").count() == 2


def test_feedback_submit_refuses_bad_scores(interviewed, queued):
    feedback_requests_send_due()
    with pytest.raises(ValidationError):
        feedback_submit(token=_token(queued()[0]), score="ten")


def test_nps_rolls_up_per_recruiter_client_and_stage(interviewed, queued, recruiter):
    feedback_requests_send_due()
    for message, score in zip(queued(), [10, 3], strict=True):
        feedback_submit(token=_token(message), score=score)
    responses = FeedbackResponse.objects.visible_to(recruiter)
    assert nps_summary_get(responses=responses)["nps"] == 0
    assert nps_breakdown_list(responses=responses, field="stage") == [
        {"key": "interview", "responses": 2, "promoters": 1, "detractors": 1, "nps": 0}
    ]
    assert nps_breakdown_list(responses=responses, field="owner__username")[0]["key"] == "alice"
    assert (
        nps_breakdown_list(responses=responses, field="client__name")[0]["key"] == "Northgate Engineering Ltd"
    )


def test_a_survey_comment_becomes_a_you_said_we_did_improvement(
    client, recruiter, outsider, interviewed, queued
):
    from engagement.models import Improvement

    feedback_requests_send_due()
    feedback_submit(token=_token(queued()[0]), score=4, comment="Nobody told me the interview moved")
    response = FeedbackResponse.objects.get()
    client.force_login(recruiter)
    home = client.get(reverse("engagement:index"))
    assert b"Nobody told me the interview moved" in home.content
    url = reverse("engagement:improvements")
    form = client.get(url, {"feedback": response.pk})
    assert b"Nobody told me the interview moved</textarea>" in form.content
    posted = client.post(
        url,
        {
            "feedback": response.pk,
            "you_said": "Interview changes",
            "we_did": "Text every change",
            "status": "done",
        },
    )
    assert posted.status_code == 302
    improvement = Improvement.objects.get()
    assert list(improvement.feedback.all()) == [response] and improvement.done_on is not None
    assert b"Survey: 4/10" in client.get(url).content
    client.force_login(outsider)
    assert b"Nobody told me" not in client.get(url, {"feedback": response.pk}).content
