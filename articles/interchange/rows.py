"""Rows as the writer saves them, for stories and photos alike: slugs and
ids for a batch in a few queries, an export's own ids and dates kept, credits
compared and replaced, fields compared and set."""

from __future__ import annotations

from typing import Literal

from django.db import connection, models

from articles.interchange.lookups import Lookups
from articles.interchange.story import CorrectionRef, CreditRef, ImageRef, Story
from articles.models import Article, Correction, Credit, Image
from articles.models.slugs import unique_slug
from articles.text.plain import plain_text

# "offered": an agency's update kept as a working draft of a story an
# editor changed (articles.interchange.agency_updates).
Result = Literal["created", "updated", "unchanged", "offered"]

# (contributor id, role) in credit order: what two credit lists are compared by.
CreditKey = tuple[int, str]


def exported_story(article: Article) -> dict:
    """How a backup names a story wherever it refers to one: its id and its
    source id (its own, else `export:article:<id>`), as its own line says."""
    return {
        "id": article.pk,
        "source_id": article.source_id or f"export:article:{article.pk}",
    }


def assign_slugs(articles: list[Article], wanted: list[str]) -> None:
    """Slugs for a batch of new articles in two queries rather than one per
    article: the wanted slug (exports) or the headline's, unique."""
    from articles.text.slugs import headline_slug

    max_length = Article._meta.get_field("slug").max_length
    bases = [
        slug
        or (headline_slug(article.headline) or "item")[: max_length - 6].strip("-")
        or "item"
        for article, slug in zip(articles, wanted, strict=True)
    ]
    # A slug is unique within its language (editions may share one).
    taken = set(Article.objects.filter(slug__in=bases).values_list("language", "slug"))
    assigned: set[tuple[str, str]] = set()
    for article, base in zip(articles, bases, strict=True):
        language = article.language
        if (language, base) in taken or (language, base) in assigned:
            article.slug = unique_slug(article, base)
            while (language, article.slug) in assigned:  # taken in this batch
                article.slug = unique_slug(article, f"{base}-{len(assigned)}")
        else:
            article.slug = base
        assigned.add((language, article.slug))


def keep_ids(model, rows: list[models.Model], wanted: list[int | None]) -> bool:
    """Give rows the ids an export had where they are free, so a restored
    database answers with the same ids and addresses."""
    ids = [pk for pk in wanted if pk]
    if not ids:
        return False
    taken = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    kept = False
    for row, pk in zip(rows, wanted, strict=True):
        if pk and pk not in taken:
            row.pk, kept = pk, True
            taken.add(pk)
    return kept


def reset_sequence(model) -> None:
    """After rows were inserted with their own ids, PostgreSQL's sequence must
    move past them or the next new row would collide."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


class _AsGiven(models.QuerySet):
    """An insert of the rows' values as they are: no pre_save(), which
    would replace the auto_now dates a source gave with the clock's."""

    def _insert(self, *args, **kwargs):
        kwargs["raw"] = True
        return super()._insert(*args, **kwargs)


def insert_with_dates(
    model, rows: list[models.Model], sources: list[Story | ImageRef], now
) -> None:
    """bulk_create with each source's own created and updated times (an
    export's, an agency's), else `now`: in the insert, not a second UPDATE."""
    for row, source in zip(rows, sources, strict=True):
        row.created_at = source.created_at or now
        row.updated_at = source.updated_at or now
    _AsGiven(model).bulk_create(rows)


def keep_dates(
    model, rows: list[models.Model], sources: list[Story | ImageRef]
) -> None:
    """The export's own created and updated times, which saving replaced."""
    changed = []
    for row, source in zip(rows, sources, strict=True):
        if source.created_at or source.updated_at:
            row.created_at = source.created_at or row.created_at
            row.updated_at = source.updated_at or row.updated_at
            changed.append(row)
    if changed:
        # bulk_update writes the values as they are; save() would stamp now.
        model.objects.bulk_update(changed, ["created_at", "updated_at"])


# Credits --------------------------------------------------------------------


def credit_keys(lookups: Lookups, refs: list[CreditRef]) -> list[CreditKey]:
    keys = ((lookups.contributor(ref).pk, ref.role) for ref in refs)
    # One credit per contributor and role, as the unique constraints want.
    return list(dict.fromkeys(keys))


def new_credits(lookups: Lookups, refs: list[CreditRef], **target) -> list[Credit]:
    """Unsaved credits with their contributors attached, so nothing reads
    a contributor back to name it in the history."""
    seen, credits = set(), []
    for ref in refs:
        contributor = lookups.contributor(ref)
        if (contributor.pk, ref.role) not in seen:
            seen.add((contributor.pk, ref.role))
            credits.append(
                Credit(
                    contributor=contributor,
                    role=ref.role,
                    position=len(credits),
                    **target,
                )
            )
    return credits


def current_credits(target: Article | Image) -> list[CreditKey]:
    return list(
        target.credits.order_by("position", "pk").values_list("contributor_id", "role")
    )


def replace_credits(
    current: models.Manager, keys: list[CreditKey], **target: Article | Image
) -> None:
    current.all().delete()
    Credit.objects.bulk_create(
        Credit(contributor_id=contributor_id, role=role, position=position, **target)
        for position, (contributor_id, role) in enumerate(keys)
    )


# Fields ---------------------------------------------------------------------


def differs(instance: models.Model, fields: dict[str, object]) -> bool:
    return any(getattr(instance, name) != value for name, value in fields.items())


def assign(instance: models.Model, fields: dict[str, object]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


# Stories already here ---------------------------------------------------------


def take_over_former_ids(stories: list[Story], existing: dict[str, Article]) -> None:
    """An article still under the id an earlier version gave its source
    becomes the story's, so that a re-import updates it rather than making a
    second one."""
    claims = {}
    for story in stories:
        if story.former_source_id and story.source_id not in existing:
            claims.setdefault(story.former_source_id, story)
    if not claims:
        return
    for article in Article.objects.select_for_update().filter(source_id__in=claims):
        article.source_id = claims[article.source_id].source_id
        Article.objects.filter(pk=article.pk).update(source_id=article.source_id)
        existing[article.source_id] = article


def emptied(article: Article, story: Story) -> str:
    """What of the article the story would empty: "headline", "body" or ""."""
    if article.headline.strip() and not story.headline.strip():
        return "headline"
    if _has_content(article.body) and not _has_content(story.body_html):
        return "body"
    return ""


def _has_content(html: str) -> bool:
    # A photo alone is content; empty paragraphs and whitespace are not.
    return bool(plain_text(html).strip()) or "<img" in html


def correction(article: Article, ref: CorrectionRef) -> Correction:
    return Correction(
        article=article, kind=ref.kind, note=ref.note, noted_at=ref.noted_at
    )
