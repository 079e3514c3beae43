"""The signed-link pages in the public frame (issue 19: the portal app is their home), each opened in
a real browser from the link as the app writes it into its email (SITE_URL + the portal's route, the
same path as before the move), answered as the person would, and opened again: a single-use link
then shows the plain "already been used" page in the same frame. Every page is shot at 1440 px and
at 390 px and must not scroll sideways on the phone."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Consent
from candidates.services import consent_record, document_upload
from compliance.models import ReferenceCheck, ReferenceRequest
from compliance.selectors.references import REFERENCE_PURPOSE
from compliance.services.references import reference_answer_url
from core.signing import signed_link_create
from engagement.models import FeedbackRequest, FeedbackResponse
from engagement.selectors.feedback import SURVEY_PURPOSE
from engagement.services.bulk import unsubscribe_url
from engagement.services.interview_invites import interview_confirm_link_create
from privacy.models import RetentionReview
from privacy.services.retention_notices import KEEP_MY_DATA
from tests.candidates.files import make_pdf
from tests.e2e.conftest import screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.matching import approved_entry, submission_consent_give
from tests.factories.pipeline import ApplicationFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import ClientFeedback, Interview
from vacancies.services.consents import consent_link_create, consent_link_url
from vacancies.services.shortlists import shortlist_share

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The paths links already emailed carry: they must never change (the URL names moved to portal:).
OLD_PATHS = {
    "portal:client_review": "/vacancies/review/{}/",
    "portal:consent_answer": "/vacancies/consent/{}/",
    "portal:survey": "/service/survey/{}/",
    "portal:interview-confirm": "/service/interview/{}/",
    "portal:unsubscribe": "/service/u/{}/",
    "portal:reference-answer": "/compliance/reference/{}/",
    "portal:keep_my_data": "/privacy/keep/{}/",
}


def test_the_paths_in_sent_links_are_unchanged():
    for name, path in OLD_PATHS.items():
        assert reverse(name, args=["tok"]) == path.format("tok")
    assert reverse("portal:client_review_cv", args=["tok", 7]) == "/vacancies/review/tok/cv/7/"


@dataclass
class World:
    entry: Any
    asked: Any  # an application whose candidate has not yet said whether to be put forward
    interview: Any
    feedback_request: Any
    reference_request: Any
    candidate: Any


@pytest.fixture
def world(recruiter, manager) -> World:
    vacancy = VacancyFactory(
        client=ClientFactory(owner=recruiter, name="Harbour Care Ltd"),
        owner=recruiter,
        title="Senior Care Coordinator",
    )
    candidate = CandidateFactory(owner=recruiter, first_name="Aisha", last_name="Khan")
    entry = approved_entry(vacancy=vacancy, candidate=candidate, reviewer=manager)
    entry.rationale = "Six years coordinating home care rotas; calm under pressure."
    entry.save(update_fields=["rationale"])
    submission_consent_give(vacancy=vacancy, candidate=candidate)
    document_upload(
        actor=recruiter, candidate=candidate, upload=io.BytesIO(make_pdf("cv")), filename="cv.pdf"
    )
    application = ApplicationFactory(vacancy=vacancy, candidate=candidate)
    asked = ApplicationFactory(vacancy=vacancy, candidate=CandidateFactory(owner=recruiter))
    interview = Interview.objects.create(
        application=application,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="12 Quay Street, Bristol",
    )
    feedback_request = FeedbackRequest.objects.create(
        application=application,
        stage="interview",
        respondent="candidate",
        client_id=vacancy.client_id,
        owner_id=recruiter.pk,
        team_id=recruiter.team_id,
    )
    reference_request = ReferenceRequest.objects.create(
        candidate=candidate,
        referee_name="Grace Hopper",
        referee_email="grace@example.test",
        relationship="Line manager",
        organisation="Quayside Homes",
        requested_by=recruiter,
        expires_at=timezone.now() + datetime.timedelta(days=21),
    )
    consent_record(actor=recruiter, candidate=candidate, purpose="marketing", method="web_form")
    return World(entry, asked, interview, feedback_request, reference_request, candidate)


def _both(page: Any, name: str) -> None:
    """Desktop and phone shots; on the phone nothing may scroll sideways."""
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name}: scrolls {overflow}px sideways at 390 px"
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def _in_the_public_frame(page: Any) -> None:
    """The agency's frame (templates/portal/base.html): its footer with the privacy notice, no staff
    navigation."""
    expect(page.locator(".public-footer").get_by_role("link", name="Privacy notice")).to_be_visible()
    expect(page.locator(".topbar")).to_have_count(0)


def _used_up(page: Any, url: str, name: str) -> None:
    page.goto(url)
    expect(page.locator("#link-problem")).to_contain_text("already been used")
    _in_the_public_frame(page)
    _both(page, name)


def _url(site: str, name: str, token: str) -> str:
    return site.rstrip("/") + reverse(name, args=[token])


def test_each_signed_link_page_is_answered_from_its_link_in_the_public_frame(
    page, live_server, settings, world, recruiter, manager
):
    settings.SITE_URL = live_server.url

    # The client's shortlist review keeps its own pitch header (the consultant), in the frame.
    _, token = shortlist_share(actor=manager, shortlist=world.entry.shortlist)
    page.goto(_url(live_server.url, "portal:client_review", token))
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior Care Coordinator")
    expect(page.locator(".pitch-header")).to_contain_text(recruiter.display_name)
    _in_the_public_frame(page)
    _both(page, "portal-link-client-review")
    card = page.locator(f"#entry-{world.entry.pk}")
    card.get_by_label("Interview").check()
    card.get_by_label("Comment").fill("Tuesday afternoon suits us")
    card.get_by_role("button", name="Send decision").click()
    expect(page.locator(f"#entry-{world.entry.pk} .pitch-answer")).to_contain_text("Interview")
    assert ClientFeedback.objects.get(entry=world.entry).comment == "Tuesday afternoon suits us"
    with page.expect_download() as download:
        card = page.locator(f"#entry-{world.entry.pk}")
        card.get_by_role("link", name="Download CV").click()
    assert download.value.suggested_filename == "candidate-1-cv.pdf"

    # "May we put you forward?"
    _, token = consent_link_create(actor=recruiter, application=world.asked)
    url = consent_link_url(token)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("May we put you forward?")
    _in_the_public_frame(page)
    _both(page, "portal-link-consent")
    page.get_by_role("button", name="Yes, put me forward").click()
    expect(page.locator("#consent-result")).to_contain_text("agree to be put forward")
    assert Consent.objects.filter(candidate=world.asked.candidate, purpose="submission").exists()
    _used_up(page, url, "portal-link-used")

    # The interview invitation: confirm attendance.
    _, token = interview_confirm_link_create(interview=world.interview, actor=recruiter)
    page.goto(_url(live_server.url, "portal:interview-confirm", token))
    expect(page.get_by_text("12 Quay Street, Bristol")).to_be_visible()
    _in_the_public_frame(page)
    _both(page, "portal-link-interview")
    page.get_by_role("button", name="Confirm you will attend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: you are confirmed")
    world.interview.refresh_from_db()
    assert world.interview.confirmed_at is not None

    # The feedback survey: a score, a comment, sent once.
    _, token = signed_link_create(
        purpose=SURVEY_PURPOSE, obj=world.feedback_request, expires_in=datetime.timedelta(days=30), max_uses=1
    )
    url = _url(live_server.url, "portal:survey", token)
    page.goto(url)
    _in_the_public_frame(page)
    page.get_by_role("button", name="Send").click()  # no score: the form says so, nothing is lost
    expect(page.locator("#score-errors")).to_contain_text("Choose a score from 0 to 10")
    page.get_by_label("Comment").fill("Clear and kind all the way")
    _both(page, "portal-link-survey-error")
    page.get_by_label("9", exact=True).check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    response = FeedbackResponse.objects.get(request=world.feedback_request)
    assert (response.score, response.comment) == (9, "Clear and kind all the way")
    _used_up(page, url, "portal-link-survey-used")

    # The referee's form.
    _, token = signed_link_create(
        purpose=REFERENCE_PURPOSE,
        obj=world.reference_request,
        expires_in=datetime.timedelta(days=21),
        max_uses=1,
    )
    page.goto(reference_answer_url(token))
    expect(page.get_by_role("heading", level=1)).to_contain_text("A reference for")
    _in_the_public_frame(page)
    _both(page, "portal-link-reference")
    page.get_by_label("Their role").fill("Care coordinator")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("I confirm I am the referee").check()
    page.get_by_role("button", name="Send the reference").click()
    expect(page.locator("#reference-done")).to_be_visible()
    assert ReferenceCheck.objects.filter(candidate=world.candidate, verified=False).count() == 1

    # One-click unsubscribe from marketing mail.
    url = unsubscribe_url(candidate_id=world.candidate.pk)
    page.goto(url)
    _in_the_public_frame(page)
    _both(page, "portal-link-unsubscribe")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.locator("#unsubscribe-result")).to_contain_text("not send you marketing emails")
    assert Consent.objects.get(candidate=world.candidate, purpose="marketing").withdrawn_at is not None

    # "Shall we keep your details?"
    _, token = signed_link_create(
        purpose=KEEP_MY_DATA, obj=world.candidate, expires_in=datetime.timedelta(days=30), max_uses=1
    )
    url = _url(live_server.url, "portal:keep_my_data", token)
    page.goto(url)
    _in_the_public_frame(page)
    _both(page, "portal-link-keep-my-data")
    page.get_by_role("button", name="Yes, keep my details").click()
    expect(page.get_by_role("status")).to_contain_text("We will keep your details")
    assert RetentionReview.objects.get(candidate=world.candidate).keep_until is not None
    _used_up(page, url, "portal-link-keep-used")

    # A tampered link: the same frame, the plain 404 page, no data.
    page.goto(_url(live_server.url, "portal:keep_my_data", token[:-2] + "xx"))
    expect(page.locator("#link-problem")).to_contain_text("not valid")
    _in_the_public_frame(page)
