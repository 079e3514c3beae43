"""Interviews invite people, in a real browser (issue 18): the recruiter books an interview on the
application page; a real Celery worker sends the invitations through a real SMTP server; the
interview is on the week view; the candidate opens the link from the message they received and
confirms; the recruiter sees "Confirmed". Screenshots at 1440 and 390 px."""

from __future__ import annotations

import datetime
import re
from email import message_from_bytes

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from core.models import User
from engagement.models import OutboundEmail
from tests.conftest import wait_for
from tests.e2e.conftest import login, screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.pipeline import ApplicationFactory, submit_application
from vacancies.models import Interview, Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def both_sizes(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def _confirm_path(smtp, address: str) -> str:
    for envelope in smtp.messages:
        if address in envelope.rcpt_tos:
            message = message_from_bytes(envelope.content)
            for part in message.walk():
                if part.get_content_type() == "text/plain" and not part.get_filename():
                    text = part.get_payload(decode=True).decode()
                    return re.search(r"https?://[^/\s]+(/service/interview/\S+/)", text).group(1)
    raise AssertionError(f"no invitation to {address}")


def test_book_see_it_on_the_week_and_the_candidate_confirms(page, live_server, browser, celery_worker, smtp):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    vacancy = (
        Vacancy.objects.filter(owner=rachel, status="open", contact__isnull=False).order_by("pk").first()
    )
    candidate = CandidateFactory(
        owner=rachel, first_name="Imani", last_name="Okafor", email="imani.okafor@example.test"
    )
    application = submit_application(ApplicationFactory(vacancy=vacancy, candidate=candidate), rachel)
    day = timezone.localdate() + datetime.timedelta(days=3)

    login(page, "rachel")
    page.goto(f"/vacancies/applications/{application.pk}/")
    page.get_by_text("Book an interview").click()
    form = page.locator(f"form[action='/vacancies/applications/{application.pk}/interviews/']")
    form.get_by_label("When").fill(f"{day.isoformat()}T10:30")
    form.get_by_label("Length (minutes)").fill("45")
    form.get_by_label("Kind").select_option("video")
    form.get_by_label("Interviewers (names)").fill("Sam Patel, Head of Data")
    form.get_by_label("Interviewers' emails").fill("sam.patel@client.example.test")
    form.get_by_label("Video link").fill("https://meet.example.test/imani")
    form.get_by_role("button", name="Book").click()
    expect(page.locator(".message-success").first).to_contain_text("Interview booked")
    expect(page.get_by_text("Invitations sent.")).to_be_visible()
    interview = Interview.objects.get(application=application)
    card = page.locator(f"#interview-{interview.pk}")
    expect(card).to_contain_text("Not yet confirmed")
    expect(card.get_by_role("link", name="Calendar file (.ics)")).to_be_visible()
    both_sizes(page, "interview-booked")

    # The worker sends the three invitations through the SMTP server.
    mine = OutboundEmail.objects.filter(kind="interview_invite", vacancy=vacancy, status="sent")
    wait_for(lambda: mine.count() == 3, 30)
    recipients = {address for envelope in smtp.messages for address in envelope.rcpt_tos}
    assert {candidate.email, vacancy.contact.email, "sam.patel@client.example.test"} <= recipients

    # The week view, from the main navigation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Interviews").click()
    expect(page.get_by_role("heading", name="Interviews", exact=True)).to_be_visible()
    if day - datetime.timedelta(days=day.weekday()) != timezone.localdate() - datetime.timedelta(
        days=timezone.localdate().weekday()
    ):
        page.get_by_role("link", name="Next week →").click()
    item = page.locator(f"#week-interview-{interview.pk}")
    expect(item).to_contain_text("10:30")
    expect(item).to_contain_text("Imani Okafor")
    expect(item).to_contain_text("Not yet confirmed")
    both_sizes(page, "interview-week")

    # The candidate opens the link in the message they received (no account) and confirms.
    path = _confirm_path(smtp, candidate.email)
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    candidate_page = context.new_page()
    candidate_page.goto(path)
    expect(candidate_page.get_by_role("heading", name="Your interview")).to_be_visible()
    expect(candidate_page.locator(".interview-facts")).to_contain_text("10:30 to 11:15")
    both_sizes(candidate_page, "interview-confirm")
    candidate_page.get_by_role("button", name="Confirm you will attend").click()
    expect(candidate_page.get_by_role("heading", name="Thank you: you are confirmed")).to_be_visible()
    context.close()

    page.reload()
    expect(page.locator(f"#week-interview-{interview.pk}")).to_contain_text("Confirmed")
    expect(page.locator(f"#week-interview-{interview.pk} .tag-attendance-confirmed")).to_be_visible()
    page.goto(f"/vacancies/applications/{application.pk}/")
    expect(page.locator(f"#interview-{interview.pk} .tag-attendance-confirmed")).to_have_text("Confirmed")
    both_sizes(page, "interview-confirmed")

    # Rescheduled: the invitees get the update, and the candidate is asked to confirm again.
    card = page.locator(f"#interview-{interview.pk}")
    card.get_by_text("Reschedule or change").click()
    change = card.locator("form[action$='/change/']")
    change.get_by_label("When").fill(f"{day.isoformat()}T14:00")
    change.get_by_role("button", name="Save and send the update").click()
    expect(page.get_by_text("Updated invitations sent.")).to_be_visible()
    expect(page.locator(f"#interview-{interview.pk}")).to_contain_text("14:00")
    expect(page.locator(f"#interview-{interview.pk} .tag-attendance-not-yet-confirmed")).to_be_visible()
    wait_for(lambda: mine.count() == 6, 30)
    interview.refresh_from_db()
    assert interview.sequence == 1
