"""RSS, Atom and the sitemaps, parsed back with feedparser and lxml; they
follow the same visibility rule as the API."""

from __future__ import annotations

import io
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from lxml import etree

from articles.models import Article, Section
from tests.helpers.images import make_jpeg

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


@pytest.fixture
def newsroom(published_article, photo, section):
    """The sample story with a real photo, a draft, a future story, a story
    from three days ago in a subsection, and one in another section."""
    photo.set_file(io.BytesIO(make_jpeg(1200, 800)), "kim.jpg")
    photo.save()
    now = timezone.now()
    Article.objects.create(headline="SECRET draft", section=section)
    Article.objects.create(
        headline="SECRET scheduled",
        section=section,
        status=Article.Status.PUBLISHED,
        published_at=now + timedelta(hours=2),
    )
    europe = Section.objects.create(name="Europe", slug="europe", parent=section)
    Article.objects.create(
        headline="Older story",
        section=europe,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=3),
    )
    business = Section.objects.create(name="Business", slug="business")
    Article.objects.create(
        headline="Markets calm",
        section=business,
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(hours=3),
    )
    return published_article


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_lists_published_stories_newest_first(client, newsroom, kind):
    response = client.get(f"/feeds/{kind}/")

    feed = feedparser.parse(response.content)
    assert response.status_code == 200
    assert feed.bozo is False
    assert [entry.title for entry in feed.entries] == [
        newsroom.headline,
        "Markets calm",
        "Older story",
    ]
    assert "SECRET" not in response.content.decode()


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_items_carry_the_photo_and_its_credits(client, newsroom, photo, kind):
    feed = feedparser.parse(client.get(f"/feeds/{kind}/").content)

    entry = feed.entries[0]
    assert entry.link == f"http://testserver/api/v1/articles/{newsroom.slug}/"
    assert entry.author == "With files from Reuters"
    assert [tag.term for tag in entry.tags] == ["World", "North Korea"]
    assert entry.media_content == [
        {
            "url": f"http://testserver/renditions/{photo.pk}/{photo.rendition_version}/full.jpeg",
            "medium": "image",
            "type": "image/jpeg",
            "width": "1200",
            "height": "800",
        }
    ]
    assert entry.media_credit == [
        {"role": "provider", "content": "Khabarovsky Krai region government"},
        {"role": "distributor", "content": "The Associated Press"},
    ]


def test_a_photo_whose_rights_expired_leaves_the_feed(client, newsroom, photo):
    photo.rights_expire_at = timezone.now() - timedelta(minutes=1)
    photo.save()

    entry = feedparser.parse(client.get("/feeds/rss/").content).entries[0]

    assert entry.title == newsroom.headline
    assert "media_content" not in entry


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_section_feeds_include_subsections(client, newsroom, kind):
    world = feedparser.parse(client.get(f"/feeds/{kind}/world/").content)
    business = feedparser.parse(client.get(f"/feeds/{kind}/business/").content)

    assert [e.title for e in world.entries] == [newsroom.headline, "Older story"]
    assert [e.title for e in business.entries] == ["Markets calm"]
    assert client.get(f"/feeds/{kind}/no-such-section/").status_code == 404


def test_feed_query_count_does_not_grow(
    client, newsroom, django_assert_max_num_queries
):
    for n in range(10):
        Article.objects.create(
            headline=f"Filler {n}", status="published", published_at=timezone.now()
        ).tags.add(*newsroom.tags.all())

    # content version, articles + sections, tags, corrections, credits, body
    # photos, lead images, their credits: none per story
    with django_assert_max_num_queries(9):
        client.get("/feeds/rss/")


def locations(response) -> list[str]:
    tree = etree.fromstring(response.content)
    return tree.xpath("//s:url/s:loc/text()", namespaces=SITEMAP_NS)


def test_sitemap_lists_every_published_story(client, newsroom):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert locations(response) == [
        f"http://testserver/api/v1/articles/{slug}/"
        for slug in [newsroom.slug, "markets-calm", "older-story"]
    ]


def test_news_sitemap_covers_the_last_48_hours(client, newsroom):
    response = client.get("/sitemap-news.xml")

    tree = etree.fromstring(response.content)
    assert response["Content-Type"] == "application/xml"
    assert tree.xpath("//news:title/text()", namespaces=SITEMAP_NS) == [
        newsroom.headline,
        "Markets calm",
    ]
    assert (
        tree.xpath("//news:name/text()", namespaces=SITEMAP_NS) == ["Newsroom CMS"] * 2
    )
    assert tree.xpath("//news:keywords/text()", namespaces=SITEMAP_NS) == [
        "North Korea"
    ]
    assert "SECRET" not in response.content.decode()


def test_links_point_at_the_website_when_it_is_configured(client, newsroom, settings):
    settings.CMS_ARTICLE_URL = "https://news.example.com/{section}/{slug}/"

    feed = feedparser.parse(client.get("/feeds/rss/").content)
    sitemap = locations(client.get("/sitemap.xml"))

    assert feed.entries[0].link == f"https://news.example.com/world/{newsroom.slug}/"
    assert sitemap[1] == "https://news.example.com/business/markets-calm/"
