"""Signing in to the candidate portal (issue 19): the same answer for every address, rate limits,
a single-use short-lived link, the contact rule asked, a session of its own."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from candidates.models import Candidate
from core.models import AuditEvent, SignedLink
from engagement.models import OutboundEmail
from tests.portal.conftest import link_path_from, sign_in

pytestmark = pytest.mark.django_db


def _ask(client, email: str):
    return client.post("/portal/sign-in/", {"email": email})


def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_known_one_gets_mail(
    client, portal_candidate
):
    known = _ask(client, "PRIYA@example.test")
    unknown = _ask(client, "nobody-here@example.test")
    assert known.status_code == unknown.status_code == 200
    for response in (known, unknown):
        assert "If we hold your details, we have sent a link" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    emails = list(OutboundEmail.objects.all())
    assert len(emails) == 1 and emails[0].candidate_id == portal_candidate.pk
    assert emails[0].kind == "portal_sign_in" and emails[0].template.code == "portal_sign_in"
    assert "/portal/sign-in/" in emails[0].body
    # No personal data in the link: only the token.
    assert "priya" not in link_path_from(emails[0]).lower()


def test_a_candidate_who_must_not_be_contacted_is_sent_nothing_and_sees_the_same_answer(
    client, portal_candidate
):
    Candidate.objects.filter(pk=portal_candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    response = _ask(client, portal_candidate.email)
    assert response.status_code == 200
    assert "If we hold your details, we have sent a link" in response.content.decode()
    assert not OutboundEmail.objects.exists()
    assert not SignedLink.objects.filter(purpose="portal_sign_in").exists()  # rolled back with it


def test_a_bad_address_shows_the_form_again_with_the_error_and_what_was_typed(client):
    response = _ask(client, "not an address")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and 'value="not an address"' in body


@override_settings(RATE_LIMIT_PORTAL_SIGN_IN_EMAIL="2/h", RATE_LIMIT_PORTAL_SIGN_IN_IP="1000/h")
def test_sign_in_requests_are_limited_per_address(client, portal_candidate):
    assert _ask(client, portal_candidate.email).status_code == 200
    assert _ask(client, portal_candidate.email).status_code == 200
    assert _ask(client, portal_candidate.email).status_code == 429
    assert OutboundEmail.objects.count() == 2
    assert _ask(client, "someone-else@example.test").status_code == 200  # another address: its own count


@override_settings(RATE_LIMIT_PORTAL_SIGN_IN_IP="3/h", RATE_LIMIT_PORTAL_SIGN_IN_EMAIL="1000/h")
def test_sign_in_requests_are_limited_per_client_address(client):
    for n in range(3):
        assert _ask(client, f"person{n}@example.test").status_code == 200
    assert _ask(client, "person9@example.test").status_code == 429


def test_the_link_signs_in_once_and_then_is_used_up(client, portal_candidate):
    _ask(client, portal_candidate.email)
    path = link_path_from(OutboundEmail.objects.get())
    page = client.get(path)
    assert page.status_code == 200 and "Sign in" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    key_before = client.session.session_key
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert client.session.session_key != key_before  # cycled: no session fixation
    assert client.get("/portal/").status_code == 200
    again = client.post(path)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert AuditEvent.objects.filter(action="portal.signed_in", object_id=portal_candidate.pk).count() == 1


def test_an_expired_link_shows_the_link_problem_page(client, portal_candidate):
    _ask(client, portal_candidate.email)
    path = link_path_from(OutboundEmail.objects.get())
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        response = client.post(path)
    assert response.status_code == 410 and "expired" in response.content.decode()
    assert client.get("/portal/").status_code == 302


def test_a_tampered_link_is_a_404_page(client):
    response = client.get("/portal/sign-in/" + "x" * 43 + "/")
    assert response.status_code == 404 and "This link" in response.content.decode()


def test_the_portal_needs_a_sign_in_and_a_staff_login_is_not_one(client, recruiter):
    assert client.get("/portal/")["Location"] == "/portal/sign-in/"
    client.force_login(recruiter)
    assert client.get("/portal/")["Location"] == "/portal/sign-in/"


def test_an_idle_session_is_signed_out(client, portal_candidate):
    sign_in(client, portal_candidate)
    assert client.get("/portal/").status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=31)):
        assert client.get("/portal/").status_code == 302


def test_signing_out_ends_the_portal_session(client, portal_candidate):
    sign_in(client, portal_candidate)
    response = client.post("/portal/sign-out/")
    assert response.status_code == 200 and "signed out" in response.content.decode()
    assert client.get("/portal/").status_code == 302


@override_settings(RATE_LIMIT_PORTAL_SIGN_IN_IP="2/h", RATE_LIMIT_PORTAL_SIGN_IN_EMAIL="1000/h")
def test_bad_addresses_count_against_the_client_address_too(client):
    assert _ask(client, "not an address").status_code == 400
    assert _ask(client, "still not").status_code == 400
    assert _ask(client, "person@example.test").status_code == 429


def test_the_sign_in_template_is_a_system_template_that_cannot_be_deleted(recruiter):
    from django.core.exceptions import ValidationError

    from engagement.models import EmailTemplate
    from engagement.services.communications import email_template_delete

    template = EmailTemplate.objects.get(code="portal_sign_in")  # seeded by the data migration
    assert "{{ link }}" in template.body
    with pytest.raises(ValidationError):
        email_template_delete(actor=recruiter, template=template)
