"""Prepared statements on PostgreSQL: the public list's statement is the same
text on every request, so each connection plans it once and then runs the
kept plan, and the visibility rule still reads the clock at every run."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from tests.helpers.servers import settings_with

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only: prepared statements"
)

PREPARED = {"server_side_binding": True, "prepare_threshold": 2}
PRIMARY = "postgres://app:secret@primary.internal:5432/news"


def test_postgresql_connections_prepare_their_statements_by_default():
    done = settings_with(DATABASE_URL=PRIMARY)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["default_options"] == PREPARED


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    done = settings_with(DATABASE_URL=PRIMARY, DATABASE_PREPARED_STATEMENTS="false")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["default_options"] == {}


def test_sqlite_has_nothing_to_prepare(tmp_path):
    done = settings_with(DATABASE_URL=f"sqlite:///{tmp_path}/cms.sqlite3")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["default_options"] == {}


def list_statement(api_client) -> tuple[str, tuple]:
    """The SQL and values of the list's page query (its documents are built
    by the first request, then served from memory)."""
    sent = []

    def record(execute, sql, params, many, context):
        sent.append((sql, tuple(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert api_client.get("/api/v1/articles/").status_code == 200
    (page,) = [(sql, params) for sql, params in sent if " LIMIT 21" in sql]
    return page


@postgres_only
def test_the_public_list_is_planned_once_per_connection(
    api_client, published_article, settings
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    first, params = list_statement(api_client)
    # No value in it changes between requests: "now" is the database's.
    assert params == ()
    assert "STATEMENT_TIMESTAMP()" in first
    assert "\"status\" IN ('scheduled', 'published')" in first
    for _ in range(3):
        assert list_statement(api_client) == (first, ())

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements "
            "WHERE statement = %s",
            [first],
        )
        (generic, custom), *others = cursor.fetchall()
    assert others == []
    # A statement without parameters has one plan, made once, used since.
    assert (custom, generic >= 2) == (0, True)


@postgres_only
def test_a_kept_plan_still_reads_the_clock_at_every_run(
    api_client, published_article, settings
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    for _ in range(3):  # prepared and planned
        list_statement(api_client)
    soon = Article.objects.create(headline="Goes live in a moment", slug="soon")
    soon.publish(at=timezone.now() + timedelta(seconds=1))
    slugs = [a["slug"] for a in api_client.get("/api/v1/articles/").json()["results"]]
    assert slugs == [published_article.slug]

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1.1)")
    slugs = [a["slug"] for a in api_client.get("/api/v1/articles/").json()["results"]]
    assert slugs == ["soon", published_article.slug]
