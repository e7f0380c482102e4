from __future__ import annotations

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models


class Event(models.TextChoices):
    PUBLISHED = "article.published", "Published"
    UPDATED = "article.updated", "Updated"
    UNPUBLISHED = "article.unpublished", "Unpublished"
    DELETED = "article.deleted", "Deleted"
    # A front's shown version changed (articles.publishing.front_webhooks).
    COLLECTION_UPDATED = "collection.updated", "Front updated"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def all_events() -> list[str]:
    return list(Event.values)


class WebhookEndpoint(models.Model):
    """A URL that hears about public stories: published, updated, unpublished
    or deleted. Each event is POSTed as JSON, signed with this endpoint's
    secret (see `articles.publishing.webhooks`)."""

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=500, help_text="Receives a POST per event.")
    secret = models.CharField(
        max_length=100,
        default=new_secret,
        help_text="The receiver checks X-Webhook-Signature, the HMAC-SHA256 of "
        "the body with this secret. Generated; change it to rotate.",
    )
    events = models.JSONField(default=all_events, help_text="Events to send.")
    is_active = models.BooleanField("active", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from articles.publishing.outbound import UnsafeDestination, check_url

        try:
            check_url(self.url)
        except UnsafeDestination as error:
            raise ValidationError({"url": f"Not a public address: {error}."}) from None
        unknown = set(self.events or []) - set(Event.values)
        if unknown:
            raise ValidationError({"events": f"Unknown events: {sorted(unknown)}"})
        if not self.events:
            raise ValidationError({"events": "Choose at least one event."})


class ArticleEvent(models.Model):
    """Outbox: a change to a public story, written in the transaction that
    made it (so a rolled-back change leaves none) and turned into deliveries
    by the task worker after the commit. Rows left by a crash between commit
    and enqueue are picked up by the next dispatch, so nothing is lost."""

    # Not a foreign key: a deleted story still has its event.
    article_id = models.BigIntegerField(db_index=True)
    slug = models.SlugField(max_length=255)
    kind = models.CharField(max_length=30, choices=Event)
    occurred_at = models.DateTimeField()
    # A scheduled story's publication takes effect at its time, not on save.
    due_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.slug}"


class WebhookDelivery(models.Model):
    """One event for one endpoint: the exact body sent (retries send the same
    bytes and signature) and how the last attempt went."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    event = models.CharField(max_length=30, choices=Event)
    # None for a front's event (its slug says which front).
    article_id = models.BigIntegerField(null=True, blank=True)
    slug = models.SlugField(max_length=255)
    body = models.TextField()
    status = models.CharField(
        max_length=20, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(default=0)
    response_status = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} {self.slug} to {self.endpoint}"
