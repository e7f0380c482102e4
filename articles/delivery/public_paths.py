"""Which paths are public: what readers may fetch, the same for everyone.

The one list, read by the response cache, read-replica routing, request-id
logging, API throttling, CORS (the project's CORS_URLS_REGEX) and the feeds'
link to the API. The project mounts the delivery API at `API_V1` (cms/urls.py).
Needs no configured settings, so cms/settings.py can import it."""

from __future__ import annotations

import re

API = "/api/"  # every version of the delivery API
API_V1 = f"{API}v1/"
FEEDS = "/feeds/"
RENDITIONS = "/renditions/"
# /sitemap.xml and /sitemap-news.xml.
SITEMAP = r"/sitemap[^/]*\.xml$"
# A preview link is a secret for one draft: never cached, never logged in
# full, and read from the primary (the website fetches it right after an
# editor saved).
PREVIEW = f"{API_V1}preview/"
# The editors' reading view of the same token (not public: HTML, never cached).
PREVIEW_PAGE = "/preview/"
# API pages that show no content (and the docs page loads a session).
NOT_CONTENT = (f"{API_V1}schema/", f"{API_V1}docs/")
# The write API (token holders only, articles/api/writing/): never cached,
# always read from the primary (an ETag read from a lagging replica would
# make the next If-Match fail).
MANAGE = f"{API_V1}manage/"

PUBLIC_PATTERN = "|".join(
    [*(f"^{re.escape(prefix)}" for prefix in (API, FEEDS, RENDITIONS)), f"^{SITEMAP}"]
)
_PUBLIC = re.compile(PUBLIC_PATTERN)
_SITEMAP = re.compile(f"^{SITEMAP}")
_CONTENT, _NO_CONTENT = (API_V1, FEEDS), (PREVIEW, MANAGE, *NOT_CONTENT)


def is_public(path: str) -> bool:
    """The API (previews included), feeds, sitemaps and renditions."""
    return bool(_PUBLIC.match(path))


def is_preview(path: str) -> bool:
    return preview_prefix(path) is not None


def preview_prefix(path: str) -> str | None:
    """The preview path `path` is under (its token follows), if any."""
    return next((p for p in (PREVIEW, PREVIEW_PAGE) if path.startswith(p)), None)


def is_manage(path: str) -> bool:
    return path.startswith(MANAGE)


def is_api(path: str) -> bool:
    return path.startswith(API)


def shows_content(path: str) -> bool:
    """Whether the response is the same for every reader until the content
    changes: the API's resources, feeds and sitemaps. Not previews, the API's
    schema and docs, or renditions (files, cached by browsers and CDNs)."""
    if path.startswith(_NO_CONTENT):
        return False
    return path.startswith(_CONTENT) or bool(_SITEMAP.match(path))
