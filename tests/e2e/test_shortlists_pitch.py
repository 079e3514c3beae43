"""Shortlists and the client pitch in a real browser (issue 16): the rationale typed on the page
survives "Send for review"; a vacancy leads to its shortlists; the admin brands the agency; the
client's hiring manager reads a polished pitch (desktop and phone) without pay or match internals."""

from __future__ import annotations

import datetime
import io

import pytest
from django.conf import settings
from django.utils import timezone

from candidates.services import document_upload
from tests.candidates.files import make_pdf
from tests.e2e.conftest import login, screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory, ContactFactory
from tests.factories.core import TeamFactory, UserFactory
from tests.factories.matching import submission_consent_give
from tests.factories.vacancies import VacancyFactory
from tests.vacancies.test_client_pitch import png
from vacancies.models import Shortlist
from vacancies.services.shortlists import shortlist_create, shortlist_entry_add, shortlist_review
from vacancies.services.vacancies import vacancy_open

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, username, *, width=1440, height=900):
    context = browser.new_context(viewport={"width": width, "height": height}, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if username:
        login(page, username)  # with the authenticator code where the role needs one (admins)
    return page


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")


@pytest.fixture
def world():
    team = TeamFactory(name="Leeds Tech")
    rita = UserFactory(
        username="rita",
        first_name="Rita",
        last_name="Moss",
        email="rita.moss@northern-talent.test",
        team=team,
        password=settings.DEMO_PASSWORD,
    )
    mark = UserFactory(username="mark", role="manager", team=team, password=settings.DEMO_PASSWORD)
    UserFactory(username="ada", role="admin", team=None, password=settings.DEMO_PASSWORD)
    client = ClientFactory(owner=rita, name="Northgate Engineering Ltd")
    contact = ContactFactory(client=client, first_name="Hannah", last_name="Cole")
    vacancy = vacancy_open(
        actor=rita,
        vacancy=VacancyFactory(
            client=client, contact=contact, title="Lead Django Developer", salary_min=80000, salary_max=95000
        ),
    )
    aisha = CandidateFactory(
        owner=rita,
        first_name="Aisha",
        last_name="Khan",
        current_title="Lead Python Engineer",
        notice_period_weeks=4,
        available_from=timezone.localdate() + datetime.timedelta(days=35),
        desired_salary=72000,
        town="Leeds",
        skills=["Python", "Django"],
    )
    tom = CandidateFactory(
        owner=rita,
        first_name="Tom",
        last_name="Reed",
        current_title="Senior Backend Developer",
        notice_period_weeks=0,
        desired_salary=85000,
        town="York",
        skills=["Python"],
    )
    document_upload(
        actor=rita, candidate=aisha, upload=io.BytesIO(make_pdf("Aisha Khan CV")), filename="cv.pdf"
    )
    shortlist = shortlist_create(actor=rita, vacancy=vacancy)
    shortlist_entry_add(actor=rita, shortlist=shortlist, candidate=aisha)
    shortlist_entry_add(actor=rita, shortlist=shortlist, candidate=tom)
    # Both agreed to be put forward for this vacancy: only such people reach a client (reg 19).
    for person in (aisha, tom):
        submission_consent_give(vacancy=vacancy, candidate=person, actor=rita)
    return {"rita": rita, "mark": mark, "vacancy": vacancy, "shortlist": shortlist}


def test_a_rationale_typed_then_sent_for_review_is_kept_and_the_client_reads_a_pitch(
    browser, live_server, world
):
    vacancy, shortlist = world["vacancy"], world["shortlist"]

    # The admin brands the agency: name and logo.
    admin = signed_in(browser, live_server, "ada")
    admin.locator("details.usermenu summary").click()
    admin.get_by_role("menuitem", name="Agency settings").click()
    admin.get_by_label("Agency name").fill("Northern Talent Partners")
    admin.get_by_label("Logo", exact=True).set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png(160, 40)}]
    )
    admin.get_by_role("button", name="Save").click()
    expect_text(admin, "Agency details saved")
    expect_visible(admin.locator(".agency-preview img.pitch-logo"))
    screenshot(admin, "l3-agency-settings")

    # The recruiter adds her phone number for clients.
    page = signed_in(browser, live_server, "rita")
    page.goto("/accounts/details/")
    page.get_by_label("Work phone").fill("0113 496 0712")
    page.get_by_role("button", name="Save").click()
    expect_text(page, "Your details are saved")

    # Vacancy -> its shortlists -> the shortlist (named, not numbered).
    page.goto(f"/vacancies/{vacancy.pk}/")
    expect_visible(page.locator("#vacancy-shortlists").get_by_role("link", name=shortlist.name))
    page.get_by_role("link", name="Shortlists (1)").click()
    page.wait_for_url(f"**/vacancies/{vacancy.pk}/shortlists/")
    expect_visible(page.locator("#shortlists").get_by_text("Draft", exact=True))
    screenshot(page, "l3-vacancy-shortlists")
    page.get_by_role("link", name=shortlist.name).click()
    expect_visible(page.get_by_role("heading", name=f"Shortlist: {shortlist.name}"))

    # Type the case for each candidate and the summary, then go straight to "Send for review".
    page.locator("textarea[name=rationale]").fill("Two hands-on leads who have shipped Django at scale.")
    page.get_by_label("Rationale for rank 1").fill(
        "Aisha rebuilt the payments platform at Northwind and mentors four developers."
    )
    page.get_by_label("Rationale for rank 2").fill("Tom can start at once and knows the client's stack.")
    screenshot(page, "l3-shortlist-typed")
    page.get_by_role("button", name="Send for review").click()
    expect_text(page, "Saved and sent to your manager for review")
    assert page.inner_text("#shortlist-status") == "In review"
    page.reload()
    body = page.inner_text("main")
    assert "Aisha rebuilt the payments platform" in body and "Tom can start at once" in body
    assert "Two hands-on leads" in body
    screenshot(page, "l3-shortlist-in-review")

    # The same screens on a phone: no sideways scrolling (wide tables scroll in their own box).
    phone = signed_in(browser, live_server, "rita", width=390, height=844)
    phone.goto(f"/vacancies/{vacancy.pk}/shortlists/")
    expect_visible(phone.get_by_role("link", name=shortlist.name))
    no_sideways_scroll(phone)
    screenshot(phone, "l3-vacancy-shortlists-390")
    phone.get_by_role("link", name=shortlist.name).click()
    expect_visible(phone.get_by_text("Aisha rebuilt the payments platform"))
    no_sideways_scroll(phone)
    screenshot(phone, "l3-shortlist-in-review-390")

    # The manager approves (tested in test_matching through the page); the recruiter shares.
    shortlist = Shortlist.objects.get(pk=shortlist.pk)
    entries = list(shortlist.entries.all())
    shortlist_review(
        actor=world["mark"],
        shortlist=shortlist,
        decisions=[{"entry": e.pk, "decision": "approved"} for e in entries],
    )
    page.goto(f"/vacancies/shortlists/{shortlist.pk}/")
    page.get_by_role("button", name="Create a link to copy").click()
    share_url = page.locator("#share-url").input_value()

    # The client's hiring manager, no account, on a desktop.
    for width, height, name in ((1440, 900, "l3-client-pitch-desktop"), (390, 844, "l3-client-pitch-390")):
        client = signed_in(browser, live_server, None, width=width, height=height)
        client.goto(share_url)
        expect_visible(client.get_by_role("heading", name="Lead Django Developer"))
        text = client.inner_text("body")
        assert "Northern Talent Partners" in client.title()
        for shown in (
            "Aisha Khan",
            "Lead Python Engineer",
            "4 weeks",
            "Aisha rebuilt the payments platform",
            "Tom can start at once",
            "Rita Moss",
            "rita.moss@northern-talent.test",
            "0113 496 0712",
        ):
            assert shown in text, shown
        for hidden in ("asks", "budget", "£72k", "£80", "must-have", "Match"):
            assert hidden not in text, hidden
        logo = client.locator("header img.pitch-logo")
        expect_visible(logo)
        assert client.evaluate("document.querySelector('header img.pitch-logo').naturalWidth") == 160
        if width == 390:
            no_sideways_scroll(client)
        screenshot(client, name)

    # The client answers; the answer is shown on the page.
    client.get_by_role("group", name="Would you like to meet Aisha?").get_by_label("Interview").check()
    client.get_by_label("Comment").first.fill("Tuesday afternoon suits us.")
    client.get_by_role("button", name="Send decision").first.click()
    expect_text(client, "Your answer")


def expect_visible(locator):
    from playwright.sync_api import expect

    expect(locator).to_be_visible()


def expect_text(page, text):
    expect_visible(page.get_by_text(text).first)


def test_a_blind_pitch_hides_the_person_on_the_page_and_in_the_cv(browser, live_server, world):
    from candidates.models import Document
    from tests.vacancies.test_client_pitch import CV
    from vacancies.services.shortlists import shortlist_share

    vacancy, shortlist = world["vacancy"], world["shortlist"]
    vacancy.blind_shortlist = True
    vacancy.save()
    entries = list(shortlist.entries.all())
    shortlist.entries.filter(pk=entries[0].pk).update(
        rationale="Aisha Khan rebuilt the payments platform at Northwind; see github.com/aishak."
    )
    Document.objects.filter(candidate=entries[0].candidate).update(text=CV)
    from vacancies.services.shortlists import shortlist_submit

    shortlist_submit(actor=world["rita"], shortlist=shortlist)
    shortlist_review(
        actor=world["mark"],
        shortlist=shortlist,
        decisions=[{"entry": e.pk, "decision": "approved"} for e in entries],
    )
    _, token = shortlist_share(actor=world["rita"], shortlist=Shortlist.objects.get(pk=shortlist.pk))
    for width, height, name in (
        (1440, 900, "l3-client-pitch-blind"),
        (390, 844, "l3-client-pitch-blind-390"),
    ):
        client = signed_in(browser, live_server, None, width=width, height=height)
        client.goto(f"/vacancies/review/{token}/")
        expect_visible(client.get_by_role("heading", name="Candidate 1"))
        text = client.inner_text("body")
        for hidden in ("Aisha", "Khan", "Tom Reed", "github", "Leeds", "York", "asks", "budget"):
            assert hidden not in text, hidden
        assert "rebuilt the payments platform at Northwind" in text and "Lead Python Engineer" in text
        if width == 390:
            no_sideways_scroll(client)
        screenshot(client, name)
    cv = client.request.get(f"/vacancies/review/{token}/cv/{entries[0].pk}/").text()
    for hidden in ("Aisha", "Acacia", "LS6 2QT", "14/03/1990", "linkedin", "github", "aishakhan.dev"):
        assert hidden not in cv, hidden
    assert "Lead Python Engineer, Northwind" in cv
