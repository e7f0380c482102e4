"""HTTP caching headers for the delivery API. The ETag itself comes from
ConditionalGetMiddleware (a hash of the body, so it is strong and changes with
any change); views add Last-Modified, Cache-Control and cache tags."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.delivery import cache_tags


class Delivered(NamedTuple):
    """An object in a response, as far as its caching headers go."""

    id: int
    updated_at: datetime | None


class HttpCachingMixin:
    # What the response shows: set by `get_object()` and
    # `paginate_queryset()`, or by the view.
    delivered: Sequence[Delivered] = ()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.CMS_API_MAX_AGE,
                stale_while_revalidate=settings.CMS_API_STALE_WHILE_REVALIDATE,
            )
            if modified := self.last_modified(response):
                response["Last-Modified"] = http_date(modified.timestamp())
            # One URL, several representations (JSON, ninjs, the browsable
            # API): shared caches must keep them apart.
            patch_vary_headers(response, ("Accept",))
            cache_tags.tag_response(response, self.response_tags())
        elif request.method in ("GET", "HEAD") and response.status_code == 404:
            # A CDN may keep a 404 (Fastly does, by default): the story that
            # was not there yet is published with a purge of `articles`.
            cache_tags.tag_response(response, [cache_tags.ARTICLES])
        return response

    def response_tags(self) -> list[str]:
        """The response's cache tags. Whatever the API lists depends on which
        stories are public (a contributor is listed while credited on one),
        so `articles`; views with stories or photos name them too."""
        return [cache_tags.ARTICLES]

    def delivered_item(self, item) -> Delivered:
        """What the caching headers read of one object the response shows: a
        model instance here; views that serve other rows say how to read
        theirs."""
        return Delivered(item.pk, getattr(item, "updated_at", None))

    def delivered_ids(self) -> list[int]:
        return [item.id for item in self.delivered]

    def last_modified(self, response) -> datetime | None:
        """The newest `updated_at` among the objects in the response."""
        stamps = [i.updated_at for i in self.delivered if i.updated_at is not None]
        return max(stamps) if stamps else None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.delivered = [self.delivered_item(item) for item in page or ()]
        return page

    def get_object(self):
        obj = super().get_object()
        self.delivered = [self.delivered_item(obj)]
        return obj
