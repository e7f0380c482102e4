"""q= full-text search: only published stories, headline over standfirst over
body, on PostgreSQL (with its GIN index) and on SQLite."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article


@pytest.fixture
def stories(db):
    now = timezone.now()

    def story(headline, standfirst="", body="", hours_ago=1, status="published"):
        return Article.objects.create(
            headline=headline,
            standfirst=standfirst,
            body=f"<p>{body}</p>",
            status=status,
            published_at=now - timedelta(hours=hours_ago),
        )

    story("Harbour council meets", body="The flood barrier was discussed.", hours_ago=1)
    story("Flood barrier holds in storm", hours_ago=5)
    story("Weather roundup", standfirst="A flood warning for the valley.", hours_ago=3)
    story("Flood draft", status="draft")
    story("Markets calm", body="Nothing about water.", hours_ago=2)


def headlines(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [a["headline"] for a in response.json()["results"]]


def test_headline_matches_rank_above_standfirst_above_body(api_client, stories):
    response = api_client.get("/api/v1/articles/?q=flood")

    assert headlines(response) == [
        "Flood barrier holds in storm",
        "Weather roundup",
        "Harbour council meets",
    ]
    assert response.json()["count"] == 3


def test_every_word_must_match(api_client, stories):
    assert headlines(api_client.get("/api/v1/articles/?q=flood barrier")) == [
        "Flood barrier holds in storm",
        "Harbour council meets",
    ]


def test_search_combines_with_filters_and_pages(api_client, stories):
    since = (timezone.now() - timedelta(hours=4)).isoformat()
    first = api_client.get("/api/v1/articles/", {"q": "flood", "limit": 1})
    filtered = api_client.get(
        "/api/v1/articles/", {"q": "flood", "published_after": since}
    )

    assert headlines(first) == ["Flood barrier holds in storm"]
    assert first.json()["next"].endswith("limit=1&page=2&q=flood")
    assert headlines(filtered) == ["Weather roundup", "Harbour council meets"]


def test_no_match_and_drafts_stay_hidden(api_client, stories):
    assert headlines(api_client.get("/api/v1/articles/?q=draft")) == []
    assert headlines(api_client.get("/api/v1/articles/?q=zeppelin")) == []


def test_search_query_count_is_constant(
    api_client, stories, django_assert_num_queries, settings
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    api_client.get("/api/v1/articles/?q=flood")  # builds the documents
    # the newest matches' ids, their count, then the page with its stored
    # documents (in memory by now)
    with django_assert_num_queries(3):
        response = api_client.get("/api/v1/articles/?q=flood")
    assert response.json()["count"] > 0


def test_results_are_ranked_among_the_newest_matches(api_client, stories, settings):
    # Ranking reads each candidate: only the newest CMS_SEARCH_CANDIDATES
    # matches are ranked, so the older headline match drops out.
    settings.CMS_SEARCH_CANDIDATES = 2
    response = api_client.get("/api/v1/articles/?q=flood")

    assert headlines(response) == ["Weather roundup", "Harbour council meets"]
    assert response.json()["count"] == 2


def test_an_edit_is_searchable_at_once(api_client, stories):
    story = Article.objects.get(headline="Markets calm")
    story.headline = "Markets calm as the zeppelin lands"
    story.save()

    assert headlines(api_client.get("/api/v1/articles/?q=zeppelin")) == [
        "Markets calm as the zeppelin lands"
    ]
    assert headlines(api_client.get("/api/v1/articles/?q=water")) == [
        "Markets calm as the zeppelin lands"
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_stores_the_weighted_vector_with_a_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d "
            "JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum "
            "WHERE d.adrelid = 'articles_article'::regclass "
            "AND a.attname = 'search_document' AND a.attgenerated = 's'"
        )
        (expression,) = cursor.fetchone()
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_document'"
        )
        (definition,) = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'article_search_vector'"
        )
        (old_indexes,) = cursor.fetchone()

    assert expression.count("setweight(to_tsvector('english'::regconfig, ") == 3
    for field, weight in (("headline", "A"), ("standfirst", "B"), ("body", "C")):
        assert f"COALESCE({field}, " in expression
        assert f"'{weight}'::\"char\"" in expression
    assert "USING gin (search_document)" in definition
    assert old_indexes == 0  # the expression index it replaces


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_search_can_use_the_index(stories):
    from django.test.utils import CaptureQueriesContext

    from articles.delivery.search import search_articles

    with connection.cursor() as cursor:
        # Tiny test tables are cheaper to scan; ask what the plan could be.
        cursor.execute("SET LOCAL enable_seqscan = off")
        with CaptureQueriesContext(connection) as matching:
            ranked = search_articles(Article.objects.all(), "flood")
        cursor.execute("EXPLAIN " + matching.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
        ranking = ranked.explain()

    assert "Bitmap Index Scan on article_search_document" in plan
    # Ranking reads each candidate's stored vector: the text is never parsed
    # again at query time.
    assert "ts_rank(articles_article.search_document" in ranked.explain(verbose=True)
    assert "to_tsvector" not in plan + ranking


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_public_list_walks_the_live_index(db):
    from articles.delivery.documents import serving_queryset

    with connection.cursor() as cursor:
        # A test table is nearly empty, and its statistics are whatever the
        # suite's earlier tests left: with scans and sorts priced out, the
        # plan shows whether the index can give the order at all.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        plan = serving_queryset().order_by("-published_at", "-pk")[:21].explain()

    assert "Index Scan using article_live_newest_first" in plan
    assert "Sort" not in plan.split("Index Scan")[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_postgres_tests_the_embargo_before_the_text(stories):
    """Walking the newest stories for a common word, the cheap embargo test
    runs before the match, which reads each story's search vector: at a
    million stories, with the newest ones embargoed, the other order read four
    times the pages (docs/internals/scale.md)."""
    from django.test.utils import CaptureQueriesContext

    from articles.delivery.search import search_articles

    with connection.cursor() as cursor:
        # The walk a common word gets at scale: no bitmap of the GIN index.
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
        with CaptureQueriesContext(connection) as matching:
            search_articles(Article.objects.published(), "flood")
        cursor.execute("EXPLAIN " + matching.captured_queries[0]["sql"])
        plan = [row[0] for row in cursor.fetchall()]

    assert any("Index Scan using article_live_newest_first" in line for line in plan)
    (tests,) = [line for line in plan if "Filter:" in line]
    assert "embargo_until" in tests
    assert tests.index("embargo_until") < tests.index("@@"), tests
