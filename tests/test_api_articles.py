from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Contributor, Credit, Image, Tag
from articles.models.story_source import TEXT_SOURCE_FIELDS
from tests.helpers.images import make_jpeg


def iso(value) -> str:
    return value.isoformat().replace("+00:00", "Z")


def test_article_detail_has_every_part_of_the_story(api_client, published_article):
    article = published_article
    response = api_client.get(f"/api/v1/articles/{article.slug}/")

    assert response.status_code == 200
    image = article.lead_image
    document = response.json()
    # Search and social: the story's own (tests/test_search_social.py).
    assert document.pop("seo") == {
        "headline": article.headline,
        "description": "Nearly 50 countries denounce the arms deals.",
    }
    assert document.pop("social") == {
        "headline": article.headline,
        "image": document["lead_image"],
    }
    # A person wrote it: no source type (tests/test_text_source.py).
    assert [document.pop(name) for name in TEXT_SOURCE_FIELDS] == [None, False, ""]
    # Nothing shares its tags or section (tests/test_related_stories.py).
    assert document.pop("related") == []
    assert document == {
        "id": article.pk,
        "slug": "canada-condemns-missile-transfers",
        # In one language (tests/test_edition_documents.py).
        "language": "en",
        "editions": [],
        "headline": "Canada joins countries in condemning Russia, North Korea for "
        "alleged missile transfers",
        "standfirst": "Nearly 50 countries denounce the arms deals.",
        "body_html": "<p>Canada has joined nearly 50 countries.</p>",
        "body": [
            {"type": "paragraph", "html": "Canada has joined nearly 50 countries."}
        ],
        "section": {"name": "World", "slug": "world"},
        "tags": [{"name": "North Korea", "slug": "north-korea", "uri": ""}],
        "published_at": iso(article.published_at),
        "first_published_at": iso(article.first_published_at),
        "updated_at": iso(Article.objects.get(pk=article.pk).updated_at),
        # Wire copy's facts: none for a story written here.
        "slugline": "",
        "dateline": "",
        "urgency": None,
        "source_version": None,
        "corrections": [],
        "credits": [
            {
                "role": "contributor",
                "contributor": {"name": "Reuters", "slug": "reuters", "kind": "agency"},
            }
        ],
        "credit_line": "With files from Reuters",
        "lead_image": {
            "id": image.pk,
            "url": None,
            "width": None,
            "height": None,
            "alt_text": "Kim Jong Un in a fighter jet cockpit",
            "caption": "North Korean leader Kim Jong Un looks at a military jet "
            "cockpit.",
            "credits": [
                {
                    "role": "provider",
                    "contributor": {
                        "name": "Khabarovsky Krai region government",
                        "slug": "khabarovsky-krai-region-government",
                        "kind": "organisation",
                    },
                },
                {
                    "role": "distributor",
                    "contributor": {
                        "name": "The Associated Press",
                        "slug": "the-associated-press",
                        "kind": "agency",
                    },
                },
            ],
            "credit_line": "Khabarovsky Krai region government via AP",
            "copyright": "© 2023 The Associated Press",
            "headline": "",
            "usage_terms": "",
            "restrictions": "",
            "srcset": [],
            "focal_point": {"x": 0.5, "y": 0.5},
            "dominant_color": "",
            "placeholder": "",
            "provenance": {
                "digital_source_type": None,
                "data_mining": None,
                "c2pa": {
                    "state": "none",
                    "claim_generator": None,
                    "signer": None,
                    "signed_at": None,
                    "actions": [],
                    "manifest_url": None,
                },
            },
        },
    }


def test_per_article_caption_replaces_the_image_caption(api_client, published_article):
    published_article.lead_image_caption = "Kim Jong Un in Komsomolsk-on-Amur."
    published_article.save()

    data = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()

    assert data["lead_image"]["caption"] == "Kim Jong Un in Komsomolsk-on-Amur."
    image = api_client.get(f"/api/v1/images/{published_article.lead_image_id}/").json()
    assert image["caption"] == (
        "North Korean leader Kim Jong Un looks at a military jet cockpit."
    )


def test_lead_image_with_a_file_has_an_absolute_url_and_its_size(
    api_client, published_article, jpeg_upload
):
    image = published_article.lead_image
    image.set_file(jpeg_upload, "kim-jet.jpg")
    image.save()

    data = api_client.get(f"/api/v1/articles/{published_article.slug}/").json()

    assert data["lead_image"]["url"] == (
        f"http://testserver/renditions/{image.pk}/{image.rendition_version}/full.jpeg"
    )
    assert (data["lead_image"]["width"], data["lead_image"]["height"]) == (64, 48)


def test_article_without_section_or_image_has_nulls(api_client, db):
    story = Article.objects.create(headline="Bare story", body="<p>Text.</p>")
    story.publish()

    data = api_client.get("/api/v1/articles/bare-story/").json()

    assert data["section"] is None
    assert data["lead_image"] is None
    assert data["credits"] == []
    assert data["credit_line"] == ""


def test_list_is_newest_first_and_paginated(api_client, db):
    now = timezone.now()
    for hours in (3, 1, 2):
        Article.objects.create(
            headline=f"Story {hours}h ago",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=hours),
        )

    first = api_client.get("/api/v1/articles/?limit=2").json()
    second = api_client.get(first["next"]).json()

    assert [a["headline"] for a in first["results"]] == ["Story 1h ago", "Story 2h ago"]
    assert [a["headline"] for a in second["results"]] == ["Story 3h ago"]
    assert second["next"] is None


def test_list_filters_by_section_and_tag(api_client, published_article, db):
    other = Article.objects.create(headline="Elsewhere", status="published")
    other.publish()

    by_section = api_client.get("/api/v1/articles/?section=world").json()
    by_tag = api_client.get("/api/v1/articles/?tag=north-korea").json()

    assert [a["slug"] for a in by_section["results"]] == [published_article.slug]
    assert [a["slug"] for a in by_tag["results"]] == [published_article.slug]


def _fill(count: int, contributors: list[Contributor], tags: list[Tag]) -> None:
    now = timezone.now()
    for n in range(count):
        image = Image.objects.create(caption=f"Photo {n}")
        image.set_file(_jpeg_file(n), f"photo-{n}.jpg")
        image.save()
        Credit.objects.create(image=image, contributor=contributors[0], role="creator")
        Credit.objects.create(
            image=image, contributor=contributors[1], role="distributor", position=1
        )
        story = Article.objects.create(
            headline=f"Story {n}",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
            lead_image=image,
        )
        story.tags.set(tags)
        Credit.objects.create(article=story, contributor=contributors[0], role="author")
        Credit.objects.create(
            article=story, contributor=contributors[1], role="contributor", position=1
        )


def _jpeg_file(n: int):
    import io

    return io.BytesIO(make_jpeg(width=32 + n))


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_query_count_does_not_grow_with_page_size(
    api_client, db, page_size, section, settings
):
    contributors = [
        Contributor.objects.create(name="Jane Doe", slug="jane-doe"),
        Contributor.objects.create(name="Reuters", slug="reuters", kind="agency"),
    ]
    tags = [Tag.objects.create(name=f"Tag {n}", slug=f"tag-{n}") for n in range(3)]
    _fill(50, contributors, tags)
    url = f"/api/v1/articles/?limit={page_size}"

    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0  # documents only, no response cache
    with CaptureQueriesContext(connection) as cold:
        first = api_client.get(url)
    with CaptureQueriesContext(connection) as warm:
        second = api_client.get(url)

    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(second.json()["results"]) == page_size
    # Cold: the page, then the documents built (articles + section, tags,
    # corrections, credits + contributors, body photos (none here, so not
    # their credits), lead images and their credits, the related stories
    # they may show: the editors' choices, the newest of their tags (no
    # section here)) and stored, and the public related stories. Warm: the
    # page, the texts from memory, the public related stories.
    assert len(cold) == 12, [q["sql"] for q in cold]
    assert len(warm) == 2, [q["sql"] for q in warm]
    first = second.json()["results"][0]
    assert first["credit_line"] == "By Jane Doe. With files from Reuters"
    assert first["lead_image"]["credit_line"] == "Jane Doe via Reuters"

    settings.CMS_RESPONSE_CACHE_TIMEOUT = 60
    with CaptureQueriesContext(connection) as stored:
        api_client.get(url)
    with CaptureQueriesContext(connection) as cached:
        hit = api_client.get(url)
    assert hit["X-Cache"] == "HIT"
    assert hit.json() == second.json()
    # The content version (plus the page and its related stories when
    # stored), then only the version.
    assert len(stored) == 3, [q["sql"] for q in stored]
    assert len(cached) == 1, [q["sql"] for q in cached]
