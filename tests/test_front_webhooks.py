"""Webhooks for fronts (issue 18, item 4): `collection.updated` when the
version of a front readers see changes, against a real HTTP receiver on
127.0.0.1, sent by the real task worker; a scheduled version's event at its
time with no job. And the article events' documents carry `related` as the
API gives it."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, CollectionEvent, RelatedStory
from tests.helpers.fronts import front
from tests.helpers.webhooks import run_worker, story

pytestmark = pytest.mark.django_db(transaction=True)


def sent(receiver) -> list[dict]:
    return [json.loads(request["body"]) for request in receiver.requests]


@pytest.fixture
def home(db):
    first = story("Harbour wall rebuilt", slug="harbour", status="published")
    # Live since yesterday: a version made a minute ago comes after it.
    yesterday = timezone.now() - timedelta(days=1)
    return front("home", [first], name="Home", live_from=yesterday)


def test_an_edit_of_the_front_shown_sends_one_signed_event(receiver, endpoint, home):
    run_worker()  # the front's creation
    receiver.requests.clear()
    slot = home.slots.get()
    slot.headline = "Sea wall back up"
    slot.save()
    home.name = "Home page"
    home.save()
    assert receiver.requests == []  # sent by the worker, not the request

    run_worker()

    assert len(receiver.requests) == 1  # two changes, one event
    request = receiver.requests[0]
    body = request["body"]
    expected = hmac.new(endpoint.secret.encode(), body, hashlib.sha256).hexdigest()
    assert request["headers"]["X-Webhook-Signature"] == f"sha256={expected}"
    assert request["headers"]["X-Webhook-Event"] == "collection.updated"
    payload = json.loads(body)
    assert request["headers"]["X-Webhook-Id"] == payload["id"]
    assert payload["event"] == "collection.updated"
    home.refresh_from_db()
    assert payload["collection"] == {
        "slug": "home",
        "url": "https://cms.example.com/api/v1/collections/home/",
        "name": "Home page",
        "live_from": home.live_from.isoformat(),
        "revision": home.revision,
    }
    assert CollectionEvent.objects.count() == 0


def test_a_scheduled_version_is_announced_when_it_takes_over(receiver, endpoint, home):
    run_worker()
    receiver.requests.clear()
    # Made a minute ago, seen from then: which version is live is decided by
    # the database's clock on PostgreSQL, which time-machine does not move.
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=True):
        six = timezone.now() + timedelta(seconds=1.5)
        front("home", [], name="Home at six", live_from=six)
        run_worker()
        assert receiver.requests == []  # not shown yet

    run_worker()

    assert [p["collection"]["name"] for p in sent(receiver)] == ["Home at six"]
    assert sent(receiver)[0]["occurred_at"] == six.isoformat()


def test_a_scheduled_version_deleted_before_its_time_sends_nothing(
    receiver, endpoint, home
):
    run_worker()
    receiver.requests.clear()
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=True):
        later = front("home", [], live_from=timezone.now() + timedelta(seconds=1))
        later.delete()

    run_worker()

    assert receiver.requests == []
    assert CollectionEvent.objects.count() == 0


def test_an_edit_of_a_version_not_shown_sends_nothing(receiver, endpoint, home):
    front("home", [], name="Home today")
    run_worker()
    receiver.requests.clear()

    home.refresh_from_db()
    home.name = "Yesterday's home, renamed"
    home.save()
    run_worker()

    assert receiver.requests == []


def test_deleting_the_version_shown_announces_the_one_shown_now(
    receiver, endpoint, home
):
    today = front("home", [], name="Home today")
    run_worker()
    receiver.requests.clear()

    today.delete()
    run_worker()

    assert [p["collection"]["name"] for p in sent(receiver)] == ["Home"]


def test_the_last_version_deleted_says_so(receiver, endpoint, home):
    run_worker()
    receiver.requests.clear()

    home.delete()
    run_worker()

    assert [p["collection"] for p in sent(receiver)] == [
        {
            "slug": "home",
            "url": "https://cms.example.com/api/v1/collections/home/",
            "name": None,
            "live_from": None,
            "revision": None,
        }
    ]


def test_only_endpoints_that_chose_it_get_it(receiver, endpoint, home):
    endpoint.events = ["article.published"]
    endpoint.save()
    run_worker()
    receiver.requests.clear()

    home.name = "Renamed"
    home.save()
    run_worker()

    assert [p["event"] for p in sent(receiver)] == []


def test_an_article_event_carries_its_public_related_stories(receiver, endpoint):
    ferry = story("Ferry", slug="ferry", status="published")
    draft = story("Draft", slug="draft")
    harbour = story("Harbour", slug="harbour")
    RelatedStory.objects.create(source=harbour, target=draft, position=0)
    RelatedStory.objects.create(source=harbour, target=ferry, position=1)
    run_worker()
    receiver.requests.clear()

    harbour.publish()
    run_worker()

    (payload,) = sent(receiver)
    assert payload["article"]["document"]["related"] == [
        {
            "id": ferry.pk,
            "slug": "ferry",
            "headline": "Ferry",
            "published_at": Article.objects.get(pk=ferry.pk)
            .published_at.isoformat()
            .replace("+00:00", "Z"),
            "url": "https://cms.example.com/api/v1/articles/ferry/",
        }
    ]
