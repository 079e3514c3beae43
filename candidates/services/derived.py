"""Derived values kept current by services (not signals): matching keys, search vector, search
text, quality (the `derived` fields of candidates.models.fields).

Two kinds, each declared once here and read by every path that writes a candidate:
* `candidate_keys`: the near-duplicate matching keys, from the row's own values, set in Python
  before the row is written (records._save, the import's rows);
* `DERIVED_SQL`: the search document and quality, from the row and its child rows, computed in SQL
  by `candidate_refresh_derived` (after a service's write) and `candidate_insert_from_stage` (the
  import, which writes each row once with them). tests/candidates/test_import.py checks, for every
  derived field, that an imported person's value is what the services would have written.

Every service that changes searchable data calls `candidate_refresh_derived(ids)`. It is one SQL
statement for any number of candidates, so an import of 10,000 rows refreshes in one go.

Search weights (issue 3): A name and current title; B skills (with their aliases); C summary, work
history, qualifications, tags and the roles the person wants; D CV text. `head_vector` and
`search_prior` feed the ranking (docs/search.md). Core PostgreSQL only ('english' configuration).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from candidates.normalise import name_key, postcode_key
from candidates.services.results_cache import results_generation_bump

# Per document, how much extracted text feeds search (a tsvector must stay under 1 MB).
DOCUMENT_TEXT_LIMIT = 100_000
SEARCH_TEXT_LIMIT = 60_000

# What feeds the derived values besides the candidate row: correlated on `c.id`, so the same
# text serves the refresh of stored rows and the insert from an import's staging table. Each
# source is (the kind of child row it reads, its SQL, its value when there are none of them).
_SOURCE_PARTS: dict[str, tuple[str, str, str]] = {
    "skills": (
        "skills",
        """(SELECT string_agg(s.name || ' ' || array_to_string(s.aliases, ' '), ' ' ORDER BY cs.id)
           FROM candidates_candidateskill cs JOIN candidates_skill s ON s.id = cs.skill_id
          WHERE cs.candidate_id = c.id)""",
        "NULL::text",
    ),
    "history": (
        "history",
        """(SELECT string_agg(concat_ws(' ', w.title, w.employer, w.summary), ' ')
           FROM candidates_workhistory w WHERE w.candidate_id = c.id)""",
        "NULL::text",
    ),
    "quals": (
        "quals",
        """(SELECT string_agg(concat_ws(' ', q.name, q.institution), ' ')
           FROM candidates_qualification q WHERE q.candidate_id = c.id)""",
        "NULL::text",
    ),
    "docs": (
        "docs",
        f"""(SELECT string_agg(left(d.text, {DOCUMENT_TEXT_LIMIT}), ' ')
           FROM candidates_document d WHERE d.candidate_id = c.id AND d.extraction = 'done')""",  # noqa: S608 - our constant
        "NULL::text",
    ),
    "latest_work": (
        "history",
        """(SELECT max(coalesce(w.ended_on, DATE '9999-12-31'))
           FROM candidates_workhistory w WHERE w.candidate_id = c.id)""",
        "NULL::date",
    ),
    "has_history": (
        "history",
        "EXISTS (SELECT 1 FROM candidates_workhistory w WHERE w.candidate_id = c.id)",
        "false",
    ),
    "has_quals": (
        "quals",
        "EXISTS (SELECT 1 FROM candidates_qualification q WHERE q.candidate_id = c.id)",
        "false",
    ),
}
CHILD_KINDS = frozenset(kind for kind, _, _ in _SOURCE_PARTS.values())


def _sources(children: frozenset[str] = CHILD_KINDS, staged: dict[str, str] | None = None) -> str:
    """The `src` columns, reading only the kinds of child rows in `children`; the others are
    known to be absent and take the value a query over no rows gives (so the result is the same).
    `staged` gives a source's value from a column of the row instead (computed by the caller)."""
    staged = staged or {}
    return ",\n".join(
        f"{staged.get(name, sql if kind in children else absent)} AS {name}"
        for name, (kind, sql, absent) in _SOURCE_PARTS.items()
    )


def skills_source_text(skills: Iterable[tuple[str, Iterable[str]]]) -> str | None:
    """What the `skills` source gives for these (name, aliases), in their links' order: for a
    caller that stages it (`candidate_insert_from_stage(staged=…)`). None for no skills."""
    parts = [name + " " + " ".join(aliases) for name, aliases in skills]
    return " ".join(parts) if parts else None


_SOURCES = _sources()

# The three derived values, from the candidate row `c` and its sources `src` (also used by the
# benchmark's generator, bench/synthetic.py, so the two cannot drift apart).
SEARCH_VECTOR_SQL = """
        setweight(to_tsvector('english', concat_ws(' ', c.first_name, c.last_name, c.current_title)), 'A')
        || setweight(to_tsvector('english', coalesce(src.skills, '')), 'B')
        || setweight(to_tsvector('english', concat_ws(' ', c.summary, src.history, src.quals,
                                                      array_to_string(c.tags, ' '),
                                                      array_to_string(c.desired_roles, ' '))), 'C')
        || setweight(to_tsvector('english', coalesce(src.docs, '')), 'D')"""
SEARCH_TEXT_SQL = f"""
        left(concat_ws(' … ', nullif(c.current_title, ''), nullif(c.summary, ''), src.skills,
                       src.history, src.quals, src.docs), {SEARCH_TEXT_LIMIT})"""
# Completeness (issue 3): contact 20, location 20, work history 20, qualifications 20; the other 20
# (availability confirmed in the last 90 days) decays, so it is added when read.
QUALITY_BASE_SQL = """
        (CASE WHEN c.email <> '' THEN 10 ELSE 0 END) + (CASE WHEN c.phone <> '' THEN 10 ELSE 0 END)
        + (CASE WHEN c.postcode <> '' THEN 10 ELSE 0 END) + (CASE WHEN c.town <> '' THEN 10 ELSE 0 END)
        + (CASE WHEN src.has_history THEN 20 ELSE 0 END) + (CASE WHEN src.has_quals THEN 20 ELSE 0 END)"""

# The head of the record (docs/search.md "Ranking"): name and current title (A) and skills (B) —
# the same lexemes and weights as in search_vector, but small enough to stay inline in the row.
HEAD_VECTOR_SQL = """
        setweight(to_tsvector('english', concat_ws(' ', c.first_name, c.last_name, c.current_title)), 'A')
        || setweight(to_tsvector('english', coalesce(src.skills, '')), 'B')"""
# The query-independent part of the ranking: the year of the most recent experience (9999 while in
# a job, 0 with no work history) x 1000, plus the completeness score (0-80) as the tie-breaker.
SEARCH_PRIOR_SQL = f"""
        coalesce(extract(year FROM src.latest_work)::bigint, 0) * 1000 + ({QUALITY_BASE_SQL})"""

# Each column derived in SQL, and its expression: the refresh and the import's insert both read this.
DERIVED_SQL: dict[str, str] = {
    "search_vector": SEARCH_VECTOR_SQL,
    "search_text": SEARCH_TEXT_SQL,
    "quality_base": QUALITY_BASE_SQL,
    "head_vector": HEAD_VECTOR_SQL,
    "search_prior": SEARCH_PRIOR_SQL,
}
DERIVED_COLUMNS = tuple(DERIVED_SQL)

_REFRESH_SQL = f"""
WITH src AS (SELECT c.id, {_SOURCES} FROM candidates_candidate c WHERE c.id = ANY(%s))
UPDATE candidates_candidate c SET
{", ".join(f"{column} = {sql}" for column, sql in DERIVED_SQL.items())}
FROM src
WHERE src.id = c.id
"""  # noqa: S608 - only our constants are formatted in; the ids are a parameter


def candidate_keys(*, first_name: str, last_name: str, postcode: str) -> dict[str, str]:
    """The near-duplicate matching keys of a row with these values (candidates.normalise)."""
    return {"name_key": name_key(first_name, last_name), "postcode_key": postcode_key(postcode)}


def candidate_refresh_derived(candidate_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in candidate_ids})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, [ids])
    # Raw SQL sends no signal; every service that changes a candidate ends here (search text and
    # data quality are on cached results pages).
    results_generation_bump()


def candidate_insert_from_stage(
    stage_table: str,
    columns: Iterable[str],
    *,
    children: Iterable[str] = CHILD_KINDS,
    staged: dict[str, str] | None = None,
) -> None:
    """Insert the candidates staged in `stage_table` (a table LIKE candidates_candidate, ids set)
    with their derived values computed on the way in — each row written once, instead of a COPY
    and then an UPDATE that rewrites it and its indexes (an import at a million rows, issue 10).

    Their child rows (skills and the rest) must already be written: the values are read from them
    exactly as `candidate_refresh_derived` reads them (tested to agree). `children` names the kinds
    of child rows they can have (`CHILD_KINDS`); the rest are not looked for (a CSV import writes
    skills only: a sixth of the statement's subqueries for a third of its time). `staged` names
    stage columns holding a source already computed (the import stages its skills text, built
    with `skills_source_text` from the skills it resolved: one subquery per person less)."""
    wanted = frozenset(children)
    if not wanted <= CHILD_KINDS:
        raise ValueError(f"unknown child kinds: {sorted(wanted - CHILD_KINDS)}")
    names = [name for name in columns if name not in DERIVED_COLUMNS]
    target = ", ".join([*names, *DERIVED_COLUMNS])
    values = ", ".join(f"c.{name}" for name in names)
    sql = (
        f"INSERT INTO candidates_candidate ({target})"  # noqa: S608 - our column and table names
        f" SELECT {values}, {', '.join(DERIVED_SQL.values())}"
        f" FROM {stage_table} c CROSS JOIN LATERAL (SELECT {_sources(wanted, staged)}) src ORDER BY c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
    results_generation_bump()  # an import's new candidates: raw SQL, no signal
