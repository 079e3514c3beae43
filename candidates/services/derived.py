"""Derived values kept current by services (not signals): search vector, search text, quality.

Every service that changes searchable data calls `candidate_refresh_derived(ids)`. It is one SQL
statement for any number of candidates, so an import of 10,000 rows refreshes in one go.

Search weights (issue 3): A name and current title; B skills (with their aliases); C summary, work
history, qualifications and tags; D CV text. Core PostgreSQL only ('english' configuration).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

# Per document, how much extracted text feeds search (a tsvector must stay under 1 MB).
DOCUMENT_TEXT_LIMIT = 100_000
SEARCH_TEXT_LIMIT = 60_000

_REFRESH_SQL = f"""
WITH src AS (
    SELECT c.id,
        (SELECT string_agg(s.name || ' ' || array_to_string(s.aliases, ' '), ' ')
           FROM candidates_candidateskill cs JOIN candidates_skill s ON s.id = cs.skill_id
          WHERE cs.candidate_id = c.id) AS skills,
        (SELECT string_agg(concat_ws(' ', w.title, w.employer, w.summary), ' ')
           FROM candidates_workhistory w WHERE w.candidate_id = c.id) AS history,
        (SELECT string_agg(concat_ws(' ', q.name, q.institution), ' ')
           FROM candidates_qualification q WHERE q.candidate_id = c.id) AS quals,
        (SELECT string_agg(left(d.text, {DOCUMENT_TEXT_LIMIT}), ' ')
           FROM candidates_document d WHERE d.candidate_id = c.id AND d.extraction = 'done') AS docs,
        EXISTS (SELECT 1 FROM candidates_workhistory w WHERE w.candidate_id = c.id) AS has_history,
        EXISTS (SELECT 1 FROM candidates_qualification q WHERE q.candidate_id = c.id) AS has_quals
    FROM candidates_candidate c
    WHERE c.id = ANY(%s)
)
UPDATE candidates_candidate c SET
    search_vector =
        setweight(to_tsvector('english', concat_ws(' ', c.first_name, c.last_name, c.current_title)), 'A')
        || setweight(to_tsvector('english', coalesce(src.skills, '')), 'B')
        || setweight(to_tsvector('english', concat_ws(' ', c.summary, src.history, src.quals,
                                                      array_to_string(c.tags, ' '))), 'C')
        || setweight(to_tsvector('english', coalesce(src.docs, '')), 'D'),
    search_text = left(concat_ws(' … ', nullif(c.current_title, ''), nullif(c.summary, ''), src.skills,
                                 src.history, src.quals, src.docs), {SEARCH_TEXT_LIMIT}),
    -- Completeness (issue 3): contact 20, location 20, work history 20, qualifications 20; the
    -- other 20 (availability confirmed in the last 90 days) decays, so it is added when read.
    quality_base =
        (CASE WHEN c.email <> '' THEN 10 ELSE 0 END) + (CASE WHEN c.phone <> '' THEN 10 ELSE 0 END)
        + (CASE WHEN c.postcode <> '' THEN 10 ELSE 0 END) + (CASE WHEN c.town <> '' THEN 10 ELSE 0 END)
        + (CASE WHEN src.has_history THEN 20 ELSE 0 END) + (CASE WHEN src.has_quals THEN 20 ELSE 0 END)
FROM src
WHERE src.id = c.id
"""  # noqa: S608 - only our constants are formatted in; the ids are a parameter


def candidate_refresh_derived(candidate_ids: Iterable[int]) -> None:
    ids = sorted({int(pk) for pk in candidate_ids})
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(_REFRESH_SQL, [ids])
