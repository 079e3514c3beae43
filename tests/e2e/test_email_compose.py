"""Writing an email in a real browser (issue 18): a template as a starting point, edited, previewed,
a CV attached, sent by a real Celery worker through a real SMTP server, and seen on the timeline;
a "do not contact" candidate's composer says why nothing can be sent. Desktop and 390 px shots."""

from __future__ import annotations

import datetime
import io
import re
from email import message_from_bytes

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate
from candidates.services import document_upload
from core.models import User
from engagement.models import OutboundEmail
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _both(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_compose_from_a_template_preview_attach_send_and_see_it_on_the_timeline(
    page,
    live_server,
    celery_worker,
    smtp,
):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    candidate = (
        Candidate.objects.filter(owner=rachel)
        .exclude(email="")
        .filter(status="active")
        .order_by("pk")
        .first()
    )
    # Told of the privacy notice already, so the first message is not preceded by it (art. 14).
    candidate.privacy_notice_sent_on = datetime.date.today()
    candidate.save(update_fields=["privacy_notice_sent_on"])
    cv = document_upload(
        actor=rachel,
        candidate=candidate,
        upload=io.BytesIO(make_pdf("Experienced engineer")),
        filename="cv-2026.pdf",
    )
    login(page, "rachel")
    page.goto(f"/candidates/{candidate.pk}/")
    page.get_by_role("button", name="Email", exact=True).first.click()
    dialog = page.locator("#eng-modal")
    dialog.get_by_label("Start from a template").select_option("general")
    dialog.get_by_role("button", name="Use template").click()
    body = dialog.get_by_label("Message")
    expect(body).to_have_value(re.compile(f"^Dear {candidate.first_name},"))
    dialog.get_by_label("Subject").fill("Your interview on Thursday")
    body.fill(
        f"Dear {candidate.first_name},\n\nThursday at 10:00 is confirmed. Your CV is attached.\n\nRachel"
    )
    dialog.get_by_label("cv-2026.pdf").check()
    dialog.get_by_role("button", name="Preview").click()
    preview = dialog.locator(".eng-preview")
    expect(preview).to_contain_text("Thursday at 10:00 is confirmed")
    expect(preview).to_contain_text("cv-2026.pdf")
    _both(page, "email-compose-preview")
    dialog.get_by_role("button", name="Send").click()
    expect(dialog.get_by_role("status")).to_contain_text("queued")

    email = OutboundEmail.objects.get(candidate=candidate)
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    message = message_from_bytes(smtp.messages[0].content)
    assert message["Subject"] == "Your interview on Thursday" and smtp.messages[0].rcpt_tos == [
        candidate.email
    ]
    assert [p.get_filename() for p in message.walk() if p.get_filename()] == ["cv-2026.pdf"]
    assert list(OutboundEmail.objects.get(pk=email.pk).attachments.all()) == [cv]

    dialog.get_by_role("button", name="Close").click()
    page.reload()
    timeline = page.locator(".eng-timeline")
    expect(timeline).to_contain_text("Thursday at 10:00 is confirmed")
    _both(page, "email-on-timeline")

    # The one contact rule: a "do not contact" candidate's composer says why, and sends nothing.
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    page.reload()
    page.get_by_role("button", name="Email", exact=True).first.click()
    expect(dialog.get_by_role("alert")).to_contain_text("do not contact")
    _both(page, "email-compose-refused")
    assert OutboundEmail.objects.filter(candidate=candidate).count() == 1
