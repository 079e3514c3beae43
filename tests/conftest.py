"""Personas (STYLE.md): recruiter owns records, teammate shares the team, outsider is in another team,
manager leads the team, compliance officer, admin. Plus API clients and a real Celery worker."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

from core.models import Team, User
from tests.factories.core import TeamFactory, UserFactory


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_two_factor: force_login leaves two-factor users unverified (tests of the 2FA flow itself)",
    )


def confirmed_totp_device(user: User) -> Any:
    """The user's confirmed authenticator (made if missing): a real django-otp TOTP device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def totp_code(device: Any) -> str:
    """The code the user's authenticator app shows now (RFC 6238, computed from the device's key).

    django-otp refuses a code for a time step it has already accepted, so when this step is used up
    the next step's code is given (accepted within the device's tolerance of one step)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += (device.last_t + 1 - totp.t()) * device.step
    return str(totp.token()).zfill(device.digits)


@pytest.fixture(autouse=True)
def _force_login_passes_two_factor(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """`client.force_login(admin_user)` stands for a finished login, so for users who need two-factor
    authentication it also gives them a real confirmed TOTP device and marks the session verified by
    it, as django_otp.login does after a right code. Tests of the 2FA flow itself opt out with
    @pytest.mark.real_two_factor (and log in through the real pages)."""
    if request.node.get_closest_marker("real_two_factor"):
        return
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        from django_otp import DEVICE_ID_SESSION_KEY

        from core.two_factor import role_requires_two_factor

        if role_requires_two_factor(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = confirmed_totp_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def team(db: None) -> Team:
    return TeamFactory(name="Leeds Technology")


@pytest.fixture
def other_team(db: None) -> Team:
    return TeamFactory(name="London Finance")


@pytest.fixture
def recruiter(team: Team) -> User:
    return UserFactory(username="alice", role=User.Role.RECRUITER, team=team)


@pytest.fixture
def teammate(team: Team) -> User:
    return UserFactory(username="bob", role=User.Role.RECRUITER, team=team)


@pytest.fixture
def outsider(other_team: Team) -> User:
    return UserFactory(username="charlie", role=User.Role.RECRUITER, team=other_team)


@pytest.fixture
def manager(team: Team) -> User:
    user = UserFactory(username="maya", role=User.Role.MANAGER, team=team)
    team.lead = user
    team.save()
    return user


@pytest.fixture
def compliance_officer(team: Team) -> User:
    return UserFactory(username="colin", role=User.Role.COMPLIANCE, team=team)


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory(username="ada", role=User.Role.ADMIN, team=None)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as() -> Callable[[User | None], APIClient]:
    """An API client authenticated with the user's real token (or anonymous for None)."""
    from rest_framework.authtoken.models import Token

    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[Any]:
    """A real Celery worker running in this process on kombu's in-memory broker.

    The worker runs tasks in its own thread with its own database connection, so tests using it
    need committed data (transactional_db).
    """
    from celery.contrib.testing.worker import start_worker

    from recruitcrm.celery import app

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
        # The worker polls the broker in 2-second waits; a message wakes it to see the shutdown
        # at once (a task that only touches the heartbeat row, which the flush then clears).
        from celery.worker import state

        from core.tasks import heartbeat

        state.should_terminate = 0
        heartbeat.delay()
    app.control.purge()  # if the worker stopped before taking it, the wake-up goes too
    # The worker thread's database connection outlives it; end it so the test database can go.
    terminate_other_sessions()


def terminate_other_sessions() -> None:
    """End every other session on the test database (left by threads that served a test)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, interval: float = 0.1) -> Any:
    """Poll until `condition()` is truthy (returns it) or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
