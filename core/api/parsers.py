"""Request body limits for the API (issue 9): an oversized body is a JSON 413, never a 500 or a hang.

Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE only when `request.body` or `request.POST` is read, and
DRF's JSON parser reads the raw stream instead, so without this a JSON body of any size would be
read into memory. Multipart bodies carry files (CVs, evidence) and have their own, larger, cap:
REQUEST_BODY_MAX_BYTES, checked on Content-Length before Django streams the files to disk.

Its own module, like core.api.pagination: DRF imports parser classes while loading its settings.
"""

from __future__ import annotations

from typing import IO, Any, cast

from django.conf import settings
from rest_framework import exceptions, parsers, status


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


def _declared_length(parser_context: dict[str, Any] | None) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except (TypeError, ValueError):
        return 0


def _refuse_over(limit: int | None, length: int) -> None:
    if limit is not None and length > limit:
        raise RequestTooLarge(f"The request body is too large: the limit is {limit} bytes.")


class LimitedStream:
    """Reads at most `limit` bytes of the body and refuses a body that goes on past it."""

    def __init__(self, stream: Any, limit: int | None) -> None:
        self.stream, self.limit = stream, limit

    def read(self, size: int = -1) -> bytes:
        if self.limit is None:
            return self.stream.read(size)
        data = self.stream.read(self.limit + 1 if size is None or size < 0 else min(size, self.limit + 1))
        _refuse_over(self.limit, len(data))
        return data


NUL_MESSAGE = "The request contains a NUL character, which no field accepts."


def has_nul(value: Any) -> bool:
    """True when a NUL character is anywhere in a parsed body (keys, values, nested lists and maps):
    PostgreSQL cannot store one in text, so it must be a 400 here, never a 500 at the database."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(item) for item in value)
    if hasattr(value, "lists"):  # QueryDict / MultiValueDict: every value of every key
        return any(has_nul(key) or has_nul(items) for key, items in value.lists())
    return False


def _refuse_nul(data: Any) -> Any:
    if has_nul(data):
        raise exceptions.ParseError(NUL_MESSAGE)
    return data


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        _refuse_over(limit, _declared_length(parser_context))
        return _refuse_nul(
            super().parse(cast(IO[Any], LimitedStream(stream, limit)), media_type, parser_context)
        )


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        _refuse_over(limit, _declared_length(parser_context))
        return _refuse_nul(
            super().parse(cast(IO[Any], LimitedStream(stream, limit)), media_type, parser_context)
        )


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        _refuse_over(settings.REQUEST_BODY_MAX_BYTES, _declared_length(parser_context))
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_nul(parsed.data)
        return parsed
