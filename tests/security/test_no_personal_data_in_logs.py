"""No personal data in logs (issue 9, DESIGN "no personal data in logs, URLs or audit payloads").

Every log record from every logger (root at DEBUG, so django.request, django.security, celery,
axes and our own) is captured during a whole journey with one distinctive person: created through
the page and the API, CV uploaded and its text extracted, searched for on the page and the API,
a call logged, a failed login with their email, a 404 with their name in the address, a 400 and a
409 from the API, their signed link opened and guessed. Not one message, argument or traceback
names them. The audit trail written on the way is checked too.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import logging

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from candidates.models import Candidate, Document
from candidates.services.documents import document_extract_text
from core.models import AccessLog, AuditEvent
from core.signing import signed_link_create
from privacy.services.retention_notices import KEEP_MY_DATA
from tests.candidates.files import make_pdf

FIRST, LAST = "Zebedee", "Quillfeather"
EMAIL = "zebedee.quillfeather@example.test"
PHONE = "07700 900987"
POSTCODE = "LS6 2QT"
NEEDLES = [
    FIRST,
    LAST,
    EMAIL,
    "zebedee.quillfeather",
    "7700900987",
    "7700 900987",
    "900987",
    POSTCODE,
    "LS62QT",
]


@pytest.fixture
def every_record(caplog):
    """caplog at DEBUG on the root logger, also attached to loggers that don't propagate."""
    caplog.set_level(logging.DEBUG)
    extra = [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    for logger in extra:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in extra:
        logger.removeHandler(caplog.handler)


def record_texts(record: logging.LogRecord) -> list[str]:
    texts = [str(record.msg), repr(record.args)]
    with contextlib.suppress(TypeError, ValueError):
        texts.append(record.getMessage())
    if record.exc_info:
        texts.append(logging.Formatter().formatException(record.exc_info))
    if record.exc_text:
        texts.append(record.exc_text)
    return texts


def assert_nothing_personal(records: list[logging.LogRecord]) -> None:
    leaks = [
        (record.name, record.levelname, text[:300])
        for record in records
        for text in record_texts(record)
        if any(needle.lower() in text.lower() for needle in NEEDLES)
    ]
    assert not leaks, leaks


def test_a_whole_journey_logs_nothing_about_the_person(every_record, recruiter, manager, admin_user, api_as):
    page = HttpClient()
    page.force_login(recruiter)
    api = api_as(recruiter)

    # Created through the page…
    created = page.post(
        reverse("candidates:create"),
        {
            "first_name": FIRST,
            "last_name": LAST,
            "email": EMAIL,
            "phone": PHONE,
            "postcode": POSTCODE,
            "summary": f"{FIRST} {LAST} builds payment systems",
            "source": "direct",
            "right_to_work": "yes",
            "status": "active",
            "skills": "Python",
            "employment_types": ["perm"],
            "history-TOTAL_FORMS": "0",
            "history-INITIAL_FORMS": "0",
            "quals-TOTAL_FORMS": "0",
            "quals-INITIAL_FORMS": "0",
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    candidate = Candidate.objects.get(email=EMAIL)
    # … and again through the API: a 409 duplicate, then a 400 with the details in the body.
    body = {
        "first_name": FIRST,
        "last_name": LAST,
        "email": EMAIL.upper(),
        "phone": PHONE,
        "postcode": POSTCODE,
    }
    duplicate = api.post("/api/v1/candidates/", {**body, "source": "direct"}, format="json")
    assert duplicate.status_code in (400, 409), duplicate.json()  # refused either way
    bad = {**body, "email": f"{FIRST}-at-{LAST}", "available_from": f"{LAST}-day"}
    assert api.post("/api/v1/candidates/", bad, format="json").status_code == 400
    assert (
        api.patch(f"/api/v1/candidates/{candidate.pk}/", {"phone": "07700 900988"}, format="json").status_code
        == 200
    )
    assert (
        api.patch(f"/api/v1/candidates/{candidate.pk}/", {"phone": PHONE}, format="json").status_code == 200
    )

    # A CV, its text extracted (the service the Celery task runs), and a damaged one.
    cv = make_pdf(f"{FIRST} {LAST} {EMAIL} {PHONE}")
    uploaded = api.post(
        f"/api/v1/candidates/{candidate.pk}/documents/",
        {"kind": "cv", "file": io.BytesIO(cv)},
        format="multipart",
    )
    assert uploaded.status_code == 201, uploaded.json()
    document_extract_text(document_id=uploaded.json()["id"])
    broken = Document.objects.get(pk=uploaded.json()["id"])
    Document.objects.filter(pk=broken.pk).update(content_type="application/pdf")
    with broken.file.open("wb") as handle:
        handle.write(b"%PDF-1.4 " + f"{FIRST} {LAST} broken".encode())
    document_extract_text(document_id=broken.pk)
    page.get(reverse("candidates:document-download", args=[candidate.pk, broken.pk]))

    # Searched for, on the page and the API, by name, email and phone.
    for q in (LAST, f'"{FIRST} {LAST}"', EMAIL, "7700900987", f"{LAST} AND (", f"{FIRST}*"):
        assert page.get(reverse("candidates:index"), {"q": q}).status_code in (200, 400)
        assert api.get("/api/v1/candidates/", {"q": q}).status_code in (200, 400)

    # A call logged, and the candidate's page and timeline read.
    logged = page.post(
        reverse("engagement:log", args=["candidate", candidate.pk]),
        {"kind": "call", "direction": "outbound", "summary": f"Called {FIRST} on {PHONE}"},
    )
    assert logged.status_code == 200
    assert page.get(reverse("candidates:detail", args=[candidate.pk])).status_code == 200

    # A failed login with their email, a 404 with their name in the address, an outsider's 404.
    assert (
        HttpClient().post(reverse("login"), {"username": EMAIL, "password": "not-the-password"}).status_code
        == 200
    )
    assert (
        api_as(None).post("/api/v1/auth/token/", {"username": EMAIL, "password": "nope"}).status_code == 400
    )
    assert page.get(f"/candidates/{FIRST}.{LAST}/").status_code == 404
    assert page.get(f"/candidates/{candidate.pk}/documents/{EMAIL}/").status_code == 404

    # Their signed link opened, answered, and guessed.
    _, token = signed_link_create(purpose=KEEP_MY_DATA, obj=candidate, expires_in=datetime.timedelta(days=7))
    public = HttpClient()
    assert public.get(reverse("portal:keep_my_data", args=[token])).status_code == 200
    assert public.post(reverse("portal:keep_my_data", args=[token]), {"answer": "perhaps"}).status_code == 400
    assert public.get(reverse("portal:keep_my_data", args=[f"{LAST}-guess"])).status_code == 404

    # An admin exports what is held about them.
    assert api_as(admin_user).get(f"/api/v1/candidates/{candidate.pk}/export/").status_code == 200

    records = every_record.records
    assert len(records) > 5  # the journey did log (requests refused, extraction failed, …)
    assert any(r.name == "django.request" for r in records)
    assert_nothing_personal(records)
    assert not any(token in text for r in records for text in record_texts(r))  # nor the link's key

    # The audit trail and access log name ids and codes, never the person.
    for row in [
        *AuditEvent.objects.values("action", "details"),
        *AccessLog.objects.values("action", "details"),
    ]:
        assert not any(needle.lower() in str(row).lower() for needle in NEEDLES), row


@pytest.mark.parametrize(
    "value", [EMAIL, f"{FIRST} {LAST}", "+447700900987", "07700900987", "LS62QT", "sw1a1aa", "x" * 65]
)
def test_the_audit_guard_refuses_contact_details_and_free_text(recruiter, value):
    from core.services import PersonalDataInAuditError, audit_record

    with pytest.raises(PersonalDataInAuditError) as refused:
        audit_record(actor=recruiter, action="candidate.updated", details={"field": value})
    assert value not in str(refused.value)  # the refusal does not repeat it either


@pytest.mark.parametrize(
    "value", ["document.uploaded", "pdf", "review_shortlist", "2026-11-30", 12345678, "LS6"]
)
def test_the_audit_guard_accepts_ids_and_codes(recruiter, value):
    from core.services import audit_record

    audit_record(actor=recruiter, action="candidate.updated", details={"field": value})
