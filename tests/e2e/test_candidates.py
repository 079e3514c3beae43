"""In a real browser: create a candidate, upload a CV, find them by a phrase from the CV."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from candidates.models import Candidate, Document
from tests.candidates.files import make_pdf
from tests.conftest import wait_for
from tests.e2e.conftest import screenshot
from tests.factories.candidates import CandidateFactory
from tests.factories.core import DEFAULT_PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")


def test_create_upload_cv_and_find_by_a_phrase_from_it(
    page, live_server, recruiter, teammate, celery_worker, tmp_path
):
    CandidateFactory(
        owner=teammate,
        first_name="Grace",
        last_name="Hopper",
        current_title="COBOL Programmer",
        skills=["COBOL", "Mainframe"],
        phone="+447700900777",
        tags=["legend"],
    )
    CandidateFactory(
        owner=recruiter,
        first_name="Alan",
        last_name="Turing",
        current_title="Cryptanalyst",
        skills=["Maths", "Python"],
    )
    log_in(page, live_server, "alice")

    page.goto("/candidates/")
    page.get_by_role("link", name="New candidate").first.click()
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace <b>")
    page.get_by_label("Email").fill("ada@example.test")
    page.get_by_label("Phone").fill("07700 900777")  # Grace's phone: a near duplicate
    page.get_by_label("Postcode").fill("ls1 4ap")
    page.get_by_label("Town").fill("Leeds")
    page.get_by_label("Current title").fill("Analytical Engine Programmer")
    page.get_by_label("Skills").fill("maths, JS")
    page.locator("#id_source").select_option("referral")
    page.get_by_label("Referrer").focus()
    page.locator("#duplicate-warning").get_by_text("Possible duplicate").wait_for()
    screenshot(page, "candidate-create-duplicate-warning")
    page.get_by_role("button", name="Save candidate").click()
    page.wait_for_url(re.compile(r"/candidates/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ada Lovelace <b>"  # escaped, shown as text
    candidate = Candidate.objects.get(email="ada@example.test")
    assert candidate.phone == "+447700900777"

    cv = tmp_path / "Ada Lovelace CV.pdf"
    cv.write_bytes(
        make_pdf("Wrote the first algorithm for the Analytical Engine and notes on Bernoulli numbers")
    )
    page.locator("#id_file").set_input_files(str(cv))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("Document uploaded").wait_for()
    wait_for(lambda: Document.objects.filter(candidate=candidate, extraction="done").exists(), timeout=30)
    page.goto(page.url.split("#")[0])
    page.evaluate("window.scrollTo(0, 0)")
    expect(page.get_by_role("link", name="Ada Lovelace CV.pdf")).to_be_visible()
    candidate.refresh_from_db()
    assert candidate.tags == []
    screenshot(page, "candidate-detail")

    page.goto("/candidates/")
    screenshot(page, "candidate-list")
    page.keyboard.press("/")  # focuses the search box
    page.keyboard.type('"bernoulli numbers"')
    page.keyboard.press("Enter")
    results = page.locator("#results table tbody tr")
    results.first.wait_for()
    # A function, not an expression: Playwright runs a bare expression through eval(), which the
    # CSP forbids.
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert "Ada Lovelace" in results.first.inner_text()
    assert page.locator("#results mark").first.inner_text().lower().startswith("bernoulli")
    screenshot(page, "candidate-search-results")

    page.get_by_label("Search candidates").fill("(bernoulli OR")
    page.keyboard.press("Enter")
    page.get_by_text("Search not understood").wait_for()
    screenshot(page, "candidate-search-error")


def test_import_a_csv_then_merge_a_duplicate(page, live_server, recruiter, tmp_path):
    CandidateFactory(
        owner=recruiter, first_name="Mo", last_name="Farah", email="mo@x.test", phone="+447700900100"
    )
    log_in(page, live_server, "alice")
    page.goto("/candidates/import/")
    bad = tmp_path / "bad.csv"
    bad.write_text("first_name,last_name,email,phone\nAnn,Lee,not-an-email,\n,Ray,,123\n")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Check file").click()
    page.get_by_text("Nothing was imported").wait_for()
    screenshot(page, "candidate-import-errors")

    good = tmp_path / "good.csv"
    good.write_text(
        "first_name,last_name,email,phone,postcode,skills,tags\n"
        "Ann,Lee,ann@x.test,,LS1 1AA,Python;SQL,import\n"
        "Mohamed,Farah,mo.farah@x.test,07700 900100,,Running,import\n"
        "Dup,Row,MO@x.test,,,,\n"
    )
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_role("button", name="Check file").click()
    page.get_by_text("Check passed").wait_for()
    screenshot(page, "candidate-import-check")
    page.get_by_role("button", name=re.compile(r"Import 2 candidates")).click()
    page.get_by_text("2 candidates imported").wait_for()
    screenshot(page, "candidate-import-done")

    page.goto("/candidates/attention/")
    screenshot(page, "candidate-needs-attention")
    mo = Candidate.objects.get(email="mo@x.test")
    page.goto(f"/candidates/{mo.pk}/")
    page.get_by_role("link", name="merge into this record").click()
    page.get_by_role("heading", name=re.compile("Merge")).wait_for()
    page.locator("input[name=pick_first_name][value=duplicate]").check()
    screenshot(page, "candidate-merge")
    page.get_by_role("button", name="Merge records").click()
    page.get_by_text(re.compile("Merged record")).wait_for()
    mo.refresh_from_db()
    assert mo.first_name == "Mohamed"
    assert Candidate.objects.live().filter(last_name="Farah").count() == 1

    page.goto("/candidates/")
    page.get_by_label("Select all on this page").check()
    page.get_by_label("Tag to add").fill("Shortlist-May")
    page.get_by_role("button", name="Add tag").click()
    page.get_by_text("Tagged 2 candidates").wait_for()
    assert Candidate.objects.live().filter(tags__contains=["shortlist-may"]).count() == 2
    screenshot(page, "candidate-list-tagged")
