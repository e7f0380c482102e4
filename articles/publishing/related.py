"""An editor's choice of related stories is part of what the story's
document shows: a change moves its `updated_at` (so its document is made
again with the new choices) and is an update of the story when public,
like a change to its credits (articles.publishing.receivers)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, RelatedStory


@receiver([post_save, post_delete], sender=RelatedStory)
def related_story_changed(sender, instance: RelatedStory, **kwargs) -> None:
    from articles.publishing.receivers import touch_articles

    if isinstance(kwargs.get("origin"), Article):
        # Deleted with a story: its own transition says so, and a story
        # that is gone is absent from `related` by the public rule anyway.
        return
    touch_articles(Article.objects.filter(pk=instance.source_id))
