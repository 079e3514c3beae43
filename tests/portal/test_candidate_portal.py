"""The candidate's own portal page (issue 19): where each application stands in plain words, the
interviews with their calendar file, and every self-service change — audited, on the recruiter's
timeline, the owner told of what matters — scoped to the signed-in candidate alone."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone

from candidates.models import Candidate, Consent, Document
from clients.models import Client
from compliance.models import ComplianceTask
from core.models import AuditEvent
from engagement.selectors.timeline import candidate_timeline_get
from privacy.models import ErasureRequest, SubjectAccessRequest
from tests.candidates.files import make_pdf
from tests.engagement.conftest import move_to
from tests.factories.candidates import CandidateFactory
from tests.portal.conftest import sign_in
from vacancies.models import Interview, Notice
from vacancies.services.pipeline import application_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, portal_candidate):
    sign_in(client, portal_candidate)
    return client


def _audits(candidate, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, object_type="candidates.candidate", object_id=candidate.pk)
    )


def _timeline_titles(user, candidate) -> list[str]:
    return [entry.title for entry in candidate_timeline_get(user=user, candidate=candidate)]


def _notices(user) -> list[str]:
    return list(Notice.objects.filter(user=user).values_list("text", flat=True))


def test_each_application_shows_where_it_stands_in_plain_words(signed_in, recruiter, portal_application):
    page = signed_in.get("/portal/")
    body = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert portal_application.vacancy.title in body and "Northgate Engineering Ltd" in body
    assert "We have your details for this role" in body
    move_to(application=portal_application, actor=recruiter, stages=["screening", "shortlisted", "submitted"])
    body = signed_in.get("/portal/").content.decode()
    assert "Your CV is with the employer." in body
    assert 'data-stage="submitted"' in body


def test_a_confidential_client_is_never_named(signed_in, portal_application):
    Client.objects.filter(pk=portal_application.vacancy.client_id).update(is_confidential=True)
    body = signed_in.get("/portal/").content.decode()
    assert "Northgate Engineering Ltd" not in body and "A confidential client" in body


def test_upcoming_interviews_are_listed_with_their_calendar_file(signed_in, portal_application):
    interview = Interview.objects.create(
        application=portal_application,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        duration_minutes=45,
        location="Unit 4, Leeds Dock",
    )
    body = signed_in.get("/portal/").content.decode()
    assert "Unit 4, Leeds Dock" in body and f"/portal/interviews/{interview.pk}/invite.ics" in body
    ics = signed_in.get(f"/portal/interviews/{interview.pk}/invite.ics")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in ics.content and f"{interview.uid}@".encode() in ics.content


def test_another_candidates_records_are_never_reachable(signed_in, recruiter, portal_vacancy):
    other = CandidateFactory(owner=recruiter, email="other-person@example.test")
    theirs = application_create(actor=recruiter, vacancy=portal_vacancy, candidate=other)
    interview = Interview.objects.create(
        application=theirs, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert signed_in.get(f"/portal/interviews/{interview.pk}/invite.ics").status_code == 404
    # Consent for a vacancy the signed-in candidate is not in the pipeline of: 404, nothing written.
    assert (
        signed_in.post(f"/portal/consents/vacancy/{portal_vacancy.pk}/", {"answer": "give"}).status_code
        == 404
    )
    assert not Consent.objects.filter(purpose="submission").exists()
    assert signed_in.get("/portal/my-data/download/").status_code == 404  # no export of theirs yet


def test_contact_details_are_saved_audited_and_on_the_timeline(signed_in, recruiter, portal_candidate):
    response = signed_in.post(
        "/portal/details/",
        {"contact-phone": "07700 900123", "contact-town": "Wakefield", "contact-postcode": "wf1 2aa"},
    )
    assert response.status_code == 302 and response["Location"] == "/portal/#details"
    portal_candidate.refresh_from_db()
    assert (portal_candidate.phone, portal_candidate.town, portal_candidate.postcode) == (
        "+447700900123",
        "Wakefield",
        "WF1 2AA",
    )
    [event] = _audits(portal_candidate, "portal.contact_updated")
    assert event.actor is None and event.details == {"fields": ["phone", "postcode", "town"]}
    assert "Updated their contact details in the portal" in _timeline_titles(recruiter, portal_candidate)
    entry = next(
        e
        for e in candidate_timeline_get(user=recruiter, candidate=portal_candidate)
        if e.title.startswith("Updated their contact")
    )
    assert entry.by == "The candidate"
    # Saving the same again changes nothing and records nothing.
    signed_in.post(
        "/portal/details/",
        {"contact-phone": "+447700900123", "contact-town": "Wakefield", "contact-postcode": "WF1 2AA"},
    )
    assert len(_audits(portal_candidate, "portal.contact_updated")) == 1


def test_a_bad_phone_number_shows_the_error_and_keeps_what_was_typed(signed_in, portal_candidate):
    response = signed_in.post(
        "/portal/details/", {"contact-phone": "12ab", "contact-town": "Hull", "contact-postcode": ""}
    )
    body = response.content.decode()
    assert response.status_code == 400 and 'role="alert"' in body
    assert 'value="12ab"' in body and 'value="Hull"' in body and "field-error" in body
    portal_candidate.refresh_from_db()
    assert portal_candidate.town == "Leeds"


def test_availability_confirms_it_and_tells_the_owner(signed_in, recruiter, portal_candidate):
    start = timezone.localdate() + datetime.timedelta(days=30)
    response = signed_in.post(
        "/portal/availability/",
        {"availability-available_from": start.isoformat(), "availability-notice_period_weeks": "4"},
    )
    assert response.status_code == 302
    portal_candidate.refresh_from_db()
    assert portal_candidate.available_from == start and portal_candidate.notice_period_weeks == 4
    assert portal_candidate.availability_confirmed_on == timezone.localdate()
    assert _audits(portal_candidate, "portal.availability_updated")
    assert any(
        f"Candidate #{portal_candidate.pk} updated their availability" in t for t in _notices(recruiter)
    )
    assert "Updated their availability in the portal" in _timeline_titles(recruiter, portal_candidate)


def test_preferences_and_contact_choices_are_saved(signed_in, portal_candidate):
    signed_in.post(
        "/portal/preferences/",
        {
            "preferences-desired_roles": "Nurse, Care assistant",
            "preferences-desired_locations": "Leeds; York",
            "preferences-employment_types": ["perm", "temp"],
            "preferences-desired_salary": "32000",
            "preferences-desired_day_rate": "",
        },
    )
    signed_in.post(
        "/portal/contact-choices/",
        {"channel-preferred_channel": "sms", "channel-contact_frequency": "monthly"},
    )
    portal_candidate.refresh_from_db()
    assert portal_candidate.desired_roles == ["Nurse", "Care assistant"]
    assert portal_candidate.desired_locations == ["Leeds", "York"]
    assert portal_candidate.employment_types == ["perm", "temp"] and portal_candidate.desired_salary == 32000
    assert (portal_candidate.preferred_channel, portal_candidate.contact_frequency) == ("sms", "monthly")
    assert _audits(portal_candidate, "portal.preferences_updated") and _audits(
        portal_candidate, "portal.channel_updated"
    )


def test_a_new_cv_becomes_the_current_one_and_the_owner_is_told(signed_in, recruiter, portal_candidate):
    upload = io.BytesIO(make_pdf("Registered nurse, ten years"))
    upload.name = "my-cv.pdf"
    response = signed_in.post("/portal/cv/", {"cv-file": upload})
    assert response.status_code == 302
    document = Document.objects.get(candidate=portal_candidate)
    assert document.is_current_cv and document.uploaded_by is None
    assert any("uploaded a new CV" in t for t in _notices(recruiter))
    assert "Uploaded a new CV in the portal" in _timeline_titles(recruiter, portal_candidate)
    assert "my-cv.pdf" in signed_in.get("/portal/").content.decode()


def test_a_file_that_is_not_a_cv_is_refused_by_its_content(signed_in, portal_candidate):
    upload = io.BytesIO(b"MZ\x90\x00 this is a program, not a CV")
    upload.name = "cv.pdf"
    response = signed_in.post("/portal/cv/", {"cv-file": upload})
    assert response.status_code == 400 and "field-error" in response.content.decode()
    assert not Document.objects.filter(candidate=portal_candidate).exists()


def test_consent_for_a_vacancy_is_given_and_withdrawn_and_the_owner_told(
    signed_in, recruiter, portal_candidate, portal_application
):
    url = f"/portal/consents/vacancy/{portal_application.vacancy_id}/"
    assert signed_in.post(url, {"answer": "give"}).status_code == 302
    consent = Consent.objects.get(purpose="submission", vacancy_id=portal_application.vacancy_id)
    assert consent.method == "web_form" and consent.recorded_by is None and consent.is_live
    assert "You agreed that we may send your CV" in signed_in.get("/portal/").content.decode()
    assert signed_in.post(url, {"answer": "withdraw"}).status_code == 302
    consent.refresh_from_db()
    assert not consent.is_live
    assert any("withdrew consent to be put forward" in t for t in _notices(recruiter))
    titles = _timeline_titles(recruiter, portal_candidate)
    assert any(t.startswith("Consent withdrawn in the portal") for t in titles)


def test_marketing_consent_is_given_and_withdrawn(signed_in, recruiter, portal_candidate):
    signed_in.post("/portal/consents/marketing/", {"answer": "give"})
    assert Consent.objects.filter(
        candidate=portal_candidate, purpose="marketing", withdrawn_at__isnull=True
    ).exists()
    signed_in.post("/portal/consents/marketing/", {"answer": "withdraw"})
    assert not Consent.objects.filter(
        candidate=portal_candidate, purpose="marketing", withdrawn_at__isnull=True
    ).exists()
    assert any("withdrew marketing consent" in t for t in _notices(recruiter))
    assert signed_in.post("/portal/consents/marketing/", {"answer": "maybe"}).status_code == 302  # says why


def test_a_share_code_makes_a_task_for_the_compliance_officer(
    signed_in, compliance_officer, portal_candidate
):
    bad = signed_in.post("/portal/right-to-work/", {"share_code-share_code": "ABC"})
    assert bad.status_code == 400 and 'value="ABC"' in bad.content.decode()
    assert (
        signed_in.post("/portal/right-to-work/", {"share_code-share_code": "w12 345 678"}).status_code == 302
    )
    task = ComplianceTask.objects.get(candidate=portal_candidate)
    assert task.kind == "rtw_share_code" and task.share_code == "W12345678"
    assert task.assigned_to == compliance_officer
    assert _audits(portal_candidate, "portal.share_code_given")
    # Given again: the waiting task takes the new code (the officer never checks a stale one).
    signed_in.post("/portal/right-to-work/", {"share_code-share_code": "WABCDEFGH"})
    assert ComplianceTask.objects.get(candidate=portal_candidate).share_code == "WABCDEFGH"


def test_download_my_data_opens_a_subject_access_request_once(signed_in, portal_candidate):
    assert signed_in.post("/portal/my-data/").status_code == 302
    signed_in.post("/portal/my-data/")
    sar = SubjectAccessRequest.objects.get(candidate=portal_candidate)
    assert sar.status == "open" and sar.export_status == "building"
    assert "We are preparing it" in signed_in.get("/portal/").content.decode()
    from privacy.services.subject_access import sar_build_export

    sar_build_export(sar_id=sar.pk)  # what the worker does
    assert "Download my data" in signed_in.get("/portal/").content.decode()
    download = signed_in.get("/portal/my-data/download/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"


def test_erase_me_asks_for_confirmation_then_opens_an_erasure_request(signed_in, recruiter, portal_candidate):
    assert signed_in.get("/portal/erase/").status_code == 200
    unconfirmed = signed_in.post("/portal/erase/", {})
    assert unconfirmed.status_code == 400 and 'role="alert"' in unconfirmed.content.decode()
    assert not ErasureRequest.objects.exists()
    assert signed_in.post("/portal/erase/", {"confirm": "on"}).status_code == 302
    request = ErasureRequest.objects.get(candidate=portal_candidate)
    assert request.source == "portal" and request.status == "open"
    assert "You asked us to erase your details" in signed_in.get("/portal/").content.decode()
    assert any("asked to be erased" in t for t in _notices(recruiter))


def test_the_portal_page_runs_a_fixed_number_of_queries(
    signed_in, recruiter, portal_candidate, portal_vacancy, django_assert_max_num_queries
):
    from tests.factories.vacancies import VacancyFactory
    from vacancies.services.vacancies import vacancy_open

    for n in range(6):
        vacancy = vacancy_open(
            actor=recruiter,
            vacancy=VacancyFactory(client=portal_vacancy.client, owner=recruiter, team=recruiter.team),
        )
        application = application_create(actor=recruiter, vacancy=vacancy, candidate=portal_candidate)
        Interview.objects.create(
            application=application, starts_at=timezone.now() + datetime.timedelta(days=n + 1)
        )
    with django_assert_max_num_queries(14):
        assert signed_in.get("/portal/").status_code == 200


def test_an_anonymised_candidate_is_signed_out(signed_in, portal_candidate):
    Candidate.objects.filter(pk=portal_candidate.pk).update(is_anonymised=True)
    assert signed_in.get("/portal/").status_code == 302


BAD_VALUES = ("²", "١٢", "1.0", "+1", "-1", "1e3", "9" * 30, "x" * 2000, "")
FORM_FIELDS = {
    "/portal/details/": ["contact-phone", "contact-town", "contact-postcode"],
    "/portal/availability/": ["availability-available_from", "availability-notice_period_weeks"],
    "/portal/preferences/": [
        "preferences-desired_roles",
        "preferences-desired_locations",
        "preferences-employment_types",
        "preferences-desired_salary",
        "preferences-desired_day_rate",
    ],
    "/portal/contact-choices/": ["channel-preferred_channel", "channel-contact_frequency"],
    "/portal/cv/": ["cv-file"],
    "/portal/right-to-work/": ["share_code-share_code"],
    "/portal/consents/marketing/": ["answer"],
    "/portal/erase/": ["confirm"],
}


def test_no_input_to_a_signed_in_portal_form_gives_a_500(signed_in, portal_application):
    signed_in.raise_request_exception = False
    urls = {**FORM_FIELDS, f"/portal/consents/vacancy/{portal_application.vacancy_id}/": ["answer"]}
    for url, names in urls.items():
        for bad in BAD_VALUES:
            status = signed_in.post(url, dict.fromkeys(names, bad)).status_code
            assert status < 500, f"{url} with {bad!r}: {status}"
    for bad in ("9" * 30, "0"):
        assert signed_in.get(f"/portal/interviews/{bad}/invite.ics").status_code == 404
        assert signed_in.post(f"/portal/consents/vacancy/{bad}/", {"answer": "give"}).status_code == 404


def test_the_compliance_officer_sees_the_share_code_on_compliance_due(
    signed_in, client, compliance_officer, portal_candidate
):
    signed_in.post("/portal/right-to-work/", {"share_code-share_code": "W98765432"})
    from django.test import Client as BrowserClient

    officer = BrowserClient()
    officer.force_login(compliance_officer)
    page = officer.get("/compliance/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Right-to-work share code to check" in body and "W98765432" in body
