"""Applying a Boolean search to a candidate queryset: filter, rank, highlighted snippet."""

from __future__ import annotations

from django.db.models import BooleanField, FloatField, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from candidates.search.parser import CONFIG, compile_query

# ts_headline marks matches with these; the snippet is escaped first, then they become <mark>.
_START, _STOP = "\u27e6", "\u27e7"
_HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=24, MinWords=8, MaxFragments=2,"
    " FragmentDelimiter=\u2009…\u2009"
)


def apply_search(queryset: QuerySet, text: str) -> QuerySet:
    """Candidates matching `text` (Boolean syntax), annotated with `search_rank` and `search_snippet`.

    Raises candidates.search.parser.QueryError for a malformed search.
    """
    tsquery, params = compile_query(text)
    table = queryset.model._meta.db_table
    matches = RawSQL(f"{table}.search_vector @@ {tsquery}", params, output_field=BooleanField())  # noqa: S611 - text is in params
    return queryset.filter(matches).annotate(
        search_rank=RawSQL(  # noqa: S611 - text is in params
            f"ts_rank_cd({table}.search_vector, {tsquery}, 1)", params, output_field=FloatField()
        ),
        search_snippet=RawSQL(  # noqa: S611 - text is in params
            f"ts_headline('{CONFIG}', {table}.search_text, {tsquery}, %s)",
            [*params, _HEADLINE_OPTIONS],
            output_field=TextField(),
        ),
    )


def render_snippet(snippet: str | None) -> SafeString:
    """Escape everything (CV text is untrusted), then turn the match markers into <mark>."""
    if not snippet or _START not in snippet:
        return mark_safe("")
    html = str(escape(snippet)).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - built from escaped text and our own tags only
