"""Fronts (collections): chosen stories in the editor's order with the
front's own headline, standfirst or photo; rules filling in the latest of a
section or tag; the public rule holding at query time; scheduled versions
taking over with no job; a fixed number of queries whatever the length."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.delivery.documents import memo
from articles.models import Image, Section, Tag
from tests.helpers.clock import let_pass
from tests.helpers.fronts import front, headlines, items, story


@pytest.fixture
def world(db):
    return Section.objects.get_or_create(name="World", slug="world")[0]


def test_a_front_shows_chosen_stories_in_order_with_its_overrides(api_client, world):
    first = story("Harbour wall rebuilt", section=world, standfirst="Own words")
    second = story("Ferry strike ends", section=world)
    front("top-stories", [
        {"article": second, "headline": "Ferries run again"},
        {"article": first, "standfirst": "The front's words"},
    ])  # fmt: skip

    response = api_client.get("/api/v1/collections/top-stories/")

    data = response.json()
    assert (data["slug"], data["name"], data["max_items"]) == (
        "top-stories", "Top Stories", 20
    )  # fmt: skip
    assert [
        (i["id"], i["headline"], i["standfirst"], i["overrides"], i["filled_by"])
        for i in data["items"]
    ] == [
        (second.pk, "Ferries run again", "", ["headline"], "editor"),
        (first.pk, "Harbour wall rebuilt", "The front's words", ["standfirst"], "editor"),
    ]  # fmt: skip
    # The rest is the article's own document, as /articles/ serves it.
    own = api_client.get(f"/api/v1/articles/{first.slug}/").json()
    assert {k: v for k, v in data["items"][1].items() if k not in
            ("standfirst", "overrides", "filled_by")} == {
        k: v for k, v in own.items() if k != "standfirst"}  # fmt: skip


@pytest.mark.parametrize(
    "hide", ["draft", "scheduled", "embargoed", "unpublished", "archived"]
)
def test_a_story_that_is_not_public_leaves_and_rules_move_up(api_client, world, hide):
    chosen = story("Chosen and public", section=world, hours_ago=10)
    hidden = story("Chosen then hidden", section=world, hours_ago=9)
    story("Older in World", section=world, hours_ago=3)
    story("Newest in World", section=world, hours_ago=2)
    front("top-stories", [chosen, hidden, {"rule": "section", "section": world,
                                             "count": 2}], max_items=3)  # fmt: skip
    assert headlines(api_client, "top-stories") == [
        "Chosen and public", "Chosen then hidden", "Newest in World"
    ]  # fmt: skip

    now = timezone.now()
    if hide == "draft":
        hidden.status = "draft"
        hidden.save()
    elif hide == "scheduled":
        hidden.publish(at=now + timedelta(hours=1))
    elif hide == "embargoed":
        hidden.embargo_until = now + timedelta(hours=1)
        hidden.save()
    elif hide == "unpublished":
        hidden.unpublish()
    else:
        hidden.status = "archived"
        hidden.save()

    # The rule's stories move up into its place; nothing of it shows.
    response = api_client.get("/api/v1/collections/top-stories/")
    assert [i["headline"] for i in response.json()["items"]] == [
        "Chosen and public", "Newest in World", "Older in World"
    ]  # fmt: skip
    assert b"Chosen then hidden" not in response.content


def test_a_rule_skips_stories_already_on_the_front(api_client, world):
    tag = Tag.objects.create(name="Ports", slug="ports")
    newest = story("Newest port story", tags=[tag], hours_ago=1)
    story("Second port story", tags=[tag], hours_ago=2)
    story("Third port story", tags=[tag], hours_ago=3)
    rule = {"rule": "tag", "tag": tag, "count": 2}
    # The chosen story comes after the rule and still is not repeated.
    front("ports", [rule, newest])

    assert headlines(api_client, "ports") == [
        "Second port story", "Third port story", "Newest port story"
    ]  # fmt: skip
    assert [i["filled_by"] for i in items(api_client, "ports")] == [
        "rule", "rule", "editor"
    ]  # fmt: skip


def test_two_rules_take_different_stories_and_the_length_is_kept(api_client, world):
    for n in range(5):
        story(f"World {n}", section=world, hours_ago=n + 1)
    front("world", [world, world, world], max_items=2)

    assert headlines(api_client, "world") == ["World 0", "World 1"]


def test_a_scheduled_version_takes_over_at_its_time(api_client, world, time_machine):
    night = story("Night edition lead", section=world)
    morning = story("Morning edition lead", section=world)
    front("top-stories", [night], name="Tonight")
    six = timezone.now() + timedelta(seconds=2)
    front("top-stories", [morning], name="This morning", live_from=six)

    assert headlines(api_client, "top-stories") == ["Night edition lead"]
    listed = api_client.get("/api/v1/collections/").json()
    assert [(c["slug"], c["name"]) for c in listed] == [("top-stories", "Tonight")]

    let_pass(six, time_machine)

    assert headlines(api_client, "top-stories") == ["Morning edition lead"]
    listed = api_client.get("/api/v1/collections/").json()
    assert [(c["slug"], c["name"]) for c in listed] == [("top-stories", "This morning")]


def test_a_front_not_live_yet_is_not_found(api_client, world):
    later = timezone.now() + timedelta(days=1)
    front("election-night", [story("Polls open", section=world)], live_from=later)

    response = api_client.get("/api/v1/collections/election-night/")

    assert response.status_code == 404
    assert api_client.get("/api/v1/collections/").json() == []
    assert response["Cache-Tag"] == "articles,collections"


def test_the_fronts_photo_shows_while_it_is_public(api_client, world, photo):
    lead = story("Story with its own photo", section=world, lead_image=photo)
    other_photo = Image.objects.create(caption="The front's photo", alt_text="Ferry")
    story("Where the front's photo is public", section=world,
          lead_image=other_photo)  # fmt: skip
    front("top-stories", [{"article": lead, "photo": other_photo}])

    [item] = items(api_client, "top-stories")
    assert (item["lead_image"]["id"], item["overrides"]) == (
        other_photo.pk, ["lead_image"]
    )  # fmt: skip

    # Its rights ran out: the front's photo goes, the story's own is back.
    other_photo.rights_expire_at = timezone.now() - timedelta(seconds=1)
    other_photo.save()
    [item] = items(api_client, "top-stories")
    assert (item["lead_image"]["id"], item["overrides"]) == (photo.pk, [])


def test_a_photo_only_on_drafts_is_never_shown_by_a_front(api_client, world, photo):
    lead = story("Public story", section=world)
    private = Image.objects.create(caption="Only on a draft")
    front("top-stories", [{"article": lead, "photo": private}])

    response = api_client.get("/api/v1/collections/top-stories/")

    [item] = response.json()["items"]
    assert (item["lead_image"], item["overrides"]) == (None, [])
    assert b"Only on a draft" not in response.content


def test_fields_and_expand_shape_each_item(api_client, world):
    front("top-stories", [{"article": story("Shaped", section=world),
                           "headline": "Front words"}])  # fmt: skip

    [item] = items(api_client, "top-stories", "?fields=id,headline,section&expand=none")

    assert item == {
        "id": item["id"], "headline": "Front words", "section": "world",
        "overrides": ["headline"], "filled_by": "editor",
    }  # fmt: skip
    bad = api_client.get("/api/v1/collections/top-stories/?fields=nope")
    assert bad.status_code == 400
    assert api_client.get("/api/v1/collections/?fields=id").status_code == 400


def test_resolving_costs_the_same_queries_whatever_the_length(
    api_client, world, settings, django_assert_num_queries
):
    settings.CMS_RESPONSE_CACHE_TIMEOUT = 0  # every request reaches the view
    tag = Tag.objects.create(name="Ports", slug="ports")
    stories = [story(f"Story {n}", section=world, tags=[tag], hours_ago=n + 1)
               for n in range(40)]  # fmt: skip
    rules = [world, {"rule": "tag", "tag": tag}]
    front("short", [*stories[:3], *rules])
    front("long", [*stories[:18], *rules], max_items=20)

    for slug, length in (("short", 5), ("long", 20)):
        items(api_client, slug)  # its documents stored
        memo.clear()  # and read from storage, not this process's memory
        # the front's slots with their chosen stories' serving rows; the
        # rules' newest stories (one statement on PostgreSQL, a ranking per
        # kind of rule on SQLite); their serving rows; the stored documents;
        # their public related stories (one for them all).
        rules = 1 if connection.vendor == "postgresql" else 2
        with django_assert_num_queries(4 + rules):
            assert len(items(api_client, slug)) == length


def test_an_embargoed_story_takes_its_place_when_the_embargo_lifts(
    api_client, world, time_machine
):
    lead = story("Already public", section=world, hours_ago=2)
    embargoed = story("Results at noon", section=world, hours_ago=1)
    noon = timezone.now() + timedelta(seconds=2)
    embargoed.embargo_until = noon
    embargoed.save()
    front("top-stories", [embargoed, lead])
    assert headlines(api_client, "top-stories") == ["Already public"]

    let_pass(noon, time_machine)

    # Nobody saved the front: the query's clock alone lets it in.
    assert headlines(api_client, "top-stories") == ["Results at noon", "Already public"]
