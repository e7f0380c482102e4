"""An agency's two languages of one story (issue 23): the wire queue
suggests grouping them as editions, and an editor's click does it.

The match: both items waiting in the queue, from the same agency, in
different languages, with the same slugline (agencies keep the slug across
their language services, and every agency format the queue reads carries
one), filed within MATCH_WINDOW of each other, and neither already in an
edition group. Agencies whose items carry no slugline get no suggestion;
nothing is grouped without an editor."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, F, OuterRef, Q, QuerySet, Subquery, When
from django.db.models.functions import Lower

from articles.models.edition_desk import language_name, record_revision
from articles.models.editions import EditionGroup, EditionRelation, languages

MATCH_WINDOW = timedelta(hours=12)


def with_edition_match(items: QuerySet) -> QuerySet:
    """`items` (WireItems) with `match_pk`, `match_headline` and
    `match_language`: another language's item of the same story, or None.
    Subqueries of the one query: no query per row."""
    from articles.models.wire_queue import WireItem

    filed = OuterRef("article__published_at")
    match = (
        WireItem.objects.waiting()
        .annotate(agency_key=Lower("agency"))
        .filter(
            agency_key=Lower(OuterRef("agency")),
            article__slugline=OuterRef("article__slugline"),
            article__edition_group__isnull=True,
            article__published_at__gte=filed - MATCH_WINDOW,
            article__published_at__lte=filed + MATCH_WINDOW,
        )
        .exclude(article__slugline="")
        .exclude(article__language=OuterRef("article__language"))
        .order_by("article__published_at", "pk")
    )
    # Only an item itself waiting and in no group is offered one.
    eligible = Q(used_at__isnull=True, article__edition_group__isnull=True)
    return items.annotate(**{
        f"match_{name}": Case(When(eligible, then=Subquery(match.values(field)[:1])))
        for name, field in (("pk", "pk"), ("headline", "article__headline"),
                            ("language", "article__language"))
    })  # fmt: skip


def match_for(item):
    """The other-language item `item`'s story matches, or None."""
    from articles.models.wire_queue import WireItem

    found = with_edition_match(WireItem.objects.filter(pk=item.pk)).first()
    if found is None or found.match_pk is None:
        return None
    return WireItem.objects.select_related("article").get(pk=found.match_pk)


def group_as_editions(item, other, *, user=None):
    """One edition group of the two items' stories: the first filed is the
    source, the other its translation, made from its current revision.
    Nothing is published: statuses, texts and revisions stay as they are.
    The source, for the editor to open."""
    from articles.models.articles import Article
    from articles.roles import is_live

    with transaction.atomic():
        stories = list(
            Article.objects.select_for_update()
            .filter(pk__in=[item.article_id, other.article_id])
            .order_by(F("published_at").asc(nulls_last=True), "pk")
        )
        if len(stories) != 2:
            raise ValidationError("Two different stories are needed.")
        source, edition = stories
        refusal = _refusal(source, edition, is_live)
        if refusal:
            raise ValidationError(refusal)
        group = EditionGroup.objects.create()
        Article.objects.filter(pk=source.pk).update(edition_group=group)
        Article.objects.filter(pk=edition.pk).update(
            edition_group=group,
            edition_source=source,
            edition_relation=EditionRelation.TRANSLATION,
            source_revision=source.revision,
        )
        for story in stories:
            story.refresh_from_db()
        record_revision(
            [edition],
            f"Grouped from the wire queue as the {edition.language_name} edition "
            f"of the {source.language_name} one",
            user,
        )
        record_revision(
            [source],
            f"Grouped from the wire queue with its {edition.language_name} edition",
            user,
        )
    return source


def _refusal(source, edition, is_live) -> str:
    if source.language == edition.language:
        return f"Both stories are in {language_name(source.language)}."
    for story in (source, edition):
        if story.language not in languages():
            return (
                f"“{story.headline}” is in {language_name(story.language)}, not "
                "one of the newsroom's languages."
            )
        if story.edition_group_id is not None:
            return f"“{story.headline}” already has editions."
        if is_live(story):
            return f"“{story.headline}” is live: group only stories in the queue."
    return ""
