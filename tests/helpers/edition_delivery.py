"""Language editions as the public surfaces see them (issue 23): a public
English story and its editions in other languages, made directly (the
admin's way of making them is tested in the admin's suites)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from articles.models import Article, ContentVersion, EditionGroup, Section


def english_story(
    slug: str = "barrier-holds", *, in_section: bool = True, **fields
) -> Article:
    """A public English story, an hour old, in the World section (or in
    none: then it has no related stories, issue 18, and their query)."""
    section = None
    if in_section:
        section, _ = Section.objects.get_or_create(
            slug="world", defaults={"name": "World"}
        )
    story = Article.objects.create(
        headline=fields.pop("headline", "Barrier holds"),
        slug=slug,
        body="<p>The barrier held.</p>",
        section=section,
        language=fields.pop("language", "en"),
        **fields,
    )
    story.publish(at=timezone.now() - timedelta(hours=1))
    return story


def edition_of(
    source: Article,
    *,
    language: str = "fr",
    slug: str = "la-digue-tient",
    headline: str = "La digue tient",
    relation: str = Article.Relation.TRANSLATION,
    **fields,
) -> Article:
    """A draft edition of `source` in `language`, in `source`'s group (made
    now if it has none, written on the source's row alone: no save of it)."""
    if source.edition_group_id is None:
        group = EditionGroup.objects.create()
        Article.objects.filter(pk=source.pk).update(edition_group=group)
        source.edition_group = group
    return Article.objects.create(
        headline=headline,
        slug=slug,
        body=fields.pop("body", "<p>La digue a tenu.</p>"),
        section=source.section,
        language=language,
        edition_group=source.edition_group,
        edition_source=source,
        edition_relation=relation,
        source_revision=source.revision,
        **fields,
    )


def hold_by_gate(edition: Article, until) -> None:
    """The edition gate's moment, as the gate keeps it on the row, and the
    content version moved with its next timed change, as a write does."""
    Article.objects.filter(pk=edition.pk).update(held_until=until)
    ContentVersion.bump()
