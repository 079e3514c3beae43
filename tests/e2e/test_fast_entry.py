"""Fast data entry in a real browser (issue 16): rows added and removed in place, a record picker
used by typing, a CSV import written with the labels the screens show, and live advert hints.
Each saves desktop (1440 px) and phone (390 px) screenshots."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from candidates.models import Candidate
from clients.models import Client
from core.models import User
from engagement.models import Complaint
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login
from tests.factories.candidates import CandidateFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def both_sizes(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, f"{name}-desktop")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-phone")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_work_history_rows_are_added_and_removed_in_place(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    ada = CandidateFactory(owner=rachel, first_name="Ada", last_name="Quill", email="ada.quill@example.test")
    login(page, "rachel")
    page.goto(f"/candidates/{ada.pk}/edit/")
    history = page.locator("section[aria-labelledby=wh-title]")
    add = page.get_by_role("button", name="+ Add role")
    expect(add).to_be_visible()
    # The empty row offered first, then two more added on the page: no save in between.
    rows = history.locator("fieldset[data-row]:visible")
    expect(rows).to_have_count(1)
    rows.nth(0).get_by_label("Title").fill("Analyst")
    rows.nth(0).get_by_label("Employer").fill("Engine Works")
    rows.nth(0).get_by_label("Started on").fill("2018-02-01")
    add.click()
    expect(rows).to_have_count(2)
    expect(rows.nth(1).get_by_label("Title")).to_be_focused()
    rows.nth(1).get_by_label("Title").fill("Temporary typo")
    rows.nth(1).get_by_label("Employer").fill("Wrong Ltd")
    add.click()
    expect(rows).to_have_count(3)
    rows.nth(2).get_by_label("Title").fill("Lead Analyst")
    rows.nth(2).get_by_label("Employer").fill("Difference Engines")
    rows.nth(2).get_by_label("Started on").fill("2021-06-01")
    both_sizes(page, "fast-entry-work-history-three-rows")
    rows.nth(1).get_by_role("button", name="Remove role 2").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(1).locator("legend")).to_have_text("Role 2")
    page.get_by_role("button", name="Save candidate").click()
    expect(page.get_by_text("Candidate saved.")).to_be_visible()
    assert sorted(Candidate.objects.get(pk=ada.pk).work_history.values_list("employer", flat=True)) == [
        "Difference Engines",
        "Engine Works",
    ]

    # Reopened: both saved rows are there (latest role first); an error on one row keeps
    # everything typed.
    page.goto(f"/candidates/{ada.pk}/edit/")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_label("Employer")).to_have_value("Difference Engines")
    expect(rows.nth(1).get_by_label("Employer")).to_have_value("Engine Works")
    expect(rows.nth(0).get_by_label("Started on")).to_have_value("2021-06-01")
    expect(rows.nth(1).get_by_label("Started on")).to_have_value("2018-02-01")
    add.click()
    rows.nth(2).get_by_label("Title").fill("Consultant")
    rows.nth(2).get_by_label("Employer").fill("Later Ltd")
    rows.nth(2).get_by_label("Started on").fill("2024-05-01")
    rows.nth(2).get_by_label("Ended on").fill("2023-01-01")
    page.get_by_role("button", name="Save candidate").click()
    expect(page.get_by_text("The end date is before the start date.")).to_be_visible()
    expect(rows).to_have_count(3)
    expect(rows.nth(2).get_by_label("Employer")).to_have_value("Later Ltd")
    expect(rows.nth(0).get_by_label("Started on")).to_have_value("2021-06-01")
    both_sizes(page, "fast-entry-work-history-row-error")


def test_a_complaint_names_the_candidate_through_the_picker(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    rachel = User.objects.get(username="rachel")
    grace = CandidateFactory(
        owner=rachel, first_name="Gracella", last_name="Hopwood", current_title="Analyst"
    )
    CandidateFactory(owner=rachel, first_name="Gracie", last_name="Other")
    login(page, "rachel")
    page.goto("/service/complaints/new/")
    page.get_by_label("Complainant type").select_option("candidate")
    picker = page.get_by_role("combobox", name="Candidate")
    picker.press_sequentially("grac hop", delay=30)
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option", name="Gracella Hopwood")).to_be_visible()
    expect(listbox.get_by_role("option")).to_have_count(1)
    both_sizes(page, "fast-entry-picker-open")
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(picker).to_have_value("Gracella Hopwood")
    expect(page.locator("input[type=hidden][name=candidate]")).to_have_value(str(grace.pk))
    page.get_by_label("Channel").select_option("phone")
    page.get_by_label("Category").select_option("service")
    page.get_by_label("Severity").select_option("low")
    page.get_by_label("Description").fill("Was not told the interview had moved.")
    page.get_by_role("button", name="Log complaint").click()
    expect(page.get_by_text("Complaint C-").first).to_be_visible()
    assert Complaint.objects.get(description__startswith="Was not told").candidate_id == grace.pk


def test_a_csv_written_with_the_screens_labels_imports(page, live_server, tmp_path):
    call_command("seed_demo", quiet_logins=True)
    login(page, "rachel")
    page.goto("/candidates/import/")
    expect(page.get_by_role("link", name="Download the template CSV")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the template CSV").click()
    assert download.value.suggested_filename == "candidates-import-template.csv"
    bad = tmp_path / "bad.csv"
    bad.write_text("first_name,last_name,employment_types,source\nZed,Labelton,Permanent,Carrier pigeon\n")
    page.get_by_label("File").set_input_files(str(bad))
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_text("Nothing was imported.")).to_be_visible()
    expect(page.locator("table.import-errors")).to_contain_text("Carrier pigeon")
    both_sizes(page, "fast-entry-import-error-report")
    good = tmp_path / "good.csv"
    good.write_text(
        "first_name,last_name,employment_types,source,right_to_work,status\n"
        "Zed,Labelton,Permanent; Contract,Job board,Needs sponsorship,Not looking\n"
        "Yan,Codeson,perm,REFERRAL,yes,active\n"
    )
    page.get_by_label("File").set_input_files(str(good))
    page.get_by_role("button", name="Check file").click()
    passed = page.get_by_role("heading", name="Check passed: 2 to import, 0 duplicates to skip")
    expect(passed).to_be_visible()
    page.get_by_role("button", name="Import 2 candidates").click()
    expect(page.get_by_text("Imported 2")).to_be_visible()
    zed = Candidate.objects.get(last_name="Labelton")
    assert zed.employment_types == ["contract", "perm"] and zed.source == "job_board"
    assert zed.right_to_work == "needs_sponsorship" and zed.status == "not_looking"


def test_a_vacancy_from_a_client_starts_filled_in_and_hints_as_the_advert_is_typed(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    client = Client.objects.get(name="Northgate Engineering Ltd")
    login(page, "rachel")
    page.goto(f"/clients/{client.pk}/")
    page.get_by_role("link", name="Add vacancy").click()
    hirer = client.contacts.filter(is_hiring_manager=True).order_by("last_name").first()
    assert hirer is not None
    expect(page.get_by_label("Contact")).to_have_value(str(hirer.pk))
    expect(page.get_by_label("Hirer and business")).to_have_value(
        ", ".join(p for p in (client.name, client.sector) if p)
    )
    expect(page.get_by_label("Location (postcode)")).to_have_value(client.postcode)
    page.locator("#id_title").fill("Rockstar Site Engineer")
    page.locator("#id_description").press_sequentially("Join our young and dynamic team", delay=10)
    hints = page.locator("#language-hints")
    expect(hints).to_contain_text("“rockstar”")
    expect(hints).to_contain_text("“young and dynamic”")
    both_sizes(page, "fast-entry-live-language-hints")
    # Choosing another client swaps the contact list for that client's own.
    other = Client.objects.exclude(pk=client.pk).filter(contacts__isnull=False, team=client.team).first()
    if other is not None:
        page.get_by_label("Client").select_option(str(other.pk))
        names = [c.full_name for c in other.contacts.all()]
        expect(page.get_by_label("Contact").locator("option").nth(1)).to_contain_text(names[0].split()[0])
        assert client.contacts.first().full_name not in page.get_by_label("Contact").inner_text()
