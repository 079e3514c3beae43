"""The kanban board in a real browser: drag a card, use the keyboard menu, and see the history."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

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
    expect(reason).to_be_visible()
    application.refresh_from_db()
    assert application.stage == "shortlisted"

    # The keyboard route: the card's Move menu (on a fresh page).
    page.reload()
    page.locator(f"#card-{application.pk} details.move-menu summary").focus()
    page.keyboard.press("Enter")
    page.locator(f"#stage-{application.pk}").select_option("screening")
    page.locator(f"#card-{application.pk} form[data-move-form] button").press("Enter")
    page.wait_for_selector(f".board-column[data-stage=screening] #card-{application.pk}")
    # Focus comes back to the moved card (the button pressed went with the old board), so the
    # keyboard user carries on from where they were.
    expect(page.locator(f".board-column[data-stage=screening] #card-{application.pk}")).to_be_focused()
    page.keyboard.press("Tab")  # on into the card's own controls (its tick box first)
    expect(page.locator(f"#card-{application.pk} input[type=checkbox]")).to_be_focused()

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
    expect(page.get_by_text("1 week check-in")).to_be_visible()
    screenshot(page, "dashboard-follow-ups")
    placed = Application.objects.get(stage="placed")
    page.goto(f"/vacancies/applications/{placed.pk}/")
    expect(page.get_by_role("heading", name="Placement")).to_be_visible()
    screenshot(page, "application-placed")
    page.goto(f"/vacancies/{placed.vacancy_id}/")
    expect(page.get_by_role("heading", name="Placements")).to_be_visible()
    screenshot(page, "vacancy-page")
    page.context.clear_cookies()
    login(page, "rachel")
    expect(page.get_by_text("Counter-offer risk").first).to_be_visible()
