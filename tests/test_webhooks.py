"""Webhooks against a real HTTP receiver on 127.0.0.1, sent by the real task
worker (`manage.py db_worker --batch`) from the database queue."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from articles.models import (
    Article,
    ArticleEvent,
    Contributor,
    Credit,
    WebhookDelivery,
)
from articles.publishing.webhooks import backoff
from tests.helpers.transactions import rolled_back
from tests.helpers.webhooks import (
    agency_on_stories,
    rescheduled_story,
    run_worker,
    story,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_sends_one_signed_event_with_the_document(receiver, endpoint):
    article = story("Kim visits Russia", slug="kim-visits-russia")
    Credit.objects.create(
        article=article,
        contributor=Contributor.objects.create(name="Reuters", slug="reuters"),
        role="contributor",
    )
    assert receiver.requests == []  # drafts are nobody's business

    article.publish()
    assert receiver.requests == []  # sent by the worker, not the request
    run_worker()

    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    body = request["body"]
    expected = hmac.new(endpoint.secret.encode(), body, hashlib.sha256).hexdigest()
    assert request["headers"]["X-Webhook-Signature"] == f"sha256={expected}"
    assert request["headers"]["X-Webhook-Event"] == "article.published"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["path"] == "/hooks/news"
    payload = json.loads(body)
    assert payload["event"] == "article.published"
    assert request["headers"]["X-Webhook-Id"] == payload["id"]
    assert payload["article"]["id"] == article.pk
    assert payload["article"]["url"] == (
        "https://cms.example.com/api/v1/articles/kim-visits-russia/"
    )
    document = payload["article"]["document"]
    assert document["headline"] == "Kim visits Russia"
    assert document["credit_line"] == "With files from Reuters"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered"
    assert (delivery.attempts, delivery.response_status) == (1, 204)
    assert ArticleEvent.objects.count() == 0


def test_update_unpublish_and_delete_each_send_their_event(receiver, endpoint):
    article = story("First", slug="first", status="published")
    other = story("Second", slug="second", status="published")
    run_worker()

    article.headline = "First, corrected"
    article.save()
    run_worker()
    article.unpublish()
    run_worker()
    other.delete()
    run_worker()

    assert receiver.events() == [
        ("article.published", "first"),
        ("article.published", "second"),
        ("article.updated", "first"),
        ("article.unpublished", "first"),
        ("article.deleted", "second"),
    ]
    updated = json.loads(receiver.requests[2]["body"])
    assert updated["article"]["document"]["headline"] == "First, corrected"
    for request in receiver.requests[3:]:
        assert json.loads(request["body"])["article"]["document"] is None


def test_changes_in_one_transaction_send_one_event(receiver, endpoint):
    article = story("Flood", slug="flood", status="published")
    run_worker()
    receiver.requests.clear()
    jane = Contributor.objects.create(name="Jane Doe", slug="jane-doe")

    with transaction.atomic():  # an admin save: the story, then its credits
        article.standfirst = "Rivers rise."
        article.save()
        Credit.objects.create(article=article, contributor=jane, role="author")
        Credit.objects.create(
            article=article,
            contributor=Contributor.objects.create(name="AP", slug="ap"),
            role="contributor",
            position=1,
        )
    run_worker()

    assert receiver.events() == [("article.updated", "flood")]
    document = json.loads(receiver.requests[0]["body"])["article"]["document"]
    assert document["credit_line"] == "By Jane Doe. With files from AP"


def test_a_rolled_back_publish_notifies_nobody(receiver, endpoint):
    article = story("Embargoed scoop", slug="scoop")

    with rolled_back():
        article.publish()
    run_worker()

    assert receiver.requests == []
    assert ArticleEvent.objects.count() == WebhookDelivery.objects.count() == 0


def test_a_failing_receiver_is_retried_until_it_answers(receiver, endpoint):
    receiver.failures = 2
    story("Retry me", slug="retry-me", status="published")

    run_worker()

    assert len(receiver.requests) == 3
    bodies = {r["body"] for r in receiver.requests}
    signatures = {r["headers"]["X-Webhook-Signature"] for r in receiver.requests}
    assert len(bodies) == len(signatures) == 1  # the same bytes every time
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == (
        "delivered",
        3,
        204,
    )


def test_a_receiver_that_never_answers_is_given_up_after_the_last_try(
    receiver, endpoint, settings
):
    settings.CMS_WEBHOOK_MAX_ATTEMPTS = 3
    receiver.failures = 100
    story("Nobody home", slug="nobody-home", status="published")

    run_worker()

    assert len(receiver.requests) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert delivery.error == "HTTP 500"
    assert delivery.response_excerpt == "receiver is down"


def test_an_unreachable_receiver_is_recorded(endpoint, settings):
    settings.CMS_WEBHOOK_MAX_ATTEMPTS = 1
    endpoint.url = "http://127.0.0.1:9/nothing-listens-here"
    endpoint.save()
    story("Unheard", slug="unheard", status="published")

    run_worker()

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "failed"
    assert "refused" in delivery.error.lower()


def test_backoff_doubles_and_is_capped(settings):
    settings.CMS_OUTBOUND_RETRY_BASE = 30
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(20) == timedelta(hours=6)


def test_a_scheduled_story_is_announced_when_it_goes_live(receiver, endpoint):
    # Scheduled a minute ago, seen from then: what is public is decided by the
    # database's clock on PostgreSQL, which time-machine does not move.
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=True):
        at = timezone.now() + timedelta(seconds=1.5)
        Article.objects.create(
            headline="At noon", slug="at-noon", status="published", published_at=at
        )

        run_worker()
        assert receiver.requests == []  # not yet public

    run_worker()
    assert receiver.events() == [("article.published", "at-noon")]


def test_a_rescheduled_story_is_announced_once_at_its_new_time(receiver, endpoint):
    article = rescheduled_story()

    assert receiver.requests == []
    assert list(ArticleEvent.objects.values_list("kind", "due_at")) == [
        ("article.published", article.published_at)
    ]


def test_endpoints_get_only_the_events_they_chose(receiver, endpoint):
    endpoint.events = ["article.unpublished"]
    endpoint.save()
    article = story("Quiet", slug="quiet", status="published")
    run_worker()
    article.unpublish()
    run_worker()

    assert receiver.events() == [("article.unpublished", "quiet")]


def test_no_endpoints_no_events(db):
    story("Alone", slug="alone", status="published")
    assert ArticleEvent.objects.count() == 0


def test_renaming_a_contributor_updates_every_public_story_once(receiver, endpoint):
    agency, stories = agency_on_stories()
    receiver.requests.clear()

    agency.name = "Thomson Reuters"
    agency.save()
    run_worker()

    assert sorted(receiver.events()) == [
        ("article.updated", "story-0"),
        ("article.updated", "story-1"),
        ("article.updated", "story-2"),
    ]
    for request in receiver.requests:
        credits = json.loads(request["body"])["article"]["document"]["credits"]
        assert credits[0]["contributor"]["name"] == "Thomson Reuters"


def test_an_embargoed_story_is_announced_when_the_embargo_lifts(receiver, endpoint):
    # Embargoed until a minute ago, seen from then (the database's clock, which
    # decides on PostgreSQL, stays where it is).
    with time_machine.travel(timezone.now() - timedelta(minutes=1), tick=True):
        lifts = timezone.now() + timedelta(seconds=1.5)
        Article.objects.create(
            headline="Under embargo",
            slug="under-embargo",
            status="published",
            published_at=timezone.now() - timedelta(hours=1),
            embargo_until=lifts,
        )

        run_worker()
        assert receiver.requests == []

    run_worker()
    assert receiver.events() == [("article.published", "under-embargo")]
