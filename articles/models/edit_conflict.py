from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from articles.models.articles import Article


class EditConflict(Exception):
    """Someone else saved the story after this copy of it was loaded."""

    def __init__(self, article: Article, saved_by, saved_at):
        self.saved_by, self.saved_at = saved_by, saved_at
        who = saved_by.get_full_name() or saved_by.get_username() if saved_by else None
        when = timezone.localtime(saved_at).strftime("%Y-%m-%d %H:%M:%S %Z")
        super().__init__(
            f"{who or 'Someone'} saved “{article.headline}” at {when}, after "
            "this copy was opened. Nothing was overwritten."
        )
