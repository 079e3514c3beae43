"""Every anonymiser's two forms write the same thing: the row form (core.anonymisation, a row at a
time) and the set-based form (privacy/services/anonymiser_sql.py, one statement for a group of
people) both read one declaration (`fields` and `also_sets`); these tests run both, for every
anonymiser in the registry, and compare every column it declares — none is listed by hand."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models.expressions import Combinable

from core.anonymisation import Anonymiser
from privacy import registry
from privacy.services import anonymiser_sql
from tests.privacy.people import candidate_with_everything, contact_with_everything

ALL = [*registry.ANONYMISERS, *registry.CONTACT_ANONYMISERS]


def _columns(cls: type[Anonymiser]) -> list[str]:
    return [*cls.fields, *cls.also_sets]


@pytest.mark.parametrize(
    ("cls", "column"),
    [(cls, column) for cls in ALL for column in _columns(cls)],
    ids=lambda value: value.__name__ if isinstance(value, type) else str(value),
)
def test_the_set_based_form_writes_the_declared_value(cls: type[Anonymiser], column: str) -> None:
    values = anonymiser_sql.anonymiser_set_based_values(cls)
    if values is None:
        # Not set-based: the sweep runs its row form, person by person (one form, nothing to differ).
        plan = anonymiser_sql.person_plan_compile([cls])
        assert plan.row_by_row == [cls] and not plan.update_sql
        return
    declared = cls.also_sets[column] if column in cls.also_sets else cls.fields[column]
    assert values[column] is declared or values[column] == declared
    assert cls.model._meta.get_field(column).column in anonymiser_sql.person_plan_compile([cls]).update_sql


def _snapshot(cls: type[Anonymiser], person: Any) -> list[dict[str, Any]]:
    return list(cls().rows(person).order_by("pk").values("pk", *_columns(cls)))


@pytest.mark.django_db
def test_row_and_set_based_forms_leave_every_declared_column_the_same(recruiter, admin_user):
    candidate, _files = candidate_with_everything(owner=recruiter, admin=admin_user, mark="zqxforms")
    contact = contact_with_everything(owner=recruiter, mark="zqxforms")
    unseeded, differ = [], []
    for person, anonymisers in ((candidate, registry.ANONYMISERS), (contact, registry.CONTACT_ANONYMISERS)):
        for cls in anonymisers:
            if not _columns(cls):
                continue  # exports only (a record of ids)
            before = _snapshot(cls, person)
            changed_by_row = cls().anonymise(person)  # the row form
            by_row = _snapshot(cls, person)
            if not before or before == by_row:
                unseeded.append(cls.__name__)
                continue
            for row in before:  # back as they were, then the set-based form
                values = dict(row)
                cls.model._default_manager.filter(pk=values.pop("pk")).update(**values)
            changed_by_set = anonymiser_sql.person_plan_compile([cls]).run(person)
            if changed_by_row != changed_by_set:
                differ.append(f"{cls.__name__}: {changed_by_row} rows by row, {changed_by_set} by set")
            by_set = _snapshot(cls, person)
            for column in _columns(cls):
                row_values, set_values = [r[column] for r in by_row], [r[column] for r in by_set]
                if isinstance(cls.also_sets.get(column), Combinable):
                    # An SQL expression (`Now()` for when): each form evaluates it when it runs.
                    row_values = [value is None for value in row_values]
                    set_values = [value is None for value in set_values]
                if row_values != set_values:
                    differ.append(f"{cls.__name__}.{column}")
            assert anonymiser_sql.person_plan_compile([cls]).run(person) == 0, cls.__name__  # idempotent
    assert unseeded == [], f"tests/privacy/people.py seeds no rows for: {unseeded}"
    assert differ == [], f"the two forms differ on: {differ}"
