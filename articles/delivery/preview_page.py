"""The preview as a page editors read, for newsrooms without a website
preview (no CMS_PREVIEW_URL): the story's document (the API's, a working
draft over a live story's) laid out as readers would read it: headline,
standfirst, lead photo with caption and credit line, body, corrections.

Opened by the same signed, expiring token as the API preview, and as
private: never stored by a browser, proxy or CDN, never indexed, the token
never sent on as a referrer. No inline script or style (the CSP forbids
them): one stylesheet."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime

from articles.delivery.preview import preview_article

PRIVATE_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


def preview_page(request: HttpRequest, token: str) -> HttpResponse:
    article = preview_article(token)
    if article is None:
        raise Http404("This preview link is altered, expired or its story is gone.")
    from articles.api.serializers import ArticleSerializer

    document = ArticleSerializer(article, context={"request": request}).data
    response = render(
        request,
        "articles/preview_page.html",
        {
            "story": document,
            "published_at": _moment(document["published_at"]),
            "body": [_readable(block) for block in document["body"]],
            "corrections": [
                {**c, "noted_at": _moment(c["noted_at"])}
                for c in document["corrections"]
            ],
            "tags": [tag["name"] for tag in document["tags"]],
        },
    )
    for name, value in PRIVATE_HEADERS.items():
        response[name] = value
    return response


def _moment(value: str | None):
    return parse_datetime(value) if value else None


def _readable(block: dict) -> dict:
    """A body block for the page: headings below the headline's h1 (levels
    2 to 6), whatever the source used."""
    if block["type"] == "heading":
        return {**block, "level": min(max(block["level"], 2), 6)}
    return block
