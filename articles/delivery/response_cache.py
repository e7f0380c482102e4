"""Server-side cache of public responses: the API, feeds and sitemaps.

Entries are keyed on `ContentVersion`, a number in the database that moves in
the same transaction as any change to public content, and by itself when a
scheduled story goes live or a photo's rights expire. So the moment a story
is published, changed or unpublished every app server stops serving what it
cached before, whichever cache backend holds the entries (Redis, or each
process's memory), and a reader can never pair the new number with old data.
Only 200 responses that are the same for everyone are stored."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import router
from django.http import HttpResponse

from articles.delivery import checked_by_use, public_paths
from articles.delivery.documents import SHAPE_REVISION
from articles.http.etags import set_response_etag
from articles.models import ContentVersion
from articles.models.due_drafts import carry_out_due_changes

logger = logging.getLogger(__name__)

# Headers a stored response keeps; the rest (cookies, security headers) are
# the request's own.
KEPT_HEADERS = (
    "Content-Type",
    "Last-Modified",
    "Cache-Control",
    "Vary",
    "Allow",
    # Which language the stories are in (articles.api.languages).
    "Content-Language",
    # A CDN filling from a cached response must learn its tags too.
    "Cache-Tag",
    "Surrogate-Key",
)


def is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.CMS_RESPONSE_CACHE_TIMEOUT:
        return False
    path = request.path_info
    if not public_paths.shows_content(path):
        return False
    # An API token's request is its holder's own, whatever the path.
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    # The browsable API shows who is logged in: not the same for everyone.
    return not (
        public_paths.is_api(path) and "text/html" in request.META.get("HTTP_ACCEPT", "")
    )


def is_storable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
        and "private" not in response.get("Cache-Control", "")
    )


def cache_key(request, version: str) -> str:
    # META rather than `request.headers`, which builds a dict of them all.
    variant = f"{request.get_full_path()}\n{request.META.get('HTTP_ACCEPT', '')}"
    digest = hashlib.blake2b(variant.encode(), digest_size=16).hexdigest()
    # The shape's revision too: a deploy that changes what a response looks
    # like must not serve the old shape until content next changes.
    return f"response:{SHAPE_REVISION}.{version}:{digest}"


class PublicResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        # The version's query is the connection's health check too: a hit
        # then costs one round trip to the database, not two.
        version = checked_by_use.read(
            router.db_for_read(ContentVersion), ContentVersion.current
        )
        if version is None:
            version = self.count_timed_change()
        if version is None:
            # Not counted yet (a replica behind, a failure): made afresh and
            # not stored, under no version.
            response = self.get_response(request)
            response["X-Cache"] = "MISS"
            return response
        key = cache_key(request, version)
        if (stored := cache.get(key)) is not None:
            headers, content = stored
            response = HttpResponse(content, headers=headers)
            response["X-Cache"] = "HIT"
            return response

        response = self.get_response(request)
        if is_storable(response):
            set_response_etag(response)
            headers = {
                name: response[name]
                for name in (*KEPT_HEADERS, "ETag")
                if name in response
            }
            cache.set(
                key,
                (headers, response.content),
                timeout=settings.CMS_RESPONSE_CACHE_TIMEOUT,
            )
        response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def count_timed_change() -> str | None:
        """A timed change has come (a scheduled story, an embargo, a photo's
        rights, a front's version, a working draft's "Publish changes at…"):
        due drafts are published and the change counted before this answer,
        not when the task worker gets to it (articles.models.due_drafts).
        Once per moment: later requests read the counted version."""
        try:
            carry_out_due_changes()
        except Exception:
            # A lost connection, a deadlock, a bug: a reader is not the one
            # to fail for it. Logged, answered uncached; the next request, or
            # the task queued for the moment, tries again.
            logger.exception("Could not carry out the due changes")
        return ContentVersion.current()
