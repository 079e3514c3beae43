"""The referee's form reached through the signed link (portal:reference-answer; moved from
tests/compliance/test_reference_requests.py with the page)."""

from __future__ import annotations

import datetime
from email import message_from_bytes

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from compliance.models import ReferenceCheck, ReferenceRequest
from compliance.services import check_verify
from engagement.models import OutboundEmail
from tests.compliance.conftest import candidate  # noqa: F401 (a fixture)
from tests.compliance.test_reference_requests import ANSWER, REFEREE, _send, _token_of
from tests.conftest import wait_for


@pytest.mark.django_db(transaction=True)
def test_the_referee_gets_the_form_by_email_answers_it_and_it_is_recorded_as_received(
    celery_worker,
    smtp,
    client,
    recruiter,
    compliance_officer,
    candidate,  # noqa: F811
):
    client.force_login(recruiter)
    url = reverse("compliance:reference-request-new", args=[candidate.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, REFEREE, follow=True)
    assert "Reference request emailed to Grace Hopper" in response.content.decode()
    request = ReferenceRequest.objects.get(candidate=candidate)
    email = OutboundEmail.objects.get(kind="reference_request")
    assert (email.to_email, email.candidate_id) == ("grace@navy.test", candidate.pk)
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert smtp.messages[0].rcpt_tos == ["grace@navy.test"]
    body = message_from_bytes(smtp.messages[0].content).get_payload(decode=True).decode()
    token = _token_of(body)
    assert "Priya Shah" in body and "grace" not in token.lower()  # no personal data in the URL
    # On the candidate's timeline, as mail about them to a third party (not contact with them).
    candidate.refresh_from_db()
    assert candidate.last_contacted_at is None

    client.logout()
    form_url = reverse("portal:reference-answer", args=[token])
    form = client.get(form_url)
    assert form.status_code == 200 and "A reference for Priya Shah" in form.content.decode()
    assert form["Cache-Control"].startswith("max-age=0") or "no-store" in form["Cache-Control"]
    done = client.post(form_url, ANSWER)
    assert done.status_code == 200 and "Your reference has been recorded" in done.content.decode()

    request.refresh_from_db()
    assert request.state == "answered" and request.would_re_employ is True
    check = request.reference_check
    assert check.received_on == timezone.localdate() and not check.verified
    assert (check.employed_to, check.recorded_by_id) == (datetime.date(2024, 5, 31), recruiter.pk)
    assert check.consent_to_disclose and check.verified_at is None
    # Single use: the spent link says so plainly.
    assert client.post(form_url, ANSWER).status_code == 410
    # Four eyes: the recruiter who asked cannot verify the answer; a compliance officer can.
    with pytest.raises(Exception, match=r"Four eyes|compliance officer"):
        check_verify(actor=recruiter, check=check)
    assert check_verify(actor=compliance_officer, check=check).verified_at is not None

    client.force_login(recruiter)
    page = client.get(reverse("compliance:candidate", args=[candidate.pk])).content.decode()
    assert f'id="reference-request-{request.pk}"' in page and "Reliable and kind." in page


def test_a_bad_answer_keeps_the_link_and_says_why(client, recruiter, candidate):  # noqa: F811
    request = _send(recruiter, candidate)
    token = _token_of(OutboundEmail.objects.get(kind="reference_request").body)
    url = reverse("portal:reference-answer", args=[token])
    unconfirmed = client.post(url, {**ANSWER, "confirm": ""})
    assert (
        unconfirmed.status_code == 422 and "Confirm that you are the referee" in unconfirmed.content.decode()
    )
    backwards = client.post(url, {**ANSWER, "employed_from": "2024-01-01", "employed_to": "2023-01-01"})
    assert backwards.status_code == 422 and "The end is before the start" in backwards.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    assert client.post(url, {**ANSWER, "employed_to": future}).status_code == 422
    assert client.post(url, {**ANSWER, "would_re_employ": "maybe"}).status_code == 422
    assert not ReferenceCheck.objects.exists()
    assert client.post(url, ANSWER).status_code == 200  # the link still worked
    request.refresh_from_db()
    assert request.reference_check is not None


def test_tampered_unknown_and_expired_links_show_a_plain_page_never_data(client, recruiter, candidate):  # noqa: F811
    _send(recruiter, candidate)
    token = _token_of(OutboundEmail.objects.get(kind="reference_request").body)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 200, "nonsense"):
        response = client.get(reverse("portal:reference-answer", args=[bad]))
        assert response.status_code == 404 and "Priya" not in response.content.decode()
    # A link for another purpose never opens the form.
    from core.signing import signed_link_create

    _, other = signed_link_create(
        purpose="consent", obj=candidate, expires_in=datetime.timedelta(days=1), created_by=recruiter
    )
    assert client.get(reverse("portal:reference-answer", args=[other])).status_code == 404
    with time_machine.travel(timezone.now() + datetime.timedelta(days=22)):
        url = reverse("portal:reference-answer", args=[token])
        expired = client.get(url)
        assert expired.status_code == 410 and "expired" in expired.content.decode()
        assert client.post(url, ANSWER).status_code == 410
        assert ReferenceRequest.objects.get().state == "expired"
    assert not ReferenceCheck.objects.exists()
