"""Composed email (issue 18): the one contact rule, queued → sent by a real Celery worker through a real
SMTP server (aiosmtpd), retried on a temporary failure, bounced on a permanent one, the API's 202/409."""

from __future__ import annotations

import io
from email import message_from_bytes
from typing import Any

import pytest
from django.utils import timezone

from candidates.models import Candidate
from candidates.services import consent_record, consent_withdraw, document_upload
from engagement.models import Communication, OutboundEmail
from engagement.selectors.contactability import NotContactable, contactability_check
from engagement.services.communications import email_send
from engagement.services.emails import EmailRefused, email_compose, email_deliver
from privacy.services.suppression_list import suppression_add
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.factories.candidates import CandidateFactory


def _cv(recruiter: Any, candidate: Any, name: str = "priya-cv.pdf") -> Any:
    return document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(make_pdf("Priya Shah CV")), filename=name
    )


# --- the one rule


def _set(candidate: Any, **fields: Any) -> Any:
    Candidate.objects.filter(pk=candidate.pk).update(**fields)
    candidate.refresh_from_db()
    return candidate


def test_the_rule_gives_a_code_and_a_plain_reason_for_each_kind_of_no(recruiter, candidate, contact):
    assert contactability_check(person=candidate).allowed
    assert contactability_check(person=contact).allowed
    cases = {}
    dnc = CandidateFactory(owner=recruiter, email="a@example.test", status=Candidate.Status.DO_NOT_CONTACT)
    cases["do_not_contact"] = dnc
    withdrawn = CandidateFactory(owner=recruiter, email="b@example.test")
    for consent in withdrawn.consents.filter(purpose="processing"):
        consent_withdraw(actor=recruiter, consent=consent)
    _set(withdrawn, status=Candidate.Status.ACTIVE)  # withdrawn under legitimate interests: status kept
    cases["consent_withdrawn"] = withdrawn
    cases["restricted"] = _set(
        CandidateFactory(owner=recruiter, email="c@example.test"), restricted_at=timezone.now()
    )
    cases["anonymised"] = _set(
        CandidateFactory(owner=recruiter, email="d@example.test"), anonymised_at=timezone.now()
    )
    suppression_add(email="e@example.test", phone="")
    cases["suppressed"] = CandidateFactory.build(owner=recruiter, team=recruiter.team, email="e@example.test")
    cases["no_email"] = CandidateFactory(owner=recruiter, email="")
    for code, person in cases.items():
        answer = contactability_check(person=person)
        assert (answer.allowed, answer.code) == (False, code)
        assert answer.reason.endswith(".") and len(answer.reason) > 20
    suppression_add(email=contact.email, phone="")
    assert contactability_check(person=contact).code == "suppressed"


def test_every_sender_asks_the_rule(
    recruiter, candidate, contact, vacancy, application, mailoutbox, monkeypatch
):
    """Walks every place that mails a person and fails if one goes out to someone the rule refuses."""
    from engagement.models import FeedbackRequest
    from engagement.services.complaints import complaint_create, complaint_follow_up
    from engagement.services.feedback import feedback_request_send
    from privacy.services import retention_notices

    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    candidate.refresh_from_db()
    suppression_add(email=contact.email, phone="")
    # composed mail
    for person in ({"candidate": candidate}, {"contact": contact}):
        with pytest.raises(NotContactable):
            email_compose(actor=recruiter, subject="Hello", body="Hi", **person)
    # templates
    with pytest.raises(NotContactable):
        email_send(actor=recruiter, template_code="general", candidate=candidate)
    # surveys, to both respondents
    for respondent in FeedbackRequest.Respondent.values:
        assert (
            feedback_request_send(application=application, stage="interview", respondent=respondent) is None
        )
    # complaint follow-ups
    complaint = complaint_create(
        actor=recruiter,
        complainant_type="candidate",
        candidate=candidate,
        channel="email",
        category="service",
        severity="low",
        description="Slow replies",
    )
    with pytest.raises(NotContactable):
        complaint_follow_up(actor=recruiter, complaint=complaint, summary="We looked into it.")
    # consent requests and client review links (vacancies, through core.outbound)
    from vacancies.models import Shortlist
    from vacancies.services.consents import consent_request_send
    from vacancies.services.refusals import PipelineRefused
    from vacancies.services.shortlists import shortlist_share_send

    with pytest.raises(PipelineRefused):
        consent_request_send(actor=recruiter, application=application)
    shortlist = Shortlist.objects.create(
        vacancy=vacancy, owner=recruiter, team=vacancy.team, status="approved"
    )
    with pytest.raises(PipelineRefused):
        shortlist_share_send(actor=recruiter, shortlist=shortlist)
    # "keep my data?" notices: the candidate is due, the rule says no
    monkeypatch.setattr(
        retention_notices, "candidate_due_list", lambda on: Candidate.objects.filter(pk=candidate.pk)
    )
    assert retention_notices.retention_notices_send()["candidates"] == 0
    assert mailoutbox == [] or all(
        candidate.email not in m.to and contact.email not in m.to for m in mailoutbox
    )
    assert not OutboundEmail.objects.exists()


def test_every_module_that_sends_mail_is_known_to_ask_the_rule():
    """A new place that sends mail must be added here, after it asks the rule (or mails only staff)."""
    import pathlib
    import re

    root = pathlib.Path(__file__).resolve().parents[2]
    # Everything about a person goes through email_queue (engagement/services/emails.py): templates,
    # surveys, complaint follow-ups, "keep my data?", consent requests, review links and reference
    # requests (vacancies and compliance through core.outbound) no longer send mail themselves.
    asks = {
        "engagement/services/emails.py",  # email_queue and email_deliver: the rule, twice
        "privacy/services/retention_notices.py",  # candidates: email_queue; owners (staff) by send_mail
    }
    staff_only = {"engagement/services/digest.py", "vacancies/services/notices.py"}
    pattern = re.compile(r"\bsend_mail\(|EmailMessage\(|EmailMultiAlternatives\(|send_mass_mail\(|\.send\(\)")
    senders = set()
    for path in root.glob("*/**/*.py"):
        rel = path.relative_to(root).as_posix()
        if rel.startswith((".venv", "tests/", "bench/")) or "/migrations/" in rel:
            continue
        if pattern.search(path.read_text()):
            senders.add(rel)
    assert senders == asks | staff_only, (
        "a new place sends mail: make it ask engagement.selectors.contactability"
    )
    for rel in asks:
        assert "contactability" in (root / rel).read_text()


# --- queued, then sent by a real worker through a real SMTP server


@pytest.mark.django_db(transaction=True)
def test_composed_email_is_queued_then_sent_by_the_worker_with_its_attachment(
    celery_worker, smtp, recruiter, candidate
):
    cv = _cv(recruiter, candidate)
    email = email_compose(
        actor=recruiter,
        candidate=candidate,
        subject="Your interview",
        body="Hi Priya,\n\nSee attached.",
        attachments=[cv],
    )
    assert email.status == "queued"
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    email.refresh_from_db()
    assert len(smtp.messages) == 1 and smtp.messages[0].rcpt_tos == ["priya@example.test"]
    message = message_from_bytes(smtp.messages[0].content)
    assert message["Subject"] == "Your interview"
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert parts["priya-cv.pdf"].get_payload(decode=True).startswith(b"%PDF")
    communication = email.communication
    assert communication.kind == Communication.Kind.EMAIL and "See attached." in communication.summary
    assert "priya-cv.pdf" in communication.summary
    candidate.refresh_from_db()
    assert candidate.last_contacted_at == email.sent_at


@pytest.mark.django_db(transaction=True)
def test_a_temporary_smtp_failure_is_retried_and_a_permanent_one_bounces(
    celery_worker, smtp, recruiter, candidate
):
    smtp.refuse = ["451 4.3.0 Try again later"]
    email = email_compose(actor=recruiter, candidate=candidate, subject="Hello", body="Hi")
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert OutboundEmail.objects.get(pk=email.pk).attempts == 2 and len(smtp.messages) == 1
    gone = CandidateFactory(owner=recruiter, email="bounce@example.test")
    bounced = email_compose(actor=recruiter, candidate=gone, subject="Hello", body="Hi")
    wait_for(lambda: OutboundEmail.objects.get(pk=bounced.pk).status == "bounced")
    bounced.refresh_from_db()
    assert bounced.error == "smtp_550" and bounced.communication is None
    gone.refresh_from_db()
    assert gone.last_contacted_at is None


def test_a_person_who_says_stop_after_queueing_is_not_written_to(
    recruiter, candidate, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        email = email_compose(actor=recruiter, candidate=candidate, subject="Hello", body="Hi")
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    assert email_deliver(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert (email.status, email.error, mailoutbox) == ("failed", "do_not_contact", [])
    assert email_deliver(email_id=email.pk) == "failed"  # idempotent


def test_a_cv_to_a_client_contact_needs_a_live_submission_consent(
    recruiter, candidate, contact, vacancy, django_capture_on_commit_callbacks
):
    cv = _cv(recruiter, candidate)
    with pytest.raises(EmailRefused) as refused:
        email_compose(
            actor=recruiter, contact=contact, vacancy=vacancy, subject="CV", body="Attached", attachments=[cv]
        )
    assert refused.value.api_code == "no_consent"
    with pytest.raises(EmailRefused):  # no vacancy: nothing says which consent would cover it
        email_compose(actor=recruiter, contact=contact, subject="CV", body="Attached", attachments=[cv])
    consent_record(
        actor=recruiter,
        candidate=candidate,
        purpose="submission",
        lawful_basis="consent",
        vacancy_id=vacancy.pk,
        method="phone",
    )
    with django_capture_on_commit_callbacks(execute=False):
        email = email_compose(
            actor=recruiter, contact=contact, vacancy=vacancy, subject="CV", body="Attached", attachments=[cv]
        )
    assert list(email.attachments.all()) == [cv]
    other = CandidateFactory(owner=recruiter, email="x@example.test")
    with pytest.raises(Exception, match="own documents"):
        email_compose(actor=recruiter, candidate=other, subject="CV", body="x", attachments=[cv])


# --- API


def test_api_emails_202_then_get_and_409s(
    api_as, recruiter, outsider, candidate, contact, vacancy, mailoutbox, django_capture_on_commit_callbacks
):
    api = api_as(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/emails/",
            {"candidate": candidate.pk, "subject": "Hi", "body": "Hello Priya"},
            format="json",
        )
    assert response.status_code == 202, response.content
    body = response.json()
    assert body["status"] == "queued" and set(body) == {"id", "status"}
    # the worker's call, run here (the worker tests above run it for real)
    detail = api.get(f"/api/v1/emails/{body['id']}/").json()
    assert detail["status"] in ("queued", "sent") and detail["subject"] == "Hi"
    assert api_as(outsider).get(f"/api/v1/emails/{body['id']}/").status_code == 404
    Candidate.objects.filter(pk=candidate.pk).update(status=Candidate.Status.DO_NOT_CONTACT)
    refused = api.post(
        "/api/v1/emails/", {"candidate": candidate.pk, "subject": "Hi", "body": "x"}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "do_not_contact"
    suppression_add(email=contact.email, phone="")
    refused = api.post(
        "/api/v1/emails/", {"contact": contact.pk, "subject": "Hi", "body": "x"}, format="json"
    )
    assert refused.status_code == 409 and refused.json()["code"] == "suppressed"
    other = CandidateFactory(owner=recruiter, email="z@example.test")
    cv = _cv(recruiter, other)
    clean_contact_candidate = {"contact": vacancy.contact_id, "vacancy": vacancy.pk}
    from clients.models import Contact

    fresh = Contact.objects.create(
        client=contact.client,
        first_name="Ann",
        last_name="Lee",
        email="ann@northgate.test",
        owner=recruiter,
        team=recruiter.team,
    )
    clean_contact_candidate["contact"] = fresh.pk
    refused = api.post(
        "/api/v1/emails/",
        {**clean_contact_candidate, "subject": "CV", "body": "x", "attachments": [cv.pk]},
        format="json",
    )
    assert refused.status_code == 409 and refused.json()["code"] == "no_consent"
    bad = api.post(
        "/api/v1/emails/",
        {"candidate": other.pk, "contact": fresh.pk, "subject": "", "body": "x"},
        format="json",
    )
    assert bad.status_code == 400
    hidden = CandidateFactory(owner=outsider, email="h@example.test")
    assert (
        api.post(
            "/api/v1/emails/", {"candidate": hidden.pk, "subject": "Hi", "body": "x"}, format="json"
        ).status_code
        == 400
    )


@pytest.mark.django_db(transaction=True)
def test_email_queue_sends_made_files_headers_and_third_party_mail_about_the_person(
    celery_worker, smtp, recruiter, candidate
):
    """`email_queue`, the one door for every kind of message: a file the app made is attached and
    kept, extra headers go out, and mail to a third party (a referee) is on the person's timeline
    without counting as contact with them."""
    from engagement.services.emails import email_queue

    email = email_queue(
        actor=recruiter,
        kind="reference_request",
        candidate=candidate,
        to_email="referee@example.test",
        subject="A reference for Priya",
        body="Please answer at the link.",
        files=[("invite.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
        headers={"X-RecruitCRM-Kind": "reference_request"},
    )
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert smtp.messages[0].rcpt_tos == ["referee@example.test"]
    message = message_from_bytes(smtp.messages[0].content)
    assert message["X-RecruitCRM-Kind"] == "reference_request"
    parts = {part.get_filename(): part for part in message.walk() if part.get_filename()}
    assert parts["invite.ics"].get_payload(decode=True).startswith(b"BEGIN:VCALENDAR")
    kept = email.files.get()
    assert kept.file.read() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n" and "invite" not in kept.file.name
    email.refresh_from_db()
    assert "referee@example.test" in email.communication.summary
    candidate.refresh_from_db()
    assert candidate.last_contacted_at is None


def test_email_queue_asks_the_rule_for_the_third_party_address(recruiter, candidate):
    from engagement.services.emails import email_queue

    suppression_add(email="referee@example.test", phone="")
    with pytest.raises(NotContactable) as refused:
        email_queue(
            actor=recruiter, candidate=candidate, to_email="referee@example.test", subject="s", body="b"
        )
    assert refused.value.api_code == "suppressed"
    assert not OutboundEmail.objects.exists()


def test_templates_only_the_app_can_fill_are_never_offered_to_a_writer(api_as, recruiter, candidate):
    """A one-time sign-in link or the privacy notice's text would come out empty if a person picked
    those templates: the composer does not list them and the API refuses them; nothing is queued."""
    from engagement.forms import SendEmailForm
    from engagement.models.communication import APP_ONLY_TEMPLATE_CODES
    from engagement.services.communications import email_template_get_or_create

    for code in ("general", *APP_ONLY_TEMPLATE_CODES):
        email_template_get_or_create(code=code)
    offered = set(SendEmailForm().fields["template"].queryset.values_list("code", flat=True))
    assert "general" in offered and not offered & APP_ONLY_TEMPLATE_CODES
    for code in sorted(APP_ONLY_TEMPLATE_CODES):
        response = api_as(recruiter).post(
            "/api/v1/emails/",
            {"candidate": candidate.pk, "subject": "Hi", "body": "x", "template": code},
            format="json",
        )
        assert response.status_code == 400 and "template" in response.json(), response.content
    assert not OutboundEmail.objects.filter(candidate=candidate).exists()
