"""Personas (STYLE.md): recruiter owns records, teammate shares the team, outsider is in another team,
manager leads the team, compliance officer, admin. Plus API clients and a real Celery worker, and
how the suite runs (docs/testing.md): Hypothesis profiles, pytest-xdist groups, a fresh cache."""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client, override_settings
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from core.models import Team, User
from tests.factories.core import TeamFactory, UserFactory

# --- Hypothesis profiles ------------------------------------------------------------------------
# `ci` is Hypothesis's own profile (derandomized, no deadline, no example database), which it loads
# by itself when CI is set: CI runs every property test exactly as before. `dev` (the default on a
# developer's machine) tries fewer examples so `make test` is quick; HYPOTHESIS_PROFILE=ci runs the
# CI amount locally.
DEV_MAX_EXAMPLES = 10
hypothesis_settings.register_profile("dev", max_examples=DEV_MAX_EXAMPLES)
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if "CI" in os.environ else "dev")
hypothesis_settings.load_profile(HYPOTHESIS_PROFILE)


def examples(ci: int) -> int:
    """For a test that sets its own `max_examples`: that number under the `ci` profile, at most the
    `dev` profile's otherwise."""
    return ci if HYPOTHESIS_PROFILE == "ci" else min(ci, hypothesis_settings.default.max_examples)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "real_two_factor: force_login leaves two-factor users unverified (tests of the 2FA flow itself)",
    )
    # pytest-django runs the tests that flush the database (transactional_db, live_server) after
    # all the others, which need the rows the data migrations made (roles, retention policies).
    # xdist's loadgroup hands the work out in that order only with its size-first reordering off.
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


# --- pytest-xdist ---------------------------------------------------------------------------------
# `make test` runs on every core with `--dist loadgroup`; each worker has its own test database
# (test_<name>_gw0, ...), media root and in-memory cache. Tests that start a browser and a live
# server are kept in two groups of whole modules (one Chromium per worker), tests that start a
# Celery worker in one (one worker thread at a time), while the rest is shared out around them.


# Module-scoped worlds (built once per module, see `seeded_demo`): a module using one stays on one
# worker, so the world is built once rather than once on each.
MODULE_WORLDS = {"seeded_demo"}


def is_browser_test(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(item.get_closest_marker("e2e")) or "live_server" in fixtures or "browser" in fixtures


def browser_groups(items: list[pytest.Item]) -> dict[str, str]:
    """Browser test modules shared between two groups (one per core), whole modules at a time and the
    biggest first, so each worker runs one Chromium and about half the browser tests."""
    sizes: dict[str, int] = {}
    for item in items:
        if is_browser_test(item):
            module = item.module.__name__ if item.module else item.nodeid
            sizes[module] = sizes.get(module, 0) + 1
    load = {"browser-1": 0, "browser-2": 0}
    groups = {}
    for module in sorted(sizes, key=lambda m: (-sizes[m], m)):
        group = min(load, key=lambda g: (load[g], g))
        groups[module] = group
        load[group] += sizes[module]
    return groups


def xdist_group_of(item: pytest.Item, browser: dict[str, str] | None = None) -> str | None:
    fixtures = set(getattr(item, "fixturenames", ()))
    if is_browser_test(item):
        module = item.module.__name__ if item.module else item.nodeid
        return (browser or {}).get(module, "browser-1")
    if "celery_worker" in fixtures:
        return "celery-worker"
    if item.get_closest_marker("embedded_postgres"):
        return "embedded-postgres"  # one worker starts these servers, once per module
    if fixtures & MODULE_WORLDS:
        return f"world:{item.module.__name__ if item.module else item.nodeid}"  # built once, not per worker
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    loadgroup = getattr(config.option, "loadgroup", False)  # set in xdist's workers by --dist loadgroup
    browser = browser_groups(items)
    for item in items:
        group = xdist_group_of(item, browser)
        if group is None:
            continue
        item.add_marker(pytest.mark.xdist_group(group))
        # xdist 3.8 tells its scheduler an item's group by renaming the item `<nodeid>@<group>`,
        # which pytest 9.2's structured node ids ignore (pytest-xdist issue #1386): every test
        # would be shared out as if ungrouped. Rename it as xdist means to; a no-op once xdist has.
        if loadgroup and "@" not in item.nodeid.rpartition("]")[2]:
            from _pytest.nodeid import NodeId

            item._id = NodeId.parse(f"{item.nodeid}@{group}")  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """The test cache is this process's memory (recruitcrm/settings_test.py): empty it after each
    test, as rolling back the test's transaction emptied the database cache."""
    yield
    cache.clear()


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


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The demo data of `make run`: `seed_demo` run twice (the second run must add nothing), once
    for the whole module, in a transaction rolled back when the module ends; each test's own
    transaction (`db`) nests inside it. Gives the first run's output and the counts it left."""
    from io import StringIO

    from django.core.management import call_command
    from django.db import transaction

    from candidates.models import Candidate
    from clients.models import Client as ClientCompany
    from clients.models import Contact
    from vacancies.models import Vacancy

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", stdout=out)
            first_run = {
                model: model.objects.count() for model in (Candidate, ClientCompany, Contact, Vacancy)
            }
            call_command("seed_demo", quiet_logins=True, stdout=StringIO())
            yield {"output": out.getvalue(), "counts_after_first_run": first_run}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


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

    # Starting a worker sets the root logger's level (to ERROR) and handlers for the whole process;
    # put them back after, so a later test's caplog still sees warnings (whatever ran before it).
    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker
        # The worker polls the broker in 2-second waits; a message wakes it to see the shutdown
        # at once (a task that only touches the heartbeat row, which the flush then clears). Two:
        # Celery's loop drains once more after it has seen the shutdown (`finally: _loop_cycle()`
        # in celery.worker.loops.synloop), and the second message ends that wait too.
        from celery.worker import state

        from core.tasks import heartbeat

        state.should_terminate = 0
        heartbeat.delay()
        heartbeat.delay()
    root.setLevel(level)
    root.handlers[:] = handlers
    app.control.purge()  # if the worker stopped before taking it, the wake-up goes too
    # The worker thread's database connection outlives it; end it so the test database can go.
    terminate_other_sessions()


def terminate_other_sessions() -> None:
    """End every other session on the test database (left by threads that served a test). This
    thread may hold two connections (Django's are context-local, and Playwright's event loop is a
    context of its own): if an earlier clean-up from the other one ended ours, reconnect once."""
    sql = (
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    except OperationalError:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(sql)


def wait_for(condition: Callable[[], Any], timeout: float = 15.0, interval: float = 0.1) -> Any:
    """Poll until `condition()` is truthy (returns it) or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


# --- a real SMTP server for the mail tests (issue 18): Django's SMTP backend sends to it.


class SmtpSink:
    """An SMTP server's handler: keeps what it accepts; `refuse` answers the next N messages with a code."""

    def __init__(self) -> None:
        self.messages: list[Any] = []
        self.refuse: list[str] = []

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("bounce@"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.refuse:
            return self.refuse.pop(0)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Any:
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = _free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
    ):
        yield sink
    controller.stop()
