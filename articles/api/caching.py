"""HTTP caching headers for the delivery API. The ETag itself comes from
ConditionalGetMiddleware (a hash of the body, so it is strong and changes with
any change); views add Last-Modified, Cache-Control and cache tags."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from articles.delivery import cache_tags


class HttpCachingMixin:
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

    def delivered_ids(self) -> list[int]:
        return [
            item["id"] if isinstance(item, dict) else item.pk
            for item in getattr(self, "_delivered", None) or []
        ]

    def last_modified(self, response) -> datetime | None:
        """The newest `updated_at` among the objects in the response."""
        # Model instances, or rows from values() on the article endpoints.
        stamps = [
            item.get("updated_at")
            if isinstance(item, dict)
            else getattr(item, "updated_at", None)
            for item in getattr(self, "_delivered", None) or []
        ]
        stamps = [stamp for stamp in stamps if stamp is not None]
        return max(stamps) if stamps else None

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._delivered = page
        return page

    def get_object(self):
        obj = super().get_object()
        self._delivered = [obj]
        return obj
