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
import urllib.error
import urllib.request
import uuid
from datetime import timedelta

import orjson
from django.conf import settings
from django.db import connection, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleEvent, WebhookDelivery, WebhookEndpoint
from articles.models.webhooks import Event
from articles.publishing.outbound import opener

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


def article_saved(article: Article, was_public: bool) -> None:
    if not enabled():
        return
    now = timezone.now()
    public = article.is_published()
    # A scheduled publication not yet due is superseded by this save.
    ArticleEvent.objects.filter(article_id=article.pk, due_at__gt=now).delete()
    if public:
        record(
            article.pk, article.slug, Event.UPDATED if was_public else Event.PUBLISHED
        )
    elif was_public:
        record(article.pk, article.slug, Event.UNPUBLISHED)
    live_at = article.goes_live_at()
    if article.status in Article.LIVE_STATUSES and live_at > now:
        # Scheduled, or embargoed: announced at its time, not a second before.
        ArticleEvent.objects.create(
            article_id=article.pk,
            slug=article.slug,
            kind=Event.PUBLISHED,
            occurred_at=now,
            due_at=live_at,
        )
        _dispatch_after_commit(at=live_at)


def article_deleted(article_id: int, slug: str, was_public: bool) -> None:
    if not enabled():
        return
    ArticleEvent.objects.filter(
        article_id=article_id, due_at__gt=timezone.now()
    ).delete()
    if was_public:
        record(article_id, slug, Event.DELETED)


def articles_changed(articles) -> None:
    """Something the documents of these articles contain changed (a credit,
    a photo, a contributor's name): an update for those that are public."""
    if not enabled():
        return
    rows = list(articles.published().values_list("pk", "slug"))
    if len(rows) <= 1:
        for pk, slug in rows:
            record(pk, slug, Event.UPDATED)
        return
    # Many at once (a contributor credited on thousands of stories renamed):
    # in bulk. A story with an event already pending keeps it; an update
    # changes nothing of what its subscribers will hear.
    now = timezone.now()
    pending = set(
        ArticleEvent.objects.filter(
            article_id__in=[pk for pk, _ in rows], due_at__lte=now
        ).values_list("article_id", flat=True)
    )
    ArticleEvent.objects.bulk_create(
        ArticleEvent(
            article_id=pk, slug=slug, kind=Event.UPDATED, occurred_at=now, due_at=now
        )
        for pk, slug in rows
        if pk not in pending
    )
    _dispatch_after_commit()


def record(article_id: int, slug: str, kind: str) -> None:
    now = timezone.now()
    pending = (
        ArticleEvent.objects.filter(article_id=article_id, due_at__lte=now)
        .order_by("-pk")
        .first()
    )
    if pending is not None:
        merged = _MERGED.get((pending.kind, kind), kind)
        if merged is None:
            pending.delete()
        elif merged != pending.kind or pending.slug != slug:
            pending.kind, pending.slug = merged, slug
            pending.save(update_fields=["kind", "slug"])
        return
    ArticleEvent.objects.create(
        article_id=article_id, slug=slug, kind=kind, occurred_at=now, due_at=now
    )
    _dispatch_after_commit()


def _dispatch_after_commit(at=None) -> None:
    def enqueue():
        dispatch_events.using(run_after=at).enqueue()

    transaction.on_commit(enqueue)


# Dispatching and delivering (in the task worker) -----------------------------


@task
def dispatch_events() -> int:
    """Turn every due event into deliveries; returns how many were made."""
    from articles.delivery.documents import absolute_urls, build_documents

    now = timezone.now()
    with transaction.atomic():
        events = ArticleEvent.objects.filter(due_at__lte=now).order_by("due_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            events = events.select_for_update(skip_locked=True)
        events = list(events[:1000])
        if not events:
            return 0
        public = set(
            Article.objects.published()
            .filter(pk__in=[event.article_id for event in events])
            .values_list("pk", flat=True)
        )
        documents = build_documents(public)
        endpoints = list(WebhookEndpoint.objects.filter(is_active=True))
        deliveries = []
        for event in events:
            if event.kind in (Event.PUBLISHED, Event.UPDATED):
                if event.article_id not in public:
                    continue  # hidden again since; its own event says so
                document = orjson.Fragment(
                    absolute_urls(
                        documents[event.article_id].json, settings.CMS_SITE_URL
                    )
                )
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
                        "url": settings.CMS_SITE_URL.rstrip("/")
                        + reverse("api:article-detail", kwargs={"slug": event.slug}),
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


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: base, 2x, 4x ... capped at six hours."""
    seconds = settings.CMS_WEBHOOK_RETRY_BASE * 2 ** (attempts - 1)
    return timedelta(seconds=min(seconds, 6 * 3600))


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
        with opener.open(request, timeout=settings.CMS_WEBHOOK_TIMEOUT) as response:
            delivery.response_status = response.status
            delivery.response_excerpt = _excerpt(response.read(2048))
    except urllib.error.HTTPError as error:
        delivery.response_status = error.code
        delivery.response_excerpt = _excerpt(error.read(2048))
        delivery.error = f"HTTP {error.code}"
    except (OSError, ValueError) as error:  # refused, timed out, bad URL
        delivery.response_status = None
        delivery.response_excerpt = ""
        reason = getattr(error, "reason", error)
        delivery.error = str(reason) or type(reason).__name__

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


def _excerpt(raw: bytes) -> str:
    return raw[:500].decode("utf-8", "replace")
