"""Links are sent, not copied (issue 18), in a real browser with a real Celery worker and a real SMTP
server: (1) a recruiter emails a consent request from the application page and sees it on the
timeline; (2) a referee opens the link from the message the SMTP server received, answers, and the
recruiter sees the answer on the compliance page. Screenshots at 1440 and 390 px."""

from __future__ import annotations

import re
from email import message_from_bytes

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate
from core.models import User
from engagement.models import OutboundEmail
from tests.conftest import wait_for
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from tests.factories.candidates import CandidateFactory
from vacancies.models import Vacancy
from vacancies.services.pipeline import application_create

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _both(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def _body(envelope) -> str:
    return message_from_bytes(envelope.content).get_payload(decode=True).decode()


def test_a_recruiter_emails_a_consent_request_from_the_application_page(
    page, live_server, celery_worker, smtp
):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    vacancy = Vacancy.objects.filter(owner=rachel, status="open").order_by("pk").first()
    amara = CandidateFactory(owner=rachel, first_name="Amara", last_name="Okafor", email="amara@example.test")
    application = application_create(actor=rachel, vacancy=vacancy, candidate=amara)

    login(page, "rachel")
    page.goto(f"/vacancies/applications/{application.pk}/")
    page.get_by_role("button", name="Email the consent request").click()
    expect(page.get_by_text("Consent request emailed to Amara Okafor")).to_be_visible()
    expect(page.get_by_label("Consent link")).to_have_value(re.compile(r"/vacancies/consent/"))

    email = OutboundEmail.objects.get(candidate=amara, kind="consent_request")
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert smtp.messages[-1].rcpt_tos == ["amara@example.test"]
    assert (
        f"May we put you forward for {vacancy.title}?"
        in message_from_bytes(smtp.messages[-1].content)["Subject"]
    )
    page.reload()
    timeline = page.locator(".eng-timeline")
    expect(timeline).to_contain_text("May we put you forward")
    expect(timeline).to_contain_text("signed link: sent to them, not kept here")
    _both(page, "links-consent-request-sent")

    # The one contact rule: a "do not contact" candidate is not written to, and the page says why.
    Candidate.objects.filter(pk=amara.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    page.get_by_role("button", name="Email the consent request").click()
    expect(page.locator(".message-error")).to_contain_text("do not contact")
    expect(timeline).to_contain_text("May we put you forward")
    _both(page, "links-consent-request-refused")
    assert OutboundEmail.objects.filter(candidate=amara).count() == 1


def test_a_referee_answers_the_emailed_form_and_the_recruiter_sees_it(
    page, live_server, celery_worker, smtp, settings
):
    settings.SITE_URL = live_server.url  # the emailed link points at this server
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    candidate = CandidateFactory(
        owner=rachel, first_name="Tomasz", last_name="Nowak", email="tn@example.test"
    )

    login(page, "rachel")
    page.goto(f"/compliance/candidates/{candidate.pk}/")
    page.get_by_role("link", name="Request a reference").first.click()
    page.get_by_label("Referee name").fill("Grace Hopper")
    page.get_by_label("Referee email").fill("grace@harbour.test")
    page.get_by_label("Relationship").fill("Line manager")
    page.get_by_label("Organisation").fill("Harbour Care Ltd")
    _both(page, "links-reference-request-form")
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_text("Reference request emailed to Grace Hopper")).to_be_visible()
    rows = page.locator(".links-ref-requests tbody tr")
    expect(rows.first).to_contain_text("Sent, waiting for the referee")

    wait_for(lambda: any(m.rcpt_tos == ["grace@harbour.test"] for m in smtp.messages))
    message = next(m for m in smtp.messages if m.rcpt_tos == ["grace@harbour.test"])
    link = re.search(r"https?://\S+/compliance/reference/[\w-]+/", _body(message)).group(0)

    # The referee: no account, a fresh browser context.
    referee = page.context.browser.new_context(base_url=live_server.url)
    form = referee.new_page()
    form.goto(link)
    expect(form.get_by_role("heading", name="A reference for Tomasz Nowak")).to_be_visible()
    form.get_by_label("Worked with you from").fill("2021-03-01")
    form.get_by_label("Until", exact=True).fill("2024-05-31")
    form.get_by_label("Their role").fill("Senior care assistant")
    form.get_by_label("Yes").check()
    form.get_by_label("Anything you would like to add").fill("Reliable, kind and always on time.")
    form.get_by_label("The agency may show this reference to its client").check()
    form.get_by_role("button", name="Send the reference").click()
    expect(form.get_by_role("alert").or_(form.locator(".field-error")).first).to_contain_text(
        "Confirm that you are the referee"
    )
    _both(form, "links-reference-form-error")
    form.get_by_label("I confirm I am the referee").check()
    form.get_by_role("button", name="Send the reference").click()
    expect(form.locator("#reference-done")).to_contain_text("Your reference has been recorded")
    _both(form, "links-reference-form-done")
    form.goto(link)  # single use
    expect(form.locator("#link-problem")).to_contain_text("already been used")
    referee.close()

    page.reload()
    expect(rows.first).to_contain_text("Answered")
    expect(rows.first).to_contain_text("Reliable, kind and always on time.")
    expect(page.locator("#refs-title ~ .table-scroll").first).to_contain_text("Grace Hopper")
    _both(page, "links-reference-answered")
