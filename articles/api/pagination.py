from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100


class ArticleCursorPagination(pagination.CursorPagination):
    """Stable, fast deep paging for the article list: the cursor says where
    the last page ended, so page 500 costs what page 1 does and a story
    published meanwhile neither repeats nor skips an item."""

    ordering = ("-published_at", "-pk")
    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100


class SearchPagination(pagination.PageNumberPagination):
    """Search results are ordered by relevance, which a cursor cannot follow;
    they are paged by number instead (and rarely read deep)."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100


class WithdrawalCursorPagination(pagination.CursorPagination):
    ordering = ("withdrawn_at", "pk")
    page_size = 100
    page_size_query_param = "limit"
    max_page_size = 500
