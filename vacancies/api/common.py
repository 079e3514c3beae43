"""What the vacancies API endpoints share."""

from __future__ import annotations

from core.api.errors import Conflict
from vacancies.services.pipeline import PipelineRefused


def conflict(exc: PipelineRefused) -> Conflict:
    """A refused pipeline or shortlist action as API.md's 409, with its `code` and extra fields."""
    return Conflict(exc.detail, code=exc.code, **exc.extra)
