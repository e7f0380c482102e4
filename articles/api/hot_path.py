"""The public article list and detail as JSON, served without Django REST
Framework's request machinery (the view's request wrapper, content
negotiation, URL resolving, the inner middleware), for the requests that
need none of it: a plain GET of `/api/v1/articles/` or of one article, for
JSON, with parameters that are each known, given once and not empty.

The answer is built from the same parts as `ArticleViewSet`'s (the serving
queryset, the filters, the cursor paginator, `fields=`/`expand=`, the stored
documents, the renderer, the caching headers), so its bytes are DRF's:
tests/test_hot_path.py compares the two. Anything else (another format, the
browsable API, search, an unknown, empty or repeated parameter, a bad
value, a story that is not there) goes on to DRF, which answers it as it
always has: its error responses are not written twice.

Sits inside the ETag, throttle, CORS, request-id and response-cache
middleware (cms/settings.py), so those apply as before. The fronts are
answered the same way, by `hot_path_fronts` from this module's parts."""

from __future__ import annotations

import re

import orjson
from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from rest_framework.exceptions import APIException

from articles.api import languages
from articles.api.filters import ArticleFilter
from articles.api.pagination import ArticleCursorPagination
from articles.api.renderers import ORJSONRenderer
from articles.api.shaping import DocumentShape
from articles.delivery import cache_tags, compiled_queries, public_paths
from articles.delivery.documents import Served, serve_documents, serving_queryset

LIST_PATH = f"{public_paths.API_V1}articles/"
# The router's lookup: anything but a slash or a dot.
DETAIL_PATH = re.compile(rf"^{re.escape(LIST_PATH)}([^/.\x00]+)/$")
FILTERS = frozenset(ArticleFilter.base_filters) - {"q"}  # search goes to DRF
SHAPING = frozenset({"fields", "expand"})
PAGING = frozenset(
    {
        ArticleCursorPagination.cursor_query_param,
        ArticleCursorPagination.page_size_query_param,
    }
)
LIST_PARAMETERS = FILTERS | SHAPING | PAGING
DETAIL_PARAMETERS = SHAPING | {languages.PARAMETER}
# What DRF's negotiation answers with JSON for sure; anything subtler (the
# browsable API, ninjs, quality values) is negotiated by DRF.
JSON_ACCEPT = frozenset({"", "*/*", "application/json"})
# What the view and the inner middleware put on every such response.
ALLOW = "GET, HEAD, OPTIONS"


class Fallback(Exception):
    """Not for the hot path: DRF answers."""


class QueryOnly:
    """What the paginator, the filters and the shaping read of DRF's request."""

    def __init__(self, request):
        self._request = request
        self.query_params = request.GET

    def build_absolute_uri(self, location=None) -> str:
        return self._request.build_absolute_uri(location)


def plain_json_get(request) -> bool:
    """A GET, for JSON, without a token: what DRF would answer with JSON
    whatever its outcome's details (the fronts' hot path asks it too)."""
    if request.method != "GET":
        return False
    if "HTTP_AUTHORIZATION" in request.META:  # a token's request: DRF's
        return False
    return request.META.get("HTTP_ACCEPT", "").strip() in JSON_ACCEPT


def known_parameters(request, allowed, repeatable=SHAPING) -> bool:
    """Each parameter is one `allowed`, not empty, and given once unless
    `repeatable`."""
    for name, values in request.GET.lists():
        if name not in allowed or (len(values) > 1 and name not in repeatable):
            return False
        if not all(value.strip() for value in values):
            return False
    return True


def takes(request) -> bool:
    """Whether the hot path may answer: the request is one DRF would answer
    with a JSON document or page whatever its outcome's details."""
    if not plain_json_get(request):
        return False
    path = request.path_info
    if path == LIST_PATH:
        allowed = LIST_PARAMETERS
    elif DETAIL_PATH.match(path):
        allowed = DETAIL_PARAMETERS
    else:
        return False
    return known_parameters(request, allowed)


def article_list(request) -> HttpResponse:
    query = QueryOnly(request)
    shape = DocumentShape.from_request(query)
    paginator = ArticleCursorPagination()
    filtered = bool(request.GET.keys() & FILTERS)
    if filtered or ArticleCursorPagination.cursor_query_param in request.GET:
        rows = serving_queryset()
        if languages.PARAMETER not in request.GET:  # else the filter's
            rows = languages.in_language(rows, languages.for_list({}))
        if filtered:
            filters = ArticleFilter(data=request.GET, queryset=rows, request=query)
            if not filters.is_valid():
                raise Fallback
            rows = filters.qs
        page = paginator.paginate_queryset(rows, query)
    else:
        page = first_page(paginator, query)
    results, served = documents(request, page, shape)
    data = {
        "next": paginator.get_next_link(),
        "previous": paginator.get_previous_link(),
        "results": results,
    }
    # `articles` already covers the related stories (any public change).
    tags = [cache_tags.ARTICLES, *(cache_tags.article(row["id"]) for row in page)]
    response = respond(data, page, tags, served.related_modified)
    language = languages.for_list(request.GET)
    response["Content-Language"] = languages.content_language(language)
    return response


def first_page(paginator: ArticleCursorPagination, query: QueryOnly) -> list[dict]:
    """What `paginator.paginate_queryset` does for the unfiltered list's
    first page (no cursor, no filter), its statement compiled once."""
    size = paginator.get_page_size(query)
    ordering = paginator.ordering  # the unfiltered list's (not a tag's)
    language = languages.for_list({})  # the default language's
    rows = compiled_queries.rows(
        ("first page", size, language),
        lambda _: languages.in_language(serving_queryset(), language).order_by(
            *ordering
        )[: size + 1],
    )
    paginator.request, paginator.page_size = query, size
    paginator.base_url = query.build_absolute_uri()
    paginator.ordering, paginator.cursor = ordering, None
    paginator.page = rows[:size]
    paginator.has_previous, paginator.has_next = False, len(rows) > size
    if paginator.has_next:
        paginator.next_position = paginator._get_position_from_instance(
            rows[-1], ordering
        )
    return paginator.page


def article_detail(request, slug: str) -> HttpResponse:
    shape = DocumentShape.from_request(QueryOnly(request))
    language = languages.requested(request.GET, allow_all=False)
    found = compiled_queries.rows(
        ("by slug", language, *languages.languages()),
        lambda slug: languages.by_slug(serving_queryset(), slug, language),
        slug,
    )
    if not found:
        raise Fallback
    texts, served = documents(request, found, shape)
    if not texts:  # unpublished between the two queries
        raise Fallback
    story = found[0]
    tags = cache_tags.story(story["id"], story["edition_group_id"])
    # Its related stories' too: a change to one purges this page.
    tags = [*tags, *(cache_tags.article(pk) for pk in served.related_ids)]
    response = respond(texts[0], found, tags, served.related_modified)
    response["Content-Language"] = story["language"]
    return response


def documents(request, rows, shape: DocumentShape) -> tuple[list, Served]:
    """As `ArticleViewSet.documents`: stored JSON as it is, or shaped; and
    what serving them found (`Served`: the related stories' ids, times)."""
    served = serve_documents(rows, request.build_absolute_uri("/"))
    if shape.is_full:
        return [orjson.Fragment(text) for text in served], served
    return [shape.apply(orjson.loads(text)) for text in served], served


RENDERER = ORJSONRenderer()


def respond(data, rows, tags, related_modified=None) -> HttpResponse:
    """The response DRF's view and the inner middleware would make: the
    same body and headers (`HttpCachingMixin`, `Allow` and `Vary` from the
    view, `X-Frame-Options` and `Content-Length` from the middleware).
    Last-Modified: the newest `updated_at` of `rows` and `related_modified`;
    none without either (a front's)."""
    content = RENDERER.render(data)
    response = HttpResponse(content, content_type=RENDERER.media_type)
    response["Allow"] = ALLOW
    response["Vary"] = "Accept"
    patch_cache_control(
        response,
        public=True,
        max_age=settings.CMS_API_MAX_AGE,
        stale_while_revalidate=settings.CMS_API_STALE_WHILE_REVALIDATE,
    )
    stamps = [row["updated_at"] for row in rows if row["updated_at"]]
    if related_modified is not None:
        stamps.append(related_modified)
    if stamps:
        response["Last-Modified"] = http_date(max(stamps).timestamp())
    cache_tags.tag_response(response, tags)
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    response["Content-Length"] = str(len(content))
    return response


def answer_articles(request) -> HttpResponse:
    if request.path_info == LIST_PATH:
        return article_list(request)
    return article_detail(request, DETAIL_PATH.match(request.path_info)[1])


class ArticleHotPathMiddleware:
    """Answers what `takes` accepts, and the fronts `hot_path_fronts` takes;
    everything else, and anything the hot path finds wrong on the way, goes
    on to the view."""

    def __init__(self, get_response):
        # Here, not at the top: that module builds on this one's parts.
        from articles.api.hot_path_fronts import answerer

        self.get_response = get_response
        self.fronts = answerer

    def __call__(self, request):
        answer = answer_articles if takes(request) else self.fronts(request)
        if answer is None:
            return self.get_response(request)
        try:
            return answer(request)
        except (Fallback, APIException):
            return self.get_response(request)
