"""`PATCH` with a version (API.md "Added in the second round", core.versioning).

A `PATCH` of a candidate, client, contact, vacancy or application writes only the fields it was sent,
and accepts an optional `updated_at`: the value the client last read. When the record has changed
since, the answer is `409 {"detail", "code": "conflict", "current": {…the record as it is now, in the
same shape as a GET…}}` and nothing is written; the client merges and sends again with the new
`updated_at`.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

from core.api.errors import Conflict

STALE_DETAIL = "Someone else changed this record after you read it; `current` is the record as it is now."

UPDATED_AT_HELP = (
    "On PATCH, optional: the value you last read. If the record has changed since, the answer is "
    '409 {"code": "conflict", "current": {…}} and nothing is written.'
)


def version_field() -> serializers.DateTimeField:
    """The `updated_at` of a serializer: read in every answer, and the optional version on PATCH."""
    return serializers.DateTimeField(required=False, help_text=UPDATED_AT_HELP)


def stale_conflict(current: dict[str, Any]) -> Conflict:
    return Conflict(STALE_DETAIL, code="conflict", current=current)


def conflict_response(serializer_class: type[serializers.Serializer], name: str) -> OpenApiResponse:
    """The 409 of a versioned PATCH in the OpenAPI schema: `current` only on a stale edit; other
    business rules (duplicate, reg18_incomplete, …) answer with their own keys beside `code`."""
    return OpenApiResponse(
        response=inline_serializer(
            name=f"{name}Conflict",
            fields={
                "detail": serializers.CharField(),
                "code": serializers.CharField(help_text="`conflict` for a stale edit, or the rule's code."),
                "current": serializer_class(required=False, help_text="With `conflict`: the record now."),
            },
        ),
        description="Refused: the record changed since `updated_at` (code `conflict`), or a business rule.",
    )
