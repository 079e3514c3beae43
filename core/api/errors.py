"""The API's error shapes: `Conflict` (409) and the exception handler every endpoint goes through.

`exception_handler` gives every error the documented shape (API.md "Errors") and turns anything
unexpected into a JSON 500 without a traceback (and logs it).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api.parsers import RequestTooLarge

logger = logging.getLogger("recruitcrm.api")


class Conflict(exceptions.APIException):
    """409: well-formed but refused by a business rule. `code` and extra keys go into the body."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "Refused by a business rule."
    default_code = "conflict"

    def __init__(self, detail: str, code: str, **extra: Any) -> None:
        super().__init__(detail=detail, code=code)
        self.code = code
        self.extra = extra


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Conflict):
        return Response({"detail": str(exc.detail), "code": exc.code, **exc.extra}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"detail": " ".join(exc.messages)}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    # Django's request limits (settings DATA_UPLOAD_*) raise these while a parser reads the body.
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError("Too many fields or files in one request.")
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    # Unexpected: log it (the traceback goes to the log, never to the client) and answer in JSON.
    view = context.get("view")
    logger.exception("unhandled API error in %s", type(view).__name__ if view else "unknown view")
    return Response(
        {"detail": "Something went wrong on our side. It has been logged.", "code": "server_error"},
        status=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )
