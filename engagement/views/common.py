from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from core.models import User


def request_user(request: HttpRequest) -> User:
    return cast(User, request.user)


def require(user: User, perm: str) -> None:
    if not (user.is_admin or user.has_perm(perm)):
        raise PermissionDenied


def as_id(value: str | None) -> int | None:
    """A query-string id, or None: ASCII digits only ("²".isdigit() is True) and within bigint."""
    if value and len(value) <= 18 and value.isascii() and value.isdigit():
        return int(value)
    return None
