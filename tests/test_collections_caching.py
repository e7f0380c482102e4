"""Fronts and the caches: ETag and 304, the server-side response cache and
the CDN's tags, dropped when the front or any story on it changes; a
scheduled version's change recorded for its time."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import ContentVersion, PendingPurge, Section, Slot
from tests.helpers.fronts import front, story

URL = "/api/v1/collections/top-stories/"


@pytest.fixture
def top_stories(db):
    world = Section.objects.create(name="World", slug="world")
    chosen = story("Harbour wall rebuilt", section=world, hours_ago=2)
    story("Ferry strike ends", section=world, hours_ago=1)
    return front("top-stories", [chosen, world])


def test_etag_and_304(api_client, top_stories):
    first = api_client.get(URL)
    etag = first["ETag"]

    again = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    assert (again.status_code, again.content) == (304, b"")
    assert "Last-Modified" not in first  # a story leaving has no newer time


def test_tags_name_the_front_and_its_stories(api_client, top_stories):
    ids = sorted(
        top_stories.slots.exclude(article=None).values_list("article", flat=True)
    )
    response = api_client.get(URL)
    shown = [item["id"] for item in response.json()["items"]]

    assert response["Cache-Tag"].split(",") == [
        "articles", "collections", "collection-top-stories",
        *[f"article-{pk}" for pk in shown],
    ]  # fmt: skip
    assert set(ids) <= set(shown)
    listed = api_client.get("/api/v1/collections/")
    assert listed["Surrogate-Key"] == "articles collections collection-top-stories"


def test_the_cached_front_goes_when_a_story_on_it_changes(api_client, top_stories):
    assert api_client.get(URL)["X-Cache"] == "MISS"
    assert api_client.get(URL)["X-Cache"] == "HIT"

    chosen = top_stories.slots.exclude(article=None).get().article
    chosen.unpublish()

    response = api_client.get(URL)
    assert response["X-Cache"] == "MISS"
    assert [i["headline"] for i in response.json()["items"]] == ["Ferry strike ends"]


def test_the_cached_front_goes_when_the_front_changes(api_client, top_stories):
    api_client.get(URL)
    assert api_client.get(URL)["X-Cache"] == "HIT"

    slot = top_stories.slots.exclude(article=None).get()
    slot.headline = "Sea wall back up"
    slot.save()

    response = api_client.get(URL)
    assert response["X-Cache"] == "MISS"
    assert response.json()["items"][0]["headline"] == "Sea wall back up"


def test_a_front_change_is_purged_at_once(settings, top_stories):
    settings.CMS_CDN_PURGE = "url"
    settings.CMS_CDN_PURGE_URL = "https://cdn.example/purge"

    Slot.objects.filter(collection=top_stories).last().delete()

    assert list(PendingPurge.objects.values_list("tags", flat=True)) == [
        "collection-top-stories collections"
    ]


def test_a_scheduled_version_is_counted_and_purged_at_its_time(settings, top_stories):
    settings.CMS_CDN_PURGE = "url"
    settings.CMS_CDN_PURGE_URL = "https://cdn.example/purge"
    six = (timezone.now() + timedelta(hours=6)).replace(microsecond=0)

    front("top-stories", [], name="Morning", live_from=six)

    assert ContentVersion.objects.get(pk=1).next_change_at == six
    assert sorted(PendingPurge.objects.values_list("due_at", "tags")) [-1] == (
        six, "collection-top-stories collections"
    )  # fmt: skip
