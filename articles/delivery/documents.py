"""Delivery documents: each published article rendered to its API document
once, when it changes, and served from storage on every request.

Building a document takes the five prefetching queries of
`Article.objects.for_delivery()` (two more, the photo and its credits, when a
story on the page has a social image of its own) and the serializer's work;
serving stored documents takes one query per page whatever its size. Two
things are decided at serve time, never baked in: whether the lead photo and
the social image may be shown (their rights can expire with nobody saving
anything) and the host in absolute URLs."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable

import orjson
from django.conf import settings
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from articles.delivery import related
from articles.delivery.editions import as_json, splice
from articles.models import Article, ArticleDocument
from articles.models.edition_siblings import live_editions, siblings
from articles.models.expressions import CurrentTime
from articles.models.images import rights_hold

# Bump when the serializer's output changes shape: every stored document is
# then rebuilt on its next request.
# 7: seo and social (issue 17); 8: text source, c2pa.manifest_url (22);
# 9: language, editions (23); 10: related (18)
SHAPE_REVISION = 10


def document_version() -> str:
    """Names what a document was made with: the serializer revision and the
    rendition settings (its srcset lists every size in every format)."""
    made_with = orjson.dumps(
        [
            SHAPE_REVISION,
            settings.CMS_RENDITIONS,
            list(settings.CMS_RENDITION_FORMATS),
            # How many related stories each keeps in reserve (twice this).
            settings.CMS_RELATED_STORIES,
        ],
        option=orjson.OPT_SORT_KEYS,
    )
    return hashlib.blake2b(made_with, digest_size=8).hexdigest()


# What serving reads of each article row: no model instances are made.
SERVING_COLUMNS = (
    "id",
    "published_at",
    "updated_at",
    "lead_image_id",
    "social_image_id",
    # Its live editions are listed when served (articles.delivery.editions).
    "edition_group_id",
    # Its Content-Language (articles.api.languages).
    "language",
    "document__article_updated_at",
    "document__version",
    # The related stories it may show, filled in when served (related.py).
    "document__related_ids",
)


def for_serving(queryset: QuerySet, prefix: str = "") -> QuerySet:
    """`queryset` (of published articles) reduced to what serving stored
    documents reads: one query, with the document joined, giving dicts.

    Two things are decided in the same query, by its clock, as `published()`
    decides (docs/internals/architecture.md, "Clock rule"): whether the lead
    photo may be shown (for the photo of a story already known to be
    published, that comes down to its rights; a subquery per row would scan
    every published story), and whether the stored document shows a photo in
    the text whose rights have run out since it was made."""
    now = CurrentTime(read_once=True)
    # `prefix`: the stories reached from another model's rows (a front's
    # slots: "article__"), their columns named with it.
    return queryset.values(
        *(prefix + column for column in SERVING_COLUMNS),
        lead_image_shown=ExpressionWrapper(
            rights_hold(f"{prefix}lead_image__rights_expire_at"),
            output_field=BooleanField(),
        ),
        social_image_shown=ExpressionWrapper(
            rights_hold(f"{prefix}social_image__rights_expire_at"),
            output_field=BooleanField(),
        ),
        document_expired=ExpressionWrapper(
            Q(**{f"{prefix}document__expires_at__lte": now}),
            output_field=BooleanField(),
        ),
    )


def serving_queryset() -> QuerySet:
    """Published articles for serving: a copy of `serving_template()`, so
    that no request evaluates (and fills the result cache of) the shared
    queryset."""
    return serving_template().all()


@functools.cache
def serving_template() -> QuerySet:
    """Published articles for serving, built once per process, which saves
    building them on every request. Right only because `published()` reads
    the clock when the query runs (`CurrentTime`), never when it is built:
    tests/test_published_clock.py fails the day it does not."""
    return for_serving(Article.objects.published())


def build_documents(article_ids: Iterable[int]) -> dict[int, ArticleDocument]:
    """Render and store the documents of these articles (those that are
    published; others have none). Queries: five to read (two more with a
    social image of a story's own), two or three for the related stories it
    may show (`related.candidates`), one to write."""
    from articles.api.serializers import ArticleSerializer

    ids = list(article_ids)
    if not ids:
        return {}
    version = document_version()
    articles = list(Article.objects.for_delivery().filter(pk__in=ids))
    may_show = related.candidates(articles) if articles else {}
    documents = [
        ArticleDocument(
            article_id=article.pk,
            # No request: URLs stay relative and get their host when served.
            json=orjson.dumps(ArticleSerializer(article).data).decode(),
            article_updated_at=article.updated_at,
            version=version,
            expires_at=_first_expiry(article),
            related_ids=related.stored(may_show[article.pk]),
        )
        for article in articles
    ]
    ArticleDocument.objects.bulk_create(
        documents,
        update_conflicts=True,
        unique_fields=["article"],
        update_fields=[
            "json",
            "article_updated_at",
            "version",
            "built_at",
            "expires_at",
            "related_ids",
        ],
    )
    return {document.article_id: document for document in documents}


class DocumentMemo:
    """The texts of recently served documents, in each process's memory, so
    a page does not fetch 20 documents it sent a moment ago, nor give their
    URLs a host again. Keyed by article, `updated_at`, version and host, so
    an entry can never be stale: a changed story has a new key."""

    def __init__(self, size: int):
        self.size = size
        self.texts: OrderedDict[tuple, str] = OrderedDict()

    def get(self, key: tuple) -> str | None:
        text = self.texts.get(key)
        if text is not None:
            self.texts.move_to_end(key)
        return text

    def put(self, key: tuple, text: str) -> None:
        self.texts[key] = text
        self.texts.move_to_end(key)
        while len(self.texts) > self.size:
            self.texts.popitem(last=False)

    def clear(self) -> None:
        self.texts.clear()


memo = DocumentMemo(settings.CMS_DOCUMENT_MEMO_SIZE)


def _first_expiry(article: Article):
    """When the first photo shown in the text loses its rights (the lead photo
    is checked on every request anyway)."""
    moments = [
        i.rights_expire_at for i in article.body_images.all() if i.rights_expire_at
    ]
    return min(moments) if moments else None


class Served(list):
    """Documents' texts ready to send, with what their related stories add
    to the response: the candidates' ids (its cache tags) and when one last
    changed what it shows (its Last-Modified)."""

    related_ids: list[int] = []
    related_modified = None


def serve_documents(rows: list[dict], base_url: str) -> Served:
    """The documents of the articles in `rows` (from `for_serving`), in
    order, as JSON text ready to send: from memory, else from storage (one
    query), else built now (six); with their live editions in other
    languages (one query, only when a story has any) and their public
    related stories (one query, only when a story has any)."""
    version = document_version()
    texts, stored, stale = {}, [], []
    for row in rows:
        key = (row["id"], row["updated_at"], version, base_url)
        # The stored one's related stories are read with the row: a memo
        # entry serves only while it is current (a restore drops it).
        current = (
            row["document__version"] == version
            and row["document__article_updated_at"] == row["updated_at"]
        )
        if row["document_expired"] or not current:
            stale.append(row["id"])
        elif (text := memo.get(key)) is not None:
            texts[row["id"]] = text
        else:
            stored.append(row["id"])
    fetched = {}
    if stored:
        fetched.update(
            ArticleDocument.objects.filter(article_id__in=stored).values_list(
                "article_id", "json"
            )
        )
    built = build_documents(stale)
    fetched.update((pk, document.json) for pk, document in built.items())
    texts.update((pk, absolute_urls(text, base_url)) for pk, text in fetched.items())

    editions = live_editions(row["edition_group_id"] for row in rows)
    served, may_show, languages = [], [], []
    for row in rows:
        text = texts.get(row["id"])
        if text is None:  # unpublished between the two queries
            continue
        # Kept with its host: what a page sends again is sent as it is.
        memo.put((row["id"], row["updated_at"], version, base_url), text)
        lead_withheld = bool(row["lead_image_id"]) and not row["lead_image_shown"]
        social_withheld = _social_withheld(row, lead_withheld)
        if lead_withheld or social_withheld:
            data = orjson.loads(text)
            if lead_withheld:
                data["lead_image"] = None
            if social_withheld:
                data["social"]["image"] = None
            text = orjson.dumps(data).decode()
        if listed := siblings(editions, row["id"], row["edition_group_id"]):
            text = splice(text, as_json(listed, base_url))
        served.append(text)
        languages.append(row["language"])
        document = built.get(row["id"])
        may_show.append(
            related.parsed(
                document.related_ids if document else row["document__related_ids"]
            )
        )
    filled = related.fill(served, may_show, languages, base_url)
    result = Served(filled.texts)
    result.related_ids, result.related_modified = filled.ids, filled.modified
    return result


def _social_withheld(row: dict, lead_withheld: bool) -> bool:
    """Whether the card's picture may no longer be shown: a social image of
    the story's own whose rights have ended since the document was made, or,
    without one, the lead photo withheld (never replaced by the other)."""
    if row["social_image_id"]:
        return not row["social_image_shown"]
    return lead_withheld


def absolute_urls(text: str, base_url: str) -> str:
    """A stored document (JSON text, its URLs relative) with its rendition
    URLs given a scheme and host: those the client asked with, or the site's
    for webhooks. Read from the document's structure, never its text: the
    photos' `url`s, and the `src` of the photos placed in its HTML."""
    document = orjson.loads(text)
    base = base_url.rstrip("/")
    for image in _images(document):
        image["url"] = _absolute(image["url"], base)
        for rendition in image["srcset"]:
            rendition["url"] = _absolute(rendition["url"], base)
    document["body_html"] = _absolute_sources(document["body_html"], base)
    for block in document["body"]:
        if "html" in block:
            block["html"] = _absolute_sources(block["html"], base)
        if block["type"] == "list":
            block["items"] = [_absolute_sources(item, base) for item in block["items"]]
    return orjson.dumps(document).decode()


def _images(document: dict) -> list[dict]:
    images = [block["image"] for block in document["body"] if block["type"] == "image"]
    if document["lead_image"] is not None:
        images.append(document["lead_image"])
    if (social := document["social"]["image"]) is not None:
        images.append(social)
    return images


def _absolute(url: str | None, base: str) -> str | None:
    return base + url if url and url.startswith("/") else url


# An <img> placed in the HTML, up to the opening quote of a `src` that is a
# library photo's relative address. The HTML is what the sanitiser (nh3) or
# BeautifulSoup wrote: a "<" in text is always "&lt;", and every attribute
# value is quoted, so this matches tags only, and steps over whole values.
PLACED_PHOTO_SRC = re.compile(
    r"""<img(?:\s+[\w-]+=(?:"[^"]*"|'[^']*'))*?\s+src=["'](?=/renditions/)"""
)


def _absolute_sources(html: str, base: str) -> str:
    if "<img" not in html:
        return html
    return PLACED_PHOTO_SRC.sub(lambda match: match[0] + base, html)
