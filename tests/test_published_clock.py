"""`published()` reads the clock when its query runs, never when it is built:
the delivery API builds its queryset once per process (`serving_queryset()`)
and serves every request from copies of it, which is right only while no
filter in `published()` holds a time fixed at build time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.db.models import Exists, Value
from django.db.models.lookups import Lookup
from django.db.models.sql.where import WhereNode
from django.utils import timezone

from articles.delivery.documents import serving_queryset, serving_template
from articles.models import Article


def bound_times(node) -> list:
    """Every date or time written into `node` (a where-tree, a lookup, an
    expression, a sub-query) as a value rather than read at query time."""
    if isinstance(node, (date, datetime)):
        return [node]
    if isinstance(node, WhereNode):
        children = node.children
    elif isinstance(node, Lookup):
        children = [node.lhs, node.rhs]
    elif isinstance(node, Value):
        children = [node.value]
    elif isinstance(node, Exists):
        children = [node.query.where]
    elif hasattr(node, "get_source_expressions"):
        children = node.get_source_expressions()
    else:
        children = []
    return [time for child in children for time in bound_times(child)]


def test_the_inspection_finds_a_bound_time(db):
    # Without this, a walk that looked nowhere would pass every queryset.
    moment = timezone.now()
    frozen = Article.objects.filter(published_at__lte=moment)
    in_a_sub_query = Article.objects.filter(
        Exists(Article.objects.filter(embargo_until__gt=moment))
    )

    assert bound_times(frozen.query.where) == [moment]
    assert bound_times(in_a_sub_query.query.where) == [moment]


def test_published_binds_no_time(db):
    assert bound_times(Article.objects.published().query.where) == []
    serving = serving_template().query
    assert bound_times(serving.where) == []
    # Whether the lead photo and the social image are shown and the stored
    # document has expired are decided by the same clock (`for_serving`).
    assert sorted(serving.annotations) == [
        "document_expired",
        "lead_image_shown",
        "social_image_shown",
    ]
    assert [bound_times(a) for a in serving.annotations.values()] == [[], [], []]


@pytest.fixture
def built_yesterday():
    """`published()` and the serving template as built a day ago (built
    once per process: built again here, and again after the test)."""
    serving_template.cache_clear()
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        built = Article.objects.published(), serving_template()
    yield built
    serving_template.cache_clear()


def test_a_queryset_built_earlier_lists_what_has_gone_live_since(
    published_article, built_yesterday
):
    # Published an hour ago: after the querysets were built, before they run
    # (by either clock, the app's or the database's).
    published, serving = built_yesterday

    assert list(published) == [published_article]
    assert [row["id"] for row in serving.all()] == [published_article.pk]
    assert [row["id"] for row in serving_queryset()] == [published_article.pk]


@pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL reads its own clock, which time-machine does not move",
)
def test_the_same_serving_queryset_lists_a_story_when_its_time_comes(article):
    at = timezone.now() + timedelta(hours=2)
    article.publish(at=at)
    serving = serving_queryset()
    assert list(serving.all()) == []

    with time_machine.travel(at + timedelta(seconds=1)):
        assert [row["id"] for row in serving.all()] == [article.pk]
        assert [row["id"] for row in serving_queryset()] == [article.pk]
