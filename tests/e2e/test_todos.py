"""To-dos in a real browser (issue 18): add a call-back from a candidate's page, see it on the
record's timeline, on "My to-dos" beside the system's tasks and on the dashboard's "Due today",
snooze it a day, mark it done. Screenshots at 1440 and 390 px."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from candidates.models import Candidate
from engagement.models import ToDo
from tests.e2e.conftest import screenshot
from tests.e2e.test_clients_vacancies import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def both_sizes(page, name: str) -> None:
    page.set_viewport_size({"width": 1440, "height": 900})
    screenshot(page, name)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, f"{name}-390")
    page.set_viewport_size({"width": 1440, "height": 900})


def test_add_a_todo_on_a_candidate_see_it_everywhere_snooze_it_and_mark_it_done(page, live_server):
    call_command("seed_demo", quiet_logins=True)
    candidate = Candidate.objects.filter(owner__username="rachel").order_by("pk").first()
    login(page, "rachel")
    page.goto(f"/candidates/{candidate.pk}/")
    page.get_by_role("button", name="Add to-do").click()
    dialog = page.locator("#todo-modal")
    expect(dialog.get_by_label("Title")).to_be_focused()
    # Due a minute ago, today: overdue, and on today's list.
    due = timezone.localtime().replace(second=0, microsecond=0)
    dialog.get_by_label("Title").fill("Call back about the second interview")
    dialog.get_by_label("Due").fill(due.strftime("%Y-%m-%dT%H:%M"))
    expect(dialog.get_by_label("For")).to_have_value(str(candidate.owner_id))  # me, by default
    both_sizes(page, "todos-add-modal")
    dialog.get_by_role("button", name="Save to-do").click()
    expect(dialog.get_by_role("status")).to_contain_text("To-do set for you")
    todo = ToDo.objects.get(title="Call back about the second interview")
    assert (todo.candidate_id, todo.assignee.username, todo.due_at) == (candidate.pk, "rachel", due)
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    # The candidate's timeline reloads with its open to-do at the top.
    expect(page.locator(f"#record-todo-{todo.pk}")).to_be_visible()

    # The dashboard: due today, with a way to "My to-dos".
    page.goto("/")
    panel = page.locator("#due-today")
    expect(panel.locator(f"#due-todo-{todo.pk}")).to_contain_text("Call back about the second interview")
    expect(panel.locator(".due-today-count")).to_contain_text("due today")
    both_sizes(page, "todos-dashboard-due-today")

    # "My to-dos" from the main navigation: overdue first, linked to the candidate.
    page.locator("#mainnav").get_by_role("link", name="My to-dos").click()
    expect(page.get_by_role("heading", name="My to-dos", level=1)).to_be_visible()
    row = page.locator(f"#todo-{todo.pk}")
    expect(row).to_contain_text("overdue")
    expect(row.get_by_role("link", name=str(candidate))).to_have_attribute(
        "href", f"/candidates/{candidate.pk}/"
    )
    expect(page.locator(".todo-row").first).to_have_class("todo-row todo-overdue")
    both_sizes(page, "todos-my-todos")

    # Snooze a day: no longer overdue, nor on today's list.
    row.get_by_role("button", name="Snooze 1 day: Call back about the second interview").click()
    expect(page.locator(".message-success")).to_contain_text("Snoozed for a day")
    row = page.locator(f"#todo-{todo.pk}")
    expect(row).not_to_contain_text("overdue")
    todo.refresh_from_db()
    assert todo.due_at > timezone.now() + datetime.timedelta(hours=23)
    page.get_by_role("link", name="Due today").click()
    expect(page.locator(f"#todo-{todo.pk}")).to_have_count(0)

    # Done, from the open list; then it is under "Done".
    page.get_by_role("link", name="Open", exact=True).click()
    page.locator(f"#todo-{todo.pk}").get_by_role(
        "button", name="Done: Call back about the second interview"
    ).click()
    expect(page.locator(".message-success")).to_contain_text("Done: Call back about the second interview")
    expect(page.locator(f"#todo-{todo.pk}")).to_have_count(0)
    page.get_by_role("link", name="Done", exact=True).click()
    expect(page.locator(f"#todo-{todo.pk}")).to_contain_text("done")
    both_sizes(page, "todos-done")
    todo.refresh_from_db()
    assert todo.done_at is not None


def test_a_call_back_on_a_client_contact_shows_on_the_clients_timeline(page, live_server):
    from clients.models import Client

    call_command("seed_demo", quiet_logins=True)
    client = Client.objects.filter(owner__username="rachel", contacts__isnull=False).order_by("pk").first()
    contact = client.contacts.order_by("pk").first()
    login(page, "rachel")
    page.goto(f"/clients/{client.pk}/")
    page.locator(f'button[hx-get="/service/todos/new/contact/{contact.pk}/"]').click()
    dialog = page.locator("#todo-modal")
    expect(dialog).to_contain_text(f"On {contact.full_name}")
    dialog.get_by_label("Title").fill("Call back with interview slots")
    # Nothing typed into Due but what the form offers (the next hour); a blank title is refused.
    dialog.get_by_label("Title").fill("")
    dialog.get_by_role("button", name="Save to-do").click()
    expect(dialog.get_by_label("Title")).to_be_focused()  # the browser asks for it first
    dialog.get_by_label("Title").fill("Call back with interview slots")
    dialog.get_by_role("button", name="Save to-do").click()
    expect(dialog.get_by_role("status")).to_contain_text("To-do set for you")
    dialog.get_by_role("button", name="Close").click()
    todo = ToDo.objects.get(title="Call back with interview slots")
    assert todo.contact_id == contact.pk and todo.due_at > timezone.now()
    expect(page.locator(f"#record-todo-{todo.pk}")).to_contain_text("Call back with interview slots")
    page.evaluate("window.scrollTo(0, 0)")
    both_sizes(page, "todos-client-timeline")
    # Done from the record itself: back on the client's page, the to-do gone from it.
    page.locator(f"#record-todo-{todo.pk}").get_by_role("button", name="Done").click()
    expect(page.locator(".message-success")).to_contain_text("Done: Call back with interview slots")
    assert page.url.endswith(f"/clients/{client.pk}/")
    expect(page.locator("#timeline .eng-tl-wrap")).to_have_count(1)  # the timeline has loaded
    expect(page.locator(f"#record-todo-{todo.pk}")).to_have_count(0)
