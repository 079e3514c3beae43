"""Phones and keyboards (issue 16): every main page fits a 390 px phone without sideways scrolling,
the navigation folds into a menu that works by keyboard, and the candidate list can be skipped to.

The page list comes from the URLconf (tests/e2e/pages.py): a new page is measured the day it is
added. Each page is saved at 390 and 1440 px (tests/e2e/screenshots/phone-*.png, desktop-*.png).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from core.context_processors import NAVIGATION
from tests.e2e.conftest import login, screenshot
from tests.e2e.pages import main_pages

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Iterator[Any]:
    """A new phone-sized browser context for each user; closed at the end of the test."""
    contexts: list[Any] = []

    def open_as(username: str) -> Any:
        context = browser.new_context(
            viewport=PHONE,
            is_mobile=True,
            has_touch=True,
            locale="en-GB",
            timezone_id="Europe/London",
            base_url=live_server.url,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if username:
            login(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_every_main_page_fits_a_phone_without_sideways_scrolling(phone):
    call_command("seed_demo", quiet_logins=True)
    pages = main_pages()
    assert len(pages) > 30  # the URLconf walk found the app's pages, not an empty list
    tabs: dict[str, Any] = {}
    too_wide, not_shown = [], []
    for page in pages:
        tab = tabs.get(page.username) or tabs.setdefault(page.username, phone(page.username))
        response = tab.goto(page.url)
        if response is None or response.status != 200 or not tab.url.endswith(page.url):
            not_shown.append(
                f"{page.url} as {page.username or 'anonymous'}: {response and response.status} {tab.url}"
            )
            continue
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{page.url} as {page.username or 'anonymous'}: {width} px")
        screenshot(tab, f"phone-{page.slug}")
        tab.set_viewport_size(DESKTOP)
        screenshot(tab, f"desktop-{page.slug}")
        tab.set_viewport_size(PHONE)
    assert not not_shown, "pages that did not open for their user:\n" + "\n".join(not_shown)
    assert not too_wide, "pages wider than a 390 px phone:\n" + "\n".join(too_wide)


def test_the_menu_button_reaches_every_section_by_keyboard(phone):
    call_command("seed_demo", quiet_logins=True)
    page = phone("ada")  # the admin: every section, Privacy included
    nav = page.get_by_role("navigation", name="Main")
    toggle = page.get_by_role("button", name="Menu")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()

    # Keyboard only: Tab to the button, open it, and every section is a Tab away.
    page.locator("body").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('nav-toggle')"):
            break
    expect(toggle).to_be_focused()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(nav).to_be_visible()
    screenshot(page, "phone-menu-open")
    for label, url_name, _prefix, _admins in NAVIGATION:
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        expect(focused).to_have_text(label)
        expect(focused).to_have_attribute("href", reverse(url_name))
    # Escape folds it again and gives focus back to the button.
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(nav).to_be_hidden()

    # Each section opens from the menu.
    for label, url_name, _prefix, _admins in NAVIGATION:
        toggle.click()
        nav.get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"**{reverse(url_name)}")
        # Folded again on the new page, with the section marked as the current one.
        expect(page.locator(f'#mainnav a[href="{reverse(url_name)}"]')).to_have_attribute(
            "aria-current", "page"
        )
        expect(toggle).to_have_attribute("aria-expanded", "false")

    # On a wide screen the sections are in the bar and the button is not there.
    page.set_viewport_size(DESKTOP)
    expect(toggle).to_be_hidden()
    expect(nav).to_be_visible()


def test_candidate_list_skips_to_results_and_folds_its_filters_on_a_phone(phone):
    call_command("seed_demo", quiet_logins=True)
    page = phone("rachel")
    page.goto("/candidates/")
    # The second Tab from the top of the page: "Skip to main content", then "Skip to results".
    page.locator("body").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to results")
    expect(skip).to_be_focused()
    box = skip.bounding_box()  # on screen once focused (Playwright calls an off-screen link visible)
    assert box is not None and box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    screenshot(page, "phone-candidates-skip-link")
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_be_focused()
    page.keyboard.press("Tab")  # the next stop is in the results, not the filters
    assert page.evaluate("() => document.getElementById('results').contains(document.activeElement)")

    # On a phone the filters start folded above the results; opened, they filter.
    filters = page.locator("details.filters-disclosure")
    skills = page.get_by_label("Skills (all of)")
    expect(skills).to_be_hidden()
    filters.locator("summary").click()
    expect(skills).to_be_visible()
    skills.fill("Excel")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**skills=Excel**")
    expect(page.locator("#results tbody tr").first).to_contain_text("Excel")
    for card in page.locator("#results tbody tr").all():
        expect(card).to_contain_text("Excel")
    # A card shows what the table's columns did: name, title, skills, status, owner.
    first = page.locator("#results tbody tr").first
    expect(first.locator(".cell-title a")).to_be_visible()
    expect(first.locator("[data-label=Owner]")).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-candidates-filtered")

    # On a wide screen the filters are open beside the results.
    page.set_viewport_size(DESKTOP)
    expect(skills).to_be_visible()
    screenshot(page, "desktop-candidates-filtered")
