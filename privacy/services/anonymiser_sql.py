"""The anonymisers' set-based form: every anonymiser about a group of people as one SQL statement.

The sweep's fast path (issue 10), used for one person's erasure too.

Run one by one, the ~20 anonymisers cost a SELECT … FOR UPDATE each plus an UPDATE per row: some
40 round trips a person, which caps a sweep far below 500 people a second. Most anonymisers only
put constants into columns (`blank`, `removed`, a fixed value, an SQL expression in `also_sets`),
so for those the same change is a set-based UPDATE of the people's rows *that still differ* — read
from the same declaration, and by the same rule, as the row form (core.anonymisation) — and all of
them fit in one statement of data-modifying CTEs (`WITH a0 AS (UPDATE … RETURNING 1), a1 AS (…)
SELECT count(*) …`). Rows are still locked (an UPDATE locks what it changes) and the statement runs
inside the caller's transaction, so a person is anonymised whole or not at all.

The statement is written for a group of people — `… IN (SELECT unnest($1::bigint[]))` — so the
sweep anonymises a batch of people with one statement in one transaction (privacy.services.sweep
says why); one person is a group of one. It is compiled once per process with a marker array and
prepared once per connection: PostgreSQL spends longer planning twenty CTEs than running them for
one person, and building twenty Django queries per group would cost more again.

What stays on the slow path, unchanged: stored files (each row holding one is fetched and its file
deleted through the anonymiser's own `delete_files`, before the UPDATE, as privacy.services.erasure
says), any anonymiser whose replacement depends on the row (a callable) or with its own
`anonymise`/`anonymise_row`, and any that overrides `rows` without `rows_among`: those run person by
person, inside the same transaction. An anonymiser's `after_change` runs once the statement has
changed rows, as its row form runs it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.sql import UpdateQuery

from core.anonymisation import Anonymiser

# A person id no real row has. The compiled SQL carries `IDS_MARKER` (an array holding only it)
# where the group's ids go; `sql_group_ids_bind` swaps in the real ids each time.
SENTINEL = -7_319_004_211
IDS_MARKER: list[int] = [SENTINEL]


def sql_group_ids() -> RawSQL:
    """ "The people of this group", as a subquery over the marker array (see `sql_group_ids_bind`)."""
    return RawSQL("SELECT unnest(%s::bigint[])", (IDS_MARKER,))


def anonymiser_set_based_values(cls: type[Anonymiser]) -> dict[str, Any] | None:
    """The columns `cls` writes (its `fields`, then `also_sets`), when no replacement depends on the
    row and it keeps the row form it inherits; else None (it runs row by row)."""
    for klass in cls.__mro__:
        if klass is Anonymiser:
            break
        if "anonymise" in klass.__dict__ or "anonymise_row" in klass.__dict__:
            return None  # its own row logic: run it as written
    if any(callable(replacement) for replacement in cls.fields.values()):
        return None  # depends on the row
    return {**cls.fields, **cls.also_sets}


def _file_fields(cls: type[Anonymiser]) -> list[str]:
    """The anonymised fields that hold stored files (their rows go through `delete_files`)."""
    if cls.delete_files is Anonymiser.delete_files:
        return []
    return [name for name in cls.fields if isinstance(cls.model._meta.get_field(name), models.FileField)]


@dataclass
class PersonPlan:
    """The compiled statements for one list of anonymisers (the people's ids are one array parameter)."""

    update_sql: str
    update_params: dict[str, Any]
    files_sql: str
    files_params: dict[str, Any]
    file_anonymisers: list[type[Anonymiser]]
    row_by_row: list[type[Anonymiser]]
    set_based: list[type[Anonymiser]]

    def run(self, person: models.Model, *, pause: Any = None) -> int:
        """Anonymise everything about `person` (inside the caller's transaction); rows changed."""
        return self.run_many([person], pause=pause)

    def run_many(self, people: Sequence[models.Model], *, pause: Any = None) -> int:
        """Anonymise everything about `people` (inside the caller's transaction); rows changed."""
        ids = [person.pk for person in people]
        changed = 0
        if self.files_sql:
            found: dict[int, list[int]] = {}
            for index, pk in sql_prepared_execute(self.files_sql, sql_group_ids_bind(self.files_params, ids)):
                found.setdefault(index, []).append(pk)
            for index, pks in found.items():
                cls = self.file_anonymisers[index]
                instance = cls()
                for row in cls.model._default_manager.select_for_update().filter(pk__in=pks):
                    instance.delete_files(row)  # files go before their rows change
            if pause:
                pause()
        for cls in self.row_by_row:
            instance = cls()
            for person in people:
                changed += instance.anonymise(person)
            if pause:
                pause()
        if self.update_sql:
            rows = sql_prepared_execute(self.update_sql, sql_group_ids_bind(self.update_params, ids))
            updated = int(rows[0][0] or 0)
            if updated:
                for cls in self.set_based:
                    cls().after_change()
            changed += updated
        return changed


def sql_prepared_execute(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run `sql` as a server-side prepared statement on Django's connection (same transaction).

    These statements are large (20 CTEs, a dozen subqueries): PostgreSQL spends longer planning
    them than running them for a group, so the plan is made once per connection and reused, and
    the group's ids travel as one bound array rather than quoted into the text. Django's own
    cursors bind on the client (the ids would be spelled out in every statement) and cannot
    prepare, so this uses psycopg's server-binding cursor on the same connection."""
    connection.ensure_connection()
    raw = connection.connection
    assert raw is not None
    with psycopg.Cursor(raw) as cursor:
        cursor.execute(sql, params, prepare=True)
        return cursor.fetchall() if cursor.description else []


def sql_placeholders_name(sql: str, params: Sequence[Any]) -> tuple[str, dict[str, Any]]:
    """`sql` with its `%s` placeholders named (`%(p0)s`, …), every marker array as `%(ids)s`.

    psycopg sends a name used many times as one parameter, so the group's ids (in every CTE)
    cross the wire, and are converted, once per statement instead of once per CTE."""
    out: list[str] = []
    values: dict[str, Any] = {}
    position = 0
    index = 0
    while True:
        found = sql.find("%", position)
        if found < 0:
            out.append(sql[position:])
            break
        out.append(sql[position:found])
        following = sql[found + 1 : found + 2]
        if following == "%":
            out.append("%%")
        elif following == "s":
            value = params[index]
            index += 1
            if isinstance(value, list) and value == IDS_MARKER:
                out.append("%(ids)s")
            else:
                name = f"p{index}"
                values[name] = value
                out.append(f"%({name})s")
        else:
            raise ValueError("unexpected placeholder in compiled SQL")
        position = found + 2
    if index != len(params):
        raise ValueError("placeholders and parameters do not match")
    return "".join(out), values


def sql_group_ids_bind(params: dict[str, Any], ids: Sequence[int]) -> dict[str, Any]:
    """The named parameters of a compiled statement, with the group's ids."""
    return {**params, "ids": list(ids)}


def _per_person_only(cls: type[Anonymiser]) -> bool:
    """Overrides `rows` but not `rows_among`: it can only say which rows are one person's."""
    return cls.rows is not Anonymiser.rows and cls.rows_among is Anonymiser.rows_among


def _update_statement(cls: type[Anonymiser], values: dict[str, Any]) -> tuple[str, list[Any]]:
    model = cls.model
    rows = cls().rows_among(sql_group_ids()).values("pk")
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


def person_plan_compile(anonymisers: list[type[Anonymiser]]) -> PersonPlan:
    ctes: list[str] = []
    update_params: list[Any] = []
    row_by_row: list[type[Anonymiser]] = []
    set_based: list[type[Anonymiser]] = []
    seen_models: set[type[models.Model]] = set()
    for cls in anonymisers:
        values = anonymiser_set_based_values(cls)
        # One statement may not update a row twice: a second anonymiser of a model goes row by row.
        if values is None or cls.model in seen_models or _per_person_only(cls):
            row_by_row.append(cls)
            continue
        if not values:
            continue  # nothing to write (an export-only anonymiser)
        seen_models.add(cls.model)
        set_based.append(cls)
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
        names = _file_fields(cls)
        if not names or _per_person_only(cls):
            continue  # a per-person anonymiser deletes its files itself (Anonymiser.anonymise)
        holding = Q()
        for name in names:
            holding |= ~Q(**{name: ""}) & Q(**{f"{name}__isnull": False})
        rows = cls().rows_among(sql_group_ids()).filter(holding).values("pk")
        sql, file_params = rows.query.sql_with_params()
        parts.append(f"SELECT {len(file_anonymisers)}, f.* FROM ({sql}) f")  # noqa: S608
        files_params.extend(file_params)
        file_anonymisers.append(cls)
    update_sql, update_named = sql_placeholders_name(update_sql, update_params)
    files_sql, files_named = sql_placeholders_name(" UNION ALL ".join(parts), files_params)
    return PersonPlan(
        update_sql=update_sql,
        update_params=update_named,
        files_sql=files_sql,
        files_params=files_named,
        file_anonymisers=file_anonymisers,
        row_by_row=row_by_row,
        set_based=set_based,
    )
