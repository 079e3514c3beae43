"""Applying a Boolean search to a candidate queryset: filter, rank, highlighted snippet.

Two ways to rank (issue 10, bench/results/HISTORY.md "Search"):

* `apply_search` ranks every match. Exact, and fine for small sets (tests, exports that stream
  everything anyway), but a common word matches half a million people at scale and ranking all of
  them takes seconds.
* `bounded_search` is what the pages and the API use. It takes at most `RANK_POOL` matching
  candidates in a precomputed order (`POOL_ORDER`: data quality, then newest — an index walk that
  stops early for a common word, or the GIN index for a rare one), ranks only those with
  `ts_rank_cd`, and builds `ts_headline` snippets only for the rows of the page being shown.
  Below `RANK_POOL` matches the result is exactly `apply_search`'s; above it the count is capped
  ("1,000+") and the ranking is over the best-kept `RANK_POOL` records.
"""

from __future__ import annotations

from django.db.models import BooleanField, Count, F, FloatField, Func, QuerySet, TextField, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from candidates.search.parser import CONFIG, compile_query

# How many matches are ranked at most; above this the count shows as "1,000+".
RANK_POOL = 1000
# The precomputed order the pool is taken in; served by candidates_cand_searchord_idx.
POOL_ORDER = ("-quality_base", "-id")
# ts_headline re-parses the text it is given, so a long CV costs milliseconds per row: snippets are
# cut from the start of the search text (title, summary, skills and history come first).
HEADLINE_TEXT_LIMIT = 4000

# ts_headline marks matches with these; the snippet is escaped first, then they become <mark>.
_START, _STOP = "\u27e6", "\u27e7"
_HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=24, MinWords=8, MaxFragments=2,"
    " FragmentDelimiter=\u2009…\u2009"
)


def _tsquery(tsquery: str, params: list[str]) -> RawSQL:
    # Only the tsquery is raw SQL (user text in params); columns are F() so that Django names them
    # correctly inside subqueries too (the pool is a subquery with its own table alias).
    return RawSQL(tsquery, params)  # noqa: S611 - text is in params


def _match(tsquery: str, params: list[str]) -> Func:
    return Func(
        F("search_vector"),
        _tsquery(tsquery, params),
        template="(%(expressions)s)",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _rank(tsquery: str, params: list[str]) -> Func:
    return Func(
        F("search_vector"),
        _tsquery(tsquery, params),
        Value(1),
        function="ts_rank_cd",
        output_field=FloatField(),
    )


def _snippet(tsquery: str, params: list[str]) -> Func:
    # PostgreSQL computes this costly expression after the sort and LIMIT: page rows only.
    return Func(
        RawSQL(f"'{CONFIG}'::regconfig", []),  # noqa: S611 - our constant
        Left("search_text", HEADLINE_TEXT_LIMIT),
        _tsquery(tsquery, params),
        Value(_HEADLINE_OPTIONS),
        function="ts_headline",
        output_field=TextField(),
    )


def search_filter(queryset: QuerySet, text: str) -> QuerySet:
    """Only the candidates matching `text`; no ranking. QueryError for a malformed search."""
    tsquery, params = compile_query(text)
    return queryset.filter(_match(tsquery, params))


def rank_all(matching: QuerySet, text: str) -> QuerySet:
    """`matching` (already filtered by the search) annotated with `search_rank` and `search_snippet`."""
    tsquery, params = compile_query(text)
    return matching.annotate(
        search_rank=_rank(tsquery, params),
        search_snippet=_snippet(tsquery, params),
    )


def apply_search(queryset: QuerySet, text: str) -> QuerySet:
    """Candidates matching `text` (Boolean syntax), annotated with `search_rank` and `search_snippet`.

    Ranks every match (see the module note). Raises candidates.search.parser.QueryError for a
    malformed search.
    """
    return rank_all(search_filter(queryset, text), text)


def bounded_search(
    matching: QuerySet, text: str, *, pool: int = RANK_POOL, base: QuerySet | None = None
) -> QuerySet:
    """The best-ranked of at most `pool` + 1 matches, annotated and ordered for a results page.

    `matching` is the queryset with every filter applied, the search match included (see
    `search_filter`). The result is ordered by `search_rank` (then newest id) and annotated with
    `search_rank`, `search_snippet` and `search_total` — the number of matches ranked, at most
    `pool` + 1, so `search_total > pool` means "more than `pool`" (see `count_label`). Slice it
    to the page wanted; the pool's `pool` + 1st row is only there to tell that more exist.

    `base` (default `matching`) is what the rows are read through — pass the queryset before the
    filters (with its visibility rule, joins and prefetches) so that PostgreSQL reads the pool's
    rows by primary key instead of evaluating the search and the filters a second time.
    """
    tsquery, params = compile_query(text)
    pool_ids = matching.order_by(*POOL_ORDER).values("pk")[: pool + 1]
    outer = matching if base is None else base
    return (
        outer.filter(pk__in=pool_ids)
        .annotate(
            search_rank=_rank(tsquery, params),
            search_snippet=_snippet(tsquery, params),
            search_total=Window(Count("pk")),
        )
        .order_by(F("search_rank").desc(), "-id")
    )


def count_label(total: int, *, pool: int = RANK_POOL) -> str:
    """'37', or '1,000+' when more matched than were ranked."""
    return f"{pool:,}+" if total > pool else f"{total:,}"


def render_snippet(snippet: str | None) -> SafeString:
    """Escape everything (CV text is untrusted), then turn the match markers into <mark>."""
    if not snippet or _START not in snippet:
        return mark_safe("")
    html = str(escape(snippet)).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - built from escaped text and our own tags only
