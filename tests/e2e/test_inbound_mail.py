"""Replies come back, in a real browser (issue 18): a recruiter writes an email with an attachment
from a candidate's page, a real Celery worker sends it through a real SMTP server, the candidate's
reply to its Reply-To arrives through the app's own SMTP receiver and shows on the timeline under
the thread; mail nobody could be matched to is filed from the unmatched inbox with the picker.
Desktop (1440) and phone (390) shots."""

from __future__ import annotations

import io
from email import message_from_bytes

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate
from candidates.services import document_upload
from core.models import User
from engagement.models import InboundEmail, OutboundEmail
from engagement.selectors.inbound import dropbox_address
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from tests.engagement.test_inbound import raw, receiver, smtp_send  # noqa: F401  (the receiver fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def both_sizes(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-phone")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_write_with_an_attachment_and_see_the_reply_arrive(
    page,
    live_server,
    celery_worker,
    smtp,
    receiver,  # noqa: F811
):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    candidate = (
        Candidate.objects.filter(owner=rachel, status="active").exclude(email="").order_by("pk").first()
    )
    document_upload(
        actor=rachel, candidate=candidate, upload=io.BytesIO(make_pdf("Engineer")), filename="cv-2026.pdf"
    )
    login(page, "rachel")
    page.goto(f"/candidates/{candidate.pk}/")
    page.get_by_role("button", name="Email", exact=True).first.click()
    dialog = page.locator("#eng-modal")
    dialog.get_by_label("Subject").fill("Interview on Thursday")
    dialog.get_by_label("Message").fill(
        f"Dear {candidate.first_name},\n\nDoes 10:00 suit? CV attached.\n\nRachel"
    )
    dialog.get_by_label("cv-2026.pdf").check()
    dialog.get_by_role("button", name="Send").click()
    expect(dialog.get_by_role("status")).to_contain_text("queued")
    email = OutboundEmail.objects.get(candidate=candidate, subject="Interview on Thursday")
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    dialog.get_by_role("button", name="Close").click()
    page.reload()
    timeline = page.locator(".eng-timeline")
    expect(timeline).to_contain_text("Email (outbound): Interview on Thursday")
    expect(timeline).to_contain_text("Attached: cv-2026.pdf")

    # The candidate answers from their mail program: to the Reply-To the message carried.
    sent = message_from_bytes(smtp.messages[-1].content)
    reply_to = sent["Reply-To"]
    assert reply_to.startswith("reply+") and candidate.email not in reply_to
    smtp_send(
        receiver,
        raw(
            sender=candidate.email,
            to=reply_to,
            subject="Re: Interview on Thursday",
            text="10:00 is perfect, see you then.\n\nOn Mon, Rachel wrote:\n> Does 10:00 suit?",
        ),
        to=reply_to,
        sender=candidate.email,
    )
    wait_for(lambda: InboundEmail.objects.filter(in_reply_to=email).exists())
    page.reload()
    reply = timeline.locator(".eng-tl-item").filter(has_text="Email (inbound)").first
    expect(reply).to_contain_text("Re: Interview on Thursday")
    expect(reply).to_contain_text("Reply to: Interview on Thursday")
    expect(reply).to_contain_text("10:00 is perfect, see you then.")
    expect(reply).not_to_contain_text("Does 10:00 suit?")  # the quoted history is taken off
    both_sizes(page, "inbound-reply-on-timeline")

    # The whole message, from the timeline.
    reply.get_by_role("link", name="Reply to: Interview on Thursday").click()
    expect(page.get_by_role("heading", name="Re: Interview on Thursday")).to_be_visible()
    expect(page.locator(".inb-body")).to_contain_text("Does 10:00 suit?")
    both_sizes(page, "inbound-message")


def test_unmatched_mail_is_filed_from_the_inbox(page, live_server, receiver):  # noqa: F811
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    candidate = Candidate.objects.filter(owner=rachel, status="active").order_by("pk").first()
    # Rachel copied her drop-box into mail to someone whose new address we do not have yet.
    smtp_send(
        receiver,
        raw(
            sender="rachel@agency.test",
            to="new.address@example.test",
            subject="Following up on our call",
            text="Lovely to speak today. I'll send the details over.",
            files=[("notes.pdf", make_pdf("Call notes"), "application/pdf")],
        ),
        to=dropbox_address(user=rachel),
    )
    inbound = wait_for(lambda: InboundEmail.objects.filter(subject="Following up on our call").first())
    assert inbound.status == "unmatched"
    login(page, "rachel")
    page.goto("/service/inbox/")
    expect(page.locator(".inb-address")).to_contain_text("dropbox+")
    both_sizes(page, "inbound-inbox")
    page.get_by_role("link", name="Following up on our call").click()
    expect(page.get_by_role("link", name="notes.pdf")).to_be_visible()
    picker = page.get_by_role("combobox", name="Candidate")
    picker.press_sequentially(candidate.last_name, delay=30)
    page.get_by_role("listbox").get_by_role("option", name=str(candidate)).first.click()
    expect(page.locator("input[type=hidden][name=candidate]")).to_have_value(str(candidate.pk))
    both_sizes(page, "inbound-file")
    page.get_by_role("button", name="File on their timeline").click()
    expect(page.get_by_text("Filed on their timeline.")).to_be_visible()
    inbound.refresh_from_db()
    assert (inbound.status, inbound.candidate_id) == ("filed", candidate.pk)
    page.goto(f"/candidates/{candidate.pk}/")
    expect(page.locator(".eng-timeline")).to_contain_text("Lovely to speak today.")
