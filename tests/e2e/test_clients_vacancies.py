"""Clients and vacancies in a real browser: the pages a recruiter uses, and the reg 18 gate."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from clients.models import Client
from tests.e2e.conftest import login as login_as
from tests.e2e.conftest import screenshot
from vacancies.models import Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, username: str) -> None:
    # The shared helper: admins and compliance officers also enter their two-factor code.
    login_as(page, username)


def test_recruiter_browses_clients_and_opens_a_vacancy(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    login(page, "rachel")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Clients").click()
    expect(page.get_by_role("link", name="Northgate Engineering Ltd")).to_be_visible()
    expect(page.get_by_role("link", name="Project Kestrel Holdings")).to_be_visible()  # named on it
    assert page.get_by_role("link", name="Thameside Capital").count() == 0  # another team
    screenshot(page, "clients-list")

    page.get_by_label("Search").fill("north")
    page.wait_for_function("() => !document.body.innerText.includes('Brightwater')")
    screenshot(page, "clients-search")

    page.get_by_role("link", name="Northgate Engineering Ltd").click()
    expect(page.get_by_role("heading", name="Contacts")).to_be_visible()
    expect(page.get_by_text("Helen Marsh")).to_be_visible()
    screenshot(page, "client-page")

    graduate = Vacancy.objects.get(title="Graduate Developer")
    page.goto(f"/vacancies/{graduate.pk}/")
    expect(page.locator("mark.il-phrase").first).to_be_visible()
    page.get_by_role("button", name="Open vacancy").click()
    assert (
        page.get_by_text("Conduct Regs reg 18: record start date").first.is_visible()
        or page.get_by_text("Conduct Regs reg 18: record").first.is_visible()
    )
    screenshot(page, "vacancy-reg18-refused")

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert page.locator(".field-invalid").count() >= 3
    screenshot(page, "vacancy-form-reg18-errors")


def test_unnamed_teammate_does_not_see_the_confidential_client(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    login(page, "tom")
    page.goto("/clients/")
    assert page.get_by_role("link", name="Project Kestrel Holdings").count() == 0
    kestrel = Client.objects.get(name="Project Kestrel Holdings")
    response = page.goto(f"/clients/{kestrel.pk}/")
    assert response.status == 404
    page.goto("/vacancies/")
    assert page.get_by_role("link", name="Head of Payments").count() == 0
    screenshot(page, "vacancies-list-teammate")
