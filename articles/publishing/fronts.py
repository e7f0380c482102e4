"""What follows a change to a front (a collection or one of its slots), in
the transaction that made it: the content version moves (cached responses
are made afresh) and the CDN drops the responses tagged with the front.

A story's own changes need nothing here: every front response carries the
`articles` tag and is cached under the content version, and the one
transition (`story_changed`) purges that tag and moves the version for every
public story's change, so a story leaving or changing on a front reaches
every front at once. A version scheduled for later takes over at its time
with nobody saving: the version and the purge are recorded for that moment,
as for a scheduled story; so is the webhook event `collection.updated`
(articles.publishing.front_webhooks)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from articles.delivery import cache_tags
from articles.models import Article, Collection, ContentVersion, Slot
from articles.publishing import cdn_purge, front_webhooks


def front_tags(slug: str) -> list[str]:
    return [cache_tags.collection(slug), cache_tags.COLLECTIONS]


def front_changed(collection: Collection, *, deleted: bool = False) -> None:
    front_webhooks.record(collection, deleted=deleted)
    now = timezone.now()
    later = collection.live_from if collection.live_from > now else None
    ContentVersion.changed(recompute=later is not None)
    if later is not None:
        from articles.publishing.receivers import count_timed_change_at

        count_timed_change_at(later)
    if cdn_purge.enabled():
        cdn_purge.record(front_tags(collection.slug))
        if later is not None:
            cdn_purge.record(front_tags(collection.slug), due_at=later)


@receiver(pre_save, sender=Collection, dispatch_uid="front-revision")
def keep_revisions_moving(sender, instance: Collection, raw: bool, **kwargs) -> None:
    # A revert (django-reversion) saves the old row raw, old revision number
    # included; the number only moves forward, so a copy opened before the
    # revert is still refused.
    if raw and instance.pk:
        stored = Collection.objects.filter(pk=instance.pk).values("revision").first()
        instance.revision = (stored["revision"] if stored else 0) + 1


@receiver([post_save, post_delete], sender=Collection, dispatch_uid="front-saved")
def collection_changed(sender, instance: Collection, signal, **kwargs) -> None:
    front_changed(instance, deleted=signal is post_delete)


@receiver([post_save, post_delete], sender=Slot, dispatch_uid="front-slot-saved")
def slot_changed(sender, instance: Slot, **kwargs) -> None:
    if isinstance(kwargs.get("origin"), Collection | Article):
        # Deleted with its front or its story, whose own announcement
        # covers what readers see (every front response carries `articles`).
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is not None:
        front_changed(collection)
