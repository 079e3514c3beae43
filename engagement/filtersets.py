"""The filters of the customer-service lists (API.md "Customer service")."""

from __future__ import annotations

import django_filters

from core.filtersets import IdFilter
from engagement.models import Communication


class CommunicationFilterSet(django_filters.FilterSet):
    candidate = IdFilter(field_name="candidate")
    contact = IdFilter(field_name="contact")
    vacancy = IdFilter(field_name="vacancy")

    class Meta:
        model = Communication
        fields: list[str] = []
