"""API.md lists: ?page= and ?page_size= (max 200) -> {count, next, previous, results}.

Its own module: DRF imports the pagination class while loading its settings, so it must not import
rest_framework.views (core.api does).
"""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
