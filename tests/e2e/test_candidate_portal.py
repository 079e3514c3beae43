"""The candidate's own portal in a real browser on a 390 px phone (issue 19): ask for a link, read
it from the real SMTP server the Celery worker sent it to, sign in, see the application, see it
move after a recruiter moves it, update availability, upload a CV, withdraw consent. Screenshots
at desktop and phone width."""

from __future__ import annotations

import datetime
import re
from email import message_from_bytes
from email.message import Message

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Consent, Document
from candidates.services import consent_record
from core.models import AuditEvent
from engagement.models import StageMessage
from engagement.services.stage_messages import stage_message_send_now
from privacy.models import ErasureRequest
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.e2e.conftest import screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Notice
from vacancies.services.pipeline import application_create, application_move
from vacancies.services.vacancies import vacancy_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"(/portal/sign-in/[A-Za-z0-9_-]{43}/)")


def _text(message: Message) -> str:
    if message.is_multipart():
        return "".join(_text(part) for part in message.get_payload())  # type: ignore[union-attr]
    payload = message.get_payload(decode=True)
    return payload.decode() if isinstance(payload, bytes) else str(payload)


def _both(page, name: str) -> None:
    """The page at desktop width, then on the phone (where the test goes on)."""
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")


def test_a_candidate_signs_in_on_a_phone_sees_the_move_and_serves_themselves(
    page, live_server, celery_worker, smtp, recruiter
):
    candidate = CandidateFactory(
        owner=recruiter, first_name="Amara", last_name="Okafor", email="amara@example.test"
    )
    client = ClientFactory(owner=recruiter, team=recruiter.team, name="Harbour Care Homes")
    vacancy = vacancy_open(
        actor=recruiter,
        vacancy=VacancyFactory(
            client=client, owner=recruiter, team=recruiter.team, title="Senior Care Assistant"
        ),
    )
    application = application_create(actor=recruiter, vacancy=vacancy, candidate=candidate)
    consent_record(
        actor=recruiter,
        candidate=candidate,
        purpose="submission",
        lawful_basis="consent",
        method="phone",
        vacancy_id=vacancy.pk,
    )

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/portal/sign-in/")
    page.get_by_label("Your email address").fill("amara@example.test")
    _both(page, "portal-sign-in")
    page.get_by_role("button", name="Email me a sign-in link").click()
    expect(page.locator("#sign-in-sent")).to_contain_text("If we hold your details, we have sent a link")

    wait_for(lambda: smtp.messages)
    message = message_from_bytes(smtp.messages[0].content)
    assert smtp.messages[0].rcpt_tos == ["amara@example.test"]
    assert message["Subject"] == "Your sign-in link"
    path = LINK.search(_text(message)).group(1)

    page.goto(path)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/portal/")
    card = page.locator(f"#application-{application.pk}")
    expect(card).to_contain_text("Senior Care Assistant")
    expect(card).to_contain_text("We have your details for this role")
    _both(page, "portal-home")

    # A recruiter moves the application (the pipeline service, as the staff board does).
    application = application_move(actor=recruiter, application=application, stage="screening")
    application_move(actor=recruiter, application=application, stage="shortlisted")
    page.reload()
    expect(card).to_contain_text("You are on our shortlist for this role.")

    # The message about the move waits for the recruiter (who could edit or cancel it); sent now,
    # it reaches the candidate through the real SMTP server.
    waiting = StageMessage.objects.get(application=application, status=StageMessage.Status.WAITING)
    stage_message_send_now(actor=recruiter, message=waiting)
    wait_for(lambda: len(smtp.messages) == 2)
    assert smtp.messages[1].rcpt_tos == ["amara@example.test"]
    assert "Senior Care Assistant" in message_from_bytes(smtp.messages[1].content)["Subject"]

    # Availability: typed, saved, and there when the page is opened again.
    start = timezone.localdate() + datetime.timedelta(days=21)
    page.get_by_role("link", name="Availability").click()
    page.get_by_label("I can start from").fill(start.isoformat())
    page.get_by_label("Notice period (weeks)").fill("3")
    page.get_by_role("button", name="Save availability").click()
    expect(page.locator(".portal-saved")).to_contain_text("your availability is saved")
    page.goto("/portal/")
    expect(page.get_by_label("I can start from")).to_have_value(start.isoformat())
    expect(page.get_by_label("Notice period (weeks)")).to_have_value("3")

    # A mistake is shown next to its field, with what was typed kept.
    page.get_by_label("Your share code").fill("ABC")
    page.get_by_role("button", name="Send my share code").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.get_by_label("Your share code")).to_have_value("ABC")
    page.get_by_role("link", name="go to the message").click()
    expect(page.locator("#right-to-work .field-error")).to_contain_text("starts with W")
    _both(page, "portal-error")

    # A new CV.
    page.goto("/portal/#cv")
    page.get_by_label("Your new CV file").set_input_files(
        files=[
            {
                "name": "amara-cv.pdf",
                "mimeType": "application/pdf",
                "buffer": make_pdf("Care assistant, NVQ 3"),
            }
        ]
    )
    page.get_by_role("button", name="Upload my new CV").click()
    expect(page.locator(".portal-saved")).to_contain_text("your new CV is saved")
    expect(page.locator("#cv")).to_contain_text("amara-cv.pdf")
    assert Document.objects.get(candidate=candidate).is_current_cv

    # Withdraw the agreement to be put forward for this job.
    card.get_by_role("button", name="Withdraw my agreement").click()
    expect(page.locator(".portal-saved")).to_contain_text("we will not put you forward for this job")
    expect(card).to_contain_text("I agree: send my CV for this job")
    assert not Consent.objects.filter(
        candidate=candidate, purpose="submission", withdrawn_at__isnull=True
    ).exists()
    _both(page, "portal-after-changes")

    # The recruiter was told, and each change is in the audit trail without any value typed.
    texts = list(Notice.objects.filter(user=recruiter).values_list("text", flat=True))
    assert any("updated their availability" in t for t in texts)
    assert any("uploaded a new CV" in t for t in texts)
    assert any("withdrew consent" in t for t in texts)
    actions = set(
        AuditEvent.objects.filter(object_id=candidate.pk, object_type="candidates.candidate").values_list(
            "action", flat=True
        )
    )
    assert {
        "portal.signed_in",
        "portal.availability_updated",
        "portal.cv_uploaded",
        "portal.consent_withdrawn",
    } <= actions

    # "Erase me", from the keyboard alone: a page of its own, a box to tick, then the button.
    page.goto("/portal/")
    page.get_by_role("link", name="Ask to be erased").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/portal/erase/")
    _both(page, "portal-erase")
    page.get_by_label("Yes, I want you to erase my details").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator("#erasure-status")).to_contain_text("You asked us to erase your details")
    assert ErasureRequest.objects.get(candidate=candidate).source == "portal"

    # The link was used once: opening it again shows the link-problem page.
    page.goto(path)
    expect(page.locator("#link-problem")).to_contain_text("already been used")
