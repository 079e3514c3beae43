"""Applying a Boolean search to a candidate queryset: filter, rank, highlighted snippet.

The ranking (docs/search.md "Ranking", issue 20) is one function of the candidate and the search:

    search_rank = HEAD_TIER if the whole search matches the head of the record (name, current
                  title, skills: `head_vector`) else 0
                  + search_prior (year of the most recent experience x 1000 + data quality)

ordered by `search_rank` then newest id. It is a key with two tiers, so the best `k` of EVERY match
are the best `k` of the head tier followed by the best of the rest: `bounded_search` takes at most
`k` of each tier in `search_prior` order (an index walk that stops early for a common word, or a
GIN bitmap and a small sort for a rare one) and ranks only those — exactly what `apply_search`
(every match ranked) gives, first `k` rows for first `k` rows (tests/candidates/test_ranking.py).
Snippets (`ts_headline`) are made only for the rows of the page shown.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    F,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Left
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from candidates.search.parser import CONFIG, compile_query

# How deep a results page can go (20 pages of 50): the best this many of every match are ranked.
RANK_POOL = 1000
# The order inside a tier; served by candidates_cand_prior_idx / candidates_cand_teamprior_idx.
PRIOR_ORDER = ("-search_prior", "-id")
# Above any prior (year 9999 x 1000 + quality 80 < 10,000,000): a head match outranks every other.
HEAD_TIER = 10_000_000
# A tier with at most this many matches is read from the GIN bitmap and sorted; a bigger one by
# walking the prior index (which stops after `pool` matches). Measured: docs/performance.md.
WALK_ABOVE = 20_000
# work_mem for the count's one statement: an exact (not lossy) bitmap of a word half of 1M have.
COUNT_WORK_MEM = "64MB"
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


def _head_match(tsquery: str, params: list[str], *, negate: bool = False) -> Func:
    template = "((%(expressions)s) IS NOT TRUE)" if negate else "(%(expressions)s)"
    return Func(
        F("head_vector"),
        _tsquery(tsquery, params),
        template=template,
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _rank(tsquery: str, params: list[str]) -> Any:
    tier = Case(
        When(_head_match(tsquery, params), then=Value(HEAD_TIER)),
        default=Value(0),
        output_field=BigIntegerField(),
    )
    return tier + F("search_prior")


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


def tier_counts(matching: QuerySet, text: str) -> tuple[int, int]:
    """(every match, the matches in the head tier), exactly, in one pass over the search's GIN
    bitmap: the head test reads only the small inline `head_vector` of rows already fetched."""
    tsquery, params = compile_query(text)
    with transaction.atomic(), connection.cursor() as cursor:
        # A common word's bitmap (400,000 rows at 1M) overflows the default 4 MB and turns lossy:
        # every row of a lossy page is then re-read and its vector re-checked (seconds). This
        # statement alone gets room for an exact bitmap (docs/performance.md).
        cursor.execute(f"SET LOCAL work_mem = '{COUNT_WORK_MEM}'")
        counts = matching.order_by().aggregate(
            total=Count("pk"), head=Count("pk", filter=Q(_head_match(tsquery, params)))
        )
    return int(counts["total"]), int(counts["head"])


def _tier(matching: QuerySet, condition: Func, size: int | None, pool: int) -> QuerySet:
    """The best `pool` of one tier, by prior. Walking the prior index stops early when the tier is
    dense; when it is small (known from `tier_counts`) a walk would read the whole index to find
    nothing, so the order is made one the index cannot give: PostgreSQL then takes the tier's rows
    from the GIN bitmap and sorts just those (the same order, so the same rows)."""
    rows = matching.filter(condition)
    if size is not None and size <= WALK_ABOVE:
        return rows.order_by((F("search_prior") + 0).desc(), F("id").desc()).values("pk")[:pool]
    return rows.order_by(*PRIOR_ORDER).values("pk")[:pool]


def bounded_search(
    matching: QuerySet,
    text: str,
    *,
    pool: int = RANK_POOL,
    base: QuerySet | None = None,
    sizes: tuple[int, int] | None = None,
) -> QuerySet:
    """The best `pool` of every match, annotated and ordered for a results page.

    `matching` is the queryset with every filter applied, the search match included (see
    `search_filter`). The result is ordered by `search_rank` (then newest id) and annotated with
    `search_rank` and `search_snippet`; its first `pool` rows are exactly the first `pool` of
    `apply_search(...).order_by("-search_rank", "-id")` (the module note). Slice it to the page
    wanted; count the matches with `matching.count()` (exact).

    `base` (default `matching`) is what the rows are read through — pass the queryset before the
    filters (with its visibility rule, joins and prefetches) so that PostgreSQL reads the chosen
    rows by primary key instead of evaluating the search and the filters a second time.

    `sizes` (from `tier_counts`, optional) lets each tier be read the cheaper way, and an empty
    tier not be read at all; the rows are the same either way.
    """
    tsquery, params = compile_query(text)
    head_size, rest_size = (None, None) if sizes is None else (sizes[1], sizes[0] - sizes[1])
    tiers = [
        _tier(matching, condition, size, pool)
        for condition, size in (
            (_head_match(tsquery, params), head_size),
            (_head_match(tsquery, params, negate=True), rest_size),
        )
        if size != 0
    ]
    outer = matching if base is None else base
    if not tiers:
        return outer.none()
    chosen = tiers[0] if len(tiers) == 1 else tiers[0].union(tiers[1], all=True)
    return (
        outer.filter(pk__in=chosen)
        .annotate(search_rank=_rank(tsquery, params), search_snippet=_snippet(tsquery, params))
        .order_by(F("search_rank").desc(), "-id")
    )


def search_count(matching: QuerySet) -> int:
    """How many candidates `matching` holds (the search and filters applied), exactly: the GIN
    bitmap's rows, no ordering, no annotations."""
    return matching.order_by().values("pk").count()


def count_label(total: int, *, estimate: bool = False) -> str:
    """'37', '187,000' — or 'about 187,000' for an estimate."""
    return f"about {total:,}" if estimate else f"{total:,}"


def render_snippet(snippet: str | None) -> SafeString:
    """Escape everything (CV text is untrusted), then turn the match markers into <mark>."""
    if not snippet or _START not in snippet:
        return mark_safe("")
    html = str(escape(snippet)).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(html)  # noqa: S308 - built from escaped text and our own tags only
