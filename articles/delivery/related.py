"""Related stories under an article: `related` in its document.

Which stories may show is settled when the document is built: the editor's
choices in their order (`RelatedStory`), then a top-up of public stories
that share the most of its tags (newest first), then the newest of its
section, kept as ids with the document (`ArticleDocument.related_ids`, more
than are shown, so a story that leaves has a stand-in). Which of them show
is settled when served, by `Article.objects.published()` at that second,
in the host's own language (a reader of the French edition is not sent to
English stories):
the stored document and the per-process memo hold only a placeholder
(`"related":[]`), filled on the way out from one query per response
(`fill`), whatever the number of stories on the page. A related story that
is unpublished, withdrawn, scheduled for later or embargoed is therefore
absent at once with nobody saving the stories that name it, and a chosen
story scheduled for later appears at its second.

The same query reads the withdrawals of the candidates (public: they are
`/api/v1/withdrawals/`), so Last-Modified moves when a related story
leaves, and an `If-Modified-Since` is not answered 304 with the old list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

import orjson
from django.conf import settings
from django.db.models import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateTimeField,
    F,
    Value,
)
from django.db.models.expressions import RawSQL
from rest_framework.fields import DateTimeField as DateTimeFormat

from articles.delivery import compiled_queries
from articles.models import Article, RelatedStory, Withdrawal
from articles.models.story_urls import address

# The document's last key (see ArticleSerializer): its stored value.
PLACEHOLDER = ',"related":[]}'


def shown_count() -> int:
    return settings.CMS_RELATED_STORIES


class RuleKey(NamedTuple):
    """A top-up source in the shape `fronts.rule_candidates` reads."""

    rule_key: tuple


# Building: which stories may show ---------------------------------------------


def candidates(articles: list[Article]) -> dict[int, list[int]]:
    """For each article (from `for_delivery()`: tags and section loaded),
    the ids that may show under it, in order: its chosen stories, then the
    top-up. Queries: one for the choices, one or two for the top-up (none
    when the count is 0 or no article has a tag or section)."""
    ids = [article.pk for article in articles]
    chosen: dict[int, list[int]] = defaultdict(list)
    for source, target in RelatedStory.objects.filter(source_id__in=ids).values_list(
        "source_id", "target_id"
    ):
        chosen[source].append(target)
    topped = _top_up(articles, chosen)
    return {
        article.pk: list(dict.fromkeys([*chosen[article.pk], *topped[article.pk]]))
        for article in articles
    }


def _top_up(articles: list[Article], chosen) -> dict[int, list[int]]:
    from articles.delivery.fronts import rule_candidates

    count = shown_count()
    keys = {
        article.pk: (
            [("tag", tag.pk) for tag in article.tags.all()],
            [("section", article.section_id)] if article.section_id else [],
        )
        for article in articles
    }
    every = {key for tags, section in keys.values() for key in (*tags, *section)}
    if not count or not every:
        return defaultdict(list)
    # A spare for each shown one (a story that leaves has a stand-in), and
    # room for the story itself and its choices, which are not top-ups.
    most_chosen = max((len(ids) for ids in chosen.values()), default=0)
    enough = 2 * count + most_chosen + 1
    found = rule_candidates([RuleKey(key) for key in sorted(every)], enough)
    topped: dict[int, list[int]] = defaultdict(list)
    for article in articles:
        tags, section = keys[article.pk]
        skip = {article.pk, *chosen[article.pk]}
        # Sharing more of its tags first, then the newer (each tag's list is
        # newest first: the best place a story reaches in any of them).
        shared: dict[int, int] = defaultdict(int)
        place: dict[int, int] = {}
        for key in tags:
            for at, pk in enumerate(found.get(key, ())):
                shared[pk] += 1
                place[pk] = min(place.get(pk, at), at)
        by_tags = sorted(
            (pk for pk in shared if pk not in skip),
            key=lambda pk: (-shared[pk], place[pk]),
        )
        from_section = [
            pk for key in section for pk in found.get(key, ()) if pk not in skip
        ]
        merged = list(dict.fromkeys([*by_tags, *from_section]))
        topped[article.pk] = merged[: 2 * count]
    return topped


def stored(ids: list[int]) -> str:
    return ",".join(str(pk) for pk in ids)


def parsed(text: str | None) -> list[int]:
    return [int(pk) for pk in text.split(",")] if text else []


# Serving: which of them show now ----------------------------------------------


class Summary(NamedTuple):
    id: int
    slug: str
    headline: str
    published_at: datetime
    updated_at: datetime
    language: str
    section_id: int | None
    section: str | None


class Related(NamedTuple):
    """What a page's related stories add to its response: the documents'
    texts filled in, the ids of those shown (cache tags: a change to one,
    its unpublishing included, purges the page) and the newest moment any
    of them changed what the page shows (Last-Modified)."""

    texts: list[str]
    ids: list[int]
    modified: datetime | None


def fill(
    texts: list[str], lists: list[list[int]], languages: list[str], base_url: str
) -> Related:
    """`texts` (documents with the placeholder) with `related` filled in
    from `lists` (each document's candidates, in order) in `languages` (each
    document's own): one query for the whole page, none when no document
    has any."""
    every = list(dict.fromkeys(pk for ids in lists for pk in ids))
    if not every:
        return Related(texts, [], None)
    public, moments = lookup(every)
    count = shown_count()
    filled, named = [], {}
    # Each story's summary is encoded once per response: the top-ups of a
    # page's stories are mostly the same few stories.
    encoded: dict[int, str] = {}
    for text, ids, language in zip(texts, lists, languages, strict=True):
        shown = _shown(ids, public, count, language)
        moments += [stamp for s in shown for stamp in (s.published_at, s.updated_at)]
        named.update((s.id, None) for s in shown)
        for s in shown:
            if s.id not in encoded:
                encoded[s.id] = orjson.dumps(as_json(s, base_url)).decode()
        filled.append(_splice_encoded(text, [encoded[s.id] for s in shown]))
    # Only those shown name the response's cache tags: a story that is not
    # public is named nowhere, not even in a header.
    return Related(filled, list(named), max(moments) if moments else None)


def _shown(
    ids: list[int], public: dict[int, Summary], count: int, language: str
) -> list[Summary]:
    shown = [
        public[pk] for pk in ids if pk in public and public[pk].language == language
    ]
    # 0: no top-up, and every public choice shows.
    return shown[:count] if count else shown


def for_preview(article: Article, base_url: str) -> list[dict]:
    """The related stories a story's preview shows: those public now of
    the ones it may show, as its published document would list them."""
    may_show = candidates([article])[article.pk]
    public = lookup(may_show)[0] if may_show else {}
    shown = _shown(may_show, public, shown_count(), article.language)
    return [as_json(s, base_url) for s in shown]


def lookup(ids: Iterable[int]) -> tuple[dict[int, Summary], list[datetime]]:
    """The public ones of `ids` with their summaries, and the times the
    withdrawn ones left: one statement (a UNION ALL), compiled once per
    process on PostgreSQL with the ids as one array."""
    found, moments = {}, []
    for row in compiled_queries.rows(("related",), _lookup_statement, list(ids)):
        if row["gone"]:
            moments.append(_aware(row["changed"]))
        else:
            found[row["pk"]] = Summary(
                row["pk"],
                row["slug"],
                row["head"],
                _aware(row["live"]),
                _aware(row["changed"]),
                row["lang"],
                row["section_key"],
                row["section_slug"],
            )
    return found, moments


def _lookup_statement(value):
    # The stand-in (compiled_queries.SLOT) when compiled: an array there.
    ids = (
        RawSQL("SELECT unnest(%s::bigint[])", [value])
        if value == compiled_queries.SLOT
        else value
    )
    columns = {
        "head": F("headline"),
        "live": F("published_at"),
        "changed": F("updated_at"),
        "lang": F("language"),
        "section_key": F("section_id"),
        "section_slug": F("section__slug"),
        "gone": Value(False, output_field=BooleanField()),
    }
    public = (
        Article.objects.published()
        .filter(pk__in=ids)
        .order_by()
        .annotate(**columns)
        .values("pk", "slug", *columns)
    )
    withdrawn = (
        Withdrawal.objects.filter(article_id__in=ids)
        .order_by()
        .annotate(
            head=Value("", output_field=CharField()),
            live=F("withdrawn_at"),
            changed=F("withdrawn_at"),
            lang=Value("", output_field=CharField()),
            section_key=Value(None, output_field=BigIntegerField()),
            section_slug=Value(None, output_field=CharField()),
            gone=Value(True, output_field=BooleanField()),
        )
        .values("article_id", "slug", *columns)
    )
    return public.union(withdrawn, all=True).order_by()


def _aware(moment):
    # A UNION's columns skip Django's converters on some backends (SQLite
    # gives text): read them as the field would.
    if isinstance(moment, str):
        return DateTimeField().to_python(moment)
    return moment


FORMAT = DateTimeFormat()


def as_json(summary: Summary, base_url: str) -> dict:
    url = address(summary.slug, summary.language, summary.section)
    if url.startswith("/"):
        url = base_url.rstrip("/") + url
    return {
        "id": summary.id,
        "slug": summary.slug,
        "headline": summary.headline,
        "published_at": FORMAT.to_representation(summary.published_at),
        "url": url,
    }


def splice(text: str, related: list[dict]) -> str:
    """A document's text with `related` in place of the placeholder; as it
    is with none, or for a document of another shape."""
    return _splice_encoded(text, [orjson.dumps(r).decode() for r in related])


def _splice_encoded(text: str, related: list[str]) -> str:
    # orjson writes a list as its items' own texts between commas: the
    # same bytes as encoding the list at once.
    if not related or not text.endswith(PLACEHOLDER):
        return text
    return text[: -len(PLACEHOLDER)] + ',"related":[' + ",".join(related) + "]}"


def with_related(
    texts: dict[int, str],
    may_show: dict[int, str],
    languages: dict[int, str],
    base_url: str,
):
    """Fill in, in place, the related stories of documents `texts` (JSON
    text by article id) from their stored candidates `may_show` (the
    documents' `related_ids`) in the stories' `languages`: one query, for
    webhook payloads."""
    ids = [pk for pk in texts if pk in may_show]
    filled = fill(
        [texts[pk] for pk in ids],
        [parsed(may_show[pk]) for pk in ids],
        [languages[pk] for pk in ids],
        base_url,
    )
    texts.update(zip(ids, filled.texts, strict=True))
