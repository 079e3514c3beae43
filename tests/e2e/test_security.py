"""In a real browser: an admin sets up two-factor authentication from the QR page, and the main pages
run under the Content-Security-Policy without a single violation (console or
`securitypolicyviolation` event)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from core.models import User
from tests.conftest import totp_code
from tests.e2e.conftest import login, screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.core import DEFAULT_PASSWORD, TeamFactory, UserFactory
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Runs before any page script and is not subject to the page's CSP (injected by the browser driver).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber
    + ":" + e.columnNumber + " " + (e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 120) : "")
  );
});
"""


def watch(page) -> list[str]:
    problems: list[str] = []
    page.add_init_script(RECORD_VIOLATIONS)

    def on_console(message) -> None:
        text = message.text
        if "Failed to load resource" in text:
            return  # an HTTP status (a form's 400, the admin's missing favicon); CSP blocks say "Refused"
        if message.type == "error" or "Content Security Policy" in text or "Content-Security-Policy" in text:
            problems.append(f"console {message.type} on {page.url}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    return problems


def visit(page, path: str, name: str, problems: list[str]) -> None:
    response = page.goto(path)
    assert response is not None and response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # htmx loaders and Swagger UI start after load
    problems.extend(f"{path}: {v}" for v in page.evaluate("window.__cspViolations"))
    screenshot(page, name)


def test_main_pages_run_under_the_csp_without_violations(page, live_server):
    team = TeamFactory(name="Leeds Technology")
    rachel = UserFactory(username="rachel", first_name="Rachel", team=team)
    candidate = CandidateFactory(owner=rachel, first_name="Grace", last_name="Hopper", skills=["Python"])
    vacancy = VacancyFactory(client=ClientFactory(owner=rachel, name="Northgate Engineering Ltd"))
    ApplicationFactory(vacancy=vacancy, candidate=candidate)  # a card on the board (drag and drop JS)
    problems = watch(page)
    login(page, "rachel", DEFAULT_PASSWORD)

    visit(page, "/", "csp-dashboard", problems)
    visit(page, reverse("candidates:index"), "csp-candidates", problems)
    # An htmx request (the filters) must work too: no eval, no inline indicator style.
    page.get_by_label("Search candidates").fill("Grace")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Grace"))
    expect(page.get_by_role("link", name=re.compile("Grace Hopper")).first).to_be_visible()
    problems.extend(page.evaluate("window.__cspViolations"))
    visit(page, reverse("candidates:detail", args=[candidate.pk]), "csp-candidate", problems)
    visit(page, reverse("vacancies:board", args=[vacancy.pk]), "csp-board", problems)
    visit(page, reverse("api-docs"), "csp-api-docs", problems)
    # Swagger UI really started (the schema takes a while to generate on a busy machine).
    page.wait_for_selector(".swagger-ui .info .title", timeout=90_000)
    assert "RecruitCRM API" in page.locator(".swagger-ui .info .title").inner_text()
    screenshot(page, "csp-api-docs")
    problems.extend(page.evaluate("window.__cspViolations"))
    assert problems == []


def test_admin_sets_up_two_factor_from_the_qr_page_then_logs_in_with_a_code(page, live_server):
    UserFactory(username="ada", first_name="Ada", role=User.Role.ADMIN, team=None)
    problems = watch(page)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url(re.compile(r"/accounts/two-factor/setup/"))
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth > 0")  # the inline SVG really renders
    assert page.get_by_role("navigation", name="Main").count() == 0  # nothing to wander off to
    screenshot(page, "two-factor-setup")

    page.get_by_role("textbox", name="Code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    assert "That code is not right" in page.locator(".field-error").inner_text()
    screenshot(page, "two-factor-setup-wrong-code")

    page.wait_for_timeout(1100)  # django-otp's back-off after one wrong code is 1 second
    device = TOTPDevice.objects.get(user__username="ada", confirmed=False)
    page.get_by_role("textbox", name="Code").fill(totp_code(device))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Two-factor authentication is on")).to_be_visible()
    assert page.locator(".backup-codes li").count() == 10
    screenshot(page, "two-factor-backup-codes")
    page.get_by_role("link", name=re.compile("I have saved them")).click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Privacy")).to_be_visible()

    # Log out and in again: now the 6-digit code page.
    page.locator("details.usermenu summary").click()
    page.get_by_role("menuitem", name="Log out").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    login(page, "ada", DEFAULT_PASSWORD)
    visit(page, "/admin/", "csp-admin", problems)
    visit(page, reverse("privacy:index"), "csp-privacy", problems)
    assert problems == []


def test_code_page_is_what_an_unverified_admin_sees(page, live_server):
    ada = UserFactory(username="ada", role=User.Role.ADMIN, team=None)
    from tests.conftest import confirmed_totp_device

    confirmed_totp_device(ada)
    page.goto("/accounts/login/?next=/candidates/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/accounts/two-factor/\?next="))
    expect(page.get_by_role("heading", name="Enter your 6-digit code")).to_be_visible()
    screenshot(page, "two-factor-verify")
    page.goto("/admin/")
    assert "/accounts/two-factor/" in page.url
