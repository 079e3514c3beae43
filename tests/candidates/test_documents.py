"""CV upload: type from content, size limit, storage, extraction in Celery, checked download."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Candidate, Document
from candidates.search.queries import apply_search
from candidates.services import document_extract_text
from core.models import AccessLog
from tests.candidates.files import make_docx, make_pdf
from tests.conftest import wait_for
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def upload(client, candidate, name, data, kind="cv"):
    return client.post(
        f"/api/v1/candidates/{candidate.pk}/documents/",
        {"file": SimpleUploadedFile(name, data, content_type="application/pdf"), "kind": kind},
        format="multipart",
    )


def test_pdf_upload_is_stored_under_a_random_name_and_text_is_extracted(api_as, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    response = upload(
        api_as(recruiter), candidate, "Jane Smith CV.pdf", make_pdf("Kubernetes wrangler extraordinaire")
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["filename"] == "Jane Smith CV.pdf" and body["kind"] == "cv"
    document = Document.objects.get(pk=body["id"])
    assert "Jane" not in document.file.name and "pdf" not in document.file.name
    assert document.content_type == "application/pdf"
    document_extract_text(document_id=document.pk)  # what the Celery task runs
    document.refresh_from_db()
    assert document.extraction == "done" and "wrangler" in document.text
    assert apply_search(Candidate.objects.all(), '"kubernetes wrangler"').get() == candidate


def test_docx_and_plain_text_are_accepted(api_as, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    client = api_as(recruiter)
    assert upload(client, candidate, "cv.docx", make_docx("Forklift licence holder")).status_code == 201
    assert upload(client, candidate, "notes.txt", "Plain notes £ café".encode()).status_code == 201
    for document in Document.objects.all():
        document_extract_text(document_id=document.pk)
    assert apply_search(Candidate.objects.all(), "forklift").exists()
    assert apply_search(Candidate.objects.all(), "café").exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("cv.pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "PDF, a Word document"),
        ("cv.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "PDF, a Word document"),
        ("cv.docx", b"PK\x03\x04corrupt-zip-data" + b"\x00" * 50, "damaged"),
        ("cv.pdf", b"", "empty"),
    ],
)
def test_uploads_are_refused_by_content_not_name(api_as, recruiter, name, data, message):
    candidate = CandidateFactory(owner=recruiter)
    response = upload(api_as(recruiter), candidate, name, data)
    assert response.status_code == 400
    assert message in response.json()["file"][0]
    assert not Document.objects.exists()


def test_a_zip_that_is_not_a_word_document_is_refused(api_as, recruiter):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    candidate = CandidateFactory(owner=recruiter)
    response = upload(api_as(recruiter), candidate, "cv.docx", buffer.getvalue())
    assert response.status_code == 400


def test_files_over_10_mb_are_refused(api_as, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    response = upload(api_as(recruiter), candidate, "big.txt", b"a" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "10 MB" in response.json()["file"][0]


def test_an_unreadable_pdf_is_kept_and_marked(api_as, recruiter):
    candidate = CandidateFactory(owner=recruiter)
    response = upload(api_as(recruiter), candidate, "cv.pdf", b"%PDF-1.4\n garbage that is not a pdf")
    assert response.status_code == 201
    document = document_extract_text(document_id=response.json()["id"])
    assert document is not None and document.extraction == "failed" and document.file.size > 0


def test_extraction_runs_in_a_real_celery_worker(celery_worker, recruiter, api_as):
    candidate = CandidateFactory(owner=recruiter)
    response = upload(api_as(recruiter), candidate, "cv.pdf", make_pdf("Underwater basket weaving"))
    assert response.status_code == 201
    wait_for(lambda: Document.objects.filter(pk=response.json()["id"], extraction="done").exists())
    assert apply_search(Candidate.objects.all(), "basket").exists()


def test_download_checks_visibility_logs_access_and_forces_attachment(client, recruiter, outsider, api_as):
    candidate = CandidateFactory(owner=recruiter)
    document_id = upload(api_as(recruiter), candidate, "cv.txt", b"hello").json()["id"]
    url = f"/candidates/{candidate.pk}/documents/{document_id}/download/"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(recruiter)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"hello"
    log = AccessLog.objects.get(object_type="candidates.document", object_id=document_id)
    assert log.user == recruiter and log.action == "download"
