"""The OpenAPI schema documents the errors every endpoint really gives (API.md "Errors").

drf-spectacular documents only the success response of each operation. The API's error answers
are the same everywhere (core.api.errors.exception_handler), so they are added here once, by what the
operation is, instead of by hand on every view; a view still declares its own (a 409 with extra
keys, a 202) with `extend_schema`, and those are kept. schemathesis (tests/api/test_schema_fuzz.py)
checks every answer the server gives against this schema.

- 400 invalid input: operations that take a body or query parameters.
- 401 not authenticated, 403 visible but not allowed: operations behind authentication.
- 404 not there or not visible: operations on one object (a path id), and lists (a page past the end).
- 409 refused by a business rule, 413 body too large: operations that take a body.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import permissions, serializers


class ErrorSerializer(serializers.Serializer):
    """`{"detail": "…"}`; a 409 adds `code` and the keys its rule names (API.md)."""

    detail = serializers.CharField()
    code = serializers.CharField(required=False)


# 400: DRF's `{"field": ["message"]}`, `{"detail": "…"}` or a listed shape such as the import's errors.
VALIDATION_ERROR = {"type": "object", "additionalProperties": {}, "description": "Field errors or detail."}

WRITE_METHODS = {"POST", "PUT", "PATCH"}


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses: dict[str, Any] = operation.setdefault("responses", {})
        error_ref = self.resolve_serializer(ErrorSerializer, "response").ref
        takes_body = self.method in WRITE_METHODS
        takes_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
        on_one_object = "{" in self.path

        def add(code: int, description: str, schema: dict[str, Any]) -> None:
            responses.setdefault(
                str(code), {"description": description, "content": {"application/json": {"schema": schema}}}
            )

        if takes_body or takes_query:
            add(400, "Invalid input.", VALIDATION_ERROR)
        if self._needs_authentication():
            add(401, "Not authenticated.", error_ref)
            add(403, "Visible to you, but the action is not allowed.", error_ref)
        if on_one_object or self._is_list_view():
            add(404, "Not found, or not visible to you.", error_ref)
        if takes_body:
            add(409, "Well-formed but refused by a business rule.", error_ref)
            add(413, "The request body is too large.", error_ref)
        return operation

    def _needs_authentication(self) -> bool:
        checks = self.view.get_permissions()
        return bool(checks) and not any(isinstance(check, permissions.AllowAny) for check in checks)
