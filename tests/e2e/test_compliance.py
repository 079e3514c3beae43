"""The placement gate in a real browser: refused for a missing right-to-work check, the check is
recorded through the guided form, and the placement goes through."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from compliance.models import RightToWorkCheck
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from vacancies.models import Application, Placement

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def place(page, start: str) -> None:
    page.locator("#id_placement-start_on").fill(start)
    page.locator("#id_placement-salary").fill("62000")
    page.locator("#id_placement-fee").fill("9300")
    page.get_by_role("button", name="Place candidate").click()


def test_placement_is_refused_until_right_to_work_is_recorded_and_verified(page, live_server, browser):
    call_command("seed_demo", quiet_logins=True)
    application = Application.objects.get(candidate__last_name="Okonkwo", stage="offer")
    assert not RightToWorkCheck.objects.filter(candidate=application.candidate).exists()
    start = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    login(page, "rachel")
    page.goto(f"/vacancies/applications/{application.pk}/")
    panel = page.locator(f"#compliance-panel-{application.candidate_id}")
    panel.wait_for()
    assert "Not cleared for this vacancy" in panel.inner_text()
    screenshot(page, "compliance-application-not-cleared")

    place(page, start)
    page.wait_for_selector(".alert-error")
    error = page.locator(".alert-error").inner_text()
    assert "Checks are not complete for this placement." in error and "Right to work" in error
    screenshot(page, "compliance-placement-refused")
    assert not Placement.objects.filter(application=application).exists()

    page.goto(f"/vacancies/applications/{application.pk}/")
    page.get_by_role("link", name="Record a right-to-work check").click()
    page.get_by_label("A valid British or Irish passport").check()
    screenshot(page, "compliance-rtw-step-1")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Manual document check").check()
    page.get_by_label("Document list").select_option("list_a")
    page.get_by_label("Document seen").fill("UK passport")
    page.get_by_label("Checked on").fill(datetime.date.today().isoformat())
    page.get_by_label("Outcome").select_option("pass")
    screenshot(page, "compliance-rtw-step-2")
    page.get_by_role("button", name="Record the check").click()
    page.wait_for_url(f"**/vacancies/applications/{application.pk}/")
    assert "Right-to-work check recorded." in page.content()
    # Four eyes: Rachel owns the application and recorded the check herself, so it counts only once
    # a compliance officer has verified it; the gate says so.
    panel = page.locator(f"#compliance-panel-{application.candidate_id}")
    expect(panel).to_contain_text("awaiting verification")
    place(page, start)
    expect(page.locator(".alert-error")).to_contain_text("Right to work (awaiting verification)")
    screenshot(page, "compliance-placement-awaiting-verification")
    assert not Placement.objects.filter(application=application).exists()

    context = browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live_server.url)
    try:
        colin = context.new_page()
        login(colin, "colin")
        colin.goto(f"/compliance/candidates/{application.candidate_id}/")
        rtw = colin.locator("section[aria-labelledby=rtw-title]")
        rtw.get_by_role("button", name="Verify this check").click()
        expect(colin.get_by_text("Check verified.")).to_be_visible()
        expect(rtw).to_contain_text("Verified by Colin")
        screenshot(colin, "compliance-rtw-verified")
    finally:
        context.close()

    page.goto(f"/vacancies/applications/{application.pk}/")
    page.locator(f"#compliance-panel-{application.candidate_id}").wait_for()
    expect(page.locator(f"#compliance-panel-{application.candidate_id}")).to_contain_text(
        "Cleared for this vacancy"
    )
    screenshot(page, "compliance-application-cleared")

    place(page, start)
    page.wait_for_selector("text=Placed. Follow-ups are on your dashboard.")
    assert Placement.objects.filter(application=application).exists()
    screenshot(page, "compliance-placed")

    page.goto(f"/compliance/candidates/{application.candidate_id}/")
    screenshot(page, "compliance-vetting-page")
    page.goto(f"/vacancies/{application.vacancy_id}/board/")
    assert page.locator(".card-checks").count() > 0
    screenshot(page, "compliance-board-cards")
    page.goto("/compliance/")
    screenshot(page, "compliance-due")
