"""Asking the hot path (articles/api/hot_path.py) and DRF for the same
answer, to compare them byte for byte."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from articles.api.hot_path import ArticleHotPathMiddleware

HOT_PATH = "articles.api.hot_path.ArticleHotPathMiddleware"
# Headers that differ between any two responses.
PER_REQUEST = {"X-Request-ID"}


def get(path: str, *, hot: bool, **headers):
    """A response made by one path or the other (never the response cache's
    copy of the other's)."""
    cache.clear()
    middleware = [m for m in settings.MIDDLEWARE if m != HOT_PATH]
    if hot:
        middleware = settings.MIDDLEWARE
    with override_settings(MIDDLEWARE=middleware):
        return Client().get(path, headers=headers)


def headers(response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in PER_REQUEST}


def answered_by_hot_path(path: str, **headers) -> bool:
    """Whether the hot path answers `path` itself, without the view."""
    went_on = []
    middleware = ArticleHotPathMiddleware(lambda request: went_on.append(request))
    middleware(RequestFactory().get(path, headers=headers))
    return not went_on
