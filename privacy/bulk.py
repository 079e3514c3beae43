"""The sweep's fast path: every anonymiser about one person as one SQL statement (issue 10).

Run one by one, the ~20 anonymisers cost a SELECT … FOR UPDATE each plus an UPDATE per row: some
40 round trips a person, which caps a sweep far below 500 people a second. Most anonymisers only
put constants into columns (`blank`, `removed`, a fixed value), so for those the same change is a
set-based UPDATE of the person's rows *that still differ*, and all of them fit in one statement
of data-modifying CTEs (`WITH a0 AS (UPDATE … RETURNING 1), a1 AS (…) SELECT count(*) …`). Rows
are still locked (an UPDATE locks what it changes) and the person still changes in their own
transaction, so nothing about the engine's guarantees moves.

The SQL is compiled once per process with a sentinel id and reused with the real id, because
building twenty Django queries per person would cost more than running them.

What stays on the slow path, unchanged: stored files (each row holding one is fetched and its file
deleted through the anonymiser's own `delete_files`, before the UPDATE, as the engine's design
says), and any anonymiser with its own `anonymise`/`anonymise_row` that has not declared
`set_based_extra` (the extra columns its row method sets, as values or SQL expressions).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import Combinable
from django.db.models.sql import UpdateQuery

from core.anonymisation import REMOVED, Anonymiser, blank, null, removed

# A person id no real row has: compiled into the SQL, then swapped for the real one per person.
SENTINEL = -7_319_004_211

_CONSTANT_HELPERS: dict[Any, Any] = {blank: "", null: None, removed: REMOVED}


def set_based_values(cls: type[Anonymiser]) -> dict[str, Any] | None:
    """The columns `cls` writes, when it only writes constants (or declared SQL); else None."""
    extra = cls.__dict__.get("set_based_extra")
    if extra is None:
        for klass in cls.__mro__:
            if klass is Anonymiser:
                break
            if "set_based_extra" in klass.__dict__:
                extra = klass.__dict__["set_based_extra"]
                break
            if "anonymise" in klass.__dict__ or "anonymise_row" in klass.__dict__:
                return None  # its own row logic, not declared set-based: run it as written
    values: dict[str, Any] = {}
    for name, replacement in cls.fields.items():
        if callable(replacement) and replacement in _CONSTANT_HELPERS:
            values[name] = _CONSTANT_HELPERS[replacement]
        elif callable(replacement):
            return None  # depends on the row
        else:
            values[name] = replacement
    values.update(extra or {})
    return values


def file_fields(cls: type[Anonymiser]) -> list[str]:
    """The anonymised fields that hold stored files (their rows go through `delete_files`)."""
    if cls.delete_files is Anonymiser.delete_files:
        return []
    return [name for name in cls.fields if isinstance(cls.model._meta.get_field(name), models.FileField)]


@dataclass
class PersonPlan:
    """The compiled statements for one list of anonymisers (the person's id is a parameter)."""

    update_sql: str
    update_params: list[Any]
    files_sql: str
    files_params: list[Any]
    file_anonymisers: list[type[Anonymiser]]
    row_by_row: list[type[Anonymiser]]

    def run(self, person: models.Model, *, pause: Any = None) -> int:
        """Anonymise everything about `person` (inside the caller's transaction); rows changed."""
        changed = 0
        if self.files_sql:
            found: dict[int, list[int]] = {}
            for index, pk in execute_prepared(self.files_sql, bind(self.files_params, person.pk)):
                found.setdefault(index, []).append(pk)
            for index, pks in found.items():
                cls = self.file_anonymisers[index]
                instance = cls()
                for row in cls.model._default_manager.select_for_update().filter(pk__in=pks):
                    instance.delete_files(row)  # files go before their rows change
            if pause:
                pause()
        for cls in self.row_by_row:
            changed += cls().anonymise(person)
            if pause:
                pause()
        if self.update_sql:
            rows = execute_prepared(self.update_sql, bind(self.update_params, person.pk))
            changed += int(rows[0][0] or 0)
        return changed


def execute_prepared(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Run `sql` as a server-side prepared statement on Django's connection (same transaction).

    These statements are large (20 CTEs, a dozen subqueries): PostgreSQL spends ~20 ms planning
    them and under 1 ms running them, so the plan is made once per connection and reused. Django's
    own cursors bind on the client and cannot prepare."""
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall() if cursor.description else []


def bind(params: list[Any], pk: int) -> list[Any]:
    return [pk if value == SENTINEL and isinstance(value, int) else value for value in params]


class _SentinelPerson:
    """Only a pk to compile `rows(person)` with (all `rows` reads)."""

    pk = SENTINEL


def _sentinel_person() -> Any:
    return _SentinelPerson()


def _update_statement(cls: type[Anonymiser], values: dict[str, Any]) -> tuple[str, list[Any]]:
    model = cls.model
    rows = cls().rows(_sentinel_person()).values("pk")
    queryset = model._default_manager.filter(pk__in=rows)
    constants = {k: v for k, v in values.items() if not isinstance(v, Combinable)}
    if constants:
        # Only rows that still hold something: a second run changes (and counts) nothing.
        differs = Q()
        for name, value in constants.items():
            differs |= ~Q(**{name: value})
        queryset = queryset.filter(differs)
    query = queryset.query.chain(UpdateQuery)
    query.add_update_values(values)  # type: ignore[attr-defined]
    sql, params = query.get_compiler(connection=connection).as_sql()
    return sql, list(params)


def compile_plan(anonymisers: list[type[Anonymiser]]) -> PersonPlan:
    ctes: list[str] = []
    update_params: list[Any] = []
    row_by_row: list[type[Anonymiser]] = []
    seen_models: set[type[models.Model]] = set()
    for cls in anonymisers:
        values = set_based_values(cls)
        # One statement may not update a row twice: a second anonymiser of a model goes row by row.
        if values is None or cls.model in seen_models:
            row_by_row.append(cls)
            continue
        if not values:
            continue  # nothing to write (an export-only anonymiser)
        seen_models.add(cls.model)
        sql, params = _update_statement(cls, values)
        ctes.append(f"a{len(ctes)} AS ({sql} RETURNING 1)")
        update_params.extend(params)
    update_sql = ""
    if ctes:
        total = " + ".join(f"(SELECT count(*) FROM a{n})" for n in range(len(ctes)))  # noqa: S608
        update_sql = f"WITH {', '.join(ctes)} SELECT {total}"  # the CTEs were compiled by Django
    parts: list[str] = []
    files_params: list[Any] = []
    file_anonymisers: list[type[Anonymiser]] = []
    for cls in anonymisers:
        names = file_fields(cls)
        if not names:
            continue
        holding = Q()
        for name in names:
            holding |= ~Q(**{name: ""}) & Q(**{f"{name}__isnull": False})
        rows = cls().rows(_sentinel_person()).filter(holding).values("pk")
        sql, file_params = rows.query.sql_with_params()
        parts.append(f"SELECT {len(file_anonymisers)}, f.* FROM ({sql}) f")  # noqa: S608
        files_params.extend(file_params)
        file_anonymisers.append(cls)
    return PersonPlan(
        update_sql=update_sql,
        update_params=update_params,
        files_sql=" UNION ALL ".join(parts),
        files_params=files_params,
        file_anonymisers=file_anonymisers,
        row_by_row=row_by_row,
    )
