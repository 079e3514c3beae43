"""The one exception a refused pipeline action raises (the API answers 409 with its `code`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from core import outbound


class PipelineRefused(Exception):
    """A well-formed move refused by a business rule (the API answers 409 with `code`)."""

    def __init__(self, detail: str, code: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail, self.code, self.extra = detail, code, extra


def email_queue_or_refuse(**kwargs: Any) -> Any:
    """Queue a message through the one door (core.outbound); the contact rule's refusal becomes a
    PipelineRefused with its code (`do_not_contact`, `suppressed`, …) and its plain reason."""
    try:
        return outbound.email_queue(**kwargs)
    except ValidationError as exc:
        code = outbound.refusal_code(exc)
        if code is None:
            raise
        raise PipelineRefused(" ".join(exc.messages), code=code) from None
