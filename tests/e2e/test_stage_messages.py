"""Messages at every step in a real browser (issue 19): a recruiter moves an application, sees the
candidate's message waiting on the application page, edits it, sends it now and it arrives at a real
SMTP server; another waiting message is cancelled from Service → "Waiting to send". 1440/390 shots."""

from __future__ import annotations

import re
from email import message_from_bytes

import pytest
from playwright.sync_api import expect

from engagement.models import StageMessage
from tests.conftest import wait_for
from tests.e2e.conftest import login, screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.core import DEFAULT_PASSWORD
from vacancies.services.pipeline import application_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _both(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def _move(page, application_id: int, stage_label: str) -> None:
    page.goto(f"/vacancies/applications/{application_id}/")
    form = page.locator("form.inline-move")
    form.get_by_label("Move to").select_option(label=stage_label)
    form.get_by_role("button", name="Move").click()


@pytest.fixture
def vacancy(recruiter):
    from tests.factories.clients import ClientFactory, ContactFactory
    from tests.factories.vacancies import VacancyFactory
    from vacancies.services.vacancies import vacancy_open

    company = ClientFactory(owner=recruiter, team=recruiter.team, name="Northgate Engineering Ltd")
    contact = ContactFactory(client=company, first_name="Tom", last_name="Reed", email="tom@northgate.test")
    return vacancy_open(
        actor=recruiter,
        vacancy=VacancyFactory(client=company, contact=contact, owner=recruiter, team=recruiter.team),
    )


def test_move_see_edit_send_now_and_cancel_another(
    page, live_server, celery_worker, smtp, recruiter, vacancy
):
    priya = CandidateFactory(
        owner=recruiter, first_name="Priya", last_name="Shah", email="priya@example.test"
    )
    ola = CandidateFactory(owner=recruiter, first_name="Ola", last_name="Nowak", email="ola@example.test")
    first = application_create(actor=recruiter, vacancy=vacancy, candidate=priya, stage="screening")
    second = application_create(actor=recruiter, vacancy=vacancy, candidate=ola, stage="screening")
    login(page, recruiter.username, password=DEFAULT_PASSWORD)

    _move(page, first.pk, "Shortlisted")
    panel = page.locator("#stage-messages")
    expect(panel).to_contain_text(f"Good news about the {vacancy.title} role")
    expect(panel).to_contain_text("Waiting to send")
    _both(page, "stage-message-waiting-on-application")

    panel.get_by_role("link", name="Edit").click()
    page.get_by_role("textbox", name="Subject", exact=True).fill("You're on our shortlist for the role")
    page.get_by_role("textbox", name="Message", exact=True).fill(
        "Dear Priya,\n\nYou are on our shortlist. I'll call you on Monday.\n\nAlice"
    )
    _both(page, "stage-message-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(f"/vacancies/applications/{first.pk}/$"))  # back on the application
    expect(panel).to_contain_text("You're on our shortlist for the role")
    expect(panel).to_contain_text("edited")

    panel.get_by_role("button", name="Send now").click()
    expect(page.locator(".messages")).to_contain_text("Sent")
    expect(panel).to_contain_text("Sent")
    _both(page, "stage-message-sent")
    wait_for(lambda: len(smtp.messages) == 1)
    envelope = smtp.messages[0]
    mail = message_from_bytes(envelope.content)
    assert envelope.rcpt_tos == ["priya@example.test"]
    assert mail["Subject"] == "You're on our shortlist for the role"
    assert "I'll call you on Monday." in mail.get_payload(decode=True).decode()

    # Another: waiting on Service → "Waiting to send", cancelled there.
    _move(page, second.pk, "Shortlisted")
    page.goto("/service/waiting/")
    row = page.locator(f"#stage-message-{StageMessage.objects.get(application=second).pk}")
    expect(row).to_contain_text("Ola Nowak")
    _both(page, "stage-messages-waiting-page")
    row.get_by_role("button", name="Cancel").click()
    expect(page.locator("#recent-rows")).to_contain_text("Cancelled")
    _both(page, "stage-messages-cancelled")
    assert StageMessage.objects.get(application=second).status == "cancelled"
    assert len(smtp.messages) == 1  # nothing more went


def test_admin_publishes_a_new_privacy_notice_version(page, live_server, admin_user):
    from core.models import PrivacyNotice
    from core.selectors import privacy_notice_current

    PrivacyNotice.objects.get_or_create(version="2024-1", defaults={"text": "Who we are and your rights."})
    login(page, admin_user.username, password=DEFAULT_PASSWORD)
    page.goto("/settings/agency/")
    page.get_by_role("link", name="Read it or publish a new version").click()
    expect(page.locator("#pn-current-text")).to_contain_text("Who we are")
    page.get_by_role("textbox", name="Version", exact=True).fill("2024-1")
    page.get_by_role("textbox", name="Notice text").fill(
        "Version two of our notice: who we are, what we hold, your rights."
    )
    page.get_by_role("button", name="Publish this version").click()
    expect(page.locator(".field-error").first).to_contain_text("published already")
    expect(page.get_by_role("textbox", name="Notice text")).to_have_value(
        re.compile("^Version two of our notice")
    )
    page.get_by_role("textbox", name="Version", exact=True).fill("2027-1")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.locator(".messages")).to_contain_text("Version 2027-1 published")
    expect(page.locator("#pn-current-text")).to_contain_text("Version two of our notice")
    _both(page, "privacy-notice-published")
    assert privacy_notice_current().version == "2027-1"
