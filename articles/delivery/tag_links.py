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

DATE = "tag_published_at"


class TagLinkDate(Expression):
    """The `published_at` copy of the tag link the query already joins; the
    story's own `published_at` on databases without the copy."""

    output_field = DateTimeField()

    def __init__(self):
        super().__init__()
        # Resolved with the query: `tags` to the link's `tag_id` on the join
        # the tag filter made (the copy sits beside it), `published_at` to
        # the story's column.
        self.link, self.story_date = F("tags"), F("published_at")

    def get_source_expressions(self):
        return [self.link, self.story_date]

    def set_source_expressions(self, expressions):
        self.link, self.story_date = expressions

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return compiler.compile(self.story_date)
        return f"{compiler.quote_name(self.link.alias)}.published_at", []


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
