"""Lockout after repeated failures (django-axes) and password reset by email with expiring tokens."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories.core import DEFAULT_PASSWORD


def _fail(client: Client, username: str, times: int) -> None:
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "not-the-password"})


def test_account_locks_after_five_failures_even_for_the_right_password(client: Client, recruiter, settings):
    _fail(client, "alice", 5)
    response = client.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "Account locked" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_ends_after_the_cooloff(client: Client, recruiter, settings):
    _fail(client, "alice", 5)
    with time_machine.travel(timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)):
        response = client.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_a_good_login_clears_earlier_failures(client: Client, recruiter):
    _fail(client, "alice", 4)
    assert (
        client.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD}).status_code == 302
    )
    client.post(reverse("logout"))
    _fail(client, "alice", 4)
    assert (
        client.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD}).status_code == 302
    )


def test_api_token_endpoint_is_locked_too(api_client, recruiter):
    for _ in range(5):
        api_client.post("/api/v1/auth/token/", {"username": "alice", "password": "nope"}, format="json")
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "alice", "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code in (400, 403, 429)  # refused like a wrong password: no token
    assert "token" not in response.content.decode()


def test_password_reset_by_email_sets_a_new_password_once(client: Client, recruiter):
    response = client.post(reverse("password_reset"), {"email": recruiter.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "password", "new_password2": "password"})
    assert "This password is too common" in weak.content.decode()
    done = client.post(set_url, {"new_password1": "fresh-and-long-42", "new_password2": "fresh-and-long-42"})
    assert done.status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.check_password("fresh-and-long-42")
    # The link works once.
    again = client.get(link, follow=True)
    assert "expired or has already been used" in again.content.decode()


def test_password_reset_link_expires(client: Client, recruiter, settings):
    client.post(reverse("password_reset"), {"email": recruiter.email})
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    later = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    with time_machine.travel(later):
        page = client.get(link, follow=True)
    assert "expired or has already been used" in page.content.decode()


def test_password_reset_does_not_reveal_whether_an_account_exists(client: Client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@nowhere.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
