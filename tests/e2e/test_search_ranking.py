"""Searching in a real browser (issue 20): the exact count, and the person with the word in their
title above the one with it in a passing line of their history. Desktop and 390 px shots."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate
from candidates.services import candidate_create
from core.models import User
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_search_shows_every_match_counted_and_the_title_match_first(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    passing = candidate_create(
        actor=rachel,
        owner=rachel,
        first_name="Pat",
        last_name="Passingline",
        email="pat.passingline@example.test",
        current_title="Office Manager",
        source=Candidate.Source.JOB_BOARD,
        work_history=[
            {
                "employer": "Acme",
                "title": "Clerk",
                "started_on": datetime.date(2010, 1, 1),
                "ended_on": datetime.date(2012, 1, 1),
                "summary": "Once used Zorblaxian tooling.",
            }
        ],
    )
    titled = candidate_create(
        actor=rachel,
        owner=rachel,
        first_name="Tia",
        last_name="Titlematch",
        email="tia.titlematch@example.test",
        current_title="Zorblaxian Engineer",
        source=Candidate.Source.JOB_BOARD,
    )
    login(page, "rachel")
    page.goto("/candidates/")
    page.get_by_label("Search candidates").fill("zorblaxian")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results-title")).to_have_text("2 candidates matching")
    links = page.locator("#results td.cell-title > a")
    expect(links).to_have_count(2)
    assert links.nth(0).get_attribute("href") == f"/candidates/{titled.pk}/"
    assert links.nth(1).get_attribute("href") == f"/candidates/{passing.pk}/"
    expect(page.locator("#results mark").first).to_be_visible()
    screenshot(page, "search-ranking")
    # Reopen the same search by its address (what a shared link or a reload does): same answer.
    page.goto(page.url)
    expect(page.locator("#results-title")).to_have_text("2 candidates matching")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "search-ranking-390")
