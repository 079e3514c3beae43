from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from core.models import User
from core.permissions import check_action


def request_user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def require_perm(user: User, perm: str) -> None:
    if not (user.is_admin or user.has_perm(perm)):
        raise PermissionDenied


def allowed(user: User, obj: Any, action: str) -> bool:
    try:
        check_action(user, obj, action)
    except PermissionDenied:
        return False
    return True


def apply_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
