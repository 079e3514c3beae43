"""The filters of the customer-service lists (API.md "Customer service")."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from core.filtersets import IdFilter
from engagement.models import Communication, ToDo


class CommunicationFilterSet(django_filters.FilterSet):
    candidate = IdFilter(field_name="candidate")
    contact = IdFilter(field_name="contact")
    vacancy = IdFilter(field_name="vacancy")

    class Meta:
        model = Communication
        fields: list[str] = []


class ToDoFilterSet(django_filters.FilterSet):
    """`GET /todos/`: by record, by assignee, open or done. `mine=1` is read by the view (it merges
    in the system's tasks), and is here so the schema names it."""

    candidate = IdFilter(field_name="candidate")
    contact = IdFilter(field_name="contact")
    client = IdFilter(field_name="client")
    vacancy = IdFilter(field_name="vacancy")
    assignee = IdFilter(field_name="assignee")
    done = django_filters.BooleanFilter(field_name="done_at", lookup_expr="isnull", exclude=True)
    mine = django_filters.BooleanFilter(
        method="_mine", help_text="1: my open to-dos with the system's own tasks, each with a `kind`."
    )

    class Meta:
        model = ToDo
        fields: list[str] = []

    def _mine(self, queryset: QuerySet[ToDo], name: str, value: bool) -> QuerySet[ToDo]:
        return queryset  # the view answers `mine=1` itself
