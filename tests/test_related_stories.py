"""Related stories in the article document (issue 18, item 6): the editor's
choices in order, topped up from shared tags and the section, public only at
the second a response is made, whatever the stored documents, the memo, the
response cache or a client's conditional request hold; one query per
response for them, whatever the number of stories on the page."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from articles.delivery.preview import make_token
from articles.models import (
    Article,
    ArticleDocument,
    RelatedStory,
    Section,
    Tag,
    Withdrawal,
)
from tests.helpers.clock import let_pass
from tests.helpers.fronts import story


@pytest.fixture
def newsroom(db, settings):
    """The story "Harbour" with two chosen stories; stories sharing two, one and no
    tags with it, in its section and elsewhere."""
    settings.CMS_RELATED_STORIES = 4
    # Off: each response is made afresh (the cache has its own test here).
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    world = Section.objects.create(name="World", slug="world")
    sport = Section.objects.create(name="Sport", slug="sport")
    ports = Tag.objects.create(name="Ports", slug="ports")
    storms = Tag.objects.create(name="Storms", slug="storms")
    stories = {
        "harbour": story("Harbour", section=world, tags=[ports, storms], hours_ago=1),
        "both": story("Both tags", section=sport, tags=[ports, storms], hours_ago=9),
        "ports": story("Ports only", section=sport, tags=[ports], hours_ago=2),
        "world": story("World only", section=world, hours_ago=3),
        "older-world": story("Older world", section=world, hours_ago=20),
        "chosen-1": story("Chosen first", section=sport, hours_ago=30),
        "chosen-2": story("Chosen second", section=sport, hours_ago=40),
        "unrelated": story("Unrelated", section=sport, hours_ago=4),
    }
    harbour = stories["harbour"]
    RelatedStory.objects.create(source=harbour, target=stories["chosen-1"], position=0)
    RelatedStory.objects.create(source=harbour, target=stories["chosen-2"], position=1)
    return stories


def related(client, slug: str, query: str = "") -> list[str]:
    response = client.get(f"/api/v1/articles/{slug}/{query}")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["related"]]


def test_chosen_in_order_then_shared_tags_then_section(api_client, newsroom, settings):
    assert related(api_client, "harbour") == [
        "chosen-first", "chosen-second", "both-tags", "ports-only",
    ]  # fmt: skip
    settings.CMS_RELATED_STORIES = 6
    assert related(api_client, "harbour") == [
        "chosen-first", "chosen-second", "both-tags", "ports-only",
        "world-only", "older-world",
    ]  # fmt: skip


def test_only_stories_in_the_hosts_language(api_client, newsroom, settings):
    # The French story shares both tags and is the newest: it would come first.
    ports, storms = newsroom["harbour"].tags.all()
    french = story("Le port", tags=[ports, storms], hours_ago=0.5, language="fr")
    settings.CMS_RELATED_STORIES = 6
    newsroom["harbour"].save()  # its document is made again with the French one

    assert related(api_client, "harbour") == [
        "chosen-first", "chosen-second", "both-tags", "ports-only",
        "world-only", "older-world",
    ]  # fmt: skip
    assert related(api_client, french.slug, "?language=fr") == []


def test_a_summary_says_what_a_frontend_needs(api_client, newsroom):
    chosen = newsroom["chosen-1"]
    response = api_client.get("/api/v1/articles/harbour/")

    assert response.json()["related"][0] == {
        "id": chosen.pk,
        "slug": "chosen-first",
        "headline": "Chosen first",
        "published_at": chosen.published_at.isoformat().replace("+00:00", "Z"),
        "url": "http://testserver/api/v1/articles/chosen-first/",
    }
    assert list(response.json())[-1] == "related"


def test_the_website_address_when_there_is_one(api_client, newsroom, settings):
    settings.CMS_ARTICLE_URL = "https://news.example/{section}/{slug}/"
    urls = [
        i["url"] for i in api_client.get("/api/v1/articles/harbour/").json()["related"]
    ]
    assert urls[0] == "https://news.example/sport/chosen-first/"


@pytest.mark.parametrize(
    "hide",
    [
        lambda s: s.unpublish(),
        lambda s: Article.objects.filter(pk=s.pk).update(status=Article.Status.DRAFT),
        lambda s: Article.objects.filter(pk=s.pk).update(
            published_at=timezone.now() + timedelta(days=1)
        ),
        lambda s: Article.objects.filter(pk=s.pk).update(
            embargo_until=timezone.now() + timedelta(days=1)
        ),
        lambda s: s.delete(),
    ],
    ids=["unpublished", "draft", "scheduled", "embargoed", "deleted"],
)
def test_a_story_that_is_not_public_is_absent_at_once(api_client, newsroom, hide):
    assert "chosen-first" in related(api_client, "harbour")  # stored, memoised
    harbour_updated = Article.objects.get(slug="harbour").updated_at

    hide(newsroom["chosen-1"])

    # Nobody saved "Harbour": its stored document is still current, and
    # the next candidate stands in.
    assert Article.objects.get(slug="harbour").updated_at == harbour_updated
    assert related(api_client, "harbour") == [
        "chosen-second", "both-tags", "ports-only", "world-only",
    ]  # fmt: skip
    listed = api_client.get("/api/v1/articles/").json()["results"]
    assert "chosen-first" not in str([item["related"] for item in listed])


def test_a_chosen_story_scheduled_for_later_appears_at_its_second(
    api_client, newsroom, time_machine
):
    later = timezone.now() + timedelta(seconds=2)
    soon = Article.objects.create(headline="Soon", body="<p>Soon.</p>")
    soon.publish(at=later)
    RelatedStory.objects.create(source=newsroom["harbour"], target=soon, position=2)
    assert "soon" not in related(api_client, "harbour")

    let_pass(later, time_machine)

    assert related(api_client, "harbour")[:3] == [
        "chosen-first", "chosen-second", "soon",
    ]  # fmt: skip


def test_an_editors_change_rebuilds_the_document(api_client, newsroom):
    related(api_client, "harbour")
    harbour = newsroom["harbour"]
    RelatedStory.objects.filter(source=harbour).delete()
    RelatedStory.objects.create(source=harbour, target=newsroom["unrelated"])

    assert related(api_client, "harbour")[0] == "unrelated"
    document = ArticleDocument.objects.get(article=harbour)
    assert document.article_updated_at == Article.objects.get(pk=harbour.pk).updated_at


def test_stored_documents_hold_only_the_placeholder(api_client, newsroom):
    related(api_client, "harbour")
    document = ArticleDocument.objects.get(article=newsroom["harbour"])

    assert document.json.endswith(',"related":[]}')
    assert "Chosen first" not in document.json
    chosen = [newsroom["chosen-1"].pk, newsroom["chosen-2"].pk]
    assert [int(pk) for pk in document.related_ids.split(",")][:2] == chosen


def test_fields_and_the_schema_name_it(api_client, newsroom):
    response = api_client.get("/api/v1/articles/harbour/?fields=id,related")
    assert list(response.json()) == ["id", "related"]
    assert len(response.json()["related"]) == 4
    schema = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    article = schema.json()["components"]["schemas"]["Article"]
    assert "related" in article["properties"]


def test_the_cached_response_goes_when_a_related_story_leaves(
    api_client, newsroom, settings
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 300
    assert api_client.get("/api/v1/articles/harbour/")["X-Cache"] == "MISS"
    first = api_client.get("/api/v1/articles/harbour/")
    assert first["X-Cache"] == "HIT"

    newsroom["chosen-1"].unpublish()

    again = api_client.get(
        "/api/v1/articles/harbour/", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert (again.status_code, again["X-Cache"]) == (200, "MISS")
    assert "chosen-first" not in str(again.json()["related"])


def test_last_modified_moves_when_a_related_story_leaves(api_client, newsroom):
    first = api_client.get("/api/v1/articles/harbour/")
    assert (
        api_client.get(
            "/api/v1/articles/harbour/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        ).status_code
        == 304
    )

    # A later second: HTTP dates count whole seconds.
    with time_machine.travel(timezone.now() + timedelta(seconds=2), tick=True):
        newsroom["chosen-1"].unpublish()
    withdrawn = Withdrawal.objects.get(article_id=newsroom["chosen-1"].pk)

    again = api_client.get(
        "/api/v1/articles/harbour/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 200
    assert again["Last-Modified"] == http_date(withdrawn.withdrawn_at.timestamp())


def test_the_detail_is_tagged_with_its_related_stories(api_client, newsroom):
    response = api_client.get("/api/v1/articles/harbour/")
    tags = response["Cache-Tag"].split(",")

    shown = ("chosen-1", "chosen-2", "both", "ports")
    assert tags == [
        f"article-{newsroom['harbour'].pk}",
        *(f"article-{newsroom[name].pk}" for name in shown),
    ]


def count_queries(client, path: str) -> int:
    client.get(path)  # documents stored
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_one_query_for_related_stories_whatever_the_page(
    api_client, newsroom, django_assert_num_queries, settings
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    world = Section.objects.get(slug="world")
    for n in range(14):
        story(f"More {n}", section=world, hours_ago=50 + n)
    one = count_queries(api_client, "/api/v1/articles/?limit=1")
    twenty = count_queries(api_client, "/api/v1/articles/?limit=20")
    detail = count_queries(api_client, "/api/v1/articles/harbour/")

    assert one == twenty == detail
    # The page's rows and the related stories (the documents come from the
    # memo; the response cache is off, so no content version).
    with django_assert_num_queries(2):
        api_client.get("/api/v1/articles/?limit=20")


def test_none_without_candidates(api_client, db, settings, django_assert_num_queries):
    settings.CMS_RELATED_STORIES = 0
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0
    story("Alone", hours_ago=1)
    api_client.get("/api/v1/articles/alone/")

    with django_assert_num_queries(1):  # the row; none for related stories
        assert api_client.get("/api/v1/articles/alone/").json()["related"] == []


def test_a_preview_lists_the_public_ones_as_the_document_will(api_client, newsroom):
    draft = Article.objects.create(headline="Next", body="<p>Next.</p>")
    RelatedStory.objects.create(source=draft, target=newsroom["chosen-2"], position=0)
    RelatedStory.objects.create(source=draft, target=newsroom["harbour"], position=1)
    newsroom["chosen-2"].unpublish()

    response = api_client.get(f"/api/v1/preview/{make_token(draft)}/")

    assert [item["slug"] for item in response.json()["related"]] == ["harbour"]
