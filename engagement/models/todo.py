"""A to-do or call-back anyone sets on a record: a title, a due time and whose it is.

Named `ToDo` (not "Task") so nobody confuses it with a Celery task. The system's own tasks
(compliance follow-ups, placement follow-ups, reg 21 confirmations, cadence breaches) stay in their
apps; `engagement.selectors.todos` shows them beside these on "My to-dos".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models import TeamOwnedModel
from engagement.querysets import ToDoQuerySet


class ToDo(TeamOwnedModel):
    """`owner` is who set it, `assignee` whose it is (a member of the team). On any record: a
    candidate, a contact, a client, a vacancy (an application's to-do names its candidate and
    vacancy), or none."""

    title = models.CharField(max_length=200)
    due_at = models.DateTimeField()
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="todos")
    candidate = models.ForeignKey(
        "candidates.Candidate", null=True, blank=True, on_delete=models.PROTECT, related_name="todos"
    )
    contact = models.ForeignKey(
        "clients.Contact", null=True, blank=True, on_delete=models.PROTECT, related_name="todos"
    )
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="todos"
    )
    vacancy = models.ForeignKey(
        "vacancies.Vacancy", null=True, blank=True, on_delete=models.PROTECT, related_name="todos"
    )
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ToDoQuerySet.as_manager()

    class Meta:
        verbose_name = "to-do"
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["assignee", "done_at", "due_at"], name="engagement_todo_mine_idx"),
            models.Index(fields=["team", "done_at", "due_at"], name="engagement_todo_team_idx"),
            models.Index(fields=["candidate", "done_at"], name="engagement_todo_cand_idx"),
            models.Index(fields=["contact", "done_at"], name="engagement_todo_contact_idx"),
            models.Index(fields=["client", "done_at"], name="engagement_todo_client_idx"),
            models.Index(fields=["vacancy", "done_at"], name="engagement_todo_vacancy_idx"),
        ]

    def __str__(self) -> str:
        return f"To-do #{self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_at < timezone.now()
