"""Submissions: an approved entry and a live per-vacancy consent first (Conduct Regs reg 19), the
record of what went where (reg 28), the written follow-up of a verbal one (reg 21), and the
ownership warning for a recent submission to the same client."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from candidates.models import Consent
from candidates.services import consent_withdraw, document_upload
from tests.candidates.files import make_pdf
from tests.factories.clients import ContactFactory
from tests.factories.matching import approved_entry
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from tests.vacancies.conftest import consent_to_submit
from vacancies.models import ConfirmationTask, Submission


@pytest.fixture
def application(open_vacancy, candidate):
    return ApplicationFactory(vacancy=open_vacancy, candidate=candidate)


def move(api, application, **body):
    return api.post(
        f"/api/v1/applications/{application.pk}/move/", {"stage": "submitted", **body}, format="json"
    )


def test_submission_needs_approval_then_consent_for_this_very_vacancy(api_as, recruiter, application):
    api = api_as(recruiter)
    assert move(api, application).json()["code"] == "not_approved"
    approved_entry(vacancy=application.vacancy, candidate=application.candidate)
    assert move(api, application).json()["code"] == "no_consent"
    other = VacancyFactory(client=application.vacancy.client)
    consent_to_submit(application.candidate, other, recruiter, approve=False)  # no blanket consent
    assert move(api, application).json()["code"] == "no_consent"
    consent = consent_to_submit(application.candidate, application.vacancy, recruiter, approve=False)
    consent_withdraw(actor=recruiter, consent=consent)  # a withdrawal takes effect at once
    assert move(api, application).json()["code"] == "no_consent"
    consent_to_submit(application.candidate, application.vacancy, recruiter, approve=False)
    assert move(api, application).status_code == 200


def test_submission_records_contact_channel_and_latest_cv(api_as, recruiter, application, acme_contact):
    vacancy = application.vacancy
    vacancy.contact = acme_contact
    vacancy.save()
    candidate = application.candidate
    older = document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(make_pdf("v1")), filename="cv1.pdf"
    )
    latest = document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(make_pdf("v2")), filename="cv2.pdf"
    )
    consent_to_submit(candidate, vacancy, recruiter)
    api = api_as(recruiter)
    stranger = ContactFactory()
    assert move(api, application, contact=stranger.pk).status_code == 400
    assert move(api, application, document=999999).status_code == 400
    body = move(api, application).json()
    assert body["stage"] == "submitted" and body["warnings"] == []
    submission = Submission.objects.get(application=application)
    assert (submission.contact, submission.document, submission.channel) == (acme_contact, latest, "email")
    assert submission.consent.vacancy_id == vacancy.pk and submission.submitted_by == recruiter
    assert older != latest


@time_machine.travel(datetime.datetime(2026, 12, 24, 10, tzinfo=datetime.UTC), tick=False)
def test_a_verbal_submission_creates_a_written_confirmation_task_in_three_business_days(
    client, api_as, recruiter, application
):
    consent_to_submit(application.candidate, application.vacancy, recruiter)
    assert move(api_as(recruiter), application, channel="verbal").status_code == 200
    task = ConfirmationTask.objects.get(application=application)
    # Conduct Regs reg 21: Christmas Day, the Boxing Day substitute and the weekend don't count.
    assert task.due_on == datetime.date(2026, 12, 31) and task.assigned_to == recruiter
    client.force_login(recruiter)
    page = client.get(reverse("vacancies:application", args=[application.pk])).content.decode()
    assert "Confirm the verbal submission in writing by Thu 31 Dec 2026" in page
    client.post(reverse("vacancies:confirmation_done", args=[task.pk]))
    task.refresh_from_db()
    assert task.done_at is not None


def test_submitting_again_to_the_same_client_warns_with_who_and_when(
    api_as, recruiter, teammate, candidate, open_vacancy
):
    first = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, teammate)
    assert move(api_as(teammate), first).status_code == 200
    second_vacancy = VacancyFactory(
        client=open_vacancy.client, owner=recruiter, team=recruiter.team, status="open"
    )
    second = ApplicationFactory(vacancy=second_vacancy, candidate=candidate)
    consent_to_submit(candidate, second_vacancy, recruiter)
    warnings = move(api_as(recruiter), second).json()["warnings"]
    assert len(warnings) == 1
    assert warnings[0]["code"] == "recently_submitted" and warnings[0]["by"] == teammate.display_name
    assert warnings[0]["vacancy"] == open_vacancy.title


def test_submission_warning_shows_on_the_application_page(
    client, recruiter, teammate, candidate, open_vacancy
):
    first = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, teammate)
    submissions_before = Submission.objects.count()
    client.force_login(teammate)
    client.post(reverse("vacancies:application_submit", args=[first.pk]), {"channel": "portal"})
    assert Submission.objects.count() == submissions_before + 1
    other = VacancyFactory(client=open_vacancy.client, owner=recruiter, team=recruiter.team, status="open")
    second = ApplicationFactory(vacancy=other, candidate=candidate)
    client.force_login(recruiter)
    refused = client.post(
        reverse("vacancies:application_submit", args=[second.pk]), follow=True
    ).content.decode()
    assert "A manager has not approved" in refused
    consent_to_submit(candidate, other, recruiter)
    page = client.post(
        reverse("vacancies:application_submit", args=[second.pk]), follow=True
    ).content.decode()
    assert "Already put forward to this client by" in page


def test_recruiter_records_consent_with_method_and_wording(client, recruiter, application):
    client.force_login(recruiter)
    url = reverse("vacancies:consent_record", args=[application.pk])
    assert (
        "Give the wording"
        in client.post(url, {"method": "phone", "wording": " "}, follow=True).content.decode()
    )
    assert (
        "cannot be in the future"
        in client.post(
            url, {"method": "phone", "wording": "v1", "given_at": "2999-01-01T10:00"}, follow=True
        ).content.decode()
    )
    assert (
        "Give the date and time"
        in client.post(
            url, {"method": "phone", "wording": "v1", "given_at": "yesterday"}, follow=True
        ).content.decode()
    )
    client.post(url, {"method": "phone", "wording": "submission-v1", "given_at": "2026-01-05T09:30"})
    consent = Consent.objects.get(purpose="submission", candidate=application.candidate)
    assert (consent.vacancy_id, consent.method, consent.wording_version) == (
        application.vacancy_id,
        "phone",
        "submission-v1",
    )
    assert consent.recorded_by == recruiter
    assert consent.given_at.date() == datetime.date(2026, 1, 5)


def test_the_board_shows_the_duplicate_warning_too(client, recruiter, teammate, candidate, open_vacancy):
    first = ApplicationFactory(vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, teammate)
    client.force_login(teammate)
    client.post(reverse("vacancies:application_move", args=[first.pk]), {"stage": "submitted"})
    other = VacancyFactory(client=open_vacancy.client, owner=recruiter, team=recruiter.team, status="open")
    second = ApplicationFactory(vacancy=other, candidate=candidate)
    consent_to_submit(candidate, other, recruiter)
    client.force_login(recruiter)
    url = reverse("vacancies:application_move", args=[second.pk])
    page = client.post(url, {"stage": "submitted"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Already put forward to this client by" in page and escape(teammate.display_name) in page
