"""Full-text search over published stories: PostgreSQL's text search with
headline over standfirst over body, served by a GIN index; on SQLite a plain
word match with the same weighting, good enough for a laptop."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
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


def _postgres(queryset: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(
        text, search_type="websearch", config=settings.CMS_SEARCH_CONFIG
    )
    vector = search_vector()
    return (
        queryset.annotate(search=vector)
        .filter(search=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "-published_at", "-pk")
    )


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
    return (
        queryset.filter(matches)
        .annotate(rank=Coalesce(rank, Value(0)))
        .order_by("-rank", "-published_at", "-pk")
    )
