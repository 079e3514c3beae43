"""Sessions end after SESSION_COOKIE_AGE of inactivity; each request renews the clock."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.middleware import SESSION_RENEW_SECONDS
from tests.factories.core import DEFAULT_PASSWORD


def _log_in(client: Client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_idle_timeout_defaults_to_half_an_hour_and_is_renewed_by_use(settings):
    # The default, not what a test environment set: staff handle personal data all day.
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert "core.middleware.SessionIdleRenewalMiddleware" in settings.MIDDLEWARE


def test_the_session_is_written_at_most_once_a_minute(client: Client, recruiter):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _log_in(client, recruiter)
    soon = start + timedelta(seconds=5)
    with time_machine.travel(soon, tick=False), CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    assert not [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]
    later = start + timedelta(seconds=SESSION_RENEW_SECONDS + 5)
    with time_machine.travel(later, tick=False), CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard")).status_code == 200
    assert [q for q in queries if "django_session" in q["sql"] and q["sql"].startswith("UPDATE")]


def test_an_idle_session_is_logged_out(client: Client, recruiter, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _log_in(client, recruiter)
        assert client.get(reverse("dashboard")).status_code == 200
    idle = timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)
    with time_machine.travel(start + idle, tick=False):
        response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_session_in_use_stays_logged_in(client: Client, recruiter, settings):
    start = timezone.now()
    step = timedelta(seconds=settings.SESSION_COOKIE_AGE * 2 // 3)
    with time_machine.travel(start, tick=False):
        _log_in(client, recruiter)
    # Three requests, each within the idle limit of the one before, span well over the limit.
    for n in range(1, 4):
        with time_machine.travel(start + n * step, tick=False):
            assert client.get(reverse("dashboard")).status_code == 200, f"request {n}"
    assert 3 * step > timedelta(seconds=settings.SESSION_COOKIE_AGE)
