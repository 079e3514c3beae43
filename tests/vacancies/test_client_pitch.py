"""The client review page is the agency's pitch: the recruiter's case, current title, notice and
availability, the agency's name and logo, the recruiter's contact details — and never the pay
comparison or the matcher's internal reasons. Blind CVs lose every identifying detail."""

from __future__ import annotations

import datetime
import io
import struct
import zlib

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from candidates.models import Document
from candidates.services import document_upload
from core.models import AgencyProfile
from core.selectors import agency_get
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from tests.factories.matching import submission_consent_give
from vacancies.selectors.cv_redaction import cv_text_redact
from vacancies.services.shortlists import (
    shortlist_create,
    shortlist_entry_add,
    shortlist_review,
    shortlist_share,
    shortlist_submit,
)


def png(width: int = 2, height: int = 2) -> bytes:
    """A real PNG: a gold square on a navy bar (a stand-in agency logo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    navy, gold = b"\x14\x31\x4a", b"\xf0\xb4\x00"
    raw = b"".join(
        b"\x00" + gold * min(height, width) + navy * (width - min(height, width)) for _ in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def pitch(recruiter, manager, open_vacancy):
    recruiter.first_name, recruiter.last_name = "Rita", "Moss"
    recruiter.email, recruiter.phone = "rita@agency.test", "0113 496 0000"
    recruiter.save()
    open_vacancy.salary_min, open_vacancy.salary_max = 80000, 95000
    open_vacancy.save()
    shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy, rationale="Two leads who ship")
    aisha = CandidateFactory(
        owner=recruiter,
        first_name="Aisha",
        last_name="Khan",
        current_title="Lead Python Engineer",
        notice_period_weeks=4,
        available_from=timezone.localdate() + datetime.timedelta(days=40),
        desired_salary=72000,
        town="Leeds",
        skills=["Python", "Django"],
    )
    entry = shortlist_entry_add(
        actor=recruiter,
        shortlist=shortlist,
        candidate=aisha,
        rationale="Aisha rebuilt the payments platform at Northwind; she wants a hands-on lead role.",
    )
    shortlist_submit(actor=recruiter, shortlist=shortlist)
    shortlist_review(
        actor=manager, shortlist=shortlist, decisions=[{"entry": entry.pk, "decision": "approved"}]
    )
    shortlist.refresh_from_db()
    # Conduct Regs reg 19/28: the client sees only people who agreed to go forward for this vacancy.
    submission_consent_give(vacancy=open_vacancy, candidate=aisha, actor=recruiter)
    _, token = shortlist_share(actor=recruiter, shortlist=shortlist)
    return shortlist, entry, reverse("portal:client_review", args=[token]), token


def test_the_client_page_is_a_pitch_without_pay_or_match_reasons(client, pitch, settings):
    settings.AGENCY_NAME = "Northern Talent Partners"
    _, entry, url, _ = pitch
    page = client.get(url).content.decode()
    # The recruiter's written case, the facts the client plans with.
    assert "Aisha rebuilt the payments platform at Northwind" in page
    assert "Lead Python Engineer" in page and "4 weeks" in page
    available = entry.candidate.available_from
    assert f"From {available:%-d %b %Y}" in page and "Leeds" in page
    # The agency and the recruiter who can be called.
    assert "Northern Talent Partners" in page and "Rita Moss" in page
    assert "rita@agency.test" in page and "0113 496 0000" in page and 'href="tel:01134960000"' in page
    # Never the asking pay against the budget, nor the matcher's internals.
    for internal in ("asks", "budget", "£72k", "72,000", "£80", "must-have", "score", "weeks' notice, "):
        assert internal not in page, internal
    assert str(entry.match_score) not in page


def test_an_admin_sets_the_agency_name_and_logo(client, admin_user, pitch):
    _, _, url, _ = pitch
    client.force_login(admin_user)
    settings_url = reverse("agency-settings")
    assert client.get(settings_url).status_code == 200
    response = client.post(
        settings_url, {"name": "  Northern   Talent ", "logo": io.BytesIO(png())}, format="multipart"
    )
    assert response.status_code == 302
    agency = agency_get()
    assert agency.name == "Northern Talent" and agency.has_logo
    client.logout()
    page = client.get(url).content.decode()
    assert "Northern Talent" in page and reverse("agency-logo") in page
    logo = client.get(reverse("agency-logo"))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")


def test_a_logo_is_judged_by_its_content(client, admin_user):
    client.force_login(admin_user)
    url = reverse("agency-settings")
    fake = io.BytesIO(b"<svg onload=alert(1)></svg>")
    fake.name = "logo.png"
    response = client.post(url, {"name": "Agency", "logo": fake})
    assert response.status_code == 400 and "PNG or JPEG" in response.content.decode()
    big = io.BytesIO(png() + b"\x00" * (1024 * 1024 + 1))
    big.name = "logo.png"
    response = client.post(url, {"name": "Agency", "logo": big})
    assert response.status_code == 400 and "larger than 1 MB" in response.content.decode()
    assert not AgencyProfile.objects.filter(logo__gt="").exists()
    assert client.get(reverse("agency-logo")).status_code == 404


def test_only_admins_change_the_agency(client, recruiter, manager):
    for user in (recruiter, manager):
        client.force_login(user)
        assert client.get(reverse("agency-settings")).status_code == 403
        assert client.post(reverse("agency-settings"), {"name": "Mine"}).status_code == 403
    assert agency_get().name != "Mine"


def test_a_recruiter_sets_their_phone_and_the_client_sees_it(client, recruiter, pitch):
    _, _, url, _ = pitch
    client.force_login(recruiter)
    details = reverse("my-details")
    bad = client.post(
        details, {"first_name": "Rita", "last_name": "Moss", "email": "rita@agency.test", "phone": "call me"}
    )
    assert bad.status_code == 400 and "Enter a phone number" in bad.content.decode()
    data = {
        "first_name": "Rita",
        "last_name": "Moss",
        "email": "rita@agency.test",
        "phone": "+44 7700 900999",
    }
    assert client.post(details, data).status_code == 302
    recruiter.refresh_from_db()
    assert recruiter.phone == "+44 7700 900999"
    assert "+44 7700 900999" in client.get(details).content.decode()
    client.logout()
    assert "+44 7700 900999" in client.get(url).content.decode()


CV = """Aisha Khan
12 Acacia Avenue, Headingley, Leeds LS6 2QT
Flat 3, 45 Park Road
Postcode: M1 1AE
Date of birth: 14/03/1990
Born 14 March 1990 in Bradford.
Age: 35
aisha.khan@example.test | +44 7700 900123 | 07700 900456
linkedin.com/in/aisha-khan-dev
https://github.com/aishak
Portfolio: www.aishakhan.dev and aishakhan.io/work
Experience
2019 - 2023 Lead Python Engineer, Northwind (Django, ASP.NET, Node.js)
Led 3 teams across the park site; a golden age of shipping.
"""


def test_a_blind_cv_loses_every_identifying_detail(recruiter):
    candidate = CandidateFactory.build(
        first_name="Aisha",
        last_name="Khan",
        email="aisha.khan@example.test",
        phone="+447700900123",
        postcode="",
    )
    text = cv_text_redact(candidate, CV)
    for secret in (
        "Aisha",
        "Khan",
        "Acacia",
        "Headingley",
        "LS6",
        "2QT",
        "45 Park Road",
        "M1 1AE",
        "14/03/1990",
        "14 March 1990",
        "35",
        "example.test",
        "900123",
        "900456",
        "linkedin",
        "github",
        "aishak",
        "aishakhan.dev",
        "aishakhan.io",
    ):
        assert secret not in text, secret
    # The work history is still there to read.
    for kept in (
        "2019 - 2023 Lead Python Engineer, Northwind",
        "ASP.NET",
        "Node.js",
        "Led 3 teams across the park",
    ):
        assert kept in text, kept
    assert "golden age of shipping" in text


def test_a_blind_pitch_and_its_cv_download_hide_the_person(client, recruiter, pitch, open_vacancy):
    open_vacancy.blind_shortlist = True
    open_vacancy.save()
    _, entry, url, token = pitch
    document_upload(
        actor=recruiter, candidate=entry.candidate, upload=io.BytesIO(make_pdf("cv")), filename="cv.pdf"
    )
    Document.objects.filter(candidate=entry.candidate).update(text=CV)
    page = client.get(url).content.decode()
    assert "Aisha" not in page and "Khan" not in page and "Candidate 1" in page
    assert "[redacted] rebuilt the payments platform" in page and "Leeds" not in page
    text = client.get(reverse("portal:client_review_cv", args=[token, entry.pk])).content.decode()
    for secret in ("Aisha", "LS6 2QT", "14/03/1990", "linkedin.com", "github.com", "Acacia"):
        assert secret not in text, secret
    assert "Lead Python Engineer, Northwind" in text


def test_your_details_refuses_an_email_someone_else_has_without_a_500(client, recruiter, teammate):
    client.force_login(recruiter)
    data = {"first_name": "Rita", "last_name": "Moss", "email": teammate.email.upper(), "phone": ""}
    response = client.post(reverse("my-details"), data)
    assert response.status_code == 400
    recruiter.refresh_from_db()
    assert recruiter.email.lower() != teammate.email.lower()


@given(before=st.text(max_size=200), after=st.text(max_size=200))
@hypothesis_settings(max_examples=200, deadline=None)
def test_redaction_takes_any_text_and_never_leaves_the_email_or_a_profile_link(before, after):
    candidate = CandidateFactory.build(
        first_name="Aisha", last_name="Khan", email="aisha.khan@example.test", phone="", postcode=""
    )
    text = cv_text_redact(candidate, f"{before} aisha.khan@example.test https://linkedin.com/in/ak {after}")
    assert "aisha.khan@example.test" not in text and "linkedin.com/in/ak" not in text
