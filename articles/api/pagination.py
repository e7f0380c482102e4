"""Paging of the API's lists. Every list is paged the same way: `limit` items
(a whole number from 1, else a 400; above the maximum, the maximum) from where
`cursor` says the previous page ended, with `next` and `previous` links. Only
search results, ordered by relevance, are numbered pages (`page`, with a
`count`). A cursor this API did not make gets a 404 `Invalid cursor` (DRF
would serve the first page, or fail with a 500 on a forged position). Empty
and repeated values never reach a paginator: the views refuse them
(`articles.api.filters.StrictQueryParametersMixin`)."""

from __future__ import annotations

import binascii
import re
from base64 import b64decode, b64encode
from datetime import UTC
from urllib.parse import urlencode

from django.utils.dateparse import parse_datetime
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from articles.delivery.tag_links import list_ordering

# What `CursorPagination.encode_cursor` makes: standard base64.
_BASE64 = r"[A-Za-z0-9+/]+={0,2}"
CURSOR_PATTERN = f"^{_BASE64}$"
_CURSOR = re.compile(_BASE64)


def _page_size_parameter(name: str, maximum: int, default: int) -> dict:
    return {
        "name": name,
        "required": False,
        "in": "query",
        "description": f"Items per page, {default} by default; larger values than "
        f"{maximum} give {maximum}.",
        "schema": {"type": "integer", "minimum": 1},
    }


class StrictPageSizeMixin:
    """The page size parameter is a whole number from 1, or a 400; above the
    maximum it is the maximum."""

    def get_page_size(self, request):
        name = self.page_size_query_param
        if not name or name not in request.query_params:
            return self.page_size
        value = request.query_params[name]
        try:
            size = int(value) if value.isascii() and value.isdigit() else 0
        except ValueError:  # more digits than int() reads
            size = 0
        if size < 1:
            raise ValidationError({name: ["Enter a whole number from 1."]})
        return min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        return [
            _page_size_parameter(p["name"], self.max_page_size, self.page_size)
            if p["name"] == self.page_size_query_param
            else p
            for p in parameters
        ]


class StrictPageNumberMixin:
    """A page is a number from 1 (or DRF's `last`); anything else is a 404
    `Invalid page.` like a page past the end."""

    page_query_description = (
        "A page number from 1 (or `last`); one past the end is a 404 "
        "`Invalid page.`. Follow `next` and `previous`."
    )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class StrictCursorMixin:
    """Only cursors this API made are read: base64 of the offset, direction
    and position (a date-time, or a name) that DRF encodes. Anything else is
    a 404."""

    cursor_query_description = (
        "Where the previous page ended: copy it from the `next` and `previous` "
        "links (an opaque base64 value); one this API did not make is a 404 "
        "`Invalid cursor`."
    )

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        invalid = NotFound(self.invalid_cursor_message)
        if not _CURSOR.fullmatch(encoded):
            raise invalid
        try:
            b64decode(encoded, validate=True).decode("ascii")
        except (binascii.Error, ValueError):
            raise invalid from None
        cursor = super().decode_cursor(request)
        if cursor.position is None:
            return cursor
        position = self.read_position(cursor.position)
        if position is None:
            raise invalid
        return cursor._replace(position=position)

    def read_position(self, position: str) -> str | None:
        """The position a forged cursor gives, as the database may compare
        it, or None: a date-time here (both date orderings start with one)."""
        return _position(position)

    def get_paginated_response_schema(self, schema):
        # A query string only: `articles.api.schema.paging_examples` puts
        # each list's own URL in front of it.
        response = super().get_paginated_response_schema(schema)
        for link, reverse in (("next", False), ("previous", True)):
            cursor = _example_cursor(self.example_position, reverse)
            query = urlencode({self.cursor_query_param: cursor})
            response["properties"][link]["example"] = f"?{query}"
        return response

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["schema"] = {"type": "string", "pattern": CURSOR_PATTERN}
        return parameters


def _example_cursor(position: str, reverse: bool) -> str:
    # What `CursorPagination.encode_cursor` makes of a position.
    tokens = {"r": "1", "p": position} if reverse else {"p": position}
    return b64encode(urlencode(tokens).encode("ascii")).decode("ascii")


def _position(position: str) -> str | None:
    """The date-time of the item a page starts from (both cursor orderings
    start with one), in UTC: PostgreSQL refuses offsets past 15:59, and one
    with no UTC equivalent (year 1 at +01:00) is the position of nothing."""
    try:
        moment = parse_datetime(position)
        if moment is None or moment.tzinfo is None:
            return None
        return str(moment.astimezone(UTC))
    except (ValueError, OverflowError):
        return None


class ArticleCursorPagination(
    StrictCursorMixin, StrictPageSizeMixin, pagination.CursorPagination
):
    """Stable, fast deep paging for the article list: the cursor says where
    the last page ended, so page 500 costs what page 1 does and a story
    published meanwhile neither repeats nor skips an item."""

    ordering = ("-published_at", "-pk")
    example_position = "2026-11-28 15:29:40.629070+00:00"
    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100
    cursor_query_description = (
        StrictCursorMixin.cursor_query_description
        + " Search results (`q`) are paged by `page` instead: with `q`, any "
        "cursor is a 404 `Invalid cursor`."
    )

    def paginate_queryset(self, queryset, request, view=None):
        if SearchPagination.page_query_param in request.query_params:
            raise NotFound(
                "Invalid page: only search results (`q`) are paged by number; "
                "follow `next` and `previous` (`cursor`)."
            )
        return super().paginate_queryset(queryset, request, view)

    def get_ordering(self, request, queryset, view):
        # A tag's list: the same order and cursors, read off the tag links'
        # copy of the date, which their index holds (articles.delivery.tag_links).
        return list_ordering(queryset) or super().get_ordering(request, queryset, view)


class SearchPagination(
    StrictPageNumberMixin, StrictPageSizeMixin, pagination.PageNumberPagination
):
    """Search results are ordered by relevance, which a cursor cannot follow;
    they are paged by number instead (and rarely read deep)."""

    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        if ArticleCursorPagination.cursor_query_param in request.query_params:
            raise NotFound(
                "Invalid cursor: search results (`q`) are paged by number (`page`)."
            )
        return super().paginate_queryset(queryset, request, view)


class WithdrawalCursorPagination(
    StrictCursorMixin, StrictPageSizeMixin, pagination.CursorPagination
):
    ordering = ("withdrawn_at", "pk")
    example_position = "2026-11-28 15:29:40.629070+00:00"
    page_size = 100
    page_size_query_param = "limit"
    max_page_size = 500


class NameCursorPagination(
    StrictCursorMixin, StrictPageSizeMixin, pagination.CursorPagination
):
    """Contributors, sections and tags: by name, paged like the article list
    (`limit`, `cursor`; the same response keys). A name shared by several
    is stepped over by the cursor's offset, as DRF does."""

    ordering = ("name", "pk")
    example_position = "Reuters"
    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100

    def read_position(self, position: str) -> str | None:
        # Any name, but no NUL character (PostgreSQL cannot compare one).
        return None if "\x00" in position else position


class UpdatedCursorPagination(
    StrictCursorMixin, StrictPageSizeMixin, pagination.CursorPagination
):
    """The write API's stories, drafts included: last changed first, paged
    like every public list (`limit`, `cursor`)."""

    ordering = ("-updated_at", "-pk")
    example_position = "2026-11-28 15:29:40.629070+00:00"
    page_size = 50
    page_size_query_param = "limit"
    max_page_size = 100
