"""Gates at introduction in a real browser (issue 17): the recruiter is told what reg 18 and reg 19
still need before a candidate goes to the client; the compliance officer records an identity check
and verifies the recruiter's own check (four eyes); then the submission goes through."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from compliance.models import IdentityCheck
from core.models import User
from tests.e2e.conftest import login, screenshot
from tests.factories.matching import approved_entry, submission_consent_give
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, Vacancy
from vacancies.services.pipeline import application_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def both_sizes(page, name: str) -> None:
    """Desktop (1440 px) and phone (390 px) screenshots of the same screen."""
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def move_to_submitted(page, application: Application) -> None:
    page.goto(f"/vacancies/applications/{application.pk}/")
    page.locator("#move-stage").select_option("submitted")
    page.locator("form.inline-move").get_by_role("button").click()


def second_user(browser, live_server, username: str):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live_server.url)
    other = context.new_page()
    other.set_default_timeout(15_000)
    login(other, username)
    return context, other


def test_recruiter_sees_the_gates_and_compliance_clears_them(page, live_server, browser):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    python = Vacancy.objects.get(title="Senior Python Developer")
    kwame = Application.objects.get(vacancy=python, candidate__last_name="Mensah")
    person = kwame.candidate
    # Kwame agreed to be put forward, and a manager approved him on the shortlist (reg 19).
    approved_entry(vacancy=python, candidate=person)
    submission_consent_give(vacancy=python, candidate=person, actor=rachel)

    # Reg 18: a draft vacancy whose hirer has not given the hours yet.
    draft = VacancyFactory(
        client=python.client, owner=rachel, team=rachel.team, title="Python Contractor", hours=""
    )
    early = application_create(actor=rachel, vacancy=draft, candidate=person, stage="shortlisted")
    approved_entry(vacancy=draft, candidate=person)
    submission_consent_give(vacancy=draft, candidate=person, actor=rachel)

    login(page, "rachel")
    move_to_submitted(page, early)
    error = page.locator(".message-error").first
    expect(error).to_contain_text("Conduct Regs reg 18")
    expect(error).to_contain_text("hours")
    both_sizes(page, "gate-reg18-refused")
    early.refresh_from_db()
    assert early.stage == "shortlisted"

    # Reg 19: Kwame's identity check was recorded by Rachel herself: it waits for compliance.
    move_to_submitted(page, kwame)
    error = page.locator(".message-error").first
    expect(error).to_contain_text("awaiting verification by a compliance officer")
    both_sizes(page, "gate-identity-awaiting")
    kwame.refresh_from_db()
    assert kwame.stage == "shortlisted"

    # The compliance officer verifies it on the vetting page …
    context, colin = second_user(browser, live_server, "colin")
    try:
        colin.goto(f"/compliance/candidates/{person.pk}/")
        identity = colin.locator("section[aria-labelledby=identity-title]")
        expect(identity).to_contain_text("Original identity document seen")
        both_sizes(colin, "four-eyes-verify-before")
        identity.get_by_role("button", name="Verify this check").click()
        expect(colin.get_by_text("Check verified.")).to_be_visible()
        expect(identity).to_contain_text("Verified by Colin")
        both_sizes(colin, "four-eyes-verified")

        # … and records an identity check for a candidate who had none.
        ibrahim = Application.objects.get(vacancy=python, candidate__last_name="Patel").candidate
        colin.goto(f"/compliance/candidates/{ibrahim.pk}/")
        colin.get_by_role("link", name="Identity check").click()
        colin.get_by_label("Digital identity service").check()
        colin.get_by_label("Checked on").fill(datetime.date.today().isoformat())
        colin.get_by_label("Notes").fill("Certified digital identity service")
        both_sizes(colin, "identity-check-form")
        colin.get_by_role("button", name="Save").click()
        expect(colin.get_by_text("Identity check recorded.")).to_be_visible()
        expect(colin.locator("section[aria-labelledby=identity-title]")).to_contain_text(
            "Digital identity service"
        )
        both_sizes(colin, "identity-check-recorded")
        check = IdentityCheck.objects.get(candidate=ibrahim)
        assert check.recorded_by.username == "colin" and check.method == "digital_identity"
    finally:
        context.close()

    # Now the submission goes through.
    move_to_submitted(page, kwame)
    expect(page.get_by_text("Moved.")).to_be_visible()
    kwame.refresh_from_db()
    assert kwame.stage == "submitted"
    both_sizes(page, "gate-submitted")
