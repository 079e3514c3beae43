"""Log in as the demo recruiter and see the dashboard, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_recruiter_logs_in_and_sees_the_dashboard(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    page.goto("/")
    assert re.search(r"/accounts/login/", page.url)
    screenshot(page, "login")

    page.get_by_label("Username").fill("rachel")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "login-error")

    page.get_by_label("Username").fill("rachel")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.keyboard.press("Enter")  # keyboard works as well as the mouse
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Rachel")
    nav = page.get_by_role("navigation", name="Main")
    for label in ["Dashboard", "Candidates", "Clients", "Vacancies", "Compliance", "Service"]:
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    expect(page.get_by_text("Tom Whitfield")).to_be_visible()  # her team
    screenshot(page, "dashboard")

    # The user menu opens from the keyboard and logs out.
    page.locator("details.usermenu summary").focus()
    page.keyboard.press("Enter")
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def test_dashboard_reads_well_on_a_tablet(live_server, browser):
    call_command("seed_demo", quiet_logins=True)
    context = browser.new_context(viewport={"width": 820, "height": 1180}, base_url=live_server.url)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("maya")
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/")
    # No horizontal scrolling on a tablet.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "dashboard-tablet")
    context.close()
