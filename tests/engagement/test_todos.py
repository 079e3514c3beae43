"""To-dos (issue 18, "One to-do list"): setting one on a record, who sees it, done and snooze,
"My to-dos" with the system's own tasks beside them (one query per kind), the record's timeline,
the dashboard's "Due today", and the API (`/api/v1/todos/`, `?mine=1`)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from compliance.models import ComplianceTask
from core.models import AuditEvent
from engagement.models import ToDo
from engagement.selectors.todos import my_todo_due_today_get, my_todo_list, todo_list
from engagement.services.todos import todo_create, todo_done, todo_snooze, todo_update
from tests.engagement.conftest import move_to
from tests.factories.candidates import CandidateFactory
from tests.factories.clients import ClientFactory
from tests.factories.compliance import RightToWorkCheckFactory
from vacancies.models import ConfirmationTask, FollowUp
from vacancies.services.pipeline import application_create
from vacancies.services.placements import placement_create
from vacancies.services.submissions import submission_record

pytestmark = pytest.mark.django_db

CONTRACT_FIELDS = {
    "id",
    "title",
    "due_at",
    "assignee",
    "candidate",
    "contact",
    "client",
    "vacancy",
    "done_at",
}


def _in(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


def _todo(actor: Any, *, hours: float = 2, title: str = "Call back", **kwargs: Any) -> ToDo:
    return todo_create(actor=actor, title=title, due_at=_in(hours), **kwargs)


# --- Services -------------------------------------------------------------------------------------


def test_a_todo_is_mine_by_default_in_my_team_and_audited_without_its_title(recruiter, candidate):
    todo = _todo(recruiter, title="Call Priya about Thursday", candidate=candidate)
    assert (todo.assignee, todo.owner, todo.team_id) == (recruiter, recruiter, recruiter.team_id)
    event = AuditEvent.objects.get(action="todo.created", object_id=todo.pk)
    assert "Priya" not in str(event.details)
    assert event.details == {"assignee": recruiter.pk, "on": "candidate"}


def test_title_and_due_time_are_required_and_the_assignee_is_in_the_team(recruiter, teammate, outsider):
    with pytest.raises(ValidationError) as blank:
        todo_create(actor=recruiter, title="  ", due_at=_in(1))
    assert "title" in blank.value.message_dict
    with pytest.raises(ValidationError) as no_due:
        todo_create(actor=recruiter, title="Call", due_at=None)
    assert "due_at" in no_due.value.message_dict
    with pytest.raises(ValidationError) as foreign:
        todo_create(actor=recruiter, title="Call", due_at=_in(1), assignee=outsider)
    assert "assignee" in foreign.value.message_dict
    assert _todo(recruiter, assignee=teammate).assignee == teammate
    assert not ToDo.objects.filter(assignee=outsider).exists()


def test_snooze_puts_it_off_from_its_due_time_or_from_now_when_overdue(recruiter):
    later = _todo(recruiter, hours=3)
    due = later.due_at
    assert todo_snooze(actor=recruiter, todo=later, days=1).due_at == due + datetime.timedelta(days=1)
    overdue = _todo(recruiter, hours=-30)
    before = timezone.now()
    snoozed = todo_snooze(actor=recruiter, todo=overdue, days=7).due_at
    assert before + datetime.timedelta(days=7) <= snoozed <= timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError):
        todo_snooze(actor=recruiter, todo=overdue, days=3)
    todo_done(actor=recruiter, todo=overdue)
    with pytest.raises(ValidationError):
        todo_snooze(actor=recruiter, todo=overdue, days=1)


def test_update_changes_the_fields_given_and_refuses_an_assignee_outside_the_team(
    recruiter, teammate, outsider
):
    todo = _todo(recruiter)
    todo_update(actor=recruiter, todo=todo, data={"title": "Chase the offer", "assignee": teammate})
    todo.refresh_from_db()
    assert (todo.title, todo.assignee) == ("Chase the offer", teammate)
    with pytest.raises(ValidationError) as exc:
        todo_update(actor=recruiter, todo=todo, data={"assignee": outsider})
    assert "assignee" in exc.value.message_dict


# --- Who sees what --------------------------------------------------------------------------------


def test_the_team_assignee_and_setter_see_it_not_another_team(recruiter, teammate, outsider, candidate):
    todo = _todo(recruiter, candidate=candidate, assignee=teammate)
    assert todo in todo_list(user=recruiter)
    assert todo in todo_list(user=teammate)
    assert todo not in todo_list(user=outsider)


def test_a_todo_on_a_record_you_cannot_see_is_invisible_even_when_it_is_yours(
    admin_user, recruiter, outsider, client
):
    # The admin sets a to-do for the recruiter on another team's candidate: the recruiter cannot
    # see the candidate, so the to-do is a 404 too (and it is not on "My to-dos").
    theirs = CandidateFactory(owner=outsider)
    todo = _todo(admin_user, candidate=theirs, assignee=recruiter)
    assert todo not in todo_list(user=recruiter)
    assert all(row.id != todo.pk for row in my_todo_list(user=recruiter) if row.kind == "todo")
    client.force_login(recruiter)
    assert client.post(reverse("engagement:todo-done", args=[todo.pk])).status_code == 404


def test_a_todo_on_a_confidential_client_is_seen_only_by_who_sees_the_client(recruiter, teammate, admin_user):
    secret = ClientFactory(owner=recruiter, team=recruiter.team, is_confidential=True)
    todo = _todo(admin_user, client=secret, assignee=teammate)
    assert todo not in todo_list(user=teammate)
    assert todo in todo_list(user=admin_user)


# --- My to-dos: own and system tasks together -------------------------------------------------------


def _system_tasks(recruiter: Any, vacancy: Any) -> dict[str, Any]:
    """One of each of the system's tasks for the recruiter."""
    today = timezone.localdate()
    placed = CandidateFactory(owner=recruiter)
    application = application_create(actor=recruiter, vacancy=vacancy, candidate=placed)
    application = move_to(
        application=application,
        actor=recruiter,
        stages=["screening", "shortlisted", "submitted", "interview", "offer"],
    )
    RightToWorkCheckFactory(candidate=placed, checked_by=recruiter)
    placement_create(actor=recruiter, application=application, start_on=today, salary=50000, fee=7500)
    submission_record(actor=recruiter, application=application, options={"channel": "verbal"})
    compliance = ComplianceTask.objects.create(
        kind=ComplianceTask.Kind.RTW_FOLLOW_UP,
        candidate=placed,
        due_on=today - datetime.timedelta(days=2),
        assigned_to=recruiter,
        owner=recruiter,
        team=recruiter.team,
    )
    # A candidate in an open pipeline not contacted for a fortnight: a cadence breach.
    quiet = CandidateFactory(owner=recruiter)
    application_create(actor=recruiter, vacancy=vacancy, candidate=quiet)
    Candidate.objects.filter(pk=quiet.pk).update(created_at=timezone.now() - datetime.timedelta(days=14))
    return {"compliance": compliance, "quiet": quiet, "application": application}


def test_my_todos_merge_the_system_tasks_overdue_first_then_by_due_time(recruiter, teammate, vacancy):
    tasks = _system_tasks(recruiter, vacancy)
    overdue = _todo(recruiter, hours=-5, title="Overdue call")
    later = _todo(recruiter, hours=50, title="Later call")
    _todo(recruiter, hours=1, assignee=teammate)  # the teammate's: not on mine
    rows = my_todo_list(user=recruiter)
    kinds = {row.kind for row in rows}
    assert kinds == {
        "todo",
        "compliance_follow_up",
        "placement_follow_up",
        "reg21_confirmation",
        "cadence_breach",
    }
    assert [r.id for r in rows if r.kind == "todo"] == [overdue.pk, later.pk]
    overdue_flags = [row.overdue for row in rows]
    assert overdue_flags == sorted(overdue_flags, reverse=True)  # every overdue row before the rest
    open_rows = [row for row in rows if not row.overdue]
    assert [r.due_at for r in open_rows] == sorted(r.due_at for r in open_rows)
    breach = next(r for r in rows if r.kind == "cadence_breach")
    assert breach.candidate == tasks["quiet"] and breach.read_only
    assert next(r for r in rows if r.kind == "compliance_follow_up").action_url == reverse("compliance:index")
    follow_up = next(r for r in rows if r.kind == "placement_follow_up")
    assert follow_up.action_url == reverse("vacancies:application", args=[tasks["application"].pk])

    assert {r.kind for r in my_todo_list(user=recruiter, due="overdue")} == {
        "todo",
        "compliance_follow_up",
        "cadence_breach",
    }
    todo_done(actor=recruiter, todo=overdue)
    done = my_todo_list(user=recruiter, show="done")
    assert [(r.kind, r.id) for r in done] == [("todo", overdue.pk)]


def test_due_today_counts_todays_and_overdue_items(recruiter):
    now = timezone.localtime()
    if now.hour >= 23:
        pytest.skip("no room left today for a later to-do")
    later_today = (
        now.replace(minute=59, second=0) if now.minute < 59 else now + datetime.timedelta(seconds=30)
    )
    todo_create(actor=recruiter, title="Today", due_at=later_today)
    _todo(recruiter, hours=-30, title="Yesterday's")
    _todo(recruiter, hours=72, title="Later")
    due = my_todo_due_today_get(user=recruiter)
    assert (due["count"], due["today"], due["overdue"]) == (2, 1, 1)
    assert [row.title for row in due["top"]] == ["Yesterday's", "Today"]


# --- Pages ----------------------------------------------------------------------------------------


def test_my_todos_page_runs_a_constant_number_of_queries(
    client, recruiter, vacancy, django_assert_max_num_queries
):
    client.force_login(recruiter)
    _system_tasks(recruiter, vacancy)
    for hours in (-3, 4):
        _todo(recruiter, hours=hours, candidate=CandidateFactory(owner=recruiter))
    url = reverse("engagement:todos")
    with django_assert_max_num_queries(40) as captured:
        response = client.get(url)
    assert response.status_code == 200
    first = len(captured.captured_queries)
    _system_tasks(recruiter, vacancy)
    for hours in (-8, 6, 30, 60):
        _todo(recruiter, hours=hours, candidate=CandidateFactory(owner=recruiter), contact=None)
    _todo(recruiter, hours=5, client=vacancy.client)
    _todo(recruiter, hours=7, vacancy=vacancy)
    with django_assert_max_num_queries(first):
        response = client.get(url)
    assert response.content.decode().count('class="todo-row') >= 16


def test_my_todos_page_filters_and_empty_state(client, recruiter):
    client.force_login(recruiter)
    page = client.get(reverse("engagement:todos")).content.decode()
    assert "all caught up" in page
    todo = _todo(recruiter, hours=-2, title="Ring the client")
    page = client.get(reverse("engagement:todos") + "?due=overdue").content.decode()
    assert f'id="todo-{todo.pk}"' in page
    page = client.get(reverse("engagement:todos") + "?show=done").content.decode()
    assert f'id="todo-{todo.pk}"' not in page and "Nothing done yet" in page
    # Nonsense filters fall back to the open list, never an error.
    assert client.get(reverse("engagement:todos") + "?show=nonsense&due=x").status_code == 200


def test_add_a_todo_from_each_kind_of_record(client, recruiter, teammate, candidate, contact, vacancy):
    client.force_login(recruiter)
    application = application_create(actor=recruiter, vacancy=vacancy, candidate=candidate)
    due = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    cases = {
        "candidate": (candidate.pk, {"candidate": candidate}),
        "contact": (contact.pk, {"contact": contact}),
        "client": (vacancy.client_id, {"client": vacancy.client}),
        "vacancy": (vacancy.pk, {"vacancy": vacancy}),
        "application": (application.pk, {"candidate": candidate, "vacancy": vacancy}),
    }
    for kind, (pk, on) in cases.items():
        url = reverse("engagement:todo-add", args=[kind, pk])
        assert client.get(url).status_code == 200
        response = client.post(url, {"title": f"Call about {kind}", "due_at": due, "assignee": teammate.pk})
        assert response.status_code == 200, response.content
        assert response["HX-Trigger"] == "todos-changed"
        assert ToDo.objects.filter(title=f"Call about {kind}", assignee=teammate, **on).exists()


def test_the_add_form_answers_its_errors(client, recruiter, outsider, candidate):
    client.force_login(recruiter)
    url = reverse("engagement:todo-add", args=["candidate", candidate.pk])
    response = client.post(url, {"title": "", "due_at": "", "assignee": outsider.pk})
    assert response.status_code == 422
    page = response.content.decode()
    assert page.count('class="field-error"') == 3
    assert not ToDo.objects.exists()


def test_the_add_form_is_a_404_for_a_record_you_cannot_see(client, outsider, candidate):
    client.force_login(outsider)
    url = reverse("engagement:todo-add", args=["candidate", candidate.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("engagement:todo-add", args=["nonsense", candidate.pk])).status_code == 404


def test_done_and_snooze_from_my_todos(client, recruiter, teammate):
    client.force_login(recruiter)
    todo = _todo(recruiter, hours=-1)
    response = client.post(reverse("engagement:todo-snooze", args=[todo.pk]), {"days": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("engagement:todos")
    todo.refresh_from_db()
    assert todo.due_at > timezone.now() + datetime.timedelta(hours=23)
    assert client.post(reverse("engagement:todo-snooze", args=[todo.pk]), {"days": "2"}).status_code == 400
    back = reverse("engagement:todos") + "?due=today"
    response = client.post(reverse("engagement:todo-done", args=[todo.pk]), {"next": back})
    assert response["Location"] == back
    todo.refresh_from_db()
    assert todo.done_at is not None


def test_the_record_timeline_shows_its_open_todos(client, recruiter, candidate, contact, vacancy):
    client.force_login(recruiter)
    on_candidate = _todo(recruiter, candidate=candidate)
    on_contact = _todo(recruiter, contact=contact)
    done = _todo(recruiter, candidate=candidate)
    todo_done(actor=recruiter, todo=done)
    page = client.get(reverse("engagement:timeline", args=["candidate", candidate.pk])).content.decode()
    assert f'id="record-todo-{on_candidate.pk}"' in page and f'id="record-todo-{done.pk}"' not in page
    page = client.get(reverse("engagement:timeline", args=["client", contact.client_id])).content.decode()
    assert f'id="record-todo-{on_contact.pk}"' in page


def test_the_dashboard_shows_what_is_due_today(client, recruiter):
    client.force_login(recruiter)
    todo = _todo(recruiter, hours=-1, title="Chase the reference")
    page = client.get(reverse("dashboard")).content.decode()
    assert 'id="due-today"' in page and f'id="due-todo-{todo.pk}"' in page
    assert reverse("engagement:todos") in page


# --- API ------------------------------------------------------------------------------------------


def test_api_create_list_patch_with_the_contract_names(api_as, recruiter, teammate, candidate):
    api = api_as(recruiter)
    due = _in(3).isoformat()
    response = api.post(
        "/api/v1/todos/", {"title": "Call back", "due_at": due, "candidate": candidate.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) >= CONTRACT_FIELDS
    assert (body["assignee"], body["candidate"], body["done_at"]) == (recruiter.pk, candidate.pk, None)
    listed = api.get("/api/v1/todos/", {"candidate": candidate.pk}).json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]
    done_at = timezone.now().isoformat()
    patched = api.patch(
        f"/api/v1/todos/{body['id']}/", {"done_at": done_at, "assignee": teammate.pk}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["done_at"] is not None and patched.json()["assignee"] == teammate.pk
    assert api.get("/api/v1/todos/", {"done": "false"}).json()["count"] == 0
    moved = api.patch(f"/api/v1/todos/{body['id']}/", {"candidate": None}, format="json")
    assert moved.status_code == 400 and "candidate" in moved.json()


def test_api_400s_say_which_field(api_as, recruiter, outsider):
    api = api_as(recruiter)
    response = api.post("/api/v1/todos/", {}, format="json")
    assert response.status_code == 400
    assert {"title", "due_at"} <= set(response.json())
    response = api.post(
        "/api/v1/todos/",
        {"title": "Call", "due_at": _in(1).isoformat(), "assignee": outsider.pk},
        format="json",
    )
    assert response.status_code == 400 and "assignee" in response.json()
    foreign = CandidateFactory(owner=outsider)
    response = api.post(
        "/api/v1/todos/",
        {"title": "Call", "due_at": _in(1).isoformat(), "candidate": foreign.pk},
        format="json",
    )
    assert response.status_code == 400 and "candidate" in response.json()
    assert api.get("/api/v1/todos/", {"candidate": "1e3"}).status_code == 400
    response = api.post("/api/v1/todos/", {"title": "Call", "due_at": "0859-05-05T18:19:05Z"}, format="json")
    assert response.status_code == 400 and "due_at" in response.json()


def test_api_another_teams_todo_is_a_404(api_as, recruiter, outsider):
    todo = _todo(recruiter)
    api = api_as(outsider)
    assert api.get(f"/api/v1/todos/{todo.pk}/").status_code == 404
    assert api.patch(f"/api/v1/todos/{todo.pk}/", {"title": "Mine now"}, format="json").status_code == 404
    assert api.get("/api/v1/todos/").json()["count"] == 0


def test_api_mine_merges_the_system_tasks_with_a_kind(
    api_as, recruiter, vacancy, django_assert_max_num_queries
):
    _system_tasks(recruiter, vacancy)
    todo = _todo(recruiter, hours=-1)
    api = api_as(recruiter)
    with django_assert_max_num_queries(25):
        response = api.get("/api/v1/todos/", {"mine": "1"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert {row["kind"] for row in rows} == {
        "todo",
        "compliance_follow_up",
        "placement_follow_up",
        "reg21_confirmation",
        "cadence_breach",
    }
    own = next(row for row in rows if row["kind"] == "todo")
    assert own["id"] == todo.pk and own["read_only"] is False
    assert set(own) >= CONTRACT_FIELDS
    assert all(row["read_only"] for row in rows if row["kind"] != "todo")
    assert all(row["url"].startswith("/") for row in rows if row["kind"] != "todo")
    assert FollowUp.objects.filter(assigned_to=recruiter).exists()
    assert ConfirmationTask.objects.filter(assigned_to=recruiter).exists()
