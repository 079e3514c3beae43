"""A person's whole story in a real browser: the recruiter books an interview from the application
(stage Interview), records an offer (stage Offer), records the candidate's acceptance, places them,
and the candidate page shows all of it, with one timeline in words."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from compliance.demo import clear_for_placement
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from vacancies.models import Application, Interview, Offer
from vacancies.selectors.compliance import vacancy_requirements_get

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _both_widths(page, name: str, *panels: str) -> None:
    """Desktop and phone screenshots; on the phone, this lane's panels fit the screen (their
    tables become cards or scroll inside their own box), so nothing of ours scrolls sideways."""
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    for number, panel in enumerate(panels, start=1):
        page.locator(panel).screenshot(path=str(screenshot(page, f"{name}-390-{number}")))
        box = page.evaluate(
            "(sel) => { const e = document.querySelector(sel);"
            " return [e.getBoundingClientRect().right, e.scrollWidth - e.clientWidth]; }",
            panel,
        )
        assert box[0] <= 390 and box[1] <= 0, f"{panel} does not fit a 390px phone: {box}"
    page.set_viewport_size({"width": 1440, "height": 900})


def test_interview_offer_acceptance_and_placement_tell_the_whole_story(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    application = Application.objects.select_related("vacancy", "candidate", "owner").get(
        vacancy__title="Senior Python Developer", candidate__last_name="Brennan"
    )
    assert application.stage == "submitted"
    recruiter = application.owner
    # The vetting the vacancy needs is on record, so the placement gate lets it through.
    clear_for_placement(
        actor=recruiter,
        candidate=application.candidate,
        requirements=vacancy_requirements_get(application.vacancy),
    )
    login(page, recruiter.username)
    page.goto(f"/vacancies/applications/{application.pk}/")
    stage = page.locator("h1 .tag")
    expect(stage).to_have_text("Submitted")

    # Book an interview: the application moves to Interview.
    when = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    page.get_by_text("Book an interview").click()
    booking = page.locator("form[action$='/interviews/']")
    booking.get_by_label("When").fill(f"{when}T10:30")
    booking.get_by_label("Kind").select_option("video")
    booking.get_by_label("Interviewers (names)").fill("Jane Smith and a senior engineer")
    booking.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text("Interview booked. The application is at Interview.")).to_be_visible()
    expect(stage).to_have_text("Interview")

    # The interview went well.
    page.get_by_text("Record outcome").click()
    page.get_by_label("Outcome").select_option("passed")
    page.get_by_label("Feedback").fill("Strong on Django and testing")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("Interview outcome recorded.")).to_be_visible()

    # Record the offer: the application moves to Offer.
    page.get_by_text("Record an offer").click()
    offering = page.locator("form[action$='/offers/']")
    offering.get_by_label("Offered on").fill(datetime.date.today().isoformat())
    offering.get_by_label("Salary (£ a year)").fill("62000")
    start = (datetime.date.today() + datetime.timedelta(days=35)).isoformat()
    offering.get_by_label("Start on").fill(start)
    offering.get_by_role("button", name="Save offer").click()
    expect(page.get_by_text("Offer recorded. The application is at Offer.")).to_be_visible()
    expect(stage).to_have_text("Offer")
    screenshot(page, "story-application-offer")

    # The candidate accepts.
    page.locator(".offer-answer").get_by_role("button", name="Accepted").click()
    expect(page.get_by_text("Offer accepted. Record the placement")).to_be_visible()
    offer = Offer.objects.get(application=application)
    assert offer.status == "accepted"

    # Place them.
    placing = page.locator("form[action$='/placement/']")
    placing.get_by_label("Start date").fill(start)
    placing.get_by_label("Salary (£ a year)").fill("62000")
    placing.get_by_label("Fee (£)").fill("12400")
    placing.get_by_role("button", name="Place candidate").click()
    expect(page.get_by_text("Placed. Follow-ups are on your dashboard.")).to_be_visible()
    expect(stage).to_have_text("Placed")
    assert Interview.objects.get(application=application).outcome == "passed"
    _both_widths(
        page, "story-application-placed", "[aria-labelledby=history-title]", "[aria-labelledby=offers-title]"
    )

    # The candidate page tells the whole story.
    page.get_by_role("link", name="Candidate record").click()
    page.wait_for_url(re.compile(rf"/candidates/{application.candidate_id}/$"))
    story = page.locator("#candidate-story")
    expect(story).to_be_visible()
    row = story.locator("#story-applications tr", has_text="Senior Python Developer")
    expect(row.locator(".tag")).to_have_text("Placed")
    expect(row).to_contain_text(application.vacancy.client.name)
    expect(row).to_contain_text("due")  # the next step: the first follow-up
    expect(story.locator("#story-submissions")).to_contain_text(application.vacancy.client.name)
    expect(story.locator("#story-interviews")).to_contain_text("Passed")
    expect(story.locator("#story-offers")).to_contain_text("£62,000 a year")
    expect(story.locator("#story-offers")).to_contain_text("Accepted")
    expect(story.locator("#story-placements")).to_contain_text("Senior Python Developer")

    timeline = page.locator("#timeline .eng-tl")
    expect(timeline).to_be_visible()
    name = recruiter.display_name
    expect(timeline).to_contain_text(f"Moved to Interview by {name}")
    expect(timeline).to_contain_text(f"Moved to Offer by {name}")
    expect(timeline).to_contain_text("Offer accepted")
    expect(timeline).to_contain_text("Interview outcome: passed")
    expect(timeline).to_contain_text(f"Placed with {application.vacancy.client.name}")
    expect(timeline).to_contain_text("CV sent to")
    text = timeline.inner_text()
    codes = r"\b(candidate|application|interview|offer|placement|document|consent|privacy)\.[a-z_]+\b"
    assert not re.search(codes, text), text  # words, never audit codes like candidate.updated
    # One history panel, not two.
    expect(page.get_by_role("heading", name="Timeline")).to_have_count(1)
    expect(page.get_by_role("heading", name="Contact and pipeline history")).to_have_count(0)
    _both_widths(page, "story-candidate", "#applications", "#timeline")
