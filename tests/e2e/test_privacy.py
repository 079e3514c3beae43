"""The Privacy area in a real browser: an admin sees what is due, an overdue request in red,
places a legal hold with a reason (inline error first), and queues a dry run."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from core.models import User
from privacy.services.subject_access import sar_create
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from tests.factories.privacy import old_candidate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_works_the_privacy_area(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    ada = User.objects.get(username="ada")
    rachel = User.objects.get(username="rachel")
    due = old_candidate(owner=rachel, days=40, first_name="Imogen", last_name="Retention")
    overdue = sar_create(
        actor=ada, candidate=due, received_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    login(page, "ada")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", name="Privacy", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Imogen Retention")).to_be_visible()
    expect(page.locator(".privacy-overdue").first).to_be_visible()
    screenshot(page, "privacy-overview")

    page.get_by_role("button", name="Dry run").click()
    assert "(dry run) queued" in page.content()

    page.get_by_role("link", name="Imogen Retention").click()
    page.get_by_role("button", name="Place legal hold").click()
    assert page.locator(".field-error").inner_text() == "This field is required."
    page.get_by_label("Reason").fill("Employment tribunal claim")
    page.get_by_role("button", name="Place legal hold").click()
    expect(page.get_by_text("On legal hold")).to_be_visible()
    screenshot(page, "privacy-legal-hold")

    page.goto(f"/privacy/subject-access/{overdue.pk}/")
    page.get_by_role("button", name="Extend by two months").click()
    expect(page.locator(".field-error")).to_be_visible()
    page.get_by_label("Reason").fill("Records across three teams")
    page.get_by_role("button", name="Extend by two months").click()
    assert "Records across three teams" in page.content()
    screenshot(page, "privacy-subject-access")
