"""The one exception a refused pipeline action raises (the API answers 409 with its `code`)."""

from __future__ import annotations

from typing import Any


class PipelineRefused(Exception):
    """A well-formed move refused by a business rule (the API answers 409 with `code`)."""

    def __init__(self, detail: str, code: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail, self.code, self.extra = detail, code, extra
