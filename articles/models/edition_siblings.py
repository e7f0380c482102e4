"""A story's live editions in the newsroom's other languages, by the public
rule at the time of asking (`Article.objects.published()`): one query for
any number of edition groups. Every public surface lists them from here: the
article document's `editions` (articles.delivery.editions), the sitemap's
`hreflang` alternates, ninjs associations."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import QuerySet

from articles.models.articles import Article
from articles.models.editions import languages


class LiveEdition(NamedTuple):
    group_id: int
    id: int
    language: str
    slug: str
    relation: str
    story: Article

    @property
    def address(self) -> str:
        """Where readers find it (`public_url()`): absolute, or on this
        site. Worked out when asked: a page lists its own stories' siblings,
        not the stories themselves."""
        return self.story.public_url()


def relation_name(relation: str) -> str:
    """An edition's relation to its source; the first edition is `original`."""
    return relation or "original"


def language_order(language: str) -> tuple[int, str]:
    order = languages()
    return (order.index(language) if language in order else len(order), language)


def live_editions(group_ids: Iterable[int | None]) -> dict[int, list[LiveEdition]]:
    """The public editions of these groups, by group, in the order of
    CMS_LANGUAGES: one query, whatever the number of groups, none without
    any."""
    groups = {group for group in group_ids if group}
    if not groups:
        return {}
    editions = public_editions().filter(edition_group_id__in=groups)
    found: dict[int, list[LiveEdition]] = {}
    for edition in editions:
        found.setdefault(edition.edition_group_id, []).append(
            LiveEdition(
                edition.edition_group_id,
                edition.pk,
                edition.language,
                edition.slug,
                relation_name(edition.edition_relation),
                edition,
            )
        )
    for listed in found.values():
        listed.sort(key=lambda edition: language_order(edition.language))
    return found


@functools.cache
def public_editions() -> QuerySet:
    """What `live_editions` reads, built once per process (never evaluated
    itself: each call filters a copy). Right only because `published()`
    reads the clock when the query runs (tests/test_published_clock.py).
    Unordered: the languages' order is applied after."""
    return (
        Article.objects.published()
        .order_by()
        .select_related("section")
        .only(
            "id",
            "slug",
            "language",
            "edition_relation",
            "edition_group_id",
            "section__slug",
        )
    )


def siblings(
    found: dict[int, list[LiveEdition]], story_id: int, group_id: int | None
) -> list[LiveEdition]:
    """The story's live editions in other languages (not itself)."""
    if not group_id:
        return []
    return [edition for edition in found.get(group_id, ()) if edition.id != story_id]
