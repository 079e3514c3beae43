"""Issue 17: API tokens expire and can be revoked by their owner; the login lockout counts per
username and client address (the proxy header's address), so one client never locks out everyone."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from tests.factories.core import DEFAULT_PASSWORD

TOKEN_URL = "/api/v1/auth/token/"


def _token(username: str = "alice") -> str:
    response = APIClient().post(
        TOKEN_URL, {"username": username, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    return str(response.json()["token"])


def _me(token: str) -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return int(api.get("/api/v1/me/").status_code)


def test_a_token_expires_after_api_token_days_and_a_fresh_one_is_issued(recruiter, settings):
    settings.API_TOKEN_DAYS = 30
    token = _token()
    assert _me(token) == 200
    later = timezone.now() + timedelta(days=31)
    with time_machine.travel(later):
        assert _me(token) == 401
        fresh = _token()
        assert fresh != token and _me(fresh) == 200
    with time_machine.travel(timezone.now() + timedelta(days=29)):
        assert _me(token) == 401  # the old key is gone for good, not revived


def test_within_its_days_the_same_token_is_returned(recruiter):
    assert _token() == _token()


def test_the_owner_revokes_their_token(recruiter):
    token = _token()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.delete(TOKEN_URL).status_code == 204
    assert _me(token) == 401
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == recruiter and token not in str(event.details)
    assert APIClient().delete(TOKEN_URL).status_code == 401  # nobody else's token to revoke anonymously


def _fail(client: Client, username: str, times: int, **extra: str) -> None:
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "not-the-password"}, **extra)


def test_behind_a_proxy_one_client_failing_does_not_lock_out_everyone(recruiter, teammate, settings):
    settings.RATE_LIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.RATE_LIMIT_LOGIN = "1000/h"
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    attacker = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    _fail(attacker, "alice", 5)
    _fail(attacker, "mallory", 5)
    # Alice, from her own address behind the same proxy, still logs in; so does bob.
    alice = Client(HTTP_X_FORWARDED_FOR="203.0.113.20", **proxy)
    assert (
        alice.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD}).status_code == 302
    )
    bob = Client(HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert bob.post(reverse("login"), {"username": "bob", "password": DEFAULT_PASSWORD}).status_code == 302
    # The attacker's address is locked out of alice's account.
    locked = attacker.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD})
    assert locked.status_code == 429


def test_an_unparsable_forwarded_address_still_counts_failures(recruiter, settings):
    settings.RATE_LIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.RATE_LIMIT_LOGIN = "1000/h"
    odd = Client(HTTP_X_FORWARDED_FOR="not-an-address")
    _fail(odd, "alice", 5)
    assert odd.post(reverse("login"), {"username": "alice", "password": DEFAULT_PASSWORD}).status_code == 429
