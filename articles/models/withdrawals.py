from __future__ import annotations

from django.db import models


class Withdrawal(models.Model):
    """A public story that stopped being public: unpublished, archived or
    deleted. Syncing clients ask for these alongside `updated_since`, since a
    story that is gone cannot appear in the article list to say so. Only
    stories that readers could see are recorded: a withdrawn draft or a
    scheduled story says nothing about itself."""

    class Reason(models.TextChoices):
        UNPUBLISHED = "unpublished", "Unpublished"
        ARCHIVED = "archived", "Archived"
        DELETED = "deleted", "Deleted"

    # Not a foreign key: the article may be gone.
    article_id = models.BigIntegerField(db_index=True)
    slug = models.SlugField(max_length=255)
    reason = models.CharField(max_length=20, choices=Reason)
    withdrawn_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["withdrawn_at", "pk"]

    def __str__(self) -> str:
        return f"{self.slug} ({self.reason})"
