"""The submission pack (issue 18), opened with pypdf: the agency's header, the candidate's title,
the recruiter's case, the key facts and the CV (the original PDF's pages appended, or the text laid
out). A blind vacancy's pack holds no name, email, phone, address, postcode, date of birth or link
anywhere — its pages, its metadata or its file name — and never the original file."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from candidates.models import Document
from candidates.services import document_upload
from core.models import AgencyProfile
from tests.candidates.files import make_docx, make_pdf
from tests.factories.candidates import CandidateFactory
from tests.factories.matching import approved_entry
from tests.factories.pipeline import ApplicationFactory
from tests.vacancies.test_client_pitch import png
from vacancies.services.packs import (
    latin1_fold,
    submission_pack_build,
    submission_pack_filename,
    submission_pack_message_default,
)

CV_TEXT = """Aisha Khan
aisha.khan@example.test | 07700 900123 | https://linkedin.com/in/aisha-khan-dev
12 Hyde Park Road, Headingley, Leeds LS6 2QT
Date of birth: 03/03/1990

Lead Python Engineer with nine years building payment systems in Django and PostgreSQL.

Experience
Northwind Payments - Lead Engineer (2019 - 2025): rebuilt the card platform, led 6 engineers.
"""
IDENTIFYING = [
    "Aisha",
    "Khan",
    "aisha.khan@example.test",
    "07700",
    "900123",
    "linkedin",
    "http",
    "Hyde Park",
    "LS6",
    "2QT",
    "03/03/1990",
    "1990",
    "Leeds",
    "@",
]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def setup(recruiter, open_vacancy):
    recruiter.first_name, recruiter.last_name = "Rita", "Moss"
    recruiter.save()
    candidate = CandidateFactory(
        owner=recruiter,
        first_name="Aisha",
        last_name="Khan",
        email="aisha.khan@example.test",
        phone="+447700900123",
        postcode="LS6 2QT",
        town="Leeds",
        current_title="Lead Python Engineer",
        notice_period_weeks=4,
        available_from=None,
        right_to_work="yes",
    )
    application = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    entry = approved_entry(vacancy=open_vacancy, candidate=candidate)
    entry.rationale = "Aisha rebuilt the card platform at Northwind and wants a hands-on lead role."
    entry.save()
    document = document_upload(
        actor=recruiter,
        candidate=candidate,
        upload=io.BytesIO(make_pdf("Original CV page of Aisha Khan")),
        filename="aisha-cv.pdf",
    )
    Document.objects.filter(pk=document.pk).update(text=CV_TEXT)
    document.refresh_from_db()
    return application, entry, document


def test_a_pack_holds_the_header_case_facts_and_the_original_pdf_appended(setup, recruiter):
    application, entry, document = setup
    data = submission_pack_build(application=application, entry=entry, document=document, actor=recruiter)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2  # the pack's page, then the CV's own page
    first = reader.pages[0].extract_text()
    for expected in (
        "RecruitCRM Agency",  # settings.AGENCY_NAME until an admin sets one
        "Candidate submission",
        "Aisha Khan",
        "Lead Python Engineer",
        "Put forward by Rita Moss",
        "Why we are putting this candidate forward",
        "rebuilt the card platform at Northwind",
        "Key facts",
        "Notice",
        "4 weeks",
        "Available",
        "Right to work",
        "Yes, declared by the candidate",
        "Based in",
        "Leeds",
        "The candidate's CV follows on the next pages.",
        application.vacancy.title,
        application.vacancy.client.name,
    ):
        assert expected in first, expected
    assert reader.pages[1].extract_text().strip() == "Original CV page of Aisha Khan"
    assert reader.metadata.title == f"Candidate submission: {application.vacancy.title}"
    assert reader.metadata.author == "RecruitCRM Agency"
    assert submission_pack_filename(application=application, entry=entry) == (
        f"aisha-khan-{application.vacancy.title.lower().replace(' ', '-')}.pdf"
    )


def test_a_blind_pack_holds_nothing_that_identifies_the_candidate(setup, recruiter):
    application, entry, document = setup
    vacancy = application.vacancy
    vacancy.blind_shortlist = True
    vacancy.save()
    application.refresh_from_db()
    data = submission_pack_build(application=application, entry=entry, document=document, actor=recruiter)
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    # The facts, the case (redacted) and the CV's substance are there…
    for expected in (
        "Candidate 1",
        "Lead Python Engineer",
        "4 weeks",
        "Yes, declared by the candidate",
        "rebuilt the card platform at Northwind",
        "nine years building payment systems",
        "Northwind Payments - Lead Engineer",
        "have been removed from this CV",
    ):
        assert expected in text, expected
    # …and nothing that identifies the person, anywhere: pages, metadata, file name.
    metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
    filename = submission_pack_filename(application=application, entry=entry)
    for item in IDENTIFYING:
        assert item.lower() not in text.lower(), item
        assert item.lower() not in metadata.lower(), item
        assert item.lower() not in filename.lower(), item
    assert not re.search(r"\d{5,}", text.replace(" ", ""))  # no phone number in any spacing
    assert "Original CV page" not in text  # a PDF cannot be redacted: never appended when blind
    assert filename.startswith("candidate-1-")


def test_a_word_cv_is_laid_out_as_text(setup, recruiter):
    application, entry, _ = setup
    document = document_upload(
        actor=recruiter,
        candidate=application.candidate,
        upload=io.BytesIO(make_docx("Aisha Khan", "Staff engineer at Northwind")),
        filename="cv.docx",
    )
    Document.objects.filter(pk=document.pk).update(text="Aisha Khan\n\nStaff engineer at Northwind")
    document.refresh_from_db()
    data = submission_pack_build(application=application, entry=entry, document=document, actor=recruiter)
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    text = pdf_text(data)
    assert "Staff engineer at Northwind" in text and "Laid out from the candidate's CV." in text


def test_text_outside_latin1_is_folded_not_refused(setup, recruiter):
    application, entry, document = setup
    candidate = application.candidate
    candidate.first_name, candidate.last_name = "Łukasz", "Wójcik"
    candidate.save()
    entry.rationale = "“Ships fast” \u2013 led the Kraków team • Python… €90k"
    entry.save()
    Document.objects.filter(pk=document.pk).update(content_type="text/plain", text="Łódź → Leeds ✓")
    document.refresh_from_db()
    application.refresh_from_db()
    text = pdf_text(
        submission_pack_build(application=application, entry=entry, document=document, actor=recruiter)
    )
    assert "Lukasz Wójcik" in text
    assert '"Ships fast" - led the Kraków team - Python... EUR90k' in text
    assert "Lódz ? Leeds ?" in text  # ó is Latin-1, ź is folded, the arrow and tick are not
    assert latin1_fold("Ørsted Straße") == "Ørsted Straße"  # Latin-1 letters are kept


def test_the_agency_logo_heads_the_pack(setup, recruiter):
    application, entry, document = setup
    profile = AgencyProfile.objects.create(
        pk=1, name="Northern Talent Partners", logo_content_type="image/png"
    )
    profile.logo.save("logo.png", ContentFile(png(8, 4)))
    data = submission_pack_build(application=application, entry=entry, document=document, actor=recruiter)
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert "Northern Talent Partners" in page.extract_text()
    assert len(page.images) == 1


def test_the_covering_message_of_a_blind_vacancy_never_names_the_candidate(setup, recruiter):
    application, _, _ = setup
    subject, body = submission_pack_message_default(
        application=application, contact_first_name="Tom", actor=recruiter
    )
    assert "Aisha Khan" in subject and body.startswith("Dear Tom,") and "Rita Moss" in body
    application.vacancy.blind_shortlist = True
    subject, body = submission_pack_message_default(
        application=application, contact_first_name="Tom", actor=recruiter
    )
    assert "Aisha" not in subject + body and "Khan" not in subject + body


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_with_a_truetype_font_set_any_script_prints_as_written(setup, recruiter, settings):
    import os

    if not os.path.exists(DEJAVU):
        pytest.skip(f"no TrueType font at {DEJAVU} on this machine")
    settings.SUBMISSION_PACK_FONT = DEJAVU
    application, entry, document = setup
    candidate = application.candidate
    candidate.first_name, candidate.last_name = "Łukasz", "Żółć"
    candidate.save()
    application.refresh_from_db()
    Document.objects.filter(pk=document.pk).update(content_type="text/plain", text="Łódź → Leeds")
    document.refresh_from_db()
    text = pdf_text(
        submission_pack_build(application=application, entry=entry, document=document, actor=recruiter)
    )
    assert "Łukasz Żółć" in text and "Łódź → Leeds" in text
