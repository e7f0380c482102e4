"""Outbox rows for webhooks about fronts (`collection.updated`), beside
`ArticleEvent`: a change to the version of a front readers see, written in
the transaction that made it, or due at the moment a scheduled version takes
over (nobody saves anything then)."""

from __future__ import annotations

from django.db import models


class CollectionEvent(models.Model):
    slug = models.SlugField(max_length=100)
    occurred_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    # A scheduled version's takeover: sent only if that version is the one
    # shown when due (it may have been deleted or overtaken since).
    version_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return f"collection.updated {self.slug}"
