"""Sending a submission pack in a real browser (issue 18): "Send to client" on the application
page, the covering message pre-filled and edited, a preview downloaded, the pack sent (a real
Celery worker, a real SMTP server), the submission shown with the exact pack to download, and the
pack itself opened in Chromium's PDF viewer. Desktop (1440 px) and phone (390 px) screenshots."""

from __future__ import annotations

import io
import re
from email import message_from_bytes
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from candidates.models import Document
from candidates.services import document_upload
from core.models import User
from engagement.models import OutboundEmail
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.e2e.conftest import SCREENSHOTS, login, screenshot
from tests.factories.compliance import IdentityCheckFactory
from tests.factories.matching import approved_entry, submission_consent_give
from vacancies.models import Application, Submission, Vacancy

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def both_sizes(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_send_a_pack_from_the_application_page_and_download_the_pack_sent(
    page,
    live_server,
    browser,
    celery_worker,
    smtp,
    tmp_path,
):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    python = Vacancy.objects.get(title="Senior Python Developer")
    application = Application.objects.get(vacancy=python, candidate__last_name="Mensah")
    person = application.candidate
    entry = approved_entry(vacancy=python, candidate=person)
    entry.rationale = "Kwame led the move to Django 5 at his current firm and mentors two juniors."
    entry.save()
    submission_consent_give(vacancy=python, candidate=person, actor=rachel)
    # Reg 19: identity confirmed — the demo's check, recorded by Rachel, verified by compliance.
    colin = User.objects.get(username="colin")
    person.identity_checks.update(verified_by=colin, verified_at=timezone.now())
    if not person.identity_checks.exists():
        IdentityCheckFactory(candidate=person, checked_by=colin, recorded_by=colin)
    cv = document_upload(
        actor=rachel,
        candidate=person,
        upload=io.BytesIO(make_pdf("Kwame Mensah - curriculum vitae")),
        filename="kwame-cv.pdf",
    )
    Document.objects.filter(pk=cv.pk).update(text="Kwame Mensah\nPython developer, Django and Celery.")
    contact = python.contact
    assert contact is not None and contact.email

    login(page, "rachel")
    page.goto(f"/vacancies/applications/{application.pk}/")
    page.locator("#send-pack").click()
    expect(page.get_by_role("heading", name="Send to client")).to_be_visible()
    message = page.get_by_label("Covering message")
    expect(message).to_have_value(re.compile(f"^Dear {contact.first_name},\n\nI'd like to put forward"))
    expect(page.get_by_label("Subject")).to_have_value(f"{person.full_name} for {python.title}")
    expect(page.get_by_label("kwame-cv.pdf", exact=False)).to_be_checked()
    both_sizes(page, "submission-pack-form")

    # A preview, downloaded before anything is sent.
    with page.expect_download() as preview_info:
        page.locator("#pack-preview").click()
    preview = Path(preview_info.value.path()).read_bytes()
    assert "Kwame led the move to Django 5" in pdf_text(preview)
    assert not Submission.objects.filter(application=application).exists()

    note = "Kwame is the Django lead you described. Pack attached."
    message.fill(f"Dear {contact.first_name},\n\n{note}\n\nRachel")
    page.locator("#pack-send").click()
    expect(page.locator(".message-success").first).to_contain_text("Submission pack sent")
    submission = Submission.objects.get(application=application)
    row = page.locator(f"#submission-{submission.pk}")
    expect(row).to_contain_text("Download the pack sent")
    wait_for(lambda: OutboundEmail.objects.get(pk=submission.email_id).status == "sent")
    page.reload()
    expect(row.locator(".tag")).to_have_text("sent")
    row.scroll_into_view_if_needed()
    both_sizes(page, "submission-pack-sent")

    # The contact received it; the application page downloads the very same bytes.
    assert smtp.messages[0].rcpt_tos == [contact.email]
    received = message_from_bytes(smtp.messages[0].content)
    (part,) = [p for p in received.walk() if p.get_filename()]
    sent = part.get_payload(decode=True)
    assert note in received.get_payload()[0].get_payload(decode=True).decode()
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Download the pack sent").click()
    downloaded = Path(download_info.value.path()).read_bytes()
    assert downloaded == sent
    text = pdf_text(downloaded)
    assert "Kwame led the move to Django 5" in text and "Kwame Mensah - curriculum vitae" in text

    # The pack itself, as the client sees it: opened in Chromium's PDF viewer.
    pack_file = tmp_path / "pack.pdf"
    pack_file.write_bytes(downloaded)
    viewer = browser.new_context(viewport={"width": 1000, "height": 1300})
    try:
        pdf_page = viewer.new_page()
        pdf_page.goto(pack_file.as_uri())
        # Chromium's PDF viewer (headless too) runs in a frame of its own; its page box reads 1
        # once the document is drawn.
        frame = next((f for f in pdf_page.frames if f.url.startswith("chrome-extension://")), None)
        while frame is None:
            pdf_page.wait_for_event("framenavigated")
            frame = next((f for f in pdf_page.frames if f.url.startswith("chrome-extension://")), None)
        expect(frame.locator("#pageselector, input[aria-label='Page number']").first).to_have_value("1")
        SCREENSHOTS.mkdir(exist_ok=True)
        pdf_page.screenshot(path=str(SCREENSHOTS / "submission-pack-pdf.png"))
    finally:
        viewer.close()
