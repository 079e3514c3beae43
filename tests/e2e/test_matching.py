"""The whole path in a real browser: find matches -> shortlist -> manager approves -> the candidate
agrees through a signed link -> submit -> the client opens the review link and asks to interview."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from playwright.sync_api import expect

from candidates.services import document_upload
from tests.candidates.files import make_pdf
from tests.e2e.conftest import screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.compliance import IdentityCheckFactory
from tests.factories.core import TeamFactory, UserFactory
from tests.factories.vacancies import VacancyFactory
from vacancies.models import Application, ClientFeedback, Submission
from vacancies.services.vacancies import vacancy_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if username:
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/")
    return page


def test_from_matches_to_the_client_asking_for_an_interview(browser, live_server):
    team = TeamFactory(name="Leeds Tech")
    rita = UserFactory(
        username="rita", first_name="Rita", last_name="Moss", team=team, password=settings.DEMO_PASSWORD
    )
    UserFactory(username="mark", role="manager", team=team, password=settings.DEMO_PASSWORD)
    client = ClientFactory(owner=rita, name="Northgate Engineering Ltd")
    contact = ContactFactory(client=client, first_name="Hannah", last_name="Cole")
    vacancy = VacancyFactory(client=client, contact=contact, title="Django Developer")
    vacancy = vacancy_open(actor=rita, vacancy=vacancy)
    aisha = CandidateFactory(
        owner=rita,
        first_name="Aisha",
        last_name="Khan",
        skills=["Python", "Django", "PostgreSQL"],
        employment_types=["perm"],
        right_to_work="yes",
        desired_salary=62000,
        notice_period_weeks=4,
    )
    CandidateFactory(
        owner=rita, first_name="Tom", last_name="Reed", skills=["Python"], employment_types=["perm"]
    )
    document_upload(
        actor=rita, candidate=aisha, upload=io.BytesIO(make_pdf("Aisha Khan CV")), filename="cv.pdf"
    )

    # Find matches and shortlist with one click.
    page = signed_in(browser, live_server, "rita")
    page.goto(f"/vacancies/{vacancy.pk}/")
    page.get_by_role("link", name="Find matches").click()
    page.wait_for_selector("#matches")
    assert "Aisha Khan" in page.inner_text("#matches") and "Tom Reed" not in page.inner_text("#matches")
    assert "has 2 of 2 must-haves" in page.inner_text("#matches")
    screenshot(page, "matching-matches")
    page.get_by_role("button", name="Add Aisha Khan to the shortlist").click()
    page.get_by_role("link", name="Shortlist: Django Developer").first.click()
    page.locator("textarea[name=rationale]").fill("Strongest Django background in Leeds.")
    page.get_by_role("button", name="Save ranks and rationale").click()
    page.get_by_role("button", name="Send for review").click()
    assert page.inner_text("#shortlist-status") == "In review"
    screenshot(page, "matching-shortlist-in-review")

    # The manager is told, opens the shortlist and approves.
    boss = signed_in(browser, live_server, "mark")
    boss.goto("/vacancies/notices/")
    boss.get_by_role("link", name="ready for your review").click()
    boss.get_by_label("Approve").check()
    boss.get_by_label("Comment for rank 1").fill("Good fit")
    screenshot(boss, "matching-review")
    boss.get_by_role("button", name="Record decisions").click()
    assert boss.inner_text("#shortlist-status") == "Approved"

    # The candidate agrees through a signed link.
    application = Application.objects.get(vacancy=vacancy, candidate=aisha)
    page.goto(f"/vacancies/applications/{application.pk}/")
    page.get_by_role("button", name="Create a link to copy").click()
    consent_url = page.locator("#consent-url").input_value()
    candidate_page = signed_in(browser, live_server, None)
    candidate_page.goto(consent_url)
    assert "Northgate Engineering Ltd" in candidate_page.content()
    screenshot(candidate_page, "matching-consent")
    candidate_page.get_by_role("button", name="Yes, put me forward").click()
    assert "agree to be put forward" in candidate_page.inner_text("#consent-result")

    # Conduct Regs reg 19: not before her identity is confirmed …
    page.reload()
    page.get_by_role("button", name="Submit to client").click()
    expect(page.locator(".message-error")).to_contain_text("confirm the candidate's identity")
    # … which compliance records (the passport seen at registration, verified by a second person).
    IdentityCheckFactory(candidate=aisha)

    # Submit to the client, then share the shortlist.
    page.reload()
    page.get_by_role("button", name="Submit to client").click()
    page.wait_for_selector("text=Submitted to the client.")
    screenshot(page, "matching-application-submitted")
    submission = Submission.objects.get(application=application)
    assert submission.contact == contact and submission.document is not None
    page.goto(f"/vacancies/shortlists/{submission.entry.shortlist_id}/")
    page.get_by_role("button", name="Create a link to copy").click()
    share_url = page.locator("#share-url").input_value()

    # The client's hiring manager opens the link without an account and asks to interview.
    hiring = signed_in(browser, live_server, None)
    hiring.goto(share_url)
    assert "Aisha Khan" in hiring.content()
    hiring.get_by_label("Interview").check()
    hiring.get_by_label("Comment").fill("Can she do Tuesday?")
    hiring.get_by_role("button", name="Send decision").click()
    hiring.wait_for_selector("text=Your answer")
    screenshot(hiring, "matching-client-review")
    feedback = ClientFeedback.objects.get()
    assert feedback.decision == "interview"

    page.goto(f"/vacancies/applications/{application.pk}/")
    assert "Can she do Tuesday?" in page.inner_text("#client-feedback")
    screenshot(page, "matching-application-feedback")
