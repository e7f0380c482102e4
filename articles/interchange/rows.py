"""Rows as the writer saves them, for stories and photos alike: slugs and
ids for a batch in a few queries, an export's own ids and dates kept, credits
compared and replaced, fields compared and set."""

from __future__ import annotations

from typing import Literal

from django.db import connection, models

from articles.interchange.lookups import Lookups
from articles.interchange.story import CreditRef, ImageRef, Story
from articles.models import Article, Credit, Image
from articles.models.slugs import unique_slug

Result = Literal["created", "updated", "unchanged"]

# (contributor id, role) in credit order: what two credit lists are compared by.
CreditKey = tuple[int, str]


def assign_slugs(articles: list[Article], wanted: list[str]) -> None:
    """Slugs for a batch of new articles in two queries rather than one per
    article: the wanted slug (exports) or the headline's, unique."""
    from django.utils.text import slugify

    max_length = Article._meta.get_field("slug").max_length
    bases = [
        slug
        or (slugify(article.headline) or "item")[: max_length - 6].strip("-")
        or "item"
        for article, slug in zip(articles, wanted, strict=True)
    ]
    taken = set(Article.objects.filter(slug__in=bases).values_list("slug", flat=True))
    assigned: set[str] = set()
    for article, base in zip(articles, bases, strict=True):
        if base in taken or base in assigned:
            article.slug = unique_slug(article, base)
            while article.slug in assigned:  # taken within this batch
                article.slug = unique_slug(article, f"{base}-{len(assigned)}")
        else:
            article.slug = base
        assigned.add(article.slug)


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
