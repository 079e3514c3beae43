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

One declaration, two forms. What an anonymiser writes is declared once — `fields` (each personal
field's replacement) and `also_sets` (the columns that change with them, such as "is anonymised") —
and read by both ways of running it: the row form here (`anonymise_row`, one row at a time) and the
set-based form privacy's sweep compiles from the same declaration (privacy/services/anonymiser_sql.py:
one UPDATE for a group of people). Both write every declared column, and only on rows where some
declared value still differs, so they cannot drift apart; tests/privacy/test_anonymiser_forms.py
runs both over every anonymiser and compares every declared column. An anonymiser whose replacement
depends on the row (a callable) or that overrides `anonymise_row` runs row by row in the sweep too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models
from django.db.models import Q
from django.db.models.expressions import Combinable

# model label ("candidates.candidate") -> names of fields that hold personal data
PERSONAL_FIELDS: dict[str, set[str]] = {}

REMOVED = "[removed]"

Replacement = Any | Callable[[models.Model], Any]


@dataclass(frozen=True)
class RetentionExclusion:
    """People matching `q` (a filter on the person model) are never swept, for `reason`.

    `is_statutory`: the law requires the records (a Conduct Regulations or right-to-work floor), so
    the exclusion also binds a manual erasure; the rest (open work, a hold, a "keep my data") bind
    only the sweep. A typed property, never decided from the wording of `reason`."""

    q: Q
    reason: str
    is_statutory: bool = False
    # For a statutory exclusion: the day it stops binding this person, given the person (None
    # while that is not yet known, e.g. still employed). Shown on a restricted erasure request.
    ends_on: Callable[[Any], Any] | None = None


# The usual replacements, by name: constants, so the set-based form can write them in SQL.
blank = ""
null = None
removed = REMOVED


class Anonymiser:
    """One kind of personal data about a person, held in `model`, reached by `person_field`.

    Subclasses set:
      model          the model holding the data
      person_field   the lookup from that model to the person ("candidate", or "pk" for the person)
      fields         field name -> replacement (a value, or a callable given the row)
      also_sets      columns that are not personal data but change with it (`is_anonymised`), each
                     a value or an SQL expression (`Coalesce(F("anonymised_at"), Now())`)
      label          a short name for exports and sweep reports
    and may override `export_row`, `delete_files`, `after_change` and `retention_exclusions`
    (overriding `anonymise_row` takes the anonymiser off the sweep's set-based path).
    """

    model: ClassVar[type[models.Model]]
    person_field: ClassVar[str] = "pk"
    # Further lookups to the person for rows held about them elsewhere: a submission pack's email is
    # on the client contact's timeline but is about the candidate. One anonymiser per model keeps
    # the sweep's one-statement form (privacy/services/anonymiser_sql.py).
    also_person_fields: ClassVar[tuple[str, ...]] = ()
    fields: ClassVar[dict[str, Replacement]] = {}
    also_sets: ClassVar[dict[str, Any]] = {}
    label: ClassVar[str] = ""
    # Erasure inside a statutory floor (DESIGN.md): the fields the law still needs while the person
    # is restricted (Conduct Regs Schedules 4/5, right-to-work rules). The rest are scrubbed at once
    # (`restrict`); an anonymiser that keeps none of its fields deletes its rows' files then too.
    kept_while_restricted: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if getattr(cls, "model", None) is not None:
            PERSONAL_FIELDS.setdefault(cls.model._meta.label_lower, set()).update(cls.fields)
            if not cls.label:
                cls.label = cls.model._meta.model_name or cls.__name__

    def rows(self, person: models.Model) -> models.QuerySet:
        lookup = "pk" if self.person_field == "pk" else self.person_field
        if self.also_person_fields:
            return self.rows_among([person.pk])
        return self.model._default_manager.filter(**{lookup: person.pk})

    def rows_among(self, ids: Any) -> models.QuerySet:
        """`rows` for many people at once: `ids` is a list of their ids or an expression giving them
        (the sweep anonymises people in groups, privacy/services/anonymiser_sql.py). A subclass that
        overrides `rows` overrides this too, or the sweep runs it one person at a time."""
        lookup = "pk" if self.person_field == "pk" else self.person_field
        manager = self.model._default_manager
        if not self.also_person_fields:
            return manager.filter(**{f"{lookup}__in": ids})
        # Each path as its own subquery of ids (inner joins), so the rows themselves carry no outer
        # join: `select_for_update` and the sweep's UPDATE work on them as on any other.
        about = Q()
        for path in (lookup, *self.also_person_fields):
            about |= Q(pk__in=manager.filter(**{f"{path}__in": ids}).values("pk"))
        return manager.filter(about)

    def export_row(self, row: models.Model) -> dict[str, Any]:
        return {name: _jsonable(getattr(row, name)) for name in ["pk", *self.fields]}

    def export(self, person: models.Model) -> list[dict[str, Any]]:
        return [self.export_row(row) for row in self.rows(person)]

    def delete_files(self, row: models.Model) -> None:
        """Delete stored files of this row (files go before rows). Default: none."""

    def values_for(self, row: models.Model) -> dict[str, Any]:
        """What this anonymiser writes into `row`: each field's replacement, then `also_sets`."""
        values = {name: r(row) if callable(r) else r for name, r in self.fields.items()}
        return {**values, **self.also_sets}

    def anonymise_row(self, row: models.Model) -> bool:
        """The row form: if any declared value still differs, one UPDATE of this row writes them all
        (the rule the set-based form applies to a group; never `save()`: checks refuse edits, and
        writes name their columns). True when the row changed."""
        values = self.values_for(row)
        constants = {n: v for n, v in values.items() if not isinstance(v, Combinable)}
        if all(getattr(row, name) == value for name, value in constants.items()):
            return False
        self.model._default_manager.filter(pk=row.pk).update(**values)
        for name, value in constants.items():
            setattr(row, name, value)
        return True

    def anonymise(self, person: models.Model) -> int:
        """Anonymise every row about `person`; returns how many rows changed (0 on a second run)."""
        count = 0
        for row in self.rows(person).select_for_update():
            self.delete_files(row)
            count += self.anonymise_row(row)
        if count:
            self.after_change()
        return count

    def restrict(self, person: models.Model) -> int:
        """Scrub what the statutory floor does not need (`kept_while_restricted` stays); rows
        changed. Idempotent, like `anonymise`; `also_sets` (the tombstone mark) is not written."""
        scrub = {name: r for name, r in self.fields.items() if name not in self.kept_while_restricted}
        if not scrub:
            return 0
        count = 0
        for row in self.rows(person).select_for_update():
            if not self.kept_while_restricted:
                self.delete_files(row)
            values = {name: r(row) if callable(r) else r for name, r in scrub.items()}
            if all(getattr(row, name) == value for name, value in values.items()):
                continue
            self.model._default_manager.filter(pk=row.pk).update(**values)
            count += 1
        if count:
            self.after_change()
        return count

    def after_change(self) -> None:
        """Called once rows changed, by either form (an update sends no signals: a cache to drop)."""

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
