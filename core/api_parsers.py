"""Request body limits for the API (issue 9): an oversized body is a JSON 413, never a 500 or a hang.

Django enforces DATA_UPLOAD_MAX_MEMORY_SIZE only when `request.body` or `request.POST` is read, and
DRF's JSON parser reads the raw stream instead, so without this a JSON body of any size would be
read into memory. Multipart bodies carry files (CVs, evidence) and have their own, larger, cap:
REQUEST_BODY_MAX_BYTES, checked on Content-Length before Django streams the files to disk.

Its own module, like core.pagination: DRF imports parser classes while loading its settings.
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


class JSONParser(parsers.JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        _refuse_over(limit, _declared_length(parser_context))
        return super().parse(cast(IO[Any], LimitedStream(stream, limit)), media_type, parser_context)


class FormParser(parsers.FormParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        _refuse_over(limit, _declared_length(parser_context))
        return super().parse(cast(IO[Any], LimitedStream(stream, limit)), media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        _refuse_over(settings.REQUEST_BODY_MAX_BYTES, _declared_length(parser_context))
        return super().parse(stream, media_type, parser_context)
