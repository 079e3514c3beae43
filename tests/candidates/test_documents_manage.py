"""Documents on the candidate page (issue 16): preview, current CV, rename, delete; only a real PDF
or Word file is ever offered or sent as the CV."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from candidates.models import Document
from candidates.selectors import candidate_current_cv_get, candidate_cv_list
from candidates.services import document_extract_text, document_upload
from candidates.services.documents import document_update
from core.models import AccessLog, AuditEvent
from tests.candidates.files import make_docx, make_pdf
from tests.factories.candidates import CandidateFactory

pytestmark = pytest.mark.django_db


def put(actor, candidate, name, data, kind="cv"):
    return document_upload(
        actor=actor, candidate=candidate, upload=SimpleUploadedFile(name, data), filename=name, kind=kind
    )


def test_only_a_real_pdf_or_word_file_can_be_the_cv(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    pdf = put(recruiter, candidate, "cv.pdf", make_pdf("Welder"))
    docx = put(recruiter, candidate, "cv.docx", make_docx("Welder"))
    junk_text = put(recruiter, candidate, "junk.txt", b"asdf qwerty")  # newest, but plain text
    fake_pdf = put(recruiter, candidate, "fake.pdf", b"%PDF-1.4\n not really a pdf at all")
    assert (pdf.can_be_cv, docx.can_be_cv, junk_text.can_be_cv, fake_pdf.can_be_cv) == (
        True,
        True,
        False,
        False,
    )
    assert list(candidate_cv_list(candidate=candidate)) == [docx, pdf]
    assert candidate_current_cv_get(candidate=candidate) == docx  # the newest real CV, never the junk


def test_marking_the_current_cv_moves_the_mark_and_refuses_junk(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    older = put(recruiter, candidate, "old.pdf", make_pdf("Old"))
    newer = put(recruiter, candidate, "new.pdf", make_pdf("New"))
    junk = put(recruiter, candidate, "notes.txt", b"just notes")
    document_update(actor=recruiter, document=older, is_current_cv=True)
    assert candidate_current_cv_get(candidate=candidate) == older
    document_update(actor=recruiter, document=newer, is_current_cv=True)
    assert list(Document.objects.filter(candidate=candidate, is_current_cv=True)) == [newer]
    with pytest.raises(Exception, match="PDF or Word"):
        document_update(actor=recruiter, document=junk, is_current_cv=True)


def test_a_pdf_whose_text_cannot_be_read_stops_being_the_current_cv(recruiter):
    candidate = CandidateFactory(owner=recruiter)
    document = put(recruiter, candidate, "cv.pdf", make_pdf("Fine"))
    document_update(actor=recruiter, document=document, is_current_cv=True)
    document.file.save("broken.pdf", SimpleUploadedFile("x", b"%PDF-1.4 broken"), save=True)
    document_extract_text(document_id=document.pk)
    document.refresh_from_db()
    assert not document.is_current_cv and not document.can_be_cv
    assert candidate_current_cv_get(candidate=candidate) is None


def api_doc(candidate, document, suffix=""):
    return f"/api/v1/candidates/{candidate.pk}/documents/{document.pk}/{suffix}"


def test_api_reads_renames_marks_and_deletes_a_document(
    api_as, recruiter, django_capture_on_commit_callbacks
):
    candidate = CandidateFactory(owner=recruiter)
    document = put(recruiter, candidate, "Jane Smith CV.pdf", make_pdf("Forklift"))
    client = api_as(recruiter)
    body = client.get(api_doc(candidate, document)).json()
    assert body["is_current_cv"] is False and body["can_be_cv"] is True
    response = client.patch(api_doc(candidate, document), {"filename": "CV 2026.pdf", "is_current_cv": True})
    assert response.status_code == 200, response.json()
    assert response.json()["filename"] == "CV 2026.pdf" and response.json()["is_current_cv"] is True
    event = AuditEvent.objects.filter(action="document.updated").get()
    assert "Jane" not in str(event.details) and "2026" not in str(event.details)
    assert client.patch(api_doc(candidate, document), {"filename": "   "}).status_code == 400
    name = Document.objects.get(pk=document.pk).file.name
    storage = document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(api_doc(candidate, document))
    assert response.status_code == 204
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not storage.exists(name)  # the file is gone, not just the row
    deleted = AuditEvent.objects.get(action="document.deleted")
    assert deleted.object_id == document.pk and deleted.details == {"candidate": candidate.pk, "kind": "cv"}
    assert client.get(api_doc(candidate, document)).status_code == 404


def test_api_preview_is_the_inline_pdf_or_the_text_through_the_visibility_check(api_as, recruiter, outsider):
    candidate = CandidateFactory(owner=recruiter)
    pdf = put(recruiter, candidate, "cv.pdf", make_pdf("Crane operator"))
    text = put(recruiter, candidate, "notes.txt", b"Prefers nights", kind="other")
    document_extract_text(document_id=text.pk)
    client = api_as(recruiter)
    response = client.get(api_doc(candidate, pdf, "preview/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(api_doc(candidate, text, "preview/")).json()["text"] == "Prefers nights"
    assert AccessLog.objects.filter(action="view", object_id=pdf.pk).exists()
    assert api_as(outsider).get(api_doc(candidate, pdf, "preview/")).status_code == 404


def test_preview_page_frames_the_pdf_from_our_own_origin_only(client, recruiter, outsider):
    candidate = CandidateFactory(owner=recruiter)
    pdf = put(recruiter, candidate, "cv.pdf", make_pdf("Scaffolder"))
    client.force_login(recruiter)
    page = client.get(f"/candidates/{candidate.pk}/documents/{pdf.pk}/")
    assert page.status_code == 200 and b'class="pdf-frame"' in page.content
    inline = client.get(f"/candidates/{candidate.pk}/documents/{pdf.pk}/file/")
    assert inline["Content-Disposition"].startswith("inline") and inline["Content-Type"] == "application/pdf"
    assert (
        inline["X-Frame-Options"] == "SAMEORIGIN"
        and "frame-ancestors 'self'" in inline["Content-Security-Policy"]
    )
    assert inline["Cache-Control"] == "private, no-store"
    client.force_login(outsider)
    assert client.get(f"/candidates/{candidate.pk}/documents/{pdf.pk}/file/").status_code == 404
