"""ETag, Last-Modified and Cache-Control on the API, and updated_at moving
whenever anything a story's document contains changes."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, ContentVersion


def detail(client, article, **headers):
    return client.get(f"/api/v1/articles/{article.slug}/", headers=headers)


def test_responses_carry_validators_and_cache_control(api_client, published_article):
    response = detail(api_client, published_article)

    published_article.refresh_from_db()
    assert response["ETag"].startswith('"') and response["ETag"].endswith('"')
    assert response["Last-Modified"] == http_date(
        published_article.updated_at.timestamp()
    )
    assert response["Cache-Control"] == "public, max-age=60, stale-while-revalidate=30"


@pytest.mark.parametrize("cached", [False, True])
def test_the_etag_is_the_sha1_of_the_body_cached_or_not(
    api_client, published_article, settings, cached
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 300 if cached else 0
    first = api_client.get("/api/v1/articles/")
    again = api_client.get("/api/v1/articles/")

    assert again.get("X-Cache") == ("HIT" if cached else None)
    assert again.content == first.content
    digest = hashlib.sha1(first.content).hexdigest()
    assert (first["ETag"], again["ETag"]) == (f'"{digest}"', f'"{digest}"')


def test_a_matching_etag_gets_304(api_client, published_article):
    etag = detail(api_client, published_article)["ETag"]

    response = detail(api_client, published_article, if_none_match=etag)

    assert response.status_code == 304
    assert response.content == b""


def test_if_modified_since_gets_304_until_the_story_changes(
    api_client, published_article
):
    modified = detail(api_client, published_article)["Last-Modified"]
    assert (
        detail(api_client, published_article, if_modified_since=modified).status_code
        == 304
    )

    later = timezone.now() + timedelta(seconds=2)
    Article.objects.filter(pk=published_article.pk).update(updated_at=later)
    ContentVersion.bump()  # as every save does, through the signals

    assert (
        detail(api_client, published_article, if_modified_since=modified).status_code
        == 200
    )


def test_list_last_modified_is_the_newest_story(api_client, published_article):
    older = Article.objects.create(
        headline="Older",
        status="published",
        published_at=timezone.now() - timedelta(days=1),
    )
    Article.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() - timedelta(days=1)
    )
    published_article.refresh_from_db()

    response = api_client.get("/api/v1/articles/")

    assert response["Last-Modified"] == http_date(
        published_article.updated_at.timestamp()
    )


@pytest.mark.parametrize(
    "change",
    [
        "image credit",
        "article credit",
        "contributor renamed",
        "image caption",
        "section renamed",
        "tag added",
    ],
)
def test_anything_in_the_document_moves_updated_at_and_the_etag(
    api_client, published_article, change, reuters, ap, tag, section
):
    before = detail(api_client, published_article)
    stamp = Article.objects.get(pk=published_article.pk).updated_at
    image = published_article.lead_image

    if change == "image credit":
        image.credits.filter(role="distributor").delete()
    elif change == "article credit":
        published_article.credits.create(contributor=ap, role="author", position=1)
    elif change == "contributor renamed":
        ap.name = "Associated Press"
        ap.save()
    elif change == "image caption":
        image.caption = "A new caption."
        image.save()
    elif change == "section renamed":
        section.name = "International"
        section.save()
    elif change == "tag added":
        published_article.tags.add(
            tag.__class__.objects.create(name="Ukraine", slug="ukraine")
        )

    after = detail(api_client, published_article, if_none_match=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert Article.objects.get(pk=published_article.pk).updated_at > stamp


def test_renditions_answer_conditional_requests(client, published_article):
    import io

    from tests.helpers.images import make_jpeg

    image = published_article.lead_image
    image.set_file(io.BytesIO(make_jpeg(400, 300)), "x.jpg")
    image.save()
    url = f"/renditions/{image.pk}/{image.rendition_version}/card.webp"
    etag = client.get(url)["ETag"]

    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
