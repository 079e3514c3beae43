"""Issue 16 in the browser: documents (upload, preview, rename, mark current, delete), the CV chosen
when submitting, a false duplicate dismissed, and a merge — desktop and 390 px screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate, Document, NotDuplicate
from candidates.services import consent_record
from tests.candidates.files import make_pdf
from tests.clients.conftest import acme, acme_contact, acme_terms
from tests.e2e.conftest import screenshot
from tests.e2e.test_candidates import log_in
from tests.factories.candidates import CandidateFactory
from tests.factories.engagement import CommunicationFactory
from tests.factories.matching import approved_entry
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Submission

__all__ = ["acme", "acme_contact", "acme_terms"]
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# What this lane draws must fit a phone (the rest of the page is the phones lane's).
OWN = "#documents, #duplicates, #cv-choice, .document-layout"


def both_widths(page, name):
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    right = page.evaluate(
        "(sel) => Math.max(0, ...[...document.querySelectorAll(sel)]"
        ".map(e => e.getBoundingClientRect().right))",
        OWN,
    )
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})
    assert right <= 390, f"{name}: our panels reach {right}px at 390px"


def test_documents_upload_preview_rename_mark_current_and_delete(page, live_server, recruiter, tmp_path):
    candidate = CandidateFactory(owner=recruiter, first_name="Ada", last_name="Byron")
    log_in(page, live_server, recruiter.username)
    page.goto(f"/candidates/{candidate.pk}/")
    for name, data in (("Ada CV 2025.pdf", make_pdf("Older CV")), ("Ada CV 2026.pdf", make_pdf("Newer CV"))):
        (tmp_path / name).write_bytes(data)
        page.locator("#id_file").set_input_files(str(tmp_path / name))
        page.get_by_role("button", name="Upload").click()
        expect(page.get_by_text("Document uploaded")).to_be_visible()
    (tmp_path / "notes.txt").write_bytes(b"Call after 6pm.")
    page.locator("#id_file").set_input_files(str(tmp_path / "notes.txt"))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#documents").get_by_text("not sendable")).to_be_visible()
    both_widths(page, "documents-panel")

    older = Document.objects.get(filename="Ada CV 2025.pdf")
    page.locator(f"#document-{older.pk}").get_by_role("button", name="Mark as current CV").click()
    expect(page.locator(f"#document-{older.pk}").get_by_text("current CV")).to_be_visible()
    older.refresh_from_db()
    assert older.is_current_cv

    page.locator(f"#document-{older.pk}").get_by_role("link", name="Ada CV 2025.pdf").click()
    frame = page.locator("iframe.pdf-frame")
    expect(frame).to_be_visible()
    inline = page.request.get(frame.get_attribute("src"))
    assert inline.headers["content-type"] == "application/pdf"
    assert inline.headers["content-disposition"].startswith("inline")
    assert inline.headers["x-content-type-options"] == "nosniff"
    both_widths(page, "document-preview")

    page.get_by_label("Name").fill("Ada Byron - CV (current)")
    page.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("heading", name="Ada Byron - CV (current)")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Name")).to_have_value("Ada Byron - CV (current)")

    notes = Document.objects.get(filename="notes.txt")
    page.goto(f"/candidates/{candidate.pk}/documents/{notes.pk}/")
    expect(page.locator(".document-text, .empty-state").first).to_be_visible()
    page.get_by_text("Delete this document…").click()
    stored = notes.file.name
    page.get_by_role("button", name="Delete the document and its file").click()
    expect(page.get_by_text("Document deleted")).to_be_visible()
    assert not Document.objects.filter(pk=notes.pk).exists()
    assert not notes.file.storage.exists(stored)
    expect(page.locator("#documents").get_by_text("notes.txt")).to_have_count(0)


def test_choose_the_cv_when_submitting(page, live_server, recruiter, acme, acme_contact, tmp_path):
    from tests.factories.compliance import RightToWorkCheckFactory
    from vacancies.services.vacancies import vacancy_open

    vacancy = vacancy_open(actor=recruiter, vacancy=VacancyFactory(client=acme, contact=acme_contact))
    candidate = CandidateFactory(owner=recruiter, first_name="Jordan", last_name="Ellis")
    RightToWorkCheckFactory(candidate=candidate)
    application = ApplicationFactory(vacancy=vacancy, candidate=candidate)
    approved_entry(vacancy=vacancy, candidate=candidate)
    consent_record(
        actor=recruiter,
        candidate=candidate,
        purpose="submission",
        vacancy_id=vacancy.pk,
        method="phone",
        wording_version="v1",
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    from candidates.services import document_upload

    for name, data in (
        ("Jordan CV long.pdf", make_pdf("Long")),
        ("Jordan CV short.pdf", make_pdf("Short")),
        ("junk.txt", b"zzzz"),
    ):
        document_upload(
            actor=recruiter, candidate=candidate, upload=SimpleUploadedFile(name, data), filename=name
        )
    log_in(page, live_server, recruiter.username)
    page.goto(f"/vacancies/applications/{application.pk}/")
    choice = page.locator("#cv-choice")
    expect(choice).to_be_visible()
    expect(choice.get_by_text("junk.txt")).to_have_count(0)
    choice.get_by_label(re.compile("Jordan CV long.pdf")).check()
    both_widths(page, "submission-cv-choice")
    page.get_by_role("button", name="Submit to client").click()
    expect(page.get_by_text("Submitted to the client.")).to_be_visible()
    assert Submission.objects.get(application=application).document.filename == "Jordan CV long.pdf"
    expect(page.get_by_text(re.compile("CV Jordan CV long.pdf"))).to_be_visible()


def test_dismiss_a_false_duplicate_then_merge_a_real_one(page, live_server, recruiter):
    one = CandidateFactory(owner=recruiter, first_name="Chris", last_name="Taylor", phone="+447700900321")
    namesake = CandidateFactory(
        owner=recruiter, first_name="Chris", last_name="Taylor", phone="+447700900321"
    )
    same = CandidateFactory(owner=recruiter, first_name="Chris", last_name="Taylor", phone="+447700900321")
    CommunicationFactory(candidate=same, actor=recruiter, summary="Called about the welding role")
    log_in(page, live_server, recruiter.username)
    page.goto(f"/candidates/{one.pk}/")
    panel = page.locator("#duplicates")
    expect(panel).to_be_visible()
    both_widths(page, "duplicate-panel")
    panel.locator("li", has_text=f"#{namesake.pk}").get_by_role("button", name="Not the same person").click()
    expect(page.get_by_text("won't be flagged again")).to_be_visible()
    assert NotDuplicate.objects.filter(low=one, high=namesake).exists()
    expect(page.locator("#duplicates li", has_text=f"#{namesake.pk}")).to_have_count(0)

    page.locator("#duplicates li", has_text=f"#{same.pk}").get_by_role(
        "link", name="Merge into this record"
    ).click()
    page.get_by_role("button", name="Merge records").click()
    expect(page.get_by_text(re.compile("Merged record"))).to_be_visible()
    assert Candidate.objects.get(pk=same.pk).merged_into_id == one.pk
    expect(page.locator("#duplicates")).to_have_count(0)  # the namesake stays dismissed
    both_widths(page, "merged-candidate")
