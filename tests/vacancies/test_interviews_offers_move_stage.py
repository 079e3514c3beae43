"""Booking an interview moves the application to `interview`, recording an offer moves it to
`offer` (through `application_move`, so the history and the reg 19 gates apply); offers are
answered once; a placement closes the pending interviews and the open offer."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from tests.factories.pipeline import ApplicationFactory, RejectionReasonFactory, submit_application
from vacancies.models import Interview, Offer, StageChange
from vacancies.services.interviews import interview_create
from vacancies.services.offers import offer_create, offer_respond
from vacancies.services.pipeline import PipelineRefused, application_move
from vacancies.services.placements import placement_create

SOON = timezone.now() + datetime.timedelta(days=3)


@pytest.fixture
def submitted(open_vacancy, candidate, recruiter):
    return submit_application(ApplicationFactory(vacancy=open_vacancy, candidate=candidate), recruiter)


def test_booking_an_interview_moves_a_submitted_application_to_interview(submitted, teammate):
    interview_create(actor=teammate, application=submitted, starts_at=SOON)
    submitted.refresh_from_db()
    assert submitted.stage == "interview"
    last = StageChange.objects.filter(application=submitted).last()
    assert (last.from_stage, last.stage, last.by) == ("submitted", "interview", teammate)
    assert AuditEvent.objects.filter(action="application.moved", object_id=submitted.pk).exists()


def test_booking_before_submission_is_refused_and_books_nothing(open_vacancy, candidate, recruiter):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    with pytest.raises(PipelineRefused) as refused:
        interview_create(actor=recruiter, application=application, starts_at=SOON)
    assert refused.value.code == "not_submitted"
    with pytest.raises(PipelineRefused) as refused:
        offer_create(actor=recruiter, application=application, salary=60000)
    assert refused.value.code == "not_submitted"
    application.refresh_from_db()
    assert application.stage == "sourced"
    assert not Interview.objects.exists() and not Offer.objects.exists()


def test_a_closed_application_takes_no_interview_or_offer(submitted, recruiter):
    application_move(
        actor=recruiter, application=submitted, stage="rejected", reason=RejectionReasonFactory()
    )
    for record in (interview_create, offer_create):
        with pytest.raises(PipelineRefused) as refused:
            record(
                actor=recruiter,
                application=submitted,
                **({"starts_at": SOON} if record is interview_create else {}),
            )
        assert refused.value.code == "application_closed"


def test_recording_an_offer_moves_to_offer_and_a_later_interview_never_moves_it_back(submitted, recruiter):
    offer_create(actor=recruiter, application=submitted, salary=61000)
    submitted.refresh_from_db()
    assert submitted.stage == "offer"
    interview_create(actor=recruiter, application=submitted, starts_at=SOON)  # meeting the team
    submitted.refresh_from_db()
    assert submitted.stage == "offer"
    stages = list(StageChange.objects.filter(application=submitted).values_list("stage", flat=True))
    assert stages[-1] == "offer" and "interview" not in stages  # straight from submitted to offer


def test_an_offer_is_answered_once_and_the_answer_is_audited(submitted, recruiter):
    offer = offer_create(actor=recruiter, application=submitted, salary=61000)
    offer = offer_respond(actor=recruiter, offer=offer, status="accepted")
    assert offer.status == "accepted"
    assert offer_respond(actor=recruiter, offer=offer, status="accepted").status == "accepted"  # same again
    with pytest.raises(PipelineRefused) as refused:
        offer_respond(actor=recruiter, offer=offer, status="declined")
    assert refused.value.code == "offer_answered"
    event = AuditEvent.objects.get(action="offer.accepted")
    assert event.object_id == offer.pk and event.details == {"application": submitted.pk}


def test_placement_closes_pending_interviews_and_accepts_the_open_offer(submitted, recruiter, acme_terms):
    held = interview_create(
        actor=recruiter, application=submitted, starts_at=timezone.now() - datetime.timedelta(days=2)
    )
    still_to_come = interview_create(actor=recruiter, application=submitted, starts_at=SOON)
    first = offer_create(
        actor=recruiter, application=submitted, salary=58000, offered_on=datetime.date(2026, 1, 5)
    )
    revised = offer_create(
        actor=recruiter, application=submitted, salary=61000, offered_on=datetime.date(2026, 1, 9)
    )
    submitted.refresh_from_db()
    placement_create(actor=recruiter, application=submitted, start_on=datetime.date(2026, 2, 2), salary=61000)
    held.refresh_from_db()
    still_to_come.refresh_from_db()
    first.refresh_from_db()
    revised.refresh_from_db()
    assert held.outcome == "passed" and still_to_come.outcome == "cancelled"
    assert revised.status == "accepted" and first.status == "declined"  # superseded by the revised offer
    closed = AuditEvent.objects.filter(details__closed_by="placement")
    assert closed.count() == 4


def test_placement_is_refused_when_the_latest_offer_was_declined(submitted, recruiter, acme_terms):
    offer = offer_create(actor=recruiter, application=submitted, salary=61000)
    offer_respond(actor=recruiter, offer=offer, status="declined")
    submitted.refresh_from_db()
    with pytest.raises(PipelineRefused) as refused:
        placement_create(
            actor=recruiter, application=submitted, start_on=datetime.date(2026, 2, 2), salary=61000
        )
    assert refused.value.code == "offer_declined"
    submitted.refresh_from_db()
    assert submitted.stage == "offer"


def test_api_booking_moves_the_stage_and_refuses_before_submission(
    api_as, recruiter, open_vacancy, submitted
):
    api = api_as(recruiter)
    body = {"starts_at": "2027-03-03T10:30:00+00:00", "kind": "video"}
    early = ApplicationFactory(vacancy=open_vacancy)
    response = api.post("/api/v1/interviews/", {"application": early.pk, **body}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "not_submitted"
    response = api.post("/api/v1/interviews/", {"application": submitted.pk, **body}, format="json")
    assert response.status_code == 201, response.json()
    assert api.get(f"/api/v1/applications/{submitted.pk}/").json()["stage"] == "interview"
    response = api.post("/api/v1/offers/", {"application": early.pk, "salary": 60000}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "not_submitted"


def test_api_offer_answer_is_patch_status_once(api_as, recruiter, submitted):
    api = api_as(recruiter)
    made = {"application": submitted.pk, "salary": 60000}
    assert api.post("/api/v1/offers/", {**made, "status": "accepted"}, format="json").status_code == 400
    response = api.post("/api/v1/offers/", made, format="json")
    assert response.status_code == 201 and response.json()["status"] == "made"
    offer = response.json()["id"]
    assert api.get(f"/api/v1/applications/{submitted.pk}/").json()["stage"] == "offer"
    response = api.patch(
        f"/api/v1/offers/{offer}/", {"status": "accepted", "start_on": "2027-04-01"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    assert response.json()["start_on"] == "2027-04-01"
    response = api.patch(f"/api/v1/offers/{offer}/", {"status": "declined"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "offer_answered"
    assert api.patch(f"/api/v1/offers/{offer}/", {"status": "made"}, format="json").status_code == 400
    assert AuditEvent.objects.filter(action="offer.accepted", object_id=offer).count() == 1


def test_application_page_says_submit_first_and_a_refused_booking_explains(
    client, recruiter, open_vacancy, candidate
):
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "Submit the candidate to the client before booking an interview." in page
    assert reverse("vacancies:interview_add", args=[application.pk]) not in page
    response = client.post(
        reverse("vacancies:interview_add", args=[application.pk]),
        {"interview-starts_at": "2027-03-03T10:30", "interview-kind": "video"},
    )
    assert response.status_code == 400
    assert "has not been submitted to the client yet" in response.content.decode()
    assert not Interview.objects.exists()


def test_offer_answer_buttons_accept_or_decline_from_the_application_page(client, recruiter, submitted):
    offer = offer_create(actor=recruiter, application=submitted, salary=61000)
    client.force_login(recruiter)
    url = reverse("vacancies:offer_answer", args=[submitted.pk, offer.pk])
    page = client.get(reverse("vacancies:application", args=[submitted.pk])).content.decode()
    assert url in page and 'value="accepted"' in page and 'value="declined"' in page
    response = client.post(url, {"status": "declined"}, follow=True)
    offer.refresh_from_db()
    assert offer.status == "declined"
    assert "Offer declined." in response.content.decode()
    response = client.post(url, {"status": "accepted"}, follow=True)
    offer.refresh_from_db()
    assert offer.status == "declined" and "already declined" in response.content.decode()
    assert client.post(reverse("vacancies:offer_answer", args=[submitted.pk, 999999])).status_code == 404
