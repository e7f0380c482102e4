"""The article list and detail's hot path (articles/api/hot_path.py) answers
with DRF's bytes and headers, and leaves to DRF what it does not take."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article, Contributor, Credit, Image, Section
from tests.helpers.hot_path import (
    answered_by_hot_path,
    get,
    headers,
)


@pytest.fixture
def stories(published_article, section, ap, tag):
    """The sample plus five: a subsection, another section, a contributor, a
    tag, and a lead photo whose rights have run out."""
    now = timezone.now()
    europe = Section.objects.create(name="Europe", slug="europe", parent=section)
    business = Section.objects.create(name="Business", slug="business")
    jane = Contributor.objects.create(name="Jane Doe", slug="jane-doe")
    expired = Image.objects.create(
        caption="An old photo.", rights_expire_at=now - timedelta(days=1)
    )
    Credit.objects.create(image=expired, contributor=ap, role="distributor")
    for n, (place, hours) in enumerate(
        [(europe, 2), (business, 5), (europe, 30), (business, 50), (section, 80)]
    ):
        story = Article.objects.create(
            headline=f"Story {n}",
            standfirst="A standfirst.",
            body='<p>Text <img src="/renditions/1/a/card.webp" alt="x"></p>',
            section=place,
            lead_image=expired if n == 1 else None,
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=hours),
        )
        if n % 2:
            story.tags.add(tag)
        Credit.objects.create(article=story, contributor=jane, role="author")
    return published_article


def next_link(response) -> str:
    return response.json()["next"].removeprefix("http://testserver")


LIST_QUERIES = [
    "",
    "?limit=2",
    "?limit=500",
    "?fields=slug,headline",
    "?fields=id&fields=slug",
    "?expand=none",
    "?expand=lead_image,tags&fields=slug,tags,lead_image",
    "?section=world",
    "?section=europe&limit=1",
    "?tag=north-korea",
    "?tag=nobody",
    "?contributor=jane-doe&expand=credits",
    "?contributor=the-associated-press",
    "?published_after=2000-01-01T00:00:00Z&published_before=2100-01-01T00:00:00Z",
    "?updated_since=2000-01-01T00:00:00Z&limit=3&fields=id",
]


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("query", LIST_QUERIES)
def test_list_pages_are_drfs_byte_for_byte(stories, settings, query, cached):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 300 if cached else 0
    path = f"/api/v1/articles/{query}"
    assert answered_by_hot_path(path)

    drf, hot = get(path, hot=False), get(path, hot=True)

    assert drf.status_code == hot.status_code == 200
    assert hot.content == drf.content
    assert headers(hot) == headers(drf)
    if cached:  # what the response cache kept of the hot path's answer
        with override_settings(MIDDLEWARE=settings.MIDDLEWARE):
            again = Client().get(path)
        assert again["X-Cache"] == "HIT"
        assert (again.content, again["ETag"]) == (drf.content, drf["ETag"])


def test_cursor_pages_are_drfs_byte_for_byte(stories):
    path = "/api/v1/articles/?limit=2&fields=slug"
    pages = 0
    while path:
        drf, hot = get(path, hot=False), get(path, hot=True)
        assert answered_by_hot_path(path)
        assert hot.content == drf.content
        assert headers(hot) == headers(drf)
        pages += 1
        path = drf.json()["next"] and next_link(drf)
    assert pages == 3
    previous = hot.json()["previous"].removeprefix("http://testserver")
    assert get(previous, hot=True).content == get(previous, hot=False).content


@pytest.mark.parametrize(
    "query", ["", "?fields=slug,headline", "?expand=none", "?expand=section&fields=id"]
)
def test_details_are_drfs_byte_for_byte(stories, query):
    for story in Article.objects.all():
        path = f"/api/v1/articles/{story.slug}/{query}"
        assert answered_by_hot_path(path)

        drf, hot = get(path, hot=False), get(path, hot=True)

        assert drf.status_code == hot.status_code == 200
        assert hot.content == drf.content
        assert headers(hot) == headers(drf)


def test_a_hidden_photo_is_left_out_on_both_paths(stories):
    path = "/api/v1/articles/?fields=headline,lead_image"
    results = get(path, hot=True).json()["results"]

    assert {r["headline"]: r["lead_image"] for r in results}["Story 1"] is None
    assert get(path, hot=True).content == get(path, hot=False).content


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/v1/articles/?format=json", "*/*"),
        ("/api/v1/articles/?q=canada", "*/*"),
        ("/api/v1/articles/?page=2", "*/*"),
        ("/api/v1/articles/?section=", "*/*"),
        ("/api/v1/articles/?section=a&section=b", "*/*"),
        ("/api/v1/articles/?status=draft", "*/*"),
        ("/api/v1/articles/", "text/html"),
        (
            "/api/v1/articles/canada-condemns-missile-transfers/",
            "application/ninjs+json",
        ),
        ("/api/v1/articles/canada-condemns-missile-transfers/ninjs/", "*/*"),
        ("/api/v1/articles/canada-condemns-missile-transfers/?limit=1", "*/*"),
        ("/api/v1/tags/", "*/*"),
    ],
)
def test_what_it_does_not_take_goes_to_drf(stories, path, accept):
    assert not answered_by_hot_path(path, accept=accept)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/?cursor=garbage",
        "/api/v1/articles/?limit=0",
        "/api/v1/articles/?limit=abc",
        "/api/v1/articles/?published_after=yesterday",
        "/api/v1/articles/?fields=nothing",
        "/api/v1/articles/?expand=everything",
        "/api/v1/articles/no-such-story/",
        "/api/v1/articles/canada-condemns-missile-transfers/?fields=nope",
    ],
)
def test_what_it_finds_wrong_drf_answers_as_before(stories, path):
    """Taken, then handed to DRF: the error is DRF's, byte for byte."""
    assert not answered_by_hot_path(path)

    drf, hot = get(path, hot=False), get(path, hot=True)

    assert hot.status_code == drf.status_code >= 400
    assert hot.content == drf.content
    assert headers(hot) == headers(drf)


def test_a_draft_is_not_found_on_the_hot_path(article):
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert not answered_by_hot_path(f"/api/v1/articles/{article.slug}/")
    assert get(f"/api/v1/articles/{article.slug}/", hot=True).status_code == 404


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the connection check of PostgreSQL"
)
@pytest.mark.parametrize("cached", [False, True])
def test_a_connection_the_server_dropped_is_replaced(
    transactional_db, published_article, settings, cached
):
    """The request's first query stands in for Django's health check
    (articles/delivery/checked_by_use.py): a dropped connection still gets
    the request a new one, as the check would have."""
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 300 if cached else 0
    client = Client()
    path = f"/api/v1/articles/{published_article.slug}/"
    first = client.get(path)
    other = connections.create_connection(DEFAULT_DB_ALIAS)
    with other.cursor() as cursor:
        pid = connection.connection.info.backend_pid
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    connection.health_check_done = False  # as at the start of a request

    again = client.get(path)

    assert again.status_code == 200
    assert again.content == first.content
    assert connection.connection.info.backend_pid != pid


def test_a_compiled_statement_reads_the_clock_each_time(published_article, settings):
    """The first page's statement is compiled once per process (on
    PostgreSQL): a story scheduled a moment ahead still shows up on time."""
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    moment = timezone.now() + timedelta(seconds=3)
    soon = Article.objects.create(
        headline="Soon", status=Article.Status.PUBLISHED, published_at=moment
    )
    path = "/api/v1/articles/?fields=headline"
    assert answered_by_hot_path(path)
    before = get(path, hot=True).json()["results"]
    assert timezone.now() < moment  # else the machine is too busy to tell
    time.sleep((moment - timezone.now()).total_seconds() + 0.1)
    after = get(path, hot=True).json()["results"]

    assert [r["headline"] for r in before] == [published_article.headline]
    assert [r["headline"] for r in after] == [soon.headline, published_article.headline]
