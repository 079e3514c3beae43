"""POST /jobs/<id>/apply/: one person, one record, one application; acknowledged at once; bad input
shows the form again with nothing saved; spam held off by a honeypot and rate limits."""

from __future__ import annotations

import re
from email import message_from_bytes

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate, Consent, Document
from core.models import AuditEvent, PrivacyNotice
from engagement.models import OutboundEmail
from engagement.selectors.timeline import candidate_timeline_get
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from vacancies.models import Application, Notice

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "first_name": "Amara",
        "last_name": "Okafor",
        "email": "amara.okafor@example.test",
        "phone": "07700 900123",
        "right_to_work": "yes",
        "privacy_notice": "on",
        "privacy_notice_version": PrivacyNotice.objects.first().version,
        "cv": SimpleUploadedFile("Amara CV.pdf", make_pdf("Amara Okafor, Python developer")),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _apply(client, job, **overrides):
    return client.post(reverse("portal:job-apply", args=[job.pk]), _form(**overrides))


def test_applying_creates_the_candidate_cv_application_and_tells_everyone(client, job, recruiter):
    response = _apply(client, job, needs_adjustments="on")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:job-applied", args=[job.pk])  # no personal data
    candidate = Candidate.objects.get(email="amara.okafor@example.test")
    assert candidate.source == "careers_site" and candidate.lawful_basis == "contract"
    assert candidate.phone == "+447700900123" and candidate.right_to_work == "yes"
    assert candidate.owner == job.owner and candidate.team_id == job.team_id
    assert candidate.privacy_notice_version == PrivacyNotice.objects.first().version
    assert candidate.privacy_notice_sent_on is not None
    document = Document.objects.get(candidate=candidate)
    assert document.kind == "cv" and document.content_type == "application/pdf" and document.can_be_cv
    application = Application.objects.get(candidate=candidate, vacancy=job)
    assert (application.stage, application.source, application.needs_adjustments) == (
        "sourced",
        "careers_site",
        True,
    )
    assert Consent.objects.filter(candidate=candidate, purpose="processing", method="application").exists()
    assert not Consent.objects.filter(candidate=candidate, purpose="marketing").exists()
    email = OutboundEmail.objects.get(candidate=candidate)
    assert email.kind == "application_received" and email.template.code == "application-received"
    assert "10 business days" in email.body and "Amara" in email.body and job.title in email.subject
    notice = Notice.objects.get(user=job.owner, kind="careers_application")
    assert job.title in notice.text and "Amara" not in notice.text
    titles = [e.title for e in candidate_timeline_get(user=recruiter, candidate=candidate)]
    assert "Applied on the careers site (Sourced)" in titles
    for event in AuditEvent.objects.all():  # no personal data in the audit trail
        assert "amara" not in str(event.details).lower() and "07700" not in str(event.details)
    page = client.get(response["Location"])
    assert "What happens next" in page.content.decode() and "10 business days" in page.content.decode()


def test_an_existing_candidate_is_found_by_email_whatever_the_case(client, job):
    existing = CandidateFactory(email="amara.okafor@example.test", source="job_board")
    _apply(client, job, email="Amara.OKAFOR@example.test")
    assert Candidate.objects.filter(email__iexact="amara.okafor@example.test").count() == 1
    existing.refresh_from_db()
    assert existing.source == "job_board"  # how we first met them stays true
    assert existing.privacy_notice_version == PrivacyNotice.objects.first().version
    assert Application.objects.get(vacancy=job).candidate == existing


def test_applying_twice_makes_one_application_and_says_so_kindly(client, job):
    _apply(client, job)
    response = _apply(client, job)
    assert response.status_code == 200
    assert "You have already applied for this job" in response.content.decode()
    assert Application.objects.filter(vacancy=job).count() == 1
    assert Document.objects.count() == 1 and OutboundEmail.objects.count() == 1


def test_a_suppressed_person_who_applies_is_let_in_and_the_suppression_cleared(client, job):
    from privacy.selectors.suppression import suppression_matches
    from privacy.services.suppression_list import suppression_add

    suppression_add(email="amara.okafor@example.test", phone="+447700900123")
    assert suppression_matches(email="amara.okafor@example.test", phone="")
    assert _apply(client, job).status_code == 302
    candidate = Candidate.objects.get(email="amara.okafor@example.test")
    assert not suppression_matches(email="amara.okafor@example.test", phone="+447700900123")
    event = AuditEvent.objects.get(action="candidate.suppression_cleared")
    assert event.object_id == candidate.pk and event.details["entries"] == 2
    assert OutboundEmail.objects.filter(candidate=candidate).exists()  # and they hear from us


def test_talent_pool_box_records_a_marketing_consent(client, job):
    _apply(client, job, talent_pool="on")
    consent = Consent.objects.get(purpose="marketing")
    assert consent.lawful_basis == "consent" and consent.method == "application"
    assert consent.withdrawn_at is None and consent.wording_version


def test_a_bad_file_shows_the_form_again_keeping_what_was_typed_and_saves_nothing(client, job):
    page = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>")
    response = _apply(client, job, cv=page, first_name="Zuzanna", talent_pool="on")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Upload a PDF, a Word document (.docx) or a plain-text file." in body
    assert "please choose it again" in body
    assert 'value="Zuzanna"' in body and 'value="amara.okafor@example.test"' in body
    assert re.search(r'name="talent_pool"[^>]*checked', body)
    assert (
        not Candidate.objects.exists() and not Application.objects.exists() and not Document.objects.exists()
    )


def test_missing_fields_and_unticked_privacy_notice_are_refused(client, job):
    response = _apply(client, job, privacy_notice=None, email="not-an-email", phone="12")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Please read the privacy notice and tick to say you have." in body
    assert "Enter a valid email address." in body and 'role="alert"' in body
    assert "please choose it again" in body  # the file input comes back empty
    assert not Candidate.objects.exists()


def test_an_outdated_privacy_notice_must_be_read_again(client, job):
    PrivacyNotice.objects.create(version="2099-1", text="New notice.")
    response = _apply(client, job, privacy_notice_version="2024-1")
    assert "has just been updated" in response.content.decode()
    assert not Candidate.objects.exists()


def test_the_honeypot_pretends_to_succeed_and_saves_nothing(client, job):
    response = _apply(client, job, website="http://spam.example")
    assert response.status_code == 302 and response["Location"] == reverse(
        "portal:job-applied", args=[job.pk]
    )
    assert not Candidate.objects.exists() and not Application.objects.exists()


def test_applications_are_rate_limited_per_address(client, job, settings):
    settings.RATE_LIMIT_CAREERS_APPLY = "2/m"
    assert _apply(client, job, email="a1@example.test").status_code == 302
    assert _apply(client, job, email="a2@example.test").status_code == 302
    response = _apply(client, job, email="a3@example.test")
    assert response.status_code == 429
    assert Candidate.objects.count() == 2


def test_a_closed_or_unpublished_job_takes_no_applications(client, job):
    job.status = "closed"
    job.save(update_fields=["status"])
    assert _apply(client, job).status_code == 404
    assert not Candidate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_acknowledgement_reaches_a_real_smtp_server(celery_worker, smtp, client, job):
    from tests.conftest import wait_for

    _apply(client, job)
    email = OutboundEmail.objects.get()
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    # Two mails: the acknowledgement to the applicant, and the owner's notice (names no one).
    to_them = [m for m in smtp.messages if m.rcpt_tos == ["amara.okafor@example.test"]]
    assert len(to_them) == 1
    to_owner = [m for m in smtp.messages if m.rcpt_tos == [job.owner.email]]
    assert len(to_owner) == 1 and b"Amara" not in to_owner[0].content
    message = message_from_bytes(to_them[0].content)
    assert message["Subject"] == f"We have your application: {job.title}"
    text = message.get_payload(decode=True).decode()
    assert text.startswith("Dear Amara,") and "within 10 business days" in text


def test_the_source_of_hire_report_counts_careers_site_applicants(client, job, manager):
    import datetime

    from recruitcrm.dashboards import reports

    _apply(client, job)
    _apply(client, job, email="second.person@example.test", phone="07700 900999")
    today = datetime.date.today()
    scope = reports.Scope(
        user=manager,
        start=today - datetime.timedelta(days=1),
        end=today + datetime.timedelta(days=1),
        team_id=manager.team_id,
    )
    rows = {r["source"]: r for r in reports.source_of_hire(scope)}
    assert rows["Careers site"]["added"] == 2


@pytest.mark.parametrize("value", ["²", "١٢", "9" * 300, "\u202e", "<script>", "'; DROP TABLE x; --", ""])
def test_odd_values_in_any_field_never_give_a_500(client, job, value, settings):
    settings.RATE_LIMIT_CAREERS_APPLY = "100/m"
    for field in (
        "first_name",
        "last_name",
        "email",
        "phone",
        "right_to_work",
        "privacy_notice_version",
        "page",
    ):
        response = _apply(client, job, **{field: value})
        assert response.status_code in (200, 302), (field, value)
