"""The filter of the vetting record lists (API.md "Compliance"): `?candidate=<id>`."""

from __future__ import annotations

import django_filters

from core.filtersets import IdFilter


class CandidateRecordFilterSet(django_filters.FilterSet):
    """Right-to-work, DBS, references, gaps, notes, identity checks: one candidate's rows."""

    candidate = IdFilter(field_name="candidate")
