"""Webhooks: public stories' changes, POSTed as signed JSON to the endpoints
editors configure in the admin.

A change writes an `ArticleEvent` in its own transaction (so a rolled-back
publish notifies nobody); after the commit, the task worker
(`manage.py db_worker`, Django's tasks framework on a database backend, so
nothing is lost on a restart) turns due events into one `WebhookDelivery` per
subscribed endpoint and sends each, retrying with exponential backoff."""

from __future__ import annotations

import hashlib
import hmac
import urllib.request
import uuid

import orjson
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.models import Article, ArticleEvent, WebhookDelivery, WebhookEndpoint
from articles.models.editions import default_language
from articles.models.webhooks import Event
from articles.publishing.outbound import opener
from articles.publishing.outbox import (
    DeliveryFailed,
    after_commit_once,
    backoff,
    claim_due,
    excerpt,
    send,
)
from articles.publishing.transitions import Change, Transition

# (pending kind, new kind) -> what subscribers need to hear; None: nothing.
# A story published and unpublished before the worker ran was never seen.
_MERGED = {
    (Event.PUBLISHED, Event.UPDATED): Event.PUBLISHED,
    (Event.PUBLISHED, Event.UNPUBLISHED): None,
    (Event.PUBLISHED, Event.DELETED): None,
    (Event.UPDATED, Event.PUBLISHED): Event.PUBLISHED,
    (Event.UNPUBLISHED, Event.PUBLISHED): Event.UPDATED,
    (Event.UNPUBLISHED, Event.UPDATED): Event.UPDATED,
}


def enabled() -> bool:
    return WebhookEndpoint.objects.filter(is_active=True).exists()


def signature(secret: str, body: bytes) -> str:
    """The X-Webhook-Signature header: HMAC-SHA256 of the body, in hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# Recording (inside the writing transaction) ----------------------------------

EVENT_OF = {
    Change.PUBLISHED: Event.PUBLISHED,
    Change.UPDATED: Event.UPDATED,
    Change.UNPUBLISHED: Event.UNPUBLISHED,
    Change.DELETED: Event.DELETED,
}


def record_transitions(transitions: list[Transition], now) -> None:
    """The events a write's transitions make, merged with those still
    waiting for the worker: a few queries whatever the number of stories."""
    if not enabled():
        return
    moved = [t.article_id for t in transitions if t.times_changed or t.goes_live_at]
    if moved:
        # A scheduled publication not yet due is superseded by this write.
        ArticleEvent.objects.filter(article_id__in=moved, due_at__gt=now).delete()
    heard = [t for t in transitions if t.kind in EVENT_OF]
    if heard:
        _merge_due(heard, now)
    # Scheduled, or embargoed: announced at its time, not a second before.
    later = [
        ArticleEvent(
            article_id=t.article_id,
            slug=t.slug,
            kind=Event.PUBLISHED,
            occurred_at=now,
            due_at=t.goes_live_at,
        )
        for t in transitions
        if t.goes_live_at
    ]
    ArticleEvent.objects.bulk_create(later)
    for due in sorted({event.due_at for event in later}):
        _dispatch_after_commit(at=due)


def _merge_due(transitions: list[Transition], now) -> None:
    pending = {
        event.article_id: event
        for event in ArticleEvent.objects.filter(
            article_id__in=[t.article_id for t in transitions], due_at__lte=now
        ).order_by("pk")
    }
    new, changed, dropped = [], [], []
    for t in transitions:
        kind = EVENT_OF[t.kind]
        event = pending.get(t.article_id)
        if event is None:
            event = ArticleEvent(
                article_id=t.article_id,
                slug=t.slug,
                kind=kind,
                occurred_at=now,
                due_at=now,
            )
            new.append(event)
            pending[t.article_id] = event
            continue
        merged = _MERGED.get((event.kind, kind), kind)
        if merged is None:
            dropped.append(event)
            del pending[t.article_id]
        elif merged != event.kind or event.slug != t.slug:
            event.kind, event.slug = merged, t.slug
            if event.pk:
                changed.append(event)
    ArticleEvent.objects.filter(pk__in=[e.pk for e in dropped if e.pk]).delete()
    ArticleEvent.objects.bulk_update(changed, ["kind", "slug"])
    ArticleEvent.objects.bulk_create(e for e in new if e not in dropped)
    if new:
        _dispatch_after_commit()


def _dispatch_after_commit(at=None) -> None:
    after_commit_once(
        ("webhooks", at), lambda: dispatch_events.using(run_after=at).enqueue()
    )


# Dispatching and delivering (in the task worker) -----------------------------


@task
def dispatch_events() -> int:
    """Turn every due event into deliveries; returns how many were made."""
    from articles.delivery.documents import absolute_urls, build_documents
    from articles.delivery.editions import with_editions
    from articles.delivery.related import with_related

    now = timezone.now()
    with transaction.atomic():
        events = claim_due(
            ArticleEvent.objects.filter(due_at__lte=now).order_by("due_at", "pk"), 1000
        )
        if not events:
            return 0
        # Each public story's edition group: its live editions are listed.
        public = dict(
            Article.objects.published()
            .filter(pk__in=[event.article_id for event in events])
            .values_list("pk", "edition_group_id")
        )
        # A slug is unique within a language only: the URL names the edition.
        languages = dict(
            Article.objects.filter(
                pk__in=[event.article_id for event in events]
            ).values_list("pk", "language")
        )
        site = settings.CMS_SITE_URL
        documents = build_documents(public)
        texts = {
            pk: absolute_urls(document.json, site) for pk, document in documents.items()
        }
        with_editions(texts, public, site)
        # Its public related stories, as the API gives them now.
        may_show = {pk: document.related_ids for pk, document in documents.items()}
        with_related(texts, may_show, languages, site)
        endpoints = list(WebhookEndpoint.objects.filter(is_active=True))
        deliveries = []
        for event in events:
            if event.kind in (Event.PUBLISHED, Event.UPDATED):
                if event.article_id not in public:
                    continue  # hidden again since; its own event says so
                document = orjson.Fragment(texts[event.article_id])
            else:
                document = None
            # One id per event, the same for every endpoint and every retry.
            event_id = uuid.uuid4()
            body = orjson.dumps(
                {
                    "id": str(event_id),
                    "event": event.kind,
                    "occurred_at": event.due_at,
                    "article": {
                        "id": event.article_id,
                        "slug": event.slug,
                        "url": site.rstrip("/")
                        + Article(
                            slug=event.slug,
                            language=languages.get(
                                event.article_id, default_language()
                            ),
                        ).get_absolute_url(),
                        "document": document,
                    },
                }
            ).decode()
            deliveries += [
                WebhookDelivery(
                    endpoint=endpoint,
                    event_id=event_id,
                    event=event.kind,
                    article_id=event.article_id,
                    slug=event.slug,
                    body=body,
                )
                for endpoint in endpoints
                if event.kind in endpoint.events
            ]
        WebhookDelivery.objects.bulk_create(deliveries)
        ArticleEvent.objects.filter(pk__in=[event.pk for event in events]).delete()
        # In this transaction: the task rows commit with the deliveries (the
        # task backend is this database), so neither exists without the other.
        for delivery in deliveries:
            deliver_webhook.enqueue(delivery.pk)
    return len(deliveries)


@task
def deliver_webhook(delivery_id: int) -> str:
    delivery = (
        WebhookDelivery.objects.select_related("endpoint")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None or delivery.status in (
        WebhookDelivery.Status.DELIVERED,
        WebhookDelivery.Status.FAILED,
    ):
        return "skipped"
    endpoint = delivery.endpoint
    body = delivery.body.encode()
    request = urllib.request.Request(
        endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "NewsroomCMS-Webhooks/1",
            "X-Webhook-Id": str(delivery.event_id),
            "X-Webhook-Event": delivery.event,
            "X-Webhook-Delivery": str(delivery.pk),
            "X-Webhook-Signature": signature(endpoint.secret, body),
        },
    )
    now = timezone.now()
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.error = ""
    try:
        delivery.response_status, answer = send(opener, request)
        delivery.response_excerpt = excerpt(answer)
    except DeliveryFailed as failure:
        delivery.response_status = failure.status
        delivery.response_excerpt = excerpt(failure.body)
        delivery.error = str(failure)

    if not delivery.error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif delivery.attempts >= settings.CMS_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = now + backoff(delivery.attempts)
    delivery.save()
    if delivery.status == WebhookDelivery.Status.RETRYING:
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return delivery.status
