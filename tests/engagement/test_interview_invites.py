"""Interviews invite people (issue 18): calendar invitations (METHOD:REQUEST, a stable UID, SEQUENCE
raised on every change, METHOD:CANCEL on cancellation) to the candidate, the client contact and the
interviewers, sent by a real Celery worker through a real SMTP server and parsed back with
icalendar; the "tomorrow" reminder (idempotent, claimed under a lock); the candidate's signed
confirmation link; the contact rule; blind vacancies; the API's invite.ics; the week view."""

from __future__ import annotations

import datetime
import threading
from email import message_from_bytes
from typing import Any

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from candidates.models import Candidate
from core.models import SignedLink
from engagement.models import Communication, OutboundEmail
from engagement.selectors.interview_invites import CONFIRM_PURPOSE
from engagement.services.interview_invites import interview_reminders_send
from tests.conftest import wait_for
from tests.factories.pipeline import ApplicationFactory, submit_application
from vacancies.models import Interview, Vacancy
from vacancies.services.interviews import (
    interview_cancel,
    interview_change,
    interview_create,
    interview_reminder_claim,
)

SOON = datetime.timedelta(days=3)


@pytest.fixture
def submitted(recruiter: Any, vacancy: Any, candidate: Any) -> Any:
    return submit_application(ApplicationFactory(vacancy=vacancy, candidate=candidate), recruiter)


def _book(recruiter: Any, application: Any, **fields: Any) -> Interview:
    values = {
        "starts_at": timezone.now() + SOON,
        "duration_minutes": 45,
        "kind": "video",
        "interviewers": "Sam Patel, Head of Data",
        "interviewer_emails": ["sam@northgate.test"],
        "video_link": "https://meet.example.test/abc",
    }
    values.update(fields)
    return interview_create(actor=recruiter, application=application, **values)


def _calendar(content: bytes) -> tuple[Calendar, Any]:
    calendar = Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _attendees(event: Any) -> list[str]:
    value = event.get("attendee")
    values = value if isinstance(value, list) else [value]
    return [str(v).removeprefix("mailto:") for v in values if v is not None]


def _ics_of(email: OutboundEmail) -> tuple[Calendar, Any]:
    attachment = email.files.get()
    assert attachment.filename == "invite.ics" and attachment.content_type.startswith("text/calendar")
    return _calendar(attachment.file.read())


def _received(smtp: Any) -> dict[str, list[Any]]:
    """Every message the SMTP server took, by recipient: (message, parsed calendar, event)."""
    by_address: dict[str, list[Any]] = {}
    for envelope in smtp.messages:
        message = message_from_bytes(envelope.content)
        parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
        assert len(parts) == 1, "each invitation carries one calendar file"
        calendar, event = _calendar(parts[0].get_payload(decode=True))
        for address in envelope.rcpt_tos:
            by_address.setdefault(address, []).append((message, calendar, event, parts[0]))
    return by_address


def _text(message: Any) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode()
    return ""


# --- the invitations, through a real worker and a real SMTP server


@pytest.mark.django_db(transaction=True)
def test_booking_changing_and_cancelling_send_request_update_and_cancel_to_all_three(
    celery_worker, smtp, recruiter, submitted, candidate, contact
):
    interview = _book(recruiter, submitted)
    assert interview.invite_refusals == [] and interview.invited_at is not None
    wait_for(lambda: OutboundEmail.objects.filter(status="sent").count() == 3)
    received = _received(smtp)
    assert set(received) == {"priya@example.test", "tom@northgate.test", "sam@northgate.test"}
    uid = f"{interview.uid}@recruitcrm"
    for address, [(message, calendar, event, part)] in received.items():
        assert calendar["method"] == "REQUEST" and part.get_param("method") == "REQUEST"
        assert str(event["uid"]) == uid and event["sequence"] == 0
        assert _attendees(event) == [address], "each file names its own recipient only"
        assert event.decoded("dtstart") == interview.starts_at.replace(microsecond=0)
        assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=45)
        assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
        assert str(event["organizer"]) == f"mailto:{recruiter.email}"
        assert str(event["location"]) == "https://meet.example.test/abc"
        assert message["Subject"].startswith("Interview invitation: ")
    candidate_message = received["priya@example.test"][0][0]
    assert "/service/interview/" in _text(candidate_message)  # the confirmation link
    assert "/service/interview/" not in _text(received["tom@northgate.test"][0][0])
    assert "Priya Shah" in str(received["tom@northgate.test"][0][2]["summary"])  # not a blind vacancy
    # On the timeline: the candidate's invitation is contact with them; the interviewer's is about them.
    assert Communication.objects.filter(candidate=candidate).count() == 2
    assert Communication.objects.filter(contact=contact).count() == 1

    # Rescheduled: the same UID, SEQUENCE 1, METHOD:REQUEST again, "updated".
    smtp.messages.clear()
    interview = interview_change(
        actor=recruiter, interview=interview, starts_at=interview.starts_at + datetime.timedelta(hours=2)
    )
    assert interview.sequence == 1
    wait_for(lambda: OutboundEmail.objects.filter(status="sent").count() == 6)
    for _address, [(message, calendar, event, _)] in _received(smtp).items():
        assert (calendar["method"], str(event["uid"]), event["sequence"]) == ("REQUEST", uid, 1)
        assert message["Subject"].startswith("Interview updated: ")
        assert "has changed" in _text(message)

    # Cancelled: METHOD:CANCEL, STATUS:CANCELLED, the same UID, SEQUENCE 2.
    smtp.messages.clear()
    interview = interview_cancel(actor=recruiter, interview=interview)
    wait_for(lambda: OutboundEmail.objects.filter(status="sent").count() == 9)
    received = _received(smtp)
    assert len(received) == 3
    for _address, [(message, calendar, event, part)] in received.items():
        assert (calendar["method"], str(event["uid"]), event["sequence"]) == ("CANCEL", uid, 2)
        assert str(event["status"]) == "CANCELLED" and part.get_param("method") == "CANCEL"
        assert message["Subject"].startswith("Interview cancelled: ")
    assert interview_cancel(actor=recruiter, interview=interview).sequence == 2  # once only
    assert OutboundEmail.objects.count() == 9


def test_a_change_nobody_needs_to_hear_of_sends_nothing_and_a_dropped_interviewer_is_cancelled(
    recruiter, submitted
):
    interview = _book(recruiter, submitted, interviewer_emails=["sam@northgate.test", "lee@northgate.test"])
    assert OutboundEmail.objects.count() == 4
    interview_change(actor=recruiter, interview=interview, interviewer_emails=["SAM@northgate.test"])
    interview.refresh_from_db()
    assert interview.sequence == 1
    dropped = OutboundEmail.objects.get(
        to_email="lee@northgate.test", subject__startswith="Interview cancelled"
    )
    calendar, event = _ics_of(dropped)
    assert calendar["method"] == "CANCEL" and event["sequence"] == 1
    count = OutboundEmail.objects.count()
    interview_change(actor=recruiter, interview=interview, location="")  # nothing changed
    interview.refresh_from_db()
    assert interview.sequence == 1 and OutboundEmail.objects.count() == count


def test_a_new_time_asks_the_candidate_again_and_old_links_stop(recruiter, submitted):
    interview = _book(recruiter, submitted)
    Interview.objects.filter(pk=interview.pk).update(
        confirmed_at=timezone.now(), reminder_sent_at=timezone.now()
    )
    interview.refresh_from_db()
    first = SignedLink.objects.get(purpose=CONFIRM_PURPOSE, object_id=interview.pk)
    assert first.expires_at == interview.starts_at  # valid until the interview starts
    interview = interview_change(
        actor=recruiter, interview=interview, starts_at=interview.starts_at + datetime.timedelta(days=1)
    )
    assert interview.confirmed_at is None and interview.reminder_sent_at is None
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert SignedLink.objects.filter(purpose=CONFIRM_PURPOSE, revoked_at=None).count() == 1


# --- who may be written to, and what each is told


def test_a_candidate_the_rule_refuses_gets_nothing_and_the_recruiter_is_told_why(
    client, recruiter, submitted, candidate
):
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    client.force_login(recruiter)
    response = client.post(
        reverse("vacancies:interview_add", args=[submitted.pk]),
        {
            "interview-starts_at": timezone.localtime(timezone.now() + SOON).strftime("%Y-%m-%dT%H:%M"),
            "interview-kind": "video",
            "interview-interviewer_emails": "sam@northgate.test",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Interview booked." in page
    assert "Not sent. The candidate: This person is marked “do not contact”." in page
    assert Interview.objects.filter(application=submitted).exists()
    assert not OutboundEmail.objects.filter(candidate=candidate, to_email="").exists()
    assert set(OutboundEmail.objects.values_list("to_email", flat=True)) == {"", "sam@northgate.test"}
    assert OutboundEmail.objects.filter(contact__isnull=False).count() == 1


def test_on_a_blind_vacancy_the_client_side_is_not_told_the_candidates_name(recruiter, submitted):
    Vacancy.objects.filter(pk=submitted.vacancy_id).update(blind_shortlist=True)
    submitted.refresh_from_db()
    _book(recruiter, submitted)
    reference = f"Candidate ref. A-{submitted.pk}"
    for email in OutboundEmail.objects.exclude(to_email="", contact__isnull=True):
        _, event = _ics_of(email)
        text = email.subject + email.body + str(event["summary"]) + str(event["description"])
        assert "Priya" not in text and "Shah" not in text and "priya@" not in text
        assert reference in email.body and reference in str(event["summary"])
    mine = OutboundEmail.objects.get(candidate__isnull=False, to_email="")
    assert "Priya" not in mine.subject  # the candidate's own invitation names the role, not them
    _, event = _ics_of(mine)
    assert _attendees(event) == ["priya@example.test"]


def test_an_interview_booked_in_the_past_sends_nothing(recruiter, submitted):
    interview = _book(recruiter, submitted, starts_at=timezone.now() - datetime.timedelta(days=1))
    assert interview.invited_at is None and not OutboundEmail.objects.exists()
    interview_cancel(actor=recruiter, interview=interview)
    assert not OutboundEmail.objects.exists()


# --- the reminder


def _due(recruiter: Any, application: Any, hours: float = 20, invited_hours_ago: float = 3) -> Interview:
    interview = _book(recruiter, application, starts_at=timezone.now() + datetime.timedelta(hours=hours))
    Interview.objects.filter(pk=interview.pk).update(
        invited_at=timezone.now() - datetime.timedelta(hours=invited_hours_ago)
    )
    return interview


def test_the_reminder_goes_once_to_each_invitee_and_never_for_what_is_not_due(recruiter, submitted, vacancy):
    interview = _due(recruiter, submitted)
    more = [submit_application(ApplicationFactory(vacancy=vacancy), recruiter) for _ in range(3)]
    _due(recruiter, more[0], hours=30)  # not within 24 hours
    _due(recruiter, more[1], invited_hours_ago=0.5)  # just invited: the invitation is the reminder
    interview_cancel(actor=recruiter, interview=_due(recruiter, more[2]))
    before = OutboundEmail.objects.count()
    assert interview_reminders_send() == 1
    reminders = OutboundEmail.objects.filter(kind="interview_reminder")
    assert reminders.count() == 3 == OutboundEmail.objects.count() - before
    assert {e.subject.split(":")[0] for e in reminders} == {"Reminder"}
    assert interview_reminders_send() == 0  # idempotent
    assert OutboundEmail.objects.filter(kind="interview_reminder").count() == 3
    interview.refresh_from_db()
    assert interview.reminder_sent_at is not None


def test_beat_runs_the_reminder_every_quarter_of_an_hour():
    from celery.schedules import crontab

    from recruitcrm.celery import app

    app.finalize()
    (entry,) = [e for e in app.conf.beat_schedule.values() if e["task"] == "engagement.interview_reminders"]
    assert entry["schedule"] == crontab(minute="*/15")


@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_send_one_reminder(recruiter, submitted):
    """The row is claimed under a lock: a second run meanwhile skips it, and after the first
    commits there is nothing left to send."""
    interview = _due(recruiter, submitted)
    results: list[int] = []
    with transaction.atomic():
        assert interview_reminder_claim(interview_id=interview.pk) is not None

        def other_run() -> None:
            try:
                results.append(interview_reminders_send())
            finally:
                connection.close()

        thread = threading.Thread(target=other_run)
        thread.start()
        thread.join(timeout=30)
    assert results == [0]
    assert interview_reminders_send() == 0
    assert not OutboundEmail.objects.filter(kind="interview_reminder").exists()


@pytest.mark.django_db(transaction=True)
def test_the_reminder_task_runs_on_the_worker_and_mails_through_smtp(
    celery_worker, smtp, recruiter, submitted
):
    from engagement.tasks import interview_reminders

    _due(recruiter, submitted)
    wait_for(lambda: OutboundEmail.objects.filter(status="sent").count() == 3)
    smtp.messages.clear()
    interview_reminders.delay()
    wait_for(lambda: OutboundEmail.objects.filter(kind="interview_reminder", status="sent").count() == 3)
    received = _received(smtp)
    assert set(received) == {"priya@example.test", "tom@northgate.test", "sam@northgate.test"}
    message = received["priya@example.test"][0][0]
    assert message["Subject"].startswith("Reminder: interview tomorrow")


# --- the candidate's confirmation link


def _link(email: OutboundEmail) -> str:
    (line,) = [w for w in email.body.split() if "/service/interview/" in w]
    return line.split("testserver", 1)[-1].split("localhost:8000", 1)[-1]


# --- the API's invite.ics


def test_api_invite_ics_follows_the_interview_and_the_visibility_rule(api_as, recruiter, outsider, submitted):
    interview = _book(recruiter, submitted)
    url = reverse("interview-invite", args=[interview.pk])
    assert url == f"/api/v1/interviews/{interview.pk}/invite.ics"
    response = api_as(recruiter).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar, event = _calendar(response.content)
    assert calendar["method"] == "REQUEST" and event["sequence"] == 0
    assert str(event["uid"]) == f"{interview.uid}@recruitcrm"
    assert set(_attendees(event)) == {"priya@example.test", "tom@northgate.test", "sam@northgate.test"}
    assert api_as(recruiter).get(url, HTTP_ACCEPT="text/calendar").status_code == 200
    assert api_as(outsider).get(url).status_code == 404
    assert api_as(None).get(url).status_code == 401
    later = (interview.starts_at + datetime.timedelta(hours=1)).isoformat()
    assert (
        api_as(recruiter)
        .patch(reverse("interview-detail", args=[interview.pk]), {"starts_at": later}, format="json")
        .json()["sequence"]
        == 1
    )
    _, event = _calendar(api_as(recruiter).get(url).content)
    assert event["sequence"] == 1 and str(event["uid"]) == f"{interview.uid}@recruitcrm"
    patched = api_as(recruiter).patch(
        reverse("interview-detail", args=[interview.pk]), {"outcome": "cancelled"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["cancelled_at"]
    calendar, event = _calendar(api_as(recruiter).get(url).content)
    assert (calendar["method"], event["sequence"], str(event["status"])) == ("CANCEL", 2, "CANCELLED")
    refused = api_as(recruiter).patch(
        reverse("interview-detail", args=[interview.pk]), {"location": "Leeds"}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "interview_cancelled"
    bad = api_as(recruiter).patch(
        reverse("interview-detail", args=[interview.pk]), {"interviewer_emails": ["nope"]}, format="json"
    )
    assert bad.status_code == 400


# --- the week view


def test_the_week_view_lists_what_i_can_see_in_constant_queries(
    client, recruiter, outsider, submitted, vacancy, django_assert_max_num_queries
):
    monday = timezone.localdate() + datetime.timedelta(days=7 - timezone.localdate().weekday())
    at = datetime.datetime.combine(monday, datetime.time(10), tzinfo=timezone.get_current_timezone())
    first = _book(recruiter, submitted, starts_at=at)
    client.force_login(recruiter)
    url = reverse("vacancies:interviews")
    client.get(url, {"week": monday.isoformat()})  # warm the session and permission caches
    with django_assert_max_num_queries(12) as one:
        page = client.get(url, {"week": monday.isoformat()}).content.decode()
    assert f'id="week-interview-{first.pk}"' in page and "Not yet confirmed" in page
    more = []
    for n in range(4):
        application = submit_application(ApplicationFactory(vacancy=vacancy), recruiter)
        more.append(_book(recruiter, application, starts_at=at + datetime.timedelta(days=n, hours=n)))
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url, {"week": (monday + datetime.timedelta(days=3)).isoformat()}).content.decode()
    assert all(f'id="week-interview-{i.pk}"' in page for i in [first, *more])
    assert f"?week={(monday - datetime.timedelta(days=7)).isoformat()}" in page
    assert f"?week={(monday + datetime.timedelta(days=7)).isoformat()}" in page
    this_week = client.get(url).content.decode()
    assert f'id="week-interview-{first.pk}"' not in this_week
    assert client.get(url, {"week": "2027-02-30"}).status_code == 200  # bad input: this week
    client.force_login(outsider)
    assert (
        f'id="week-interview-{first.pk}"'
        not in client.get(url, {"week": monday.isoformat()}).content.decode()
    )
