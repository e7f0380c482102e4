"""Drafts, archived and future stories never show on any public endpoint, and
a hidden story answers exactly like one that does not exist."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Contributor, Credit, Image, Tag

PAST = timedelta(hours=-1)
FUTURE = timedelta(hours=1)


@pytest.mark.parametrize(
    ("status", "offset", "expected"),
    [
        (Article.Status.PUBLISHED, PAST, True),
        (Article.Status.PUBLISHED, FUTURE, False),
        (Article.Status.DRAFT, PAST, False),
        (Article.Status.DRAFT, FUTURE, False),
        (Article.Status.ARCHIVED, PAST, False),
    ],
)
def test_published_queryset_and_instance_agree(db, status, offset, expected):
    story = Article.objects.create(
        headline="Story", status=status, published_at=timezone.now() + offset
    )

    assert Article.objects.published().filter(pk=story.pk).exists() is expected
    assert story.is_published() is expected


def test_draft_without_date_is_not_published(db):
    story = Article.objects.create(headline="Draft")

    assert story.published_at is None
    assert Article.objects.published().exists() is False


@pytest.fixture
def hidden_story(db):
    """A draft with its own image, tag and contributors, none used elsewhere."""
    image = Image.objects.create(caption="SECRET photo caption")
    insider = Contributor.objects.create(name="Secret Source", slug="secret-source")
    Credit.objects.create(image=image, contributor=insider, role="creator")
    writer = Contributor.objects.create(name="Secret Writer", slug="secret-writer")
    story = Article.objects.create(
        headline="SECRET merger talks", slug="secret-merger", lead_image=image
    )
    story.tags.add(Tag.objects.create(name="Secret deal", slug="secret-deal"))
    Credit.objects.create(article=story, contributor=writer, role="author")
    return story


PUBLIC_LISTS = [
    "/api/v1/articles/",
    "/api/v1/contributors/",
    "/api/v1/sections/",
    "/api/v1/tags/",
    "/api/v1/articles/?tag=secret-deal",
    "/api/v1/articles/?section=world",
]


@pytest.mark.parametrize("state", ["draft", "archived", "scheduled", "unpublished"])
def test_hidden_story_leaks_through_no_endpoint(
    api_client, published_article, hidden_story, state
):
    if state == "archived":
        hidden_story.status = Article.Status.ARCHIVED
        hidden_story.save()
    elif state == "scheduled":
        hidden_story.publish(at=timezone.now() + timedelta(days=1))
    elif state == "unpublished":
        hidden_story.publish()
        hidden_story.unpublish()

    for url in PUBLIC_LISTS:
        response = api_client.get(url)
        assert response.status_code == 200, url
        assert "SECRET" not in response.content.decode(), url
        assert "secret" not in response.content.decode(), url
    assert len(api_client.get("/api/v1/articles/").json()["results"]) == 1

    missing = api_client.get("/api/v1/articles/no-such-story/")
    for url in [
        "/api/v1/articles/secret-merger/",
        f"/api/v1/images/{hidden_story.lead_image_id}/",
        "/api/v1/contributors/secret-writer/",
        "/api/v1/contributors/secret-source/",
        "/api/v1/tags/secret-deal/",
    ]:
        response = api_client.get(url)
        assert response.status_code == 404, url
        assert response.content == missing.content, url


def test_publishing_shows_the_story_and_unpublishing_hides_it(api_client, hidden_story):
    hidden_story.publish()
    assert api_client.get("/api/v1/articles/secret-merger/").status_code == 200
    assert api_client.get("/api/v1/contributors/secret-source/").status_code == 200

    hidden_story.unpublish()
    assert api_client.get("/api/v1/articles/secret-merger/").status_code == 404
    assert (
        api_client.get(f"/api/v1/images/{hidden_story.lead_image_id}/").status_code
        == 404
    )


def test_staff_get_no_more_than_anonymous_readers(client, superuser, hidden_story):
    client.force_login(superuser)

    assert client.get("/api/v1/articles/secret-merger/").status_code == 404


def test_image_shared_by_a_draft_and_a_published_story_is_public(
    api_client, published_article, hidden_story
):
    hidden_story.lead_image = published_article.lead_image
    hidden_story.save()

    response = api_client.get(f"/api/v1/images/{published_article.lead_image_id}/")

    assert response.status_code == 200
