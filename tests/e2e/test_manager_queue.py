"""What a manager sees (issue 16), in a real browser: her queue first on her home page with the
shortlist waiting for her, opened from there and reviewed; the "waiting for my review" list; and the
activity table for a date range. Desktop and 390 px screenshots."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Candidate
from core.models import User
from engagement.services.communications import communication_log
from tests.e2e.conftest import login, screenshot
from vacancies.models import Shortlist, Vacancy
from vacancies.services.shortlists import shortlist_create, shortlist_entry_add, shortlist_submit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def _both_sizes(page, name: str, *, fits: bool = True) -> None:
    page.evaluate("window.scrollTo(0, 0)")  # a full-page shot of a scrolled page repeats the sticky header
    page.set_viewport_size(DESKTOP)
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size(PHONE)
    # The page fits a phone once it has laid itself out again: no sideways scrolling.
    # (Polled from here: the pages' CSP refuses wait_for_function's evaluated strings.)
    for _ in range(30):
        width = page.evaluate("document.documentElement.scrollWidth")
        if width <= PHONE["width"]:
            break
        page.wait_for_timeout(100)
    screenshot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)
    assert width <= PHONE["width"] or not fits, f"{name}: {width} px wide at 390 px"


def _waiting_shortlist() -> Shortlist:
    rachel = User.objects.get(username="rachel")
    vacancy = (
        Vacancy.objects.filter(owner=rachel, status="open", blind_shortlist=False).order_by("pk").first()
    )
    candidate = (
        Candidate.objects.filter(owner=rachel, anonymised_at__isnull=True)
        .exclude(applications__vacancy=vacancy)
        .order_by("pk")
        .first()
    )
    shortlist = shortlist_create(actor=rachel, vacancy=vacancy)
    shortlist_entry_add(
        actor=rachel, shortlist=shortlist, candidate=candidate, rationale="Ran the same migration at a bank."
    )
    return shortlist_submit(actor=rachel, shortlist=shortlist)


def test_manager_sees_the_waiting_shortlist_first_and_opens_it(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    shortlist = _waiting_shortlist()
    login(page, "maya")
    page.goto("/")
    queue = page.locator("#my-queue")
    expect(queue).to_be_visible()
    first_group = queue.locator(".mgr-queue-group").first
    expect(first_group).to_have_id("queue-shortlists")
    expect(first_group).to_contain_text(shortlist.vacancy.title)
    expect(first_group).to_contain_text("from Rachel Adeyemi")
    expect(page.get_by_text("You're all caught up.")).to_have_count(0)
    # The queue is the first panel on the page.
    assert page.evaluate(
        "document.querySelector('#my-queue').getBoundingClientRect().top"
        " < document.querySelector('#todo-title').getBoundingClientRect().top"
    )
    _both_sizes(page, "manager-home-queue")

    first_group.get_by_role("link", name=f"Review the shortlist for {shortlist.vacancy.title}").click()
    page.wait_for_url(f"**/vacancies/shortlists/{shortlist.pk}/")
    expect(page.locator("#shortlist-status")).to_have_text("In review")
    expect(page.locator("#review-form")).to_be_visible()
    expect(page.get_by_text("Ran the same migration at a bank.")).to_be_visible()

    page.goto("/vacancies/shortlists/review/")
    rows = page.locator("#review-queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(shortlist.vacancy.title)
    expect(rows.first).to_contain_text("Rachel Adeyemi")
    _both_sizes(page, "manager-review-queue")


def test_manager_reads_the_activity_table_for_a_date_range(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    candidate = Candidate.objects.filter(owner=rachel).order_by("pk").first()
    long_ago = timezone.now() - datetime.timedelta(days=60)
    for _ in range(3):
        communication_log(
            actor=rachel,
            kind="call",
            summary="Caught up on the role",
            candidate=candidate,
            occurred_at=long_ago,
        )
    login(page, "maya")
    page.goto("/dashboard/manager/")
    table = page.locator("#mgr-activity")
    expect(table).to_be_visible()
    expect(table.locator("tbody")).to_contain_text("Rachel Adeyemi")
    expect(table.locator("tbody")).not_to_contain_text("rachel")
    rachel_row = table.locator("tbody tr", has_text="Rachel Adeyemi")
    _both_sizes(page, "manager-activity-default")

    day = long_ago.date().isoformat()
    page.locator("#act-from").fill(day)
    page.locator("#act-to").fill(day)
    page.get_by_role("button", name="Show activity").click()
    expect(page.locator("#mgr-activity-range")).to_contain_text(long_ago.date().strftime("%-d %b %Y"))
    expect(rachel_row.locator("td").first).to_have_text("3")  # the three calls of that day
    expect(page.locator("#act-from")).to_have_value(day)
    _both_sizes(page, "manager-activity-range")


def test_a_contract_placement_counts_its_margin_over_the_expected_days(page, live_server):
    from compliance.demo import clear_for_placement
    from vacancies.models import Application
    from vacancies.selectors.compliance import vacancy_requirements_get
    from vacancies.services.pipeline import application_move

    call_command("seed_demo", quiet_logins=True)
    tom = User.objects.get(username="tom")
    application = Application.objects.get(
        candidate__last_name="McAllister", vacancy__title="Site Engineer (Civil)"
    )
    clear_for_placement(
        actor=tom, candidate=application.candidate, requirements=vacancy_requirements_get(application.vacancy)
    )
    application_move(actor=tom, application=application, stage="offer")
    start = timezone.localdate() + datetime.timedelta(days=7)

    login(page, "tom")
    page.goto(f"/vacancies/applications/{application.pk}/")
    form = page.locator("form", has=page.get_by_role("button", name="Place candidate"))
    form.get_by_label("Start date").fill(start.isoformat())
    form.get_by_label("Pay rate (£ a day)").fill("380")
    form.get_by_label("Charge rate (£ a day)").fill("450")
    form.get_by_role("button", name="Place candidate").click()
    # Refused, with what was typed kept and the missing field named.
    expect(
        page.get_by_text("Give the expected working days of a contract or temp assignment.")
    ).to_be_visible()
    expect(page.get_by_label("Charge rate (£ a day)")).to_have_value("450")
    _both_sizes(page, "placement-contract-form-error", fits=False)
    page.get_by_label("Expected days").fill("180")
    page.get_by_role("button", name="Save").click()
    fee = page.locator("#placement-fee-value")
    expect(fee).to_contain_text("£12,600")  # £70 a day x 180 days
    expect(fee).to_contain_text("£70 a day \u00d7 180 days")
    # The application page's stage-history table is wider than a phone (the phones work of issue 16
    # makes every page fit; this test is about the fee).
    _both_sizes(page, "placement-contract-fee", fits=False)

    # Extended by two months: the expected days change, and so does what it counts.
    page.get_by_text("Extended or shortened? Change the expected days").click()
    page.locator("form.placement-days").get_by_label("Expected days").fill("220")
    page.get_by_role("button", name="Save expected days").click()
    expect(page.get_by_text("the placement counts £15,400")).to_be_visible()

    page.goto(f"/clients/{application.vacancy.client_id}/")
    expect(page.locator("#placements-title").locator("..")).to_contain_text("£15,400")
    page.context.clear_cookies()
    login(page, "maya")
    # The demo's temp placement (also Tom's) counts beside it: £40 a day x 65 days.
    from vacancies.models import Placement

    in_month = Placement.objects.filter(start_on__year=start.year, start_on__month=start.month)
    toms = Placement.objects.filter(created_by=tom)
    assert 15_400 in [p.fee_value for p in in_month] and sum(p.fee_value for p in toms) == 18_000
    page.goto(f"/dashboard/manager/?to={(start + datetime.timedelta(days=31)).isoformat()}")
    month_row = page.locator("#mgr-placements tbody tr", has_text=start.strftime("%Y-%m"))
    expect(month_row).to_contain_text(f"{sum(p.fee_value for p in in_month):,}")
    expect(page.locator("#mgr-activity tbody tr", has_text="Tom Whitfield")).to_contain_text("18,000")
