"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Skipped, with a clear message, when /usr/bin/chromium is absent (`apt-get install chromium`);
.ci/run installs it so they always run there. Screenshots go to tests/e2e/screenshots/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="session", autouse=True)
def _end_stray_sessions(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    # Django's connections are context-local; those opened while Playwright's event loop runs in
    # this thread are not closed by the test runner, which then can't drop the test database.
    yield
    from tests.conftest import terminate_other_sessions

    with django_db_blocker.unblock():
        terminate_other_sessions()


@pytest.fixture(autouse=True)
def _small_demo(settings: Any) -> None:
    # The browser tests use the named demo people, clients and pipelines; thirty generated
    # candidates beside them (not three hundred) keep each `seed_demo` to about a second.
    settings.DEMO_CANDIDATES = 30


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
    # browser steps are ordinary synchronous calls, so allow them — for browser tests only.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(live_server: Any, browser: Any) -> Iterator[Any]:
    # live_server first, so the browser (and its keep-alive connections) closes before the server.
    context = browser.new_context(viewport={"width": 1366, "height": 800}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page: Any, username: str, password: str | None = None) -> None:
    """Log in through the real form; users who need two-factor authentication then type the code
    their authenticator app would show (computed from a real confirmed TOTP device, made if missing)."""
    from django.conf import settings

    from core.models import User
    from core.two_factor import role_requires_two_factor
    from tests.conftest import confirmed_totp_device, totp_code

    user = User.objects.get(username=username)
    needs_code = role_requires_two_factor(user)
    device = confirmed_totp_device(user) if needs_code else None
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    if device is not None:
        page.wait_for_url("**/accounts/two-factor/**")
        page.get_by_role("textbox", name="Code").fill(totp_code(device))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/")
