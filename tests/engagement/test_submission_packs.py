"""Sending a submission pack (issue 18): every gate first (nothing sent, nothing recorded when one
refuses), then the PDF emailed to the client contact by a real Celery worker through a real SMTP
server, kept exactly as sent and recorded as the submission; the page, the preview, the download
through the visibility check, and `POST /api/v1/applications/{id}/submission-pack/`."""

from __future__ import annotations

import io
from email import message_from_bytes
from typing import Any

import pytest
from django.urls import reverse
from pypdf import PdfReader

from candidates.models import Document
from candidates.services import consent_record, document_upload
from core.models import AccessLog
from engagement.models import OutboundEmail
from engagement.selectors.contactability import NotContactable
from engagement.services.submission_packs import submission_pack_send
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.factories.compliance import IdentityCheckFactory
from tests.factories.matching import approved_entry
from vacancies.models import Submission
from vacancies.services.pipeline import PipelineRefused

CV_TEXT = "Priya Shah\npriya@example.test\nSenior data engineer: Spark, Airflow and dbt at Lumen."


def _cv(recruiter: Any, candidate: Any) -> Document:
    document = document_upload(
        actor=recruiter,
        candidate=candidate,
        upload=io.BytesIO(make_pdf("Priya Shah original CV")),
        filename="priya-cv.pdf",
    )
    Document.objects.filter(pk=document.pk).update(text=CV_TEXT)
    document.refresh_from_db()
    return document


def _ready(application: Any, actor: Any, *, consent: bool = True, approve: bool = True) -> None:
    """The gates before a client: an approved shortlist entry with the recruiter's case, consent
    for this vacancy (Conduct Regs reg 19), identity confirmed."""
    if approve:
        entry = approved_entry(vacancy=application.vacancy, candidate=application.candidate)
        entry.rationale = "Priya built the data platform at Lumen from nothing."
        entry.save()
    if consent:
        consent_record(
            actor=actor,
            candidate=application.candidate,
            purpose="submission",
            lawful_basis="consent",
            vacancy_id=application.vacancy_id,
            method="phone",
            wording_version="v1",
        )
    IdentityCheckFactory(candidate=application.candidate)


def _send(actor: Any, application: Any, **kwargs: Any) -> Submission:
    return submission_pack_send(
        actor=actor,
        application=application,
        subject=kwargs.pop("subject", "A candidate for you"),
        message=kwargs.pop("message", "Dear Tom,\n\nPlease see the attached pack."),
        **kwargs,
    )


@pytest.mark.django_db(transaction=True)
def test_the_contact_receives_the_pack_and_the_exact_file_is_kept_with_the_submission(
    celery_worker, smtp, recruiter, application, contact
):
    _cv(recruiter, application.candidate)
    _ready(application, recruiter)
    submission = _send(recruiter, application)
    application.refresh_from_db()
    assert application.stage == "submitted"
    assert (submission.contact, submission.channel, submission.submitted_by) == (contact, "email", recruiter)
    email = submission.email
    assert email.kind == "submission_pack" and email.contact == contact and email.candidate is None
    wait_for(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert len(smtp.messages) == 1 and smtp.messages[0].rcpt_tos == ["tom@northgate.test"]
    message = message_from_bytes(smtp.messages[0].content)
    assert message["Subject"] == "A candidate for you"
    (part,) = [p for p in message.walk() if p.get_filename()]
    sent = part.get_payload(decode=True)
    assert part.get_filename() == f"priya-shah-{application.vacancy.title.lower().replace(' ', '-')}.pdf"
    assert part.get_content_type() == "application/pdf"
    kept = email.files.get()
    with kept.file.open("rb") as handle:
        assert handle.read() == sent  # the exact bytes the contact received
    reader = PdfReader(io.BytesIO(sent))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Priya built the data platform at Lumen" in text and "Priya Shah original CV" in text


def test_no_consent_sends_nothing_and_records_nothing(recruiter, application):
    _cv(recruiter, application.candidate)
    _ready(application, recruiter, consent=False)
    with pytest.raises(PipelineRefused) as refused:
        _send(recruiter, application)
    assert refused.value.code == "no_consent"
    application.refresh_from_db()
    assert application.stage == "sourced"
    assert not Submission.objects.exists() and not OutboundEmail.objects.exists()


def test_every_gate_of_a_submission_is_asked(recruiter, application):
    _ready(application, recruiter, approve=False)
    with pytest.raises(PipelineRefused) as refused:
        _send(recruiter, application)
    assert refused.value.code == "not_approved"
    assert not OutboundEmail.objects.exists()


def test_a_contact_who_cannot_be_written_to_leaves_nothing_behind(recruiter, application, contact):
    _ready(application, recruiter)
    contact.email = ""
    contact.save()
    with pytest.raises(NotContactable):
        _send(recruiter, application)
    application.refresh_from_db()
    assert application.stage == "sourced" and not Submission.objects.exists()


def test_a_blind_vacancys_message_may_not_name_the_candidate(recruiter, application):
    _cv(recruiter, application.candidate)
    _ready(application, recruiter)
    application.vacancy.blind_shortlist = True
    application.vacancy.save()
    with pytest.raises(Exception) as refused:
        _send(recruiter, application, message="Dear Tom,\n\nPriya is great.")
    assert "blind" in str(refused.value)
    submission = _send(recruiter, application, message="Dear Tom,\n\nThis candidate is great.")
    kept = submission.email.files.get()
    assert kept.filename.startswith("candidate-1-")
    with kept.file.open("rb") as handle:
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Priya" not in text and "Shah" not in text and "@" not in text
    assert "Spark, Airflow and dbt" in text


def test_a_second_pack_after_submission_asks_the_gates_again_and_records_another(
    recruiter, application, client_company
):
    from candidates.models import Consent
    from candidates.services import consent_withdraw
    from tests.factories.clients import ContactFactory

    _cv(recruiter, application.candidate)
    _ready(application, recruiter)
    _send(recruiter, application)
    other = ContactFactory(client=client_company, first_name="Ana", email="ana@northgate.test")
    second = _send(recruiter, application, contact=other.pk)
    assert second.contact == other and Submission.objects.filter(application=application).count() == 2
    consent_withdraw(actor=recruiter, consent=Consent.objects.get(purpose="submission"))
    with pytest.raises(PipelineRefused) as refused:
        _send(recruiter, application, contact=other.pk)
    assert refused.value.code == "no_consent"
    assert OutboundEmail.objects.count() == 2


# --- the page, the preview and the download


def test_the_page_prefills_previews_sends_and_the_pack_downloads_through_the_visibility_check(
    client, recruiter, outsider, application, contact
):
    _cv(recruiter, application.candidate)
    _ready(application, recruiter)
    client.force_login(recruiter)
    url = reverse("engagement:submission_pack", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Dear Tom," in page and "Priya Shah for" in page and f'value="{contact.pk}" selected' in page
    form = {"contact": contact.pk, "subject": "Priya for you", "message": "Dear Tom,\n\nAttached."}
    preview = client.post(url, {**form, "action": "preview"})
    assert preview["Content-Type"] == "application/pdf" and "attachment" in preview["Content-Disposition"]
    assert "Priya Shah" in PdfReader(io.BytesIO(preview.content)).pages[0].extract_text()
    assert not Submission.objects.exists() and not OutboundEmail.objects.exists()  # a preview sends nothing
    sent = client.post(url, {**form, "action": "send"})
    assert sent.status_code == 302 and sent["Location"].endswith("#submissions")
    submission = Submission.objects.get()
    download_url = reverse("vacancies:submission_pack", args=[application.pk, submission.pk])
    application_page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert download_url in application_page
    download = client.get(download_url)
    with submission.email.files.get().file.open("rb") as handle:
        assert b"".join(download.streaming_content) == handle.read()
    assert AccessLog.objects.filter(action="download", object_id=submission.pk).exists()
    client.force_login(outsider)
    assert client.get(download_url).status_code == 404
    assert client.get(url).status_code == 404


def test_the_page_shows_why_it_cannot_send_yet(client, recruiter, application):
    client.force_login(recruiter)
    page = client.get(reverse("engagement:submission_pack", args=[application.pk])).content.decode()
    assert "Not ready to send" in page and 'id="pack-send" disabled' in page


# --- the API


def test_the_api_sends_a_pack_and_answers_409_with_the_gates_codes(api_as, recruiter, application):
    api = api_as(recruiter)
    url = f"/api/v1/applications/{application.pk}/submission-pack/"
    _cv(recruiter, application.candidate)
    _ready(application, recruiter, consent=False)
    refused = api.post(url, {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "no_consent"
    assert api.post(url, {"contact": "x"}, format="json").status_code == 400
    assert api.post(url, {"contact": 10**19}, format="json").status_code == 400  # never a 500
    _ready(application, recruiter, approve=False)
    response = api.post(url, {}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    submission = Submission.objects.get(pk=body["submission"])
    assert body["email"] == submission.email_id and body["status"] == "queued" and body["blind"] is False
    assert body["filename"].endswith(".pdf") and body["size"] == submission.email.files.get().size
    assert "Dear Tom," in submission.email.body  # the default covering message
    assert api_as(None).post(url, {}, format="json").status_code in (401, 403)
