"""Two people, two real browser sessions, one candidate (issue 16, core.versioning): a stale save is
refused with the record as it is now and nothing typed is lost; edits of different fields both stand."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate
from tests.e2e.conftest import screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.core import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_sessions(live_server: Any, browser: Any, recruiter: Any, teammate: Any) -> Iterator[tuple[Any, Any]]:
    """Alice's and Bob's pages: separate browser contexts, so separate cookies and sessions."""
    contexts = [
        browser.new_context(viewport={"width": 1440, "height": 900}, base_url=live_server.url)
        for _ in range(2)
    ]
    pages = []
    for context, username in zip(contexts, ("alice", "bob"), strict=True):
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(DEFAULT_PASSWORD)
        page.keyboard.press("Enter")
        page.wait_for_url(f"{live_server.url}/")
        pages.append(page)
    yield pages[0], pages[1]
    for context in contexts:
        context.close()


def _save(page: Any) -> None:
    page.get_by_role("button", name="Save candidate").click()


def test_a_stale_save_is_refused_with_the_current_values_and_nothing_is_lost(
    two_sessions, recruiter, teammate
):
    alice, bob = two_sessions
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds")
    edit = f"/candidates/{candidate.pk}/edit/"
    alice.goto(edit)
    bob.goto(edit)

    alice.get_by_label("Current title").fill("Lead Developer")
    _save(alice)
    expect(alice.get_by_text("Candidate saved.")).to_be_visible()

    bob.get_by_label("Current title").fill("Principal Engineer")
    bob.get_by_label("Town").fill("York")
    _save(bob)
    conflict = bob.locator("#edit-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text(f"{recruiter.display_name} changed this record at")
    expect(conflict).to_contain_text("Nothing has been saved")
    # Bob's typing is still in the boxes; Alice's title is shown beside his.
    expect(bob.get_by_label("Current title")).to_have_value("Principal Engineer")
    expect(bob.get_by_label("Town")).to_have_value("York")
    expect(bob.locator("#id_current_title_conflict")).to_contain_text("Lead Developer")
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Lead Developer", "Leeds")  # nothing overwritten
    screenshot(bob, "concurrent-edit-conflict-desktop")
    bob.set_viewport_size({"width": 390, "height": 844})
    expect(conflict).to_be_visible()
    screenshot(bob, "concurrent-edit-conflict-390")
    width = bob.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the conflict page is {width}px wide at 390px"

    # Bob keeps his title: saving again writes his values, knowingly.
    _save(bob)
    expect(bob.get_by_text("Candidate saved.")).to_be_visible()
    expect(bob.get_by_role("heading", level=1)).to_be_visible()
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Principal Engineer", "York")


def test_two_people_editing_different_fields_both_keep_their_change(two_sessions, recruiter, teammate):
    alice, bob = two_sessions
    candidate = CandidateFactory(owner=recruiter, current_title="Developer", town="Leeds", tags=["python"])
    edit = f"/candidates/{candidate.pk}/edit/"

    # 1. Both open the form; Alice changes the town, Bob the title. Bob's save is stale: he is shown
    #    Alice's town in its box, his title kept, and one more save keeps both.
    alice.goto(edit)
    bob.goto(edit)
    alice.get_by_label("Town").fill("Harrogate")
    _save(alice)
    expect(alice.get_by_text("Candidate saved.")).to_be_visible()
    bob.get_by_label("Current title").fill("Data Engineer")
    _save(bob)
    expect(bob.locator("#edit-conflict")).to_be_visible()
    expect(bob.get_by_label("Town")).to_have_value("Harrogate")
    expect(bob.locator("#id_town_conflict")).to_contain_text("Harrogate")
    expect(bob.get_by_label("Current title")).to_have_value("Data Engineer")
    _save(bob)
    expect(bob.get_by_text("Candidate saved.")).to_be_visible()
    stored = Candidate.objects.get(pk=candidate.pk)
    assert (stored.current_title, stored.town) == ("Data Engineer", "Harrogate")

    # 2. Without a version (a page that lost it): only what each person changed is written.
    alice.goto(edit)
    bob.goto(edit)
    bob.evaluate("document.querySelector('input[name=version]').remove()")
    alice.get_by_label("Tags").fill("python, django")
    _save(alice)
    expect(alice.get_by_text("Candidate saved.")).to_be_visible()
    bob.get_by_label("Town").fill("Ripon")
    _save(bob)
    expect(bob.get_by_text("Candidate saved.")).to_be_visible()
    expect(bob.locator("main")).to_contain_text(re.compile("Ripon"))
    stored = Candidate.objects.get(pk=candidate.pk)
    assert stored.town == "Ripon"
    assert stored.tags == ["django", "python"]  # Alice's change stands
    assert stored.current_title == "Data Engineer"
    screenshot(bob, "concurrent-edit-both-kept-desktop")


def test_client_and_vacancy_edits_from_two_sessions(two_sessions, recruiter, teammate):
    from clients.models import Client
    from tests.factories.clients import ContactFactory
    from tests.factories.vacancies import VacancyFactory
    from vacancies.models import Vacancy

    alice, bob = two_sessions
    contact = ContactFactory(client__owner=recruiter, client__sector="Engineering")
    client = contact.client
    vacancy = VacancyFactory(client=client, hours="37.5 hours a week")

    # The client: Alice changes the sector, Bob (stale) the postcode; his save shows her sector.
    alice.goto(f"/clients/{client.pk}/edit/")
    bob.goto(f"/clients/{client.pk}/edit/")
    alice.get_by_label("Sector").fill("Construction")
    alice.get_by_role("button", name="Save").click()
    expect(alice.get_by_text("Client saved.")).to_be_visible()
    bob.get_by_label("Postcode").fill("LS2 7EE")
    bob.get_by_role("button", name="Save").click()
    expect(bob.locator("#edit-conflict")).to_be_visible()
    expect(bob.get_by_label("Sector")).to_have_value("Construction")
    expect(bob.get_by_label("Postcode")).to_have_value("LS2 7EE")
    assert Client.objects.get(pk=client.pk).postcode != "LS2 7EE"
    bob.get_by_role("button", name="Save").click()
    expect(bob.get_by_text("Client saved.")).to_be_visible()
    stored = Client.objects.get(pk=client.pk)
    assert (stored.sector, stored.postcode) == ("Construction", "LS2 7EE")

    # The vacancy: both change the hours.
    alice.goto(f"/vacancies/{vacancy.pk}/edit/")
    bob.goto(f"/vacancies/{vacancy.pk}/edit/")
    alice.get_by_label("Hours").fill("Part time, 3 days")
    alice.get_by_role("button", name="Save").click()
    expect(alice.get_by_text("Vacancy saved.")).to_be_visible()
    bob.get_by_label("Hours").fill("Evenings and weekends")
    bob.get_by_role("button", name="Save").click()
    expect(bob.locator("#edit-conflict")).to_be_visible()
    expect(bob.locator("#id_hours_conflict")).to_contain_text("Part time, 3 days")
    expect(bob.get_by_label("Hours")).to_have_value("Evenings and weekends")
    assert Vacancy.objects.get(pk=vacancy.pk).hours == "Part time, 3 days"
    screenshot(bob, "concurrent-edit-vacancy-conflict-desktop")
    bob.set_viewport_size({"width": 390, "height": 844})
    screenshot(bob, "concurrent-edit-vacancy-conflict-390")
    assert bob.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_board_move_from_a_stale_board_is_refused(two_sessions, recruiter, teammate):
    from tests.factories.pipeline import ApplicationFactory
    from vacancies.models import Application

    alice, bob = two_sessions
    application = ApplicationFactory(vacancy__client__owner=recruiter)
    board = f"/vacancies/{application.vacancy_id}/board/"
    alice.goto(board)
    bob.goto(board)

    def move(page: Any, stage: str) -> None:
        page.locator(f"#card-{application.pk} details.move-menu summary").click()
        page.locator(f"#stage-{application.pk}").select_option(stage)
        page.locator(f"#card-{application.pk} form[data-move-form] button").click()

    move(alice, "screening")
    expect(alice.locator(f".board-column[data-stage=screening] #card-{application.pk}")).to_be_visible()
    move(bob, "rejected")
    error = bob.locator("#board .alert-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(f"{recruiter.display_name} changed this application")
    expect(error).to_contain_text("it is now at Screening")
    # The board Bob sees now shows where it stands, and nothing moved.
    expect(bob.locator(f".board-column[data-stage=screening] #card-{application.pk}")).to_be_visible()
    assert Application.objects.get(pk=application.pk).stage == "screening"
    screenshot(bob, "concurrent-board-move-refused-desktop")
    bob.set_viewport_size({"width": 390, "height": 844})
    screenshot(bob, "concurrent-board-move-refused-390")
