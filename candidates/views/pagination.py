"""A paginator that never counts a whole table (issue 10: list pages at a million candidates).

Django's Paginator runs `SELECT COUNT(*)` over every matching row, and lets `?page=19999` run an
OFFSET of a million. At 1,000,000 candidates both are seconds, not milliseconds. This one counts
at most COUNT_CAP + 1 rows (`SELECT count(*) FROM (SELECT 1 … LIMIT cap + 1)`, which stops as soon
as it has enough), shows "1,000+" beyond that, and serves only the pages inside the cap: a
recruiter refines a search rather than paging past the thousandth candidate. It works whatever
builds the queryset (a filter, a ranked search), because it only wraps it.

A ranked search (candidates.search.queries.bounded_search) is counted exactly — every match, from
the GIN index — through the queryset's `exact_count` (set by CandidateFilterSet); its pages still
stop at the cap (the best 1,000 of every match are what can be paged through).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_CAP = 1000


class CappedPaginator(Paginator):
    def __init__(
        self, object_list: QuerySet, per_page: int, *, cap: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.cap = COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        """How many rows match, up to `cap + 1` (more than `cap` reads as "cap+")."""
        queryset: QuerySet = self.object_list  # type: ignore[assignment]
        exact = getattr(queryset, "exact_count", None)
        if exact is not None:
            return int(exact())
        # Ordering, annotations and prefetches cost time and change nothing in a count.
        capped = queryset.order_by().values("pk")[: self.cap + 1]
        return capped.count()

    @property
    def is_exact(self) -> bool:
        return getattr(self.object_list, "exact_count", None) is not None

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap

    @property
    def count_label(self) -> str:
        """'1,234 candidates' when counted exactly, '1,000+ candidates' when the count stopped."""
        if self.is_capped and not self.is_exact:
            return f"{self.cap:,}+ candidates"
        return f"{self.count:,} candidate{'' if self.count == 1 else 's'}"

    @cached_property
    def num_pages(self) -> int:
        # Only the pages inside the cap are served; the last one may hold fewer than per_page.
        return max(1, -(-min(self.count, self.cap) // self.per_page))

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        # The last page stops at the cap, not at the extra row the count glimpsed.
        top = min(bottom + self.per_page, self.cap)
        return self._get_page(self.object_list[bottom:top], number, self)  # type: ignore[attr-defined]
