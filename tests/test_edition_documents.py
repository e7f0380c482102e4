"""A story's document carries its `language` and the live editions of its
group in other languages (`editions`), spliced in when served: an edition
appears at the second it goes live and vanishes when hidden, with no write
to its siblings, through the memo, stored documents, ETags and the response
cache; in one query per response, whatever the number of stories."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article, ArticleDocument
from tests.helpers.clock import let_pass
from tests.helpers.edition_delivery import edition_of, english_story, hold_by_gate

DETAIL = "/api/v1/articles/barrier-holds/"
# Far enough for the first request to come before it on a busy machine (on
# PostgreSQL the test then waits for it: its clock is the server's).
SOON = timedelta(seconds=8)


@pytest.fixture
def no_response_cache(settings):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0


def french_entry(french: Article, relation: str = "translation") -> dict:
    return {
        "language": "fr",
        "id": french.pk,
        "slug": "la-digue-tient",
        "url": "http://testserver/api/v1/articles/la-digue-tient/?language=fr",
        "relation": relation,
    }


def test_both_editions_name_each_other(api_client, db, no_response_cache):
    english = english_story()
    french = edition_of(english, relation=Article.Relation.ADAPTATION)
    french.publish(at=timezone.now() - timedelta(minutes=5))

    document = api_client.get(DETAIL).json()
    assert list(document)[:5] == ["id", "slug", "language", "editions", "headline"]
    assert document["language"] == "en"
    assert document["editions"] == [french_entry(french, "adaptation")]

    other = api_client.get(document["editions"][0]["url"]).json()
    assert (other["id"], other["language"]) == (french.pk, "fr")
    assert other["editions"] == [
        {
            "language": "en",
            "id": english.pk,
            "slug": "barrier-holds",
            "url": "http://testserver/api/v1/articles/barrier-holds/",
            "relation": "original",
        }
    ]


def test_a_story_without_editions_lists_none(api_client, db, no_response_cache):
    english_story()
    document = api_client.get(DETAIL).json()
    assert (document["language"], document["editions"]) == ("en", [])


@pytest.mark.parametrize("state", ["draft", "scheduled", "embargoed", "gated"])
def test_an_edition_not_public_is_not_listed(api_client, db, state):
    english = english_story()
    french = edition_of(english)
    later = timezone.now() + timedelta(days=1)
    if state == "scheduled":
        french.publish(at=later)
    elif state == "embargoed":
        french.embargo_until = later
        french.publish(at=timezone.now() - timedelta(minutes=5))
    elif state == "gated":
        french.publish(at=timezone.now() - timedelta(minutes=5))
        hold_by_gate(french, later)
    assert api_client.get(DETAIL).json()["editions"] == []


def test_an_edition_appears_at_its_second_with_no_write(api_client, db, time_machine):
    """Scheduled: no save of either story, no document rebuilt; the memo,
    the stored document, the ETag and the response cache all let it in."""
    english = english_story()
    french = edition_of(english)
    at = timezone.now() + SOON
    french.publish(at=at)
    before = api_client.get(DETAIL)
    assert before.json()["editions"] == []
    built = ArticleDocument.objects.get(article=english).built_at

    let_pass(at, time_machine)
    after = api_client.get(DETAIL, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["editions"] == [french_entry(french)]
    assert after["ETag"] != before["ETag"]
    assert ArticleDocument.objects.get(article=english).built_at == built


def test_a_gated_edition_appears_when_its_gate_opens(api_client, db, time_machine):
    english = english_story()
    french = edition_of(english)
    french.publish(at=timezone.now() - timedelta(minutes=5))
    opens = timezone.now() + SOON
    hold_by_gate(french, opens)
    assert api_client.get(DETAIL).json()["editions"] == []

    let_pass(opens, time_machine)
    assert api_client.get(DETAIL).json()["editions"] == [french_entry(french)]


def test_an_unpublished_edition_vanishes_at_once(api_client, db):
    english = english_story()
    french = edition_of(english)
    french.publish(at=timezone.now() - timedelta(minutes=5))
    listed = api_client.get(DETAIL)
    assert listed.json()["editions"] == [french_entry(french)]

    french.unpublish()
    again = api_client.get(DETAIL, HTTP_IF_NONE_MATCH=listed["ETag"])
    assert again.status_code == 200
    assert again.json()["editions"] == []


def test_a_story_with_editions_is_purged_with_any_story(api_client, db):
    """A sibling going live by its clock purges its own tag and `articles`:
    the story's response carries `articles` too; one without editions not."""
    english = english_story(in_section=False)
    alone = english_story(slug="alone", headline="Alone", in_section=False)
    edition_of(english)
    assert api_client.get(DETAIL)["Cache-Tag"] == f"article-{english.pk},articles"
    assert api_client.get("/api/v1/articles/alone/")["Cache-Tag"] == (
        f"article-{alone.pk}"
    )


def bilingual_stories(count: int) -> list[Article]:
    stories = []
    for n in range(count):
        # In no section: no related stories (issue 18) and their query.
        english = english_story(
            slug=f"story-{n}", headline=f"Story {n}", in_section=False
        )
        french = edition_of(english, slug=f"histoire-{n}", headline=f"Histoire {n}")
        french.publish(at=timezone.now() - timedelta(minutes=n + 1))
        stories.append(english)
    return stories


@pytest.mark.parametrize("count", [1, 20])
def test_a_page_lists_editions_in_one_query(
    api_client, db, no_response_cache, django_assert_num_queries, count
):
    """The same queries for 1 or 20 stories with editions: the page, the
    stored documents, the editions; the memo then spares the documents."""
    bilingual_stories(count)
    url = "/api/v1/articles/?limit=20"
    first = api_client.get(url).json()["results"]
    assert [len(d["editions"]) for d in first] == [1] * count

    with django_assert_num_queries(2):  # the page, the editions
        api_client.get(url)
    from articles.delivery.documents import memo

    memo.clear()
    with django_assert_num_queries(3):  # the page, the documents, the editions
        assert api_client.get(url).json()["results"] == first


def test_a_detail_with_editions_costs_one_query_more(
    api_client, db, no_response_cache, django_assert_num_queries
):
    english = english_story(in_section=False)
    alone = english_story(slug="alone", headline="Alone", in_section=False)
    edition_of(english).publish(at=timezone.now() - timedelta(minutes=1))
    for story in (english, alone):
        api_client.get(f"/api/v1/articles/{story.slug}/")

    with django_assert_num_queries(1):  # the row; the text from memory
        api_client.get("/api/v1/articles/alone/")
    with django_assert_num_queries(2):  # and its live editions
        api_client.get(DETAIL)


def test_fields_may_choose_the_editions(api_client, db, no_response_cache):
    english = english_story()
    french = edition_of(english)
    french.publish(at=timezone.now() - timedelta(minutes=1))
    shaped = api_client.get(f"{DETAIL}?fields=id,language,editions").json()
    assert shaped == {
        "id": english.pk,
        "language": "en",
        "editions": [french_entry(french)],
    }


HOT_PATH = "articles.api.hot_path.ArticleHotPathMiddleware"


@pytest.mark.parametrize(
    "path",
    [
        DETAIL,
        "/api/v1/articles/la-digue-tient/?language=fr",
        "/api/v1/articles/",
        "/api/v1/articles/?language=fr",
    ],
)
def test_the_hot_path_gives_drfs_bytes_with_editions(db, settings, path):
    english = english_story()
    edition_of(english).publish(at=timezone.now() - timedelta(minutes=1))
    answers = []
    for middleware in (
        settings.MIDDLEWARE,
        [m for m in settings.MIDDLEWARE if m != HOT_PATH],
    ):
        cache.clear()
        with override_settings(MIDDLEWARE=middleware):
            response = Client().get(path)
        headers = dict(response.headers)
        headers.pop("X-Request-ID", None)
        answers.append((response.status_code, headers, response.content))
    assert answers[0] == answers[1]
    assert b'"editions":[{"language":' in answers[0][2]
