"""Cache tags on public responses, so a CDN can drop exactly the responses a
change touches (see `articles.publishing.cdn_purge`).

Every list, feed and sitemap is tagged `articles` (any public story's change
purges it), each story it shows `article-<id>`, a photo and its renditions
`image-<id>`. The same tags go out twice: `Cache-Tag`, comma-separated, for
Cloudflare, and `Surrogate-Key`, space-separated, for Fastly and Varnish
(xkey); both CDNs strip their header before the response reaches a reader.
Tags come from what the view already loaded: never a query of their own."""

from __future__ import annotations

from collections.abc import Iterable

ARTICLES = "articles"
# Fronts: the list of them, and each by its slug (any of its versions).
COLLECTIONS = "collections"


def article(article_id: int) -> str:
    return f"article-{article_id}"


def story(article_id: int, edition_group_id: int | None) -> list[str]:
    """One story's response. A story with language editions shows which of
    them are live, and a sibling going live by its clock, or hidden, purges
    its own tag and `articles` only: such a response is tagged `articles`
    too."""
    if edition_group_id:
        return [article(article_id), ARTICLES]
    return [article(article_id)]


def image(image_id: int) -> str:
    return f"image-{image_id}"


def collection(slug: str) -> str:
    return f"collection-{slug}"


def tag_response(response, tags: Iterable[str]) -> None:
    # Duplicates dropped, order kept: the header reads like the page.
    tags = list(dict.fromkeys(tags))
    if not tags:
        return
    # https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/
    # "Cache-Tag:tag1,tag2,tag3"; Fastly's Surrogate-Key is "space-separated"
    # (https://www.fastly.com/documentation/reference/http/http-headers/Surrogate-Key/).
    response["Cache-Tag"] = ",".join(tags)
    response["Surrogate-Key"] = " ".join(tags)
