"""The candidate's answer to an interview invitation through the signed link
(portal:interview-confirm; moved from tests/engagement/test_interview_invites.py with the page)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.models import SignedLink
from engagement.models import Communication, OutboundEmail
from engagement.selectors.interview_invites import CONFIRM_PURPOSE
from tests.engagement.conftest import candidate, client_company, contact, vacancy  # noqa: F401 (fixtures)
from tests.engagement.test_interview_invites import (
    _book,
    _link,
    submitted,  # noqa: F401 (a fixture)
)
from vacancies.services.interviews import (
    interview_cancel,
)


def test_the_candidate_confirms_through_the_link_and_the_recruiter_sees_it(
    client,
    recruiter,
    submitted,  # noqa: F811
    candidate,  # noqa: F811
):
    interview = _book(recruiter, submitted)
    path = _link(OutboundEmail.objects.get(candidate=candidate, to_email=""))
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert str(candidate.pk) not in path.replace(token, "") and "priya" not in path.lower()
    page = client.get(path)
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    assert "Confirm you will attend" in page.content.decode()
    response = client.post(path, {"answer": "attend"})
    assert response.status_code == 200 and "you are confirmed" in response.content.decode()
    interview.refresh_from_db()
    assert interview.confirmed_at is not None and interview.attendance == "Confirmed"
    logged = Communication.objects.get(candidate=candidate, direction="inbound")
    assert logged.summary.startswith("Confirmed they will attend")
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[submitted.pk])).content.decode()
    assert 'tag-attendance-confirmed">Confirmed<' in page
    week = client.get(reverse("vacancies:interviews"), {"week": interview.starts_at.date().isoformat()})
    assert f'id="week-interview-{interview.pk}"' in week.content.decode()
    assert 'tag-attendance-confirmed">Confirmed<' in week.content.decode()


def test_the_candidate_can_ask_to_rearrange_with_a_message(client, recruiter, submitted, candidate):  # noqa: F811
    interview = _book(recruiter, submitted)
    path = _link(OutboundEmail.objects.get(candidate=candidate, to_email=""))
    assert client.post(path, {"answer": "rearrange", "message": "Could we do Thursday?"}).status_code == 200
    interview.refresh_from_db()
    assert interview.attendance == "Asked to rearrange"
    assert "Could we do Thursday?" in Communication.objects.get(direction="inbound").summary
    assert client.post(path, {"answer": "maybe"}).status_code == 400


def test_a_tampered_expired_or_superseded_link_shows_a_clear_page(client, recruiter, submitted, candidate):  # noqa: F811
    interview = _book(recruiter, submitted)
    path = _link(OutboundEmail.objects.get(candidate=candidate, to_email=""))
    tampered = path.rstrip("/")[:-3] + "abc/"
    response = client.get(tampered)
    assert response.status_code == 404 and "This link" in response.content.decode()
    SignedLink.objects.filter(purpose=CONFIRM_PURPOSE).update(expires_at=timezone.now())
    response = client.get(path)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert client.post(path, {"answer": "attend"}).status_code == 410
    interview.refresh_from_db()
    assert interview.confirmed_at is None


def test_a_cancelled_interviews_link_says_it_is_cancelled(client, recruiter, submitted, candidate):  # noqa: F811
    interview = _book(recruiter, submitted)
    path = _link(OutboundEmail.objects.get(candidate=candidate, to_email=""))
    interview_cancel(actor=recruiter, interview=interview)
    page = client.get(path).content.decode()
    assert "This interview has been cancelled" in page and "Confirm you will attend" not in page
    client.post(path, {"answer": "attend"})
    interview.refresh_from_db()
    assert interview.confirmed_at is None
