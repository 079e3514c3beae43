"""The OpenAPI schema as the server serves it, for tests that check what it documents."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.test import Client


@cache
def served_schema() -> dict[str, Any]:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def operation(method: str, path: str) -> dict[str, Any]:
    return served_schema()["paths"]["/api/v1" + path][method.lower()]
