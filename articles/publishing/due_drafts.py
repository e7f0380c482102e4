"""Drafts published at a chosen time ("Publish changes at…"): the
publishing side (the drafts themselves: articles.models.due_drafts). A
draft saved with a time makes that time the content version's next timed
change, if sooner, in the same transaction
(one UPDATE; the number does not move: nothing public changed), and queues
a task for that time so that a draft nobody reads is still published, and
its webhooks sent, on time."""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.tasks import task

from articles.models import ArticleDraft, ContentVersion
from articles.models.content_version import sooner
from articles.models.due_drafts import carry_out_due_changes
from articles.publishing.outbox import after_commit_once


@task
def publish_due_drafts() -> list[int]:
    """Queued for a draft's time: publishes it if no reader came first."""
    return carry_out_due_changes()


@receiver(post_save, sender=ArticleDraft, dispatch_uid="due-drafts")
def draft_scheduled(sender, instance: ArticleDraft, raw: bool, **kwargs) -> None:
    moment = instance.publish_at
    if raw or moment is None:
        return
    ContentVersion.objects.filter(pk=1).update(
        next_change_at=sooner(F("next_change_at"), Value(moment))
    )
    after_commit_once(
        ("due-drafts", moment),
        lambda: publish_due_drafts.using(run_after=moment).enqueue(),
    )
