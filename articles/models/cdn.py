from __future__ import annotations

from django.db import models


class PendingPurge(models.Model):
    """Outbox of CDN purges: cache tags to purge, written in the transaction
    of the change (a rolled-back change purges nothing) and drained by the
    task worker after the commit, many changes to one purge request. A
    scheduled story's row is due at its time; rows left by a crash between
    commit and enqueue go with the next drain."""

    # Set for a story's own rows, so a rescheduled story's purge moves with it.
    article_id = models.BigIntegerField(null=True, db_index=True)
    tags = models.TextField(help_text="Space-separated cache tags.")
    due_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["due_at", "pk"]

    def __str__(self) -> str:
        return self.tags
