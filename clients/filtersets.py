"""The filters of the client and contact lists (API.md "Clients and contacts"), pages and API alike."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from clients.models import Client, Contact
from clients.selectors import client_text_filter
from core.filtersets import IdFilter


class ClientFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search", max_length=100)
    status = django_filters.ChoiceFilter(choices=Client.Status.choices, empty_label="Any")
    owner = IdFilter(field_name="owner")

    class Meta:
        model = Client
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Client], name: str, value: str) -> QuerySet[Client]:
        return client_text_filter(queryset, value)


class ContactFilterSet(django_filters.FilterSet):
    client = IdFilter(field_name="client")

    class Meta:
        model = Contact
        fields: list[str] = []
