"""Reads for messages at every step (issue 19): what is waiting to send, and a record's messages.
Constant queries whatever the number of rows (one select with its joins)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from core.models import User
from core.permissions import get_object_for_user_or_404
from engagement.models import StageMessage

_RELATED = ("candidate", "vacancy", "owner", "email", "todo")


def stage_message_waiting_list(*, user: User, limit: int = 200) -> QuerySet[StageMessage]:
    """Everything still waiting that the user may see, soonest first."""
    rows = StageMessage.objects.visible_to(user).filter(status=StageMessage.Status.WAITING)
    return rows.select_related(*_RELATED).order_by("due_at", "pk")[:limit]


def stage_message_recent_list(*, user: User, limit: int = 30) -> QuerySet[StageMessage]:
    """The latest messages dealt with (sent, called, cancelled, superseded, refused)."""
    return (
        StageMessage.objects.visible_to(user)
        .exclude(status=StageMessage.Status.WAITING)
        .select_related(*_RELATED)
        .order_by("-decided_at", "-pk")[:limit]
    )


def stage_messages_for(
    *, user: User, application_id: int | None = None, candidate_id: int | None = None, limit: int = 20
) -> list[StageMessage]:
    """A record's messages, waiting ones first, then the latest."""
    rows = StageMessage.objects.visible_to(user).select_related(*_RELATED)
    if application_id is not None:
        rows = rows.filter(application_id=application_id)
    if candidate_id is not None:
        rows = rows.filter(candidate_id=candidate_id)
    found = list(rows.order_by("-created_at", "-pk")[:limit])
    return sorted(found, key=lambda m: (not m.is_waiting, -(m.created_at.timestamp())))


def stage_message_get(*, user: User, pk: Any) -> StageMessage:
    return get_object_for_user_or_404(user, StageMessage.objects.select_related(*_RELATED), pk=pk)
