"""API.md lists: ?page= and ?page_size= (max 200) -> {count, next, previous, results}.

Bad paging input is never a 500 (issue 9): a `page` that is not a whole number from 1 is a 400; a
page past the last one is DRF's 404 "Invalid page."; a `page_size` over 200 is capped at 200, and
one that is not a whole number from 1 falls back to the default (DRF's rule, kept).

Its own module: DRF imports the pagination class while loading its settings, so it must not import
rest_framework.views (core.api.errors does).
"""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

# A page number needs no more digits than this (and int() of a huge string is slow work to hand out).
MAX_PAGE_DIGITS = 9


class Pagination(PageNumberPagination):
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
