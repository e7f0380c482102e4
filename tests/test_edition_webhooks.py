"""A webhook's document lists the story's live editions as the API's does
(the same splice, one query per batch), never a hidden one."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.helpers.edition_delivery import edition_of, english_story
from tests.helpers.webhooks import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_published_editions_document_names_its_live_sibling(receiver, endpoint):
    english = english_story()
    german = edition_of(english, language="de", slug="deich", headline="canarydeich")
    german.publish(at=timezone.now() + timedelta(days=1))  # scheduled: hidden
    run_worker()
    receiver.requests.clear()

    french = edition_of(english)
    french.publish()
    run_worker()

    assert receiver.events() == [("article.published", "la-digue-tient")]
    document = json.loads(receiver.requests[0]["body"])["article"]["document"]
    assert (document["language"], document["editions"]) == (
        "fr",
        [
            {
                "language": "en",
                "id": english.pk,
                "slug": "barrier-holds",
                "url": "https://cms.example.com/api/v1/articles/barrier-holds/",
                "relation": "original",
            }
        ],
    )
    assert b"canary" not in receiver.requests[0]["body"]


def test_an_editions_event_links_to_that_edition_not_its_namesake(receiver, endpoint):
    # Both editions are "barrier-holds": the French one's URL says its language.
    english = english_story()
    english.publish()
    run_worker()
    receiver.requests.clear()

    french = edition_of(english, slug="barrier-holds")
    french.publish()
    run_worker()

    article = json.loads(receiver.requests[0]["body"])["article"]
    assert (article["id"], article["url"]) == (
        french.pk,
        "https://cms.example.com/api/v1/articles/barrier-holds/?language=fr",
    )
