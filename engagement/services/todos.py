"""To-dos and call-backs: set one on a record, change it, snooze it, mark it done.

Whose it is (`assignee`) is a member of the to-do's team: the setter's team, or for an admin (who
has none) the assignee's. The audit trail holds ids and codes, never the title.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.models import User
from core.services import audit_record
from engagement.models import ToDo
from engagement.selectors.todos import todo_assignee_choices

SNOOZE_DAYS = (1, 7)
TITLE_MAX = 200
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099


def _title_clean(title: Any) -> str:
    text = str(title or "").strip()
    if not text:
        raise ValidationError({"title": "Say what is to be done."})
    if len(text) > TITLE_MAX:
        raise ValidationError({"title": f"Keep it to {TITLE_MAX} characters."})
    return text


def _when_check(field: str, when: datetime) -> datetime:
    """A time a person means: this century (the year 859 is a typing slip, not a call-back)."""
    if not EARLIEST_YEAR <= timezone.localtime(when).year <= LATEST_YEAR:
        raise ValidationError({field: f"Give a date between {EARLIEST_YEAR} and {LATEST_YEAR}."})
    return when


def _assignee_team(*, actor: User, assignee: User) -> int:
    """The assignee's team (the to-do's), once they are checked to be someone the actor may choose."""
    team_id = assignee.team_id
    if team_id is None or not todo_assignee_choices(user=actor).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": "Choose someone in your team."})
    return team_id


@transaction.atomic
def todo_create(
    *,
    actor: User,
    title: str,
    due_at: datetime | None,
    assignee: User | None = None,
    candidate: Any = None,
    contact: Any = None,
    client: Any = None,
    vacancy: Any = None,
) -> ToDo:
    """A to-do on a record (or none). The caller has checked the records are visible to `actor`."""
    text = _title_clean(title)
    if due_at is None:
        raise ValidationError({"due_at": "Say when it is due."})
    _when_check("due_at", due_at)
    assignee = assignee or actor
    team_id = _assignee_team(actor=actor, assignee=assignee)
    todo = ToDo.objects.create(
        title=text,
        due_at=due_at,
        assignee=assignee,
        owner=actor,
        team_id=team_id,
        candidate=candidate,
        contact=contact,
        client=client,
        vacancy=vacancy,
    )
    audit_record(
        actor=actor,
        action="todo.created",
        obj=todo,
        details={"assignee": assignee.pk, "on": _on_code(todo)},
    )
    return todo


def _on_code(todo: ToDo) -> str:
    for name in ("candidate", "contact", "client", "vacancy"):
        if getattr(todo, f"{name}_id"):
            return name
    return "none"


@transaction.atomic
def todo_update(*, actor: User, todo: ToDo, data: dict[str, Any]) -> ToDo:
    """Change the title, due time or assignee, or mark it done / not done (`done_at`)."""
    changed = []
    if "title" in data:
        todo.title = _title_clean(data["title"])
        changed.append("title")
    if "due_at" in data:
        if data["due_at"] is None:
            raise ValidationError({"due_at": "Say when it is due."})
        todo.due_at = _when_check("due_at", data["due_at"])
        changed.append("due_at")
    if "assignee" in data and data["assignee"] is not None and data["assignee"].pk != todo.assignee_id:
        todo.team_id = _assignee_team(actor=actor, assignee=data["assignee"])
        todo.assignee = data["assignee"]
        changed += ["assignee", "team"]
    if "done_at" in data:
        done_at = data["done_at"]
        if done_at is not None:
            _when_check("done_at", done_at)
            if done_at > timezone.now() + timedelta(minutes=5):
                raise ValidationError({"done_at": "It cannot be done in the future."})
        todo.done_at = done_at
        changed.append("done_at")
    if changed:
        todo.save(update_fields=changed)
        audit_record(actor=actor, action="todo.updated", obj=todo, details={"fields": changed})
    return todo


def todo_done(*, actor: User, todo: ToDo) -> ToDo:
    if todo.done_at is not None:
        return todo
    todo.done_at = timezone.now()
    todo.save(update_fields=["done_at"])
    audit_record(actor=actor, action="todo.done", obj=todo)
    return todo


def todo_snooze(*, actor: User, todo: ToDo, days: int) -> ToDo:
    """Put it off by `days` from its due time, or from now when it is already overdue."""
    if days not in SNOOZE_DAYS:
        raise ValidationError({"days": "Snooze for a day or a week."})
    if todo.done_at is not None:
        raise ValidationError("This to-do is done already.")
    todo.due_at = max(todo.due_at, timezone.now()) + timedelta(days=days)
    todo.save(update_fields=["due_at"])
    audit_record(actor=actor, action="todo.snoozed", obj=todo, details={"days": days})
    return todo
