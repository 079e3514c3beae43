"""The Privacy area in a real browser: an admin sees what is due, an overdue request in red,
places a legal hold with a reason (inline error first), and queues a dry run."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.models import User
from privacy import services
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from tests.factories.privacy import old_candidate

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_admin_works_the_privacy_area(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    ada = User.objects.get(username="ada")
    rachel = User.objects.get(username="rachel")
    due = old_candidate(owner=rachel, days=40, first_name="Imogen", last_name="Retention")
    overdue = services.sar_create(
        actor=ada, candidate=due, received_on=timezone.localdate() - datetime.timedelta(days=40)
    )
    login(page, "ada")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Privacy").click()
    assert page.get_by_role("heading", name="Privacy", level=1).is_visible()
    assert page.get_by_role("link", name="Imogen Retention").is_visible()
    assert page.locator(".privacy-overdue").first.is_visible()
    screenshot(page, "privacy-overview")

    page.get_by_role("button", name="Dry run").click()
    assert "(dry run) queued" in page.content()

    page.get_by_role("link", name="Imogen Retention").click()
    page.get_by_role("button", name="Place legal hold").click()
    assert page.locator(".field-error").inner_text() == "This field is required."
    page.get_by_label("Reason").fill("Employment tribunal claim")
    page.get_by_role("button", name="Place legal hold").click()
    assert page.get_by_text("On legal hold").is_visible()
    screenshot(page, "privacy-legal-hold")

    page.goto(f"/privacy/subject-access/{overdue.pk}/")
    page.get_by_role("button", name="Extend by two months").click()
    assert page.locator(".field-error").is_visible()
    page.get_by_label("Reason").fill("Records across three teams")
    page.get_by_role("button", name="Extend by two months").click()
    assert "Records across three teams" in page.content()
    screenshot(page, "privacy-subject-access")
