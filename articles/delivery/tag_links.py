"""The tag's list, newest first, from the tag links' own index.

On PostgreSQL each tag link carries a copy of its story's `published_at`
(migration 0012, kept by triggers) with the index `(tag_id, published_at
DESC, article_id DESC)`. A tag's list is ordered and paged by the link's
copy (`tag_published_at`, see ArticleCursorPagination) and the story's id,
which the join makes one value with the link's `article_id`: PostgreSQL
walks that index in the list's order and the LIMIT stops after a page, for
a tag on 200 stories or on 200,000, and a cursor's position is a bound of
the same walk (docs/scale.md, "Tag"). The copy equals the story's date, so
the order and the cursors are the list's own. SQLite has no copy and reads
the story's date.
"""

from __future__ import annotations

from django.db.models import DateTimeField, Expression, F, QuerySet

from articles.models.expressions import CurrentTime

LINKS = "articles_article_tags"
DATE = "tag_published_at"


class TagLinkDate(Expression):
    """The `published_at` copy of the tag link the query already joins; the
    story's own `published_at` on databases without the copy."""

    output_field = DateTimeField()

    def resolve_expression(self, query=None, *args, **kwargs):
        resolved = self.copy()
        resolved.story_date = F("published_at").resolve_expression(
            query, *args, **kwargs
        )
        return resolved

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return compiler.compile(self.story_date)
        links = [
            alias
            for alias, join in compiler.query.alias_map.items()
            if join.table_name == LINKS
        ]
        if len(links) != 1:
            raise ValueError(f"expected one join of {LINKS}, found {len(links)}")
        return f"{compiler.quote_name(links[0])}.published_at", []


def tagged(queryset: QuerySet, tag_id: int) -> QuerySet:
    """The public stories of `queryset` (a `published()` one) with this tag,
    with the date their list is ordered and paged by (`tag_published_at`)."""
    return (
        queryset.filter(tags=tag_id)
        .annotate(**{DATE: TagLinkDate()})
        # Said again of the copy (published() says it of the story): the walk
        # then starts at now, past drafts (no date) and stories to come.
        .filter(**{f"{DATE}__lte": CurrentTime()})
    )


def list_ordering(queryset: QuerySet) -> tuple[str, str] | None:
    """The ordering of a tag's list (the same as the article list's, read
    off the tag links), or None for any other list."""
    if DATE in queryset.query.annotations:
        return (f"-{DATE}", "-pk")
    return None
