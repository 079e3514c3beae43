"""The match score, declared once (DESIGN.md "Matching"; issue 10 scores in SQL, issue 15 one source).

  must-have skills 40 x matched/required · nice-to-have skills 20 x matched/wanted ·
  salary or day-rate fit 15 · location/remote fit 10 · notice period 5 · recent activity 10.

`score_terms` is the one declaration: per part, what it reads and the points for each case in order.
Both scorers are derived from it — `score_sql` renders it as one SQL expression (so only the best
`limit` candidates leave the database) and `score_row` evaluates it in Python (for the rationale) —
so they cannot drift apart: same cases, same order, the same float8 arithmetic.

Equality Act 2010 / DOMAIN.md "Matching never uses or infers protected characteristics": a term
reads only the columns in `SCORED_FIELDS` (a `Column` refuses any other) — no name, email, phone,
photo, date of birth, diversity data, or anything derived from them.
"""

from __future__ import annotations

import datetime
import functools
import operator
from dataclasses import dataclass
from typing import Any

from candidates.normalise import postcode_area
from vacancies.models import Vacancy

WEIGHTS = {"must": 40, "nice": 20, "pay": 15, "location": 10, "notice": 5, "recency": 10}

# The only candidate columns the score may read (never names, contact details or diversity data).
SCORED_FIELDS = (
    "pk",
    "employment_types",
    "desired_salary",
    "desired_day_rate",
    "postcode",
    "available_from",
    "notice_period_weeks",
    "right_to_work",
    "updated_at",
    "last_contacted_at",
)

Row = dict[str, Any]


def scored_column(name: str) -> str:
    # The SQL scorer reads candidate columns only through here: SCORED_FIELDS and nothing else.
    if name not in SCORED_FIELDS:
        raise ValueError(f"{name} is not a scored field")
    return f"c.{name}"


@dataclass(frozen=True)
class Wanted:
    """The vacancy's skill lists resolved to skill ids, shared by the SQL and the Python scorer."""

    must_ids: dict[int, str]
    nice_ids: dict[int, str]
    must_names: list[str]
    nice_names: list[str]

    def has_names(self, has: set[int]) -> set[str]:
        return {self.must_ids[i] for i in self.must_ids if i in has} | {
            self.nice_ids[i] for i in self.nice_ids if i in has
        }

    def groups(self, names: list[str]) -> list[tuple[int, list[int]]]:
        """(how often a name is listed, the skill ids that count as having it) for each name."""
        return [
            (
                names.count(name),
                sorted(
                    {i for i, n in self.must_ids.items() if n == name}
                    | {i for i, n in self.nice_ids.items() if n == name}
                ),
            )
            for name in dict.fromkeys(names)
        ]


# What a term reads from a candidate: a scored column, a postcode's area, or the latest of two dates.


@dataclass(frozen=True)
class Column:
    name: str

    def __post_init__(self) -> None:
        scored_column(self.name)  # refuses anything outside SCORED_FIELDS

    def sql(self) -> str:
        return scored_column(self.name)

    def value(self, row: Row) -> Any:
        return row[self.name]


@dataclass(frozen=True)
class Area:
    """The letters at the start of a postcode ('LS1 4AB' -> 'LS'), '' when there are none."""

    column: Column

    def sql(self) -> str:
        return f"upper(coalesce(substring({self.column.sql()} from '^[A-Za-z]{{1,2}}'), ''))"

    def value(self, row: Row) -> str:
        return postcode_area(self.column.value(row) or "")


@dataclass(frozen=True)
class Latest:
    """The later of some dates, ignoring the missing ones (NULL when all are missing)."""

    columns: tuple[Column, ...]

    def sql(self) -> str:
        return f"greatest({', '.join(column.sql() for column in self.columns)})"

    def value(self, row: Row) -> Any:
        return max(filter(None, [column.value(row) for column in self.columns]), default=None)


@dataclass(frozen=True)
class Case:
    """`points` (and a `fit` for the rationale) when the read value passes `test` against `bound`.

    test: "null", "<=", "<=float" (compared as float8), ">", "=" or "else".
    """

    test: str
    points: float
    fit: str = ""
    bound: Any = None

    def holds(self, value: Any) -> bool:
        if self.test == "else":
            return True
        if self.test == "null":
            return value is None
        if value is None:
            return False  # SQL: a comparison with NULL is not true
        if self.test in ("<=", "<=float"):
            return bool(value <= self.bound)
        if self.test == ">":
            return bool(value > self.bound)
        if self.test == "=":
            return bool(value == self.bound)
        raise ValueError(self.test)

    def sql(self, term: str, params: list[Any]) -> str:
        points = f"{float(self.points)!r}::float8"
        if self.test == "else":
            return f" ELSE {points}"
        if self.test == "null":
            return f" WHEN {term} IS NULL THEN {points}"
        params.append(self.bound)
        left = f"{term}::float8" if self.test == "<=float" else term
        operator_sql = "<=" if self.test == "<=float" else self.test
        return f" WHEN {left} {operator_sql} %s THEN {points}"


@dataclass(frozen=True)
class Steps:
    """The points of the first case that holds for the value `reads` gives (a SQL CASE)."""

    reads: Column | Area | Latest | None
    cases: tuple[Case, ...]

    def __post_init__(self) -> None:
        assert self.cases and self.cases[-1].test == "else", "the last case is the fallback"
        assert self.reads is not None or len(self.cases) == 1

    def evaluate(self, row: Row) -> tuple[float, str]:
        value = self.reads.value(row) if self.reads is not None else None
        case = next(case for case in self.cases if case.holds(value))
        return case.points, case.fit

    def sql(self, params: list[Any]) -> str:
        if self.reads is None:
            return f"{float(self.cases[0].points)!r}::float8"
        term = self.reads.sql()
        return "(CASE" + "".join(case.sql(term, params) for case in self.cases) + " END)"


@dataclass(frozen=True)
class Share:
    """weight x the share of the listed skills the candidate has (a name listed twice counts twice)."""

    weight: int
    groups: list[tuple[int, list[int]]]
    listed: int

    def evaluate(self, row: Row) -> tuple[float, str]:
        if not self.listed:
            return float(self.weight), ""
        has = set(row["skill_ids"] or [])
        matched = functools.reduce(
            operator.add, [count if has.intersection(ids) else 0 for count, ids in self.groups]
        )
        return float(self.weight) * (float(matched) / self.listed), ""

    def sql(self, params: list[Any]) -> str:
        if not self.listed:
            return f"{float(self.weight)}::float8"
        parts = []
        for count, ids in self.groups:
            parts.append(f"(CASE WHEN coalesce(sk.ids, '{{}}') && %s::bigint[] THEN {count} ELSE 0 END)")
            params.append(ids)
        return f"({float(self.weight)}::float8 * (({' + '.join(parts)})::float8 / {self.listed}))"


Term = Steps | Share


def score_terms(*, vacancy: Vacancy, wanted: Wanted, now: datetime.datetime) -> dict[str, Term]:
    """THE declaration of the score, one term per part of WEIGHTS, in the order they are added."""
    terms: dict[str, Term] = {
        "must": Share(WEIGHTS["must"], wanted.groups(wanted.must_names), len(wanted.must_names)),
        "nice": Share(WEIGHTS["nice"], wanted.groups(wanted.nice_names), len(wanted.nice_names)),
    }

    weight = WEIGHTS["pay"]
    asks = Column("desired_salary" if vacancy.is_perm else "desired_day_rate")
    high = vacancy.salary_max if vacancy.is_perm else vacancy.day_rate
    terms["pay"] = (
        Steps(
            asks,
            (
                Case("null", weight / 2, "unknown"),
                Case("<=", weight, "within", high),
                Case("<=float", weight / 2, "slightly_over", high * 1.1),
                Case("else", 0, "over"),
            ),
        )
        if high
        else Steps(None, (Case("else", weight / 2, "unknown"),))
    )

    weight = WEIGHTS["location"]
    wanted_area = postcode_area(vacancy.postcode or "")
    if vacancy.remote == Vacancy.Remote.REMOTE:
        terms["location"] = Steps(None, (Case("else", weight, "remote"),))
    elif not wanted_area:
        terms["location"] = Steps(None, (Case("else", weight / 2, "unknown"),))
    else:
        hybrid = vacancy.remote == Vacancy.Remote.HYBRID
        terms["location"] = Steps(
            Area(Column("postcode")),
            (
                Case("=", weight / 2, "unknown", ""),
                Case("=", weight, "same_area", wanted_area),
                Case("else", weight * 0.3, "hybrid_commute") if hybrid else Case("else", 0, "other_area"),
            ),
        )

    weight = WEIGHTS["notice"]
    terms["notice"] = Steps(
        Column("notice_period_weeks"),
        (
            Case("null", weight * 0.4),
            Case("<=", weight, bound=4),
            Case("<=", weight * 0.6, bound=8),
            Case("else", weight * 0.2),
        ),
    )

    weight = WEIGHTS["recency"]
    # (now - last).days <= N  is  last > now - (N + 1) days, exactly.
    terms["recency"] = Steps(
        Latest((Column("updated_at"), Column("last_contacted_at"))),
        (
            Case("null", 0),
            Case(">", weight, bound=now - datetime.timedelta(days=31)),
            Case(">", weight * 0.6, bound=now - datetime.timedelta(days=91)),
            Case(">", weight * 0.3, bound=now - datetime.timedelta(days=366)),
            Case("else", 0),
        ),
    )
    assert list(terms) == list(WEIGHTS)
    return terms


def score_sql(*, terms: dict[str, Term]) -> tuple[str, list[Any]]:
    """The score as one SQL expression over `c` (the candidate) and `sk.ids` (their relevant skills)."""
    params: list[Any] = []
    parts = [f"({term.sql(params)})" for term in terms.values()]
    total = functools.reduce(lambda left, right: f"({left} + {right})", parts)
    return f"round({total}::numeric, 1)", params


def score_row(*, terms: dict[str, Term], row: Row) -> tuple[float, dict[str, str]]:
    """The same score in Python, with each part's fit; added in the same order as the SQL."""
    evaluated = {name: term.evaluate(row) for name, term in terms.items()}
    total = functools.reduce(operator.add, [points for points, _ in evaluated.values()])
    return round(total, 1), {name: fit for name, (_, fit) in evaluated.items()}
