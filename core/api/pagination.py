"""API.md lists: ?page= and ?page_size= (max 200) -> {count, next, previous, results}.

Bad paging input is never a 500 (issue 9): a `page` that is not a whole number from 1 is a 400; a
page past the last one is DRF's 404 "Invalid page."; a `page_size` over 200 is capped at 200, and
one that is not a whole number from 1 falls back to the default (DRF's rule, kept).

Its own module: DRF imports the pagination class while loading its settings, so it must not import
rest_framework.views (core.api.errors does).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

# A page number needs no more digits than this (and int() of a huge string is slow work to hand out).
MAX_PAGE_DIGITS = 9


class RankedPaginator(Paginator):
    """Django's paginator, except for a ranked list that says how to count it: `exact_count()`
    (every match) and `page_depth` (how many of the best can be paged through; candidates'
    ranked search, docs/search.md). `count` is then every match, and the pages stop at the depth."""

    @cached_property
    def count(self) -> int:
        exact = getattr(self.object_list, "exact_count", None)
        return int(exact()) if exact is not None else super().count

    @cached_property
    def num_pages(self) -> int:
        depth = getattr(self.object_list, "page_depth", None)
        if depth is None:
            return super().num_pages
        reachable = min(self.count, int(depth))
        return max(1, -(-reachable // self.per_page)) if reachable or self.allow_empty_first_page else 0

    def page(self, number: Any) -> Any:
        depth = getattr(self.object_list, "page_depth", None)
        if depth is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, int(depth))  # the rows past the depth are not ranked
        return self._get_page(self.object_list[bottom:top], number, self)  # type: ignore[attr-defined]


class Pagination(PageNumberPagination):
    django_paginator_class = RankedPaginator
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        raw = request.query_params.get(self.page_query_param) or ""
        well_formed = raw.isascii() and raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS and int(raw) >= 1
        if (
            self.page_query_param in request.query_params
            and raw not in self.last_page_strings
            and not well_formed
        ):
            raise ValidationError({self.page_query_param: ["A page is a whole number from 1."]})
        return super().paginate_queryset(queryset, request, view)
