"""To-dos: the user's own beside the system's tasks ("My to-dos"), a record's open ones, the
dashboard's "Due today".

The system's own tasks stay where their apps keep them and are only read here, one query per kind
whatever the rows (so the page and the API answer in a constant number of queries):

* `todo`                 a to-do or call-back someone set (engagement.ToDo) — done and snoozed here;
* `compliance_follow_up` right-to-work follow-ups and DBS re-checks (compliance.ComplianceTask);
* `placement_follow_up`  1 week / 1 month / 3 month check-ins after a start (vacancies.FollowUp);
* `reg21_confirmation`   a verbal submission to confirm in writing (vacancies.ConfirmationTask);
* `cadence_breach`       a candidate or client of the user's not contacted within the cadence.

Each system row links to the page where it is dealt with.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate
from clients.models import Client
from compliance.models import ComplianceTask
from core.models import User
from engagement.models import ToDo
from engagement.querysets import ToDoQuerySet
from engagement.selectors.cadence import _candidate_every_days, candidate_overdue_list, client_overdue_list
from vacancies.models import ConfirmationTask, FollowUp

TODO = "todo"
KINDS: dict[str, str] = {
    TODO: "To-do",
    "compliance_follow_up": "Compliance follow-up",
    "placement_follow_up": "Placement follow-up",
    "reg21_confirmation": "Reg 21 confirmation",
    "cadence_breach": "Contact overdue",
}
SHOWS = ("open", "done")
DUES = ("", "today", "overdue")
# Rows of each kind read at most (one query each): "My to-dos" is a working list, not an archive.
PER_KIND = 200


def todo_assignee_choices(*, user: Any) -> QuerySet[User]:
    """Whom a to-do can be given to: active members of the user's team (an admin: of any team)."""
    users = User.objects.filter(is_active=True, team__isnull=False)
    if not isinstance(user, User) or not user.is_active:
        return users.none()
    if not user.is_admin:
        users = users.filter(team_id=user.team_id) if user.team_id else users.none()
    return users.order_by("first_name", "last_name", "username")


def todo_list(*, user: User) -> ToDoQuerySet:
    """The to-dos the user sees (team rule, own, assigned; only on records they see)."""
    todos = cast(ToDoQuerySet, ToDo.objects.visible_to(user))
    return todos.select_related("assignee", "owner", "candidate", "contact__client", "client", "vacancy")


def todo_record_open_list(*, user: User, kind: str, obj: Any, limit: int = 20) -> list[ToDo]:
    """A record's open to-dos for its page: a client's include its contacts' and vacancies'."""
    todos = todo_list(user=user).open()
    if kind == "client":
        todos = todos.filter(Q(client=obj) | Q(contact__client=obj) | Q(vacancy__client=obj))
    elif kind in ("candidate", "contact", "vacancy"):
        todos = todos.filter(**{kind: obj})
    else:
        return []
    return list(todos.order_by("due_at", "pk")[:limit])


@dataclass(frozen=True)
class ToDoRow:
    """One line of "My to-dos": a to-do of the user's or one of the system's tasks."""

    kind: str
    id: int
    title: str
    due_at: datetime.datetime
    all_day: bool  # the system's tasks are due on a day, not at a time
    overdue: bool
    due_today: bool
    done_at: datetime.datetime | None
    assignee_id: int | None
    candidate: Any = None
    contact: Any = None
    client: Any = None
    vacancy: Any = None
    record_label: str = ""
    record_url: str = ""
    # Where a system task is dealt with (a to-do is done and snoozed on the list itself).
    action_url: str = ""
    action_label: str = ""
    todo: ToDo | None = None

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def read_only(self) -> bool:
        return self.kind != TODO


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _record(todo: ToDo) -> tuple[str, str]:
    """The record's name and page."""
    candidate, contact, client, vacancy = todo.candidate, todo.contact, todo.client, todo.vacancy
    if candidate is not None:
        return str(candidate), reverse("candidates:detail", args=[candidate.pk])
    if contact is not None:
        return (
            f"{contact.full_name} ({contact.client.name})",
            reverse("clients:detail", args=[contact.client_id]),
        )
    if client is not None:
        return client.name, reverse("clients:detail", args=[client.pk])
    if vacancy is not None:
        return vacancy.title, reverse("vacancies:detail", args=[vacancy.pk])
    return "", ""


def _own_rows(*, user: User, done: bool, now: datetime.datetime, today: datetime.date) -> list[ToDoRow]:
    todos = todo_list(user=user).filter(assignee=user, done_at__isnull=not done)
    todos = todos.order_by("-done_at", "-pk") if done else todos.order_by("due_at", "pk")
    rows = []
    for todo in todos[:PER_KIND]:
        label, url = _record(todo)
        local_due = timezone.localtime(todo.due_at).date()
        rows.append(
            ToDoRow(
                kind=TODO,
                id=todo.pk,
                title=todo.title,
                due_at=todo.due_at,
                all_day=False,
                overdue=not done and todo.due_at < now,
                due_today=local_due == today,
                done_at=todo.done_at,
                assignee_id=todo.assignee_id,
                candidate=todo.candidate,
                contact=todo.contact,
                client=todo.client,
                vacancy=todo.vacancy,
                record_label=label,
                record_url=url,
                todo=todo,
            )
        )
    return rows


def _day_row(kind: str, task: Any, *, today: datetime.date, **kwargs: Any) -> ToDoRow:
    return ToDoRow(
        kind=kind,
        id=task.pk,
        due_at=_day_start(task.due_on),
        all_day=True,
        overdue=task.done_at is None and task.due_on < today,
        due_today=task.due_on == today,
        done_at=task.done_at,
        assignee_id=task.assigned_to_id,
        **kwargs,
    )


def _system_rows(*, user: User, done: bool, now: datetime.datetime, today: datetime.date) -> list[ToDoRow]:
    rows: list[ToDoRow] = []
    order = ("-done_at", "-pk") if done else ("due_on", "pk")

    compliance = (
        ComplianceTask.objects.visible_to(user)
        .filter(assigned_to=user, done_at__isnull=not done, candidate__anonymised_at__isnull=True)
        .select_related("candidate")
        .order_by(*order)
    )
    for task in compliance[:PER_KIND]:
        rows.append(
            _day_row(
                "compliance_follow_up",
                task,
                today=today,
                title=task.get_kind_display(),
                candidate=task.candidate,
                record_label=str(task.candidate),
                record_url=reverse("candidates:detail", args=[task.candidate_id]),
                action_url=reverse("compliance:index"),
                action_label="Compliance due",
            )
        )

    follow_ups = (
        FollowUp.objects.visible_to(user)
        .filter(assigned_to=user, done_at__isnull=not done)
        .select_related("placement__application__candidate", "placement__application__vacancy__client")
        .order_by(*order)
    )
    for follow_up in follow_ups[:PER_KIND]:
        application = follow_up.placement.application
        rows.append(
            _day_row(
                "placement_follow_up",
                follow_up,
                today=today,
                title=follow_up.get_kind_display(),
                candidate=application.candidate,
                vacancy=application.vacancy,
                record_label=f"{application.candidate} · {application.vacancy.client.name}",
                record_url=reverse("candidates:detail", args=[application.candidate_id]),
                action_url=reverse("vacancies:application", args=[application.pk]),
                action_label="Placement",
            )
        )

    confirmations = (
        ConfirmationTask.objects.visible_to(user)
        .filter(assigned_to=user, done_at__isnull=not done)
        .select_related("application__candidate", "application__vacancy")
        .order_by(*order)
    )
    for task in confirmations[:PER_KIND]:
        application = task.application
        rows.append(
            _day_row(
                "reg21_confirmation",
                task,
                today=today,
                title="Confirm the submission in writing",
                candidate=application.candidate,
                vacancy=application.vacancy,
                record_label=f"{application.candidate} · {application.vacancy.title}",
                record_url=reverse("candidates:detail", args=[application.candidate_id]),
                action_url=reverse("vacancies:application", args=[application.pk]),
                action_label="Application",
            )
        )

    if done:  # a cadence breach is never "done": it ends when someone is contacted
        return rows
    every = timedelta(days=_candidate_every_days())
    overdue_candidates = candidate_overdue_list(
        base=Candidate.objects.visible_to(user).filter(owner=user), now=now
    )
    for candidate in overdue_candidates[:PER_KIND]:
        due = cast(Any, candidate).last_at + every  # annotated by the cadence query
        rows.append(
            ToDoRow(
                kind="cadence_breach",
                id=candidate.pk,
                title="Candidate not contacted within the cadence",
                due_at=due,
                all_day=False,
                overdue=True,
                due_today=timezone.localtime(due).date() == today,
                done_at=None,
                assignee_id=user.pk,
                candidate=candidate,
                record_label=str(candidate),
                record_url=reverse("candidates:detail", args=[candidate.pk]),
                action_url=reverse("candidates:detail", args=[candidate.pk]),
                action_label="Log a call",
            )
        )
    overdue_clients = client_overdue_list(base=Client.objects.visible_to(user).filter(owner=user), now=now)
    for client in overdue_clients[:PER_KIND]:
        client_due: datetime.datetime = cast(Any, client).due_at  # annotated by the cadence query
        rows.append(
            ToDoRow(
                kind="cadence_breach",
                id=client.pk,
                title="Client update due",
                due_at=client_due,
                all_day=False,
                overdue=True,
                due_today=timezone.localtime(client_due).date() == today,
                done_at=None,
                assignee_id=user.pk,
                client=client,
                record_label=client.name,
                record_url=reverse("clients:detail", args=[client.pk]),
                action_url=reverse("clients:detail", args=[client.pk]),
                action_label="Contacts",
            )
        )
    return rows


def my_todo_list(
    *,
    user: User,
    show: str = "open",
    due: str = "",
    now: datetime.datetime | None = None,
    system: bool = True,
) -> list[ToDoRow]:
    """The user's own to-dos and (with `system`) the system's tasks for them, together.

    Open: overdue first, then by due time. Done: the latest done first. `due` narrows open rows to
    those due `today` (today's, overdue or not) or `overdue`. Six queries, whatever the rows.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    done = show == "done"
    rows = _own_rows(user=user, done=done, now=now, today=today)
    if system:
        rows += _system_rows(user=user, done=done, now=now, today=today)
    if done:
        far = timezone.make_aware(datetime.datetime(1970, 1, 1))
        return sorted(rows, key=lambda r: r.done_at or far, reverse=True)
    if due == "today":
        rows = [r for r in rows if r.due_today]
    elif due == "overdue":
        rows = [r for r in rows if r.overdue]
    return sorted(rows, key=lambda r: (not r.overdue, r.due_at, r.kind, r.id))


def my_todo_due_today_get(
    *, user: User, now: datetime.datetime | None = None, top: int = 5
) -> dict[str, Any]:
    """The dashboard's "Due today": what is due today or earlier and still open, soonest first."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = [r for r in my_todo_list(user=user, now=now) if r.overdue or r.due_today]
    return {
        "count": len(rows),
        "today": sum(1 for r in rows if r.due_today),
        "overdue": sum(1 for r in rows if r.overdue),
        "top": rows[:top],
        "date": today,
    }
