"""Rate limits (core.ratelimits) on login, API token creation and signed-link pages: over the limit
the answer is a 429 with a clear page or JSON, and nothing behind it runs. Counted in the real
configured cache (the in-memory cache of recruitcrm/settings_test.py here; the database cache or
Redis in `make run` and production)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse
from rest_framework.test import APIClient

from core.models import SignedLink
from core.signing import signed_link_create
from privacy.services.retention_notices import KEEP_MY_DATA
from tests.factories.candidates import CandidateFactory

# Limits per hour in these tests: django-ratelimit counts in fixed windows, and a window that ends
# mid-test (likely with per-minute windows on a slow machine) would reset the count.


@pytest.fixture(autouse=True)
def fresh_counters(db):
    cache.clear()
    yield
    cache.clear()


def test_login_posts_are_limited_per_address(client, recruiter, settings):
    settings.RATE_LIMIT_LOGIN = "3/h"
    url = reverse("login")
    for _ in range(3):
        assert client.post(url, {"username": "nobody", "password": "wrong"}).status_code == 200
    refused = client.post(url, {"username": recruiter.username, "password": "whatever"})
    assert refused.status_code == 429 and "Too many requests" in refused.content.decode()
    assert refused["Retry-After"] == "60"
    assert client.get(url).status_code == 200  # the form itself still shows
    other = HttpClient(REMOTE_ADDR="203.0.113.9")
    assert other.post(url, {"username": "nobody", "password": "wrong"}).status_code == 200


def test_the_client_address_comes_from_the_proxy_header_when_configured(client, settings):
    settings.RATE_LIMIT_LOGIN = "1/h"
    settings.RATE_LIMIT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    url = reverse("login")
    first = {"HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    assert client.post(url, {"username": "a", "password": "b"}, **first).status_code == 200
    assert client.post(url, {"username": "a", "password": "b"}, **first).status_code == 429
    # The client may forge the left part; the right-most entry (the proxy's) decides.
    forged = {"HTTP_X_FORWARDED_FOR": "192.0.2.50, 203.0.113.7"}
    assert client.post(url, {"username": "a", "password": "b"}, **forged).status_code == 429
    other = {"HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert client.post(url, {"username": "a", "password": "b"}, **other).status_code == 200


def test_token_creation_is_limited_per_address(recruiter, settings):
    settings.RATE_LIMIT_API_TOKEN = "2/h"
    api = APIClient()
    for _ in range(2):
        assert (
            api.post("/api/v1/auth/token/", {"username": "x", "password": "y"}, format="json").status_code
            == 400
        )
    refused = api.post(
        "/api/v1/auth/token/", {"username": recruiter.username, "password": "right-or-not"}, format="json"
    )
    assert refused.status_code == 429
    assert "Too many token requests" in refused.json()["detail"] and refused["Retry-After"] == "60"


@pytest.fixture
def keep_link(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    return signed_link_create(purpose=KEEP_MY_DATA, obj=candidate, expires_in=datetime.timedelta(days=7))


def test_signed_link_pages_are_limited_per_token(keep_link, settings):
    settings.RATE_LIMIT_SIGNED_LINK_TOKEN = "3/h"
    _, token = keep_link
    url = reverse("portal:keep_my_data", args=[token])
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert HttpClient(REMOTE_ADDR=address).get(url).status_code == 200
    refused = HttpClient(REMOTE_ADDR="192.0.2.4").post(url, {"answer": "remove"})
    assert refused.status_code == 429 and "Too many requests" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"] and refused["X-Robots-Tag"] == "noindex, nofollow"
    assert SignedLink.objects.get().use_count == 0  # the answer was not taken


def test_guessing_tokens_is_limited_per_address(keep_link, settings):
    settings.RATE_LIMIT_SIGNED_LINK_IP = "5/h"
    guesser = HttpClient(REMOTE_ADDR="192.0.2.66")
    for n in range(5):
        assert guesser.get(reverse("portal:keep_my_data", args=[f"guess-{n}"])).status_code == 404
    _, token = keep_link
    assert guesser.get(reverse("portal:keep_my_data", args=[token])).status_code == 429
    assert guesser.get(reverse("portal:survey", args=["guess"])).status_code == 429  # every link page
    assert (
        HttpClient(REMOTE_ADDR="192.0.2.67").get(reverse("portal:keep_my_data", args=[token])).status_code
        == 200
    )
