"""Small helpers the vacancies pages share (the request's user is `core.http.request_user`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from core.models import User
from core.permissions import check_action
from vacancies.services.pipeline import PipelineRefused


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


def error_text(exc: Exception) -> str:
    """A refused action as one line for a message on the page."""
    if isinstance(exc, PipelineRefused):
        return exc.detail
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)
