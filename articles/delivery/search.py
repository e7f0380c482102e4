"""Full-text search over published stories: PostgreSQL's text search with
headline over standfirst over body, read from a stored vector column with a
GIN index on it; on SQLite a plain word match with the same weighting, good
enough for a laptop.

The best matches are ranked among the most recent matching
stories (`CMS_SEARCH_CANDIDATES`, 500 by default), not among all of them:
ranking reads every candidate's vector, and a common word matches half a
million stories of a million (docs/scale.md). A word or phrase with fewer
matches than that is ranked over all of them. The SQLite fallback keeps the
same rule, so both give the same stories."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    Expression,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

WEIGHTS = (("headline", "A", 4), ("standfirst", "B", 2), ("body", "C", 1))


def search_vector():
    from django.contrib.postgres.search import SearchVector

    config = settings.CMS_SEARCH_CONFIG
    vector = None
    for field, weight, _ in WEIGHTS:
        part = SearchVector(field, weight=weight, config=config)
        vector = part if vector is None else vector + part
    return vector


def search_articles(queryset: QuerySet, text: str) -> QuerySet:
    """Stories matching `text`, best first, then newest first."""
    text = " ".join(text.split())[:200]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return _postgres(queryset, text)
    return _fallback(queryset, text)


class StoredSearchVector(Expression):
    """The `search_document` column of the article table: `search_vector()`,
    stored by PostgreSQL on every write (migration 0011). The model does not
    know the column (SQLite has none), so it is named here, on whatever alias
    the query gives the article table."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())
        # Resolved with the query to the article's id column, on the alias
        # of the article table; the stored vector is beside it.
        self.row = F("pk")

    def get_source_expressions(self):
        return [self.row]

    def set_source_expressions(self, expressions):
        (self.row,) = expressions

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.row.alias)}.search_document", []


def _postgres(queryset: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(
        text, search_type="websearch", config=settings.CMS_SEARCH_CONFIG
    )
    # The newest matches first (the GIN index for a rare word; for a common
    # one, the list's own newest-first index, testing each story's stored
    # vector until enough have matched), fetched once: the page and its
    # count then read those rows by id. Only they are ranked.
    newest = (
        queryset.alias(search=StoredSearchVector())
        .filter(search=query)
        .order_by("-published_at", "-pk")
    )
    return (
        queryset.filter(pk__in=_candidates(newest))
        .alias(rank=SearchRank(StoredSearchVector(), query))
        .order_by("-rank", "-published_at", "-pk")
    )


def _candidates(matches: QuerySet) -> list[int]:
    """The ids of the newest CMS_SEARCH_CANDIDATES of `matches` (ordered
    newest first): one query."""
    limit = settings.CMS_SEARCH_CANDIDATES
    return list(matches.values_list("pk", flat=True)[:limit])


def _fallback(queryset: QuerySet, text: str) -> QuerySet:
    words = [word for word in text.replace('"', " ").split() if word not in ("OR", "-")]
    matches = Q()
    rank = Value(0)
    for word in words:
        matches &= (
            Q(headline__icontains=word)
            | Q(standfirst__icontains=word)
            | Q(body__icontains=word)
        )
        for field, _, weight in WEIGHTS:
            rank = rank + Case(
                When(**{f"{field}__icontains": word}, then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
    newest = queryset.filter(matches).order_by("-published_at", "-pk")
    return (
        queryset.filter(pk__in=_candidates(newest))
        .annotate(rank=Coalesce(rank, Value(0)))
        .order_by("-rank", "-published_at", "-pk")
    )
