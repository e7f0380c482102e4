"""The way back from a story to the wire items it came from: its own item
in the wire queue, and the other agencies' items merged into it. Shown on
the story's page to those who may see the queue (editors); the item's page
links to the story (articles/admin/wire_queue.py)."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from articles.models import Article, WireItem


def wire_items_of(article: Article) -> list[WireItem]:
    """The story's wire item and those merged into it, earliest first (one
    query)."""
    return list(
        WireItem.objects.filter(Q(article=article) | Q(merged_into=article))
        .select_related("article")
        .order_by("received_at", "pk")
    )


class WireLinksAdmin:
    """The story admin's part: `wire_items` in the change form's context,
    read by admin/articles/article/wire_links.html."""

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["wire_items"] = self.wire_items(request, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def wire_items(self, request: HttpRequest, article: Article | None) -> list:
        if article is None or article.pk is None:
            return []
        # Writers cannot open the queue: no link that would answer 403.
        if not request.user.has_perm("articles.view_wireitem"):
            return []
        return wire_items_of(article)
