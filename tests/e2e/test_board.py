"""The kanban board in a real browser: drag a card, use the keyboard menu, and see the history."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from vacancies.models import Application, Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_drag_a_card_to_the_next_stage_and_see_it_in_the_history(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    vacancy = Vacancy.objects.get(title="Senior Python Developer")
    application = Application.objects.get(vacancy=vacancy, candidate__last_name="Whitaker")
    assert application.stage == "screening"
    login(page, "rachel")
    page.goto(f"/vacancies/{vacancy.pk}/board/")
    screenshot(page, "board")

    card = page.locator(f"#card-{application.pk}")
    target = page.locator(".board-column[data-stage=shortlisted]")
    card.drag_to(target)
    page.wait_for_selector(f".board-column[data-stage=shortlisted] #card-{application.pk}")
    application.refresh_from_db()
    assert application.stage == "shortlisted"
    screenshot(page, "board-after-drag")

    # Dropping on "rejected" asks for a reason instead of guessing one.
    page.locator(f"#card-{application.pk}").drag_to(page.locator(".board-column[data-stage=rejected]"))
    screenshot(page, "board-drop-rejected")
    reason = page.locator(f"#reason-{application.pk}")
    assert reason.is_visible()
    application.refresh_from_db()
    assert application.stage == "shortlisted"

    # The keyboard route: the card's Move menu (on a fresh page).
    page.reload()
    page.locator(f"#card-{application.pk} details.move-menu summary").focus()
    page.keyboard.press("Enter")
    page.locator(f"#stage-{application.pk}").select_option("screening")
    page.locator(f"#card-{application.pk} form[data-move-form] button").press("Enter")
    page.wait_for_selector(f".board-column[data-stage=screening] #card-{application.pk}")

    page.locator(f"#card-{application.pk} .card-name").click()
    page.wait_for_url(re.compile(r"/vacancies/applications/\d+/"))
    history = page.locator("#stage-history").inner_text()
    assert "Shortlisted" in history and "Rachel Adeyemi" in history
    rows = page.locator("#stage-history tbody tr")
    assert rows.count() == 4  # sourced, screening, shortlisted (drag), screening (keyboard)
    screenshot(page, "application-history")


def test_dashboard_lists_follow_ups_and_counter_offer_risks(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    login(page, "tom")
    assert page.get_by_text("1 week check-in").is_visible()
    screenshot(page, "dashboard-follow-ups")
    placed = Application.objects.get(stage="placed")
    page.goto(f"/vacancies/applications/{placed.pk}/")
    assert page.get_by_role("heading", name="Placement").is_visible()
    screenshot(page, "application-placed")
    page.goto(f"/vacancies/{placed.vacancy_id}/")
    assert page.get_by_role("heading", name="Placements").is_visible()
    screenshot(page, "vacancy-page")
    page.context.clear_cookies()
    login(page, "rachel")
    assert page.get_by_text("Counter-offer risk").first.is_visible()
