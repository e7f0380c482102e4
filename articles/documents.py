"""Delivery documents: each published article rendered to its API document
once, when it changes, and served from storage on every request.

Building a document takes the five prefetching queries of
`Article.objects.for_delivery()` and the serializer's work; serving stored
documents takes one query per page whatever its size. Two things are decided
at serve time, never baked in: whether the lead photo may be shown (its rights
can expire with nobody saving anything) and the host in absolute URLs."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import orjson
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet

from articles.models import Article, ArticleDocument, Image

# Bump when the serializer's output changes shape: every stored document is
# then rebuilt on its next request.
SHAPE_REVISION = 1


def document_version() -> str:
    """Names what a document was made with: the serializer revision and the
    rendition settings (its srcset lists every size in every format)."""
    made_with = orjson.dumps(
        [
            SHAPE_REVISION,
            settings.CMS_RENDITIONS,
            list(settings.CMS_RENDITION_FORMATS),
        ],
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.blake2b(made_with, digest_size=8).hexdigest()


def for_serving(queryset: QuerySet) -> QuerySet:
    """`queryset` (of published articles) reduced to what serving stored
    documents reads: one query, with the document joined and the lead photo's
    visibility decided by `Image.objects.published()`."""
    return (
        queryset.select_related("document")
        .annotate(
            lead_image_public=Exists(
                Image.objects.published().filter(pk=OuterRef("lead_image_id"))
            )
        )
        .only(
            "id",
            "slug",
            "published_at",
            "updated_at",
            "lead_image",
            "document__json",
            "document__article_updated_at",
            "document__version",
        )
    )


def build_documents(article_ids: Iterable[int]) -> dict[int, ArticleDocument]:
    """Render and store the documents of these articles (those that are
    published; others have none). Queries: five to read, one to write."""
    from articles.api.serializers import ArticleSerializer

    ids = list(article_ids)
    if not ids:
        return {}
    version = document_version()
    documents = [
        ArticleDocument(
            article_id=article.pk,
            # No request: URLs stay relative and get their host when served.
            json=orjson.dumps(ArticleSerializer(article).data).decode(),
            article_updated_at=article.updated_at,
            version=version,
        )
        for article in Article.objects.for_delivery().filter(pk__in=ids)
    ]
    ArticleDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=["json", "article_updated_at", "version", "built_at"],
    )
    return {document.article_id: document for document in documents}


def is_current(document: ArticleDocument | None, article: Article, version: str):
    return (
        document is not None
        and document.version == version
        and document.article_updated_at == article.updated_at
    )


def serve_documents(articles: list[Article], request=None) -> list[dict]:
    """The documents of `articles` (loaded through `for_serving`), in order,
    rebuilding any that are missing or stale."""
    version = document_version()
    documents = {}
    stale = []
    for article in articles:
        document = getattr(article, "document", None)
        if is_current(document, article, version):
            documents[article.pk] = document
        else:
            stale.append(article.pk)
    documents.update(build_documents(stale))

    served = []
    for article in articles:
        document = documents.get(article.pk)
        if document is None:  # unpublished between the two queries
            continue
        data = document.data
        if not getattr(article, "lead_image_public", True):
            data["lead_image"] = None
        if request is not None:
            absolutize(data, request.build_absolute_uri("/"))
        served.append(data)
    return served


def absolutize(data: dict, base: str) -> None:
    """Give the URLs in a document a scheme and host: the ones the client
    asked with, or the site's for webhooks."""
    image = data.get("lead_image")
    if not image:
        return
    base = base.rstrip("/")
    if (image.get("url") or "").startswith("/"):
        image["url"] = base + image["url"]
    for rendition in image.get("srcset", ()):
        if rendition["url"].startswith("/"):
            rendition["url"] = base + rendition["url"]
