"""The filters of the audit trail (API.md "Data protection": `GET /audit/events/?object_type=&object_id=`)."""

from __future__ import annotations

import django_filters

from core.filtersets import IdFilter
from core.models import AuditEvent


class AuditEventFilterSet(django_filters.FilterSet):
    object_type = django_filters.CharFilter(max_length=100)
    object_id = IdFilter()

    class Meta:
        model = AuditEvent
        fields: list[str] = []
