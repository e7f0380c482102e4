"""The fronts' hot path (articles/api/hot_path_fronts.py) answers with DRF's
bytes and headers, in a number of queries independent of the front's
length, and leaves to DRF what it does not take."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from articles.delivery.documents import memo
from articles.models import Article, Image, RelatedStory, Section, Tag
from tests.helpers.edition_delivery import edition_of
from tests.helpers.fronts import front, story
from tests.helpers.hot_path import (
    answered_by_hot_path,
    get,
    headers,
)


@pytest.fixture
def fronts(db, photo):
    """`top-stories`: chosen stories with each kind of override, a hidden
    one, a story with a French edition and a chosen related story, a photo
    withheld, rules on a section and a tag; `local`; `a-la-une` in French
    (its rule draws French stories only); a front not live yet."""
    world = Section.objects.create(name="World", slug="world")
    ports = Tag.objects.create(name="Ports", slug="ports")
    stories = [
        story(f"Story {n}", section=world, tags=[ports], hours_ago=n + 1)
        for n in range(8)
    ]
    hidden = story("Hidden later", section=world, hours_ago=0.5)
    Article.objects.filter(pk=hidden.pk).update(status=Article.Status.DRAFT)
    edition = edition_of(stories[1])
    edition.publish(at=timezone.now() - timedelta(hours=1))
    RelatedStory.objects.create(source=stories[0], target=stories[5], position=0)
    Article.objects.get(pk=stories[0].pk).save()  # its document rebuilt
    expired = Image.objects.create(
        caption="Rights gone", rights_expire_at=timezone.now() - timedelta(days=1)
    )
    Article.objects.filter(pk=stories[2].pk).update(lead_image=expired)
    Article.objects.get(pk=stories[2].pk).save()  # its document rebuilt
    # The front's own photo may show: it is a public story's lead photo.
    Article.objects.filter(pk=stories[7].pk).update(lead_image=photo)
    Article.objects.get(pk=stories[7].pk).save()
    front("top-stories", [
        {"article": stories[0], "headline": "Front headline"},
        {"article": hidden, "headline": "Never shown"},
        {"article": stories[1], "standfirst": "Front standfirst"},
        {"article": stories[2], "photo": photo},
        stories[3],
        world,
        {"rule": "tag", "tag": ports, "count": 2},
    ], max_items=6)  # fmt: skip
    front("local", [stories[6], stories[7]])
    front("a-la-une", [edition, world], language="fr")
    front("tomorrow", [stories[0]], live_from=timezone.now() + timedelta(days=1))
    return stories


FRONT_PATHS = [
    "/api/v1/collections/",
    "/api/v1/collections/top-stories/",
    "/api/v1/collections/local/",
    "/api/v1/collections/a-la-une/",
    "/api/v1/collections/?language=fr",
    "/api/v1/collections/?language=all",
    "/api/v1/collections/top-stories/?fields=id,headline",
    "/api/v1/collections/top-stories/?fields=id&fields=lead_image",
    "/api/v1/collections/top-stories/?expand=none",
    "/api/v1/collections/top-stories/?expand=lead_image&fields=lead_image,tags",
]


@pytest.mark.parametrize("cached", [False, True])
@pytest.mark.parametrize("path", FRONT_PATHS)
def test_fronts_are_drfs_byte_for_byte(fronts, settings, path, cached):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 300 if cached else 0
    assert answered_by_hot_path(path)

    drf = get(path, hot=False, origin="https://news.example")
    hot = get(path, hot=True, origin="https://news.example")

    assert drf.status_code == hot.status_code == 200
    assert hot.content == drf.content
    assert headers(hot) == headers(drf)
    assert hot["Access-Control-Allow-Origin"] == "*"
    assert "Last-Modified" not in hot
    if cached:  # what the response cache kept of the hot path's answer
        with override_settings(MIDDLEWARE=settings.MIDDLEWARE):
            again = Client().get(path)
        assert again["X-Cache"] == "HIT"
        assert (again.content, again["ETag"]) == (drf.content, drf["ETag"])


def test_the_front_shows_what_the_fixture_put_on_it(fronts):
    """The comparison above is over a front that has every case in it."""
    hot = get("/api/v1/collections/top-stories/", hot=True)
    items = hot.json()["items"]
    one, two, three = fronts[:3]

    assert [(i["id"], i["overrides"], i["filled_by"]) for i in items] == [
        (one.pk, ["headline"], "editor"),
        (two.pk, ["standfirst"], "editor"),
        (three.pk, ["lead_image"], "editor"),
        (fronts[3].pk, [], "editor"),
        (fronts[4].pk, [], "rule"),
        (fronts[5].pk, [], "rule"),
    ]
    assert [r["id"] for r in items[0]["related"]][0] == fronts[5].pk
    assert [e["language"] for e in items[1]["editions"]] == ["fr"]
    assert b"Never shown" not in hot.content and b"Hidden later" not in hot.content
    assert hot["Cache-Tag"] == ",".join(
        ["articles", "collections", "collection-top-stories"]
        + [f"article-{i['id']}" for i in items]
    )
    assert hot["Content-Language"] == "en"
    listed = get("/api/v1/collections/", hot=True)
    assert [f["slug"] for f in listed.json()] == ["local", "top-stories"]
    assert listed["Content-Language"] == "en"
    french = get("/api/v1/collections/a-la-une/", hot=True)
    assert [i["headline"] for i in french.json()["items"]] == ["La digue tient"]
    assert french["Content-Language"] == "fr"


def test_a_304_for_the_etag_the_hot_path_gave(fronts):
    path = "/api/v1/collections/top-stories/"
    first = get(path, hot=True)
    again = get(path, hot=True, if_none_match=first["ETag"])

    assert again.status_code == 304
    assert again["ETag"] == first["ETag"] == get(path, hot=False)["ETag"]


@pytest.mark.parametrize(
    ("path", "accept"),
    [
        ("/api/v1/collections/top-stories/?format=json", "*/*"),
        ("/api/v1/collections/top-stories/", "text/html"),
        ("/api/v1/collections/top-stories/?fields=", "*/*"),
        ("/api/v1/collections/top-stories/?language=fr", "*/*"),
        ("/api/v1/collections/top-stories/?limit=2", "*/*"),
        ("/api/v1/collections/?language=en&language=fr", "*/*"),
        ("/api/v1/collections/?fields=id", "*/*"),
        ("/api/v1/collections/top.stories/", "*/*"),
    ],
)
def test_what_it_does_not_take_goes_to_drf(fronts, path, accept):
    assert not answered_by_hot_path(path, accept=accept)


def test_a_token_request_goes_to_drf(fronts):
    path = "/api/v1/collections/top-stories/"
    assert not answered_by_hot_path(path, authorization="Bearer x")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/collections/no-such-front/",
        "/api/v1/collections/tomorrow/",
        "/api/v1/collections/top-stories/?fields=nope",
        "/api/v1/collections/top-stories/?expand=everything",
        "/api/v1/collections/?language=xx",
    ],
)
def test_what_it_finds_wrong_drf_answers_as_before(fronts, path):
    """Taken, then handed to DRF: the 404 or 400 is DRF's, byte for byte."""
    assert not answered_by_hot_path(path)

    drf, hot = get(path, hot=False), get(path, hot=True)

    assert hot.status_code == drf.status_code >= 400
    assert hot.content == drf.content
    assert headers(hot) == headers(drf)


def test_the_hot_path_costs_the_same_queries_whatever_the_length(
    db, settings, django_assert_num_queries
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0  # every request reaches the path
    world = Section.objects.create(name="World", slug="world")
    tag = Tag.objects.create(name="Ports", slug="ports")
    stories = [story(f"Story {n}", section=world, tags=[tag], hours_ago=n + 1)
               for n in range(40)]  # fmt: skip
    rules = [world, {"rule": "tag", "tag": tag}]
    front("short", [*stories[:3], *rules])
    front("long", [*stories[:18], *rules], max_items=20)
    client = Client()

    for slug, length in (("short", 5), ("long", 20)):
        path = f"/api/v1/collections/{slug}/"
        assert answered_by_hot_path(path)
        client.get(path)  # its documents stored
        memo.clear()  # and read from storage, not this process's memory
        # As the view: the slots with their chosen stories; the rules'
        # newest (one statement on PostgreSQL, two on SQLite); their rows;
        # the stored documents; the related stories.
        rules = 1 if connection.vendor == "postgresql" else 2
        with django_assert_num_queries(4 + rules):
            assert len(client.get(path).json()["items"]) == length
    with django_assert_num_queries(1):
        assert len(client.get("/api/v1/collections/?language=all").json()) == 2
