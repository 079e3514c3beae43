"""What every recording service shares. Each validates with field errors (a 400 in the API, errors
on the form), writes one row, and an audit event holding ids and codes only. Nothing edits a
recorded check: a correction is a new check that supersedes the old one."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from candidates.models import Candidate


def date_not_future_check(errors: dict[str, list[str]], name: str, day: datetime.date | None) -> None:
    """Adds "in the future" to `errors[name]` when `day` is after today."""
    if day is not None and day > timezone.localdate():
        errors.setdefault(name, []).append("This date is in the future.")


def check_supersede(model: type[Any], supersedes: Any, candidate: Candidate, new: Any) -> None:
    """A correction: `new` supersedes the candidate's earlier check (once, never another's)."""
    if supersedes is None:
        return
    old = model.objects.select_for_update().get(pk=supersedes.pk)
    if old.candidate_id != candidate.pk:
        raise ValidationError({"supersedes": ["That check belongs to another candidate."]})
    if old.superseded_by_id is not None:
        raise ValidationError({"supersedes": ["That check has already been corrected."]})
    old.superseded_by = new
    old.save(update_fields=["superseded_by"])
