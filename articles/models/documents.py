from __future__ import annotations

import orjson
from django.db import models


class ArticleDocument(models.Model):
    """An article's delivery document (what the API serves for it), rendered
    once when the story changes instead of on every request.

    A document is current while `article_updated_at` equals the article's
    `updated_at` (which moves with anything the document contains, see
    `articles.publishing.receivers`) and `version` equals `articles.delivery.documents.VERSION`
    (the serializer and rendition settings it was made with). Anything else is
    rebuilt on the spot, so a stale document is never served."""

    article = models.OneToOneField(
        "articles.Article",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="document",
    )
    # JSON text rather than a JSONField: PostgreSQL's jsonb would reorder the
    # keys, and frontends read documents in the order the API documents them.
    json = models.TextField()
    article_updated_at = models.DateTimeField()
    version = models.CharField(max_length=32)
    # The first moment a photo in it stops being showable (rights expiry):
    # from then the document is stale and is made again without that photo.
    expires_at = models.DateTimeField(null=True, blank=True)
    built_at = models.DateTimeField(auto_now=True)
    # The stories that may show as `related` (chosen, then the top-up), ids
    # comma-separated in order; served only while public (articles.delivery.
    # related). Text, not JSON: the compiled serving queries convert nothing.
    related_ids = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = "delivery document"

    def __str__(self) -> str:
        return f"Document of article #{self.article_id}"

    @property
    def data(self) -> dict:
        return orjson.loads(self.json)
