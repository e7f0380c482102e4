"""The demo's fronts: "top-stories" with at least five stories and a slot a
rule fills, "local-spotlight", the French "a-la-une", and a second run that
changes nothing."""

from __future__ import annotations

import pytest

from articles.demo.loader import load_demo_content
from articles.models import Collection, Slot


@pytest.mark.django_db
def test_the_demo_builds_two_fronts(api_client):
    load_demo_content()

    top = api_client.get("/api/v1/collections/top-stories/").json()
    local = api_client.get("/api/v1/collections/local-spotlight/").json()

    assert [c["slug"] for c in api_client.get("/api/v1/collections/").json()] == [
        "local-spotlight",
        "top-stories",
    ]
    assert [(i["filled_by"], i["overrides"]) for i in top["items"]] == [
        ("editor", ["headline"]),
        *[("editor", [])] * 4,
        ("rule", []),
    ]
    assert (
        top["items"][0]["headline"] == "Cities test floating barriers against the tide"
    )
    assert top["items"][-1]["section"]["slug"] == "canada"
    # The draft chosen for the front waits, unseen, in its slot.
    assert "port-authority" not in str(top)
    assert [i["filled_by"] for i in local["items"]] == [
        "editor",
        "editor",
        "rule",
        "rule",
    ]


@pytest.mark.django_db
def test_the_demo_has_a_french_front(api_client):
    load_demo_content()

    listed = api_client.get("/api/v1/collections/?language=fr")
    une = api_client.get("/api/v1/collections/a-la-une/")

    assert [(c["slug"], c["name"]) for c in listed.json()] == [("a-la-une", "À la une")]
    assert une["Content-Language"] == "fr"
    # The adaptation is live; the translation, scheduled three hours after
    # its source, waits in its slot; the rule finds no other French story
    # (the English ones in its section never show here).
    assert [
        (i["slug"], i["language"], i["filled_by"]) for i in une.json()["items"]
    ] == [
        (
            "recoltes-en-retard-dans-les-prairies-apres-un-septembre-pluvieux",
            "fr",
            "editor",
        )
    ]


@pytest.mark.django_db
def test_a_second_run_changes_no_front():
    load_demo_content()
    before = list(Collection.objects.values()), list(Slot.objects.values())

    load_demo_content()

    assert (list(Collection.objects.values()), list(Slot.objects.values())) == before
