"""The server-side response cache: a frontend never gets a stale draft or an
unpublished story from it, in memory or in Redis."""

from __future__ import annotations

from datetime import timedelta

import redis
from django.utils import timezone

from articles.models import Article, ContentVersion
from tests.helpers.clock import let_pass
from tests.helpers.servers import REDIS_URL
from tests.helpers.transactions import rolled_back


def headlines(api_client):
    response = api_client.get("/api/v1/articles/")
    assert response.status_code == 200
    return response["X-Cache"], [a["headline"] for a in response.json()["results"]]


def test_responses_are_cached_and_dropped_the_moment_content_changes(
    api_client, published_article, cache_backend
):
    original = published_article.headline
    assert headlines(api_client) == ("MISS", [original])
    assert headlines(api_client) == ("HIT", [original])
    if cache_backend:  # really in Redis, not in this process
        keys = list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{cache_backend}:*"))
        assert len(keys) == 1

    # A draft changes nothing readers see: the cached list stays.
    draft = Article.objects.create(headline="A draft nobody may see", body="<p>x</p>")
    assert headlines(api_client) == ("HIT", [original])

    draft.publish()
    assert headlines(api_client) == ("MISS", ["A draft nobody may see", original])

    published_article.headline = "Corrected headline"
    published_article.save()
    assert headlines(api_client) == (
        "MISS",
        ["A draft nobody may see", "Corrected headline"],
    )

    draft.unpublish()
    assert headlines(api_client) == ("MISS", ["Corrected headline"])
    assert headlines(api_client) == ("HIT", ["Corrected headline"])
    detail = api_client.get(f"/api/v1/articles/{draft.slug}/")
    assert detail.status_code == 404

    published_article.delete()
    assert headlines(api_client) == ("MISS", [])


def test_an_unpublished_story_is_gone_from_every_cached_surface(
    api_client, published_article, cache_backend
):
    slug = published_article.slug.encode()
    # Each surface with what shows the story there: the photo's own document
    # names no story, but has the photo's caption.
    shown = {
        f"/api/v1/articles/{published_article.slug}/": slug,
        f"/api/v1/articles/{published_article.slug}/ninjs/": slug,
        "/feeds/rss/": slug,
        "/feeds/atom/": slug,
        "/sitemap.xml": slug,
        f"/api/v1/images/{published_article.lead_image_id}/": (
            published_article.lead_image.caption.encode()
        ),
    }
    for url, mark in shown.items():
        api_client.get(url)
        cached = api_client.get(url)
        assert (cached.status_code, cached["X-Cache"]) == (200, "HIT"), url
        assert mark in cached.content, url

    published_article.unpublish()

    for url, mark in shown.items():
        response = api_client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert mark not in response.content, url


def test_a_scheduled_story_appears_at_its_time_without_any_save(
    api_client, db, cache_backend, time_machine
):
    at = timezone.now() + timedelta(seconds=1)
    Article.objects.create(
        headline="Goes live by itself", status="published", published_at=at
    )
    assert headlines(api_client) == ("MISS", [])
    assert headlines(api_client) == ("HIT", [])

    let_pass(at, time_machine)

    assert headlines(api_client) == ("MISS", ["Goes live by itself"])


def test_a_photo_whose_rights_expire_leaves_cached_responses_at_that_moment(
    api_client, published_article, cache_backend, time_machine
):
    image = published_article.lead_image
    image.rights_expire_at = timezone.now() + timedelta(seconds=1)
    image.save()
    url = f"/api/v1/articles/{published_article.slug}/"
    api_client.get(url)
    assert api_client.get(url).json()["lead_image"]["id"] == image.pk

    # Rights are judged by the query's clock, as stories are: on PostgreSQL
    # the database's, which this waits for.
    let_pass(image.rights_expire_at, time_machine)

    response = api_client.get(url)
    assert response["X-Cache"] == "MISS"
    assert response.json()["lead_image"] is None


def test_a_rolled_back_change_keeps_the_cache(api_client, published_article):
    headlines(api_client)
    before = ContentVersion.current()

    with rolled_back():
        published_article.unpublish()

    assert ContentVersion.current() == before
    assert headlines(api_client) == ("HIT", [published_article.headline])


def test_cached_responses_keep_their_validators(api_client, published_article):
    url = f"/api/v1/articles/{published_article.slug}/"
    first = api_client.get(url)
    hit = api_client.get(url)

    assert hit["X-Cache"] == "HIT"
    assert hit["ETag"] == first["ETag"]
    assert hit["Last-Modified"] == first["Last-Modified"]
    assert hit["Cache-Control"] == first["Cache-Control"]
    assert hit["Content-Type"] == "application/json"
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_errors_and_the_browsable_api_are_not_cached(api_client, published_article):
    api_client.get("/api/v1/articles/?status=draft")
    assert api_client.get("/api/v1/articles/?status=draft")["X-Cache"] == "MISS"
    api_client.get("/api/v1/articles/missing/")
    assert api_client.get("/api/v1/articles/missing/")["X-Cache"] == "MISS"
    html = api_client.get("/api/v1/articles/", HTTP_ACCEPT="text/html")
    assert "X-Cache" not in html
    assert html["Content-Type"].startswith("text/html")


def test_the_cache_can_be_turned_off(api_client, published_article, settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    api_client.get("/api/v1/articles/")
    assert "X-Cache" not in api_client.get("/api/v1/articles/")
