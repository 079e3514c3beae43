"""Mail that comes back (issue 18): replies routed by their signed reply address to the person's
timeline and thread, drop-box copies filed, unknown senders left unmatched, bounces marking the
message and the address; the real SMTP receiver (aiosmtpd) on a free port; end to end through a real
SMTP server, a real Celery worker and the real receiver; the anymail webhooks with basic auth."""

from __future__ import annotations

import base64
import io
import json
import smtplib
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from django.urls import reverse

from candidates.models import Candidate
from candidates.services import document_upload
from engagement.models import BouncedAddress, Communication, InboundEmail, OutboundEmail
from engagement.selectors.contactability import contactability_check
from engagement.selectors.inbound import dropbox_address, inbound_address_read, reply_address
from engagement.selectors.mail_parsing import reply_text
from engagement.selectors.timeline import candidate_timeline_get
from engagement.services.emails import email_compose
from engagement.services.inbound import (
    inbound_email_discard,
    inbound_email_file,
    inbound_email_receive,
)
from tests.candidates.files import make_pdf
from tests.conftest import _free_port, wait_for
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def raw(
    *,
    sender: str,
    to: str,
    subject: str = "Re: Your interview",
    text: str = "Thursday works for me.",
    cc: str = "",
    files: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
    message_id: str = "",
) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    if cc:
        message["Cc"] = cc
    message["Subject"] = subject
    if message_id:
        message["Message-ID"] = message_id
    message.set_content(text)
    for name, data, content_type in files:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes(policy=policy.SMTP)  # CRLF line ends, as a mail program sends it


def dsn(*, to: str, failed: str, status: str = "5.1.1") -> bytes:
    """A delivery status notification (RFC 3464) as a mail server sends it back."""
    return (
        f"From: MAILER-DAEMON@mx.example.test\r\nTo: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.example.test\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: {status}\r\n\r\n"
        "--B--\r\n"
    ).encode()


@pytest.fixture
def sent(recruiter: Any, candidate: Any) -> OutboundEmail:
    email = email_compose(actor=recruiter, candidate=candidate, subject="Your interview", body="Thursday?")
    OutboundEmail.objects.filter(pk=email.pk).update(status="sent")
    email.refresh_from_db()
    return email


# --- addresses


def test_reply_and_dropbox_addresses_are_signed_and_carry_no_personal_data(sent, recruiter):
    address = reply_address(email_id=sent.pk)
    assert address.startswith(f"reply+{sent.pk}-") and address.endswith("@reply.recruitcrm.test")
    assert "priya" not in address.lower()
    assert inbound_address_read(address) == ("reply", sent.pk)
    assert inbound_address_read(
        address.upper().replace("@REPLY.RECRUITCRM.TEST", "@reply.recruitcrm.test")
    ) == (
        "reply",
        sent.pk,
    )  # a server that lower- or upper-cases the local part
    forged = address.replace(f"reply+{sent.pk}-", f"reply+{sent.pk + 1}-")
    assert inbound_address_read(forged) is None
    assert inbound_address_read(address.replace("reply.recruitcrm.test", "elsewhere.test")) is None
    assert inbound_address_read(dropbox_address(user=recruiter)) == ("dropbox", recruiter.pk)
    assert inbound_address_read(dropbox_address(user=recruiter).replace("dropbox+", "reply+")) is None


def test_the_sent_message_carries_its_reply_address(sent, mailoutbox):
    from engagement.services.emails import email_deliver

    OutboundEmail.objects.filter(pk=sent.pk).update(status="queued")
    assert email_deliver(email_id=sent.pk) == "sent"
    message = mailoutbox[0].message()
    assert message["Reply-To"] == reply_address(email_id=sent.pk)
    assert mailoutbox[0].from_email == reply_address(email_id=sent.pk)  # the envelope: bounces come back
    assert "recruitcrm@localhost" in message["From"]


# --- routing


def test_a_reply_is_filed_on_the_persons_timeline_in_its_thread(sent, candidate, recruiter):
    before = Candidate.objects.get(pk=candidate.pk).last_contacted_at
    text = (
        "Thursday works for me.\n\nOn Mon, 7 Dec 2026 at 10:00, Rachel <r@agency.test> wrote:\n> Thursday?\n"
    )
    inbound = inbound_email_receive(
        raw=raw(sender="Priya <priya@other-address.test>", to=reply_address(email_id=sent.pk), text=text)
    )
    assert (inbound.status, inbound.route, inbound.candidate, inbound.in_reply_to) == (
        "filed",
        "reply",
        candidate,
        sent,
    )
    assert inbound.team_id == candidate.team_id and inbound.body.startswith("Thursday works")
    assert "wrote:" in inbound.body and inbound.reply_text == "Thursday works for me."
    communication = inbound.communication
    assert (communication.direction, communication.kind, communication.candidate) == (
        "inbound",
        "email",
        candidate,
    )
    assert communication.summary == "Thursday works for me."
    # Mail arriving is not us contacting them (cadence and retention read last_contacted_at).
    assert Candidate.objects.get(pk=candidate.pk).last_contacted_at == before
    entries = candidate_timeline_get(user=recruiter, candidate=candidate)
    reply = next(e for e in entries if e.title.startswith("Email (inbound)"))
    assert reply.context == "Reply to: Your interview" and reply.detail == "Thursday works for me."
    assert reply.url == reverse("engagement:inbound", args=[inbound.pk])


def test_the_same_message_delivered_twice_is_received_once(sent):
    message = raw(sender="priya@example.test", to=reply_address(email_id=sent.pk), message_id="<m1@x.test>")
    first = inbound_email_receive(raw=message)
    assert inbound_email_receive(raw=message) == first
    assert (
        InboundEmail.objects.count() == 1 and Communication.objects.filter(direction="inbound").count() == 1
    )


def test_a_dropbox_copy_is_filed_on_the_one_person_it_is_with(recruiter, candidate):
    message = raw(sender="Rachel <rachel@agency.test>", to="PRIYA@example.test", subject="Coffee next week")
    inbound = inbound_email_receive(raw=message, recipients=[dropbox_address(user=recruiter)])
    assert (inbound.status, inbound.route, inbound.candidate, inbound.owner) == (
        "filed",
        "dropbox",
        candidate,
        recruiter,
    )
    assert inbound.communication.owner == recruiter


def test_a_dropbox_copy_with_nobody_known_waits_for_the_users_team(recruiter, teammate, outsider, manager):
    message = raw(sender="rachel@agency.test", to="stranger@example.test")
    inbound = inbound_email_receive(raw=message, recipients=[dropbox_address(user=recruiter)])
    assert (inbound.status, inbound.team_id, inbound.candidate) == ("unmatched", recruiter.team_id, None)
    assert InboundEmail.objects.visible_to(teammate).filter(pk=inbound.pk).exists()
    assert not InboundEmail.objects.visible_to(outsider).filter(pk=inbound.pk).exists()


def test_a_known_sender_is_filed_and_an_unknown_one_is_unmatched(recruiter, candidate, teammate, manager):
    known = inbound_email_receive(raw=raw(sender="priya@example.test", to="jobs@reply.recruitcrm.test"))
    assert (known.status, known.route, known.candidate, known.team_id) == (
        "filed",
        "sender",
        candidate,
        candidate.team_id,
    )
    unknown = inbound_email_receive(raw=raw(sender="who@nowhere.test", to="jobs@reply.recruitcrm.test"))
    assert (unknown.status, unknown.team_id) == ("unmatched", None)
    # Mail for nobody's drop-box: seen by those who triage it (managers, admins), not every recruiter.
    assert not InboundEmail.objects.visible_to(teammate).filter(pk=unknown.pk).exists()
    assert InboundEmail.objects.visible_to(manager).filter(pk=unknown.pk).exists()


def test_a_forged_reply_address_is_not_a_route(sent):
    forged = reply_address(email_id=sent.pk).replace(f"reply+{sent.pk}-", "reply+999999-")
    inbound = inbound_email_receive(raw=raw(sender="who@nowhere.test", to=forged))
    assert (inbound.status, inbound.in_reply_to) == ("unmatched", None)


def test_attachments_are_checked_like_uploads(sent):
    pdf = make_pdf("Updated CV")
    message = raw(
        sender="priya@example.test",
        to=reply_address(email_id=sent.pk),
        files=[("cv.pdf", pdf, "application/pdf"), ("page.html", b"<html><script>x</script>", "text/html")],
    )
    inbound = inbound_email_receive(raw=message)
    assert [(f.filename, f.content_type, f.size) for f in inbound.files.all()] == [
        ("cv.pdf", "application/pdf", len(pdf))
    ]
    assert "Attached: cv.pdf" in inbound.communication.summary


def test_quoted_history_is_taken_off():
    assert reply_text("Yes.\n\n-----Original Message-----\nFrom: x\nHello") == "Yes."
    assert reply_text("Fine\n> quoted\n> more") == "Fine"
    assert reply_text("> only quoted") == "> only quoted"  # nothing new: keep what came


# --- bounces


def test_a_delivery_report_marks_the_message_and_the_address(sent, candidate):
    assert inbound_email_receive(raw=dsn(to=reply_address(email_id=sent.pk), failed=candidate.email)) is None
    sent.refresh_from_db()
    assert (sent.status, sent.error) == ("bounced", "bounce 5.1.1")
    assert BouncedAddress.objects.count() == 1
    assert candidate.email not in str(list(BouncedAddress.objects.values_list("digest", flat=True)))
    answer = contactability_check(person=candidate)
    assert (answer.allowed, answer.code) == (False, "bounced")
    # A new address is a new chance.
    Candidate.objects.filter(pk=candidate.pk).update(email="priya.new@example.test")
    candidate.refresh_from_db()
    assert contactability_check(person=candidate).allowed
    assert InboundEmail.objects.count() == 0  # a report is not a message on the timeline


def test_a_delivery_report_about_no_message_of_ours_changes_nothing(candidate):
    assert (
        inbound_email_receive(raw=dsn(to="postmaster@reply.recruitcrm.test", failed=candidate.email)) is None
    )
    assert BouncedAddress.objects.count() == 0


def test_the_bounce_shows_on_the_persons_page_and_the_api_refuses(sent, candidate, client, recruiter, api_as):
    inbound_email_receive(raw=dsn(to=reply_address(email_id=sent.pk), failed=candidate.email))
    client.force_login(recruiter)
    page = client.get(reverse("engagement:timeline", args=["candidate", candidate.pk]))
    assert b"bounced" in page.content
    answer = api_as(recruiter).post(
        "/api/v1/emails/", {"candidate": candidate.pk, "subject": "Hi", "body": "Hello"}, format="json"
    )
    assert answer.status_code == 409 and answer.json()["code"] == "do_not_contact"


# --- filing by hand


def test_a_recruiter_files_or_discards_unmatched_mail(recruiter, candidate):
    message = raw(
        sender="rachel@agency.test", to="x@example.test", files=[("cv.pdf", make_pdf("x"), "application/pdf")]
    )
    inbound = inbound_email_receive(raw=message, recipients=[dropbox_address(user=recruiter)])
    filed = inbound_email_file(actor=recruiter, inbound=inbound, candidate=candidate)
    assert (filed.status, filed.candidate, filed.filed_by) == ("filed", candidate, recruiter)
    assert filed.communication.candidate == candidate
    with pytest.raises(Exception, match="already"):
        inbound_email_discard(actor=recruiter, inbound=filed)
    other = inbound_email_receive(
        raw=raw(sender="spam@x.test", to="y@example.test"), recipients=[dropbox_address(user=recruiter)]
    )
    gone = inbound_email_discard(actor=recruiter, inbound=other)
    assert (gone.status, gone.body, gone.from_email) == ("discarded", "", "")


# --- the receiver


@pytest.fixture
def receiver(transactional_db: None) -> Any:
    """The app's own SMTP receiver (manage.py mail_receiver) on a free port."""
    from engagement.management.commands.mail_receiver import receiver_start
    from tests.conftest import terminate_other_sessions

    controller = receiver_start(host="127.0.0.1", port=_free_port())
    yield controller
    controller.stop()
    terminate_other_sessions()


def smtp_send(receiver: Any, message: bytes, *, to: str, sender: str = "priya@example.test") -> None:
    with smtplib.SMTP(receiver.hostname, receiver.port, timeout=10) as server:
        server.sendmail(sender, [to], message)


@pytest.mark.django_db(transaction=True)
def test_the_receiver_takes_our_domains_mail_and_refuses_the_rest(receiver, recruiter, candidate):
    to = dropbox_address(user=recruiter)
    smtp_send(receiver, raw(sender="rachel@agency.test", to="priya@example.test"), to=to)
    inbound = InboundEmail.objects.get()
    assert (inbound.status, inbound.candidate) == ("filed", candidate)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        smtp_send(receiver, raw(sender="a@b.test", to="x@elsewhere.test"), to="x@elsewhere.test")
    assert InboundEmail.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_end_to_end_send_reply_and_see_it_on_the_timeline(
    celery_worker, smtp, receiver, recruiter, candidate
):
    cv = document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(make_pdf("CV")), filename="cv.pdf"
    )
    email = email_compose(
        actor=recruiter,
        candidate=candidate,
        subject="Interview on Thursday",
        body="Does 10:00 suit?",
        attachments=[cv],
    )
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    sent = message_from_bytes(smtp.messages[0].content)
    reply_to = sent["Reply-To"]
    assert smtp.messages[0].mail_from == reply_to  # bounces come back to the receiver too
    reply = raw(
        sender=candidate.email,
        to=reply_to,
        subject="Re: Interview on Thursday",
        text="10:00 is perfect, see you then.\n\nOn Mon, Rachel wrote:\n> Does 10:00 suit?",
    )
    smtp_send(receiver, reply, to=reply_to, sender=candidate.email)
    inbound = wait_for(lambda: InboundEmail.objects.filter(in_reply_to=email).first())
    assert inbound.status == "filed"
    entries = candidate_timeline_get(user=recruiter, candidate=candidate)
    titles = [e.title for e in entries if e.kind == "email"]
    assert titles[:2] == [
        "Email (inbound): Re: Interview on Thursday",
        "Email (outbound): Interview on Thursday",
    ]
    assert entries[0].detail == "10:00 is perfect, see you then."


# --- the anymail webhooks (hosted providers)


def _basic(secret: str = "anymail:test-webhook-secret") -> str:  # noqa: S107 - the test settings
    return "Basic " + base64.b64encode(secret.encode()).decode()


def test_the_inbound_webhook_needs_its_secret_and_files_the_reply(client, sent, candidate):
    url = reverse("anymail-webhook", args=["postmark/inbound/"])
    payload = {
        "RawEmail": raw(sender=candidate.email, to=reply_address(email_id=sent.pk)).decode(),
        "FromFull": {"Email": candidate.email},
    }
    refused = client.post(url, json.dumps(payload), content_type="application/json")
    assert refused.status_code == 400 and InboundEmail.objects.count() == 0
    wrong = client.post(
        url, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=_basic("a:b")
    )
    assert wrong.status_code == 400
    answer = client.post(
        url, json.dumps(payload), content_type="application/json", HTTP_AUTHORIZATION=_basic()
    )
    assert answer.status_code == 200
    assert InboundEmail.objects.get().in_reply_to == sent
    assert client.post(reverse("anymail-webhook", args=["nosuch/inbound/"]), {}).status_code == 404


def test_the_tracking_webhook_marks_a_bounce(client, sent, candidate):
    from engagement.selectors.inbound import inbound_token

    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "ID": 42,
        "MessageID": "00000000-0000-0000-0000-000000000000",
        "Email": candidate.email,
        "BouncedAt": "2026-12-07T10:00:00Z",
        "Metadata": {"recruitcrm_ref": inbound_token(kind="reply", pk=sent.pk)},
    }
    answer = client.post(
        reverse("anymail-webhook", args=["postmark/tracking/"]),
        json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=_basic(),
    )
    assert answer.status_code == 200
    sent.refresh_from_db()
    assert sent.status == "bounced" and contactability_check(person=candidate).code == "bounced"


@pytest.mark.parametrize("secret", [""])
def test_without_a_secret_the_webhooks_are_not_there(client, settings, secret):
    settings.ANYMAIL = {"WEBHOOK_SECRET": secret}
    answer = client.post(
        reverse("anymail-webhook", args=["postmark/inbound/"]), "{}", content_type="application/json"
    )
    assert answer.status_code == 404


def test_a_candidate_factory_person_never_matches_by_accident(recruiter):
    # Two live records with one address (a contact and a candidate): no single match, so unmatched.
    from tests.factories.clients import ClientFactory, ContactFactory

    CandidateFactory(owner=recruiter, email="shared@example.test")
    ContactFactory(client=ClientFactory(owner=recruiter, team=recruiter.team), email="shared@example.test")
    inbound = inbound_email_receive(raw=raw(sender="shared@example.test", to="jobs@reply.recruitcrm.test"))
    assert inbound.status == "unmatched"


# --- the pages


def test_the_inbox_lists_the_teams_unmatched_mail_in_a_fixed_number_of_queries(
    client, recruiter, outsider, django_assert_max_num_queries
):
    for n in range(6):
        inbound_email_receive(
            raw=raw(sender=f"s{n}@x.test", to="y@example.test", subject=f"Inboxmail {n}"),
            recipients=[dropbox_address(user=recruiter)],
        )
    client.force_login(recruiter)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("engagement:inbox"))
    assert page.content.count(b"Inboxmail") == 6 and dropbox_address(user=recruiter).encode() in page.content
    client.force_login(outsider)
    assert b"Inboxmail" not in client.get(reverse("engagement:inbox")).content


def test_filing_from_the_page_and_the_errors(client, recruiter, outsider, candidate):
    inbound = inbound_email_receive(
        raw=raw(sender="r@agency.test", to="y@example.test"), recipients=[dropbox_address(user=recruiter)]
    )
    url = reverse("engagement:inbound-file", args=[inbound.pk])
    client.force_login(outsider)
    assert client.post(url, {"candidate": candidate.pk}).status_code == 404
    client.force_login(recruiter)
    assert client.post(url, {}).status_code == 422  # neither chosen
    assert client.post(url, {"candidate": "not-a-number"}).status_code == 422
    answer = client.post(url, {"candidate": candidate.pk})
    assert answer.status_code == 302
    inbound.refresh_from_db()
    assert (inbound.status, inbound.candidate) == ("filed", candidate)
    assert client.post(url, {"candidate": candidate.pk}).status_code == 422  # already filed
    discard = client.post(reverse("engagement:inbound-discard", args=[inbound.pk]))
    assert discard.status_code == 302 and InboundEmail.objects.get(pk=inbound.pk).status == "filed"
