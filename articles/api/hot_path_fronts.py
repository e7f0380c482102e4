"""The public fronts (`/api/v1/collections/` and `/api/v1/collections/{slug}/`)
as JSON, served without DRF's request machinery, as `hot_path` serves the
article list and detail: for a plain GET for JSON whose parameters are each
known, not empty, and given once (`fields`/`expand` may repeat).

The answer is made by the view's own parts (`fronts.resolve_live`,
`collections.front_document`, `summary`, `front_tags`) and `hot_path`'s
renderer and headers, so its bytes and headers are DRF's (Content-Language
included: the front's language; the list's, as the article list's):
tests/test_hot_path_fronts.py compares them. Anything else (`?format=`,
another media type, an unknown, empty or repeated parameter, a bad
`fields=` or `?language=`, a front that is not live) goes on to DRF, which
answers it as before, its 404 and 400 bodies included.

A front's response has no Last-Modified (the view's `last_modified`: a story
leaving a front makes no newer time to show) and the same cache tags as the
view's: `articles`, `collections`, the front's slug and its stories."""

from __future__ import annotations

import re

from articles.api import languages
from articles.api.collections import front_document, front_tags, summary
from articles.api.hot_path import (
    SHAPING,
    Fallback,
    QueryOnly,
    known_parameters,
    plain_json_get,
    respond,
)
from articles.api.shaping import DocumentShape
from articles.delivery import compiled_queries, fronts, public_paths

LIST_PATH = f"{public_paths.API_V1}collections/"
# The router's lookup: anything but a slash or a dot.
DETAIL_PATH = re.compile(rf"^{re.escape(LIST_PATH)}([^/.\x00]+)/$")
LIST_PARAMETERS = frozenset({languages.PARAMETER})


def answerer(request):
    """The function answering `request` on the hot path, or None: DRF's."""
    if not plain_json_get(request):
        return None
    path = request.path_info
    if path == LIST_PATH:
        return front_list if known_parameters(request, LIST_PARAMETERS) else None
    if (match := DETAIL_PATH.match(path)) and known_parameters(request, SHAPING):
        slug = match[1]
        return lambda request: front_detail(request, slug)
    return None


def front_list(request):
    """As `CollectionViewSet.list`: the fronts live now in the language
    asked (the default one without `?language=`), by slug, in one statement
    compiled once per process and language."""
    language = languages.for_list(request.GET)  # a bad one: DRF's 400
    rows = compiled_queries.rows(
        ("fronts", language),
        lambda _: fronts.live_collections(language).values(*fronts.FRONT_COLUMNS),
    )
    slugs = [row["slug"] for row in rows]
    response = respond([summary(row) for row in rows], (), front_tags(slugs, ()))
    response["Content-Language"] = languages.content_language(language)
    return response


def front_detail(request, slug: str):
    """As `CollectionViewSet.retrieve`, for JSON (documents without
    overrides sent as stored)."""
    shape = DocumentShape.from_request(QueryOnly(request))
    front, placed = fronts.resolve_live(slug)
    if front is None:  # its 404 is DRF's
        raise Fallback
    data = front_document(front, placed, request, shape, as_stored=shape.is_full)
    tags = front_tags([slug], [p.article_id for p in placed])
    response = respond(data, (), tags)
    response["Content-Language"] = front["language"]
    return response
