"""304s for If-None-Match and If-Modified-Since, with SHA-1 ETags
(articles/http/etags.py says why SHA-1)."""

from __future__ import annotations

from django.middleware import http

from articles.http.etags import set_response_etag


class ConditionalGetMiddleware(http.ConditionalGetMiddleware):
    """Django's: 304s for If-None-Match and If-Modified-Since, and an ETag
    on responses without one, made by `set_response_etag`."""

    def process_response(self, request, response):
        if (
            request.method == "GET"
            and self.needs_etag(response)
            and not response.has_header("ETag")
        ):
            set_response_etag(response)
        return super().process_response(request, response)
