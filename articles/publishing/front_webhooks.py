"""Webhooks for fronts: `collection.updated` when the version of a front
readers see changes, beside the stories' `article.*` events
(articles.publishing.webhooks: same endpoints, signatures, retries).

Recorded in the transaction of the change (`record`, called by
`articles.publishing.fronts.front_changed`), as an outbox row:

- an edit of the version shown now (its fields or slots), a new version
  live at once, or the deletion of the version shown: due now; several in
  one go before the worker runs make one event;
- a version scheduled for later: due at its `live_from`, when it takes
  over with nobody saving anything, as scheduled stories' events and CDN
  purges are. Saved again or deleted before then, its earlier row goes;
  when due it is sent only if that version is the one shown (another may
  have overtaken it);
- an edit of a version that is not shown (an older one) sends nothing.

A story's own change is its `article.*` event; the fronts showing it show
the change at once, with no `collection.updated`."""

from __future__ import annotations

import uuid

import orjson
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from articles.models import (
    Collection,
    CollectionEvent,
    WebhookDelivery,
    WebhookEndpoint,
)
from articles.models.webhooks import Event
from articles.publishing.outbox import after_commit_once, claim_due

EVENT = Event.COLLECTION_UPDATED


def subscribers() -> list[WebhookEndpoint]:
    return [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if EVENT in endpoint.events
    ]


def record(collection: Collection, *, deleted: bool = False) -> None:
    """The event a change to this version of a front makes, if any."""
    if not WebhookEndpoint.objects.filter(is_active=True).exists():
        return
    now = timezone.now()
    if collection.pk is not None:  # saved again or deleted: a new plan
        CollectionEvent.objects.filter(
            version_id=collection.pk, due_at__gt=now
        ).delete()
    if collection.live_from > now:
        if not deleted:
            CollectionEvent.objects.create(
                slug=collection.slug,
                occurred_at=now,
                due_at=collection.live_from,
                version_id=collection.pk,
            )
            _dispatch_after_commit(at=collection.live_from)
        return
    if not _was_or_is_shown(collection, now, deleted):
        return
    waiting = CollectionEvent.objects.filter(
        slug=collection.slug, due_at__lte=now, version_id=None
    )
    if not waiting.exists():
        CollectionEvent.objects.create(
            slug=collection.slug, occurred_at=now, due_at=now
        )
    _dispatch_after_commit()


def _was_or_is_shown(collection: Collection, now, deleted: bool) -> bool:
    """Whether this version is the one shown (or was, until deleted)."""
    shown = (
        Collection.objects.filter(slug=collection.slug, live_from__lte=now)
        .order_by("-live_from", "-pk")
        .values_list("pk", "live_from")
        .first()
    )
    if not deleted:
        return shown is not None and shown[0] == collection.pk
    # The deleted row is gone: it was shown if nothing left comes after it.
    return shown is None or (collection.live_from, collection.pk) > (
        shown[1],
        shown[0],
    )


def _dispatch_after_commit(at=None) -> None:
    after_commit_once(
        ("front-webhooks", at),
        lambda: dispatch_front_events.using(run_after=at).enqueue(),
    )


@task
def dispatch_front_events() -> int:
    """Turn due front events into deliveries; returns how many were made."""
    from articles.publishing.webhooks import deliver_webhook

    now = timezone.now()
    with transaction.atomic():
        events = claim_due(
            CollectionEvent.objects.filter(due_at__lte=now).order_by("due_at", "pk"),
            1000,
        )
        if not events:
            return 0
        shown = {
            front.slug: front
            for front in Collection.objects.live().filter(
                slug__in={event.slug for event in events}
            )
        }
        endpoints = subscribers()
        deliveries = []
        for event in events:
            front = shown.get(event.slug)
            if event.version_id is not None and (
                front is None or front.pk != event.version_id
            ):
                continue  # overtaken or deleted before its time
            event_id = uuid.uuid4()
            body = orjson.dumps(
                {
                    "id": str(event_id),
                    "event": EVENT,
                    "occurred_at": event.due_at,
                    "collection": payload(event.slug, front),
                }
            ).decode()
            deliveries += [
                WebhookDelivery(
                    endpoint=endpoint,
                    event_id=event_id,
                    event=EVENT,
                    article_id=None,
                    slug=event.slug,
                    body=body,
                )
                for endpoint in endpoints
            ]
        WebhookDelivery.objects.bulk_create(deliveries)
        CollectionEvent.objects.filter(pk__in=[event.pk for event in events]).delete()
        for delivery in deliveries:
            deliver_webhook.enqueue(delivery.pk)
    return len(deliveries)


def payload(slug: str, front: Collection | None) -> dict:
    """What a receiver needs to fetch the front again: its address, and the
    version shown (None when no version of it is live any more)."""
    site = settings.CMS_SITE_URL.rstrip("/")
    return {
        "slug": slug,
        "url": f"{site}/api/v1/collections/{slug}/",
        "name": front.name if front else None,
        "live_from": front.live_from if front else None,
        "revision": front.revision if front else None,
    }
