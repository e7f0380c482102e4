"""Related stories an editor chose for a story, in order. The public sees
them (and the stories that top them up from shared tags and the section)
only while `Article.objects.published()` admits them: see
`articles.delivery.related`."""

from __future__ import annotations

from django.db import models


class RelatedStory(models.Model):
    """One story an editor put under another's "related", at a position."""

    source = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="related_links"
    )
    target = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="related_from",
        verbose_name="related story",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "related story"
        verbose_name_plural = "related stories"
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target"], name="related_story_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")),
                name="related_story_not_itself",
            ),
        ]

    def __str__(self) -> str:
        # The admin's inline loads the story with the row (select_related).
        return f"Related: {self.target.headline}"
