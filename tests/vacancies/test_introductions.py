"""Gates at introduction (issue 17; API.md "Added in the second round"; DOMAIN.md Conduct Regs):
reg 18 before any introduction, reg 19 identity and qualifications before submission, no shortlist
for merged, anonymised or do-not-contact people, and erasure naming every client who saw the CV."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse

from candidates.models import Candidate, Qualification
from candidates.services import document_upload
from compliance.models import VettingNote
from privacy.selectors.person import candidate_cv_client_list
from tests.candidates.files import make_pdf
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import IdentityCheckFactory
from tests.factories.matching import approved_entry, submission_consent_give
from tests.factories.vacancies import VacancyFactory
from tests.vacancies.conftest import consent_to_submit
from vacancies.models import Application, Interview
from vacancies.services.interviews import interview_create
from vacancies.services.pipeline import PipelineRefused, application_create, application_move
from vacancies.services.shortlists import shortlist_create, shortlist_entry_add, shortlist_share

pytestmark = pytest.mark.django_db

START = datetime.date.today() + datetime.timedelta(days=30)


@pytest.fixture
def draft_vacancy(recruiter):
    """A draft vacancy whose hirer has not yet said the hours or the health and safety risks."""
    client = ClientFactory(owner=recruiter, team=recruiter.team)
    return VacancyFactory(
        client=client, owner=recruiter, team=recruiter.team, hours="", health_and_safety_risks=""
    )


def move(api, application, stage):
    return api.post(f"/api/v1/applications/{application.pk}/move/", {"stage": stage}, format="json")


# --- Conduct Regs reg 18 --------------------------------------------------------------------------


def test_sourcing_and_shortlisting_stay_open_on_a_draft_vacancy(recruiter, candidate, draft_vacancy):
    shortlist = shortlist_create(actor=recruiter, vacancy=draft_vacancy)
    shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=candidate)
    application = Application.objects.get(vacancy=draft_vacancy, candidate=candidate)
    assert application.stage == "shortlisted"


def test_submission_refuses_while_reg18_information_is_incomplete(
    api_as, recruiter, candidate, draft_vacancy
):
    application = application_create(actor=recruiter, vacancy=draft_vacancy, candidate=candidate)
    consent_to_submit(candidate, draft_vacancy, recruiter)
    response = move(api_as(recruiter), application, "submitted")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "reg18_incomplete"
    assert body["missing"] == ["hours", "health_and_safety_risks"]
    assert "hours" in body["detail"] and "health and safety" in body["detail"]
    application.refresh_from_db()
    assert application.stage == "sourced"
    # Once the hirer's information is in, the same move goes through.
    draft_vacancy.hours, draft_vacancy.health_and_safety_risks = "37.5 a week", "Office work: low risk"
    draft_vacancy.save()
    assert move(api_as(recruiter), application, "submitted").status_code == 200


def test_sharing_a_shortlist_refuses_while_reg18_is_incomplete(
    api_as, recruiter, manager, candidate, draft_vacancy
):
    entry = approved_entry(vacancy=draft_vacancy, candidate=candidate, reviewer=manager)
    response = api_as(recruiter).post(f"/api/v1/shortlists/{entry.shortlist_id}/share/")
    assert response.status_code == 409
    assert response.json()["code"] == "reg18_incomplete"
    assert response.json()["missing"] == ["hours", "health_and_safety_risks"]
    with pytest.raises(PipelineRefused):
        shortlist_share(actor=recruiter, shortlist=entry.shortlist)


def test_interview_offer_and_placement_refuse_once_reg18_information_is_lost(
    api_as, recruiter, candidate, open_vacancy
):
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, recruiter)
    application = application_move(actor=recruiter, application=application, stage="submitted")
    # The vacancy goes back on hold and its hours are cleared: nothing more reaches the client.
    type(open_vacancy).objects.filter(pk=open_vacancy.pk).update(status="on_hold", hours="")
    application = Application.objects.get(pk=application.pk)
    for stage in ("interview", "offer"):
        response = move(api_as(recruiter), application, stage)
        assert response.status_code == 409 and response.json()["missing"] == ["hours"]
    with pytest.raises(PipelineRefused) as exc:
        interview_create(
            actor=recruiter,
            application=application,
            starts_at=datetime.datetime.now(datetime.UTC),
            kind="video",
        )
    assert exc.value.code == "reg18_incomplete"
    assert not Interview.objects.exists()
    response = api_as(recruiter).post(
        "/api/v1/placements/",
        {"application": application.pk, "start_on": START.isoformat(), "salary": 50000},
        format="json",
    )
    assert response.status_code == 409


def test_the_board_shows_what_reg18_is_missing(client, recruiter, candidate, draft_vacancy):
    application = application_create(actor=recruiter, vacancy=draft_vacancy, candidate=candidate)
    consent_to_submit(candidate, draft_vacancy, recruiter)
    client.force_login(recruiter)
    response = client.post(
        reverse("vacancies:application_move", args=[application.pk]), {"stage": "submitted"}, follow=True
    )
    page = response.content.decode()
    assert "Conduct Regs reg 18" in page and "hours" in page


# --- Conduct Regs reg 19 --------------------------------------------------------------------------


def test_submission_refuses_until_identity_is_confirmed(api_as, recruiter, open_vacancy):
    person = CandidateFactory(owner=recruiter)  # no right-to-work check, no identity check
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=person)
    consent_to_submit(person, open_vacancy, recruiter)
    response = move(api_as(recruiter), application, "submitted")
    assert response.status_code == 409 and response.json()["code"] == "identity_unconfirmed"
    created = api_as(recruiter).post(
        "/api/v1/compliance/identity-checks/",
        {"candidate": person.pk, "method": "document_seen", "checked_on": datetime.date.today().isoformat()},
        format="json",
    )
    assert created.status_code == 201, created.json()
    # Four eyes: the owner's own identity check waits for compliance.
    still = move(api_as(recruiter), application, "submitted")
    assert still.status_code == 409 and "awaiting verification" in still.json()["detail"]


def test_a_passed_right_to_work_check_confirms_identity(api_as, recruiter, candidate, open_vacancy):
    # `candidate` has a passed List A check (verified by compliance in the factory).
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=candidate)
    consent_to_submit(candidate, open_vacancy, recruiter)
    assert move(api_as(recruiter), application, "submitted").status_code == 200


def test_a_required_qualification_must_be_verified_or_explained(api_as, recruiter, candidate, acme):
    vacancy = VacancyFactory(
        client=acme, owner=recruiter, required_qualifications="Care Certificate; six months in a care setting"
    )
    Qualification.objects.create(candidate=candidate, name="Care Certificate", verified=False)
    Qualification.objects.create(candidate=candidate, name="Grade C GCSE Art", verified=False)  # not required
    application = application_create(actor=recruiter, vacancy=vacancy, candidate=candidate)
    consent_to_submit(candidate, vacancy, recruiter)
    response = move(api_as(recruiter), application, "submitted")
    assert response.status_code == 409
    assert response.json()["code"] == "qualifications_unverified"
    assert response.json()["missing"] == ["Care Certificate"]
    VettingNote.objects.create(
        candidate=candidate,
        covers="qualifications",
        steps_taken="Awarding body closed.",
        recorded_by=recruiter,
    )
    assert move(api_as(recruiter), application, "submitted").status_code == 200


def test_a_verified_required_qualification_passes(api_as, recruiter, candidate, acme):
    vacancy = VacancyFactory(client=acme, owner=recruiter, required_qualifications="ACA or ACCA qualified")
    Qualification.objects.create(candidate=candidate, name="ACCA", verified=True)
    application = application_create(actor=recruiter, vacancy=vacancy, candidate=candidate)
    consent_to_submit(candidate, vacancy, recruiter)
    assert move(api_as(recruiter), application, "submitted").status_code == 200


# --- Who may be shortlisted -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"status": "do_not_contact"}, "asked not to be contacted"),
        ({"is_anonymised": True}, "anonymised"),
        ({"restricted_at": datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC)}, "restricted"),
    ],
)
def test_do_not_contact_anonymised_and_restricted_people_cannot_be_shortlisted(
    api_as, recruiter, open_vacancy, change, words
):
    person = CandidateFactory(owner=recruiter)
    Candidate.objects.filter(pk=person.pk).update(**change)
    person.refresh_from_db()
    shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy)
    with pytest.raises(ValidationError) as exc:
        shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=person)
    assert words in " ".join(exc.value.messages)
    response = api_as(recruiter).post(
        f"/api/v1/shortlists/{shortlist.pk}/entries/", {"candidate": person.pk}, format="json"
    )
    assert response.status_code == 400
    assert words in response.json()["candidate"][0]
    assert not shortlist.entries.exists() and not Application.objects.filter(candidate=person).exists()


def test_a_merged_record_cannot_be_shortlisted_or_moved_to_shortlisted(recruiter, open_vacancy):
    survivor, duplicate = CandidateFactory(owner=recruiter), CandidateFactory(owner=recruiter)
    Candidate.objects.filter(pk=duplicate.pk).update(merged_into=survivor)
    duplicate.refresh_from_db()
    shortlist = shortlist_create(actor=recruiter, vacancy=open_vacancy)
    with pytest.raises(ValidationError, match="merged"):
        shortlist_entry_add(actor=recruiter, shortlist=shortlist, candidate=duplicate)
    dnc = CandidateFactory(owner=recruiter)
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=dnc)
    Candidate.objects.filter(pk=dnc.pk).update(status="do_not_contact")
    with pytest.raises(ValidationError):
        application_move(actor=recruiter, application=application, stage="shortlisted")


def test_the_match_page_says_why_a_do_not_contact_person_was_not_added(client, recruiter, open_vacancy):
    person = CandidateFactory(owner=recruiter, status="do_not_contact")
    client.force_login(recruiter)
    response = client.post(
        reverse("vacancies:match_shortlist", args=[open_vacancy.pk, person.pk]), follow=True
    )
    assert "asked not to be contacted" in response.content.decode()


# --- Erasure: who received the CV ----------------------------------------------------------------


def test_erasure_names_every_client_who_viewed_or_downloaded_through_a_review_link(recruiter, manager):
    person = CandidateFactory(owner=recruiter, first_name="Imogen")
    viewed_only = VacancyFactory(client=ClientFactory(owner=recruiter, name="Viewed Ltd"), owner=recruiter)
    downloaded = VacancyFactory(client=ClientFactory(owner=recruiter, name="Downloaded plc"), owner=recruiter)
    never_opened = VacancyFactory(client=ClientFactory(owner=recruiter, name="Unopened LLP"), owner=recruiter)
    document_upload(actor=recruiter, candidate=person, upload=io.BytesIO(make_pdf("cv")), filename="cv.pdf")
    http = HttpClient()
    for vacancy in (viewed_only, downloaded, never_opened):
        entry = approved_entry(vacancy=vacancy, candidate=person, reviewer=manager)
        submission_consent_give(vacancy=vacancy, candidate=person)
        _, token = shortlist_share(actor=recruiter, shortlist=entry.shortlist)
        if vacancy is viewed_only:
            assert http.get(reverse("portal:client_review", args=[token])).status_code == 200
        if vacancy is downloaded:
            cv = http.get(reverse("portal:client_review_cv", args=[token, entry.pk]))
            assert cv.status_code == 200
    names = [c.name for c in candidate_cv_client_list(candidate=person)]
    assert names == ["Downloaded plc", "Viewed Ltd"]


def test_identity_is_confirmed_by_a_verified_identity_check(api_as, recruiter, open_vacancy):
    person = CandidateFactory(owner=recruiter)
    IdentityCheckFactory(candidate=person)
    application = application_create(actor=recruiter, vacancy=open_vacancy, candidate=person)
    consent_to_submit(person, open_vacancy, recruiter)
    assert move(api_as(recruiter), application, "submitted").status_code == 200


def test_the_shortlist_page_says_what_reg18_is_missing_when_sharing(
    client, recruiter, manager, candidate, draft_vacancy
):
    entry = approved_entry(vacancy=draft_vacancy, candidate=candidate, reviewer=manager)
    client.force_login(recruiter)
    response = client.post(reverse("vacancies:shortlist_share", args=[entry.shortlist_id]), follow=True)
    page = response.content.decode()
    assert "Conduct Regs reg 18" in page and "sharing the shortlist" in page
    assert "/vacancies/review/" not in page
