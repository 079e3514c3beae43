"""The personal-data base class (`Anonymiser`) and the field registry.

The pattern is pretix's shredder: one small class per kind of personal data, owned by the app that
holds that data (in its `anonymisers.py`), which knows how to

* `export` everything it holds about a person (for subject-access requests),
* `anonymise` it in place — rows stay, so placements and reports keep their foreign keys, but the
  personal values are replaced; idempotent, so running it twice changes nothing the second time,
* say why a person must *not* be swept yet (`retention_exclusions`: open applications, active
  placements, …), each exclusion a filter with its reason.

`privacy/` (the top domain floor) holds the one explicit list of anonymisers and runs them; core
only defines the contract, so no app below privacy needs to know about the others.

Every subclass registers its model's personal fields in `PERSONAL_FIELDS`, which tests and the
log scrubber use to know what counts as personal data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

# model label ("candidates.candidate") -> names of fields that hold personal data
PERSONAL_FIELDS: dict[str, set[str]] = {}

REMOVED = "[removed]"

Replacement = Any | Callable[[models.Model], Any]


@dataclass(frozen=True)
class RetentionExclusion:
    """People matching `q` (a filter on the person model) are never swept, for `reason`."""

    q: Q
    reason: str


def blank(_: models.Model) -> str:
    return ""


def null(_: models.Model) -> None:
    return None


def removed(_: models.Model) -> str:
    return REMOVED


class Anonymiser:
    """One kind of personal data about a person, held in `model`, reached by `person_field`.

    Subclasses set:
      model          the model holding the data
      person_field   the lookup from that model to the person ("candidate", or "pk" for the person)
      fields         field name -> replacement (a value, or a callable given the row)
      label          a short name for exports and sweep reports
    and may override `export_row`, `anonymise_row`, `delete_files` and `retention_exclusions`.
    """

    model: ClassVar[type[models.Model]]
    person_field: ClassVar[str] = "pk"
    fields: ClassVar[dict[str, Replacement]] = {}
    label: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is not None:
            PERSONAL_FIELDS.setdefault(cls.model._meta.label_lower, set()).update(cls.fields)
            if not cls.label:
                cls.label = cls.model._meta.model_name or cls.__name__

    def rows(self, person: models.Model) -> models.QuerySet:
        lookup = "pk" if self.person_field == "pk" else self.person_field
        return self.model._default_manager.filter(**{lookup: person.pk})

    def rows_among(self, ids: Any) -> models.QuerySet:
        """`rows` for many people at once: `ids` is a list of their ids or an expression giving them
        (the sweep anonymises people in groups, privacy/bulk.py). A subclass that overrides `rows`
        overrides this too, or the sweep runs it one person at a time."""
        lookup = "pk" if self.person_field == "pk" else self.person_field
        return self.model._default_manager.filter(**{f"{lookup}__in": ids})

    def export_row(self, row: models.Model) -> dict[str, Any]:
        return {name: _jsonable(getattr(row, name)) for name in ["pk", *self.fields]}

    def export(self, person: models.Model) -> list[dict[str, Any]]:
        return [self.export_row(row) for row in self.rows(person)]

    def delete_files(self, row: models.Model) -> None:
        """Delete stored files of this row (files go before rows). Default: none."""

    def anonymise_row(self, row: models.Model) -> bool:
        changed = []
        for name, replacement in self.fields.items():
            value = replacement(row) if callable(replacement) else replacement
            if getattr(row, name) != value:
                setattr(row, name, value)
                changed.append(name)
        if changed:
            row.save(update_fields=changed)
        return bool(changed)

    def anonymise(self, person: models.Model) -> int:
        """Anonymise every row about `person`; returns how many rows changed (0 on a second run)."""
        count = 0
        for row in self.rows(person).select_for_update():
            self.delete_files(row)
            count += self.anonymise_row(row)
        return count

    def retention_exclusions(self) -> list[RetentionExclusion]:
        return []


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float | bool | list | dict):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    return str(value)
